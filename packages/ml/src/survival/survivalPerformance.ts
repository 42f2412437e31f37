import {
  coxPh,
  kaplanMeier,
  normalQuantile,
  riskConcordance,
  survivalAt,
  timeDependentAuc,
  timeDependentBrier,
} from "@carta/stats";
import { LOGIT_CLAMP } from "../validation/binaryPerformance.js";
import { type SurvivalCalibrationGroup, survivalCalibrationGroups } from "./calibrationAtHorizon.js";

/**
 * The performance of a time-to-event model at a horizon τ that every survival validation design
 * reports, each from @carta/stats:
 *
 * - Harrell's C over all follow-up and Uno's C truncated at τ (survival::concordance with
 *   reverse = TRUE, timewt "n" and "n/G2" with ymax = τ; Uno et al., Stat Med 2011;30:1105), with
 *   the infinitesimal-jackknife SE and Wald limits C ± z·SE clipped to [0, 1];
 * - the cumulative/dynamic AUC at τ and the IPCW Brier score at τ with the Kaplan–Meier null
 *   model and the index of prediction accuracy IPA = 1 − Brier/Brier_null
 *   (riskRegression::Score conventions; Kattan & Gerds, Diagn Progn Res 2018;2:7);
 * - calibration at τ: deciles of predicted risk against the Kaplan–Meier observed risk
 *   (calibrationAtHorizon.ts), the overall observed risk 1 − S_KM(τ) against the mean predicted
 *   risk (calibration-in-the-large), and the calibration slope: the coefficient of the linear
 *   predictor in a Cox regression of the outcome on it (van Houwelingen, Stat Med 2000;19:3401;
 *   Royston & Altman 2013), 1 when the predicted hazard ratios are right, below 1 when they are too
 *   extreme (overfitting).
 *
 * The linear predictor defaults to log(−log(1 − risk at τ)), the complementary log-log of the
 * predicted risk, which for a proportional-hazards model is the linear predictor plus the constant
 * log Λ₀(τ). That form is on one absolute scale even when the predictions come from several models
 * (the folds of a cross-validation), whose own linear predictors are not.
 *
 * A metric that is undefined on these data (no event by τ, nobody followed past τ, a constant
 * predictor) is null, and `problems` says why; the others are still reported.
 */

export interface SurvivalPerformanceInput {
  /** Predicted risk of the event by the horizon, 1 − S(τ | x), per subject. */
  riskAtHorizon: ArrayLike<number>;
  /** Log relative hazard per subject (one model's); default the complementary log-log of riskAtHorizon. */
  linearPredictor?: ArrayLike<number>;
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  horizon: number;
  confLevel?: number;
}

export interface IntervalEstimate {
  estimate: number;
  stdErr: number;
  lower: number;
  upper: number;
}

export interface SurvivalBrier extends IntervalEstimate {
  /** The Kaplan–Meier null model's Brier score and its limits. */
  nullBrier: number;
  nullLower: number;
  nullUpper: number;
  /** 1 − Brier/Brier_null; null when the null model's Brier score is 0. */
  ipa: number | null;
}

export interface SurvivalPerformance {
  n: number;
  nEvents: number;
  horizon: number;
  /** Events at or before the horizon. */
  eventsByHorizon: number;
  harrellC: IntervalEstimate | null;
  /** Uno's C, events after the horizon not counted. */
  unoC: IntervalEstimate | null;
  /** Cumulative/dynamic AUC at the horizon, with its cases (event by τ) and controls (event-free after τ). */
  auc: (IntervalEstimate & { nCases: number; nControls: number }) | null;
  brier: SurvivalBrier | null;
  /** Kaplan–Meier risk by the horizon over all subjects, with Greenwood limits. */
  observedRisk: { estimate: number; lower: number; upper: number };
  meanPredictedRisk: number;
  calibrationGroups: SurvivalCalibrationGroup[];
  /** Cox regression of the outcome on the linear predictor: the slope is its coefficient. */
  calibrationSlope: IntervalEstimate | null;
  linearPredictorSource: "given" | "cloglog-risk";
  problems: { metric: string; message: string }[];
}

export function survivalPerformance(input: SurvivalPerformanceInput): SurvivalPerformance {
  const { riskAtHorizon, time, event, horizon, confLevel = 0.95 } = input;
  const n = riskAtHorizon.length;
  if (time.length !== n || event.length !== n) {
    throw new RangeError(
      `survivalPerformance: ${n} predictions, ${time.length} times and ${event.length} statuses`,
    );
  }
  if (n === 0) throw new RangeError("survivalPerformance: no subjects");
  if (!Number.isFinite(horizon) || !(horizon > 0)) {
    throw new RangeError(`survivalPerformance: horizon is ${horizon}; expected a finite time > 0`);
  }
  const risk = Float64Array.from(riskAtHorizon);
  for (let i = 0; i < n; i++) {
    if (!(risk[i]! >= 0 && risk[i]! <= 1)) {
      throw new RangeError(
        `survivalPerformance: riskAtHorizon[${i}] is ${risk[i]}; expected a risk in [0, 1]`,
      );
    }
  }
  const given = input.linearPredictor;
  if (given && given.length !== n) {
    throw new RangeError(`survivalPerformance: ${n} predictions but ${given.length} linear predictors`);
  }
  const lp = given ? Float64Array.from(given) : risk.map(cloglog);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const problems: { metric: string; message: string }[] = [];
  const attempt = <T>(metric: string, compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      problems.push({ metric, message: error.message });
      return null;
    }
  };

  let nEvents = 0;
  let eventsByHorizon = 0;
  let sumRisk = 0;
  for (let i = 0; i < n; i++) {
    nEvents += event[i]!;
    if (event[i] === 1 && time[i]! <= horizon) eventsByHorizon++;
    sumRisk += risk[i]!;
  }
  const concordanceOf = (method: "harrell" | "uno") => {
    const c = riskConcordance({
      time,
      event,
      risk: lp,
      method,
      ...(method === "uno" ? { horizon } : {}),
    });
    return wald(c.concordance, c.stdErr, z);
  };
  const km = survivalAt(kaplanMeier({ time, event, confLevel }), [horizon]);

  return {
    n,
    nEvents,
    horizon,
    eventsByHorizon,
    harrellC: attempt("harrellC", () => concordanceOf("harrell")),
    unoC: attempt("unoC", () => concordanceOf("uno")),
    auc: attempt("auc", () => {
      const a = timeDependentAuc({ time, event, riskAt: [risk], horizons: [horizon], confLevel });
      return {
        estimate: a.auc[0]!,
        stdErr: a.stdErr[0]!,
        lower: a.lower[0]!,
        upper: a.upper[0]!,
        nCases: a.nCases[0]!,
        nControls: a.nControls[0]!,
      };
    }),
    brier: attempt("brier", () => {
      const b = timeDependentBrier({ time, event, riskAt: [risk], horizons: [horizon], confLevel });
      return {
        estimate: b.brier[0]!,
        stdErr: b.stdErr[0]!,
        lower: b.lower[0]!,
        upper: b.upper[0]!,
        nullBrier: b.nullBrier[0]!,
        nullLower: b.nullLower[0]!,
        nullUpper: b.nullUpper[0]!,
        ipa: b.ipa[0] ?? null,
      };
    }),
    observedRisk: { estimate: 1 - km.survival[0]!, lower: 1 - km.upper[0]!, upper: 1 - km.lower[0]! },
    meanPredictedRisk: sumRisk / n,
    calibrationGroups: survivalCalibrationGroups(risk, time, event, horizon, confLevel),
    calibrationSlope: attempt("calibrationSlope", () => coxCalibrationSlope(time, event, lp, z)),
    linearPredictorSource: given ? "given" : "cloglog-risk",
    problems,
  };
}

/** Coefficient of the linear predictor in coxph(Surv(time, event) ~ lp), Efron ties as coxph. */
export function coxCalibrationSlope(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  linearPredictor: Float64Array,
  z: number,
): IntervalEstimate {
  let constant = true;
  for (let i = 1; i < linearPredictor.length && constant; i++) {
    if (linearPredictor[i] !== linearPredictor[0]) constant = false;
  }
  if (constant)
    throw new RangeError("the linear predictor is the same for everyone; no slope can be estimated");
  const fit = coxPh({ time, event, x: linearPredictor, names: ["lp"], ties: "efron" });
  const slope = fit.coefficients.coef[0]!;
  const se = fit.coefficients.se[0]!;
  if (!fit.converged || !Number.isFinite(slope) || !Number.isFinite(se)) {
    throw new RangeError(
      `the Cox regression on the linear predictor did not converge (${fit.warnings.join("; ")})`,
    );
  }
  return { estimate: slope, stdErr: se, lower: slope - z * se, upper: slope + z * se };
}

function wald(estimate: number, stdErr: number, z: number): IntervalEstimate {
  return {
    estimate,
    stdErr,
    lower: Math.max(0, estimate - z * stdErr),
    upper: Math.min(1, estimate + z * stdErr),
  };
}

/** log(−log(1 − r)), with r kept LOGIT_CLAMP away from 0 and 1 where the logarithms are infinite. */
function cloglog(r: number): number {
  const p = Math.min(Math.max(r, LOGIT_CLAMP), 1 - LOGIT_CLAMP);
  return Math.log(-Math.log1p(-p));
}
