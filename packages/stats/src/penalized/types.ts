/**
 * Public shapes of carta's elastic-net regression (logistic and Cox), fitted by coordinate descent
 * along a path of penalties as R's glmnet does, but solved to the optimality (KKT) conditions.
 * Conventions and where carta and glmnet differ: docs/glmnet.md.
 */

export type ElasticNetFamily = "binomial" | "cox";

/** Options shared by the logistic and Cox paths. */
export interface ElasticNetOptions {
  /** Covariates, n×p row-major (row i, column j at i·p + j). */
  x: Float64Array | ArrayLike<number>;
  /** Column names, p of them; default x1 … xp. */
  names?: readonly string[];
  /**
   * Mixing between lasso (1) and ridge (0): the penalty is
   * λ·Σ_j v_j·(α·|β_j| + (1 − α)/2·β_j²) on the standardised coefficients. Default 1.
   */
  alpha?: number;
  /** Penalties to fit, any order (fitted from largest to smallest). Default: glmnet's sequence. */
  lambda?: ArrayLike<number>;
  /** Length of the default sequence; default 100. */
  nLambda?: number;
  /** Smallest default λ as a fraction of λmax; default 1e-4 when n ≥ p, else 1e-2 (glmnet). */
  lambdaMinRatio?: number;
  /** Case weights ≥ 0 (not all 0); scaled internally to sum to 1 as glmnet does. Default all 1. */
  weights?: ArrayLike<number>;
  /** Penalise the coefficients of covariates scaled to unit weighted variance (1/n); default true. */
  standardize?: boolean;
  /**
   * Relative penalty v_j ≥ 0 per column, rescaled to sum to p (glmnet's convention); 0 leaves a
   * column unpenalised, Infinity excludes it (coefficient fixed at 0). Default all 1.
   */
  penaltyFactor?: ArrayLike<number>;
  /** Default path only: stop once more than dfMax coefficients are non-zero. Default p + 1. */
  dfMax?: number;
  /** Largest violation of the KKT conditions accepted at every λ (standardised scale); default 1e-9. */
  kktTolerance?: number;
  /** Limit on coordinate-descent passes over the whole path (glmnet's maxit); default 100000. */
  maxPasses?: number;
}

export interface LogisticPathOptions extends ElasticNetOptions {
  /** Outcome, 0 or 1 per row. */
  y: ArrayLike<number>;
  /** Fit an unpenalised intercept; default true. */
  intercept?: boolean;
}

export interface CoxPathOptions extends ElasticNetOptions {
  /** Follow-up times, finite and ≥ 0. */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
}

export type ElasticNetWarningCode =
  | "constant-column"
  | "duplicate-columns"
  | "small-class"
  | "saturated"
  | "not-converged"
  | "grouped-off";

/** Something the caller should know about a fit that still returned finite numbers. */
export interface ElasticNetWarning {
  code: ElasticNetWarningCode;
  message: string;
  /** Columns concerned (0-based), when the warning is about covariates. */
  columns?: number[];
  /** Index into lambda, when the warning is about one penalty. */
  lambdaIndex?: number;
  /** Cross-validation fold (1-based), when the warning came from a fold's fit. */
  fold?: number;
}

/** Why a default path ended before nLambda penalties (glmnet's rules, glmnet.control defaults). */
export type PathStop =
  | "complete"
  | "deviance-ratio-flat"
  | "deviance-ratio-max"
  | "df-max"
  | "saturated"
  | "not-converged";

/** A fitted regularisation path: one solution per λ, largest λ first. */
export interface ElasticNetPath {
  method: "elastic-net";
  family: ElasticNetFamily;
  /** Cox only: the risk set at an event time t is everyone with time ≥ t; ties by Breslow. */
  riskSet: "textbook" | null;
  ties: "breslow" | null;
  names: string[];
  n: number;
  p: number;
  /** Binomial: rows with y = 1; Cox: rows with an event (both counting rows of weight > 0). */
  nEvent: number;
  alpha: number;
  standardize: boolean;
  intercept: boolean;
  /** Sum of the case weights as given. */
  weightSum: number;
  /** Weighted mean and weighted standard deviation (divisor Σw, glmnet's) of each column. */
  xMean: Float64Array;
  xSd: Float64Array;
  /** The penalty factors after rescaling to sum to p. */
  penaltyFactor: Float64Array;
  /** "default": glmnet's sequence from λmax; "user": the λ values given, sorted decreasing. */
  lambdaSource: "default" | "user";
  /** Largest penalty at which every penalised coefficient is 0 (from the intercept-only fit). */
  lambdaMax: number;
  lambda: Float64Array;
  /** Intercept per λ on the original scale (0 for Cox and without intercept). */
  intercepts: Float64Array;
  /** Coefficients on the original scale: column l (the fit at lambda[l]) at [l·p, (l+1)·p). */
  coefficients: Float64Array;
  /** Coefficients × xSd, the scale on which the penalty acts when standardize is true. */
  standardizedCoefficients: Float64Array;
  /** Non-zero coefficients per λ. */
  df: Int32Array;
  /** 1 − deviance / null deviance, per λ (glmnet's dev.ratio). */
  devRatio: Float64Array;
  /** Null deviance on the scale of the weights as given (glmnet's nulldev). */
  nullDeviance: number;
  /** Deviance per λ, nullDeviance·(1 − devRatio). */
  deviance: Float64Array;
  /** Coordinate-descent passes used per λ. */
  passes: Int32Array;
  /** Largest KKT violation per λ on the standardised scale, checked over every coefficient. */
  kktViolation: Float64Array;
  kktTolerance: number;
  /** False when some λ hit maxPasses before meeting kktTolerance (see warnings). */
  converged: boolean;
  stop: PathStop;
  warnings: ElasticNetWarning[];
}

/** The optimality conditions of one solution, on the standardised scale. */
export interface KktCheck {
  /** Largest violation, over the coefficients and the intercept. */
  maxViolation: number;
  /**
   * Per coefficient: |g_j − λv_j((1−α)β_j + α·sign β_j)| when β_j ≠ 0, max(0, |g_j| − λv_jα) when
   * β_j = 0; 0 for a constant or excluded column.
   */
  violation: Float64Array;
  /** g_j: the gradient of the weighted log-likelihood (weights summing to 1) in β_j. */
  gradient: Float64Array;
  /** |∂ log-likelihood / ∂ intercept| (0 for Cox or without intercept). */
  interceptViolation: number;
}

export interface CrossValidationOptions {
  /** Fold of each row, integers 1 … K (K ≥ 3), every fold non-empty. */
  foldId: ArrayLike<number>;
  /**
   * Binomial: average the deviance within folds first (cv.glmnet's grouped = TRUE, the default);
   * switched off, with a warning, when there are fewer than 3 rows per fold. Cox always groups.
   */
  grouped?: boolean;
}

/** cv.glmnet's summary: the cross-validated deviance along the full-data path. */
export interface ElasticNetCrossValidation {
  method: "elastic-net-cv";
  family: ElasticNetFamily;
  measure: "deviance";
  nFolds: number;
  grouped: boolean;
  lambda: Float64Array;
  /** Mean cross-validated deviance per λ, and its standard error. */
  cvm: Float64Array;
  cvsd: Float64Array;
  cvup: Float64Array;
  cvlo: Float64Array;
  /** Non-zero coefficients of the full-data fit per λ. */
  nonzero: Int32Array;
  /** The largest λ with the smallest cvm, and the largest λ with cvm ≤ that minimum's cvm + cvsd. */
  lambdaMin: number;
  lambda1se: number;
  indexMin: number;
  index1se: number;
  fit: ElasticNetPath;
  warnings: ElasticNetWarning[];
}
