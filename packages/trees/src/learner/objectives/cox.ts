import type { Objective } from "./objective.js";

/**
 * XGBoost's survival:cox (CoxRegression, src/objective/regression_obj.cu): the negative Cox partial
 * log-likelihood with Breslow's handling of ties. A positive label is an event at that time, a
 * negative label a row censored at |label|.
 *
 * Rows are visited in increasing |label| (a stable sort, so equal times keep their row order). With
 * S_k the sum of exp(margin) over the rows still at risk at event k (time ≥ t_k),
 *   r_i = Σ_{events k visited up to row i} 1 / S_k,   s_i = Σ 1 / S_k²,
 *   gradient_i = exp(margin_i) · r_i − δ_i,   hessian_i = exp(margin_i) · r_i − exp(margin_i)² · s_i.
 * As in XGBoost, r and s accumulate in visiting order, so among rows with the same time an event
 * contributes to its own row and to those after it but not to those before it; and case weights
 * multiply each row's gradient and hessian but do not enter the risk-set sums.
 */
export function coxObjective(labels: Float32Array, weights: Float32Array | null): Objective {
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => Math.abs(labels[a]!) - Math.abs(labels[b]!) || a - b);
  return {
    name: "survival:cox",
    baseMargin: (baseScore) => Math.fround(Math.log(baseScore)),
    gradients(margins, grad, hess) {
      let expSum = 0;
      for (let k = 0; k < n; k++) expSum += Math.exp(margins[order[k]!]!);
      let rk = 0;
      let sk = 0;
      let lastExp = 0;
      let lastTime = 0;
      let accumulated = 0;
      for (let k = 0; k < n; k++) {
        const i = order[k]!;
        const expP = Math.exp(margins[i]!);
        const y = labels[i]!;
        const time = Math.abs(y);
        // the risk-set sum drops the rows of earlier times only once time moves on (Breslow)
        accumulated += lastExp;
        if (lastTime < time) {
          expSum -= accumulated;
          accumulated = 0;
        }
        if (y > 0) {
          rk += 1 / expSum;
          sk += 1 / (expSum * expSum);
        }
        const w = weights ? weights[i]! : 1;
        grad[i] = (expP * rk - (y > 0 ? 1 : 0)) * w;
        hess[i] = (expP * rk - expP * expP * sk) * w;
        lastTime = time;
        lastExp = expP;
      }
    },
  };
}
