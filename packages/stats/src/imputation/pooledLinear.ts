import { householderQr, qrCoefficients, qrUnscaledCovariance } from "../regression/householderQr.js";
import { poolRubinTerms, type RubinPooledEstimate } from "./rubin.js";

/** One completed data set's analysis: outcome and the row-major n × names.length covariates (no intercept). */
export interface LinearAnalysisData {
  outcome: ArrayLike<number>;
  x: ArrayLike<number>;
  names: readonly string[];
}

/**
 * Ordinary least squares with an intercept on each completed data set (lm's QR, tolerance 1e-7),
 * pooled term by term with Rubin's rules and ν_com = n − (number of coefficients), as
 * pool(with(imp, lm(...))) in mice. Terms are "(Intercept)" then `names`.
 */
export function poolLinearRegression(analyses: readonly LinearAnalysisData[]): (RubinPooledEstimate & {
  term: string;
})[] {
  const caller = "poolLinearRegression";
  if (analyses.length < 2) throw new RangeError(`${caller}: ${analyses.length} analyses; pooling needs ≥ 2`);
  const names = analyses[0]!.names;
  const n = analyses[0]!.outcome.length;
  const k = names.length + 1;
  const estimates: Float64Array[] = [];
  const variances: Float64Array[] = [];
  analyses.forEach((analysis, l) => {
    if (analysis.names.join("\u0000") !== names.join("\u0000") || analysis.outcome.length !== n) {
      throw new RangeError(`${caller}: analysis ${l} has different terms or rows from analysis 0`);
    }
    if (analysis.x.length !== n * names.length) {
      throw new RangeError(
        `${caller}: analysis ${l} has ${analysis.x.length} covariate values; expected ${n * names.length}`,
      );
    }
    const design = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      design[i] = 1;
      for (let t = 1; t < k; t++) design[t * n + i] = analysis.x[i * (k - 1) + t - 1]!;
    }
    const qr = householderQr(Float64Array.from(design), n, k, 1e-7);
    if (qr.rank < k) throw new RangeError(`${caller}: analysis ${l} has collinear covariates`);
    const pivoted = qrCoefficients(qr, analysis.outcome);
    const unscaled = qrUnscaledCovariance(qr);
    const coef = new Float64Array(k);
    const variance = new Float64Array(k);
    let rss = 0;
    for (let a = 0; a < k; a++) coef[qr.pivot[a]!] = pivoted[a]!;
    for (let i = 0; i < n; i++) {
      let fitted = 0;
      for (let t = 0; t < k; t++) fitted += design[t * n + i]! * coef[t]!;
      rss += (analysis.outcome[i]! - fitted) ** 2;
    }
    const sigma2 = rss / (n - k);
    for (let a = 0; a < k; a++) variance[qr.pivot[a]!] = sigma2 * unscaled[a * k + a]!;
    estimates.push(coef);
    variances.push(variance);
  });
  return poolRubinTerms({ terms: ["(Intercept)", ...names], estimates, variances, dfCom: n - k });
}
