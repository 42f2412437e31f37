import { binaryPredictionSet, calibrateBinaryConformal } from "@carta/stats";
import type { LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import { calibrationSplit } from "./calibrationSplit.js";
import { type NestedCvResult, type OuterFoldResult, outerFoldRows } from "./nestedCv.js";
import { wilsonInterval } from "./wilson.js";

/**
 * Checks split-conformal prediction sets (Lei et al., JASA 2018;113:1094; Angelopoulos & Bates,
 * Found Trends Mach Learn 2023;16:494) the way a patient would meet them, inside cross-validation:
 * in each outer fold the fold's training rows are split (stratified on the outcome, seeded, the
 * fold's own stream) into a proper training part and a calibration part; the fold's hyperparameters
 * are refitted on the proper part only; the calibration rows' scores 1 − p̂(true label) give the
 * threshold at miscoverage α; and each held-out row of the fold gets its set. Over all held-out
 * rows, the share of sets holding the observed outcome estimates the coverage (at least 1 − α in
 * expectation for exchangeable patients), with Wilson's interval for that share.
 */

export interface FoldConformalOptions<M, P> {
  learner: BinaryLearner<M, P>;
  table: LearningTable;
  outcome: ArrayLike<number>;
  /** The fold's training rows (split into proper and calibration parts) and its held-out rows. */
  trainRows: Uint32Array;
  testRows: Uint32Array;
  params: P;
  alpha: number;
  /** Share of each outcome class of the training rows kept for calibration; default 1/3. */
  calibrationFraction?: number;
  seed: number;
  /** The outer fold: the split's stream replicate. */
  fold: number;
}

export interface FoldConformal {
  fold: number;
  calibrationFraction: number;
  properRows: number;
  calibrationRows: number;
  /** q̂: a label is in the set when 1 − p̂(label) ≤ q̂ (+∞ when the calibration part is too small). */
  threshold: number;
  /** Held-out rows, how many sets held the observed outcome, and the set sizes. */
  n: number;
  covered: number;
  empty: number;
  single: number;
  both: number;
}

export interface ConformalCoverage {
  method: string;
  alpha: number;
  targetCoverage: number;
  n: number;
  covered: number;
  empiricalCoverage: number;
  /** Wilson interval of the empirical coverage. */
  coverageLower: number;
  coverageUpper: number;
  setSizes: { empty: number; single: number; both: number };
  folds: FoldConformal[];
}

export const CONFORMAL_CALIBRATION_FRACTION = 1 / 3;

function methodOf(calibrationFraction: number): string {
  const share = `${Math.round(calibrationFraction * 100)}%`;
  return (
    "split-conformal inside each outer fold (Lei et al. 2018): the fold's training rows split, stratified " +
    `on the outcome and seeded, ${share} to calibration; the fold's chosen hyperparameters refitted on ` +
    "the rest; score 1 − p̂(observed label); sets checked on the held-out fold; Wilson interval for the coverage"
  );
}

export function foldConformal<M, P>(options: FoldConformalOptions<M, P>): FoldConformal {
  const { learner, table, outcome, testRows, params, alpha, seed, fold } = options;
  const fraction = options.calibrationFraction ?? CONFORMAL_CALIBRATION_FRACTION;
  const { proper, calibration } = calibrationSplit(outcome, options.trainRows, fraction, seed, fold);
  if (calibration.length === 0) throw new RangeError(`conformal, outer fold ${fold}: no calibration rows`);
  const model = learner.fit(table, outcome, proper, params);
  const calibrated = calibrateBinaryConformal({
    predicted: learner.predictProbability(model, table, calibration),
    outcome: Array.from(calibration, (i) => outcome[i]!),
    alpha,
  });
  const p = learner.predictProbability(model, table, testRows);
  let covered = 0;
  let empty = 0;
  let both = 0;
  for (let k = 0; k < testRows.length; k++) {
    const set = binaryPredictionSet(calibrated, p[k]!);
    if (set.includes(outcome[testRows[k]!] as 0 | 1)) covered++;
    if (set.length === 0) empty++;
    else if (set.length === 2) both++;
  }
  return {
    fold,
    calibrationFraction: fraction,
    properRows: proper.length,
    calibrationRows: calibration.length,
    threshold: calibrated.thresholds[0],
    n: testRows.length,
    covered,
    empty,
    single: testRows.length - empty - both,
    both,
  };
}

/** Coverage over every held-out row of the folds given (in any order). */
export function summarizeConformal(
  folds: readonly FoldConformal[],
  alpha: number,
  confLevel = 0.95,
): ConformalCoverage {
  const ordered = folds.slice().sort((a, b) => a.fold - b.fold);
  let n = 0;
  let covered = 0;
  const setSizes = { empty: 0, single: 0, both: 0 };
  for (const f of ordered) {
    n += f.n;
    covered += f.covered;
    setSizes.empty += f.empty;
    setSizes.single += f.single;
    setSizes.both += f.both;
  }
  const ci = wilsonInterval(covered, n, confLevel);
  return {
    method: methodOf(ordered[0]?.calibrationFraction ?? CONFORMAL_CALIBRATION_FRACTION),
    alpha,
    targetCoverage: 1 - alpha,
    n,
    covered,
    empiricalCoverage: ci.estimate,
    coverageLower: ci.lower,
    coverageUpper: ci.upper,
    setSizes,
    folds: ordered,
  };
}

/** foldConformal in every outer fold of a nested cross-validation, with that fold's chosen entry. */
export function nestedCvConformal<M, P>(options: {
  learner: BinaryLearner<M, P>;
  table: LearningTable;
  outcome: ArrayLike<number>;
  /** The rows, outer folds and each fold's chosen hyperparameters (a NestedCvResult will do). */
  cv: Pick<NestedCvResult<P>, "rows" | "outerAssignment"> & {
    folds: readonly Pick<OuterFoldResult<P>, "fold" | "chosen">[];
  };
  alpha: number;
  calibrationFraction?: number;
  seed: number;
}): ConformalCoverage {
  const { cv, ...rest } = options;
  const folds = cv.folds.map((f) => {
    const { train, test } = outerFoldRows(cv, f.fold);
    return foldConformal({ ...rest, trainRows: train, testRows: test, params: f.chosen, fold: f.fold });
  });
  return summarizeConformal(folds, options.alpha);
}
