import type { TreeObjective } from "./types.js";

/**
 * carta's model file (format "carta-tree-ensemble", version 1), as written by serializeModel and
 * read by parseModel. Keys are snake_case like XGBoost's schema; trees are parallel arrays, one
 * entry per node, root first. Numbers are JSON doubles: split conditions and bin edges hold float32
 * values exactly (a double prints a float32 without loss), leaf values and covers full doubles.
 */
export interface CartaTreeJson {
  left: number[];
  right: number[];
  /** -1 at leaves. */
  split_feature: number[];
  /** float32 thresholds; 0 at leaves and categorical nodes. */
  split_condition: number[];
  /** 1 when a missing value goes left. */
  default_left: number[];
  /** 0 at internal nodes. */
  leaf_value: number[];
  cover: number[];
  /** Present only when the tree has a categorical split: per node the codes that go right, or null. */
  categories?: (number[] | null)[];
}

export interface CartaTrainingJson {
  source: "carta" | "xgboost";
  parameters: Record<string, number | string | boolean | null>;
  rows?: number;
  best_iteration?: number;
  best_score?: number;
  trained_with?: string;
}

export interface CartaTreeModelJson {
  format: "carta-tree-ensemble";
  version: 1;
  objective: TreeObjective;
  feature_names: string[];
  categorical_features?: number[];
  base_margin: number;
  trees: CartaTreeJson[];
  binning?: { edges: number[][] };
  training: CartaTrainingJson;
}

export const TREE_OBJECTIVES: readonly TreeObjective[] = [
  "binary:logistic",
  "survival:cox",
  "reg:squarederror",
];
