import { cholesky, multiplyLower } from "../linalg/cholesky.js";
import type { SeededRandom } from "../random/rng.js";
import { linearPredictor } from "./miceData.js";
import type { PmmModel } from "./miceTypes.js";

/** mice's estimice() ridge penalty: X'X + diag(X'X)·1e-5 keeps near-collinear predictors solvable. */
const RIDGE = 1e-5;

/**
 * Predictive mean matching as mice.impute.pmm with matchtype 1 (van Buuren, Flexible Imputation of
 * Missing Data, 2nd ed., 2018, §3.4, Algorithm 3.3; mice 3.15 R/mice.impute.pmm.R, .norm.draw,
 * estimice):
 *
 *   β̂ = (XᵀX + κ·diag XᵀX)⁻¹Xᵀy on the rows where the target is observed (κ = 1e-5, ls.meth "qr"),
 *   σ* = √(Σ residual² / g), g ~ χ²(max(n_obs − q, 1)),
 *   β* = β̂ + σ*·L·z, L Lᵀ = (XᵀX + κ·diag XᵀX)⁻¹, z ~ N(0, I),
 *
 * then each missing row's prediction xβ* is matched to the `donors` observed rows whose predictions
 * xβ̂ are closest, and one of them, drawn at random, gives its observed value. Imputed values are
 * therefore always values that were observed. x is the row-major
 * n_obs × q design without the intercept; coefficient 0 is the intercept, and terms whose
 * `active` flag is 0 (constant among the donors) get coefficient 0.
 */
export function fitPmm(
  x: Float64Array,
  nObs: number,
  q: number,
  y: Float64Array,
  active: Uint8Array,
  rng: SeededRandom,
): PmmModel {
  const k = q + 1;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let r = 0; r < nObs; r++) {
    const row = r * q;
    for (let a = 0; a < k; a++) {
      if (!active[a]) continue;
      const xa = a === 0 ? 1 : x[row + a - 1]!;
      xty[a] = xty[a]! + xa * y[r]!;
      for (let b = 0; b <= a; b++) {
        if (!active[b]) continue;
        xtx[a * k + b] = xtx[a * k + b]! + xa * (b === 0 ? 1 : x[row + b - 1]!);
      }
    }
  }
  // Inactive (constant) terms keep a unit diagonal and a zero coefficient, as mice drops them.
  for (let a = 0; a < k; a++) {
    const d = xtx[a * k + a]!;
    xtx[a * k + a] = active[a] ? d + d * RIDGE : 1;
    for (let b = 0; b < a; b++) xtx[b * k + a] = xtx[a * k + b]!;
  }
  const variance = symmetricInverse(xtx, k);
  const coef = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    if (!active[a]) continue;
    let sum = 0;
    for (let b = 0; b < k; b++) sum += variance[a * k + b]! * xty[b]!;
    coef[a] = sum;
  }
  const fitted = linearPredictor(x, nObs, q, coef);
  let rss = 0;
  for (let r = 0; r < nObs; r++) rss += (y[r]! - fitted[r]!) ** 2;
  let rank = 0;
  for (let a = 0; a < k; a++) rank += active[a]!;
  const sigma = Math.sqrt(rss / chiSquareDraw(Math.max(nObs - rank, 1), rng));
  const z = new Float64Array(k);
  for (let a = 0; a < k; a++) z[a] = rng.normal();
  const shift = multiplyLower(cholesky(variance, k), k, z);
  const drawn = new Float64Array(k);
  for (let a = 0; a < k; a++) drawn[a] = active[a] ? coef[a]! + sigma * shift[a]! : 0;

  const order = Array.from(fitted.keys()).sort((a, b) => fitted[a]! - fitted[b]! || a - b);
  return {
    kind: "pmm",
    drawnCoefficients: drawn,
    donorPredictions: Float64Array.from(order, (r) => fitted[r]!),
    donorValues: Float64Array.from(order, (r) => y[r]!),
  };
}

/**
 * Imputed values for rows with predictions `targets` (under β*): for each, the `donors` donors with
 * the closest predicted means (ties to the lower index), one of them uniformly at random.
 */
export function matchDonors(
  model: PmmModel,
  targets: Float64Array,
  donors: number,
  rng: SeededRandom,
): Float64Array {
  const pred = model.donorPredictions;
  const nd = pred.length;
  const k = Math.min(donors, nd);
  const out = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    let lo = 0;
    let hi = nd;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    // Grow the window [left, right) of the k nearest around the insertion point.
    let left = lo;
    let right = lo;
    while (right - left < k) {
      if (left === 0) right++;
      else if (right === nd) left--;
      else if (t - pred[left - 1]! <= pred[right]! - t) left--;
      else right++;
    }
    out[i] = model.donorValues[left + rng.integer(k)]!;
  }
  return out;
}

/** χ²(df) for integer df as a sum of df squared normals: exact, and a fixed number of draws. */
function chiSquareDraw(df: number, rng: SeededRandom): number {
  let sum = 0;
  for (let i = 0; i < df; i++) {
    const z = rng.normal();
    sum += z * z;
  }
  return sum;
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor. */
function symmetricInverse(matrix: Float64Array, k: number): Float64Array {
  const lower = cholesky(matrix, k);
  // L⁻¹ by forward substitution, then (L⁻¹)ᵀL⁻¹.
  const inv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    inv[c * k + c] = 1 / lower[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      let sum = 0;
      for (let s = c; s < r; s++) sum += lower[r * k + s]! * inv[s * k + c]!;
      inv[r * k + c] = -sum / lower[r * k + r]!;
    }
  }
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = 0;
      for (let s = a; s < k; s++) sum += inv[s * k + a]! * inv[s * k + b]!;
      out[a * k + b] = sum;
      out[b * k + a] = sum;
    }
  }
  return out;
}
