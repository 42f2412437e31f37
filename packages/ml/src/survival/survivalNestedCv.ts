import { foldSplit, kFoldAssignment, riskConcordance } from "@carta/stats";
import { everyRow, type LearningTable } from "../data.js";
import { checkedScores, type OuterFoldResult, outerFoldRows } from "../validation/nestedCv.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";
import { type SurvivalPerformance, survivalPerformance } from "./survivalPerformance.js";

/**
 * Nested cross-validation of a time-to-event learner, the design of the binary one
 * (validation/nestedCv.ts; Varma & Simon, BMC Bioinformatics 2006;7:91): the hyperparameters are
 * chosen by an inner cross-validation inside each outer training set only, the learner is refitted
 * there with the chosen entry and predicts the outer test fold once.
 *
 * - Folds are stratified on the event indicator (kFoldAssignment), so every fold has its share of
 *   events. The outer split is repeat 0 of `seed`; the inner split of outer fold f is repeat f + 1.
 * - Inner criterion: the mean over inner folds of Harrell's C of the linear predictor, or of Uno's
 *   C truncated at the horizon (higher is better); an inner fold where C is undefined (no
 *   comparable pair) drops out of the mean. Ties keep the earlier grid entry.
 * - The pooled out-of-fold predictions are the risks by the horizon, 1 − S(τ | x), each from the
 *   model that never saw the row. The performance is computed on them with the linear predictor
 *   taken as their complementary log-log (survivalPerformance): the folds' own linear predictors
 *   are on different scales (another baseline per fold), their absolute risks are not.
 *
 * The endpoint (`endpoint`, default survivalEndpoint: status 1 event, 0 censored) says how the
 * outcome is checked, how an inner fold is scored and how the pooled predictions are judged, so
 * that the same design validates a competing-risks endpoint (competing/competingValidation.ts), whose
 * learner's "survival" is 1 − the absolute risk of the named cause.
 */

export type SurvivalTuningCriterion = "harrellC" | "unoC";

/** One model's predictions on the rows an inner fold scores, for a tuning criterion. */
export interface ScoredRows {
  time: Float64Array;
  /** Status of each row, as the endpoint's outcomeOf checked it. */
  event: Uint8Array;
  horizon: number;
  /** The learner's linear predictor (predictRisk). */
  linearPredictor: Float64Array;
  /** The predicted risk by the horizon, 1 − predictSurvival, computed when asked for. */
  riskAtHorizon(): Float64Array;
}

/** The pooled out-of-fold predictions a design hands to the endpoint's performance. */
export interface EndpointPerformanceInput {
  riskAtHorizon: Float64Array;
  /** Given only when every prediction comes from one model (see survivalPerformance). */
  linearPredictor?: Float64Array;
  time: Float64Array;
  event: Uint8Array;
  horizon: number;
  confLevel?: number;
}

/**
 * What the nested cross-validation needs to know about a time-to-event endpoint beyond its learner.
 * The status the outcome check returns (0 censored, otherwise the event's code) also stratifies
 * the folds.
 */
export interface TimeToEventEndpoint<Perf, C extends string> {
  /** The tuning criteria offered, the default first. */
  readonly criteria: readonly C[];
  outcomeOf(
    caller: string,
    table: LearningTable,
    time: ArrayLike<number>,
    event: ArrayLike<number>,
    rows: Uint32Array,
  ): { time: Float64Array; event: Uint8Array };
  /** One inner fold's score, higher better; a RangeError means undefined there (dropped from the mean). */
  tuningScore(criterion: C, scored: ScoredRows): number;
  performance(input: EndpointPerformanceInput): Perf;
}

/** The survival endpoint (status 1 event, 0 censored): Harrell's or Uno's C, survivalPerformance. */
export const survivalEndpoint: TimeToEventEndpoint<SurvivalPerformance, SurvivalTuningCriterion> = {
  criteria: ["harrellC", "unoC"],
  outcomeOf: survivalOutcomeOf,
  tuningScore(criterion, scored) {
    return riskConcordance({
      time: scored.time,
      event: scored.event,
      risk: scored.linearPredictor,
      method: criterion === "unoC" ? "uno" : "harrell",
      ...(criterion === "unoC" ? { horizon: scored.horizon } : {}),
    }).concordance;
  },
  performance: survivalPerformance,
};

export interface SurvivalNestedCvOptions<
  M,
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
> {
  learner: SurvivalLearner<M, P>;
  table: LearningTable;
  /** Follow-up time and status (1 event, 0 censored) per table row; rows outside `rows` are never read. */
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  /** Horizon τ of the risks, the Uno's C truncation, the AUC, Brier and calibration. */
  horizon: number;
  grid: readonly P[];
  rows?: Uint32Array;
  outerFolds?: number;
  innerFolds?: number;
  criterion?: C;
  seed: number;
  confLevel?: number;
  /** Default survivalEndpoint; give it whenever Perf or C are not the survival ones. */
  endpoint?: TimeToEventEndpoint<Perf, C>;
}

export interface SurvivalNestedCvPlan<C extends string = SurvivalTuningCriterion> {
  rows: Uint32Array;
  /** Time and status of each of `rows`, in the same order. */
  time: Float64Array;
  event: Uint8Array;
  outerAssignment: Uint32Array;
  outerFolds: number;
  innerFolds: number;
  criterion: C;
  horizon: number;
}

/** One outer fold as run: its summary and its test rows' predictions, in row order. */
export interface SurvivalOuterFoldRun<P> {
  result: OuterFoldResult<P>;
  riskAtHorizon: Float64Array;
  linearPredictor: Float64Array;
}

export interface SurvivalNestedCvResult<
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
> {
  method: "nested-cv";
  criterion: C;
  outerFolds: number;
  innerFolds: number;
  horizon: number;
  rows: Uint32Array;
  outerAssignment: Uint32Array;
  /** Out-of-fold risk by the horizon of each of `rows`. */
  riskAtHorizon: Float64Array;
  /** Out-of-fold linear predictor of each of `rows`, on its own fold model's scale. */
  linearPredictor: Float64Array;
  folds: OuterFoldResult<P>[];
  performance: Perf;
}

export function survivalNestedCrossValidation<
  M,
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
>(options: SurvivalNestedCvOptions<M, P, Perf, C>): SurvivalNestedCvResult<P, Perf, C> {
  const plan = survivalNestedCvPlan(options);
  const runs: SurvivalOuterFoldRun<P>[] = [];
  for (let fold = 0; fold < plan.outerFolds; fold++)
    runs.push(survivalNestedCvOuterFold(options, plan, fold));
  return combineSurvivalNestedCv(plan, runs, options.confLevel, endpointOf(options));
}

export function survivalNestedCvPlan<
  M,
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
>(options: SurvivalNestedCvOptions<M, P, Perf, C>): SurvivalNestedCvPlan<C> {
  const caller = "survivalNestedCrossValidation";
  const { table, grid, seed, horizon } = options;
  const endpoint = endpointOf(options);
  const rows = options.rows ?? everyRow(table.rows.length);
  const criterion = options.criterion ?? endpoint.criteria[0]!;
  if (grid.length === 0) throw new RangeError(`${caller}: the hyperparameter grid is empty`);
  if (!endpoint.criteria.includes(criterion)) {
    throw new RangeError(
      `${caller}: criterion is ${String(criterion)}; expected ${endpoint.criteria.map((c) => `"${c}"`).join(" or ")}`,
    );
  }
  checkHorizon(caller, horizon);
  const outcome = endpoint.outcomeOf(caller, table, options.time, options.event, rows);
  const outerFolds = options.outerFolds ?? 5;
  const outerAssignment = kFoldAssignment({ n: rows.length, k: outerFolds, seed, strata: outcome.event });
  return {
    rows,
    time: outcome.time,
    event: outcome.event,
    outerAssignment,
    outerFolds,
    innerFolds: options.innerFolds ?? 5,
    criterion,
    horizon,
  };
}

/** Outer fold `fold`: inner tuning on its training rows, the refit with the chosen entry, its test predictions. */
export function survivalNestedCvOuterFold<
  M,
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
>(
  options: SurvivalNestedCvOptions<M, P, Perf, C>,
  plan: SurvivalNestedCvPlan<C>,
  fold: number,
  /** The fold's inner scores when computed apart (survivalNestedCvInnerScore, e.g. on other threads). */
  innerScores?: readonly number[],
): SurvivalOuterFoldRun<P> {
  const { learner, table, time, event, grid } = options;
  const { train, test } = outerFoldRows(plan, fold);
  const scores = innerScores
    ? checkedScores(innerScores, grid.length, fold)
    : grid.map((_, g) => survivalNestedCvInnerScore(options, plan, fold, g));
  let chosenIndex = 0;
  for (let g = 1; g < grid.length; g++) {
    if (scores[g]! > scores[chosenIndex]! || Number.isNaN(scores[chosenIndex]!)) chosenIndex = g;
  }
  const chosen = grid[chosenIndex]!;
  const model = learner.fit(table, time, event, train, chosen);
  const survival = learner.predictSurvival(model, table, test, plan.horizon);
  return {
    result: { fold, nTrain: train.length, nTest: test.length, chosenIndex, chosen, innerScores: scores },
    riskAtHorizon: survival.map((s) => 1 - s),
    linearPredictor: learner.predictRisk(model, table, test),
  };
}

/** Grid entry `gridIndex`'s mean inner C in outer fold `fold` (one independent piece of the fold's tuning). */
export function survivalNestedCvInnerScore<
  M,
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
>(
  options: SurvivalNestedCvOptions<M, P, Perf, C>,
  plan: SurvivalNestedCvPlan<C>,
  fold: number,
  gridIndex: number,
): number {
  const params = options.grid[gridIndex];
  if (params === undefined) throw new RangeError(`survival nested CV: no grid entry ${gridIndex}`);
  const { train } = outerFoldRows(plan, fold);
  return innerScore(options, plan, train, params, options.seed, fold + 1);
}

/** The nested-CV result from every outer fold's run (in any order). */
export function combineSurvivalNestedCv<
  P,
  Perf = SurvivalPerformance,
  C extends string = SurvivalTuningCriterion,
>(
  plan: SurvivalNestedCvPlan<C>,
  runs: readonly SurvivalOuterFoldRun<P>[],
  confLevel?: number,
  endpoint: TimeToEventEndpoint<Perf, C> = survivalEndpoint as unknown as TimeToEventEndpoint<Perf, C>,
): SurvivalNestedCvResult<P, Perf, C> {
  const ordered = runs.slice().sort((a, b) => a.result.fold - b.result.fold);
  if (ordered.length !== plan.outerFolds || ordered.some((r, f) => r.result.fold !== f)) {
    throw new RangeError(
      `combineSurvivalNestedCv: expected outer folds 0…${plan.outerFolds - 1}, got ${ordered.map((r) => r.result.fold).join(", ")}`,
    );
  }
  const riskAtHorizon = new Float64Array(plan.rows.length);
  const linearPredictor = new Float64Array(plan.rows.length);
  for (const run of ordered) {
    outerFoldRows(plan, run.result.fold).testPositions.forEach((i, k) => {
      riskAtHorizon[i] = run.riskAtHorizon[k]!;
      linearPredictor[i] = run.linearPredictor[k]!;
    });
  }
  return {
    method: "nested-cv",
    criterion: plan.criterion,
    outerFolds: plan.outerFolds,
    innerFolds: plan.innerFolds,
    horizon: plan.horizon,
    rows: plan.rows,
    outerAssignment: plan.outerAssignment,
    riskAtHorizon,
    linearPredictor,
    folds: ordered.map((r) => r.result),
    performance: endpoint.performance({
      riskAtHorizon,
      time: plan.time,
      event: plan.event,
      horizon: plan.horizon,
      ...(confLevel === undefined ? {} : { confLevel }),
    }),
  };
}

/** Mean inner-CV score of one grid entry, fitted and scored on the outer training rows only. */
function innerScore<M, P, Perf, C extends string>(
  options: SurvivalNestedCvOptions<M, P, Perf, C>,
  plan: SurvivalNestedCvPlan<C>,
  trainRows: Uint32Array,
  params: P,
  seed: number,
  repeat: number,
): number {
  const { learner, table, time, event } = options;
  const endpoint = endpointOf(options);
  const status = Uint8Array.from(trainRows, (row) => event[row]!);
  const assignment = kFoldAssignment({
    n: trainRows.length,
    k: plan.innerFolds,
    seed,
    strata: status,
    repeat,
  });
  let sum = 0;
  let counted = 0;
  for (let fold = 0; fold < plan.innerFolds; fold++) {
    const split = foldSplit(assignment, fold);
    const fitRows = split.train.map((i) => trainRows[i]!);
    const scoreRows = split.test.map((i) => trainRows[i]!);
    const model = learner.fit(table, time, event, fitRows, params);
    try {
      sum += endpoint.tuningScore(plan.criterion, {
        time: Float64Array.from(scoreRows, (row) => time[row]!),
        event: Uint8Array.from(scoreRows, (row) => event[row]!),
        horizon: plan.horizon,
        linearPredictor: learner.predictRisk(model, table, scoreRows),
        riskAtHorizon: () => learner.predictSurvival(model, table, scoreRows, plan.horizon).map((s) => 1 - s),
      });
      counted++;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return counted === 0 ? Number.NaN : sum / counted;
}

/** The options' endpoint, or the survival one; its Perf and C are the options' by construction. */
function endpointOf<M, P, Perf, C extends string>(
  options: SurvivalNestedCvOptions<M, P, Perf, C>,
): TimeToEventEndpoint<Perf, C> {
  return options.endpoint ?? (survivalEndpoint as unknown as TimeToEventEndpoint<Perf, C>);
}
