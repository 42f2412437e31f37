import type { ElasticNetPath } from "./types.js";

/**
 * The linear predictor b₀ + Σ_j x_ij β_j of the fit at lambda[lambdaIndex] for new rows (n×p
 * row-major, original scale): the log-odds for the binomial family, the log relative hazard for
 * Cox (glmnet's predict(type = "link")).
 */
export function elasticNetLinearPredictor(
  fit: ElasticNetPath,
  x: Float64Array | ArrayLike<number>,
  lambdaIndex: number,
): Float64Array {
  const { p } = fit;
  if (!Number.isInteger(lambdaIndex) || lambdaIndex < 0 || lambdaIndex >= fit.lambda.length) {
    throw new RangeError(
      `elasticNetLinearPredictor: lambdaIndex ${lambdaIndex} is outside 0 … ${fit.lambda.length - 1}`,
    );
  }
  if (x.length % p !== 0) {
    throw new RangeError(`elasticNetLinearPredictor: x has ${x.length} values, not a multiple of p = ${p}`);
  }
  const n = x.length / p;
  const out = new Float64Array(n).fill(fit.intercepts[lambdaIndex]!);
  const base = lambdaIndex * p;
  for (let j = 0; j < p; j++) {
    const b = fit.coefficients[base + j]!;
    if (b === 0) continue;
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `elasticNetLinearPredictor: x[${i}, ${fit.names[j]}] is ${String(v)}; expected a finite number`,
        );
      }
      out[i] = out[i]! + b * v;
    }
  }
  return out;
}
