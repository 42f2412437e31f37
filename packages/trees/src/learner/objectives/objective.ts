import type { TreeObjective } from "../../model/types.js";
import { coxObjective } from "./cox.js";
import { logisticObjective } from "./logistic.js";
import { squaredErrorObjective } from "./squaredError.js";

/**
 * A training objective: first and second derivatives of the loss with respect to each row's
 * margin. Gradients are float32, as XGBoost's GradientPair, and so are margins (XGBoost's
 * prediction cache).
 */
export interface Objective {
  readonly name: TreeObjective;
  /** The margin of base_score (XGBoost's ProbToMargin). */
  baseMargin(baseScore: number): number;
  /** Writes the (weighted) gradient and hessian of every row at the given margins. */
  gradients(margins: Float32Array, grad: Float32Array, hess: Float32Array): void;
}

export function createObjective(
  name: TreeObjective,
  labels: Float32Array,
  weights: Float32Array | null,
): Objective {
  switch (name) {
    case "binary:logistic":
      return logisticObjective(labels, weights);
    case "survival:cox":
      return coxObjective(labels, weights);
    case "reg:squarederror":
      return squaredErrorObjective(labels, weights);
  }
}
