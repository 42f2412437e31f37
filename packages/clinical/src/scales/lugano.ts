import {
  checkCode,
  checkIntegerIn,
  checkNonNegative,
  checkPositive,
  contradiction,
  isMissing,
  type MaybeBoolean,
  type MaybeNumber,
  missingFields,
  ScaleInputError,
} from "./inputs.js";
import { type Dimension, irrelevantNote, known, open, settle, unsettledReason } from "./unknowns.js";

/**
 * Lugano 2014 response assessment with the Deauville five-point scale.
 * Source: Cheson BD et al. J Clin Oncol 2014;32:3059 (clinical-reference.md §B.4).
 * With PET-CT the metabolic response is primary; the CT-based response serves non-avid disease and the
 * single-lesion PPD rule defines nodal progression on CT.
 */

export const UPTAKE_CHANGES = ["reduced", "no_significant_change", "increased"] as const;
export type UptakeChange = (typeof UPTAKE_CHANGES)[number];

export const BONE_MARROW_PET_FINDINGS = [
  "no_fdg_avid_disease",
  "residual_uptake_reduced_vs_baseline",
  "new_or_recurrent_fdg_avid_foci",
] as const;
export type BoneMarrowPet = (typeof BONE_MARROW_PET_FINDINGS)[number];

export type MetabolicResponse = "CMR" | "PMR" | "NMR" | "PMD";
export type CtResponse = "CR" | "PR" | "SD" | "PD";

function finding(value: MaybeBoolean, field: string): Dimension<boolean> {
  if (value === undefined) return known(false);
  if (value === null) return open([false, true], [field]);
  return known(value);
}

/** Relative tolerance for comparing differences and products of decimal measurements (1.7 − 1.2 ≠ 0.5 in binary). */
const TOLERANCE = 1e-9;
function atLeast(value: number, threshold: number): boolean {
  return value >= threshold - TOLERANCE * Math.max(1, Math.abs(threshold));
}

// ---------------------------------------------------------------- PET-CT (metabolic) response

export interface LuganoPetInput {
  /** Highest Deauville score (1–5) at the sites of initial disease. */
  highestDeauville?: MaybeNumber;
  uptakeChangeVsBaseline?: UptakeChange | null;
  newFdgAvidFociConsistentWithLymphoma?: MaybeBoolean;
  /** New uptake scored X (judged unlikely to be lymphoma): recorded, never a new lesion. */
  newUptakeScoredXUnlikelyLymphoma?: MaybeBoolean;
  boneMarrowPet?: BoneMarrowPet | null;
  /** A residual mass on CT does not change the metabolic category (CMR and PMR allow one). */
  residualMassOnCt?: MaybeBoolean;
}

export interface LuganoPetResult {
  value: MetabolicResponse | null;
  reason: string;
}

interface PetDimensions extends Record<string, unknown> {
  deauville: number;
  uptake: UptakeChange;
  newFoci: boolean;
  marrow: BoneMarrowPet;
}

/**
 * §B.4, evaluated in the published order: PMD, then CMR, then PMR, then NMR.
 * - PMD: Deauville 4–5 with increased uptake, or new FDG-avid foci consistent with lymphoma, or new or
 *   recurrent FDG-avid marrow foci.
 * - CMR: Deauville 1–3 (residual mass allowed), no new lesions, no FDG-avid marrow disease.
 * - PMR: Deauville 4–5 with reduced uptake; or Deauville 1–3 with marrow uptake still above normal
 *   marrow but reduced vs baseline.
 * - NMR: Deauville 4–5 without significant change, no new lesions.
 */
function metabolicResponse(d: PetDimensions): MetabolicResponse {
  const high = d.deauville >= 4;
  if ((high && d.uptake === "increased") || d.newFoci || d.marrow === "new_or_recurrent_fdg_avid_foci")
    return "PMD";
  if (!high && d.marrow === "no_fdg_avid_disease") return "CMR";
  if ((high && d.uptake === "reduced") || (!high && d.marrow === "residual_uptake_reduced_vs_baseline"))
    return "PMR";
  return "NMR";
}

export function luganoPet(input: LuganoPetInput): LuganoPetResult {
  checkIntegerIn("highestDeauville", input.highestDeauville, 1, 5);
  checkCode("uptakeChangeVsBaseline", input.uptakeChangeVsBaseline, UPTAKE_CHANGES);
  checkCode("boneMarrowPet", input.boneMarrowPet, BONE_MARROW_PET_FINDINGS);
  const dims = {
    deauville: isMissing(input.highestDeauville)
      ? open([1, 2, 3, 4, 5], ["highestDeauville"])
      : known(input.highestDeauville),
    uptake: isMissing(input.uptakeChangeVsBaseline)
      ? open(["reduced", "no_significant_change", "increased"] as UptakeChange[], ["uptakeChangeVsBaseline"])
      : known(input.uptakeChangeVsBaseline),
    newFoci: finding(input.newFdgAvidFociConsistentWithLymphoma, "newFdgAvidFociConsistentWithLymphoma"),
    marrow: isMissing(input.boneMarrowPet)
      ? open([...BONE_MARROW_PET_FINDINGS], ["boneMarrowPet"])
      : known(input.boneMarrowPet),
  };
  const outcome = settle<PetDimensions, MetabolicResponse>(dims, metabolicResponse, (r) => r);
  if (!outcome.settled) {
    return {
      value: null,
      reason: unsettledReason("Lugano metabolic response", outcome.needed, outcome.outcomes),
    };
  }
  const value = outcome.result;
  const isKnown = (name: keyof typeof dims): boolean => dims[name].values.length === 1;
  const deauville = isKnown("deauville") ? `Deauville ${input.highestDeauville}` : null;
  const criteria: string[] = [];
  if (value === "PMD") {
    if (deauville && input.highestDeauville! >= 4 && input.uptakeChangeVsBaseline === "increased") {
      criteria.push(`${deauville} with increased uptake vs baseline`);
    }
    if (input.newFdgAvidFociConsistentWithLymphoma === true)
      criteria.push("new FDG-avid foci consistent with lymphoma");
    if (input.boneMarrowPet === "new_or_recurrent_fdg_avid_foci")
      criteria.push("new or recurrent FDG-avid marrow foci");
  } else if (value === "CMR") {
    criteria.push(
      `${deauville} at the sites of initial disease (1–3)`,
      "no new lesions",
      "no FDG-avid marrow disease",
    );
    if (input.residualMassOnCt === true) criteria.push("residual mass on CT allowed");
  } else if (value === "PMR") {
    if (input.highestDeauville! >= 4) {
      criteria.push(
        `${deauville} with uptake reduced vs baseline (residual mass of any size); at an end-of-treatment time point such as day 90 this is residual disease`,
      );
    } else {
      criteria.push(`${deauville} with marrow uptake above normal marrow but reduced vs baseline`);
    }
  } else {
    criteria.push(`${deauville} without significant change in uptake vs baseline`, "no new lesions");
  }
  if (input.newUptakeScoredXUnlikelyLymphoma === true) {
    criteria.push("new uptake scored X (unlikely lymphoma) is not counted as a new lesion");
  }
  return { value, reason: `${value}: ${criteria.join(", ")}${irrelevantNote(outcome.irrelevant)}` };
}

// ---------------------------------------------------------------- CT-based response

export interface LuganoCtInput {
  /** Sum of the products of the diameters of up to 6 target lesions at baseline, mm². */
  spdBaselineMm2?: MaybeNumber;
  spdCurrentMm2?: MaybeNumber;
  /** Every target node has regressed to LDi ≤ 15 mm (the CR node criterion). */
  allTargetNodesLdiLe15Mm?: MaybeBoolean;
  newLesions?: MaybeBoolean;
  /** Longest diameter of the largest new node, cm; only meaningful when there are new lesions. */
  newNodeLongestDiameterCm?: MaybeNumber;
  anySingleLesionMeetsPpdProgression?: MaybeBoolean;
  spleenProgression?: MaybeBoolean;
  marrowNewInvolvement?: MaybeBoolean;
}

export interface LuganoCtResult {
  value: CtResponse | null;
  /** SPD change from baseline in percent (negative = decrease); null without both SPDs. */
  spdChangePercent: number | null;
  reason: string;
}

type NewLesion = "none" | "not_over_1_5_cm" | "over_1_5_cm";

interface CtDimensions extends Record<string, unknown> {
  ppd: boolean;
  newLesion: NewLesion;
  spleen: boolean;
  marrow: boolean;
  allNodes: boolean;
  spdHalved: boolean;
}

/** New node > 1.5 cm in any axis is progression (Cheson 2014). */
const NEW_NODE_PROGRESSION_CM = 1.5;

function newLesionDimension(input: LuganoCtInput): Dimension<NewLesion> {
  const d = input.newNodeLongestDiameterCm;
  const sized: NewLesion[] = isMissing(d)
    ? ["not_over_1_5_cm", "over_1_5_cm"]
    : [d > NEW_NODE_PROGRESSION_CM ? "over_1_5_cm" : "not_over_1_5_cm"];
  const sizeFields = isMissing(d) ? ["newNodeLongestDiameterCm"] : [];
  if (input.newLesions === true) return open(sized, sizeFields);
  if (input.newLesions === null) return open(["none", ...sized], ["newLesions", ...sizeFields]);
  return known("none");
}

function ctResponse(d: CtDimensions): CtResponse {
  if (d.ppd || d.newLesion === "over_1_5_cm" || d.spleen || d.marrow) return "PD";
  if (d.allNodes && d.newLesion === "none") return "CR";
  return d.spdHalved ? "PR" : "SD";
}

export function luganoCt(input: LuganoCtInput): LuganoCtResult {
  checkPositive("spdBaselineMm2", input.spdBaselineMm2);
  checkNonNegative("spdCurrentMm2", input.spdCurrentMm2);
  checkNonNegative("newNodeLongestDiameterCm", input.newNodeLongestDiameterCm);
  if (
    !isMissing(input.newNodeLongestDiameterCm) &&
    (input.newLesions === false || input.newLesions === undefined)
  ) {
    throw contradiction("newNodeLongestDiameterCm", "is given but newLesions is not true");
  }
  const base = input.spdBaselineMm2;
  const current = input.spdCurrentMm2;
  const spdKnown = !isMissing(base) && !isMissing(current);
  // A decrease of at least 50 % is current ≤ baseline / 2; doubling is exact in binary.
  const spdChangePercent = spdKnown ? ((current - base) * 100) / base : null;
  const dims = {
    ppd: finding(input.anySingleLesionMeetsPpdProgression, "anySingleLesionMeetsPpdProgression"),
    newLesion: newLesionDimension(input),
    spleen: finding(input.spleenProgression, "spleenProgression"),
    marrow: finding(input.marrowNewInvolvement, "marrowNewInvolvement"),
    allNodes: finding(input.allTargetNodesLdiLe15Mm, "allTargetNodesLdiLe15Mm"),
    spdHalved: spdKnown
      ? known(2 * current <= base)
      : open([false, true], missingFields({ spdBaselineMm2: base, spdCurrentMm2: current })),
  };
  const outcome = settle<CtDimensions, CtResponse>(dims, ctResponse, (r) => r);
  if (!outcome.settled) {
    return {
      value: null,
      spdChangePercent,
      reason: unsettledReason("Lugano CT response", outcome.needed, outcome.outcomes),
    };
  }
  const value = outcome.result;
  const spdText = spdChangePercent === null ? null : `SPD ${signed(spdChangePercent)} % from baseline`;
  const criteria: string[] = [];
  if (value === "PD") {
    if (input.anySingleLesionMeetsPpdProgression === true)
      criteria.push("a single lesion meets the PPD progression rule");
    if (
      input.newLesions === true &&
      !isMissing(input.newNodeLongestDiameterCm) &&
      input.newNodeLongestDiameterCm > NEW_NODE_PROGRESSION_CM
    ) {
      criteria.push(`new node ${input.newNodeLongestDiameterCm} cm (> ${NEW_NODE_PROGRESSION_CM} cm)`);
    }
    if (input.spleenProgression === true) criteria.push("splenic progression");
    if (input.marrowNewInvolvement === true) criteria.push("new or recurrent marrow involvement");
  } else if (value === "CR") {
    criteria.push("all target nodes LDi ≤ 1.5 cm", "no new lesions", "no splenic or marrow progression");
  } else {
    criteria.push(
      value === "PR" ? `${spdText} (decrease ≥ 50 %)` : `${spdText} (decrease < 50 %)`,
      "no progression criterion met",
    );
    if (input.newLesions === true) {
      criteria.push(
        `new node ${input.newNodeLongestDiameterCm} cm (≤ ${NEW_NODE_PROGRESSION_CM} cm: not progression, but no CR)`,
      );
    } else if (input.allTargetNodesLdiLe15Mm !== true) {
      criteria.push("not all target nodes ≤ 1.5 cm");
    }
  }
  return {
    value,
    spdChangePercent,
    reason: `${value}: ${criteria.join(", ")}${irrelevantNote(outcome.irrelevant)}`,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A difference of decimal measurements for display, e.g. +0.5 (not 0.49999999999999994). */
function signed(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded >= 0 ? "+" : ""}${rounded}`;
}

// ---------------------------------------------------------------- single-lesion PPD rule

export type LesionSizeClassFrom = "nadir" | "current";

export interface LesionPpdInput {
  nadirLdiCm?: MaybeNumber;
  nadirSdiCm?: MaybeNumber;
  currentLdiCm?: MaybeNumber;
  currentSdiCm?: MaybeNumber;
}

export interface LesionPpdOptions {
  /**
   * Which LDi decides "lesions ≤ 2 cm" (needing a 0.5 cm increase) vs "> 2 cm" (1.0 cm). Cheson 2014
   * does not say; the default reads it at the nadir, the size from which the increase is measured.
   */
  sizeClassFrom?: LesionSizeClassFrom;
}

export interface LesionPpdResult {
  nadirPpdCm2: number | null;
  currentPpdCm2: number | null;
  /** PPD change from nadir in percent; null when unknown or when the nadir PPD is 0 (resolved lesion). */
  ppdIncreasePercent: number | null;
  meetsProgression: boolean | null;
  /** "PD" when the lesion meets the rule; null otherwise (one lesion cannot establish CR, PR or SD). */
  value: "PD" | null;
  reason: string;
}

/**
 * Nodal progression of one lesion (Cheson 2014): LDi > 1.5 cm, PPD increase ≥ 50 % from its nadir, and an
 * increase in LDi or SDi from nadir of ≥ 0.5 cm for lesions ≤ 2 cm or ≥ 1.0 cm for lesions > 2 cm.
 */
export function luganoLesion(input: LesionPpdInput, options: LesionPpdOptions = {}): LesionPpdResult {
  const sizeClassFrom = options.sizeClassFrom ?? "nadir";
  for (const field of ["nadirLdiCm", "nadirSdiCm", "currentLdiCm", "currentSdiCm"] as const) {
    checkNonNegative(field, input[field]);
  }
  for (const [sdi, ldi] of [
    ["nadirSdiCm", "nadirLdiCm"],
    ["currentSdiCm", "currentLdiCm"],
  ] as const) {
    const s = input[sdi];
    const l = input[ldi];
    if (!isMissing(s) && !isMissing(l) && s > l) {
      throw new ScaleInputError(
        sdi,
        "contradiction",
        `shortest diameter ${s} cm exceeds the longest diameter ${l} cm`,
      );
    }
  }
  const { nadirLdiCm: nl, nadirSdiCm: ns, currentLdiCm: cl, currentSdiCm: cs } = input;
  const nadirPpdCm2 = isMissing(nl) || isMissing(ns) ? null : nl * ns;
  const currentPpdCm2 = isMissing(cl) || isMissing(cs) ? null : cl * cs;
  const ppdIncreasePercent =
    nadirPpdCm2 === null || currentPpdCm2 === null || nadirPpdCm2 === 0
      ? null
      : ((currentPpdCm2 - nadirPpdCm2) * 100) / nadirPpdCm2;
  const empty = { nadirPpdCm2, currentPpdCm2, ppdIncreasePercent, value: null };
  if (!isMissing(cl) && cl <= 1.5) {
    return {
      ...empty,
      meetsProgression: false,
      reason: `does not meet the single-lesion PPD progression rule: current LDi ${cl} cm ≤ 1.5 cm`,
    };
  }
  const missing = missingFields({ nadirLdiCm: nl, nadirSdiCm: ns, currentLdiCm: cl, currentSdiCm: cs });
  if (missing.length > 0) {
    return {
      ...empty,
      meetsProgression: null,
      reason: `single-lesion PPD rule not evaluated: missing ${missing.join(", ")}`,
    };
  }
  const sizeCm = sizeClassFrom === "nadir" ? nl! : cl!;
  const needed = sizeCm <= 2 ? 0.5 : 1.0;
  const ldiIncrease = cl! - nl!;
  const sdiIncrease = cs! - ns!;
  const ppdMet = nadirPpdCm2 === 0 ? currentPpdCm2! > 0 : atLeast(currentPpdCm2!, 1.5 * nadirPpdCm2!);
  const diameterMet = atLeast(ldiIncrease, needed) || atLeast(sdiIncrease, needed);
  const meets = ppdMet && diameterMet;
  const ppdText =
    nadirPpdCm2 === 0
      ? "PPD regrown from a resolved (0 × 0) nadir"
      : `PPD ${round(ppdIncreasePercent!)} % from nadir (${ppdMet ? "≥" : "<"} 50 %)`;
  const diameterText = `LDi ${signed(ldiIncrease)} cm, SDi ${signed(sdiIncrease)} cm from nadir (needs ≥ +${needed} cm for a lesion ${needed === 0.5 ? "≤" : ">"} 2 cm at ${sizeClassFrom})`;
  return {
    ...empty,
    meetsProgression: meets,
    value: meets ? "PD" : null,
    reason: `${meets ? "meets" : "does not meet"} the single-lesion PPD progression rule: LDi ${cl} cm > 1.5 cm, ${ppdText}, ${diameterText}`,
  };
}

// ---------------------------------------------------------------- SPD from target lesions

export type TargetLesionMeasurement =
  | { ldiMm: number; sdiMm: number }
  | "too_small_to_measure"
  | "not_visible";

/** Up to six target lesions (Cheson 2014). */
export const MAX_TARGET_LESIONS = 6;

/**
 * Sum of the products of the perpendicular diameters, mm². A lesion too small to measure counts as
 * 5 × 5 mm and one no longer visible as 0 × 0 mm (Cheson 2014).
 */
export function sumOfProductDiameters(lesions: readonly TargetLesionMeasurement[]): number {
  if (lesions.length > MAX_TARGET_LESIONS) {
    throw new ScaleInputError(
      "lesions",
      "range",
      `at most ${MAX_TARGET_LESIONS} target lesions, got ${lesions.length}`,
    );
  }
  let spd = 0;
  lesions.forEach((lesion, i) => {
    if (lesion === "too_small_to_measure") spd += 25;
    else if (lesion === "not_visible") spd += 0;
    else {
      checkNonNegative(`lesions[${i}].ldiMm`, lesion.ldiMm);
      checkNonNegative(`lesions[${i}].sdiMm`, lesion.sdiMm);
      if (lesion.sdiMm > lesion.ldiMm) {
        throw new ScaleInputError(`lesions[${i}].sdiMm`, "contradiction", "exceeds the longest diameter");
      }
      spd += lesion.ldiMm * lesion.sdiMm;
    }
  });
  return spd;
}
