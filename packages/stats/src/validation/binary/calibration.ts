import { logisticRegression } from "../../regression/logistic.js";
import { LogisticFitError } from "../../regression/logisticTypes.js";
import { logit } from "../../regression/logitLink.js";
import { binaryInputs, requireBothClasses } from "./inputs.js";
import { lowess } from "./lowess.js";

/**
 * Calibration of predicted risks against observed binary outcomes (Cox, Biometrika 1958;45:562;
 * Van Calster et al., J Clin Epidemiol 2016;74:167; Steyerberg, Clinical Prediction Models,
 * 2nd ed., 2019, ch. 15):
 *
 * - calibration-in-the-large: the intercept α of glm(y ~ offset(logit p), binomial) — 0 when the
 *   mean risk is right, negative when risks are too high on average;
 * - calibration slope: β of glm(y ~ logit p, binomial) — 1 ideally, below 1 when predictions are
 *   too extreme (overfitting) — with the intercept of that same fit (interceptWithSlope), which
 *   is not the calibration-in-the-large;
 * - a smoothed calibration curve: lowess(p, y, iter = 0) as rms::val.prob draws it, with val.prob's
 *   summaries of |p − curve(p)| over the observations (Eavg, Emax, E90 — Austin & Steyerberg,
 *   Stat Med 2019;38:4051), and optionally the curve on a grid of risks by linear interpolation
 *   (R's approx(), ties = mean; null outside the range of the predictions).
 *
 * logit p is log(p / (1 − p)), R's qlogis(p); the fits are carta's logisticRegression (R's glm),
 * with Wald standard errors and intervals.
 */

export interface CalibrationOptions {
  /** Predicted probabilities, strictly between 0 and 1. */
  predicted: ArrayLike<number>;
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
  /** Coverage of the Wald intervals; default 0.95. */
  confLevel?: number;
}

export interface CalibrationResult {
  method: "logistic-recalibration";
  n: number;
  nEvents: number;
  /** Mean predicted risk and observed event rate. */
  meanPredicted: number;
  observedRate: number;
  confLevel: number;
  /** Calibration-in-the-large: intercept of glm(y ~ offset(logit p)), its standard error and Wald interval. */
  citlIntercept: number;
  citlInterceptSe: number;
  citlInterceptLower: number;
  citlInterceptUpper: number;
  /** Calibration slope: coefficient of logit p in glm(y ~ logit p). */
  slope: number;
  slopeSe: number;
  slopeLower: number;
  slopeUpper: number;
  /** The intercept of glm(y ~ logit p), fitted together with the slope. */
  interceptWithSlope: number;
  interceptWithSlopeSe: number;
}

export interface CalibrationCurveOptions {
  predicted: ArrayLike<number>;
  outcome: ArrayLike<number>;
  /** lowess span; default 2/3 (R's default, used by val.prob). */
  span?: number;
  /** lowess robustness iterations; default 0, as val.prob. */
  iterations?: number;
  /** lowess delta; default 1% of the range of the predictions. */
  delta?: number;
  /** Risks at which to report the curve (e.g. 0.05, 0.10, …, 0.95). */
  grid?: ArrayLike<number>;
}

export interface CalibrationCurveResult {
  method: "lowess";
  n: number;
  span: number;
  iterations: number;
  delta: number;
  /** The smoothed curve at each observation, sorted by predicted risk. */
  predicted: number[];
  observed: number[];
  /** Mean, maximum and 90th percentile (type 7) of |p − curve(p)| over the observations (val.prob). */
  eavg: number;
  emax: number;
  e90: number;
  /** The curve interpolated at the requested risks; null outside the range of the predictions. */
  grid: { predicted: number[]; observed: (number | null)[] } | null;
}

export function calibration(options: CalibrationOptions): CalibrationResult {
  const { confLevel = 0.95 } = options;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`calibration: confLevel must be in (0, 1), got ${confLevel}`);
  }
  const { p, y, events } = binaryInputs("calibration", options.predicted, options.outcome, "open-unit");
  const n = p.length;
  requireBothClasses("calibration", n, events);
  const lp = Float64Array.from(p, logit);
  if (lp.every((v) => v === lp[0])) {
    throw new RangeError("calibration: every prediction is the same, so the calibration slope is undefined");
  }
  const inTheLarge = logisticRegression({
    outcome: y,
    x: new Float64Array(0),
    names: [],
    offset: lp,
    confLevel,
  });
  let recalibration: ReturnType<typeof logisticRegression>;
  try {
    recalibration = logisticRegression({ outcome: y, x: lp, names: ["logit_predicted"], confLevel });
  } catch (error) {
    if (error instanceof LogisticFitError && error.problem === "separation") {
      throw new RangeError(
        "calibration: the predictions separate the outcomes perfectly (AUC = 1), so the calibration " +
          "slope is infinite",
      );
    }
    throw error;
  }
  let sumP = 0;
  for (let i = 0; i < n; i++) sumP += p[i]!;
  const citl = inTheLarge.coefficients;
  const fit = recalibration.coefficients;
  return {
    method: "logistic-recalibration",
    n,
    nEvents: events,
    meanPredicted: sumP / n,
    observedRate: events / n,
    confLevel: confLevel,
    citlIntercept: citl.coef[0]!,
    citlInterceptSe: citl.se[0]!,
    citlInterceptLower: citl.lower[0]!,
    citlInterceptUpper: citl.upper[0]!,
    slope: fit.coef[1]!,
    slopeSe: fit.se[1]!,
    slopeLower: fit.lower[1]!,
    slopeUpper: fit.upper[1]!,
    interceptWithSlope: fit.coef[0]!,
    interceptWithSlopeSe: fit.se[0]!,
  };
}

export function calibrationCurve(options: CalibrationCurveOptions): CalibrationCurveResult {
  const { span = 2 / 3, iterations = 0, grid } = options;
  const { p, y } = binaryInputs("calibrationCurve", options.predicted, options.outcome, "closed-unit");
  const n = p.length;
  let min = p[0]!;
  let max = p[0]!;
  for (let i = 1; i < n; i++) {
    min = Math.min(min, p[i]!);
    max = Math.max(max, p[i]!);
  }
  const delta = options.delta ?? 0.01 * (max - min);
  const smooth = lowess({ x: p, y, span, iterations, delta });

  // The curve's knots: distinct predictions with the mean smoothed value of their ties (approx's
  // ties = mean; lowess gives tied x one value anyway).
  const knotX: number[] = [];
  const knotY: number[] = [];
  for (let start = 0; start < n; ) {
    let end = start + 1;
    let sum = smooth.y[start]!;
    while (end < n && smooth.x[end] === smooth.x[start]) sum += smooth.y[end++]!;
    knotX.push(smooth.x[start]!);
    knotY.push(sum / (end - start));
    start = end;
  }

  const errors = new Float64Array(n);
  let sumError = 0;
  for (let i = 0; i < n; i++) {
    errors[i] = Math.abs(p[i]! - interpolate(knotX, knotY, p[i]!)!);
    sumError += errors[i]!;
  }
  errors.sort();

  let gridResult: CalibrationCurveResult["grid"] = null;
  if (grid) {
    const at = Array.from(grid);
    for (const [k, g] of at.entries()) {
      if (!Number.isFinite(g)) throw new RangeError(`calibrationCurve: grid[${k}] is ${g}`);
    }
    gridResult = { predicted: at, observed: at.map((g) => interpolate(knotX, knotY, g)) };
  }
  return {
    method: "lowess",
    n,
    span,
    iterations,
    delta,
    predicted: Array.from(smooth.x),
    observed: Array.from(smooth.y),
    eavg: sumError / n,
    emax: errors[n - 1]!,
    e90: quantileType7(errors, 0.9),
    grid: gridResult,
  };
}

/** R's approx(rule = 1) at v: linear between knots, null outside them (R's NA). */
function interpolate(x: readonly number[], y: readonly number[], v: number): number | null {
  let i = 0;
  let j = x.length - 1;
  if (v < x[i]! || v > x[j]!) return null;
  while (i < j - 1) {
    const ij = Math.trunc((i + j) / 2);
    if (v < x[ij]!) j = ij;
    else i = ij;
  }
  if (v === x[j]) return y[j]!;
  if (v === x[i]) return y[i]!;
  return y[i]! + (y[j]! - y[i]!) * ((v - x[i]!) / (x[j]! - x[i]!));
}

/** quantile(x, prob, type = 7) of sorted values, with R's (1 − h)·x[lo] + h·x[hi] arithmetic. */
function quantileType7(sorted: Float64Array, prob: number): number {
  // 1-based index as R computes it, so that h rounds the same way.
  const index = 1 + (sorted.length - 1) * prob;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const h = index - lo;
  const a = sorted[lo - 1]!;
  const b = sorted[hi - 1]!;
  return index > lo && b !== a ? (1 - h) * a + h * b : a;
}
