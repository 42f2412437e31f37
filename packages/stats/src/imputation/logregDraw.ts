import { cholesky, multiplyLower } from "../linalg/cholesky.js";
import type { SeededRandom } from "../random/rng.js";
import { logisticRegression } from "../regression/logistic.js";
import { LogisticFitError } from "../regression/logisticTypes.js";

/**
 * Coefficients of a logistic imputation model drawn from their approximate posterior, as mice's
 * mice.impute.logreg (van Buuren, FIMD 2nd ed., 2018, §3.6.2, Algorithm 3.4; mice 3.15
 * R/mice.impute.logreg.R): fit on the rows where the target is observed, augmented as mice's
 * augment() does (White, Daniel & Royston, Comput Stat Data Anal 2010;54:2267) with 2·q·2 pseudo-rows —
 * each predictor in turn at its mean ± ½ SD (clipped to its range, the others at their means), once
 * with each outcome, each weighing (q + 1)/(4q) — so separation cannot make the estimates infinite;
 * then β* = β̂ + L·z with L Lᵀ the estimated covariance of β̂ and z ~ N(0, I).
 *
 * `predictors` is the row-major n × q design of ALL rows (the means, SDs and ranges of augment() are
 * taken over all of them, as mice does); `fitRows` are those with an observed outcome, `outcome`
 * their 0/1 values. Returns intercept first, then one coefficient per predictor term; a term that is
 * constant over all rows, or that logisticRegression still finds collinear, is left out (coefficient 0).
 */
export function drawLogisticCoefficients(
  predictors: Float64Array,
  n: number,
  q: number,
  fitRows: ArrayLike<number>,
  outcome: ArrayLike<number>,
  rng: SeededRandom,
): Float64Array {
  const mean = new Float64Array(q);
  const sd = new Float64Array(q);
  const min = new Float64Array(q).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(q).fill(Number.NEGATIVE_INFINITY);
  for (let t = 0; t < q; t++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = predictors[i * q + t]!;
      sum += v;
      if (v < min[t]!) min[t] = v;
      if (v > max[t]!) max[t] = v;
    }
    mean[t] = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (predictors[i * q + t]! - mean[t]!) ** 2;
    sd[t] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  }
  let kept = Array.from({ length: q }, (_, t) => t).filter((t) => sd[t]! > 0);
  const nFit = fitRows.length;
  const nAug = 4 * q;
  for (;;) {
    const names = kept.map((t) => `x${t}`);
    const qk = kept.length;
    const x = new Float64Array((nFit + nAug) * qk);
    const y = new Float64Array(nFit + nAug);
    const w = new Float64Array(nFit + nAug).fill(1);
    for (let r = 0; r < nFit; r++) {
      const i = fitRows[r]!;
      for (let c = 0; c < qk; c++) x[r * qk + c] = predictors[i * q + kept[c]!]!;
      y[r] = outcome[r]!;
    }
    // Pseudo-rows: for predictor t, code h ∈ {0, 1} and sign ±, the means with t moved ½ SD.
    let r = nFit;
    for (let t = 0; t < q; t++) {
      for (let h = 0; h < 2; h++) {
        for (const sign of [0.5, -0.5]) {
          for (let c = 0; c < qk; c++) {
            const u = kept[c]!;
            const v = u === t ? mean[u]! + sign * sd[u]! : mean[u]!;
            x[r * qk + c] = Math.min(max[u]!, Math.max(min[u]!, v));
          }
          y[r] = h;
          w[r] = (q + 1) / nAug;
          r++;
        }
      }
    }
    try {
      const fit = logisticRegression({ outcome: y, x, names, weights: w });
      const k = qk + 1;
      const z = new Float64Array(k);
      for (let a = 0; a < k; a++) z[a] = rng.normal();
      const shift = multiplyLower(cholesky(fit.variance, k), k, z);
      const drawn = new Float64Array(q + 1);
      drawn[0] = fit.coefficients.coef[0]! + shift[0]!;
      for (let c = 0; c < qk; c++) drawn[kept[c]! + 1] = fit.coefficients.coef[c + 1]! + shift[c + 1]!;
      return drawn;
    } catch (error) {
      // mice removes such terms beforehand (remove.lindep); here the fit names them.
      if (!(error instanceof LogisticFitError) || error.columns.length === 0 || qk === 0) throw error;
      const drop = new Set(error.columns);
      const next = kept.filter((t) => !drop.has(`x${t}`));
      kept = next.length < qk ? next : [];
    }
  }
}

/** P(outcome = 1) = 1/(1 + e^(−η)) without overflow for large |η|. */
export function logisticProbability(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}
