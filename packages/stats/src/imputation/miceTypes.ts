/** Public shapes of carta's chained-equations imputation (see mice.ts for the method). */

/**
 * One variable of the data set. Values are numbers in every case:
 * - "numeric": any finite number, imputed by predictive mean matching (mice "pmm");
 * - "binary": 0 or 1 (or, when `levels` names the two categories, the label itself, levels[0] ↦ 0),
 *   imputed by logistic regression with drawn coefficients (mice "logreg");
 * - "categorical": the 0-based index of the category in `levels` (≥ 2 of them), or its label,
 *   imputed by multinomial logistic regression with drawn coefficients (see polytomousDraw.ts).
 * null or NaN marks a missing value.
 */
export interface ImputationColumn {
  name: string;
  type: "numeric" | "binary" | "categorical";
  levels?: readonly string[];
}

/** A value as given: a number, a category label (binary/categorical with levels), or missing. */
export type ImputationValue = number | string | null;

export interface ChainedImputationOptions {
  columns: readonly ImputationColumn[];
  /** The training data, one array of p values per row (patient), in `columns` order. */
  rows: readonly (readonly ImputationValue[])[];
  /** Number of imputations; default 5 (mice's m). */
  m?: number;
  /** Gibbs iterations of the chain per imputation; default 10 (mice's maxit is 5; FIMD §6.5.2 advises more). */
  iterations?: number;
  seed: number;
  /** Donors per missing value for predictive mean matching; default 5 (mice's donors). */
  donors?: number;
}

/** The design row of one target: which other column (and, for a categorical one, which level) each predictor is. */
export interface PredictorTerm {
  column: number;
  /** −1 for a numeric or binary column's value; the level index for a categorical dummy (level 0 is the reference). */
  level: number;
}

/** Predictive mean matching with a Bayesian linear regression draw (mice .norm.draw, matchtype 1). */
export interface PmmModel {
  kind: "pmm";
  /** β* drawn from its posterior, intercept first, then one per predictor term: predicts the missing. */
  drawnCoefficients: Float64Array;
  /** The donors' predicted means under the ridge estimate β̂, ascending. */
  donorPredictions: Float64Array;
  /** The donors' observed values, in the order of donorPredictions. */
  donorValues: Float64Array;
}

/** Logistic regression with coefficients drawn from their approximate posterior (mice logreg). */
export interface LogregModel {
  kind: "logreg";
  /** Intercept first, then one per predictor term. */
  drawnCoefficients: Float64Array;
}

/** A multinomial logit (level 0 the reference) with drawn coefficients (mice polyreg's model). */
export interface PolytomousModel {
  kind: "polytomous";
  /** Per level: intercept first, then one per predictor term; all zero for level 0. */
  drawnCoefficients: Float64Array[];
}

export type ColumnModel = PmmModel | LogregModel | PolytomousModel;

export interface ChainedImputer {
  method: "mice-fcs";
  columns: ImputationColumn[];
  m: number;
  iterations: number;
  seed: number;
  donors: number;
  /** Training rows. */
  n: number;
  /** Per column: the predictor terms its models use (every other column). */
  predictors: PredictorTerm[][];
  /** Per column: number of training rows where it is missing. */
  missingCount: number[];
  /** Per column: the training mean (numeric) or most frequent code (binary/categorical), starting values for new rows. */
  startValues: Float64Array;
  /**
   * models[l][j]: imputation l's model for column j. For a column incomplete in training, the model
   * of the chain's final iteration; for a complete one, a model fitted once to imputation l's
   * completed data after the chain, used only for new rows missing that column.
   */
  models: ColumnModel[][];
  /** completed[l][j]: column j of the l-th completed training data set (codes for binary/categorical). */
  completed: Float64Array[][];
}

/** m completed copies of a data set: datasets[l][j] is column j of imputation l. */
export type CompletedDatasets = Float64Array[][];
