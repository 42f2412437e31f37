import { type ElasticNetPath, elasticNetCox, elasticNetLinearPredictor } from "@carta/stats";
import type { LearningTable } from "../data.js";
import { type DesignEncoding, designMatrix, learnEncoding, missingByColumn } from "../learners/design.js";
import { MissingValuesError } from "../learners/elasticNet.js";
import { type BreslowBaseline, breslowBaseline, survivalFromLinearPredictor } from "./breslow.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";

/** One point of the elastic-net penalty: λ and the lasso/ridge mix α (glmnet's meaning). */
export interface ElasticNetCoxParams {
  readonly lambda: number;
  readonly alpha: number;
}

export interface ElasticNetCoxModel {
  readonly kind: "elastic-net-cox";
  readonly encoding: DesignEncoding;
  readonly lambda: number;
  readonly alpha: number;
  /** Original-scale coefficients (log hazard ratios), in encoding.names order. */
  readonly coefficients: Float64Array;
  /** Coefficients × the training SD of their column: the scale the penalty acts on. */
  readonly standardizedCoefficients: Float64Array;
  /** Breslow baseline hazard of the training rows, for S(t | x). */
  readonly baseline: BreslowBaseline;
  /** The one-penalty path as fitted (its warnings, KKT check, column means and SDs). */
  readonly path: ElasticNetPath;
}

/**
 * Elastic-net Cox regression at one (λ, α) — glmnet(family = "cox") as @carta/stats' elasticNetCox
 * fits it (Simon et al., J Stat Softw 2011;39(5); Breslow ties) — on the learners' design matrix.
 * Like the logistic elastic net it refuses rows with a missing value, naming the columns: the
 * study imputes inside each fold rather than filling in values here. The linear predictor is x·β
 * without an intercept (glmnet's predict(type = "link")).
 */
export const elasticNetCoxLearner: SurvivalLearner<ElasticNetCoxModel, ElasticNetCoxParams> = {
  name: "elastic-net-cox",
  fit(table, time, event, rows, params) {
    const outcome = survivalOutcomeOf("elasticNetCoxLearner", table, time, event, rows);
    const encoding = learnEncoding(table, rows);
    const values = designMatrix(encoding, table, rows);
    refuseMissing(encoding, values, rows.length, "fit");
    const path = elasticNetCox({
      x: values,
      time: outcome.time,
      event: outcome.event,
      names: encoding.names,
      alpha: params.alpha,
      lambda: [params.lambda],
    });
    const lp = elasticNetLinearPredictor(path, values, 0);
    return {
      kind: "elastic-net-cox",
      encoding,
      lambda: params.lambda,
      alpha: params.alpha,
      coefficients: path.coefficients.slice(0, path.p),
      standardizedCoefficients: path.standardizedCoefficients.slice(0, path.p),
      baseline: breslowBaseline(outcome.time, outcome.event, lp),
      path,
    };
  },
  predictRisk(model, table: LearningTable, rows) {
    const values = designMatrix(model.encoding, table, rows);
    refuseMissing(model.encoding, values, rows.length, "predict");
    return elasticNetLinearPredictor(model.path, values, 0);
  },
  predictSurvival(model, table: LearningTable, rows, horizon) {
    checkHorizon("elasticNetCoxLearner", horizon);
    return survivalFromLinearPredictor(
      model.baseline,
      elasticNetCoxLearner.predictRisk(model, table, rows),
      horizon,
    );
  },
};

function refuseMissing(encoding: DesignEncoding, values: Float64Array, n: number, what: string): void {
  const counts = missingByColumn(encoding, values);
  const missing = encoding.names.filter((_, j) => counts[j]! > 0);
  if (missing.length === 0) return;
  const detail = missing.map((name) => `${name} (${counts[encoding.names.indexOf(name)]} of ${n} rows)`);
  throw new MissingValuesError(
    `elastic-net Cox cannot ${what} rows with missing values: ${detail.join(", ")}. ` +
      "Impute inside each fold (multiple imputation) or select complete rows first; it does not fill in values.",
    missing,
  );
}
