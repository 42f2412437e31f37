import { auc, foldSplit, kFoldAssignment, logLoss } from "@carta/stats";
import { binaryOutcomeOf, checkRows, everyRow, type LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import { type BinaryPerformance, binaryPerformance } from "./binaryPerformance.js";

/**
 * Nested cross-validation (Varma & Simon, BMC Bioinformatics 2006;7:91; Cawley & Talbot, JMLR
 * 2010;11:2079): the hyperparameters are chosen by an inner cross-validation inside each outer
 * training set only, the model is refitted there with the chosen values, and the outer test fold
 * is predicted once. The pooled out-of-fold predictions then estimate the performance of the
 * whole procedure — tuning included — without the optimism of reusing tuned folds.
 *
 * - Outer and inner folds are stratified on the outcome (kFoldAssignment). The outer split is
 *   repeat 0 of `seed`; the inner split of outer fold f is repeat f + 1, so each can be regenerated.
 * - Inner criterion: mean over inner folds of the log loss (lower is better; predictions clamped
 *   to [1e-15, 1 − 1e-15]) or of the AUC (higher is better). Ties keep the earlier grid entry.
 */

export type TuningCriterion = "logLoss" | "auc";

export interface NestedCvOptions<M, P> {
  learner: BinaryLearner<M, P>;
  table: LearningTable;
  /** 0/1 per table row (rows outside `rows` are never read). */
  outcome: ArrayLike<number>;
  /** Candidate hyperparameters, at least one. */
  grid: readonly P[];
  /** Rows to validate on; default every row. */
  rows?: Uint32Array;
  outerFolds?: number;
  innerFolds?: number;
  criterion?: TuningCriterion;
  seed: number;
  confLevel?: number;
}

export interface OuterFoldResult<P> {
  fold: number;
  nTrain: number;
  nTest: number;
  /** Index into the grid of the chosen hyperparameters, and the hyperparameters. */
  chosenIndex: number;
  chosen: P;
  /** Mean inner-CV criterion per grid entry. */
  innerScores: number[];
}

export interface NestedCvResult<P> {
  method: "nested-cv";
  criterion: TuningCriterion;
  outerFolds: number;
  innerFolds: number;
  /** The rows validated, and the outer fold of each (in the same order). */
  rows: Uint32Array;
  outerAssignment: Uint32Array;
  /** Out-of-fold predicted risk of each of `rows`, from the model that never saw it. */
  predicted: Float64Array;
  folds: OuterFoldResult<P>[];
  performance: BinaryPerformance;
}

const LOG_LOSS_CLAMP = 1e-15;

/**
 * What every outer fold needs, computed once and cheaply reproducible (a worker thread running one
 * outer fold rebuilds it from the same options): the rows, their 0/1 outcomes and the outer folds.
 */
export interface NestedCvPlan {
  rows: Uint32Array;
  /** Outcome of each of `rows`, in the same order. */
  y: Float64Array;
  outerAssignment: Uint32Array;
  outerFolds: number;
  innerFolds: number;
  criterion: TuningCriterion;
}

/** One outer fold as run: its summary and the out-of-fold predictions of its test rows, in row order. */
export interface OuterFoldRun<P> {
  result: OuterFoldResult<P>;
  predicted: Float64Array;
}

export function nestedCrossValidation<M, P>(options: NestedCvOptions<M, P>): NestedCvResult<P> {
  const plan = nestedCvPlan(options);
  const folds: OuterFoldRun<P>[] = [];
  for (let fold = 0; fold < plan.outerFolds; fold++) folds.push(nestedCvOuterFold(options, plan, fold));
  return combineNestedCv(plan, folds, options.confLevel);
}

export function nestedCvPlan<M, P>(options: NestedCvOptions<M, P>): NestedCvPlan {
  const caller = "nestedCrossValidation";
  const { table, outcome, grid, seed } = options;
  const rows = options.rows ?? everyRow(table.rows.length);
  const outerK = options.outerFolds ?? 5;
  const innerK = options.innerFolds ?? 5;
  const criterion = options.criterion ?? "logLoss";
  if (grid.length === 0) throw new RangeError(`${caller}: the hyperparameter grid is empty`);
  if (criterion !== "logLoss" && criterion !== "auc") {
    throw new RangeError(`${caller}: criterion is ${String(criterion)}; expected "logLoss" or "auc"`);
  }
  checkRows(caller, table, outcome, rows);
  const y = binaryOutcomeOf(caller, outcome, rows);
  const outerAssignment = kFoldAssignment({ n: rows.length, k: outerK, seed, strata: y });
  return { rows, y, outerAssignment, outerFolds: outerK, innerFolds: innerK, criterion };
}

/** The table rows an outer fold trains on and tests on, and the test rows' positions in plan.rows. */
export function outerFoldRows(
  plan: Pick<NestedCvPlan, "rows" | "outerAssignment">,
  fold: number,
): { train: Uint32Array; test: Uint32Array; testPositions: Uint32Array } {
  const split = foldSplit(plan.outerAssignment, fold);
  return {
    train: split.train.map((i) => plan.rows[i]!),
    test: split.test.map((i) => plan.rows[i]!),
    testPositions: split.test,
  };
}

/** Outer fold `fold`: the inner tuning on its training rows, the refit with the chosen entry, its test predictions. */
export function nestedCvOuterFold<M, P>(
  options: NestedCvOptions<M, P>,
  plan: NestedCvPlan,
  fold: number,
  /** The fold's inner scores when computed apart (nestedCvInnerScore, e.g. on other threads). */
  innerScores?: readonly number[],
): OuterFoldRun<P> {
  const { learner, table, outcome, grid } = options;
  const { criterion } = plan;
  const { train: trainRows, test: testRows } = outerFoldRows(plan, fold);
  const scores = innerScores
    ? checkedScores(innerScores, grid.length, fold)
    : grid.map((_, g) => nestedCvInnerScore(options, plan, fold, g));
  let chosenIndex = 0;
  for (let g = 1; g < grid.length; g++) {
    const better =
      criterion === "logLoss" ? scores[g]! < scores[chosenIndex]! : scores[g]! > scores[chosenIndex]!;
    if (better) chosenIndex = g;
  }
  const chosen = grid[chosenIndex]!;
  const model = learner.fit(table, outcome, trainRows, chosen);
  return {
    result: {
      fold,
      nTrain: trainRows.length,
      nTest: testRows.length,
      chosenIndex,
      chosen,
      innerScores: scores,
    },
    predicted: learner.predictProbability(model, table, testRows),
  };
}

/**
 * Grid entry `gridIndex`'s inner cross-validated criterion in outer fold `fold` — one independent
 * piece of nestedCvOuterFold, so that a run can spread a fold's tuning over threads.
 */
export function nestedCvInnerScore<M, P>(
  options: NestedCvOptions<M, P>,
  plan: NestedCvPlan,
  fold: number,
  gridIndex: number,
): number {
  const { learner, table, outcome, grid, seed } = options;
  const params = grid[gridIndex];
  if (params === undefined) throw new RangeError(`nested CV: no grid entry ${gridIndex}`);
  const { train } = outerFoldRows(plan, fold);
  return innerScore(learner, table, outcome, train, params, plan.innerFolds, seed, fold + 1, plan.criterion);
}

/** Inner scores handed in from elsewhere: one per grid entry. */
export function checkedScores(scores: readonly number[], gridLength: number, fold: number): number[] {
  if (scores.length !== gridLength)
    throw new RangeError(`outer fold ${fold}: ${scores.length} inner scores for ${gridLength} grid entries`);
  return [...scores];
}

/** The nested-CV result from every outer fold's run (in any order). */
export function combineNestedCv<P>(
  plan: NestedCvPlan,
  runs: readonly OuterFoldRun<P>[],
  confLevel?: number,
): NestedCvResult<P> {
  const ordered = runs.slice().sort((a, b) => a.result.fold - b.result.fold);
  if (ordered.length !== plan.outerFolds || ordered.some((r, f) => r.result.fold !== f)) {
    throw new RangeError(
      `combineNestedCv: expected outer folds 0…${plan.outerFolds - 1}, got ${ordered.map((r) => r.result.fold).join(", ")}`,
    );
  }
  const predicted = new Float64Array(plan.rows.length);
  for (const run of ordered) {
    const { testPositions } = outerFoldRows(plan, run.result.fold);
    testPositions.forEach((i, k) => {
      predicted[i] = run.predicted[k]!;
    });
  }
  return {
    method: "nested-cv",
    criterion: plan.criterion,
    outerFolds: plan.outerFolds,
    innerFolds: plan.innerFolds,
    rows: plan.rows,
    outerAssignment: plan.outerAssignment,
    predicted,
    folds: ordered.map((r) => r.result),
    performance: binaryPerformance(predicted, plan.y, confLevel),
  };
}

/** Mean inner-CV criterion of one grid entry, fitted and scored on `trainRows` only. */
function innerScore<M, P>(
  learner: BinaryLearner<M, P>,
  table: LearningTable,
  outcome: ArrayLike<number>,
  trainRows: Uint32Array,
  params: P,
  k: number,
  seed: number,
  repeat: number,
  criterion: TuningCriterion,
): number {
  const y = binaryOutcomeOf("nestedCrossValidation", outcome, trainRows);
  const assignment = kFoldAssignment({ n: trainRows.length, k, seed, strata: y, repeat });
  let sum = 0;
  for (let fold = 0; fold < k; fold++) {
    const split = foldSplit(assignment, fold);
    const model = learner.fit(
      table,
      outcome,
      split.train.map((i) => trainRows[i]!),
      params,
    );
    const p = learner.predictProbability(
      model,
      table,
      split.test.map((i) => trainRows[i]!),
    );
    const yTest = split.test.map((i) => y[i]!);
    sum +=
      criterion === "logLoss"
        ? logLoss({ predicted: p, outcome: yTest, clamp: LOG_LOSS_CLAMP }).logLoss
        : auc({ predicted: p, outcome: yTest }).auc;
  }
  return sum / k;
}
