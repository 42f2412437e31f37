import {
  allRows,
  apparentIndexes,
  auc,
  bootstrapResampler,
  brierScore,
  type IndexValues,
  type OptimismModel,
  type OptimismReplicate,
  type OptimismTable,
  optimismReplicate,
  summarizeOptimism,
} from "@carta/stats";
import { binaryOutcomeOf, checkRows, everyRow, type LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import { calibrationOrProblem } from "./binaryPerformance.js";

/**
 * Bootstrap optimism correction of any learner's AUC, Brier score and calibration intercept and
 * slope, with rms::validate's semantics (Harrell, Lee & Mark, Stat Med 1996;15:361; Steyerberg et
 * al., J Clin Epidemiol 2001;54:774), through @carta/stats' optimism steps (apparentIndexes,
 * optimismReplicate, summarizeOptimism: what its bootstrapOptimism runs in sequence): apparent
 * indexes on all rows, then per replicate the model refitted on a bootstrap sample and evaluated on
 * the sample and on the original rows; optimism = mean(training − test).
 *
 * Unlike validate.lrm, the apparent calibration intercept and slope are estimated, not set to 0
 * and 1: that shortcut holds only for an unpenalised maximum-likelihood logistic fit, whereas a
 * penalised or tree model is not calibrated on its own training rows by construction.
 * Calibration indexes that are undefined on some sample (separating predictions) are NaN there and
 * drop out of that replicate's averages, as R's NA does.
 *
 * binaryOptimismRunner exposes the apparent fit and each replicate on their own, so that an engine
 * can spread replicates over worker threads and merge them with @carta/stats' summarizeOptimism:
 * replicate b's sample depends only on (seed, b), so it is the same whichever thread runs it.
 */

export const BINARY_OPTIMISM_INDEXES = ["AUC", "Brier", "Intercept", "Slope"] as const;

export interface BinaryOptimismOptions<M, P> {
  learner: BinaryLearner<M, P>;
  table: LearningTable;
  outcome: ArrayLike<number>;
  params: P;
  /** Rows of the development data; default every row. */
  rows?: Uint32Array;
  /** Bootstrap replicates B; rms suggests 200 or more for a final report. */
  replicates: number;
  seed: number;
  /** Resample within outcome classes so that no sample lacks events; default false (rms's default). */
  stratifyByOutcome?: boolean;
}

/** One replicate's refitted model and the table rows of its bootstrap sample (repeats kept). */
export interface BootstrapRefit<M> {
  replicate: number;
  model: M;
  rows: Uint32Array;
}

export interface BinaryOptimismRunOptions<M, P> extends Omit<BinaryOptimismOptions<M, P>, "replicates"> {
  /**
   * Called after each replicate whose refit succeeded, with that refit (e.g. to measure how stable
   * the predictors are across refits without fitting them again).
   */
  onRefit?: (refit: BootstrapRefit<M>) => void;
}

export interface OptimismRunner {
  /** index.orig: the model fitted to and evaluated on every row. */
  apparent(): IndexValues;
  /** Bootstrap replicate b (0-based): the refit on its sample, evaluated on the sample and on every row. */
  replicate(b: number): OptimismReplicate;
}

export type BinaryOptimismRunner = OptimismRunner;

/**
 * The apparent fit and the replicates of `model` on `n` development rows (positions 0…n − 1, which
 * `toTable` maps to table rows), each replicate's sample from `resample(b)`; a refit that succeeded
 * is handed to `onRefit` with its table rows. What every learner family's optimism runner shares.
 */
export function optimismRunner<M>(
  model: OptimismModel<M>,
  n: number,
  resample: (b: number) => Uint32Array,
  toTable: (local: Uint32Array) => Uint32Array,
  onRefit?: (refit: BootstrapRefit<M>) => void,
): OptimismRunner {
  const original = allRows(n);
  return {
    apparent: () => apparentIndexes(model, n),
    replicate(b) {
      const sample = resample(b);
      let refit: M | null = null;
      const run = optimismReplicate(
        {
          fit: (local) => {
            refit = model.fit(local);
            return refit;
          },
          evaluate: model.evaluate,
        },
        original,
        sample,
        b,
      );
      if (run.fitted && onRefit) onRefit({ replicate: b, model: refit as M, rows: toTable(sample) });
      return run;
    },
  };
}

/** The apparent fit and replicates 0 … replicates − 1 of a runner, summarised (rms::validate's table). */
export function runOptimism(runner: OptimismRunner, replicates: number, caller: string): OptimismTable {
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`${caller}: replicates must be a positive integer, got ${replicates}`);
  }
  const apparent = runner.apparent();
  const outcomes: OptimismReplicate[] = [];
  for (let b = 0; b < replicates; b++) outcomes.push(runner.replicate(b));
  return summarizeOptimism(apparent, outcomes);
}

export function binaryOptimism<M, P>(
  options: BinaryOptimismOptions<M, P> & Pick<BinaryOptimismRunOptions<M, P>, "onRefit">,
): OptimismTable {
  return runOptimism(binaryOptimismRunner(options), options.replicates, "binaryOptimism");
}

export function binaryOptimismRunner<M, P>(options: BinaryOptimismRunOptions<M, P>): BinaryOptimismRunner {
  const caller = "binaryOptimism";
  const { learner, table, outcome, params, seed } = options;
  const rows = options.rows ?? everyRow(table.rows.length);
  checkRows(caller, table, outcome, rows);
  const y = binaryOutcomeOf(caller, outcome, rows);
  const toTable = (local: Uint32Array) => local.map((i) => rows[i]!);
  const resample = bootstrapResampler({
    n: rows.length,
    seed,
    ...(options.stratifyByOutcome ? { strata: y } : {}),
  });
  const model: OptimismModel<M> = {
    fit: (local) => learner.fit(table, outcome, toTable(local), params),
    evaluate(fitted, local) {
      const p = learner.predictProbability(fitted, table, toTable(local));
      return binaryIndexes(
        p,
        local.map((i) => y[i]!),
      );
    },
  };
  return optimismRunner(model, rows.length, resample, toTable, options.onRefit);
}

function binaryIndexes(predicted: Float64Array, outcome: ArrayLike<number>): IndexValues {
  let events = 0;
  for (let i = 0; i < outcome.length; i++) events += outcome[i]!;
  const bothClasses = events > 0 && events < outcome.length;
  const { summary } = calibrationOrProblem(predicted, outcome);
  return {
    AUC: bothClasses ? auc({ predicted, outcome }).auc : Number.NaN,
    Brier: brierScore({ predicted, outcome }).brier,
    Intercept: summary?.intercept ?? Number.NaN,
    Slope: summary?.slope ?? Number.NaN,
  };
}
