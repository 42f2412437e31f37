import type { IndexValues, OptimismTable } from "@carta/stats";
import type { SurvivalLearner } from "../survival/learner.js";
import {
  type CenterEndpoint,
  type SurvivalLeaveOneCenterOutOptions,
  type TimeToEventLeaveOneCenterOutResult,
  timeToEventLeaveOneCenterOut,
} from "../survival/survivalLeaveOneCenterOut.js";
import {
  type SurvivalNestedCvOptions,
  type SurvivalNestedCvResult,
  survivalNestedCrossValidation,
  type TimeToEventEndpoint,
} from "../survival/survivalNestedCv.js";
import {
  type OptimismEndpoint,
  type SurvivalOptimismOptions,
  survivalOptimism,
} from "../survival/survivalOptimism.js";
import type { CompetingRiskLearner } from "./causeSpecificRisk.js";
import { type CompetingCause, checkCause, competingOutcomeOf } from "./competingData.js";
import {
  type CompetingPerformance,
  competingPerformance,
  wolbersConcordance,
} from "./competingPerformance.js";

/**
 * The survival validation designs (survivalNestedCv.ts, survivalOptimism.ts,
 * survivalLeaveOneCenterOut.ts) applied to the
 * absolute risk of one named cause of a competing-risks endpoint (status 0 censored, 1 relapse,
 * 2 NRM): the designs run unchanged — folds and bootstrap samples stratified on the three-level
 * status where they stratify — with the learner seen through causeLearner and the endpoint's
 * outcome check, tuning criterion, performance, optimism indexes and pooled estimates those of
 * competing risks.
 */

export type CompetingTuningCriterion = "wolbersC" | "auc";

/** Indexes of the optimism correction: Wolbers' C, the AUC and the Brier score, all at the horizon. */
export const COMPETING_OPTIMISM_INDEXES = ["WolbersC", "AUC", "Brier"] as const;

/**
 * A competing-risks learner seen as a SurvivalLearner of the named cause: it fits on the full
 * status (both causes' models), its linear predictor is the cause's, and its "survival" at the
 * horizon is 1 − F_cause(τ | x), the probability of not having had that cause's event by τ — so
 * that a design's 1 − S is the cause's absolute risk.
 */
export function causeLearner<M, P>(
  learner: CompetingRiskLearner<M, P>,
  cause: CompetingCause,
): SurvivalLearner<M, P> {
  checkCause("causeLearner", cause);
  return {
    name: `${learner.name}[cause ${cause}]`,
    fit: (table, time, status, rows, params) => learner.fit(table, time, status, rows, params),
    predictRisk: (model, table, rows) => learner.predictLinearPredictor(model, table, rows, cause),
    predictSurvival: (model, table, rows, horizon) =>
      learner.predictAbsoluteRisk(model, table, rows, horizon, cause).map((f) => 1 - f),
  };
}

/**
 * The competing-risks endpoint of the named cause for the designs: competingOutcomeOf, inner folds
 * scored by Wolbers' C (default) or the AUC of the predicted absolute risk at the horizon, the
 * pooled predictions judged by competingPerformance, COMPETING_OPTIMISM_INDEXES (the Brier score
 * lower-is-better, so its optimism is negative), and across centres the events of the named cause
 * counted for minEvents and the AUC (logit scale) and Brier score pooled — the two with standard
 * errors; Wolbers' C has none here and is reported per centre only.
 */
export function competingEndpoint(
  cause: CompetingCause,
): TimeToEventEndpoint<CompetingPerformance, CompetingTuningCriterion> &
  OptimismEndpoint &
  CenterEndpoint<CompetingPerformance> {
  checkCause("competingEndpoint", cause);
  return {
    criteria: ["wolbersC", "auc"],
    isEvent: (status) => status === cause,
    pooled: [
      { name: "auc", scale: "logit", pick: (p) => p.auc },
      { name: "brier", scale: "identity", pick: (p) => p.brier },
    ],
    outcomeOf(caller, table, time, status, rows) {
      const outcome = competingOutcomeOf(caller, table, time, status, rows);
      return { time: outcome.time, event: outcome.status };
    },
    tuningScore(criterion, scored) {
      const risk = scored.riskAtHorizon();
      if (criterion === "wolbersC") {
        return wolbersConcordance(risk, scored.time, scored.event, cause, scored.horizon).estimate;
      }
      const auc = performanceOf(risk, scored.time, scored.event, scored.horizon, cause).auc;
      if (auc === null) throw new RangeError(`the AUC at ${scored.horizon} is undefined on these rows`);
      return auc.estimate;
    },
    performance: (input) =>
      competingPerformance({
        riskAtHorizon: input.riskAtHorizon,
        time: input.time,
        status: input.event,
        horizon: input.horizon,
        cause,
        ...(input.confLevel === undefined ? {} : { confLevel: input.confLevel }),
      }),
    evaluate(scored): IndexValues {
      const p = performanceOf(scored.riskAtHorizon(), scored.time, scored.event, scored.horizon, cause);
      return {
        WolbersC: p.concordance?.estimate ?? Number.NaN,
        AUC: p.auc?.estimate ?? Number.NaN,
        Brier: p.brier?.estimate ?? Number.NaN,
      };
    },
  };
}

function performanceOf(
  riskAtHorizon: Float64Array,
  time: Float64Array,
  status: Uint8Array,
  horizon: number,
  cause: CompetingCause,
): CompetingPerformance {
  return competingPerformance({ riskAtHorizon, time, status, horizon, cause });
}

export interface CompetingNestedCvOptions<M, P>
  extends Omit<
    SurvivalNestedCvOptions<M, P, CompetingPerformance, CompetingTuningCriterion>,
    "learner" | "event" | "endpoint"
  > {
  learner: CompetingRiskLearner<M, P>;
  /** 0 censored, 1 relapse, 2 NRM per table row; also the folds' strata. */
  status: ArrayLike<number>;
  /** The cause whose absolute risk is predicted and judged. */
  cause: CompetingCause;
}

/** Nested cross-validation (survivalNestedCrossValidation) of the absolute risk of the named cause. */
export function competingNestedCrossValidation<M, P>(
  options: CompetingNestedCvOptions<M, P>,
): SurvivalNestedCvResult<P, CompetingPerformance, CompetingTuningCriterion> {
  const { learner, status, cause, ...rest } = options;
  return survivalNestedCrossValidation({
    ...rest,
    learner: causeLearner(learner, cause),
    event: status,
    endpoint: competingEndpoint(cause),
  });
}

export interface CompetingOptimismOptions<M, P>
  extends Omit<SurvivalOptimismOptions<M, P>, "learner" | "event" | "endpoint" | "stratifyByEvent"> {
  learner: CompetingRiskLearner<M, P>;
  status: ArrayLike<number>;
  cause: CompetingCause;
  /** Resample within each status (censored, relapse, NRM); default false. */
  stratifyByStatus?: boolean;
}

/** Bootstrap optimism correction (survivalOptimism) of COMPETING_OPTIMISM_INDEXES for the named cause. */
export function competingOptimism<M, P>(options: CompetingOptimismOptions<M, P>): OptimismTable {
  const { learner, status, cause, stratifyByStatus, ...rest } = options;
  return survivalOptimism({
    ...rest,
    learner: causeLearner(learner, cause),
    event: status,
    endpoint: competingEndpoint(cause),
    ...(stratifyByStatus === undefined ? {} : { stratifyByEvent: stratifyByStatus }),
  });
}

export interface CompetingLeaveOneCenterOutOptions<M, P>
  extends Omit<SurvivalLeaveOneCenterOutOptions<M, P>, "learner" | "event"> {
  learner: CompetingRiskLearner<M, P>;
  status: ArrayLike<number>;
  /** The cause whose absolute risk is judged; minEvents counts its events. */
  cause: CompetingCause;
}

/**
 * Leave-one-centre-out validation (survivalLeaveOneCenterOut's design) of the named cause's
 * absolute risk: per-centre competingPerformance, and `pooled.auc` and `pooled.brier` by
 * random-effects meta-analysis.
 */
export function competingLeaveOneCenterOut<M, P>(
  options: CompetingLeaveOneCenterOutOptions<M, P>,
): TimeToEventLeaveOneCenterOutResult<CompetingPerformance> {
  const { learner, status, cause, ...rest } = options;
  return timeToEventLeaveOneCenterOut({
    ...rest,
    learner: causeLearner(learner, cause),
    event: status,
    endpoint: competingEndpoint(cause),
  });
}
