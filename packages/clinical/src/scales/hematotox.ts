import { checkNonNegative, type MaybeNumber, missingFields, missingReason } from "./inputs.js";

/**
 * CAR-HEMATOTOX score, measured before lymphodepletion.
 * Source: Rejeski K et al. Blood 2021;138:2499 (clinical-reference.md §B.6).
 *
 * | item              | 0      | 1        | 2     |
 * | platelets ×10⁹/L  | > 175  | 75–175   | < 75  |
 * | ANC ×10⁹/L        | > 1.2  | ≤ 1.2    |       |
 * | hemoglobin g/dL   | > 9.0  | ≤ 9.0    |       |
 * | CRP mg/dL         | < 3.0  | ≥ 3.0    |       |
 * | ferritin ng/mL    | < 650  | 650–2000 | > 2000|
 *
 * The paper writes both sides of the boundary between 0 and 1 point as strict inequalities, so a value
 * exactly at 175, 1.2, 9.0, 3.0 or 650 is unassigned there. Project convention (§B.6, §F.1): it scores
 * as adverse (`cutoffAdverse`, default true); false scores it favourable. The 1/2 boundaries
 * (platelets 75, ferritin 2000) belong to the inclusive middle band as the table prints them, whatever
 * the option.
 */

export interface HematotoxInput {
  plateletsE9PerL?: MaybeNumber;
  ancE9PerL?: MaybeNumber;
  hemoglobinGPerDl?: MaybeNumber;
  /** CRP in mg/dL — the score's unit; divide a mg/L value by 10 first. */
  crpMgPerDl?: MaybeNumber;
  ferritinNgPerMl?: MaybeNumber;
}

export interface HematotoxOptions {
  /** A value exactly at a 0/1-point cut-off scores the adverse point (default true). */
  cutoffAdverse?: boolean;
}

export interface HematotoxItems {
  platelets: 0 | 1 | 2;
  anc: 0 | 1;
  hemoglobin: 0 | 1;
  crp: 0 | 1;
  ferritin: 0 | 1 | 2;
}

export type HematotoxRisk = "low" | "high";

export interface HematotoxResult {
  /** Score 0–7, null when an input is missing. */
  value: number | null;
  /** low = 0–1, high ≥ 2. */
  risk: HematotoxRisk | null;
  items: HematotoxItems | null;
  cutoffAdverse: boolean;
  reason: string;
}

export function hematotox(input: HematotoxInput, options: HematotoxOptions = {}): HematotoxResult {
  const cutoffAdverse = options.cutoffAdverse ?? true;
  checkNonNegative("plateletsE9PerL", input.plateletsE9PerL);
  checkNonNegative("ancE9PerL", input.ancE9PerL);
  checkNonNegative("hemoglobinGPerDl", input.hemoglobinGPerDl);
  checkNonNegative("crpMgPerDl", input.crpMgPerDl);
  checkNonNegative("ferritinNgPerMl", input.ferritinNgPerMl);
  const missing = missingFields({
    plateletsE9PerL: input.plateletsE9PerL,
    ancE9PerL: input.ancE9PerL,
    hemoglobinGPerDl: input.hemoglobinGPerDl,
    crpMgPerDl: input.crpMgPerDl,
    ferritinNgPerMl: input.ferritinNgPerMl,
  });
  if (missing.length > 0) {
    return {
      value: null,
      risk: null,
      items: null,
      cutoffAdverse,
      reason: missingReason("CAR-HEMATOTOX", missing),
    };
  }
  const platelets = input.plateletsE9PerL!;
  const anc = input.ancE9PerL!;
  const hemoglobin = input.hemoglobinGPerDl!;
  const crp = input.crpMgPerDl!;
  const ferritin = input.ferritinNgPerMl!;

  // "At or beyond the cut-off" when the cut-off is adverse, "strictly beyond" otherwise.
  const low = (value: number, cutoff: number): boolean => (cutoffAdverse ? value <= cutoff : value < cutoff);
  const high = (value: number, cutoff: number): boolean => (cutoffAdverse ? value >= cutoff : value > cutoff);

  const items: HematotoxItems = {
    platelets: platelets < 75 ? 2 : low(platelets, 175) ? 1 : 0,
    anc: low(anc, 1.2) ? 1 : 0,
    hemoglobin: low(hemoglobin, 9.0) ? 1 : 0,
    crp: high(crp, 3.0) ? 1 : 0,
    ferritin: ferritin > 2000 ? 2 : high(ferritin, 650) ? 1 : 0,
  };
  const value = items.platelets + items.anc + items.hemoglobin + items.crp + items.ferritin;
  const risk: HematotoxRisk = value >= 2 ? "high" : "low";
  const reason =
    `CAR-HEMATOTOX ${value} (${risk}): platelets ${items.platelets}, ANC ${items.anc}, ` +
    `hemoglobin ${items.hemoglobin}, CRP ${items.crp}, ferritin ${items.ferritin}` +
    (cutoffAdverse ? "" : " (values at a cut-off scored favourable)");
  return { value, risk, items, cutoffAdverse, reason };
}
