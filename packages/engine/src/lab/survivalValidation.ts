import {
  boostedTreesCoxLearner,
  combineSurvivalNestedCv,
  elasticNetCoxLearner,
  type FoldConformal,
  featureImportance,
  foldConformal,
  type ModelSpec,
  modelEvent,
  outerFoldRows,
  predictorStability,
  type ReplicateImportance,
  type SurvivalLearner,
  type SurvivalNestedCvOptions,
  type SurvivalOuterFoldRun,
  type SurvivalPerformance,
  statusAtHorizon,
  summarizeConformal,
  survivalAtHorizon,
  survivalLeaveOneCenterOut,
  survivalNestedCvOuterFold,
  survivalNestedCvPlan,
  survivalOptimismRunner,
} from "@carta/ml";
import { type IndexValues, type OptimismReplicate, summarizeOptimism } from "@carta/stats";
import type { LearningData } from "./learningData.js";
import type { PerformanceJson, ValidationJson, ValidationTask } from "./modelValidation.js";

/**
 * The validation designs of a time-to-event model spec (endpoint pfs or os, a Cox learner, a horizon),
 * the same tasks as the binary run (modelValidation.ts) on the survival designs of @carta/ml:
 *
 * - nested cross-validation tuned on Harrell's C inside each outer training set; the pooled
 *   out-of-fold risks by the horizon give the C statistics, the time-dependent AUC and Brier score,
 *   calibration at the horizon and the calibration slope (survivalPerformance);
 * - split-conformal sets for the status at the horizon, built and checked inside each outer fold on
 *   the rows whose status there is known (censored before the horizon: left out, as the binary
 *   horizon endpoints leave them out);
 * - bootstrap optimism of Harrell's C, Uno's C and the calibration slope, with the stability of the
 *   predictors across the refits;
 * - leave-one-centre-out with small centres pooled, C statistics and slopes pooled by random effects.
 *
 * The result is the ValidationJson the binary run writes — `performance.auc` is the cumulative/dynamic
 * AUC at the horizon and `brier` the IPCW Brier score there — with `performance.survival` adding the
 * C statistics, the IPA and the observed and predicted risks, so that every reader of a run shows a
 * survival model's figures without a second format.
 */

export type SurvivalTaskResult =
  | {
      kind: "survival-nested-cv-fold";
      run: SurvivalOuterFoldRun<unknown>;
      conformal: FoldConformal | null;
    }
  | {
      kind: "optimism";
      apparent: IndexValues | null;
      replicates: OptimismReplicate[];
      importance: ReplicateImportance[] | null;
    }
  | { kind: "loco"; loco: NonNullable<ValidationJson["loco"]> };

/** The survival learner of a spec with its grid. */
export function survivalLearnerOf(spec: ModelSpec): {
  learner: SurvivalLearner<unknown, unknown>;
  grid: readonly unknown[];
} {
  if (spec.learner.kind === "elastic-net-cox")
    return { learner: elasticNetCoxLearner as SurvivalLearner<unknown, unknown>, grid: spec.learner.grid };
  if (spec.learner.kind === "boosted-trees-cox")
    return { learner: boostedTreesCoxLearner as SurvivalLearner<unknown, unknown>, grid: spec.learner.grid };
  throw new RangeError(
    `model ${spec.name}: learner ${spec.learner.kind} does not fit a time-to-event endpoint`,
  );
}

/** The spec's horizon in months (readModelSpec requires one for a time-to-event endpoint). */
export function horizonOf(spec: ModelSpec): number {
  if (spec.horizonMonths === null) throw new RangeError(`model ${spec.name}: no horizonMonths`);
  return spec.horizonMonths;
}

/** Time and status of the learning rows; a binary endpoint's data have no times. */
export function survivalArrays(data: LearningData): { time: number[]; event: number[] } {
  if (data.time === null) throw new RangeError("the learning data have no follow-up times");
  return { time: data.time, event: data.outcome };
}

/**
 * A survival performance in the binary run's JSON: `auc` is the cumulative/dynamic AUC at the
 * horizon, `brier` the IPCW Brier score there, `calibrationSlope` the Cox calibration slope, and
 * `calibrationIntercept` calibration-in-the-large at the horizon as log(observed / mean predicted
 * risk), the observed risk being 1 − the Kaplan–Meier S(τ) (0 when they agree; Royston & Altman,
 * BMC Med Res Methodol 2013;13:33 compare them the same way). null when the AUC is undefined (no
 * case or no control at the horizon).
 */
export function survivalPerformanceJson(
  p: SurvivalPerformance,
  horizonMonths: number,
): PerformanceJson | null {
  if (p.auc === null) return null;
  const observed = p.observedRisk.estimate;
  const inTheLarge =
    observed > 0 && p.meanPredictedRisk > 0 ? Math.log(observed / p.meanPredictedRisk) : null;
  const problems = p.problems.map((q) => `${q.metric}: ${q.message}`);
  return {
    n: p.n,
    nEvents: p.nEvents,
    auc: p.auc.estimate,
    aucLower: p.auc.lower,
    aucUpper: p.auc.upper,
    brier: p.brier?.estimate ?? Number.NaN,
    brierNull: p.brier?.nullBrier ?? Number.NaN,
    calibrationIntercept: inTheLarge,
    calibrationSlope: p.calibrationSlope?.estimate ?? null,
    calibrationProblem:
      p.calibrationSlope === null
        ? (problems.find((q) => q.startsWith("calibrationSlope")) ?? "calibration slope undefined")
        : null,
    survival: {
      horizonMonths,
      eventsByHorizon: p.eventsByHorizon,
      aucCases: p.auc.nCases,
      aucControls: p.auc.nControls,
      harrellC: p.harrellC && {
        estimate: p.harrellC.estimate,
        lower: p.harrellC.lower,
        upper: p.harrellC.upper,
      },
      unoC: p.unoC && { estimate: p.unoC.estimate, lower: p.unoC.lower, upper: p.unoC.upper },
      ipa: p.brier?.ipa ?? null,
      observedRisk: p.observedRisk,
      meanPredictedRisk: p.meanPredictedRisk,
      problems,
    },
  };
}

function nestedCvOptions(spec: ModelSpec, data: LearningData): SurvivalNestedCvOptions<unknown, unknown> {
  const { learner, grid } = survivalLearnerOf(spec);
  const { time, event } = survivalArrays(data);
  const v = spec.validation;
  return {
    learner,
    table: { columns: data.columns, rows: data.rows },
    time,
    event,
    horizon: horizonOf(spec),
    grid,
    outerFolds: v.outerFolds,
    innerFolds: v.innerFolds,
    criterion: "harrellC",
    seed: v.seed,
  };
}

/** Runs one task of a time-to-event spec's validation (pure, for any thread). */
export function runSurvivalValidationTask(
  spec: ModelSpec,
  data: LearningData,
  task: Exclude<ValidationTask, { kind: "transport" }>,
  conformalAlpha: number,
): SurvivalTaskResult {
  const { learner, grid } = survivalLearnerOf(spec);
  const { time, event } = survivalArrays(data);
  const table = { columns: data.columns, rows: data.rows };
  const horizon = horizonOf(spec);
  const v = spec.validation;
  switch (task.kind) {
    case "nested-cv-fold": {
      const options = nestedCvOptions(spec, data);
      const plan = survivalNestedCvPlan(options);
      const run = survivalNestedCvOuterFold(options, plan, task.fold);
      const { train, test } = outerFoldRows(plan, task.fold);
      const status = statusAtHorizon(time, event, horizon);
      let conformal: FoldConformal | null = null;
      try {
        conformal = foldConformal({
          learner: survivalAtHorizon(learner, time, event, horizon),
          table,
          outcome: status,
          trainRows: train,
          // Coverage can only be checked where the status at the horizon is known.
          testRows: test.filter((i) => !Number.isNaN(status[i]!)),
          params: run.result.chosen,
          alpha: conformalAlpha,
          seed: v.seed,
          fold: task.fold,
        });
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
      return { kind: "survival-nested-cv-fold", run, conformal };
    }
    case "optimism": {
      const importance: ReplicateImportance[] = [];
      let readable = true;
      const runner = survivalOptimismRunner({
        learner,
        table,
        time,
        event,
        horizon,
        params: grid[0],
        seed: v.seed,
        onRefit(refit) {
          if (!readable) return;
          const measured = featureImportance(refit.model, table, refit.rows);
          if (measured === null) readable = false;
          else importance.push({ replicate: refit.replicate, ...measured });
        },
      });
      const apparent = task.apparent ? runner.apparent() : null;
      const replicates: OptimismReplicate[] = [];
      for (let b = task.first; b < task.end; b++) replicates.push(runner.replicate(b));
      return { kind: "optimism", apparent, replicates, importance: readable ? importance : null };
    }
    case "loco":
      return { kind: "loco", loco: runSurvivalLoco(spec, data) };
  }
}

function runSurvivalLoco(spec: ModelSpec, data: LearningData): NonNullable<ValidationJson["loco"]> {
  const { learner, grid } = survivalLearnerOf(spec);
  const { time, event } = survivalArrays(data);
  const horizon = horizonOf(spec);
  const r = survivalLeaveOneCenterOut({
    learner,
    table: { columns: data.columns, rows: data.rows },
    time,
    event,
    centers: data.centers,
    horizon,
    params: grid[0],
    minEvents: spec.validation.locoMinEvents,
  });
  const pooled = (p: typeof r.pooledSlope) =>
    p && {
      estimate: p.estimate,
      ciLower: p.ciLower,
      ciUpper: p.ciUpper,
      piLower: p.piLower,
      piUpper: p.piUpper,
      tau: p.tau,
      i2: p.i2,
      k: p.k,
    };
  return {
    minEvents: r.minEvents,
    leftOut: null,
    groups: r.groups.map((g) => ({
      label: g.label,
      centers: g.centers,
      n: g.n,
      nEvents: g.nEvents,
      belowMinimum: g.belowMinimum,
      performance: survivalPerformanceJson(g.performance, horizon),
    })),
    pooledAuc: null,
    pooledSlope: pooled(r.pooledSlope),
    pooledIntercept: null,
    pooledHarrellC: pooled(r.pooledHarrellC),
    pooledUnoC: pooled(r.pooledUnoC),
  };
}

/** The ValidationJson of a time-to-event spec's run from its tasks' results (any order, any thread). */
export function mergeSurvivalValidation(
  spec: ModelSpec,
  data: LearningData,
  results: readonly (SurvivalTaskResult | { kind: "transport"; transport: ValidationJson["transport"] })[],
  conformalAlpha: number,
  decisionCurveOf: (
    risk: Float64Array,
    time: Float64Array,
    event: Uint8Array,
    horizon: number,
  ) => ValidationJson["nestedCv"]["decisionCurve"],
): ValidationJson {
  const horizon = horizonOf(spec);
  const plan = survivalNestedCvPlan(nestedCvOptions(spec, data));
  const folds = results.flatMap((r) => (r.kind === "survival-nested-cv-fold" ? [r] : []));
  const cv = combineSurvivalNestedCv(
    plan,
    folds.map((r) => r.run),
  );
  const performance = survivalPerformanceJson(cv.performance, horizon);
  if (performance === null) {
    throw new RangeError(
      `model ${spec.name}: the time-dependent AUC at ${horizon} months is undefined on the out-of-fold predictions (${cv.performance.problems.map((p) => p.message).join("; ")})`,
    );
  }
  let conformal: ValidationJson["conformal"] = null;
  const foldConformals = folds.map((r) => r.conformal);
  if (foldConformals.every((c) => c !== null)) {
    const c = summarizeConformal(foldConformals as FoldConformal[], conformalAlpha);
    conformal = {
      alpha: c.alpha,
      targetCoverage: c.targetCoverage,
      empiricalCoverage: c.empiricalCoverage,
      coverageLower: c.coverageLower,
      coverageUpper: c.coverageUpper,
      n: c.n,
      setSizes: c.setSizes,
      method: `${c.method}; for the status at ${horizon} months, on the rows where it is known (censored before the horizon: left out of calibration and of the check)`,
    };
  }
  const chunks = results.flatMap((r) => (r.kind === "optimism" ? [r] : []));
  const apparent = chunks.find((c) => c.apparent !== null)?.apparent;
  if (!apparent) throw new RangeError("mergeSurvivalValidation: no task computed the apparent indexes");
  const optimism = summarizeOptimism(
    apparent,
    chunks.flatMap((c) => c.replicates),
  );
  let stability: ValidationJson["stability"] = null;
  const importance = chunks.every((c) => c.importance !== null) ? chunks.flatMap((c) => c.importance!) : [];
  if (importance.length > 0) {
    stability = {
      replicates: importance.length,
      method: `refits of the first grid entry on the ${importance.length} fitted bootstrap optimism replicates; selected: nonzero coefficient (elastic-net Cox) or used in a split (Cox trees); importance: ${importance[0]!.measure} on the log relative hazard; rank 1 = most important, ties share their mean rank; rankLower/rankUpper: 2.5th/97.5th percentiles`,
      features: predictorStability(
        data.columns.map((c) => c.name),
        importance,
      ),
    };
  }
  return {
    endpoint: spec.endpoint,
    event: modelEvent(spec),
    n: data.outcome.length,
    nEvents: cv.performance.nEvents,
    dropped: data.dropped,
    nestedCv: {
      outerFolds: cv.outerFolds,
      innerFolds: cv.innerFolds,
      criterion: "Harrell's C (mean over the inner folds)",
      chosen: cv.folds.map((f) => f.chosenIndex),
      performance,
      // A lowess of 0/1 outcomes has no meaning under censoring; the risk groups use Kaplan–Meier.
      calibrationCurve: null,
      calibrationGroups: cv.performance.calibrationGroups,
      decisionCurve: decisionCurveOf(cv.riskAtHorizon, plan.time, plan.event, horizon),
    },
    conformal,
    optimism: {
      replicates: optimism.replicates,
      fitted: optimism.fitted,
      failures: optimism.failures,
      indexes: optimism.rows.map((r) => ({
        index: r.index,
        apparent: r.indexOrig,
        optimism: r.optimism,
        corrected: r.indexCorrected,
        n: r.n,
      })),
    },
    stability,
    loco: results.find((r) => r.kind === "loco")?.loco ?? null,
    transport: results.find((r) => r.kind === "transport")?.transport ?? null,
  };
}
