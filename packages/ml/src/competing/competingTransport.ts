import { foldSplit, kFoldAssignment } from "@carta/stats";
import type { LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import { breslowBaseline } from "../survival/breslow.js";
import type { SurvivalLearner } from "../survival/learner.js";
import { checkHorizon } from "../survival/survivalData.js";
import { type SurvivalDecisionCurve, survivalDecisionCurve } from "../survival/survivalDecisionCurve.js";
import { coxEffects, coxFit } from "../survival/survivalTransport.js";
import {
  type CohortEffects,
  type CovariateShift,
  cohortEffects,
  covariateShift,
  splitCohorts,
} from "../validation/transport.js";
import { absoluteRiskFromLinearPredictors, causeSpecificLearner } from "./causeSpecificRisk.js";
import { type CompetingCause, checkCause, competingCauseOf, competingOutcomeOf } from "./competingData.js";
import { type CompetingPerformance, competingPerformance } from "./competingPerformance.js";

/**
 * Transport of a competing-risks model — cause-specific proportional hazards of both causes
 * (causeSpecificLearner), predicting the cumulative incidence of `cause` by τ — from the
 * development cohort (3L+) to the target cohort (2L), the competing-risks twin of transportSurvival
 * (survival/survivalTransport.ts) with the same result shape where they agree:
 *
 * - performance: the model fitted on every development row, its incidence of the cause by τ judged
 *   in the target cohort by competingPerformance (the cause's time-dependent AUC and Brier,
 *   Wolbers' C, Aalen–Johansen calibration), with calibration-in-the-large log(O/E), O the
 *   Aalen–Johansen incidence at τ, and net benefit with the Aalen–Johansen incidence of those
 *   treated (survivalDecisionCurve with the cause);
 * - covariate shift: transportBinary's;
 * - per-predictor effects: cause-specific log hazard ratios — Cox models of the cause with the
 *   competing event as censoring, which is what a cause-specific hazard is (Putter, Fiocco & Geskus,
 *   Stat Med 2007;26:2389) — per cohort and with the cohort interaction, as transportSurvival's;
 * - recalibration in the target cohort, cross-validated within it (folds stratified on the status):
 *   "baseline" keeps both causes' linear predictors and re-estimates both Breslow baselines in the
 *   target cohort; "slope" refits each cause's Cox coefficient of its own linear predictor and then
 *   its baseline (van Houwelingen, Stat Med 2000;19:3401, per cause); each judged as the original.
 */
export interface CompetingTransportOptions<M, P> {
  /** The proportional-hazards learner fitted to each cause. */
  learner: SurvivalLearner<M, P>;
  params: P;
  table: LearningTable;
  time: ArrayLike<number>;
  /** 0 censored, 1 relapse, 2 NRM per table row. */
  status: ArrayLike<number>;
  cohort: ArrayLike<string>;
  development?: string;
  target?: string;
  horizon: number;
  /** The cause whose incidence is predicted. */
  cause: CompetingCause;
  /** Net-benefit thresholds; default 0.1, 0.2, …, 0.5. */
  thresholds?: readonly number[];
  seed: number;
  folds?: number;
  domainClassifier?: { learner: BinaryLearner<unknown, unknown>; params: unknown };
  confLevel?: number;
}

export interface CompetingTransportPerformance extends CompetingPerformance {
  /** log(Aalen–Johansen observed / mean predicted incidence) at τ; null when either is 0. */
  calibrationIntercept: number | null;
}

export interface CompetingRecalibrationComparison {
  method: "original" | "baseline" | "slope";
  performance: CompetingTransportPerformance;
  netBenefit: SurvivalDecisionCurve;
}

export interface CompetingTransportResult {
  development: string;
  target: string;
  nDevelopment: number;
  nTarget: number;
  horizon: number;
  cause: CompetingCause;
  performance: CompetingTransportPerformance;
  netBenefit: SurvivalDecisionCurve;
  shift: CovariateShift;
  /** Cause-specific log hazard ratios (per SD for a standardised predictor). */
  effects: CohortEffects;
  recalibration: CompetingRecalibrationComparison[];
}

export function transportCompeting<M, P>(options: CompetingTransportOptions<M, P>): CompetingTransportResult {
  const caller = "transportCompeting";
  const { learner, params, table, time, status, horizon, cause, seed } = options;
  checkCause(caller, cause);
  checkHorizon(caller, horizon);
  const development = options.development ?? "3L+";
  const target = options.target ?? "2L";
  const thresholds = options.thresholds ?? [0.1, 0.2, 0.3, 0.4, 0.5];
  const k = options.folds ?? 5;
  const confLevel = options.confLevel ?? 0.95;
  const { devRows, targetRows } = splitCohorts(caller, options.cohort, table, development, target);
  competingOutcomeOf(caller, table, time, status, devRows);
  const outcome = competingOutcomeOf(caller, table, time, status, targetRows);
  const other = competingCauseOf(cause);

  const model = causeSpecificLearner(learner);
  const fitted = model.fit(table, time, status, devRows, params);
  const judge = (method: CompetingRecalibrationComparison["method"], risk: Float64Array) =>
    compare(method, risk, outcome, horizon, cause, thresholds, confLevel);
  const original = judge("original", model.predictAbsoluteRisk(fitted, table, targetRows, horizon, cause));
  const lp = {
    own: model.predictLinearPredictor(fitted, table, targetRows, cause),
    other: model.predictLinearPredictor(fitted, table, targetRows, other),
  };
  const ofCause = Uint8Array.from(status, (s) => (s === cause ? 1 : 0));
  const { baselineRisk, slopeRisk } = recalibrated(lp, outcome, cause, horizon, k, seed);
  return {
    development,
    target,
    nDevelopment: devRows.length,
    nTarget: targetRows.length,
    horizon,
    cause,
    performance: original.performance,
    netBenefit: original.netBenefit,
    shift: covariateShift(options, devRows, targetRows, k),
    effects: cohortEffects(table, devRows, targetRows, (t, dev, tgt) =>
      coxEffects(t, time, ofCause, dev, tgt, confLevel),
    ),
    recalibration: [original, judge("baseline", baselineRisk), judge("slope", slopeRisk)],
  };
}

function compare(
  method: CompetingRecalibrationComparison["method"],
  risk: Float64Array,
  outcome: { time: Float64Array; status: Uint8Array },
  horizon: number,
  cause: CompetingCause,
  thresholds: readonly number[],
  confLevel: number,
): CompetingRecalibrationComparison {
  const performance = competingPerformance({
    riskAtHorizon: risk,
    time: outcome.time,
    status: outcome.status,
    horizon,
    cause,
    confLevel,
  });
  const observed = performance.observedRisk;
  const calibrationIntercept =
    observed !== null && observed > 0 && performance.meanPredictedRisk > 0
      ? Math.log(observed / performance.meanPredictedRisk)
      : null;
  if (calibrationIntercept === null)
    performance.problems.push({
      metric: "calibrationIntercept",
      message: `no event of the cause by ${horizon} or no predicted incidence: log(O/E) is undefined`,
    });
  return {
    method,
    performance: { ...performance, calibrationIntercept },
    netBenefit: survivalDecisionCurve(risk, outcome.time, outcome.status, horizon, thresholds, cause),
  };
}

/**
 * The incidence of the cause in each target row from models updated on the other folds: both
 * causes' baselines re-estimated at the kept linear predictors, or each cause's slope refitted too.
 */
function recalibrated(
  lp: { own: Float64Array; other: Float64Array },
  outcome: { time: Float64Array; status: Uint8Array },
  cause: CompetingCause,
  horizon: number,
  k: number,
  seed: number,
): { baselineRisk: Float64Array; slopeRisk: Float64Array } {
  const { time, status } = outcome;
  const n = time.length;
  const other = competingCauseOf(cause);
  const assignment = kFoldAssignment({ n, k, seed, strata: status });
  const baselineRisk = new Float64Array(n);
  const slopeRisk = new Float64Array(n);
  for (let fold = 0; fold < k; fold++) {
    const { train, test } = foldSplit(assignment, fold);
    const tTrain = Float64Array.from(train, (i) => time[i]!);
    const eventOf = (c: CompetingCause) => Uint8Array.from(train, (i) => (status[i] === c ? 1 : 0));
    const lpOf = (which: "own" | "other", rows: Uint32Array, scale = 1) =>
      Float64Array.from(rows, (i) => scale * lp[which][i]!);
    const slopeOf = (which: "own" | "other", c: CompetingCause) =>
      coxFit(
        tTrain,
        eventOf(c),
        lpOf(which, train),
        ["lp"],
        0.95,
        `slope recalibration of cause ${c} (fold ${fold + 1})`,
      ).coef[0]!;
    const riskWith = (ownScale: number, otherScale: number) =>
      absoluteRiskFromLinearPredictors(
        breslowBaseline(tTrain, eventOf(cause), lpOf("own", train, ownScale)),
        breslowBaseline(tTrain, eventOf(other), lpOf("other", train, otherScale)),
        lpOf("own", test, ownScale),
        lpOf("other", test, otherScale),
        horizon,
      );
    const kept = riskWith(1, 1);
    const updated = riskWith(slopeOf("own", cause), slopeOf("other", other));
    test.forEach((i, m) => {
      baselineRisk[i] = kept[m]!;
      slopeRisk[i] = updated[m]!;
    });
  }
  return { baselineRisk, slopeRisk };
}
