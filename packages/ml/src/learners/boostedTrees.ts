import { predictMargin, type TreeEnsemble, trainGradientBoosting } from "@carta/trees";
import { binaryOutcomeOf, type LearningTable } from "../data.js";
import { type DesignEncoding, designMatrix, learnEncoding } from "./design.js";
import type { BinaryLearner } from "./learner.js";

/** Hyperparameters tuned for the boosted trees (XGBoost's meaning, @carta/trees' names). */
export interface BoostedTreesParams {
  readonly rounds: number;
  readonly learningRate?: number;
  readonly maxDepth?: number;
  readonly minChildWeight?: number;
  readonly lambda?: number;
  readonly subsample?: number;
  readonly colsampleByTree?: number;
  readonly seed?: number;
}

export interface BoostedTreesModel {
  readonly kind: "boosted-trees";
  readonly encoding: DesignEncoding;
  readonly ensemble: TreeEnsemble;
}

/**
 * Gradient-boosted trees with the binary:logistic objective. Missing values stay NaN: each split
 * learns a default direction for them (XGBoost's sparsity-aware splits), so no imputation is needed.
 */
export const boostedTreesLearner: BinaryLearner<BoostedTreesModel, BoostedTreesParams> = {
  name: "boosted-trees",
  fit(x, y, rows, params) {
    const encoding = learnEncoding(x, rows);
    const values = designMatrix(encoding, x, rows);
    const { model } = trainGradientBoosting({
      objective: "binary:logistic",
      features: { values, rows: rows.length, columns: encoding.names.length },
      labels: binaryOutcomeOf("boostedTreesLearner", y, rows),
      featureNames: encoding.names,
      ...params,
    });
    return { kind: "boosted-trees", encoding, ensemble: model };
  },
  predictProbability(model, x: LearningTable, rows) {
    const margin = predictMargin(model.ensemble, designMatrix(model.encoding, x, rows));
    return margin.map((m) => 1 / (1 + Math.exp(-m)));
  },
};
