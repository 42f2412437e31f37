import { type ChainedImputer, type ElasticNetPath, elasticNetCox } from "@carta/stats";
import type { LearningTable } from "../data.js";
import {
  fitOnImputedTraining,
  type ImputedElasticNetCoxPredictor,
  type ImputedElasticNetFit,
  type ImputedElasticNetParams,
  imputedElasticNetMargins,
  pooledLinearPredictor,
} from "../learners/imputedElasticNet.js";
import { breslowBaseline, survivalFromLinearPredictor } from "./breslow.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";

/** One of the m elastic-net Cox fits: no intercept, and its one-penalty path as fitted. */
export interface ImputedElasticNetCoxFit extends ImputedElasticNetFit {
  readonly intercept: 0;
  /** The path of this completed data set (its warnings, KKT check, column means and SDs). */
  readonly path: ElasticNetPath;
}

export interface ImputedElasticNetCoxModel extends ImputedElasticNetCoxPredictor {
  readonly imputer: ChainedImputer;
  readonly fits: readonly ImputedElasticNetCoxFit[];
}

/**
 * Elastic-net Cox regression on multiply imputed data: the time-to-event twin of
 * imputedElasticNetLearner, under the study's rule for linear models with missing predictors
 * (issue 6: imputation fitted inside each training set only).
 *
 * - fit: the same chained-equations imputer (fitOnImputedTraining: mice FCS on the features of the
 *   training rows, never their times or statuses) and one elastic-net Cox fit at the given (λ, α)
 *   per completed training data set — glmnet(family = "cox") as @carta/stats' elasticNetCox fits it
 *   on the design, exactly as elasticNetCoxLearner does. The training rows' pooled linear predictor
 *   is the mean over the m fits of x_l·β_l (Rubin's pooled point estimate on the log relative hazard
 *   scale, as the logistic twin pools log-odds: Wood, Royston & White, Biom J 2015;57:614), and one
 *   Breslow baseline of the training rows is estimated at it — the baseline that pooled predictor
 *   needs, rather than a mean of m baselines each belonging to a different linear predictor.
 * - predictRisk: the pooled linear predictor of the rows, imputed with the stored imputer
 *   (imputedElasticNetMargins: no refit, each row on its own stream, intercept 0).
 * - predictSurvival: S(τ | x) = exp(−Λ₀(τ)·exp(η̄(x) − c)) from that baseline.
 *
 * With complete training data the m fits are one and the model is elasticNetCoxLearner's, to the
 * bit. The outcome stays out of the imputation model for the reason given at
 * imputedElasticNetLearner (new patients' follow-up is unknown when they are predicted; Sisk et
 * al., Stat Methods Med Res 2023;32:1461).
 */
export const imputedElasticNetCoxLearner: SurvivalLearner<
  ImputedElasticNetCoxModel,
  ImputedElasticNetParams
> = {
  name: "imputed-elastic-net-cox",
  fit(table, time, event, rows, params) {
    const outcome = survivalOutcomeOf("imputedElasticNetCoxLearner", table, time, event, rows);
    const training = fitOnImputedTraining(table, rows, params, (encoding, design) => {
      const path = elasticNetCox({
        x: design,
        time: outcome.time,
        event: outcome.event,
        names: encoding.names,
        alpha: params.alpha,
        lambda: [params.lambda],
      });
      const fit: ImputedElasticNetCoxFit = {
        intercept: 0,
        coefficients: path.coefficients.slice(0, path.p),
        standardizedCoefficients: path.standardizedCoefficients.slice(0, path.p),
        path,
      };
      return fit;
    });
    const linearPredictor = pooledLinearPredictor(training, training.designs, rows.length);
    return {
      kind: "imputed-elastic-net-cox",
      encoding: training.encoding,
      lambda: params.lambda,
      alpha: params.alpha,
      imputer: training.imputer,
      imputedFeatures: training.imputedFeatures,
      fits: training.fits,
      completeTraining: training.completeTraining,
      baseline: breslowBaseline(outcome.time, outcome.event, linearPredictor),
    };
  },
  predictRisk(model, table, rows) {
    return imputedElasticNetMargins(model, table, rows);
  },
  predictSurvival: imputedElasticNetCoxSurvival,
};

/**
 * S(horizon | x) of `rows` from a fitted or a stored (deserializeImputedElasticNet) imputed Cox
 * model: its Breslow baseline scaled by each row's pooled relative hazard.
 */
export function imputedElasticNetCoxSurvival(
  model: ImputedElasticNetCoxPredictor,
  table: LearningTable,
  rows: Uint32Array,
  horizon: number,
): Float64Array {
  checkHorizon("imputedElasticNetCoxLearner", horizon);
  return survivalFromLinearPredictor(model.baseline, imputedElasticNetMargins(model, table, rows), horizon);
}
