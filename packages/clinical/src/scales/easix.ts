import { checkNonNegative, type MaybeNumber, missingFields, missingReason } from "./inputs.js";

/**
 * EASIX and modified EASIX (clinical-reference.md §B.7).
 * - EASIX = LDH (U/L) × creatinine (mg/dL) / platelets (×10⁹/L): Luft T et al. Lancet Haematol
 *   2017;4:e414; applied to CAR-T by Korell 2022, Greenbaum 2021, Pennisi 2021.
 * - m-EASIX = LDH (U/L) × CRP (mg/dL) / platelets (×10⁹/L): Pennisi M et al. Blood Adv 2021;5:3397.
 * Both are analysed on the log2 scale because they are skewed and the published effects are per
 * doubling. LDH is absolute, so indices from labs with different LDH methods are not comparable
 * unless LDH is harmonised first (§F.6) — that is the caller's choice and is not done here.
 */

export interface EasixInput {
  ldhUPerL?: MaybeNumber;
  creatinineMgPerDl?: MaybeNumber;
  plateletsE9PerL?: MaybeNumber;
}

export interface MEasixInput {
  ldhUPerL?: MaybeNumber;
  /** CRP in mg/dL (mg/L ÷ 10). */
  crpMgPerDl?: MaybeNumber;
  plateletsE9PerL?: MaybeNumber;
}

export interface EasixResult {
  /** The index, null when an input is missing or platelets are 0. */
  value: number | null;
  /** log2 of the index; null when the index is null or 0 (see `log2Undefined`). */
  log2: number | null;
  /** True when the index is 0 (e.g. CRP 0) so that its logarithm does not exist. */
  log2Undefined: boolean;
  reason: string;
}

function ratioIndex(
  scale: string,
  ldh: MaybeNumber,
  factorName: string,
  factor: MaybeNumber,
  platelets: MaybeNumber,
): EasixResult {
  checkNonNegative("ldhUPerL", ldh);
  checkNonNegative(factorName, factor);
  checkNonNegative("plateletsE9PerL", platelets);
  const missing = missingFields({ ldhUPerL: ldh, [factorName]: factor, plateletsE9PerL: platelets });
  if (missing.length > 0) {
    return { value: null, log2: null, log2Undefined: false, reason: missingReason(scale, missing) };
  }
  if (platelets! <= 0) {
    return {
      value: null,
      log2: null,
      log2Undefined: false,
      reason: `${scale} not computed: plateletsE9PerL is 0 (division by zero)`,
    };
  }
  const value = (ldh! * factor!) / platelets!;
  if (value === 0) {
    return {
      value,
      log2: null,
      log2Undefined: true,
      reason: `${scale} is 0 (${ldh === 0 ? "ldhUPerL" : factorName} is 0): log2 undefined`,
    };
  }
  return { value, log2: Math.log2(value), log2Undefined: false, reason: `${scale} ${value.toPrecision(4)}` };
}

export function easix(input: EasixInput): EasixResult {
  return ratioIndex(
    "EASIX",
    input.ldhUPerL,
    "creatinineMgPerDl",
    input.creatinineMgPerDl,
    input.plateletsE9PerL,
  );
}

export function mEasix(input: MEasixInput): EasixResult {
  return ratioIndex("m-EASIX", input.ldhUPerL, "crpMgPerDl", input.crpMgPerDl, input.plateletsE9PerL);
}
