import type { PathLoss } from "./loss.js";

/**
 * The binomial negative log-likelihood with weights w summing to 1,
 *   L(η) = −Σ_i w_i (y_i η_i − log(1 + e^{η_i})),
 * r_i = w_i (y_i − p_i), v_i = w_i p_i (1 − p_i), p_i = 1/(1 + e^{−η_i}). Unlike glmnet, which
 * sets p to exactly 0 or 1 beyond |η| > log(1/1e-9 − 1) ≈ 20.7 (pmin), carta evaluates p and
 * log(1 + e^η) in full precision everywhere, so its KKT conditions are those of the exact
 * likelihood; the two differ only for near-separated fits.
 */
export function binomialLoss(y: Float64Array, w: Float64Array): PathLoss {
  const n = y.length;
  return {
    saturated: 0,
    working(eta, r, v) {
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const e = eta[i]!;
        let p: number;
        let q: number;
        let softplus: number;
        if (e >= 0) {
          const t = Math.exp(-e);
          p = 1 / (1 + t);
          q = t / (1 + t);
          softplus = e + Math.log1p(t);
        } else {
          const t = Math.exp(e);
          p = t / (1 + t);
          q = 1 / (1 + t);
          softplus = Math.log1p(t);
        }
        const wi = w[i]!;
        r[i] = wi * (y[i]! - p);
        v[i] = wi * p * q;
        loss += wi * (softplus - y[i]! * e);
      }
      return loss;
    },
    value(eta) {
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const e = eta[i]!;
        const softplus = e >= 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
        loss += w[i]! * (softplus - y[i]! * e);
      }
      return loss;
    },
  };
}

/** Binomial deviance contributions as cv.glmnet scores them: p clamped to [1e-5, 1 − 1e-5]. */
export function binomialCvDeviance(y: number, eta: number): number {
  const probMin = 1e-5;
  const p = Math.min(Math.max(1 / (1 + Math.exp(-eta)), probMin), 1 - probMin);
  return -2 * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
}
