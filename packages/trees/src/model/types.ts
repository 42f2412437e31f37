/**
 * carta's tree-ensemble model: the one in-memory form shared by the learner (which writes it), the
 * XGBoost importer (which reads XGBoost's `save_model('x.json')` into it), prediction and the SHAP
 * explainers. Nodes are stored column-wise in typed arrays (one index per node, root = 0) so that
 * prediction and TreeSHAP walk flat memory without per-node objects.
 *
 * Split convention (XGBoost's, so imported models predict identically): a row goes to the left
 * child when `float32(x[feature]) < splitCondition[node]`, where `splitCondition` is itself a
 * float32; a missing value (NaN) follows `defaultLeft[node]`. For a categorical split the row goes
 * to the RIGHT child when its category code is one of the node's categories, to the left otherwise
 * (XGBoost ≥ 1.6 partition-based splits), and missing follows the default direction. "Otherwise"
 * includes codes unseen in training and negative codes, as in XGBoost 1.7; a code is truncated to
 * an integer first.
 *
 * Margins are summed in float32, tree by tree from float32(baseMargin), as XGBoost's predictor
 * does (predict/margin.ts), so imported models reproduce XGBoost's margins bit for bit.
 */

/** The objectives carta trains and serves; names are XGBoost's. */
export type TreeObjective = "binary:logistic" | "survival:cox" | "reg:squarederror";

export interface Tree {
  /** Left child of each node, -1 for a leaf. */
  readonly left: Int32Array;
  /** Right child of each node, -1 for a leaf. */
  readonly right: Int32Array;
  /** Feature index tested at each internal node (-1 at leaves). */
  readonly splitFeature: Int32Array;
  /** Threshold for numeric splits, a float32 (ignored at leaves and categorical nodes). */
  readonly splitCondition: Float32Array;
  /** 1 when a missing value goes left, 0 when it goes right. */
  readonly defaultLeft: Uint8Array;
  /** Leaf value (the tree's contribution to the margin, learning rate already applied); 0 inside. */
  readonly leafValue: Float64Array;
  /**
   * Sum of the training rows' hessians reaching each node (XGBoost's `sum_hessian`). Path-dependent
   * TreeSHAP weighs the two branches of a split by these covers.
   */
  readonly cover: Float64Array;
  /**
   * Categorical splits: for each node, the sorted category codes that go right, or null when the
   * node splits numerically. Absent when the tree has no categorical split.
   */
  readonly categories?: readonly (Int32Array | null)[];
}

/** How the learner binned each feature (absent on imported models). */
export interface FeatureBinning {
  /** Upper bin edges per feature, ascending, float32 values; bin b holds x < edges[b]. */
  readonly edges: readonly Float32Array[];
}

/** What produced the model: enough to reproduce it and to tell a physician where it came from. */
export interface TrainingMetadata {
  readonly source: "carta" | "xgboost";
  /** Hyperparameters as given (learning rate, depth, subsampling, seed…). */
  readonly parameters: Readonly<Record<string, number | string | boolean | null>>;
  readonly rows?: number;
  /** Trees kept after early stopping, and the validation metric at that iteration. */
  readonly bestIteration?: number;
  readonly bestScore?: number;
  /** Version string of the software that trained the model (e.g. XGBoost's `version`). */
  readonly trainedWith?: string;
}

export interface TreeEnsemble {
  readonly objective: TreeObjective;
  readonly featureNames: readonly string[];
  /** Features that are categorical (their values are integer category codes). */
  readonly categoricalFeatures?: readonly number[];
  /**
   * Added to the sum of the trees' leaves to give the margin: logit(base_score) for binary:logistic,
   * log(base_score) for survival:cox, base_score for squared error (XGBoost's conventions).
   */
  readonly baseMargin: number;
  readonly trees: readonly Tree[];
  readonly binning?: FeatureBinning;
  readonly training: TrainingMetadata;
}

/** Version of the JSON form written by `serializeModel`; bumped when the layout changes. */
export const CARTA_TREE_MODEL_FORMAT = "carta-tree-ensemble";
export const CARTA_TREE_MODEL_VERSION = 1;
