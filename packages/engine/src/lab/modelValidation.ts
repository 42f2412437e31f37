import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  type BinaryLearner,
  type BinaryPerformance,
  binaryOptimismRunner,
  boostedTreesLearner,
  type CalibrationGroup,
  type CompetingTransportResult,
  calibrationGroups,
  causeStatusOf,
  combineNestedCv,
  ebmLearner,
  elasticNetLearner,
  type FoldConformal,
  imputedElasticNetLearner,
  isCompetingEndpoint,
  isSurvivalEndpoint,
  type LearningTable,
  leaveOneCenterOut,
  type ModelSpec,
  modelEvent,
  type NestedCvOptions,
  nestedCvInnerScore,
  nestedCvOuterFold,
  nestedCvPlan,
  type OuterFoldRun,
  outerFoldRows,
  type PooledEstimate,
  type PredictorStability,
  type ReplicateImportance,
  SURVIVAL_LEARNER_KINDS,
  type SurvivalDecisionCurve,
  type SurvivalTransportResult,
  survivalAtHorizon,
  survivalDecisionCurve,
  type TransportResult,
  transportBinary,
  transportCompeting,
  transportSurvival,
} from "@carta/ml";
import {
  calibrationCurve,
  decisionCurve,
  type IndexValues,
  type OptimismReplicate,
  thresholdSequence,
} from "@carta/stats";
import type { LearningData } from "./learningData.js";
import {
  horizonOf,
  mergeSurvivalValidation,
  runSurvivalValidationTask,
  type SurvivalTaskResult,
  survivalArrays,
  survivalLearnerOf,
  timeToEventDesign,
} from "./survivalValidation.js";
import { foldConformalOrNull, mergedConformal, mergedOptimism, refitImportance } from "./validationMerge.js";

/**
 * The validation designs a model spec asks for, run on plain arrays (no store): nested
 * cross-validation over the spec's grid (with the out-of-fold calibration curve, risk groups and
 * decision curve, and a split-conformal coverage check inside each outer fold), bootstrap optimism
 * correction with the stability of the predictors across its refits, and leave-one-centre-out with
 * the first grid entry (the one `trainModel` fits), and the 3L+ → 2L transport analysis.
 * `runModelValidation` runs them in this thread, `runModelValidationParallel` on worker threads; both
 * merge the same tasks' results (mergeValidation), so the stored result is the same whichever ran it.
 */

export type Progress = (fraction: number, message: string) => void;

/** The learner of a spec with its grid, behind the one interface every design takes. */
export function learnerOf(spec: ModelSpec): {
  learner: BinaryLearner<unknown, unknown>;
  grid: readonly unknown[];
} {
  if (SURVIVAL_LEARNER_KINDS.includes(spec.learner.kind)) {
    throw new RangeError(
      `model ${spec.name}: ${spec.learner.kind} fits a time-to-event endpoint (survivalLearnerOf, or riskLearnerOf for its risk by the horizon)`,
    );
  }
  const learners = {
    "boosted-trees": boostedTreesLearner,
    "elastic-net-logistic": elasticNetLearner,
    ebm: ebmLearner,
    "imputed-elastic-net-logistic": imputedElasticNetLearner,
  } as const;
  const learner = learners[spec.learner.kind as keyof typeof learners];
  return { learner: learner as BinaryLearner<unknown, unknown>, grid: spec.learner.grid };
}

/**
 * The spec's learner as one giving the probability of its event: a binary learner as it is, a Cox
 * learner read at the spec's horizon (risk by then; fitted to the rows' times and statuses in `data`).
 * What the per-patient bootstrap interval and conformal set are computed with.
 */
export function riskLearnerOf(
  spec: ModelSpec,
  data: LearningData,
): { learner: BinaryLearner<unknown, unknown>; grid: readonly unknown[] } {
  if (!isSurvivalEndpoint(spec.endpoint)) return learnerOf(spec);
  const { learner, grid, time, status, horizon } = timeToEventDesign(spec, data);
  return { learner: survivalAtHorizon(learner, time, status, horizon), grid };
}

export function learningTable(data: LearningData): LearningTable {
  return { columns: data.columns, rows: data.rows };
}

export interface PerformanceJson {
  n: number;
  nEvents: number;
  auc: number;
  aucLower: number;
  aucUpper: number;
  brier: number;
  brierNull: number;
  calibrationIntercept: number | null;
  calibrationSlope: number | null;
  calibrationProblem: string | null;
  /**
   * Time-to-event models only (survivalValidation.ts): then `auc` is the cumulative/dynamic AUC at the
   * horizon, `brier` the IPCW Brier score there, `calibrationIntercept` log(observed / mean predicted
   * risk) at the horizon, and these add the rest.
   */
  survival?: {
    horizonMonths: number;
    eventsByHorizon: number;
    aucCases: number;
    aucControls: number;
    /** Harrell's C over all follow-up, and Uno's C truncated at the horizon, with 95% CIs. */
    harrellC: { estimate: number; lower: number; upper: number } | null;
    unoC: { estimate: number; lower: number; upper: number } | null;
    /** Index of prediction accuracy, 1 − Brier / Kaplan–Meier null Brier. */
    ipa: number | null;
    /** 1 − Kaplan–Meier S(horizon), with Greenwood limits. */
    observedRisk: { estimate: number; lower: number; upper: number };
    meanPredictedRisk: number;
    problems: string[];
    /**
     * relapse_vs_nrm: the cause, the competing events by the horizon and Wolbers' C (harrellC and
     * unoC are then null; observedRisk is the Aalen–Johansen cumulative incidence).
     */
    competing?: { cause: "relapse" | "nrm"; competingByHorizon: number; wolbersC: number | null };
  };
}

export function performanceJson(p: BinaryPerformance): PerformanceJson {
  return {
    n: p.n,
    nEvents: p.nEvents,
    auc: p.auc.auc,
    aucLower: p.auc.lower,
    aucUpper: p.auc.upper,
    brier: p.brier,
    brierNull: p.brierNull,
    calibrationIntercept: p.calibration?.intercept ?? null,
    calibrationSlope: p.calibration?.slope ?? null,
    calibrationProblem: p.calibrationProblem,
  };
}

function pooledJson(p: PooledEstimate | null) {
  if (!p) return null;
  return {
    estimate: p.estimate,
    ciLower: p.ciLower,
    ciUpper: p.ciUpper,
    piLower: p.piLower,
    piUpper: p.piUpper,
    tau: p.tau,
    i2: p.i2,
    k: p.k,
  };
}

export interface CohortEffectJson {
  estimate: number;
  lower: number;
  upper: number;
}

/** `carta lab transport`'s document (docs/lab.md "Transport"). */
export interface TransportJson {
  endpoint: string;
  event: string;
  development: "3L+";
  target: "2L";
  n_3l: number;
  n_2l: number;
  predictors: {
    name: string;
    /** "per SD" for a numeric predictor, "1 vs 0" or "level vs reference" otherwise. */
    scale: string;
    effect_3l: CohortEffectJson;
    effect_2l: CohortEffectJson;
    interaction_p: number;
  }[];
  effects_rows: {
    n_3l: number;
    n_2l: number;
    dropped_incomplete: number;
    not_estimable: string[];
    adjustment: "adjusted" | "one at a time";
    adjustment_reason: string | null;
  };
  shift: {
    domain_auc: number;
    domain_auc_lower: number;
    domain_auc_upper: number;
    smd: { name: string; smd: number | null; missing_3l: number; missing_2l: number; note: string | null }[];
  };
  performance_2l: {
    auc: number;
    auc_lower: number;
    auc_upper: number;
    brier: number;
    calibration_slope: number | null;
    calibration_intercept: number | null;
    calibration_problem: string | null;
    /**
     * Time-to-event models: Harrell's C with its 95% CI and the horizon; `auc` is then the
     * time-dependent AUC at the horizon and `calibration_intercept` log(observed / mean predicted
     * risk) there (Debray et al., Stat Methods Med Res 2019;28:2768).
     */
    c_index?: number | null;
    c_index_lower?: number | null;
    c_index_upper?: number | null;
    horizon_months?: number;
    /**
     * relapse_vs_nrm: the cause and Wolbers' C; `auc` is the cause's time-dependent AUC, effects are
     * cause-specific log hazard ratios, calibration_intercept is log(Aalen–Johansen O / E).
     */
    wolbers_c?: number | null;
    cause?: "relapse" | "nrm";
  };
  /** The development model as is and updated in the target cohort (cross-validated there), compared by net benefit. */
  recalibration: {
    method: string;
    auc: number;
    calibration_slope: number | null;
    calibration_intercept: number | null;
    c_index?: number | null;
    wolbers_c?: number | null;
    /** Net benefit at the thresholds of the transport analysis, with treat-all for reference. */
    net_benefit: { thresholds: number[]; model: number[]; treat_all: number[] };
  }[];
  headline: string;
}

const ALPHA = 0.05;

/**
 * What the interaction tests say, honestly: how many reach p < 0.05, how many survive a Bonferroni
 * correction for the number of tests, and that a non-significant test does not show the effects are
 * equal (with a few dozen 2L patients these tests have little power).
 */
export function transportHeadline(r: TransportJson): string {
  const k = r.predictors.length;
  const p2 = r.performance_2l;
  const ci = (x: number, lo: number, hi: number) =>
    `${x.toFixed(2)} (95% CI ${lo.toFixed(2)}–${hi.toFixed(2)})`;
  const auc =
    p2.cause !== undefined
      ? `In 2L the 3L+ model of ${p2.cause === "nrm" ? "non-relapse mortality" : "progression or relapse"} (the other cause competing) has time-dependent AUC ${ci(p2.auc, p2.auc_lower, p2.auc_upper)} at ${p2.horizon_months} months and Wolbers' C ${p2.wolbers_c === null || p2.wolbers_c === undefined ? "undefined" : p2.wolbers_c.toFixed(2)}`
      : p2.c_index !== undefined && p2.c_index !== null
        ? `In 2L the 3L+ model has C-index ${ci(p2.c_index, p2.c_index_lower!, p2.c_index_upper!)}; time-dependent AUC at ${p2.horizon_months} months ${p2.auc.toFixed(2)}`
        : `In 2L the 3L+ model has AUC ${ci(p2.auc, p2.auc_lower, p2.auc_upper)}`;
  const slope =
    p2.cause !== undefined
      ? `; calibration-in-the-large log(Aalen–Johansen observed / mean predicted) ${p2.calibration_intercept === null ? "undefined" : p2.calibration_intercept.toFixed(2)} (no slope for a cumulative-incidence model)`
      : p2.calibration_slope === null
        ? "; its calibration slope is undefined there"
        : ` and calibration slope ${p2.calibration_slope.toFixed(2)}`;
  const shift = `; a classifier tells the cohorts apart with AUC ${r.shift.domain_auc.toFixed(2)}.`;
  if (k === 0) return `${auc}${slope}${shift} No predictor effects could be compared.`;
  const nominal = r.predictors.filter((p) => p.interaction_p < ALPHA);
  const corrected = r.predictors.filter((p) => p.interaction_p < ALPHA / k);
  const smallest = r.predictors.reduce((a, b) => (b.interaction_p < a.interaction_p ? b : a));
  const tests = `${k} predictor × cohort interaction test${k === 1 ? "" : "s"}`;
  const verdict =
    nominal.length === 0
      ? ` None of the ${tests} reaches p < 0.05 (smallest p = ${smallest.interaction_p.toPrecision(2)}, ${smallest.name}); this does not show that the effects are equal in 2L and 3L+ — with ${r.effects_rows.n_2l} complete 2L rows the tests have little power.`
      : ` ${nominal.length} of the ${tests} reach p < 0.05 (${nominal.map((p) => `${p.name} p = ${p.interaction_p.toPrecision(2)}`).join(", ")}); ${corrected.length} remain${corrected.length === 1 ? "s" : ""} below the Bonferroni threshold ${(ALPHA / k).toPrecision(2)} for ${k} tests.`;
  return `${auc}${slope}${shift}${verdict}`;
}

/** The parts of a transport document every model family shares: counts, effects and covariate shift. */
function transportCommonJson(
  spec: ModelSpec,
  r: Pick<TransportResult, "nDevelopment" | "nTarget" | "effects" | "shift">,
): Omit<TransportJson, "performance_2l" | "recalibration" | "headline"> {
  const scale = (name: string, standardized: boolean) =>
    standardized ? "per SD" : name.includes("=") ? "level vs reference" : "1 vs 0";
  return {
    endpoint: spec.endpoint,
    event: modelEvent(spec),
    development: "3L+",
    target: "2L",
    n_3l: r.nDevelopment,
    n_2l: r.nTarget,
    predictors: r.effects.predictors.map((p) => ({
      name: p.name,
      scale: scale(p.name, p.standardized),
      effect_3l: p.effectDevelopment,
      effect_2l: p.effectTarget,
      interaction_p: p.interactionP,
    })),
    effects_rows: {
      n_3l: r.effects.nDevelopment,
      n_2l: r.effects.nTarget,
      dropped_incomplete: r.effects.droppedIncomplete,
      not_estimable: r.effects.notEstimable,
      adjustment: r.effects.adjustment,
      adjustment_reason: r.effects.adjustmentReason,
    },
    shift: {
      domain_auc: r.shift.domainAuc,
      domain_auc_lower: r.shift.domainAucLower,
      domain_auc_upper: r.shift.domainAucUpper,
      smd: r.shift.features.map((f) => ({
        name: f.name,
        smd: f.smd,
        missing_3l: f.missingDevelopment,
        missing_2l: f.missingTarget,
        note: f.note,
      })),
    },
  };
}

export function transportJson(spec: ModelSpec, r: TransportResult): TransportJson {
  const doc: TransportJson = {
    ...transportCommonJson(spec, r),
    performance_2l: {
      auc: r.performance.auc.auc,
      auc_lower: r.performance.auc.lower,
      auc_upper: r.performance.auc.upper,
      brier: r.performance.brier,
      calibration_slope: r.performance.calibration?.slope ?? null,
      calibration_intercept: r.performance.calibration?.intercept ?? null,
      calibration_problem: r.performance.calibrationProblem,
    },
    recalibration: r.recalibration.map((c) => ({
      method: c.method,
      auc: c.performance.auc.auc,
      calibration_slope: c.performance.calibration?.slope ?? null,
      calibration_intercept: c.performance.calibration?.intercept ?? null,
      net_benefit: {
        thresholds: c.netBenefit.points.map((q) => q.threshold),
        model: c.netBenefit.points.map((q) => q.netBenefit),
        treat_all: c.netBenefit.points.map((q) => q.netBenefitTreatAll),
      },
    })),
    headline: "",
  };
  doc.headline = transportHeadline(doc);
  return doc;
}

/** The time-dependent AUC at the horizon a time-to-event transport document leads with; undefined there: refused. */
function aucAtHorizon(
  spec: ModelSpec,
  horizon: number,
  p: { auc: { estimate: number; lower: number; upper: number } | null; problems: { message: string }[] },
  what: string,
): { estimate: number; lower: number; upper: number } {
  if (p.auc === null)
    throw new RangeError(
      `model ${spec.name}: ${what}: the time-dependent AUC at ${horizon} months is undefined in 2L (${p.problems.map((q) => q.message).join("; ")})`,
    );
  return p.auc;
}

function netBenefitJson(curve: SurvivalDecisionCurve): TransportJson["recalibration"][number]["net_benefit"] {
  return { thresholds: curve.thresholds, model: curve.model, treat_all: curve.treatAll };
}

/**
 * `carta lab transport`'s document for a time-to-event model: effects are log hazard ratios,
 * `performance_2l` has Harrell's C, `auc` is the time-dependent AUC at the horizon.
 */
export function survivalTransportJson(spec: ModelSpec, r: SurvivalTransportResult): TransportJson {
  const timeDependentAuc = (p: SurvivalTransportResult["performance"], what: string) =>
    aucAtHorizon(spec, r.horizon, p, what);
  const p = r.performance;
  const auc = timeDependentAuc(p, "transport");
  const doc: TransportJson = {
    ...transportCommonJson(spec, r),
    performance_2l: {
      auc: auc.estimate,
      auc_lower: auc.lower,
      auc_upper: auc.upper,
      brier: p.brier?.estimate ?? Number.NaN,
      calibration_slope: p.calibrationSlope?.estimate ?? null,
      calibration_intercept: p.calibrationIntercept?.estimate ?? null,
      calibration_problem:
        p.problems
          .filter((q) => q.metric === "calibrationSlope" || q.metric === "calibrationIntercept")
          .map((q) => q.message)
          .join("; ") || null,
      c_index: p.harrellC?.estimate ?? null,
      c_index_lower: p.harrellC?.lower ?? null,
      c_index_upper: p.harrellC?.upper ?? null,
      horizon_months: r.horizon,
    },
    recalibration: r.recalibration.map((c) => ({
      method: c.method,
      auc: timeDependentAuc(c.performance, `recalibration "${c.method}"`).estimate,
      calibration_slope: c.performance.calibrationSlope?.estimate ?? null,
      calibration_intercept: c.performance.calibrationIntercept?.estimate ?? null,
      c_index: c.performance.harrellC?.estimate ?? null,
      net_benefit: netBenefitJson(c.netBenefit),
    })),
    headline: "",
  };
  doc.headline = transportHeadline(doc);
  return doc;
}

/**
 * `carta lab transport`'s document for a relapse_vs_nrm model: cause-specific log hazard ratios, the
 * cause's time-dependent AUC and Wolbers' C in 2L, Aalen–Johansen calibration-in-the-large.
 */
export function competingTransportJson(spec: ModelSpec, r: CompetingTransportResult): TransportJson {
  const timeDependentAuc = (p: CompetingTransportResult["performance"], what: string) =>
    aucAtHorizon(spec, r.horizon, p, what);
  const p = r.performance;
  const auc = timeDependentAuc(p, "transport");
  const doc: TransportJson = {
    ...transportCommonJson(spec, r),
    performance_2l: {
      auc: auc.estimate,
      auc_lower: auc.lower,
      auc_upper: auc.upper,
      brier: p.brier?.estimate ?? Number.NaN,
      calibration_slope: null,
      calibration_intercept: p.calibrationIntercept,
      calibration_problem: [
        "no calibration slope is estimated for a cumulative-incidence model",
        ...p.problems.filter((q) => q.metric === "calibrationIntercept").map((q) => q.message),
      ].join("; "),
      horizon_months: r.horizon,
      wolbers_c: p.concordance?.estimate ?? null,
      cause: r.cause === 1 ? "relapse" : "nrm",
    },
    recalibration: r.recalibration.map((c) => ({
      method: c.method,
      auc: timeDependentAuc(c.performance, `recalibration "${c.method}"`).estimate,
      calibration_slope: null,
      calibration_intercept: c.performance.calibrationIntercept,
      wolbers_c: c.performance.concordance?.estimate ?? null,
      net_benefit: netBenefitJson(c.netBenefit),
    })),
    headline: "",
  };
  doc.headline = transportHeadline(doc);
  return doc;
}

/** The 3L+ → 2L transport analysis of a spec's learner (first grid entry) on the data. */
export function runTransport(spec: ModelSpec, data: LearningData): TransportJson {
  if (isCompetingEndpoint(spec.endpoint)) {
    const { learner, grid } = survivalLearnerOf(spec);
    const { time, event } = survivalArrays(data);
    return competingTransportJson(
      spec,
      transportCompeting({
        learner,
        params: grid[0],
        table: learningTable(data),
        time,
        status: event,
        cohort: data.cohorts,
        development: "3L+",
        target: "2L",
        horizon: horizonOf(spec),
        cause: causeStatusOf(spec),
        seed: spec.validation.seed,
        folds: spec.validation.innerFolds,
      }),
    );
  }
  if (isSurvivalEndpoint(spec.endpoint)) {
    const { learner, grid } = survivalLearnerOf(spec);
    const { time, event } = survivalArrays(data);
    return survivalTransportJson(
      spec,
      transportSurvival({
        learner,
        params: grid[0],
        table: learningTable(data),
        time,
        event,
        cohort: data.cohorts,
        development: "3L+",
        target: "2L",
        horizon: horizonOf(spec),
        seed: spec.validation.seed,
        folds: spec.validation.innerFolds,
      }),
    );
  }
  const { learner, grid } = learnerOf(spec);
  const result = transportBinary({
    learner,
    params: grid[0],
    table: learningTable(data),
    outcome: data.outcome,
    cohort: data.cohorts,
    development: "3L+",
    target: "2L",
    seed: spec.validation.seed,
    folds: spec.validation.innerFolds,
  });
  return transportJson(spec, result);
}

export interface ValidationJson {
  endpoint: string;
  event: string;
  n: number;
  nEvents: number;
  dropped: LearningData["dropped"];
  nestedCv: {
    outerFolds: number;
    innerFolds: number;
    criterion: string;
    /** Grid index chosen in each outer fold. */
    chosen: number[];
    performance: PerformanceJson;
    /** Lowess smooth of the out-of-fold predictions as rms::val.prob draws it (stats' lowess calibration curve). */
    calibrationCurve: { method: string; points: { predicted: number; observed: number }[] } | null;
    /** Deciles (or fewer groups when few rows) of out-of-fold predicted risk: mean predicted vs observed with a 95% Wilson CI. */
    calibrationGroups: CalibrationGroup[];
    /** Net benefit of the out-of-fold predictions at thresholds 0.05..0.95 step 0.05 (Vickers & Elkin 2006). */
    decisionCurve: { thresholds: number[]; model: number[]; treatAll: number[]; treatNone: number[] };
  };
  /**
   * Split-conformal sets built inside each outer fold (calibrated on a held-out part of the fold's
   * training rows) and checked on the held-out fold; null when a fold's refit on its proper training
   * part could not fit or predict (e.g. a category level it never saw, for the elastic net).
   */
  conformal: {
    alpha: number;
    targetCoverage: number;
    empiricalCoverage: number;
    coverageLower: number;
    coverageUpper: number;
    n: number;
    setSizes: { empty: number; single: number; both: number };
    method: string;
  } | null;
  /** Bootstrap stability of the predictors (refits on the optimism replicates); null when no refit could be read. */
  stability: {
    replicates: number;
    method: string;
    features: PredictorStability[];
  } | null;
  optimism: {
    replicates: number;
    fitted: number;
    failures: { replicate: number; reason: string }[];
    indexes: {
      index: string;
      apparent: number;
      optimism: number;
      corrected: number;
      n: number;
    }[];
  };
  loco: {
    minEvents: number;
    /** Small centres that could not be held out even pooled (see locoRows), with the reason. */
    leftOut: { centers: string[]; n: number; nEvents: number; reason: string } | null;
    groups: {
      label: string;
      centers: string[];
      n: number;
      nEvents: number;
      belowMinimum: boolean;
      performance: PerformanceJson | null;
    }[];
    pooledAuc: ReturnType<typeof pooledJson>;
    pooledSlope: ReturnType<typeof pooledJson>;
    pooledIntercept: ReturnType<typeof pooledJson>;
    /** Time-to-event models: the centres' Harrell's and Uno's C pooled (on the logit scale). */
    pooledHarrellC?: ReturnType<typeof pooledJson>;
    pooledUnoC?: ReturnType<typeof pooledJson>;
  } | null;
  transport: TransportJson | null;
}

/**
 * The rows leave-one-centre-out is run on. Centres below `minEvents` events or non-events are pooled
 * into one held-out group (SMALL_CENTRES); when that group has fewer than 2 events or non-events its
 * AUC cannot be computed at all (DeLong needs two of each), and @carta/ml's leaveOneCenterOut stops
 * there. Those centres are then left out of this analysis — neither held out nor used for fitting —
 * and reported, rather than failing the whole validation.
 */
export function locoRows(
  data: LearningData,
  minEvents: number,
): { rows: Uint32Array; leftOut: NonNullable<ValidationJson["loco"]>["leftOut"] } {
  const counts = new Map<string, { n: number; events: number }>();
  data.centers.forEach((c, i) => {
    const e = counts.get(c) ?? { n: 0, events: 0 };
    e.n++;
    e.events += data.outcome[i]!;
    counts.set(c, e);
  });
  const small = [...counts.entries()]
    .filter(([, e]) => e.events < minEvents || e.n - e.events < minEvents)
    .map(([c]) => c)
    .sort();
  let n = 0;
  let events = 0;
  for (const c of small) {
    n += counts.get(c)!.n;
    events += counts.get(c)!.events;
  }
  const all = Uint32Array.from(data.outcome.keys());
  if (small.length === 0 || (events >= 2 && n - events >= 2)) return { rows: all, leftOut: null };
  const smallSet = new Set(small);
  return {
    rows: all.filter((i) => !smallSet.has(data.centers[i]!)),
    leftOut: {
      centers: small,
      n,
      nEvents: events,
      reason: `pooled, these small centres have ${events} event(s) and ${n - events} non-event(s); an AUC needs at least 2 of each`,
    },
  };
}

/** Miscoverage of the conformal check: 90% prediction sets, as `carta predict` gives by default. */
export const CONFORMAL_ALPHA = 0.1;

/** Risk thresholds of the decision curve: 0.05, 0.10, …, 0.95 (R's seq(0.05, 0.95, by = 0.05)). */
const DECISION_THRESHOLDS = thresholdSequence(0.05, 0.95, 0.05);

/** Points of the reported calibration curve, evenly spaced over the range of the predictions. */
const CURVE_POINTS = 100;

/**
 * One independent piece of a validation run. The stages (nested CV, bootstrap optimism with the
 * predictor stability, leave-one-centre-out, transport) are independent, and so are the outer folds
 * of the nested CV and the bootstrap replicates (replicate b's sample depends on the seed and b
 * only), so a run is a list of tasks whose results merge into one ValidationJson whatever ran them
 * and in whichever order they finished.
 */
export type ValidationTask =
  /** `innerScores`: the fold's tuning computed apart (inner-score tasks); else the task tunes itself. */
  | { kind: "nested-cv-fold"; fold: number; innerScores?: number[] }
  /** One grid entry's inner cross-validated score in one outer fold: the tuning split into pieces. */
  | { kind: "inner-score"; fold: number; grid: number }
  /** Replicates first … end − 1; `apparent`: also the fit on every row (index.orig). */
  | { kind: "optimism"; first: number; end: number; apparent: boolean }
  | { kind: "loco" }
  | { kind: "transport" };

export type ValidationTaskResult =
  | { kind: "nested-cv-fold"; run: OuterFoldRun<unknown>; conformal: FoldConformal | null }
  | { kind: "inner-score"; fold: number; grid: number; score: number }
  | {
      kind: "optimism";
      apparent: IndexValues | null;
      replicates: OptimismReplicate[];
      /** Per fitted replicate; null when some refit is of a kind whose predictors cannot be read. */
      importance: ReplicateImportance[] | null;
    }
  | { kind: "loco"; loco: NonNullable<ValidationJson["loco"]> }
  | { kind: "transport"; transport: TransportJson }
  | SurvivalTaskResult;

/**
 * The tasks of a run, the bootstrap replicates in `chunks` contiguous blocks. With `splitTuning`
 * (and more than one grid entry) the outer folds' tuning comes as one inner-score task per fold and
 * grid entry instead of one task per fold — finer pieces that keep every thread busy; the folds'
 * refits then follow as foldTasks once their scores are known.
 */
export function validationTasks(spec: ModelSpec, chunks = 1, splitTuning = false): ValidationTask[] {
  const v = spec.validation;
  const tasks: ValidationTask[] = [];
  const split = splitTuning && spec.learner.grid.length > 1;
  for (let fold = 0; fold < v.outerFolds; fold++) {
    if (!split) tasks.push({ kind: "nested-cv-fold", fold });
    else
      for (let g = 0; g < spec.learner.grid.length; g++) tasks.push({ kind: "inner-score", fold, grid: g });
  }
  const blocks = Math.max(1, Math.min(v.bootstrapReplicates, Math.floor(chunks)));
  for (let c = 0; c < blocks; c++) {
    tasks.push({
      kind: "optimism",
      first: Math.floor((c * v.bootstrapReplicates) / blocks),
      end: Math.floor(((c + 1) * v.bootstrapReplicates) / blocks),
      apparent: c === 0,
    });
  }
  if (v.leaveOneCenterOut) tasks.push({ kind: "loco" });
  if (v.transport) tasks.push({ kind: "transport" });
  return tasks;
}

/** The outer folds' refits from the inner-score tasks' results (the second stage of a split run). */
export function foldTasks(spec: ModelSpec, results: readonly ValidationTaskResult[]): ValidationTask[] {
  const scores = Array.from({ length: spec.validation.outerFolds }, () =>
    new Array<number>(spec.learner.grid.length).fill(Number.NaN),
  );
  for (const r of results) if (r.kind === "inner-score") scores[r.fold]![r.grid] = r.score;
  return scores.map((innerScores, fold) => ({ kind: "nested-cv-fold", fold, innerScores }));
}

/** Rough cost of a task in model fits: orders the work across threads and weighs the progress. */
function taskWeight(spec: ModelSpec, data: LearningData, task: ValidationTask): number {
  const v = spec.validation;
  switch (task.kind) {
    case "nested-cv-fold":
      // Inner CV over the grid (unless done apart), the refit, and the conformal refit on the proper part.
      return (task.innerScores ? 0 : v.innerFolds * spec.learner.grid.length) + 2;
    case "inner-score":
      return v.innerFolds;
    case "optimism":
      return task.end - task.first + (task.apparent ? 1 : 0);
    case "loco":
      return new Set(data.centers).size;
    case "transport":
      return v.innerFolds + 4;
  }
}

function taskLabel(spec: ModelSpec, task: ValidationTask): string {
  const v = spec.validation;
  switch (task.kind) {
    case "nested-cv-fold":
      return `nested cross-validation: outer fold ${task.fold + 1} of ${v.outerFolds}`;
    case "inner-score":
      return `nested cross-validation: outer fold ${task.fold + 1} of ${v.outerFolds}, tuning grid entry ${task.grid + 1} of ${spec.learner.grid.length}`;
    case "optimism":
      return task.end - task.first === 1
        ? `bootstrap optimism: replicate ${task.end} of ${v.bootstrapReplicates}`
        : `bootstrap optimism: replicates ${task.first + 1}–${task.end} of ${v.bootstrapReplicates}`;
    case "loco":
      return "leave-one-centre-out";
    case "transport":
      return "transport 3L+ → 2L";
  }
}

function planMessage(spec: ModelSpec, threads: number): string {
  const v = spec.validation;
  const g = spec.learner.grid.length;
  const parts = [
    `nested cross-validation: ${v.outerFolds} outer × ${v.innerFolds} inner folds, ${g} grid entr${g === 1 ? "y" : "ies"}`,
    `bootstrap optimism: ${v.bootstrapReplicates} replicates`,
  ];
  if (v.leaveOneCenterOut) parts.push("leave-one-centre-out");
  if (v.transport) parts.push("transport 3L+ → 2L");
  return `${parts.join("; ")}${threads > 1 ? ` (${threads} worker threads)` : ""}`;
}

/** Reports each finished task as the share of the run's estimated work done so far. */
function progressTracker(spec: ModelSpec, data: LearningData, tasks: ValidationTask[], progress: Progress) {
  const total = tasks.reduce((sum, t) => sum + taskWeight(spec, data, t), 0);
  let done = 0;
  return (task: ValidationTask) => {
    done += taskWeight(spec, data, task);
    progress(Math.min(done / total, 0.99), `${taskLabel(spec, task)} done`);
  };
}

function nestedCvOptions(spec: ModelSpec, data: LearningData): NestedCvOptions<unknown, unknown> {
  const { learner, grid } = learnerOf(spec);
  const v = spec.validation;
  return {
    learner,
    table: learningTable(data),
    outcome: data.outcome,
    grid,
    outerFolds: v.outerFolds,
    innerFolds: v.innerFolds,
    seed: v.seed,
  };
}

/** Runs one task; pure, so a worker thread computes exactly what the main thread would. */
export function runValidationTask(
  spec: ModelSpec,
  data: LearningData,
  task: ValidationTask,
): ValidationTaskResult {
  if (task.kind === "transport") return { kind: "transport", transport: runTransport(spec, data) };
  if (isSurvivalEndpoint(spec.endpoint)) return runSurvivalValidationTask(spec, data, task, CONFORMAL_ALPHA);
  const { learner, grid } = learnerOf(spec);
  const table = learningTable(data);
  const v = spec.validation;
  switch (task.kind) {
    case "inner-score": {
      const options = nestedCvOptions(spec, data);
      const score = nestedCvInnerScore(options, nestedCvPlan(options), task.fold, task.grid);
      return { kind: "inner-score", fold: task.fold, grid: task.grid, score };
    }
    case "nested-cv-fold": {
      const options = nestedCvOptions(spec, data);
      const plan = nestedCvPlan(options);
      const run = nestedCvOuterFold(options, plan, task.fold, task.innerScores);
      const { train, test } = outerFoldRows(plan, task.fold);
      const conformal = foldConformalOrNull({
        learner,
        table,
        outcome: data.outcome,
        trainRows: train,
        testRows: test,
        params: run.result.chosen,
        alpha: CONFORMAL_ALPHA,
        seed: v.seed,
        fold: task.fold,
      });
      return { kind: "nested-cv-fold", run, conformal };
    }
    case "optimism": {
      const stability = refitImportance(table);
      const runner = binaryOptimismRunner({
        learner,
        table,
        outcome: data.outcome,
        params: grid[0],
        seed: v.seed,
        onRefit: stability.onRefit,
      });
      const apparent = task.apparent ? runner.apparent() : null;
      const replicates: OptimismReplicate[] = [];
      for (let b = task.first; b < task.end; b++) replicates.push(runner.replicate(b));
      return { kind: "optimism", apparent, replicates, importance: stability.importance() };
    }
    case "loco":
      return { kind: "loco", loco: runLoco(spec, data) };
  }
}

function runLoco(spec: ModelSpec, data: LearningData): NonNullable<ValidationJson["loco"]> {
  const { learner, grid } = learnerOf(spec);
  const v = spec.validation;
  const { rows, leftOut } = locoRows(data, v.locoMinEvents);
  const r = leaveOneCenterOut({
    learner,
    table: learningTable(data),
    outcome: data.outcome,
    centers: data.centers,
    params: grid[0],
    minEvents: v.locoMinEvents,
    rows,
  });
  return {
    minEvents: r.minEvents,
    leftOut,
    groups: r.groups.map((g) => ({
      label: g.label,
      centers: g.centers,
      n: g.n,
      nEvents: g.nEvents,
      belowMinimum: g.belowMinimum,
      performance: g.performance ? performanceJson(g.performance) : null,
    })),
    pooledAuc: pooledJson(r.pooledAuc),
    pooledSlope: pooledJson(r.pooledSlope),
    pooledIntercept: pooledJson(r.pooledIntercept),
  };
}

/** The lowess calibration curve of the out-of-fold predictions at CURVE_POINTS risks over their range. */
function calibrationCurveJson(
  predicted: Float64Array,
  outcome: Float64Array,
): ValidationJson["nestedCv"]["calibrationCurve"] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of predicted) {
    min = Math.min(min, p);
    max = Math.max(max, p);
  }
  const grid =
    min === max
      ? [min]
      : Array.from({ length: CURVE_POINTS }, (_, k) =>
          k === CURVE_POINTS - 1 ? max : min + (k * (max - min)) / (CURVE_POINTS - 1),
        );
  let curve: ReturnType<typeof calibrationCurve>;
  try {
    curve = calibrationCurve({ predicted, outcome, grid });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return null;
  }
  const points: { predicted: number; observed: number }[] = [];
  curve.grid!.observed.forEach((observed, k) => {
    if (observed !== null) points.push({ predicted: grid[k]!, observed });
  });
  return {
    method: `lowess(predicted, observed, iter = 0, span ${curve.span.toFixed(3)}) of the out-of-fold predictions, as rms::val.prob draws it (Austin & Steyerberg 2014); at ${grid.length} risks evenly spaced from the lowest to the highest prediction`,
    points,
  };
}

function decisionCurveJson(
  predicted: Float64Array,
  outcome: Float64Array,
): ValidationJson["nestedCv"]["decisionCurve"] {
  const dca = decisionCurve({ predicted, outcome, thresholds: DECISION_THRESHOLDS });
  return {
    thresholds: dca.points.map((p) => p.threshold),
    model: dca.points.map((p) => p.netBenefit),
    treatAll: dca.points.map((p) => p.netBenefitTreatAll),
    treatNone: dca.points.map((p) => p.netBenefitTreatNone),
  };
}

/**
 * The survival decision curve of the out-of-fold risks at the binary run's thresholds (Vickers et al.
 * 2008); with `cause`, of that cause of a competing-risks status (Aalen–Johansen).
 */
function survivalDecisionCurveJson(
  risk: Float64Array,
  time: Float64Array,
  status: Uint8Array,
  horizon: number,
  cause: number | undefined,
): ValidationJson["nestedCv"]["decisionCurve"] {
  return survivalDecisionCurve(risk, time, status, horizon, DECISION_THRESHOLDS, cause);
}

/** The ValidationJson of a run from its tasks' results (any order, any thread). */
export function mergeValidation(
  spec: ModelSpec,
  data: LearningData,
  results: readonly ValidationTaskResult[],
): ValidationJson {
  if (isSurvivalEndpoint(spec.endpoint))
    return mergeSurvivalValidation(
      spec,
      data,
      results.filter(
        (r): r is Exclude<ValidationTaskResult, { kind: "nested-cv-fold" }> => r.kind !== "nested-cv-fold",
      ),
      CONFORMAL_ALPHA,
      survivalDecisionCurveJson,
    );
  const plan = nestedCvPlan(nestedCvOptions(spec, data));
  const foldResults = results.flatMap((r) => (r.kind === "nested-cv-fold" ? [r] : []));
  const cv = combineNestedCv(
    plan,
    foldResults.map((r) => r.run),
  );
  const conformal = mergedConformal(
    foldResults.map((r) => r.conformal),
    CONFORMAL_ALPHA,
  );
  const { optimism, stability } = mergedOptimism(
    results.flatMap((r) => (r.kind === "optimism" ? [r] : [])),
    data.columns.map((c) => c.name),
    "nonzero coefficient (elastic net) or used in a split (trees)",
  );

  const loco = results.find((r) => r.kind === "loco")?.loco ?? null;
  const transport = results.find((r) => r.kind === "transport")?.transport ?? null;
  let nEvents = 0;
  for (const y of data.outcome) nEvents += y;
  return {
    endpoint: spec.endpoint,
    event: modelEvent(spec),
    n: data.outcome.length,
    nEvents,
    dropped: data.dropped,
    nestedCv: {
      outerFolds: cv.outerFolds,
      innerFolds: cv.innerFolds,
      criterion: cv.criterion,
      chosen: cv.folds.map((f) => f.chosenIndex),
      performance: performanceJson(cv.performance),
      calibrationCurve: calibrationCurveJson(cv.predicted, plan.y),
      calibrationGroups: calibrationGroups(cv.predicted, plan.y),
      decisionCurve: decisionCurveJson(cv.predicted, plan.y),
    },
    conformal,
    optimism,
    stability,
    loco,
    transport,
  };
}

/** Every stage in this thread, one task after another. */
export function runModelValidation(spec: ModelSpec, data: LearningData, progress: Progress): ValidationJson {
  const tasks = validationTasks(spec);
  progress(0, planMessage(spec, 1));
  const finished = progressTracker(spec, data, tasks, progress);
  const results = tasks.map((task) => {
    const result = runValidationTask(spec, data, task);
    finished(task);
    return result;
  });
  const validation = mergeValidation(spec, data, results);
  progress(1, "done");
  return validation;
}

export interface ParallelOptions {
  /** Worker threads; default os.availableParallelism(), never more than there are tasks. 1 runs in this thread. */
  threads?: number;
  /** The compiled module the workers load (default: this module; its dist/ build when run from sources). */
  workerModule?: URL | string;
}

/**
 * The same run as runModelValidation, its tasks spread over worker threads, in two stages: first the
 * outer folds' tuning as one task per fold and grid entry, the bootstrap replicates in 2 × threads
 * blocks, leave-one-centre-out and transport, largest first, each worker taking the next task when it
 * finishes one; then each outer fold's refit with its chosen entry (and its conformal check). Small
 * tuning pieces fill the threads where whole folds (each a grid's worth of inner fits) left one idle
 * at the end. The merged result is identical to the sequential one (every task is a pure function of
 * the spec, the data and its own indices).
 */
export async function runModelValidationParallel(
  spec: ModelSpec,
  data: LearningData,
  progress: Progress,
  options: ParallelOptions = {},
): Promise<ValidationJson> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`runModelValidationParallel: threads must be an integer ≥ 1, got ${threads}`);
  }
  const tasks = validationTasks(spec, 2 * threads, true);
  const workers = Math.min(threads, tasks.length);
  if (workers <= 1) return runModelValidation(spec, data, progress);
  progress(0, planMessage(spec, workers));
  const moduleUrl = String(options.workerModule ?? defaultWorkerModule());
  // The refits of the outer folds follow their tuning; weigh both stages in one progress.
  const refits = tasks.some((t) => t.kind === "inner-score")
    ? validationTasks(spec).filter((t) => t.kind === "nested-cv-fold")
    : [];
  const finished = progressTracker(
    spec,
    data,
    [...tasks, ...refits.map((t) => ({ ...t, innerScores: [] }))],
    progress,
  );
  const results = await runInWorkers(spec, data, tasks, workers, moduleUrl, finished);
  if (refits.length > 0) {
    const stage2 = foldTasks(spec, results);
    results.push(
      ...(await runInWorkers(spec, data, stage2, Math.min(threads, stage2.length), moduleUrl, finished)),
    );
  }
  const validation = mergeValidation(spec, data, results);
  progress(1, "done");
  return validation;
}

/**
 * This module as the workers must load it: compiled JavaScript. Running from the TypeScript sources
 * (vitest), that is its build under dist/, which `npx tsc -b` writes.
 */
function defaultWorkerModule(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/lab/modelValidation.js", here) : new URL(here);
}

/**
 * What a validation worker runs (source text started with `eval: true`, as the job runner's, so no
 * separate worker file has to exist next to the sources): it loads this module and answers each
 * task with runValidationTask's result or the error.
 */
const VALIDATION_WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const post = (m) => parentPort.postMessage(m);
import(workerData.moduleUrl).then(
  (m) => {
    parentPort.on("message", ({ index, task }) => {
      try {
        post({ type: "result", index, result: m.runValidationTask(workerData.spec, workerData.data, task) });
      } catch (err) {
        post({ type: "error", name: err instanceof Error ? err.name : "Error", message: err instanceof Error ? err.message : String(err) });
      }
    });
    post({ type: "ready" });
  },
  (err) => post({ type: "error", name: "Error", message: "cannot load " + workerData.moduleUrl + ": " + (err instanceof Error ? err.message : String(err)) }),
);
`;

/** Errors that reach the caller as RangeError, as they would from runModelValidation. */
const RANGE_ERRORS = new Set(["RangeError", "MissingValuesError", "FeatureRowsError", "TreeModelError"]);

type ValidationWorkerMessage =
  | { type: "ready" }
  | { type: "result"; index: number; result: ValidationTaskResult }
  | { type: "error"; name: string; message: string };

function runInWorkers(
  spec: ModelSpec,
  data: LearningData,
  tasks: ValidationTask[],
  workers: number,
  moduleUrl: string,
  finished: (task: ValidationTask) => void,
): Promise<ValidationTaskResult[]> {
  // Largest first, so that no long task starts last (LPT scheduling).
  const queue = tasks
    .map((task, index) => ({ index, weight: taskWeight(spec, data, task) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((t) => t.index);
  const results: ValidationTaskResult[] = new Array(tasks.length);
  let remaining = tasks.length;
  const pool: Worker[] = [];
  return new Promise<ValidationTaskResult[]>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      Promise.all(pool.map((w) => w.terminate())).then(
        () => (error ? reject(error) : resolve(results)),
        reject,
      );
    };
    const next = (worker: Worker) => {
      const index = queue.shift();
      if (index !== undefined) worker.postMessage({ index, task: tasks[index] });
    };
    for (let k = 0; k < workers; k++) {
      const worker = new Worker(VALIDATION_WORKER_SOURCE, {
        eval: true,
        workerData: { moduleUrl, spec, data },
      });
      pool.push(worker);
      worker.on("message", (m: ValidationWorkerMessage) => {
        if (settled) return;
        if (m.type === "ready") next(worker);
        else if (m.type === "result") {
          results[m.index] = m.result;
          finished(tasks[m.index]!);
          if (--remaining === 0) settle(null);
          else next(worker);
        } else settle(RANGE_ERRORS.has(m.name) ? new RangeError(m.message) : new Error(m.message));
      });
      worker.on("error", (error) => settle(error));
      worker.on("exit", (code) => {
        if (!settled)
          settle(new Error(`a validation worker stopped (exit code ${code}) before the run finished`));
      });
    }
  });
}
