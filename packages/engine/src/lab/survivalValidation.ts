import {
  boostedTreesCoxLearner,
  type CauseSpecificModel,
  type CenterEndpoint,
  type CompetingPerformance,
  causeLearner,
  causeSpecificLearner,
  causeStatusOf,
  combineSurvivalNestedCv,
  competingEndpoint,
  type EndpointPerformanceInput,
  elasticNetCoxLearner,
  type FoldConformal,
  imputedElasticNetCoxLearner,
  isCompetingEndpoint,
  type ModelSpec,
  modelEvent,
  type OptimismEndpoint,
  outerFoldRows,
  type ReplicateImportance,
  type SurvivalLearner,
  type SurvivalNestedCvOptions,
  type SurvivalOuterFoldRun,
  type SurvivalPerformance,
  statusAtHorizon,
  survivalAtHorizon,
  survivalCenterEndpoint,
  survivalEndpoint,
  survivalNestedCvInnerScore,
  survivalNestedCvOuterFold,
  survivalNestedCvPlan,
  survivalOptimismEndpoint,
  survivalOptimismRunner,
  survivalPerformance,
  type TimeToEventEndpoint,
  timeToEventLeaveOneCenterOut,
} from "@carta/ml";
import type { IndexValues, OptimismReplicate } from "@carta/stats";
import { eventsOf, type LearningData } from "./learningData.js";
import type { PerformanceJson, ValidationJson, ValidationTask } from "./modelValidation.js";
import { foldConformalOrNull, mergedConformal, mergedOptimism, refitImportance } from "./validationMerge.js";

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
  | { kind: "loco"; loco: NonNullable<ValidationJson["loco"]> }
  | { kind: "inner-score"; fold: number; grid: number; score: number };

/** The proportional-hazards learner of a spec with its grid (for relapse_vs_nrm: of each cause). */
export function survivalLearnerOf(spec: ModelSpec): {
  learner: SurvivalLearner<unknown, unknown>;
  grid: readonly unknown[];
} {
  if (spec.learner.kind === "elastic-net-cox")
    return { learner: elasticNetCoxLearner as SurvivalLearner<unknown, unknown>, grid: spec.learner.grid };
  if (spec.learner.kind === "imputed-elastic-net-cox")
    return {
      learner: imputedElasticNetCoxLearner as SurvivalLearner<unknown, unknown>,
      grid: spec.learner.grid,
    };
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
 * How a time-to-event spec is fitted and judged, the same way for every design:
 *
 * - pfs / os: the Cox learner on (time, status 1/0), judged by survivalPerformance (Harrell's and
 *   Uno's C, time-dependent AUC and Brier, Cox calibration slope).
 * - relapse_vs_nrm: cause-specific Cox models of both causes (causeSpecificLearner), read as the
 *   spec's cause — linear predictor of its hazard, 1 − its cumulative incidence by the horizon as
 *   "survival" (causeLearner) — on the status 0/1/2, judged by competingPerformance (Wolbers' C,
 *   the competing-risks AUC and Brier at the horizon, Aalen–Johansen calibration).
 *
 * `performanceJson` writes either into the binary run's PerformanceJson.
 */
export interface TimeToEventDesign {
  learner: SurvivalLearner<unknown, unknown>;
  grid: readonly unknown[];
  time: number[];
  /** Status per row: 1/0, or 0/1/2 for relapse_vs_nrm. */
  status: number[];
  horizon: number;
  /** The status code that is the spec's event. */
  cause: number;
  nestedCvEndpoint: TimeToEventEndpoint<unknown, string>;
  optimismEndpoint: OptimismEndpoint;
  centerEndpoint: CenterEndpoint<unknown>;
  criterion: string;
  optimismIndexes: string;
  performance(input: EndpointPerformanceInput): unknown;
  performanceJson(p: unknown): PerformanceJson | null;
  /** The model a stability measure reads: the cause's own model for cause-specific fits. */
  importanceModel(model: unknown): unknown;
}

export function timeToEventDesign(spec: ModelSpec, data: LearningData): TimeToEventDesign {
  const { learner, grid } = survivalLearnerOf(spec);
  const { time, event } = survivalArrays(data);
  const horizon = horizonOf(spec);
  if (isCompetingEndpoint(spec.endpoint)) {
    const cause = causeStatusOf(spec);
    const endpoint = competingEndpoint(cause);
    return {
      learner: causeLearner(causeSpecificLearner(learner), cause) as SurvivalLearner<unknown, unknown>,
      grid,
      time,
      status: event,
      horizon,
      cause,
      nestedCvEndpoint: endpoint as TimeToEventEndpoint<unknown, string>,
      optimismEndpoint: endpoint,
      centerEndpoint: endpoint as CenterEndpoint<unknown>,
      criterion: "Wolbers' C truncated at the horizon (mean over the inner folds)",
      optimismIndexes: "WolbersC, AUC, Brier",
      performance: (input) => endpoint.performance(input),
      performanceJson: (p) => competingPerformanceJson(p as CompetingPerformance, horizon),
      importanceModel: (model) => (model as CauseSpecificModel<unknown>).models[cause - 1],
    };
  }
  return {
    learner,
    grid,
    time,
    status: event,
    horizon,
    cause: 1,
    nestedCvEndpoint: survivalEndpoint as TimeToEventEndpoint<unknown, string>,
    optimismEndpoint: survivalOptimismEndpoint,
    centerEndpoint: survivalCenterEndpoint as CenterEndpoint<unknown>,
    criterion: "Harrell's C (mean over the inner folds)",
    optimismIndexes: "HarrellC, UnoC, Slope",
    performance: (input) => survivalPerformance(input),
    performanceJson: (p) => survivalPerformanceJson(p as SurvivalPerformance, horizon),
    importanceModel: (model) => model,
  };
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
  const problems = p.problems.map((q) => `${q.metric}: ${q.message}`);
  return {
    n: p.n,
    nEvents: p.nEvents,
    auc: p.auc.estimate,
    aucLower: p.auc.lower,
    aucUpper: p.auc.upper,
    brier: p.brier?.estimate ?? Number.NaN,
    brierNull: p.brier?.nullBrier ?? Number.NaN,
    calibrationIntercept: logObservedOverPredicted(p.observedRisk.estimate, p.meanPredictedRisk),
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

/**
 * A competing-risks performance in the same JSON: `auc` and `brier` are the cause's at the horizon
 * (riskRegression::Score's definitions), the observed risk is the Aalen–Johansen cumulative incidence
 * with a Wald 95% CI from Aalen's variance, `calibrationIntercept` log(observed / mean predicted);
 * `survival.competing` adds Wolbers' C and the competing events by the horizon. No calibration slope
 * is estimated for a cumulative incidence model here (calibrationProblem says so).
 */
export function competingPerformanceJson(
  p: CompetingPerformance,
  horizonMonths: number,
): PerformanceJson | null {
  if (p.auc === null) return null;
  const z = 1.959963984540054;
  const observed = p.observedRisk ?? Number.NaN;
  const se = p.observedRiskStdErr ?? Number.NaN;
  return {
    n: p.n,
    nEvents: p.eventsByHorizon,
    auc: p.auc.estimate,
    aucLower: p.auc.lower,
    aucUpper: p.auc.upper,
    brier: p.brier?.estimate ?? Number.NaN,
    brierNull: p.brier?.nullBrier ?? Number.NaN,
    calibrationIntercept: logObservedOverPredicted(observed, p.meanPredictedRisk),
    calibrationSlope: null,
    calibrationProblem:
      "no calibration slope is estimated for a cumulative-incidence model; see the risk groups and calibration-in-the-large",
    survival: {
      horizonMonths,
      eventsByHorizon: p.eventsByHorizon,
      aucCases: p.auc.nCases,
      aucControls: p.auc.nControls,
      harrellC: null,
      unoC: null,
      ipa: p.brier?.ipa ?? null,
      observedRisk: {
        estimate: observed,
        lower: Math.max(0, observed - z * se),
        upper: Math.min(1, observed + z * se),
      },
      meanPredictedRisk: p.meanPredictedRisk,
      problems: p.problems.map((q) => `${q.metric}: ${q.message}`),
      competing: {
        cause: p.cause === 1 ? "relapse" : "nrm",
        competingByHorizon: p.competingByHorizon,
        wolbersC: p.concordance?.estimate ?? null,
      },
    },
  };
}

function logObservedOverPredicted(observed: number, predicted: number): number | null {
  return observed > 0 && predicted > 0 ? Math.log(observed / predicted) : null;
}

/** Calibration groups in the binary run's shape (Wald limits from the Aalen–Johansen SE for competing risks). */
function calibrationGroupsJson(p: unknown): ValidationJson["nestedCv"]["calibrationGroups"] {
  const groups = (p as SurvivalPerformance | CompetingPerformance).calibrationGroups;
  const z = 1.959963984540054;
  return groups.map((g) =>
    "observedStdErr" in g
      ? {
          ...g,
          observedLower: Math.max(0, g.observed - z * g.observedStdErr),
          observedUpper: Math.min(1, g.observed + z * g.observedStdErr),
        }
      : g,
  );
}

function nestedCvOptions(design: TimeToEventDesign, spec: ModelSpec, data: LearningData) {
  const v = spec.validation;
  return {
    learner: design.learner,
    table: { columns: data.columns, rows: data.rows },
    time: design.time,
    event: design.status,
    horizon: design.horizon,
    grid: design.grid,
    outerFolds: v.outerFolds,
    innerFolds: v.innerFolds,
    seed: v.seed,
    endpoint: design.nestedCvEndpoint,
  } as SurvivalNestedCvOptions<unknown, unknown, unknown, string>;
}

/** Runs one task of a time-to-event spec's validation (pure, for any thread). */
export function runSurvivalValidationTask(
  spec: ModelSpec,
  data: LearningData,
  task: Exclude<ValidationTask, { kind: "transport" }>,
  conformalAlpha: number,
): SurvivalTaskResult {
  const design = timeToEventDesign(spec, data);
  const { learner, grid, time, status, horizon } = design;
  const table = { columns: data.columns, rows: data.rows };
  const v = spec.validation;
  switch (task.kind) {
    case "inner-score": {
      const options = nestedCvOptions(design, spec, data);
      const score = survivalNestedCvInnerScore(options, survivalNestedCvPlan(options), task.fold, task.grid);
      return { kind: "inner-score", fold: task.fold, grid: task.grid, score };
    }
    case "nested-cv-fold": {
      const options = nestedCvOptions(design, spec, data);
      const plan = survivalNestedCvPlan(options);
      const run = survivalNestedCvOuterFold(options, plan, task.fold, task.innerScores);
      const { train, test } = outerFoldRows(plan, task.fold);
      const known = statusAtHorizon(time, status, horizon, design.cause);
      const conformal = foldConformalOrNull({
        learner: survivalAtHorizon(learner, time, status, horizon),
        table,
        outcome: known,
        trainRows: train,
        // Coverage can only be checked where the status at the horizon is known.
        testRows: test.filter((i) => !Number.isNaN(known[i]!)),
        params: run.result.chosen,
        alpha: conformalAlpha,
        seed: v.seed,
        fold: task.fold,
      });
      return { kind: "survival-nested-cv-fold", run, conformal };
    }
    case "optimism": {
      const stability = refitImportance(table, design.importanceModel);
      const runner = survivalOptimismRunner({
        learner,
        table,
        time,
        event: status,
        horizon,
        params: grid[0],
        seed: v.seed,
        endpoint: design.optimismEndpoint,
        onRefit: stability.onRefit,
      });
      const apparent = task.apparent ? runner.apparent() : null;
      const replicates: OptimismReplicate[] = [];
      for (let b = task.first; b < task.end; b++) replicates.push(runner.replicate(b));
      return { kind: "optimism", apparent, replicates, importance: stability.importance() };
    }
    case "loco":
      return { kind: "loco", loco: runSurvivalLoco(design, spec, data) };
  }
}

function runSurvivalLoco(
  design: TimeToEventDesign,
  spec: ModelSpec,
  data: LearningData,
): NonNullable<ValidationJson["loco"]> {
  const r = timeToEventLeaveOneCenterOut({
    learner: design.learner,
    table: { columns: data.columns, rows: data.rows },
    time: design.time,
    event: design.status,
    centers: data.centers,
    horizon: design.horizon,
    params: design.grid[0],
    minEvents: spec.validation.locoMinEvents,
    endpoint: design.centerEndpoint,
  });
  const pooled = (name: string) => {
    const p = r.pooled[name];
    return p
      ? {
          estimate: p.estimate,
          ciLower: p.ciLower,
          ciUpper: p.ciUpper,
          piLower: p.piLower,
          piUpper: p.piUpper,
          tau: p.tau,
          i2: p.i2,
          k: p.k,
        }
      : null;
  };
  const competing = isCompetingEndpoint(spec.endpoint);
  return {
    minEvents: r.minEvents,
    leftOut: null,
    groups: r.groups.map((g) => ({
      label: g.label,
      centers: g.centers,
      n: g.n,
      nEvents: g.nEvents,
      belowMinimum: g.belowMinimum,
      performance: design.performanceJson(g.performance),
    })),
    // Competing risks pool the cause's AUC (Wolbers' C has no standard error here); survival pools C.
    pooledAuc: competing ? pooled("auc") : null,
    pooledSlope: competing ? null : pooled("slope"),
    pooledIntercept: null,
    pooledHarrellC: competing ? null : pooled("harrellC"),
    pooledUnoC: competing ? null : pooled("unoC"),
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
    status: Uint8Array,
    horizon: number,
    cause: number | undefined,
  ) => ValidationJson["nestedCv"]["decisionCurve"],
): ValidationJson {
  const design = timeToEventDesign(spec, data);
  const horizon = design.horizon;
  const plan = survivalNestedCvPlan(nestedCvOptions(design, spec, data));
  const folds = results.flatMap((r) => (r.kind === "survival-nested-cv-fold" ? [r] : []));
  const cv = combineSurvivalNestedCv(
    plan,
    folds.map((r) => r.run),
    undefined,
    design.nestedCvEndpoint,
  );
  const performance = design.performanceJson(cv.performance);
  if (performance === null) {
    throw new RangeError(
      `model ${spec.name}: the time-dependent AUC at ${horizon} months is undefined on the out-of-fold predictions (${(cv.performance as { problems: { message: string }[] }).problems.map((p) => p.message).join("; ")})`,
    );
  }
  const conformal = mergedConformal(
    folds.map((r) => r.conformal),
    conformalAlpha,
    `; for the status at ${horizon} months, on the rows where it is known (censored before the horizon: left out of calibration and of the check)`,
  );
  const { optimism, stability } = mergedOptimism(
    results.flatMap((r) => (r.kind === "optimism" ? [r] : [])),
    data.columns.map((c) => c.name),
    `nonzero coefficient (elastic-net Cox) or used in a split (Cox trees)${isCompetingEndpoint(spec.endpoint) ? ", read on the cause's own model" : ""}`,
    " on the log relative hazard",
  );
  return {
    endpoint: spec.endpoint,
    event: modelEvent(spec),
    n: data.outcome.length,
    nEvents: eventsOf(spec, data.outcome),
    dropped: data.dropped,
    nestedCv: {
      outerFolds: cv.outerFolds,
      innerFolds: cv.innerFolds,
      criterion: design.criterion,
      chosen: cv.folds.map((f) => f.chosenIndex),
      performance,
      // A lowess of 0/1 outcomes has no meaning under censoring; the risk groups use Kaplan–Meier.
      calibrationCurve: null,
      calibrationGroups: calibrationGroupsJson(cv.performance),
      // For relapse_vs_nrm the event is the cause, its incidence Aalen–Johansen's (the competing one is no censoring).
      decisionCurve: decisionCurveOf(
        cv.riskAtHorizon,
        plan.time,
        plan.event,
        horizon,
        isCompetingEndpoint(spec.endpoint) ? design.cause : undefined,
      ),
    },
    conformal,
    optimism,
    stability,
    loco: results.find((r) => r.kind === "loco")?.loco ?? null,
    transport: results.find((r) => r.kind === "transport")?.transport ?? null,
  };
}
