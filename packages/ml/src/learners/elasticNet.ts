import { type ElasticNetPath, elasticNetLinearPredictor, elasticNetLogistic } from "@carta/stats";
import { binaryOutcomeOf, type LearningTable } from "../data.js";
import { type DesignEncoding, designMatrix, learnEncoding, missingByColumn } from "./design.js";
import type { BinaryLearner } from "./learner.js";

/** One point of the elastic-net penalty: λ and the lasso/ridge mix α (glmnet's meaning). */
export interface ElasticNetParams {
  readonly lambda: number;
  readonly alpha: number;
}

export interface ElasticNetModel {
  readonly kind: "elastic-net-logistic";
  readonly encoding: DesignEncoding;
  readonly lambda: number;
  readonly alpha: number;
  readonly intercept: number;
  /** Original-scale coefficients, in encoding.names order. */
  readonly coefficients: Float64Array;
  /** Coefficients × the training SD of their column: the scale the penalty acts on. */
  readonly standardizedCoefficients: Float64Array;
  /** The one-penalty path as fitted (its warnings, KKT check, column means and SDs). */
  readonly path: ElasticNetPath;
}

/** A learner asked to fit or predict rows with missing values it cannot handle. */
export class MissingValuesError extends RangeError {
  readonly columns: readonly string[];
  constructor(message: string, columns: readonly string[]) {
    super(message);
    this.name = "MissingValuesError";
    this.columns = columns;
  }
}

/**
 * Elastic-net logistic regression at one (λ, α), fitted by @carta/stats' glmnet-equivalent path.
 * It needs complete data and refuses rows with a missing value, naming the columns: the study's
 * rule is multiple imputation fitted inside each fold, and filling in a mean here would hide the
 * missingness from the validation.
 */
export const elasticNetLearner: BinaryLearner<ElasticNetModel, ElasticNetParams> = {
  name: "elastic-net-logistic",
  fit(x, y, rows, params) {
    const encoding = learnEncoding(x, rows);
    const values = designMatrix(encoding, x, rows);
    return fitElasticNetDesign(encoding, values, binaryOutcomeOf("elasticNetLearner", y, rows), params);
  },
  predictProbability(model, x: LearningTable, rows) {
    return predictElasticNetDesign(model, designMatrix(model.encoding, x, rows), rows.length);
  },
};

/**
 * The elastic-net fit on an already encoded design (rows × encoding.names, row-major): shared with
 * the imputed learner, which fits it once per completed data set under one training encoding.
 */
export function fitElasticNetDesign(
  encoding: DesignEncoding,
  values: Float64Array,
  y: Float64Array,
  params: ElasticNetParams,
): ElasticNetModel {
  refuseMissing(encoding, values, y.length, "fit");
  const path = elasticNetLogistic({
    x: values,
    y,
    names: encoding.names,
    alpha: params.alpha,
    lambda: [params.lambda],
  });
  return {
    kind: "elastic-net-logistic",
    encoding,
    lambda: params.lambda,
    alpha: params.alpha,
    intercept: path.intercepts[0]!,
    coefficients: path.coefficients.slice(0, path.p),
    standardizedCoefficients: path.standardizedCoefficients.slice(0, path.p),
    path,
  };
}

/** Predicted probabilities for n rows of an encoded design; refuses missing values. */
export function predictElasticNetDesign(
  model: ElasticNetModel,
  values: Float64Array,
  n: number,
): Float64Array {
  refuseMissing(model.encoding, values, n, "predict");
  const lp = elasticNetLinearPredictor(model.path, values, 0);
  return lp.map((eta) => 1 / (1 + Math.exp(-eta)));
}

function refuseMissing(encoding: DesignEncoding, values: Float64Array, n: number, what: string): void {
  const counts = missingByColumn(encoding, values);
  const missing = encoding.names.filter((_, j) => counts[j]! > 0);
  if (missing.length === 0) return;
  const detail = missing.map((name) => `${name} (${counts[encoding.names.indexOf(name)]} of ${n} rows)`);
  throw new MissingValuesError(
    `elastic-net logistic cannot ${what} rows with missing values: ${detail.join(", ")}. ` +
      "Impute inside each fold (multiple imputation) or select complete rows first; it does not fill in values.",
    missing,
  );
}
