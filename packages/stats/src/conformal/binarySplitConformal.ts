import { binaryInputs } from "../validation/binary/inputs.js";
import { binaryNonconformity } from "./binaryScore.js";
import { type ConformalQuantile, checkAlpha, conformalQuantile } from "./quantile.js";

/**
 * Split-conformal prediction sets for a binary outcome from a model's predicted probabilities
 * (Vovk et al. 2005; Lei et al., JASA 2018;113:1094; Angelopoulos & Bates 2023).
 *
 * Calibration: on held-out patients (not used to fit the model) the score 1 − p̂(true label) is
 * computed for each, and q̂ is their conformal quantile (see quantile.ts). A new patient's set is
 * {y ∈ {0, 1} : 1 − p̂(y) ≤ q̂}: it contains the true outcome with probability ≥ 1 − α, over
 * calibration and test patients that are exchangeable. It can be {0}, {1}, {0, 1} (the model
 * cannot tell at this coverage) or ∅ (both labels look atypical: possible when q̂ < ½).
 *
 * Mondrian (class-conditional) calibration (Vovk et al. 2005, §4.5; Vovk, Lindsay, Nouretdinov &
 * Gammerman, "Mondrian confidence machine", 2003) computes one threshold per label from the
 * calibration patients with that label, so the coverage guarantee holds within each outcome class
 * (e.g. for the responders and the non-responders separately), at the price of larger sets for the
 * rarer class. A label with no calibration patients gets q̂ = +∞ and is always in the set.
 */

export interface BinaryConformalOptions {
  /** Calibration patients' predicted probabilities P(Y = 1), in [0, 1]. */
  predicted: ArrayLike<number>;
  /** Their observed outcomes, 0 or 1. */
  outcome: ArrayLike<number>;
  /** Miscoverage α ∈ (0, 1): sets aim at coverage 1 − α (α = 0.1 for 90% sets). */
  alpha: number;
  /** Class-conditional (Mondrian) thresholds; default false (one marginal threshold). */
  mondrian?: boolean;
}

export interface BinaryConformalCalibration {
  method: "split-conformal";
  score: "1 - p(label)";
  mondrian: boolean;
  alpha: number;
  /** Calibration patients, and how many had each label. */
  n: number;
  nByLabel: [number, number];
  /** The quantile behind each label's threshold: the same marginal quantile twice unless Mondrian. */
  quantiles: [ConformalQuantile, ConformalQuantile];
  /** q̂ for label 0 and for label 1. */
  thresholds: [number, number];
}

/** A prediction set: [], [0], [1] or [0, 1]. */
export type BinaryPredictionSet = readonly (0 | 1)[];

export function calibrateBinaryConformal(options: BinaryConformalOptions): BinaryConformalCalibration {
  const caller = "calibrateBinaryConformal";
  checkAlpha(caller, options.alpha);
  const { p, y, events } = binaryInputs(caller, options.predicted, options.outcome, "closed-unit");
  const mondrian = options.mondrian ?? false;
  const n = y.length;
  const alpha = options.alpha;
  let quantiles: [ConformalQuantile, ConformalQuantile];
  if (mondrian) {
    const byLabel = [new Float64Array(n - events), new Float64Array(events)] as const;
    const filled = [0, 0];
    for (let i = 0; i < n; i++) {
      const label = y[i] as 0 | 1;
      byLabel[label][filled[label]!++] = binaryNonconformity(p[i]!, label);
    }
    quantiles = [conformalQuantile(byLabel[0], alpha), conformalQuantile(byLabel[1], alpha)];
  } else {
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = binaryNonconformity(p[i]!, y[i] as 0 | 1);
    const marginal = conformalQuantile(scores, alpha);
    quantiles = [marginal, marginal];
  }
  return {
    method: "split-conformal",
    score: "1 - p(label)",
    mondrian,
    alpha,
    n,
    nByLabel: [n - events, events],
    quantiles,
    thresholds: [quantiles[0].threshold, quantiles[1].threshold],
  };
}

const EMPTY: BinaryPredictionSet = Object.freeze([]);
const ONLY_0: BinaryPredictionSet = Object.freeze([0]);
const ONLY_1: BinaryPredictionSet = Object.freeze([1]);
const BOTH: BinaryPredictionSet = Object.freeze([0, 1]);

/** The conformal prediction set of a new patient with predicted probability P(Y = 1) = predicted. */
export function binaryPredictionSet(
  calibration: BinaryConformalCalibration,
  predicted: number,
): BinaryPredictionSet {
  if (!(predicted >= 0 && predicted <= 1)) {
    throw new RangeError(`binaryPredictionSet: predicted is ${predicted}; expected a probability in [0, 1]`);
  }
  const has0 = binaryNonconformity(predicted, 0) <= calibration.thresholds[0];
  const has1 = binaryNonconformity(predicted, 1) <= calibration.thresholds[1];
  if (has0) return has1 ? BOTH : ONLY_0;
  return has1 ? ONLY_1 : EMPTY;
}

/** Prediction sets for many new patients. */
export function binaryPredictionSets(
  calibration: BinaryConformalCalibration,
  predicted: ArrayLike<number>,
): BinaryPredictionSet[] {
  const sets: BinaryPredictionSet[] = new Array(predicted.length);
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`binaryPredictionSets: predicted[${i}] is ${p}; expected a probability in [0, 1]`);
    }
    sets[i] = binaryPredictionSet(calibration, p);
  }
  return sets;
}
