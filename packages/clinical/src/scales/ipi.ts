import {
  checkIntegerIn,
  checkNonNegative,
  checkPositive,
  type MaybeNumber,
  missingFields,
  missingReason,
} from "./inputs.js";

/**
 * International Prognostic Index and age-adjusted IPI.
 * Source: International Non-Hodgkin's Lymphoma Prognostic Factors Project, NEJM 1993;329:987
 * (clinical-reference.md §B.5). Every item is a strict inequality: age exactly 60, LDH equal to the
 * upper limit of normal, or exactly one extranodal site scores 0.
 */

export interface IpiInput {
  ageYears?: MaybeNumber;
  /** Ann Arbor stage 1–4. */
  annArborStage?: MaybeNumber;
  ldhUPerL?: MaybeNumber;
  /** The measuring centre's LDH upper limit of normal: IPI compares LDH with its own method's ULN. */
  ldhUlnUPerL?: MaybeNumber;
  ecogPs?: MaybeNumber;
  extranodalSitesCount?: MaybeNumber;
}

export type IpiGroup = "low" | "low_intermediate" | "high_intermediate" | "high";

export interface IpiItems {
  ageOver60: 0 | 1;
  stageIIIorIV: 0 | 1;
  ldhAboveUln: 0 | 1;
  ecogAtLeast2: 0 | 1;
  extranodalSitesOver1: 0 | 1;
}

export interface IpiResult {
  /** IPI points 0–5, null when an input is missing. */
  value: number | null;
  group: IpiGroup | null;
  items: IpiItems | null;
  reason: string;
}

export type AaIpiItems = Omit<IpiItems, "ageOver60" | "extranodalSitesOver1">;

export interface AaIpiResult {
  /** aaIPI points 0–3, null when an input is missing. */
  value: number | null;
  group: IpiGroup | null;
  items: AaIpiItems | null;
  /**
   * aaIPI was defined for patients aged ≤ 60; second-line trials (ZUMA-7, TRANSFORM) compute it at
   * relapse for any age, so it is computed regardless and this flag says when that happened
   * (null when age is unknown).
   */
  ageAbove60: boolean | null;
  reason: string;
}

const ITEM_LABELS: Record<keyof IpiItems, string> = {
  ageOver60: "age > 60",
  stageIIIorIV: "stage III–IV",
  ldhAboveUln: "LDH > ULN",
  ecogAtLeast2: "ECOG ≥ 2",
  extranodalSitesOver1: "> 1 extranodal site",
};

const IPI_GROUPS: readonly IpiGroup[] = [
  "low",
  "low",
  "low_intermediate",
  "high_intermediate",
  "high",
  "high",
];
const AAIPI_GROUPS: readonly IpiGroup[] = ["low", "low_intermediate", "high_intermediate", "high"];

function checkIpiInput(input: IpiInput): void {
  checkNonNegative("ageYears", input.ageYears);
  checkIntegerIn("annArborStage", input.annArborStage, 1, 4);
  checkNonNegative("ldhUPerL", input.ldhUPerL);
  checkPositive("ldhUlnUPerL", input.ldhUlnUPerL);
  checkIntegerIn("ecogPs", input.ecogPs, 0, 4);
  checkIntegerIn("extranodalSitesCount", input.extranodalSitesCount, 0, Number.MAX_SAFE_INTEGER);
}

function point(condition: boolean): 0 | 1 {
  return condition ? 1 : 0;
}

function describe(scale: string, value: number, group: IpiGroup, items: Partial<IpiItems>): string {
  const scored = (Object.keys(items) as (keyof IpiItems)[])
    .filter((key) => items[key] === 1)
    .map((key) => ITEM_LABELS[key]);
  return `${scale} ${value} (${group}): ${scored.length > 0 ? scored.join(", ") : "no adverse factor"}`;
}

export function ipi(input: IpiInput): IpiResult {
  checkIpiInput(input);
  const missing = missingFields({
    ageYears: input.ageYears,
    annArborStage: input.annArborStage,
    ldhUPerL: input.ldhUPerL,
    ldhUlnUPerL: input.ldhUlnUPerL,
    ecogPs: input.ecogPs,
    extranodalSitesCount: input.extranodalSitesCount,
  });
  if (missing.length > 0)
    return { value: null, group: null, items: null, reason: missingReason("IPI", missing) };
  const items: IpiItems = {
    ageOver60: point(input.ageYears! > 60),
    stageIIIorIV: point(input.annArborStage! >= 3),
    ldhAboveUln: point(input.ldhUPerL! > input.ldhUlnUPerL!),
    ecogAtLeast2: point(input.ecogPs! >= 2),
    extranodalSitesOver1: point(input.extranodalSitesCount! > 1),
  };
  const value =
    items.ageOver60 +
    items.stageIIIorIV +
    items.ldhAboveUln +
    items.ecogAtLeast2 +
    items.extranodalSitesOver1;
  const group = IPI_GROUPS[value]!;
  return { value, group, items, reason: describe("IPI", value, group, items) };
}

/** Age-adjusted IPI (stage, LDH, ECOG), computed for any age; see `ageAbove60`. */
export function aaIpi(input: IpiInput): AaIpiResult {
  checkIpiInput(input);
  const ageAbove60 = input.ageYears === null || input.ageYears === undefined ? null : input.ageYears > 60;
  const missing = missingFields({
    annArborStage: input.annArborStage,
    ldhUPerL: input.ldhUPerL,
    ldhUlnUPerL: input.ldhUlnUPerL,
    ecogPs: input.ecogPs,
  });
  if (missing.length > 0) {
    return { value: null, group: null, items: null, ageAbove60, reason: missingReason("aaIPI", missing) };
  }
  const items: AaIpiItems = {
    stageIIIorIV: point(input.annArborStage! >= 3),
    ldhAboveUln: point(input.ldhUPerL! > input.ldhUlnUPerL!),
    ecogAtLeast2: point(input.ecogPs! >= 2),
  };
  const value = items.stageIIIorIV + items.ldhAboveUln + items.ecogAtLeast2;
  const group = AAIPI_GROUPS[value]!;
  let reason = describe("aaIPI", value, group, items);
  if (ageAbove60) reason += "; age > 60, computed as second-line aaIPI outside its original age range";
  return { value, group, items, ageAbove60, reason };
}
