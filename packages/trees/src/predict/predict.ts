import type { TreeEnsemble, TreeObjective } from "../model/types.js";
import type { FeatureRows } from "./featureRows.js";
import { predictMargin } from "./margin.js";

/** What `values` holds: XGBoost's `predict()` output for the objective. */
export type PredictionScale = "probability" | "hazard-ratio" | "response";

export interface TreePrediction {
  readonly objective: TreeObjective;
  readonly scale: PredictionScale;
  readonly nRows: number;
  /** The margin of each row (log-odds, log relative hazard, or the response itself). */
  readonly margin: Float64Array;
  /**
   * binary:logistic: probability of the event, 1 / (1 + exp(−margin)); survival:cox: the relative
   * hazard exp(margin) (XGBoost's survival:cox prediction); reg:squarederror: the margin.
   */
  readonly values: Float64Array;
}

export function predict(model: TreeEnsemble, rows: FeatureRows): TreePrediction {
  const margin = predictMargin(model, rows);
  const scale = predictionScale(model.objective);
  const values = new Float64Array(margin.length);
  for (let i = 0; i < margin.length; i++) values[i] = fromMargin(scale, margin[i]!);
  return { objective: model.objective, scale, nRows: margin.length, margin, values };
}

export function predictionScale(objective: TreeObjective): PredictionScale {
  if (objective === "binary:logistic") return "probability";
  if (objective === "survival:cox") return "hazard-ratio";
  return "response";
}

export function fromMargin(scale: PredictionScale, margin: number): number {
  if (scale === "probability") return 1 / (1 + Math.exp(-margin));
  if (scale === "hazard-ratio") return Math.exp(margin);
  return margin;
}
