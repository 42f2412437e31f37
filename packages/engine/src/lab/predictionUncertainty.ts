import { type BinaryLearner, calibrationSplit, type LearningTable, MissingValuesError } from "@carta/ml";
import {
  type BinaryPredictionSet,
  binaryPredictionSet,
  bootstrapResampler,
  calibrateBinaryConformal,
  quantileSorted,
} from "@carta/stats";

/**
 * How uncertain one patient's predicted probability is, from the model's training rows:
 *
 * - a bootstrap percentile interval (Efron & Tibshirani 1993, ch. 13): the learner refitted with the
 *   same hyperparameters on B bootstrap samples of the training rows (stratified on the outcome, so
 *   no sample lacks events), each refit predicting the patient; the interval holds the middle
 *   `level` of those B probabilities. It shows how much the prediction moves with the sample the
 *   model was fitted on; it is not a confidence interval for the patient's outcome.
 * - a split-conformal prediction set (Lei et al., JASA 2018;113:1094; Angelopoulos & Bates 2023):
 *   the training rows (the patient's own row left out) are split, stratified on the outcome, into a
 *   proper training part and a held-out calibration part; the learner is refitted on the proper
 *   part only, scores the calibration rows and the patient, and the patient's set is the labels
 *   whose score 1 − p̂(label) lies within the calibration quantile. Calibration rows never fit the
 *   model that scores them, which is what the coverage guarantee needs.
 */

export interface PatientRows {
  /** The training rows (features and 0/1 outcome). */
  training: LearningTable;
  outcome: readonly number[];
  /** A one-row table with the patient's features, same columns. */
  patient: LearningTable;
}

export interface BootstrapInterval {
  lower: number;
  upper: number;
  level: number;
  method: "bootstrap percentile (refits on bootstrap samples of the training rows, stratified on the outcome)";
  replicates: number;
  /** Refits that could be used (a refit fails when, e.g., its sample lacks a level the patient has). */
  replicatesUsed: number;
  seed: number;
}

export function bootstrapInterval<M, P>(
  learner: BinaryLearner<M, P>,
  params: P,
  data: PatientRows,
  options: { replicates: number; level: number; seed: number },
): BootstrapInterval {
  if (!(options.level > 0 && options.level < 1))
    throw new RangeError(`interval level must be in (0, 1), got ${options.level}`);
  const refits = fitBootstrapRefits(learner, params, data.training, data.outcome, options);
  return bootstrapIntervalFromRefits(learner, refits, data.patient, options);
}

export interface ConformalResult {
  set: BinaryPredictionSet;
  alpha: number;
  coverage: number;
  method: "split-conformal, held-out calibration split of the training rows";
  /** The refit on the proper training part: its probability for the patient decides the set. */
  splitModelProbability: number;
  properTrainingRows: number;
  calibrationRows: number;
  /** q̂: a label is in the set when 1 − p̂(label) ≤ q̂. */
  threshold: number;
  seed: number;
}

export function splitConformalSet<M, P>(
  learner: BinaryLearner<M, P>,
  params: P,
  data: PatientRows,
  options: { alpha: number; calibrationFraction: number; seed: number; leaveOut: ReadonlySet<number> },
): ConformalResult {
  const eligible = data.outcome.map((_, i) => i).filter((i) => !options.leaveOut.has(i));
  const { proper, calibration } = calibrationSplit(
    data.outcome,
    eligible,
    options.calibrationFraction,
    options.seed,
  );
  if (calibration.length === 0) throw new RangeError("split conformal: no calibration rows");
  const model = learner.fit(data.training, data.outcome, proper, params);
  const predicted = learner.predictProbability(model, data.training, calibration);
  const calibrated = calibrateBinaryConformal({
    predicted,
    outcome: Array.from(calibration, (i) => data.outcome[i]!),
    alpha: options.alpha,
  });
  const p = learner.predictProbability(model, data.patient, Uint32Array.of(0))[0]!;
  return {
    set: binaryPredictionSet(calibrated, p),
    alpha: options.alpha,
    coverage: 1 - options.alpha,
    method: "split-conformal, held-out calibration split of the training rows",
    splitModelProbability: p,
    properTrainingRows: proper.length,
    calibrationRows: calibration.length,
    threshold: calibrated.thresholds[0],
    seed: options.seed,
  };
}

/**
 * The patient-independent half of the bootstrap interval: the B refits, fitted once per model
 * version and data so that each patient (and each what-if edit) costs B predictions, not B fits.
 * Replicate b uses the same seeded sample as `bootstrapInterval`, so both give the same interval.
 * A refit that fails is kept as null and counted.
 */
export function fitBootstrapRefits<M, P>(
  learner: BinaryLearner<M, P>,
  params: P,
  training: LearningTable,
  outcome: readonly number[],
  options: { replicates: number; seed: number },
): (M | null)[] {
  const { replicates, seed } = options;
  if (!Number.isInteger(replicates) || replicates < 2) {
    throw new RangeError(`bootstrap replicates must be an integer ≥ 2, got ${replicates}`);
  }
  const sample = bootstrapResampler({ n: outcome.length, seed, strata: outcome });
  const models: (M | null)[] = [];
  for (let b = 0; b < replicates; b++) {
    try {
      models.push(learner.fit(training, outcome, sample(b), params));
    } catch (err) {
      if (!(err instanceof MissingValuesError || err instanceof RangeError)) throw err;
      models.push(null);
    }
  }
  return models;
}

/** The percentile interval of one patient from refits made by `fitBootstrapRefits`. */
export function bootstrapIntervalFromRefits<M, P>(
  learner: BinaryLearner<M, P>,
  refits: readonly (M | null)[],
  patient: LearningTable,
  options: { level: number; seed: number },
): BootstrapInterval {
  const { level, seed } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`interval level must be in (0, 1), got ${level}`);
  const only = Uint32Array.of(0);
  const probabilities: number[] = [];
  for (const model of refits) {
    if (model === null) continue;
    try {
      const p = learner.predictProbability(model, patient, only)[0]!;
      if (Number.isFinite(p)) probabilities.push(p);
    } catch (err) {
      // A refit whose sample cannot encode the patient (a level it never saw) is counted, not hidden.
      if (!(err instanceof MissingValuesError || err instanceof RangeError)) throw err;
    }
  }
  if (probabilities.length < 2) {
    throw new RangeError(
      `bootstrap interval: only ${probabilities.length} of ${refits.length} refits predicted`,
    );
  }
  const sorted = Float64Array.from(probabilities).sort();
  return {
    lower: quantileSorted(sorted, (1 - level) / 2),
    upper: quantileSorted(sorted, (1 + level) / 2),
    level,
    method:
      "bootstrap percentile (refits on bootstrap samples of the training rows, stratified on the outcome)",
    replicates: refits.length,
    replicatesUsed: probabilities.length,
    seed,
  };
}

/** The patient-independent half of the split-conformal set: the split, the refit and its calibration scores. */
export interface ConformalSplitModel<M> {
  model: M;
  proper: Uint32Array;
  calibration: Uint32Array;
  /** The refit's probability for each calibration row, and the row's outcome. */
  calibrationPredicted: Float64Array;
  calibrationOutcome: Float64Array;
  seed: number;
}

export function fitConformalSplit<M, P>(
  learner: BinaryLearner<M, P>,
  params: P,
  training: LearningTable,
  outcome: readonly number[],
  options: { calibrationFraction: number; seed: number },
): ConformalSplitModel<M> {
  const eligible = outcome.map((_, i) => i);
  const { proper, calibration } = calibrationSplit(
    outcome,
    eligible,
    options.calibrationFraction,
    options.seed,
  );
  if (calibration.length === 0) throw new RangeError("split conformal: no calibration rows");
  const model = learner.fit(training, outcome, proper, params);
  return {
    model,
    proper,
    calibration,
    calibrationPredicted: learner.predictProbability(model, training, calibration),
    calibrationOutcome: Float64Array.from(calibration, (i) => outcome[i]!),
    seed: options.seed,
  };
}

/**
 * One patient's conformal set from a fitted split. A patient who is one of the calibration rows has
 * their own score taken out of the calibration before the threshold is computed; a patient in the
 * proper training part was seen by the refit — `note` says so, since the coverage guarantee is for
 * patients exchangeable with the calibration rows (new patients), not for the ones it was fitted on.
 */
export function conformalSetFromSplit<M, P>(
  learner: BinaryLearner<M, P>,
  split: ConformalSplitModel<M>,
  patient: LearningTable,
  options: { alpha: number; trainingRow: number | null },
): ConformalResult & { note: string | null } {
  let predicted: ArrayLike<number> = split.calibrationPredicted;
  let outcome: ArrayLike<number> = split.calibrationOutcome;
  let note: string | null = null;
  const row = options.trainingRow;
  if (row !== null) {
    const k = split.calibration.indexOf(row);
    if (k >= 0) {
      predicted = [...split.calibrationPredicted.slice(0, k), ...split.calibrationPredicted.slice(k + 1)];
      outcome = [...split.calibrationOutcome.slice(0, k), ...split.calibrationOutcome.slice(k + 1)];
      note = "this patient is a calibration row; their own score was left out of the calibration";
    } else {
      note =
        "this patient's outcome was used to fit the split model; the coverage guarantee holds for new patients, so for a past patient the set is illustrative";
    }
  }
  const calibrated = calibrateBinaryConformal({ predicted, outcome, alpha: options.alpha });
  const p = learner.predictProbability(split.model, patient, Uint32Array.of(0))[0]!;
  return {
    set: binaryPredictionSet(calibrated, p),
    alpha: options.alpha,
    coverage: 1 - options.alpha,
    method: "split-conformal, held-out calibration split of the training rows",
    splitModelProbability: p,
    properTrainingRows: split.proper.length,
    calibrationRows: predicted.length,
    threshold: calibrated.thresholds[0],
    seed: split.seed,
    note,
  };
}
