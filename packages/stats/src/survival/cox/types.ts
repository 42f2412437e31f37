/** Public shapes of carta's Cox proportional-hazards model (see coxPh.ts for the conventions). */

export type CoxTies = "efron" | "breslow";

export interface CoxTerm {
  name: string;
  /** Names of the columns of x that make up the term (e.g. the dummies of one factor). */
  columns: readonly string[];
}

export interface CoxPhOptions {
  /** Follow-up times. */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** Covariates, n×p row-major. */
  x: Float64Array | ArrayLike<number>;
  /** Column names, p of them. */
  names: readonly string[];
  /** Handling of tied event times: "efron" (coxph's default) or "breslow". */
  ties: CoxTies;
  /** Stratum of each observation: a separate baseline hazard per stratum. */
  strata?: ArrayLike<number | string>;
  /** Cluster of each observation (e.g. center): robust variance summed within clusters. */
  cluster?: ArrayLike<number | string>;
  /** Case weights, > 0. */
  weights?: ArrayLike<number>;
  /**
   * Robust (sandwich) variance. Default as coxph: true when a cluster is given or when some
   * weight is not an integer; with robust and no cluster, each observation is its own cluster.
   */
  robust?: boolean;
  /**
   * Columns that form one term, for cox.zph's per-term tests; columns not listed are terms of
   * their own. Default: every column its own term.
   */
  terms?: readonly CoxTerm[];
  /** Coverage of the hazard-ratio intervals; default 0.95. */
  confLevel?: number;
  /** Merge near-identical times (survival::aeqSurv) as coxph does by default; default true. */
  timefix?: boolean;
  /** Newton–Raphson iteration limit (coxph.control iter.max); default 20. */
  iterMax?: number;
  /** Convergence criterion on the relative change of the log partial likelihood (coxph.control eps); default 1e-9. */
  eps?: number;
}

export interface CoxTest {
  chisq: number;
  df: number;
  p: number;
}

/** The coefficient table of summary(coxph), one entry per column of x. */
export interface CoxCoefficients {
  names: string[];
  coef: Float64Array;
  /** Model-based standard error, sqrt(diag(I⁻¹)) (coxph's se(coef)). */
  se: Float64Array;
  /** Robust standard error (coxph's "robust se"); null unless robust. */
  robustSe: Float64Array | null;
  /** coef / se, with the robust se when robust. */
  z: Float64Array;
  /** Two-sided p-value of z, pchisq(z², 1, lower.tail = FALSE). */
  p: Float64Array;
  /** Hazard ratio exp(coef) and its confidence limits exp(coef ∓ z_{α/2}·se). */
  hr: Float64Array;
  hrLower: Float64Array;
  hrUpper: Float64Array;
}

export interface CoxConcordance {
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
  concordance: number;
  stdErr: number;
}

/** The data as fitted, kept so that baseline hazards, predictions and cox.zph need nothing else. */
export interface CoxModelData {
  /** Times after timefix. */
  time: Float64Array;
  event: Uint8Array;
  /** n×p row-major, as given. */
  x: Float64Array;
  /** Case weights (all 1 when none were given). */
  weights: Float64Array;
  /** Stratum code of each observation (index into CoxPhFit.strata), or null. */
  strata: Uint32Array | null;
  /** Cluster code of each observation, or null. */
  cluster: Uint32Array | null;
}

export interface CoxPhFit {
  method: "cox-ph";
  ties: CoxTies;
  /** How the variance of the coefficients was estimated. */
  variance_type: "model-based" | "robust" | "robust-clustered";
  confLevel: number;
  timefix: boolean;
  n: number;
  nEvent: number;
  /** Stratum labels in factor order, or null without strata. */
  strata: string[] | null;
  /** Number of clusters, or null without a cluster variable. */
  nCluster: number | null;
  terms: { name: string; columns: number[] }[];
  coefficients: CoxCoefficients;
  /** Log partial likelihood at β = 0 and at the estimate (coxph's loglik). */
  loglikNull: number;
  loglik: number;
  /** Likelihood-ratio, Wald and score (log-rank) tests of β = 0. The Wald test uses the robust variance when robust. */
  tests: { likelihoodRatio: CoxTest; wald: CoxTest; score: CoxTest; robustScore: CoxTest | null };
  /** Harrell's C of the linear predictor, as coxph reports it. */
  concordance: CoxConcordance;
  iterations: number;
  converged: boolean;
  /**
   * R's warnings for this fit (non-convergence, coefficients that may be infinite), and a note
   * naming aliased columns (R prints these as "not defined because of singularities").
   */
  warnings: string[];
  /**
   * Column means used to centre the linear predictor: weighted means, but 0 for columns whose
   * values all lie in {−1, 0, 1} (coxph's nocenter default), as fit$means.
   */
  means: Float64Array;
  /** Model-based variance I⁻¹, p×p row-major (naive.var when robust). */
  modelVariance: Float64Array;
  /** Robust variance DᵀD from grouped dfbeta residuals, p×p row-major; null unless robust. */
  robustVariance: Float64Array | null;
  /** Centred linear predictor x·β − means·β, in input order (fit$linear.predictors). */
  linearPredictors: Float64Array;
  data: CoxModelData;
}
