import {
  bootstrapResampler,
  type IndexValues,
  normalQuantile,
  type OptimismModel,
  type OptimismTable,
  riskConcordance,
} from "@carta/stats";
import { everyRow, type LearningTable } from "../data.js";
import {
  type BootstrapRefit,
  type OptimismRunner,
  optimismRunner,
  runOptimism,
} from "../validation/optimism.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";
import type { ScoredRows, TimeToEventEndpoint } from "./survivalNestedCv.js";
import { coxCalibrationSlope } from "./survivalPerformance.js";

/**
 * Bootstrap optimism correction of a time-to-event learner's Harrell's C, Uno's C at the horizon
 * and calibration slope, as rms::validate(cph) does for a Cox model (Harrell, Lee & Mark, Stat Med
 * 1996;15:361; Harrell, Regression Modeling Strategies 2nd ed. §20.9), through @carta/stats'
 * optimism steps (apparentIndexes, optimismReplicate, summarizeOptimism): apparent indexes on all
 * rows; per replicate, the learner refitted on a bootstrap sample and evaluated on the sample and on
 * the original rows; optimism = mean(training − test), corrected = apparent − optimism.
 *
 * - C is reported directly: validate.cph's Dxy is 2C − 1, so its optimism is twice this one.
 * - The slope is the coefficient of the linear predictor in a Cox regression on it. validate.cph
 *   sets the apparent and training slope to 1, which holds only for an unpenalised partial-
 *   likelihood fit; a penalised or tree model is not calibrated on its own rows by construction,
 *   so here it is estimated everywhere (as the binary optimism does).
 * - An index undefined on some sample (no comparable pair, no event by the horizon, a constant
 *   predictor) is NaN there and drops out of that replicate's averages, as R's NA does.
 *
 * survivalOptimismRunner exposes the apparent fit and each replicate on their own, so that the
 * engine can spread replicates over worker threads: replicate b's sample depends only on (seed, b).
 *
 * The indexes come from the endpoint (`endpoint`, default survivalOptimismEndpoint), so that the
 * same correction applies to a competing-risks endpoint (competing/competingValidation.ts).
 */

export const SURVIVAL_OPTIMISM_INDEXES = ["HarrellC", "UnoC", "Slope"] as const;

/** The endpoint's outcome check and the indexes it corrects, of one model on some rows. */
export interface OptimismEndpoint {
  outcomeOf: TimeToEventEndpoint<unknown, string>["outcomeOf"];
  /** Every index of the model on the rows; an index undefined there is NaN. */
  evaluate(scored: ScoredRows): IndexValues;
}

/** SURVIVAL_OPTIMISM_INDEXES of a survival endpoint (status 1 event, 0 censored). */
export const survivalOptimismEndpoint: OptimismEndpoint = {
  outcomeOf: survivalOutcomeOf,
  evaluate({ time, event, linearPredictor: lp, horizon }) {
    const z = normalQuantile(0.975);
    return {
      HarrellC: orNaN(() => riskConcordance({ time, event, risk: lp }).concordance),
      UnoC: orNaN(() => riskConcordance({ time, event, risk: lp, method: "uno", horizon }).concordance),
      Slope: orNaN(() => coxCalibrationSlope(time, event, lp, z).estimate),
    };
  },
};

export interface SurvivalOptimismOptions<M, P> {
  learner: SurvivalLearner<M, P>;
  table: LearningTable;
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  /** Horizon of Uno's C. */
  horizon: number;
  params: P;
  rows?: Uint32Array;
  /** Bootstrap replicates B; rms suggests 200 or more for a final report. */
  replicates: number;
  seed: number;
  /** Resample within event / censored so that no sample lacks events; default false (rms's default). */
  stratifyByEvent?: boolean;
  /** Called after each replicate whose refit succeeded (e.g. for predictor stability). */
  onRefit?: (refit: BootstrapRefit<M>) => void;
  /** Default survivalOptimismEndpoint. */
  endpoint?: OptimismEndpoint;
}

export type SurvivalOptimismRunner = OptimismRunner;

export function survivalOptimism<M, P>(options: SurvivalOptimismOptions<M, P>): OptimismTable {
  return runOptimism(survivalOptimismRunner(options), options.replicates, "survivalOptimism");
}

export function survivalOptimismRunner<M, P>(
  options: Omit<SurvivalOptimismOptions<M, P>, "replicates">,
): SurvivalOptimismRunner {
  const caller = "survivalOptimism";
  const { learner, table, time, event, params, seed, horizon } = options;
  const endpoint = options.endpoint ?? survivalOptimismEndpoint;
  checkHorizon(caller, horizon);
  const rows = options.rows ?? everyRow(table.rows.length);
  const outcome = endpoint.outcomeOf(caller, table, time, event, rows);
  const toTable = (local: Uint32Array) => local.map((i) => rows[i]!);
  const resample = bootstrapResampler({
    n: rows.length,
    seed,
    ...(options.stratifyByEvent ? { strata: outcome.event } : {}),
  });
  const model: OptimismModel<M> = {
    fit: (local) => learner.fit(table, time, event, toTable(local), params),
    evaluate(fitted, local) {
      const tableRows = toTable(local);
      return endpoint.evaluate({
        time: Float64Array.from(local, (i) => outcome.time[i]!),
        event: Uint8Array.from(local, (i) => outcome.event[i]!),
        horizon,
        linearPredictor: learner.predictRisk(fitted, table, tableRows),
        riskAtHorizon: () => learner.predictSurvival(fitted, table, tableRows, horizon).map((s) => 1 - s),
      });
    },
  };
  return optimismRunner(model, rows.length, resample, toTable, options.onRefit);
}

function orNaN(compute: () => number): number {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return Number.NaN;
  }
}
