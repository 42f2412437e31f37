import type { LearningTable } from "../data.js";
import { type AnyImputedElasticNetPredictor, imputedElasticNetDesigns } from "./imputedElasticNet.js";

/** Linear SHAP of an imputed elastic net, pooled over its imputations. */
export interface ImputedLinearExplainer {
  /** The mean over imputations of intercept_l + β_l · μ_l: the pooled margin of the training means. */
  readonly baseMargin: number;
  /** μ_l: the background rows' mean of each design column in completed data set l. */
  readonly means: readonly Float64Array[];
  /** rows × encoding.names SHAP values (row-major) on the margin's scale: log-odds, or log relative hazard (Cox). */
  explain(x: LearningTable, rows: Uint32Array): Float64Array;
}

/**
 * For fit l, linear SHAP is β_lj (x_lj − μ_lj), where x_l is the row completed by imputation l of the
 * stored imputer and μ_l the mean of the background (training) rows completed the same way
 * (Lundberg & Lee 2017, linear model with independent features). Their mean over the m imputations
 * is the explanation. Because the pooled margin is the mean of the m linear predictors
 * (imputedElasticNetMargins), base + Σ_j SHAP_j equals it exactly — averaging probabilities
 * instead would not be additive in log-odds. The same holds for the Cox twin, whose margin is the
 * log relative hazard and whose fits have intercept 0.
 */
export function imputedElasticNetExplainer(
  model: AnyImputedElasticNetPredictor,
  background: LearningTable,
  backgroundRows: Uint32Array,
): ImputedLinearExplainer {
  const n = backgroundRows.length;
  if (n === 0) throw new RangeError("imputedElasticNetExplainer: no background rows");
  const p = model.encoding.names.length;
  const m = model.fits.length;
  const designs = imputedElasticNetDesigns(model, background, backgroundRows);
  const means = designs.map((design) => {
    const mu = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mu[j] = mu[j]! + design[i * p + j]!;
    for (let j = 0; j < p; j++) mu[j] = mu[j]! / n;
    return mu;
  });
  let baseMargin = 0;
  model.fits.forEach((fit, l) => {
    let eta = fit.intercept;
    for (let j = 0; j < p; j++) eta += fit.coefficients[j]! * means[l]![j]!;
    baseMargin += eta / m;
  });
  return {
    baseMargin,
    means,
    explain(x, rows) {
      const completed = imputedElasticNetDesigns(model, x, rows);
      const out = new Float64Array(rows.length * p);
      model.fits.forEach((fit, l) => {
        const design = completed[l]!;
        const mu = means[l]!;
        for (let i = 0; i < rows.length; i++) {
          for (let j = 0; j < p; j++) {
            const k = i * p + j;
            out[k] = out[k]! + (fit.coefficients[j]! * (design[k]! - mu[j]!)) / m;
          }
        }
      });
      return out;
    },
  };
}
