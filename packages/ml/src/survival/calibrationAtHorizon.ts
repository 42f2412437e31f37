import { kaplanMeier, survivalAt } from "@carta/stats";
import { CALIBRATION_GROUPS, MIN_GROUP_SIZE } from "../validation/calibrationGroups.js";

/**
 * Grouped calibration of predicted risks at a horizon for a censored outcome (Royston & Altman,
 * BMC Med Res Methodol 2013;13:33; Steyerberg, Clinical Prediction Models, 2nd ed., 2019, §15.3):
 * patients ordered by predicted risk 1 − S(τ | x) and cut into deciles of risk by the rule of the
 * binary calibration groups (calibrationGroups.ts: ten groups from 100 patients, otherwise
 * ⌊n/10⌋; ties never split), each with its mean predicted risk and the observed risk by τ,
 * 1 − the group's Kaplan–Meier S(τ), whose interval is the complement of Greenwood's log-scale
 * limits (survfit's defaults). Censoring before τ is handled by the Kaplan–Meier estimate, not by
 * dropping patients.
 */
export interface SurvivalCalibrationGroup {
  /** Lowest and highest predicted risk in the group. */
  lower: number;
  upper: number;
  n: number;
  /** Events by the horizon, and patients still followed at it (0: the estimate is carried forward). */
  eventsByHorizon: number;
  atRiskAtHorizon: number;
  meanPredicted: number;
  observed: number;
  observedLower: number;
  observedUpper: number;
}

export function survivalCalibrationGroups(
  riskAtHorizon: ArrayLike<number>,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  horizon: number,
  confLevel = 0.95,
): SurvivalCalibrationGroup[] {
  const n = riskAtHorizon.length;
  if (time.length !== n || event.length !== n) {
    throw new RangeError(
      `survivalCalibrationGroups: ${n} predictions, ${time.length} times and ${event.length} statuses`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!(riskAtHorizon[i]! >= 0 && riskAtHorizon[i]! <= 1)) {
      throw new RangeError(
        `survivalCalibrationGroups: riskAtHorizon[${i}] is ${riskAtHorizon[i]}; expected a risk in [0, 1]`,
      );
    }
  }
  const groups: SurvivalCalibrationGroup[] = [];
  for (const members of riskGroups(riskAtHorizon)) {
    const t = Float64Array.from(members, (i) => time[i]!);
    const e = Uint8Array.from(members, (i) => event[i]!);
    const at = survivalAt(kaplanMeier({ time: t, event: e, confLevel }), [horizon]);
    let sumPredicted = 0;
    let eventsByHorizon = 0;
    let lower = Number.POSITIVE_INFINITY;
    let upper = Number.NEGATIVE_INFINITY;
    for (const i of members) {
      const r = riskAtHorizon[i]!;
      sumPredicted += r;
      lower = Math.min(lower, r);
      upper = Math.max(upper, r);
      if (event[i] === 1 && time[i]! <= horizon) eventsByHorizon++;
    }
    groups.push({
      lower,
      upper,
      n: members.length,
      eventsByHorizon,
      atRiskAtHorizon: at.nRisk[0]!,
      meanPredicted: sumPredicted / members.length,
      observed: 1 - at.survival[0]!,
      // the upper survival limit gives the lower risk limit; NaN (S = 0) stays NaN
      observedLower: 1 - at.upper[0]!,
      observedUpper: 1 - at.lower[0]!,
    });
  }
  return groups;
}

/** The members of each risk group, lowest risk first (calibrationGroups' grouping rule). */
export function riskGroups(predicted: ArrayLike<number>): Uint32Array[] {
  const n = predicted.length;
  if (n === 0) return [];
  const g = Math.max(1, Math.min(CALIBRATION_GROUPS, Math.floor(n / MIN_GROUP_SIZE)));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[a]! - predicted[b]!);
  const groups: Uint32Array[] = [];
  let start = 0;
  for (let k = 0; start < n; k++) {
    const left = Math.min(g - k, Math.max(1, Math.floor((n - start) / MIN_GROUP_SIZE)));
    let end = left <= 1 ? n : start + Math.floor((n - start) / left);
    while (end < n && predicted[order[end]!] === predicted[order[end - 1]!]) end++;
    groups.push(order.slice(start, end));
    start = end;
  }
  return groups;
}
