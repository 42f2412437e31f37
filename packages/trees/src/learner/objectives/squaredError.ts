import type { Objective } from "./objective.js";

/** XGBoost's reg:squarederror (LinearSquareLoss): gradient margin − y, hessian 1. */
export function squaredErrorObjective(labels: Float32Array, weights: Float32Array | null): Objective {
  return {
    name: "reg:squarederror",
    baseMargin: (baseScore) => Math.fround(baseScore),
    gradients(margins, grad, hess) {
      for (let i = 0; i < margins.length; i++) {
        const g = Math.fround(margins[i]! - labels[i]!);
        const w = weights ? weights[i]! : 1;
        grad[i] = g * w;
        hess[i] = w;
      }
    },
  };
}
