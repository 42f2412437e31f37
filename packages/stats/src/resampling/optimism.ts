/**
 * Bootstrap estimate of optimism and the optimism-corrected (overfitting-corrected) performance of
 * a model, as Harrell's rms::validate with method = "boot" (rms::predab.resample; Efron, JASA
 * 1983;78:316; Harrell, Lee & Mark, Stat Med 1996;15:361; Harrell, Regression Modeling
 * Strategies 2nd ed. §5.3.5):
 *
 * - index.orig: the model fitted to all n rows, its indexes evaluated on those rows (apparent).
 * - for each bootstrap sample: the model refitted on the sample; its indexes on the sample
 *   (training) and on the original rows (test).
 * - training and test: per index, the means over the replicates whose fit succeeded and where
 *   neither the training nor the test value is NaN (R's NA); n counts those replicates.
 * - optimism = training − test; index.corrected = index.orig − optimism.
 * - A replicate whose fit fails (the fit callback returns null or throws — non-convergence, no
 *   events in the sample) is skipped and counted, as predab.resample's "Divergence or
 *   singularity in … samples".
 *
 * The model is a pair of callbacks, so the same code validates a Cox model, a logistic or
 * penalized regression, or a tree. The work is split so that an engine can run replicates on
 * worker threads: apparentIndexes once, optimismReplicate per replicate (rows from
 * bootstrapResampler(…)(b), which needs only the seed and b), then summarizeOptimism over the
 * collected replicates; bootstrapOptimism does all three in sequence.
 */

/** Named performance indexes (e.g. Dxy, Slope), in a fixed order. NaN stands for R's NA. */
export type IndexValues = Readonly<Record<string, number>>;

export interface OptimismModel<M> {
  /**
   * Fits the model to the given rows of the original data (0-based, repeats allowed). Returns
   * null, or throws, when the fit fails; the replicate is then skipped.
   */
  fit(rows: Uint32Array): M | null;
  /**
   * The indexes of `model` evaluated on `rows`. `fittedOnRows` is true when the rows are those the
   * model was fitted to (the apparent and training evaluations, rms's evalfit = TRUE), where
   * indexes such as a calibration slope take their value by definition (1) instead of a refit.
   */
  evaluate(model: M, rows: Uint32Array, fittedOnRows: boolean): IndexValues;
}

export type OptimismReplicate =
  | { replicate: number; fitted: true; training: IndexValues; test: IndexValues }
  | { replicate: number; fitted: false; reason: string };

export interface OptimismRow {
  index: string;
  indexOrig: number;
  training: number;
  test: number;
  optimism: number;
  indexCorrected: number;
  /** Replicates that entered this index's averages. */
  n: number;
}

export interface OptimismTable {
  method: "boot";
  /** Replicates attempted. */
  replicates: number;
  /** Replicates whose fit succeeded. */
  fitted: number;
  /** Replicates whose fit failed, with the reason. */
  failures: { replicate: number; reason: string }[];
  /** One row per index, in the order the apparent evaluation returned them (validate's table). */
  rows: OptimismRow[];
}

export interface BootstrapOptimismOptions<M> extends OptimismModel<M> {
  /** Number of rows of the original data. */
  n: number;
  /** Number of bootstrap replicates B. */
  replicates: number;
  /** Rows of replicate b, e.g. bootstrapResampler({ n, seed }). */
  resample: (replicate: number) => Uint32Array;
}

export function bootstrapOptimism<M>(options: BootstrapOptimismOptions<M>): OptimismTable {
  const { n, replicates, resample } = options;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`bootstrapOptimism: replicates must be a positive integer, got ${replicates}`);
  }
  const apparent = apparentIndexes(options, n);
  const all = allRows(n);
  const outcomes: OptimismReplicate[] = [];
  for (let b = 0; b < replicates; b++) outcomes.push(optimismReplicate(options, all, resample(b), b));
  return summarizeOptimism(apparent, outcomes);
}

/** index.orig: the model fitted to and evaluated on all n rows. Throws if that fit fails. */
export function apparentIndexes<M>(model: OptimismModel<M>, n: number): IndexValues {
  const rows = allRows(n);
  const fitted = model.fit(rows);
  if (fitted === null)
    throw new Error("bootstrapOptimism: the model could not be fitted to the original data");
  return model.evaluate(fitted, rows, true);
}

/** Rows 0…n−1, the original data as a test sample. */
export function allRows(n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/**
 * One bootstrap replicate: fit on `sample`, evaluate on the sample and on `original` (allRows(n)).
 * Errors thrown by the fit count as a failed fit; errors thrown by evaluate propagate.
 */
export function optimismReplicate<M>(
  model: OptimismModel<M>,
  original: Uint32Array,
  sample: Uint32Array,
  replicate: number,
): OptimismReplicate {
  let fitted: M | null;
  try {
    fitted = model.fit(sample);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { replicate, fitted: false, reason: error.message };
  }
  if (fitted === null) return { replicate, fitted: false, reason: "fit failed" };
  return {
    replicate,
    fitted: true,
    training: model.evaluate(fitted, sample, true),
    test: model.evaluate(fitted, original, false),
  };
}

/** validate's table from the apparent indexes and the replicates (in any order). */
export function summarizeOptimism(
  apparent: IndexValues,
  outcomes: readonly OptimismReplicate[],
): OptimismTable {
  const names = Object.keys(apparent);
  const k = names.length;
  const trainingSum = new Float64Array(k);
  const testSum = new Float64Array(k);
  const count = new Float64Array(k);
  const failures: { replicate: number; reason: string }[] = [];
  let fitted = 0;
  // Summed in replicate order, so that the table does not depend on the order replicates finished in.
  const ordered = outcomes.slice().sort((a, b) => a.replicate - b.replicate);
  for (const outcome of ordered) {
    if (!outcome.fitted) {
      failures.push({ replicate: outcome.replicate, reason: outcome.reason });
      continue;
    }
    fitted++;
    for (let j = 0; j < k; j++) {
      const name = names[j]!;
      const train = outcome.training[name];
      const test = outcome.test[name];
      if (train === undefined || test === undefined) {
        throw new RangeError(`summarizeOptimism: replicate ${outcome.replicate} has no index ${name}`);
      }
      if (Number.isNaN(train + test)) continue;
      trainingSum[j]! += train;
      testSum[j]! += test;
      count[j]!++;
    }
  }
  const rows = names.map((index, j): OptimismRow => {
    const indexOrig = apparent[index]!;
    const training = trainingSum[j]! / count[j]!;
    const test = testSum[j]! / count[j]!;
    const optimism = training - test;
    return { index, indexOrig, training, test, optimism, indexCorrected: indexOrig - optimism, n: count[j]! };
  });
  return { method: "boot", replicates: outcomes.length, fitted, failures, rows };
}
