import {
  auc,
  type BootstrapOptimismOptions,
  bootstrapOptimism,
  bootstrapResampler,
  brierScore,
  type IndexValues,
  type OptimismTable,
} from "@carta/stats";
import { binaryOutcomeOf, checkRows, everyRow, type LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import { calibrationOrProblem } from "./binaryPerformance.js";

/**
 * Bootstrap optimism correction of any learner's AUC, Brier score and calibration intercept and
 * slope, with rms::validate's semantics (Harrell, Lee & Mark, Stat Med 1996;15:361; Steyerberg et
 * al., J Clin Epidemiol 2001;54:774), through @carta/stats' bootstrapOptimism: apparent indexes on
 * all rows, then per replicate the model refitted on a bootstrap sample and evaluated on the
 * sample and on the original rows; optimism = mean(training − test).
 *
 * Unlike validate.lrm, the apparent calibration intercept and slope are estimated, not set to 0
 * and 1: that shortcut holds only for an unpenalised maximum-likelihood logistic fit, whereas a
 * penalised or tree model is not calibrated on its own training rows by construction.
 * Calibration indexes that are undefined on some sample (separating predictions) are NaN there and
 * drop out of that replicate's averages, as R's NA does.
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

export function binaryOptimism<M, P>(options: BinaryOptimismOptions<M, P>): OptimismTable {
  const caller = "binaryOptimism";
  const { learner, table, outcome, params, replicates, seed } = options;
  const rows = options.rows ?? everyRow(table.rows.length);
  checkRows(caller, table, outcome, rows);
  const y = binaryOutcomeOf(caller, outcome, rows);
  const toTable = (local: Uint32Array) => local.map((i) => rows[i]!);
  const model: BootstrapOptimismOptions<M>["fit"] = (local) =>
    learner.fit(table, outcome, toTable(local), params);
  return bootstrapOptimism<M>({
    n: rows.length,
    replicates,
    resample: bootstrapResampler({
      n: rows.length,
      seed,
      ...(options.stratifyByOutcome ? { strata: y } : {}),
    }),
    fit: model,
    evaluate(fitted, local) {
      const p = learner.predictProbability(fitted, table, toTable(local));
      return binaryIndexes(
        p,
        local.map((i) => y[i]!),
      );
    },
  });
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
