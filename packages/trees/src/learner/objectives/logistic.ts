import type { Objective } from "./objective.js";

const f32 = Math.fround;
const EPS = f32(1e-16);
const EXP_CAP = f32(88.7);

/**
 * XGBoost's binary:logistic (LogisticClassification, src/objective/regression_loss.h):
 * p = sigmoid(margin), gradient p − y, hessian max(p(1 − p), 1e-16), all in float32, with
 * XGBoost's guard against overflow of exp(−margin).
 */
export function logisticObjective(labels: Float32Array, weights: Float32Array | null): Objective {
  return {
    name: "binary:logistic",
    baseMargin: (baseScore) => f32(-Math.log(f32(f32(1 / baseScore) - 1))),
    gradients(margins, grad, hess) {
      for (let i = 0; i < margins.length; i++) {
        const p = sigmoid(margins[i]!);
        const g = f32(p - labels[i]!);
        const h = Math.max(f32(p * f32(1 - p)), EPS);
        if (weights) {
          const w = weights[i]!;
          grad[i] = g * w;
          hess[i] = h * w;
        } else {
          grad[i] = g;
          hess[i] = h;
        }
      }
    },
  };
}

/** common::Sigmoid in float32. */
export function sigmoid(x: number): number {
  return f32(1 / f32(f32(Math.exp(Math.min(-x, EXP_CAP))) + 1));
}
