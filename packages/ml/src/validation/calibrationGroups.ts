import { wilsonInterval } from "./wilson.js";

/**
 * Grouped calibration: patients ordered by predicted risk and cut into groups of (nearly) equal
 * size — deciles of risk, as in the Hosmer–Lemeshow table and the grouped points rms::val.prob draws
 * (Steyerberg, Clinical Prediction Models, 2nd ed., 2019, §15.3) — each with its mean predicted
 * risk, the observed proportion of events and Wilson's 95% interval for that proportion.
 *
 * - Ten groups when there are at least 100 patients, otherwise ⌊n / 10⌋ (at least one), so that no
 *   group has fewer than ten patients and the proportions keep some meaning.
 * - Each group takes an equal share (rounded down) of the patients not yet grouped, over the groups
 *   still to form; patients tied in predicted risk are never split across groups (a boundary moves
 *   past the tie), and the groups after a tie share what is left with at least ten patients each
 *   where they can, so with heavy ties fewer than g groups result.
 */

export interface CalibrationGroup {
  /** Lowest and highest predicted risk in the group. */
  lower: number;
  upper: number;
  n: number;
  meanPredicted: number;
  /** Observed proportion of events, with Wilson's interval. */
  observed: number;
  observedLower: number;
  observedUpper: number;
}

export const CALIBRATION_GROUPS = 10;
export const MIN_GROUP_SIZE = 10;

export function calibrationGroups(
  predicted: ArrayLike<number>,
  outcome: ArrayLike<number>,
  confLevel = 0.95,
): CalibrationGroup[] {
  const n = predicted.length;
  if (outcome.length !== n) {
    throw new RangeError(`calibrationGroups: ${n} predictions but ${outcome.length} outcomes`);
  }
  if (n === 0) return [];
  for (let i = 0; i < n; i++) {
    if (!(predicted[i]! >= 0 && predicted[i]! <= 1)) {
      throw new RangeError(
        `calibrationGroups: predicted[${i}] is ${predicted[i]}; expected a risk in [0, 1]`,
      );
    }
    if (outcome[i] !== 0 && outcome[i] !== 1) {
      throw new RangeError(`calibrationGroups: outcome[${i}] is ${outcome[i]}; expected 0 or 1`);
    }
  }
  const g = Math.max(1, Math.min(CALIBRATION_GROUPS, Math.floor(n / MIN_GROUP_SIZE)));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[a]! - predicted[b]!);
  const groups: CalibrationGroup[] = [];
  let start = 0;
  for (let k = 0; start < n; k++) {
    const left = Math.min(g - k, Math.max(1, Math.floor((n - start) / MIN_GROUP_SIZE)));
    let end = left <= 1 ? n : start + Math.floor((n - start) / left);
    while (end < n && predicted[order[end]!] === predicted[order[end - 1]!]) end++;
    let sumPredicted = 0;
    let events = 0;
    for (let r = start; r < end; r++) {
      sumPredicted += predicted[order[r]!]!;
      events += outcome[order[r]!]!;
    }
    const size = end - start;
    const ci = wilsonInterval(events, size, confLevel);
    groups.push({
      lower: predicted[order[start]!]!,
      upper: predicted[order[end - 1]!]!,
      n: size,
      meanPredicted: sumPredicted / size,
      observed: ci.estimate,
      observedLower: ci.lower,
      observedUpper: ci.upper,
    });
    start = end;
  }
  return groups;
}
