import { coxPh, foldSplit, kaplanMeier, kFoldAssignment, normalQuantile, survivalAt } from "@carta/stats";
import type { LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import {
  type CohortEffect,
  type CohortEffects,
  type CovariateShift,
  cohortEffects,
  covariateShift,
  type EffectsFit,
  type PredictorEffect,
  splitCohorts,
  standardizedDesign,
  withCohortInteraction,
} from "../validation/transport.js";
import { breslowBaseline, survivalFromLinearPredictor } from "./breslow.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";
import { type SurvivalDecisionCurve, survivalDecisionCurve } from "./survivalDecisionCurve.js";
import {
  type IntervalEstimate,
  type SurvivalPerformance,
  survivalPerformance,
} from "./survivalPerformance.js";

/**
 * Transport of a time-to-event model from the development cohort (3L+) to the target cohort (2L),
 * the survival twin of transportBinary (validation/transport.ts; DESIGN.md "Transportability";
 * Debray et al., J Clin Epidemiol 2015;68:279; Steyerberg, Clinical Prediction Models 2nd ed.
 * ch. 20), with the same result shape where the two agree:
 *
 * - performance: the model fitted on every development row, evaluated on the target cohort at the
 *   horizon τ by survivalPerformance (Harrell's and Uno's C with CIs, td-AUC, Brier/IPA, risk
 *   deciles, and the calibration slope — the Cox coefficient of the model's own linear predictor),
 *   plus the calibration intercept defined below, and net benefit at τ from the Kaplan–Meier risk
 *   of those treated (survivalDecisionCurve; Vickers et al., BMC Med Inform Decis Mak 2008;8:53);
 * - covariate shift: exactly transportBinary's (SMDs and the domain classifier's cross-validated
 *   AUC; the outcome plays no part in it);
 * - per-predictor effects: an unpenalised Cox regression (Efron ties, as coxph) of the outcome on
 *   every predictor in each cohort, numeric predictors standardised by the pooled mean and SD so
 *   that effects are log hazard ratios per SD; complete cases. Interaction test per design column:
 *   one Cox model on both cohorts with all main effects, the cohort and that column × cohort; the
 *   Wald p of the product term. The cohort enters as a covariate, so the pooled model assumes the
 *   two baseline hazards proportional — the Cox analogue of the cohort intercept of the logistic
 *   model. The fallback to one predictor at a time is transportBinary's (cohortEffects);
 * - recalibration in the target cohort, cross-validated within it: baseline re-estimation — the
 *   development model's linear predictor kept as an offset, coxph(Surv ~ offset(lp)), so only the
 *   Breslow baseline hazard is refitted — and slope updating, coxph(Surv ~ lp) with its own
 *   Breslow baseline (van Houwelingen, Stat Med 2000;19:3401; Steyerberg ch. 20), compared by the
 *   same performance and net benefit at τ.
 *
 * Calibration intercept (calibration-in-the-large at τ): log(O/E), O the Kaplan–Meier risk by τ of
 * the target cohort and E its mean predicted risk by τ — the log of the observed:expected ratio
 * at τ, O from the Kaplan–Meier estimate, that Debray et al. define for time-to-event models and
 * pool across validations (Stat Methods Med Res 2019;28:2768; the binary O:E in BMJ
 * 2017;356:i6460). 0 is calibrated in the large; below 0 the model over-predicts, as a negative
 * logistic calibration intercept does. Its standard error takes E as fixed (the predictions are a
 * given model's) and O's from Greenwood: SE(log O) = SE(S_KM(τ)) / O (delta method). A "Cox
 * intercept" proper does not exist — the partial likelihood absorbs any constant into the baseline
 * hazard — and the Poisson offset form of Crowson et al. (Stat Methods Med Res 2016;25:1692) needs
 * each patient's predicted cumulative hazard at their own follow-up time, which a SurvivalLearner
 * gives only at a horizon.
 */

export interface SurvivalTransportOptions<M, P> {
  learner: SurvivalLearner<M, P>;
  params: P;
  table: LearningTable;
  /** Follow-up time of each table row (docs/lab.md: months from the landmark). */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored, per table row. */
  event: ArrayLike<number>;
  /** Cohort of each table row. */
  cohort: ArrayLike<string>;
  /** Default "3L+" and "2L". */
  development?: string;
  target?: string;
  /** τ, in the unit of time: risks, calibration and net benefit are by this time. */
  horizon: number;
  /** Net-benefit thresholds on the risk by τ; default 0.1, 0.2, …, 0.5. */
  thresholds?: readonly number[];
  seed: number;
  /** Folds of the domain classifier's and the recalibration's cross-validation; default 5. */
  folds?: number;
  /** Learner and params predicting the target cohort; default shallow boosted trees. */
  domainClassifier?: { learner: BinaryLearner<unknown, unknown>; params: unknown };
  confLevel?: number;
}

export interface SurvivalCalibrationIntercept extends IntervalEstimate {
  /** O: Kaplan–Meier risk by τ. */
  observedRisk: number;
  /** E: mean predicted risk by τ. */
  expectedRisk: number;
  /** O/E = exp(estimate). */
  observedExpectedRatio: number;
}

export interface SurvivalTransportPerformance extends SurvivalPerformance {
  /** log(O/E) at τ (see the header); null with a `problems` entry when undefined. */
  calibrationIntercept: SurvivalCalibrationIntercept | null;
}

export interface SurvivalRecalibrationComparison {
  /** The development model as is; its baseline hazard re-estimated; its slope and baseline updated. */
  method: "original" | "baseline" | "slope";
  performance: SurvivalTransportPerformance;
  netBenefit: SurvivalDecisionCurve;
}

export interface SurvivalTransportResult {
  development: string;
  target: string;
  nDevelopment: number;
  nTarget: number;
  horizon: number;
  performance: SurvivalTransportPerformance;
  netBenefit: SurvivalDecisionCurve;
  shift: CovariateShift;
  /** Effects are log hazard ratios (per SD for a standardised predictor). */
  effects: CohortEffects;
  recalibration: SurvivalRecalibrationComparison[];
}

export function transportSurvival<M, P>(options: SurvivalTransportOptions<M, P>): SurvivalTransportResult {
  const caller = "transportSurvival";
  const { learner, params, table, time, event, horizon, seed } = options;
  const development = options.development ?? "3L+";
  const target = options.target ?? "2L";
  const thresholds = options.thresholds ?? [0.1, 0.2, 0.3, 0.4, 0.5];
  const k = options.folds ?? 5;
  const confLevel = options.confLevel ?? 0.95;
  checkHorizon(caller, horizon);
  const { devRows, targetRows } = splitCohorts(caller, options.cohort, table, development, target);
  survivalOutcomeOf(caller, table, time, event, devRows);
  const outcome = survivalOutcomeOf(caller, table, time, event, targetRows);

  const model = learner.fit(table, time, event, devRows, params);
  const lp = learner.predictRisk(model, table, targetRows);
  const risk = learner.predictSurvival(model, table, targetRows, horizon).map((s) => 1 - s);
  const original = compare("original", risk, lp, outcome, horizon, thresholds, confLevel);

  return {
    development,
    target,
    nDevelopment: devRows.length,
    nTarget: targetRows.length,
    horizon,
    performance: original.performance,
    netBenefit: original.netBenefit,
    shift: covariateShift(options, devRows, targetRows, k),
    effects: cohortEffects(table, devRows, targetRows, (t, dev, tgt) =>
      coxEffects(t, time, event, dev, tgt, confLevel),
    ),
    recalibration: [original, ...recalibrations(lp, outcome, horizon, thresholds, k, seed, confLevel)],
  };
}

/** log(O/E) at the horizon with its Greenwood-based Wald limits (see the header). */
export function survivalCalibrationIntercept(
  riskAtHorizon: ArrayLike<number>,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  horizon: number,
  confLevel = 0.95,
): SurvivalCalibrationIntercept {
  const n = riskAtHorizon.length;
  if (n === 0 || time.length !== n || event.length !== n) {
    throw new RangeError(
      `survivalCalibrationIntercept: ${n} predictions, ${time.length} times and ${event.length} statuses`,
    );
  }
  const km = survivalAt(kaplanMeier({ time, event, confLevel }), [horizon]);
  const observed = 1 - km.survival[0]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += riskAtHorizon[i]!;
  const expected = sum / n;
  if (!(observed > 0)) {
    throw new RangeError("no event by the horizon: the observed risk is 0 and log(O/E) is −∞");
  }
  if (!(expected > 0)) throw new RangeError("every predicted risk by the horizon is 0: O/E is infinite");
  const seObserved = km.stdErr[0]!;
  if (!Number.isFinite(seObserved)) {
    throw new RangeError(
      "the Kaplan–Meier survival reaches 0 by the horizon: the Greenwood variance of the observed risk is undefined",
    );
  }
  const estimate = Math.log(observed / expected);
  const stdErr = seObserved / observed;
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  return {
    estimate,
    stdErr,
    lower: estimate - z * stdErr,
    upper: estimate + z * stdErr,
    observedRisk: observed,
    expectedRisk: expected,
    observedExpectedRatio: observed / expected,
  };
}

function compare(
  method: SurvivalRecalibrationComparison["method"],
  risk: Float64Array,
  linearPredictor: Float64Array | null,
  outcome: { time: Float64Array; event: Uint8Array },
  horizon: number,
  thresholds: readonly number[],
  confLevel: number,
): SurvivalRecalibrationComparison {
  const { time, event } = outcome;
  const base = survivalPerformance({
    riskAtHorizon: risk,
    ...(linearPredictor ? { linearPredictor } : {}),
    time,
    event,
    horizon,
    confLevel,
  });
  let calibrationIntercept: SurvivalCalibrationIntercept | null = null;
  try {
    calibrationIntercept = survivalCalibrationIntercept(risk, time, event, horizon, confLevel);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    base.problems.push({ metric: "calibrationIntercept", message: error.message });
  }
  return {
    method,
    performance: { ...base, calibrationIntercept },
    netBenefit: survivalDecisionCurve(risk, time, event, horizon, thresholds),
  };
}

/**
 * Cross-validated within the target cohort, so that an updated model is not judged on the rows
 * that updated it; folds stratified by event status. The recalibrated predictions come from k
 * fits, so their performance is judged on the complementary log-log of the risk (one absolute
 * scale; survivalPerformance), not on k different linear predictors.
 */
function recalibrations(
  lp: Float64Array,
  outcome: { time: Float64Array; event: Uint8Array },
  horizon: number,
  thresholds: readonly number[],
  k: number,
  seed: number,
  confLevel: number,
): SurvivalRecalibrationComparison[] {
  const { time, event } = outcome;
  const n = lp.length;
  const assignment = kFoldAssignment({ n, k, seed, strata: event });
  const baselineRisk = new Float64Array(n);
  const slopeRisk = new Float64Array(n);
  for (let fold = 0; fold < k; fold++) {
    const { train, test } = foldSplit(assignment, fold);
    const tTrain = Float64Array.from(train, (i) => time[i]!);
    const eTrain = Uint8Array.from(train, (i) => event[i]!);
    const lpTrain = Float64Array.from(train, (i) => lp[i]!);
    const lpTest = Float64Array.from(test, (i) => lp[i]!);
    // coxph(Surv ~ offset(lp)): no coefficient to fit, only the baseline hazard given lp.
    const offsetOnly = survivalFromLinearPredictor(breslowBaseline(tTrain, eTrain, lpTrain), lpTest, horizon);
    const slope = coxFit(tTrain, eTrain, lpTrain, ["lp"], 0.95, `slope recalibration (fold ${fold + 1})`)
      .coef[0]!;
    const updated = survivalFromLinearPredictor(
      breslowBaseline(
        tTrain,
        eTrain,
        lpTrain.map((v) => slope * v),
      ),
      lpTest.map((v) => slope * v),
      horizon,
    );
    test.forEach((i, m) => {
      baselineRisk[i] = 1 - offsetOnly[m]!;
      slopeRisk[i] = 1 - updated[m]!;
    });
  }
  return [
    compare("baseline", baselineRisk, null, outcome, horizon, thresholds, confLevel),
    compare("slope", slopeRisk, null, outcome, horizon, thresholds, confLevel),
  ];
}

/** The Cox counterpart of transportBinary's logistic effect models (see the header); `event` 1 = the event (a cause-specific one for competing risks). */
export function coxEffects(
  table: LearningTable,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  devRows: Uint32Array,
  targetRows: Uint32Array,
  confLevel: number,
): EffectsFit {
  const { names, standardized, dev, target, both, x } = standardizedDesign(table, devRows, targetRows);
  const p = names.length;
  const nDev = dev.length;
  const t = Float64Array.from(both, (r) => time[r]!);
  const e = Uint8Array.from(both, (r) => event[r]!);
  const devFit = coxFit(
    t.subarray(0, nDev),
    e.subarray(0, nDev),
    x.subarray(0, nDev * p),
    names,
    confLevel,
    "the development cohort's effect model",
  );
  const tgtFit = coxFit(
    t.subarray(nDev),
    e.subarray(nDev),
    x.subarray(nDev * p),
    names,
    confLevel,
    "the target cohort's effect model",
  );
  const predictors = names.map((name, j): PredictorEffect => {
    const pooled = coxFit(
      t,
      e,
      withCohortInteraction(x, p, nDev, j),
      [...names, "target cohort", `${name} × target cohort`],
      confLevel,
      `the interaction model of ${name}`,
    );
    return {
      name,
      standardized: standardized[j]!,
      effectDevelopment: devFit.effect(j),
      effectTarget: tgtFit.effect(j),
      interaction: pooled.coef[p + 1]!,
      interactionP: pooled.p[p + 1]!,
    };
  });
  return {
    predictors,
    nDevelopment: nDev,
    nTarget: target.length,
    droppedIncomplete: devRows.length + targetRows.length - both.length,
  };
}

/**
 * coxph(Surv(time, event) ~ x), Efron ties. Where coxph would warn and return a coefficient that
 * means nothing — not converged, monotone likelihood (an infinite estimate), an aliased column —
 * this throws a RangeError naming the model, as logisticRegression does for separation, so that
 * cohortEffects can fall back to one predictor at a time.
 */
export function coxFit(
  time: Float64Array,
  event: Uint8Array,
  x: Float64Array,
  names: readonly string[],
  confLevel: number,
  label: string,
): { coef: Float64Array; p: Float64Array; effect: (j: number) => CohortEffect } {
  let fit: ReturnType<typeof coxPh>;
  try {
    fit = coxPh({ time, event, x, names, ties: "efron", confLevel });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(`${label} could not be fitted: ${error.message}`);
  }
  const { coef, se, p } = fit.coefficients;
  if (
    !fit.converged ||
    fit.warnings.length > 0 ||
    !coef.every(Number.isFinite) ||
    !se.every(Number.isFinite)
  ) {
    throw new RangeError(
      `${label} could not be fitted: ${fit.warnings.join("; ") || "non-finite estimates"}`,
    );
  }
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  return {
    coef,
    p,
    effect: (j) => ({ estimate: coef[j]!, lower: coef[j]! - z * se[j]!, upper: coef[j]! + z * se[j]! }),
  };
}
