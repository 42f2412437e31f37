import { chisqUpperTail } from "../distributions/chisq.js";
import { normalQuantile } from "../distributions/normal.js";
import { ldlFactor } from "../linalg/ldl.js";
import { SingularMatrixError, solveLinear } from "../linalg/solve.js";
import { competingRisksData } from "./competingRisksData.js";
import { type FineGrayData, fineGrayData, riskSums } from "./fineGrayData.js";
import { influenceCrossProduct } from "./fineGrayVariance.js";

/**
 * Fine–Gray proportional subdistribution-hazards regression (Fine & Gray, JASA 1999;94:496) for
 * the cumulative incidence of one cause, reproducing R's cmprsk::crr (Gray; version 2.2) without
 * time-varying covariates (cov2) and with one censoring group:
 *
 * - Pseudo-likelihood of the subdistribution hazard with Breslow's handling of ties: at each event
 *   time t of the cause, the "risk set" holds those still event-free (weight 1) and those who had a
 *   competing event before t, weighted G(t−)/G(tᵢ−) by the Kaplan–Meier G of the censoring
 *   distribution (inverse probability of censoring weighting); times tied with an event count as
 *   at risk.
 * - Newton–Raphson from β = 0 exactly as crr runs it: stop when max|Uⱼ|·max(|βⱼ|, 1) <
 *   max(|ℓ|, 1)·gtol (gtol 1e-6), at most maxIter (10) steps; a step is halved (up to 20 times)
 *   until ℓ rises by at least 1e-4 of the step's predicted gain (Armijo).
 * - Variance: the sandwich I⁻¹·(Σ uᵢuᵢᵀ)·I⁻¹ of Fine & Gray's §3, with the influence uᵢ including
 *   the term for estimating G (fineGrayVariance.ts) — crr's var; `se` is the model-based
 *   √diag(I⁻¹) (crr's invinf) and `robustSe` the sandwich's, used for z, p and the limits.
 * - p = pchisq(z², 1, lower.tail = FALSE) (summary.crr prints 2·(1 − pnorm(|z|)) rounded to two
 *   digits); hazard-ratio limits exp(β ∓ z_{α/2}·robustSe); likelihood-ratio test
 *   2(ℓ(β̂) − ℓ(0)) on p df of the pseudo-likelihood, as summary.crr; Wald test β̂ᵀV⁻¹β̂ with the
 *   sandwich V.
 * - Baseline: the jumps d(t)/S0(t) of the cumulative subdistribution hazard at x = 0 (crr's bfitj)
 *   and predicted cumulative incidence 1 − exp(−Σ_{s ≤ t} jump(s)·exp(x·β̂)) (predict.crr).
 */

export interface FineGrayOptions {
  time: ArrayLike<number>;
  /** 0 = censored, a positive integer = the cause of the event. */
  status: ArrayLike<number>;
  /** The cause modelled (crr's failcode); every other positive code is a competing event. */
  cause: number;
  /** Covariates, n×p row-major. */
  x: ArrayLike<number>;
  names: readonly string[];
  /** Coverage of the hazard-ratio intervals; default 0.95. */
  confLevel?: number;
  /** Newton–Raphson step limit (crr's maxiter); default 10. */
  maxIter?: number;
  /** Convergence tolerance (crr's gtol); default 1e-6. */
  gtol?: number;
}

export interface FineGrayTest {
  chisq: number;
  df: number;
  p: number;
}

export interface FineGrayFit {
  method: "fine-gray";
  ties: "breslow";
  variance_type: "sandwich";
  cause: number;
  confLevel: number;
  n: number;
  /** Events of the cause, of competing causes, and censorings. */
  nEvent: number;
  nCompeting: number;
  nCensored: number;
  coefficients: {
    names: string[];
    coef: Float64Array;
    /** Model-based √diag(I⁻¹) (crr's invinf). */
    se: Float64Array;
    /** Sandwich √diag(var) (crr's var, what summary.crr prints as se(coef)). */
    robustSe: Float64Array;
    z: Float64Array;
    p: Float64Array;
    hr: Float64Array;
    hrLower: Float64Array;
    hrUpper: Float64Array;
  };
  /** Log pseudo-likelihood at β = 0 and at the estimate (crr's loglik.null and loglik). */
  loglikNull: number;
  loglik: number;
  tests: { likelihoodRatio: FineGrayTest; wald: FineGrayTest };
  /** Score at the estimate (crr's score). */
  score: Float64Array;
  /** Information matrix I (crr's inf), its inverse (invinf) and the sandwich variance (var), p×p row-major. */
  information: Float64Array;
  modelVariance: Float64Array;
  variance: Float64Array;
  converged: boolean;
  iterations: number;
  warnings: string[];
  /** Column means of x (the baseline below is at x = 0, as crr's). */
  means: Float64Array;
  /** Distinct event times of the cause and the baseline subdistribution-hazard jumps there (crr's uftime, bfitj). */
  baseline: { time: Float64Array; hazard: Float64Array };
}

export interface FineGrayPrediction {
  time: Float64Array;
  /** One predicted cumulative-incidence curve per row of newX, each over `time`. */
  cumulativeIncidence: Float64Array[];
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 20;

export function fineGray(options: FineGrayOptions): FineGrayFit {
  const { cause, names } = options;
  const confLevel = options.confLevel ?? 0.95;
  const maxIter = options.maxIter ?? 10;
  const gtol = options.gtol ?? 1e-6;
  const base = competingRisksData("fineGray", options.time, options.status);
  const n = base.n;
  const p = names.length;
  if (p === 0) throw new RangeError("fineGray: no covariates (names is empty)");
  if (new Set(names).size !== p) throw new RangeError("fineGray: names must be distinct");
  if (options.x.length !== n * p) {
    throw new RangeError(`fineGray: x has ${options.x.length} values; expected n·p = ${n}·${p} = ${n * p}`);
  }
  for (let i = 0; i < n * p; i++) {
    const v = options.x[i]!;
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `fineGray: x[${Math.floor(i / p)}, ${names[i % p]}] is ${v}; drop or impute first`,
      );
    }
  }
  if (!Number.isInteger(cause) || cause < 1) {
    throw new RangeError(`fineGray: cause must be a positive integer, got ${cause}`);
  }
  if (!base.causes.includes(cause)) throw new RangeError(`fineGray: no events of cause ${cause}`);
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`fineGray: confLevel must lie strictly between 0 and 1, got ${confLevel}`);
  }
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new RangeError(`fineGray: maxIter must be a non-negative integer, got ${maxIter}`);
  }
  if (!(gtol > 0)) throw new RangeError(`fineGray: gtol must be positive, got ${gtol}`);
  const data = fineGrayData(base.time, base.status, base.order, cause, options.x, p);
  const warnings: string[] = [];

  // ---- Newton–Raphson as crr runs it ----
  let beta = new Float64Array(p);
  let current = evaluate(data, beta);
  let converged = false;
  let iterations = 0;
  for (let step = 0; step <= maxIter; step++) {
    let largestScore = 0;
    for (let j = 0; j < p; j++) {
      largestScore = Math.max(largestScore, Math.abs(current.score[j]!) * Math.max(Math.abs(beta[j]!), 1));
    }
    if (largestScore < Math.max(Math.abs(current.loglik), 1) * gtol) {
      converged = true;
      break;
    }
    if (step === maxIter) break;
    let direction: Float64Array;
    try {
      direction = solveLinear(current.information, p, current.score);
    } catch (err) {
      if (!(err instanceof SingularMatrixError)) throw err;
      warnings.push(
        `the information matrix is singular at iteration ${step + 1} (collinear or constant covariates?)`,
      );
      break;
    }
    let gain = 0;
    for (let j = 0; j < p; j++) gain += direction[j]! * current.score[j]!;
    let candidate = Float64Array.from(beta, (b, j) => b + direction[j]!);
    let candidateLoglik = loglikAt(data, candidate);
    let halvings = 0;
    while (Number.isNaN(candidateLoglik) || candidateLoglik < current.loglik + ARMIJO * gain) {
      halvings++;
      for (let j = 0; j < p; j++) direction[j]! *= 0.5;
      gain *= 0.5;
      candidate = Float64Array.from(beta, (b, j) => b + direction[j]!);
      candidateLoglik = loglikAt(data, candidate);
      if (halvings > MAX_HALVINGS) break;
    }
    if (halvings > MAX_HALVINGS) {
      warnings.push(
        `the step could not be improved by halving it ${MAX_HALVINGS} times at iteration ${step + 1}`,
      );
      break;
    }
    beta = candidate;
    iterations = step + 1;
    current = evaluate(data, beta);
  }
  if (!converged && warnings.length === 0) {
    warnings.push(
      `did not converge in ${maxIter} iterations (crr's maxiter); the estimates are the last step's`,
    );
  }

  // ---- variance ----
  const information = current.information;
  const factor = ldlFactor(information, p);
  let modelVariance: Float64Array;
  let variance: Float64Array;
  if (factor.rank < p) {
    warnings.push(
      "the information matrix is singular: no standard errors (collinear or constant covariates?)",
    );
    modelVariance = new Float64Array(p * p).fill(Number.NaN);
    variance = new Float64Array(p * p).fill(Number.NaN);
  } else {
    modelVariance = inverse(information, p);
    const middle = influenceCrossProduct(data, beta, current.sums);
    variance = multiply(multiply(modelVariance, middle, p), modelVariance, p);
  }

  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const se = new Float64Array(p);
  const robustSe = new Float64Array(p);
  const zValues = new Float64Array(p);
  const pValues = new Float64Array(p);
  const hr = new Float64Array(p);
  const hrLower = new Float64Array(p);
  const hrUpper = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    se[j] = Math.sqrt(modelVariance[j * p + j]!);
    robustSe[j] = Math.sqrt(variance[j * p + j]!);
    zValues[j] = beta[j]! / robustSe[j]!;
    pValues[j] = chisqUpperTail(zValues[j]! * zValues[j]!, 1);
    hr[j] = Math.exp(beta[j]!);
    hrLower[j] = Math.exp(beta[j]! - z * robustSe[j]!);
    hrUpper[j] = Math.exp(beta[j]! + z * robustSe[j]!);
  }
  const loglikNull = loglikAt(data, new Float64Array(p));
  const lr = 2 * (current.loglik - loglikNull);
  let wald = Number.NaN;
  if (factor.rank === p) {
    try {
      const solved = solveLinear(variance, p, beta);
      wald = 0;
      for (let j = 0; j < p; j++) wald += beta[j]! * solved[j]!;
    } catch (err) {
      if (!(err instanceof SingularMatrixError)) throw err;
    }
  }

  // Baseline jumps at x = 0: the centred S0 times exp(means·β) is S0 of the raw covariates.
  let shift = 0;
  for (let j = 0; j < p; j++) shift += data.means[j]! * beta[j]!;
  const hazard = Float64Array.from(data.eventCount, (d, e) => d / current.sums.s0[e]! / Math.exp(shift));

  let nEvent = 0;
  let nCompeting = 0;
  for (const k of data.kind) {
    if (k === 1) nEvent++;
    else if (k === 2) nCompeting++;
  }
  return {
    method: "fine-gray",
    ties: "breslow",
    variance_type: "sandwich",
    cause,
    confLevel,
    n,
    nEvent,
    nCompeting,
    nCensored: n - nEvent - nCompeting,
    coefficients: {
      names: [...names],
      coef: beta,
      se,
      robustSe,
      z: zValues,
      p: pValues,
      hr,
      hrLower,
      hrUpper,
    },
    loglikNull,
    loglik: current.loglik,
    tests: {
      likelihoodRatio: { chisq: lr, df: p, p: chisqUpperTail(lr, p) },
      wald: { chisq: wald, df: p, p: Number.isNaN(wald) ? Number.NaN : chisqUpperTail(wald, p) },
    },
    score: current.score,
    information,
    modelVariance,
    variance,
    converged,
    iterations,
    warnings,
    means: data.means,
    baseline: { time: data.eventTimes, hazard },
  };
}

/** Predicted cumulative incidence of the cause for new covariate rows (predict.crr). */
export function fineGrayPredict(fit: FineGrayFit, newX: ArrayLike<number>): FineGrayPrediction {
  const p = fit.coefficients.names.length;
  if (newX.length === 0 || newX.length % p !== 0) {
    throw new RangeError(
      `fineGrayPredict: newX has ${newX.length} values, not a positive multiple of p = ${p}`,
    );
  }
  const rows = newX.length / p;
  const { time, hazard } = fit.baseline;
  const curves: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += newX[r * p + j]! * fit.coefficients.coef[j]!;
    const risk = Math.exp(eta);
    const curve = new Float64Array(time.length);
    let cumulative = 0;
    for (let k = 0; k < time.length; k++) {
      cumulative += risk * hazard[k]!;
      curve[k] = 1 - Math.exp(-cumulative);
    }
    curves.push(curve);
  }
  return { time, cumulativeIncidence: curves };
}

interface Evaluation {
  loglik: number;
  score: Float64Array;
  information: Float64Array;
  sums: ReturnType<typeof riskSums>;
}

/** Log pseudo-likelihood, score and information at β (crr's crrfsv, with signs for maximising). */
function evaluate(data: FineGrayData, beta: Float64Array): Evaluation {
  const { p, eventCount } = data;
  const sums = riskSums(data, beta, true);
  const s2 = sums.s2!;
  const pp = p * p;
  let loglik = sums.eventEta;
  const score = new Float64Array(p);
  const information = new Float64Array(pp);
  for (let e = 0; e < eventCount.length; e++) {
    const d = eventCount[e]!;
    const s0 = sums.s0[e]!;
    loglik -= d * Math.log(s0);
    for (let a = 0; a < p; a++) {
      const meanA = sums.s1[e * p + a]! / s0;
      score[a]! += sums.eventX[e * p + a]! - d * meanA;
      for (let b = 0; b <= a; b++) {
        const meanB = sums.s1[e * p + b]! / s0;
        information[a * p + b]! += d * (s2[e * pp + a * p + b]! / s0 - meanA * meanB);
      }
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) information[b * p + a] = information[a * p + b]!;
  return { loglik, score, information, sums };
}

/** Log pseudo-likelihood alone (crr's crrf). */
function loglikAt(data: FineGrayData, beta: Float64Array): number {
  const sums = riskSums(data, beta, false);
  let loglik = sums.eventEta;
  for (let e = 0; e < data.eventCount.length; e++) loglik -= data.eventCount[e]! * Math.log(sums.s0[e]!);
  return loglik;
}

function inverse(matrix: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  const unit = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = solveLinear(matrix, p, unit);
    for (let i = 0; i < p; i++) out[i * p + j] = column[i]!;
  }
  return out;
}

function multiply(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const aik = a[i * p + k]!;
      for (let j = 0; j < p; j++) out[i * p + j]! += aik * b[k * p + j]!;
    }
  }
  return out;
}
