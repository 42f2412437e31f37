import { type AucResult, auc, brierScore, calibration } from "@carta/stats";

/**
 * The performance of predicted risks against observed 0/1 outcomes that every validation design
 * reports (DESIGN.md "Models and explanations"): AUC with DeLong's interval, the Brier score, and
 * calibration-in-the-large and slope (Van Calster et al., J Clin Epidemiol 2016;74:167).
 */
export interface BinaryPerformance {
  n: number;
  nEvents: number;
  auc: AucResult;
  brier: number;
  /** Brier of predicting the observed prevalence for everyone. */
  brierNull: number;
  /** null with the reason when it is undefined (one class only, constant or separating predictions). */
  calibration: CalibrationSummary | null;
  calibrationProblem: string | null;
}

export interface CalibrationSummary {
  /** Calibration-in-the-large: intercept of glm(y ~ offset(logit p)), its SE and Wald limits. */
  intercept: number;
  interceptSe: number;
  interceptLower: number;
  interceptUpper: number;
  /** Calibration slope: coefficient of logit p in glm(y ~ logit p), its SE and Wald limits. */
  slope: number;
  slopeSe: number;
  slopeLower: number;
  slopeUpper: number;
}

/**
 * Probabilities are kept this far from 0 and 1 before taking logits: a tree or a penalised model
 * can round a risk to exactly 0 or 1 in double precision, where the calibration logit is infinite.
 */
export const LOGIT_CLAMP = 1e-12;

export function clampProbabilities(predicted: ArrayLike<number>): Float64Array {
  return Float64Array.from(predicted, (p) => Math.min(Math.max(p, LOGIT_CLAMP), 1 - LOGIT_CLAMP));
}

export function binaryPerformance(
  predicted: ArrayLike<number>,
  outcome: ArrayLike<number>,
  confLevel = 0.95,
): BinaryPerformance {
  const discrimination = auc({ predicted, outcome, confLevel });
  const brier = brierScore({ predicted, outcome });
  const { summary, problem } = calibrationOrProblem(predicted, outcome, confLevel);
  return {
    n: discrimination.n,
    nEvents: discrimination.nEvents,
    auc: discrimination,
    brier: brier.brier,
    brierNull: brier.brierNull,
    calibration: summary,
    calibrationProblem: problem,
  };
}

export function calibrationOrProblem(
  predicted: ArrayLike<number>,
  outcome: ArrayLike<number>,
  confLevel = 0.95,
): { summary: CalibrationSummary | null; problem: string | null } {
  try {
    const c = calibration({ predicted: clampProbabilities(predicted), outcome, confLevel });
    return {
      summary: {
        intercept: c.citlIntercept,
        interceptSe: c.citlInterceptSe,
        interceptLower: c.citlInterceptLower,
        interceptUpper: c.citlInterceptUpper,
        slope: c.slope,
        slopeSe: c.slopeSe,
        slopeLower: c.slopeLower,
        slopeUpper: c.slopeUpper,
      },
      problem: null,
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { summary: null, problem: error.message };
  }
}
