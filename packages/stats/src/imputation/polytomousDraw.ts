import { cholesky } from "../linalg/cholesky.js";
import type { SeededRandom } from "../random/rng.js";

const MAX_NEWTON_STEPS = 50;
const TOLERANCE = 1e-10;

/**
 * Coefficients of a multinomial logit imputation model for a K-level column (the model of mice's
 * "polyreg", which fits nnet::multinom; van Buuren, FIMD 2nd ed., 2018, §3.6.3): level 0 is the
 * reference, P(level h | x) ∝ exp(x·β_h). Fitted by Newton–Raphson with step halving on the rows
 * where the column is observed, augmented as mice's augment() does for K codes (2·q·K pseudo-rows —
 * each predictor at its mean ± ½ SD, once with each level — each weighing (q + 1)/(2qK)), so that
 * empty or separated levels keep finite estimates. Unlike polyreg, which samples from the fitted
 * probabilities at the point estimate, the coefficients are then drawn from their approximate
 * posterior N(β̂, I(β̂)⁻¹), as logreg does for two levels, so the imputation is proper.
 *
 * `predictors` is the row-major n × q design of all rows; `fitRows` those with an observed level,
 * `outcome` their codes 0…K−1. Returns, per level, intercept first then one coefficient per term
 * (zeros for level 0).
 */
export function drawMultinomialCoefficients(
  predictors: Float64Array,
  n: number,
  q: number,
  levels: number,
  fitRows: ArrayLike<number>,
  outcome: ArrayLike<number>,
  rng: SeededRandom,
): Float64Array[] {
  const k = q + 1;
  const nFit = fitRows.length;
  const nAug = 2 * q * levels;
  const rows = nFit + nAug;
  const x = new Float64Array(rows * k);
  const y = new Int32Array(rows);
  const w = new Float64Array(rows).fill(1);
  for (let r = 0; r < nFit; r++) {
    x[r * k] = 1;
    for (let t = 0; t < q; t++) x[r * k + t + 1] = predictors[fitRows[r]! * q + t]!;
    y[r] = outcome[r]!;
  }
  const mean = new Float64Array(q);
  const sd = new Float64Array(q);
  const min = new Float64Array(q).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(q).fill(Number.NEGATIVE_INFINITY);
  for (let t = 0; t < q; t++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = predictors[i * q + t]!;
      sum += v;
      min[t] = Math.min(min[t]!, v);
      max[t] = Math.max(max[t]!, v);
    }
    mean[t] = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (predictors[i * q + t]! - mean[t]!) ** 2;
    sd[t] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  }
  let r = nFit;
  for (let t = 0; t < q; t++) {
    for (let h = 0; h < levels; h++) {
      for (const sign of [0.5, -0.5]) {
        x[r * k] = 1;
        for (let u = 0; u < q; u++) {
          const v = u === t ? mean[u]! + sign * sd[u]! : mean[u]!;
          x[r * k + u + 1] = Math.min(max[u]!, Math.max(min[u]!, v));
        }
        y[r] = h;
        w[r] = (q + 1) / nAug;
        r++;
      }
    }
  }
  // A term constant over all rows gets no coefficient (as mice's remove.lindep would drop it).
  const active = new Uint8Array(k);
  active[0] = 1;
  for (let t = 0; t < q; t++) active[t + 1] = sd[t]! > 0 ? 1 : 0;

  const d = (levels - 1) * k;
  let beta = new Float64Array(d);
  let logLik = logLikelihood(x, y, w, rows, k, levels, beta);
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const { gradient, hessian } = scoreAndInformation(x, y, w, rows, k, levels, beta, active);
    const delta = new Float64Array(d);
    solveCholesky(cholesky(hessian, d), d, gradient, delta);
    let scale = 1;
    let next = beta;
    let nextLogLik = logLik;
    for (let halving = 0; halving < 30; halving++) {
      next = Float64Array.from(beta, (b, a) => b + scale * delta[a]!);
      nextLogLik = logLikelihood(x, y, w, rows, k, levels, next);
      if (nextLogLik >= logLik - 1e-12) break;
      scale /= 2;
    }
    const change = Math.abs(nextLogLik - logLik);
    beta = next;
    logLik = nextLogLik;
    if (change < TOLERANCE * (Math.abs(logLik) + 0.1)) break;
  }
  const information = scoreAndInformation(x, y, w, rows, k, levels, beta, active).hessian;
  // β* = β̂ + L⁻ᵀz has covariance (L Lᵀ)⁻¹ = I(β̂)⁻¹.
  const lower = cholesky(information, d);
  const z = new Float64Array(d);
  for (let a = 0; a < d; a++) z[a] = rng.normal();
  const shift = new Float64Array(d);
  for (let a = d - 1; a >= 0; a--) {
    let sum = z[a]!;
    for (let b = a + 1; b < d; b++) sum -= lower[b * d + a]! * shift[b]!;
    shift[a] = sum / lower[a * d + a]!;
  }
  const out = [new Float64Array(k)];
  for (let h = 1; h < levels; h++) {
    const coef = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      const idx = (h - 1) * k + a;
      coef[a] = active[a] ? beta[idx]! + shift[idx]! : 0;
    }
    out.push(coef);
  }
  return out;
}

/** Probabilities of the K levels for linear predictors eta (eta[0] = 0 for the reference), in place. */
export function softmaxInPlace(eta: Float64Array): Float64Array {
  let largest = Number.NEGATIVE_INFINITY;
  for (const e of eta) largest = Math.max(largest, e);
  let sum = 0;
  for (let h = 0; h < eta.length; h++) {
    eta[h] = Math.exp(eta[h]! - largest);
    sum += eta[h]!;
  }
  for (let h = 0; h < eta.length; h++) eta[h] = eta[h]! / sum;
  return eta;
}

function probabilities(
  x: Float64Array,
  row: number,
  k: number,
  levels: number,
  beta: Float64Array,
  out: Float64Array,
): Float64Array {
  out[0] = 0;
  for (let h = 1; h < levels; h++) {
    let eta = 0;
    for (let a = 0; a < k; a++) eta += x[row * k + a]! * beta[(h - 1) * k + a]!;
    out[h] = eta;
  }
  return softmaxInPlace(out);
}

function logLikelihood(
  x: Float64Array,
  y: Int32Array,
  w: Float64Array,
  rows: number,
  k: number,
  levels: number,
  beta: Float64Array,
): number {
  const prob = new Float64Array(levels);
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += w[r]! * Math.log(probabilities(x, r, k, levels, beta, prob)[y[r]!]!);
  return sum;
}

/** Score and observed information (−Hessian) of the weighted multinomial log-likelihood. */
function scoreAndInformation(
  x: Float64Array,
  y: Int32Array,
  w: Float64Array,
  rows: number,
  k: number,
  levels: number,
  beta: Float64Array,
  active: Uint8Array,
): { gradient: Float64Array; hessian: Float64Array } {
  const d = (levels - 1) * k;
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const prob = new Float64Array(levels);
  for (let r = 0; r < rows; r++) {
    probabilities(x, r, k, levels, beta, prob);
    const wr = w[r]!;
    for (let h = 1; h < levels; h++) {
      const resid = (y[r] === h ? 1 : 0) - prob[h]!;
      for (let a = 0; a < k; a++) {
        const xa = x[r * k + a]!;
        gradient[(h - 1) * k + a] = gradient[(h - 1) * k + a]! + wr * xa * resid;
        for (let g = 1; g <= h; g++) {
          const c = wr * prob[h]! * ((g === h ? 1 : 0) - prob[g]!);
          const rowIndex = ((h - 1) * k + a) * d + (g - 1) * k;
          for (let b = 0; b < k; b++) hessian[rowIndex + b] = hessian[rowIndex + b]! + c * xa * x[r * k + b]!;
        }
      }
    }
  }
  // Inactive terms: unit diagonal, no coupling, zero score — their coefficients stay 0.
  for (let h = 1; h < levels; h++) {
    for (let a = 0; a < k; a++) {
      if (active[a]) continue;
      const i = (h - 1) * k + a;
      gradient[i] = 0;
      for (let j = 0; j < d; j++) {
        hessian[i * d + j] = 0;
        hessian[j * d + i] = 0;
      }
      hessian[i * d + i] = 1;
    }
  }
  // Only the lower triangle was accumulated; cholesky reads just that one.
  return { gradient, hessian };
}

/** Solves (L Lᵀ) out = b. */
function solveCholesky(lower: Float64Array, d: number, b: Float64Array, out: Float64Array): void {
  for (let a = 0; a < d; a++) {
    let sum = b[a]!;
    for (let c = 0; c < a; c++) sum -= lower[a * d + c]! * out[c]!;
    out[a] = sum / lower[a * d + a]!;
  }
  for (let a = d - 1; a >= 0; a--) {
    let sum = out[a]!;
    for (let c = a + 1; c < d; c++) sum -= lower[c * d + a]! * out[c]!;
    out[a] = sum / lower[a * d + a]!;
  }
}
