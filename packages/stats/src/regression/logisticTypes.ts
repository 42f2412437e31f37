/** Public shapes of carta's logistic regression (see logistic.ts for the conventions). */

export interface LogisticRegressionOptions {
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
  /** Covariates without the intercept column, n×p row-major (p = names.length; empty when p = 0). */
  x: Float64Array | ArrayLike<number>;
  /** Column names, p of them, unique. */
  names: readonly string[];
  /** Add an intercept column named "(Intercept)" first; default true. */
  intercept?: boolean;
  /** Case (prior) weights ≥ 0; a weight of 0 leaves the observation out of the fit, as in glm. */
  weights?: ArrayLike<number>;
  /** A known term added to the linear predictor with coefficient 1 (glm's offset). */
  offset?: ArrayLike<number>;
  /** Coverage of the Wald intervals; default 0.95. */
  confLevel?: number;
  /** IRLS iteration limit (glm.control maxit); default 25. */
  maxIterations?: number;
  /** Convergence criterion |dev − dev_old| / (|dev| + 0.1) < epsilon (glm.control epsilon); default 1e-8. */
  epsilon?: number;
}

/** The coefficient table of summary(glm) with confint.default() and odds ratios, in `names` order. */
export interface LogisticCoefficients {
  /** "(Intercept)" first when the model has one, then the column names. */
  names: string[];
  coef: Float64Array;
  /** sqrt(diag(vcov)), the dispersion fixed at 1. */
  se: Float64Array;
  /** coef / se. */
  z: Float64Array;
  /** Two-sided p-value 2·Φ(−|z|). */
  p: Float64Array;
  /** Wald limits coef + se·Φ⁻¹(α/2) and coef + se·Φ⁻¹(1 − α/2), as confint.default(). */
  lower: Float64Array;
  upper: Float64Array;
  /** exp(coef) and exp() of the Wald limits. */
  oddsRatio: Float64Array;
  oddsRatioLower: Float64Array;
  oddsRatioUpper: Float64Array;
}

export interface LogisticRegressionFit {
  method: "logistic-irls";
  family: "binomial";
  link: "logit";
  confLevel: number;
  intercept: boolean;
  /** Observations given, and those with a positive weight (the ones fitted). */
  n: number;
  nUsed: number;
  /** Observations with the event among those fitted (unweighted count). */
  nEvents: number;
  hasOffset: boolean;
  coefficients: LogisticCoefficients;
  /** Variance–covariance matrix of the coefficients, row-major, in `names` order (vcov(fit)). */
  variance: Float64Array;
  /** Residual deviance, −2 × the weighted log-likelihood. */
  deviance: number;
  /**
   * Deviance of the null model: the weighted mean with an intercept; the offset alone without
   * one; an intercept-only fit with the offset when there are both (as glm refits it).
   */
  nullDeviance: number;
  /** deviance + 2 × number of coefficients (equal to R's AIC for integer weights; see logistic.ts). */
  aic: number;
  dfResidual: number;
  dfNull: number;
  /** IRLS iterations run (glm's iter). */
  iterations: number;
  converged: boolean;
  /** Non-fatal notes, e.g. non-convergence. Fatal problems throw LogisticFitError instead. */
  warnings: string[];
  /** Fitted probabilities and linear predictors (including the offset), one per observation given. */
  fitted: Float64Array;
  linearPredictors: Float64Array;
}

export type LogisticFitProblem =
  | "invalid-input"
  | "non-finite"
  | "no-events"
  | "all-events"
  | "constant-column"
  | "collinear"
  | "separation"
  | "fitted-probabilities-0-or-1";

/** Why a logistic model could not be fitted, with the columns and observations concerned. */
export class LogisticFitError extends RangeError {
  readonly problem: LogisticFitProblem;
  /**
   * Column names concerned: the collinear or constant ones, or for separation those on which a
   * separating direction loads (whose coefficients diverge together); empty when none apply.
   */
  readonly columns: readonly string[];
  /** 0-based indices (into the input) of the observations concerned, e.g. the perfectly predicted ones. */
  readonly observations: readonly number[];
  /** For problem "separation": whether every observation or only some are perfectly predicted. */
  readonly separation: "complete" | "quasi-complete" | null;

  constructor(
    problem: LogisticFitProblem,
    message: string,
    details: {
      columns?: readonly string[];
      observations?: readonly number[];
      separation?: "complete" | "quasi-complete";
    } = {},
  ) {
    super(`logisticRegression: ${message}`);
    this.name = "LogisticFitError";
    this.problem = problem;
    this.columns = details.columns ?? [];
    this.observations = details.observations ?? [];
    this.separation = details.separation ?? null;
  }
}
