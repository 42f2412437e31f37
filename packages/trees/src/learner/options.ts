import type { TreeObjective } from "../model/types.js";

/** Features of n rows × p columns, row-major (row i, feature j at i · columns + j); NaN = missing. */
export interface FeatureMatrix {
  readonly values: ArrayLike<number>;
  readonly rows: number;
  readonly columns: number;
}

/** Rows held out for the evaluation log and early stopping. */
export interface ValidationSet {
  readonly features: FeatureMatrix;
  readonly labels: ArrayLike<number>;
  readonly weights?: ArrayLike<number>;
}

/** XGBoost's grow_policy: level by level, or always the leaf with the largest loss reduction. */
export type GrowPolicy = "depthwise" | "lossguide";

/**
 * Metrics of the evaluation log. logloss, auc, rmse and cox-nloglik are XGBoost's; cindex is
 * Harrell's concordance of the margin (a higher margin is a higher hazard) with the survival times.
 */
export type EvaluationMetric = "logloss" | "auc" | "rmse" | "cox-nloglik" | "cindex";

/**
 * Options of trainGradientBoosting. Hyperparameter defaults are XGBoost 1.7's (`tree_method =
 * "hist"`), named in camelCase: learningRate = eta, lambda = reg_lambda, alpha = reg_alpha,
 * gamma = min_split_loss, colsampleByTree = colsample_bytree, and so on.
 */
export interface GradientBoostingOptions {
  readonly objective: TreeObjective;
  readonly features: FeatureMatrix;
  /**
   * binary:logistic: outcome in [0, 1]; reg:squarederror: any finite value; survival:cox:
   * XGBoost's signed survival time — the time when the event was observed, minus the time when the
   * row was censored (so 0 is not a valid label).
   */
  readonly labels: ArrayLike<number>;
  /** Case weights (default 1), non-negative. */
  readonly weights?: ArrayLike<number>;
  /** Default f0, f1, … (XGBoost's names). */
  readonly featureNames?: readonly string[];
  /** Number of boosting rounds (trees) before early stopping. */
  readonly rounds: number;
  /** eta: shrinkage applied to every leaf. Default 0.3. */
  readonly learningRate?: number;
  /** Default 6; 0 means no limit (then maxLeaves must be set). */
  readonly maxDepth?: number;
  /** Default 0 (no limit). */
  readonly maxLeaves?: number;
  /** Default "depthwise". */
  readonly growPolicy?: GrowPolicy;
  /** Minimum sum of hessians in a child. Default 1. */
  readonly minChildWeight?: number;
  /** L2 penalty on leaf values (reg_lambda). Default 1. */
  readonly lambda?: number;
  /** L1 penalty on leaf values (reg_alpha). Default 0. */
  readonly alpha?: number;
  /** Minimum loss reduction for a split (min_split_loss). Default 0. */
  readonly gamma?: number;
  /** Largest absolute leaf value before shrinkage; 0 = no limit (default). */
  readonly maxDeltaStep?: number;
  /** Fraction of rows drawn (Bernoulli) for each tree. Default 1. */
  readonly subsample?: number;
  /** Fractions of features drawn per tree, then per depth, then per node. Default 1 each. */
  readonly colsampleByTree?: number;
  readonly colsampleByLevel?: number;
  readonly colsampleByNode?: number;
  /** Maximum number of histogram bins per feature. Default 256. */
  readonly maxBin?: number;
  /** Per feature: 1 = prediction non-decreasing in it, −1 = non-increasing, 0 = free. */
  readonly monotoneConstraints?: readonly number[];
  /**
   * XGBoost's base_score, default 0.5: the initial prediction on the response scale (a
   * probability, a hazard ratio for Cox, the mean for squared error).
   */
  readonly baseScore?: number;
  readonly validation?: ValidationSet;
  /** Default logloss (binary:logistic), cox-nloglik (survival:cox), rmse (reg:squarederror). */
  readonly evalMetric?: EvaluationMetric;
  /** Stop when the validation metric has not improved for this many rounds (needs validation). */
  readonly earlyStoppingRounds?: number;
  /** Also log the metric on the training rows after every round. Default false. */
  readonly logTrainingMetric?: boolean;
  /** Seed of row and column subsampling. Default 0. */
  readonly seed?: number;
}

/** Options after defaults and validation; float parameters are float32, as XGBoost stores them. */
export interface TrainingParameters {
  readonly objective: TreeObjective;
  readonly rounds: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly growPolicy: GrowPolicy;
  readonly minChildWeight: number;
  readonly lambda: number;
  readonly alpha: number;
  readonly gamma: number;
  readonly maxDeltaStep: number;
  readonly subsample: number;
  readonly colsampleByTree: number;
  readonly colsampleByLevel: number;
  readonly colsampleByNode: number;
  readonly maxBin: number;
  /** Int8 per feature, or null when no feature is constrained. */
  readonly monotoneConstraints: Int8Array | null;
  readonly baseScore: number;
  readonly evalMetric: EvaluationMetric;
  readonly earlyStoppingRounds: number | null;
  readonly logTrainingMetric: boolean;
  readonly seed: number;
}

const METRICS_BY_OBJECTIVE: Record<TreeObjective, readonly EvaluationMetric[]> = {
  "binary:logistic": ["logloss", "auc"],
  "survival:cox": ["cox-nloglik", "cindex"],
  "reg:squarederror": ["rmse"],
};

const OBJECTIVES = Object.keys(METRICS_BY_OBJECTIVE) as TreeObjective[];

/** Applies XGBoost's defaults and rejects what XGBoost would reject, naming the option. */
export function resolveParameters(options: GradientBoostingOptions, columns: number): TrainingParameters {
  const objective = options.objective;
  if (!OBJECTIVES.includes(objective))
    throw new RangeError(`objective must be one of ${OBJECTIVES.join(", ")}; got ${String(objective)}`);
  const rounds = integerOption("rounds", options.rounds, 1);
  const learningRate = positive("learningRate", options.learningRate ?? 0.3);
  const maxDepth = integerOption("maxDepth", options.maxDepth ?? 6, 0);
  const maxLeaves = integerOption("maxLeaves", options.maxLeaves ?? 0, 0);
  const growPolicy = options.growPolicy ?? "depthwise";
  if (growPolicy !== "depthwise" && growPolicy !== "lossguide")
    throw new RangeError(`growPolicy must be "depthwise" or "lossguide"; got ${String(growPolicy)}`);
  if (maxDepth === 0 && maxLeaves === 0)
    throw new RangeError("maxDepth and maxLeaves cannot both be 0 (unlimited): set one of them");
  if (maxDepth > 30 && maxLeaves === 0)
    throw new RangeError(`maxDepth ${maxDepth} is above 30 (2^31 nodes); set maxLeaves or a smaller depth`);
  const monotone = options.monotoneConstraints;
  let monotoneConstraints: Int8Array | null = null;
  if (monotone !== undefined) {
    if (monotone.length !== columns)
      throw new RangeError(
        `monotoneConstraints has ${monotone.length} entries but the features have ${columns} columns`,
      );
    const c = new Int8Array(columns);
    for (let j = 0; j < columns; j++) {
      const v = monotone[j]!;
      if (v !== -1 && v !== 0 && v !== 1)
        throw new RangeError(`monotoneConstraints[${j}] is ${v}; expected -1, 0 or 1`);
      c[j] = v;
    }
    if (c.some((v) => v !== 0)) monotoneConstraints = c;
  }
  const baseScore = options.baseScore ?? 0.5;
  if (!Number.isFinite(baseScore)) throw new RangeError(`baseScore is ${baseScore}`);
  if (objective === "binary:logistic" && !(baseScore > 0 && baseScore < 1))
    throw new RangeError(`baseScore for binary:logistic is a probability in (0, 1); got ${baseScore}`);
  if (objective === "survival:cox" && !(baseScore > 0))
    throw new RangeError(`baseScore for survival:cox is a hazard ratio > 0; got ${baseScore}`);
  const evalMetric = options.evalMetric ?? METRICS_BY_OBJECTIVE[objective][0]!;
  if (!METRICS_BY_OBJECTIVE[objective].includes(evalMetric))
    throw new RangeError(
      `evalMetric ${String(evalMetric)} does not apply to ${objective}; use ${METRICS_BY_OBJECTIVE[objective].join(" or ")}`,
    );
  let earlyStoppingRounds: number | null = null;
  if (options.earlyStoppingRounds !== undefined) {
    earlyStoppingRounds = integerOption("earlyStoppingRounds", options.earlyStoppingRounds, 1);
    if (!options.validation) throw new RangeError("earlyStoppingRounds needs a validation set");
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new RangeError(`seed is ${seed}`);
  return {
    objective,
    rounds,
    learningRate: Math.fround(learningRate),
    maxDepth,
    maxLeaves,
    growPolicy,
    minChildWeight: Math.fround(nonNegative("minChildWeight", options.minChildWeight ?? 1)),
    lambda: Math.fround(nonNegative("lambda", options.lambda ?? 1)),
    alpha: Math.fround(nonNegative("alpha", options.alpha ?? 0)),
    gamma: Math.fround(nonNegative("gamma", options.gamma ?? 0)),
    maxDeltaStep: Math.fround(nonNegative("maxDeltaStep", options.maxDeltaStep ?? 0)),
    subsample: fraction("subsample", options.subsample ?? 1),
    colsampleByTree: fraction("colsampleByTree", options.colsampleByTree ?? 1),
    colsampleByLevel: fraction("colsampleByLevel", options.colsampleByLevel ?? 1),
    colsampleByNode: fraction("colsampleByNode", options.colsampleByNode ?? 1),
    maxBin: integerOption("maxBin", options.maxBin ?? 256, 2, 65535),
    monotoneConstraints,
    baseScore: Math.fround(baseScore),
    evalMetric,
    earlyStoppingRounds,
    logTrainingMetric: options.logTrainingMetric ?? false,
    seed,
  };
}

/** XGBoost's names and values, for TrainingMetadata.parameters. */
export function describeParameters(p: TrainingParameters): Record<string, number | string | boolean | null> {
  return {
    objective: p.objective,
    num_boost_round: p.rounds,
    eta: p.learningRate,
    max_depth: p.maxDepth,
    max_leaves: p.maxLeaves,
    grow_policy: p.growPolicy,
    min_child_weight: p.minChildWeight,
    lambda: p.lambda,
    alpha: p.alpha,
    gamma: p.gamma,
    max_delta_step: p.maxDeltaStep,
    subsample: p.subsample,
    colsample_bytree: p.colsampleByTree,
    colsample_bylevel: p.colsampleByLevel,
    colsample_bynode: p.colsampleByNode,
    max_bin: p.maxBin,
    monotone_constraints: p.monotoneConstraints ? `(${Array.from(p.monotoneConstraints).join(",")})` : null,
    base_score: p.baseScore,
    eval_metric: p.evalMetric,
    early_stopping_rounds: p.earlyStoppingRounds,
    tree_method: "hist",
    seed: p.seed,
  };
}

function integerOption(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(
      `${name} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`}; got ${v}`,
    );
  return v;
}

function positive(name: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0; got ${v}`);
  return v;
}

function nonNegative(name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number ≥ 0; got ${v}`);
  return v;
}

function fraction(name: string, v: number): number {
  if (!(v > 0 && v <= 1)) throw new RangeError(`${name} must be in (0, 1]; got ${v}`);
  return v;
}
