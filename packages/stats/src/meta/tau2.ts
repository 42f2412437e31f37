import { traceP, tracePP, weightedFit } from "./weightedMean.js";

/**
 * Estimators of the between-study variance τ² of the random-effects model yᵢ = μ + uᵢ + εᵢ,
 * uᵢ ~ N(0, τ²), εᵢ ~ N(0, vᵢ), for the intercept-only model, computed as metafor's rma.uni does
 * (Viechtbauer, J Stat Softw 2010;36(3); metafor 3.8 source), so that the numbers agree with R.
 */

export interface Tau2Estimate {
  tau2: number;
  /** Standard error of τ̂² as metafor reports it (se.tau2). */
  seTau2: number;
  /** Fisher scoring iterations (REML); 0 for the closed-form DerSimonian–Laird estimator. */
  iterations: number;
  /** Anything metafor would have warned about, in words. */
  warnings: string[];
}

/**
 * DerSimonian & Laird's method-of-moments estimator (Control Clin Trials 1986;7:177):
 * τ̂² = max(0, (Q − (k − 1)) / (Σw − Σw²/Σw)) with w = 1/v and Q Cochran's statistic.
 * Its standard error is metafor's: √((2(k−1) + 4τ̂²·tr P + 2τ̂⁴·tr PP)) / tr P with P at τ² = 0.
 */
export function tau2DerSimonianLaird(yi: Float64Array, vi: Float64Array): Tau2Estimate {
  const k = yi.length;
  const fixed = weightedFit(yi, vi, 0);
  const trP = traceP(fixed);
  const tau2 = Math.max(0, (fixed.weightedRss - (k - 1)) / trP);
  const seTau2 = Math.sqrt(2 * (k - 1) + 4 * tau2 * trP + 2 * tau2 * tau2 * tracePP(fixed)) / trP;
  return { tau2, seTau2, iterations: 0, warnings: [] };
}

export interface RemlControl {
  /** Stop when an iteration changes τ² by no more than this; metafor's threshold, default 1e-5. */
  tolerance?: number;
  /** Give up after this many iterations; metafor's maxiter, default 100. */
  maxIterations?: number;
}

/** Thrown when Fisher scoring for the REML estimate of τ² does not converge (metafor stops too). */
export class RemlConvergenceError extends Error {
  readonly iterations: number;
  readonly lastTau2: number;

  constructor(iterations: number, lastTau2: number) {
    super(
      `REML estimation of tau2 did not converge in ${iterations} Fisher scoring iterations ` +
        `(last tau2 = ${lastTau2}); raise reml.maxIterations, loosen reml.tolerance, or use method "DL"`,
    );
    this.name = "RemlConvergenceError";
    this.iterations = iterations;
    this.lastTau2 = lastTau2;
  }
}

// metafor's con$tol = .Machine$double.eps^0.25, the log-likelihood margin of its ll0check.
const LL0_MARGIN = Number.EPSILON ** 0.25;

/**
 * The restricted maximum-likelihood estimator (Viechtbauer, J Educ Behav Stat 2005;30:261), by
 * metafor's Fisher scoring: start from the Hedges estimator max(0, var(y) − mean(v)) (metafor's
 * "HE" start), step τ² ← τ² + (yᵀPPy − tr P)/tr PP, halving the step while it would make τ²
 * negative, until a step changes τ² by no more than the tolerance. As metafor, the result is then
 * compared with τ² = 0 and replaced by 0 when the restricted likelihood is higher there (the
 * "ll0check": scoring can stall at a local maximum), and its standard error is √(2 / tr PP).
 * With metafor's defaults (tolerance 1e-5, 100 iterations) the iterations are metafor's own.
 */
export function tau2Reml(yi: Float64Array, vi: Float64Array, control: RemlControl = {}): Tau2Estimate {
  const tolerance = control.tolerance ?? 1e-5;
  const maxIterations = control.maxIterations ?? 100;
  if (!(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`tau2Reml: reml.tolerance is ${tolerance}; expected a positive number`);
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`tau2Reml: reml.maxIterations is ${maxIterations}; expected a positive integer`);
  }
  const k = yi.length;
  const warnings: string[] = [];

  let tau2 = Math.max(0, hedgesStart(yi, vi));
  let change = tolerance + 1;
  let iterations = 0;
  while (change > tolerance) {
    iterations++;
    const previous = tau2;
    const fit = weightedFit(yi, vi, tau2);
    let step = (fit.squaredWeightedRss - traceP(fit)) / tracePP(fit);
    if (Number.isNaN(step)) step = 0;
    while (tau2 + step < 0) step /= 2;
    tau2 += step;
    change = Math.abs(previous - tau2);
    if (iterations > maxIterations) throw new RemlConvergenceError(maxIterations, tau2);
  }

  if (tau2 > tolerance) {
    const atZero = restrictedLogLikelihood(yi, vi, 0, k);
    const atEstimate = restrictedLogLikelihood(yi, vi, tau2, k);
    if (atZero - atEstimate > LL0_MARGIN) {
      warnings.push(
        "Fisher scoring may have stalled at a local maximum of the restricted likelihood; tau2 set to 0 " +
          "(metafor does the same)",
      );
      tau2 = 0;
    }
  }
  tau2 = Math.max(0, tau2);
  const seTau2 = Math.sqrt(2 / tracePP(weightedFit(yi, vi, tau2)));
  return { tau2, seTau2, iterations, warnings };
}

/**
 * metafor's starting value for ML/REML, the Hedges (1983) estimator for the intercept-only model:
 * (Σ(yᵢ − ȳ)² − (1 − 1/k)·Σvᵢ) / (k − 1), with the unweighted mean ȳ.
 */
function hedgesStart(yi: Float64Array, vi: Float64Array): number {
  const k = yi.length;
  let sumY = 0;
  let sumV = 0;
  for (let i = 0; i < k; i++) {
    sumY += yi[i]!;
    sumV += vi[i]!;
  }
  const mean = sumY / k;
  let rss = 0;
  for (let i = 0; i < k; i++) {
    const r = yi[i]! - mean;
    rss += r * r;
  }
  return (rss - (1 - 1 / k) * sumV) / (k - 1);
}

/** The restricted log-likelihood of the intercept-only model at τ² (metafor's ll.REML with REMLf = TRUE). */
function restrictedLogLikelihood(yi: Float64Array, vi: Float64Array, tau2: number, k: number): number {
  const fit = weightedFit(yi, vi, tau2);
  return (
    -0.5 * (k - 1) * Math.log(2 * Math.PI) -
    0.5 * fit.sumLogVariance -
    0.5 * Math.log(fit.sumW) -
    0.5 * fit.weightedRss
  );
}
