import { checkDefaultPathOptions, defaultLambdaMinRatio, userLambdaSequence } from "./lambdaPath.js";
import type { ElasticNetOptions } from "./types.js";

/** Settings common to both families, checked once. */
export interface PathSettings {
  alpha: number;
  standardize: boolean;
  lambda: Float64Array | null;
  nLambda: number;
  lambdaMinRatio: number;
  dfMax: number;
  kktTolerance: number;
  maxPasses: number;
}

/** The options shared by both families with glmnet's defaults, validated. */
export function pathSettings(caller: string, options: ElasticNetOptions, n: number, p: number): PathSettings {
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha <= 1)) {
    throw new RangeError(`${caller}: alpha must lie in [0, 1], got ${String(alpha)}`);
  }
  const nLambda = options.nLambda ?? 100;
  const lambdaMinRatio = options.lambdaMinRatio ?? defaultLambdaMinRatio(n, p);
  checkDefaultPathOptions(caller, nLambda, lambdaMinRatio);
  const kktTolerance = options.kktTolerance ?? 1e-9;
  if (!(kktTolerance > 0 && Number.isFinite(kktTolerance))) {
    throw new RangeError(`${caller}: kktTolerance must be a positive number, got ${kktTolerance}`);
  }
  const maxPasses = options.maxPasses ?? 100_000;
  if (!Number.isInteger(maxPasses) || maxPasses < 1) {
    throw new RangeError(`${caller}: maxPasses must be a positive integer, got ${maxPasses}`);
  }
  const dfMax = options.dfMax ?? p + 1;
  if (!(dfMax >= 0)) throw new RangeError(`${caller}: dfMax must be ≥ 0, got ${dfMax}`);
  return {
    alpha,
    standardize: options.standardize ?? true,
    lambda: options.lambda === undefined ? null : userLambdaSequence(caller, options.lambda),
    nLambda,
    lambdaMinRatio,
    dfMax,
    kktTolerance,
    maxPasses,
  };
}

/** A 0/1 indicator column (y or event), each entry checked. */
export function binaryColumn(
  caller: string,
  field: string,
  values: ArrayLike<number>,
  n: number,
): Float64Array {
  if (values.length !== n)
    throw new RangeError(`${caller}: ${field} has ${values.length} values, expected ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1)
      throw new RangeError(`${caller}: ${field}[${i}] is ${String(v)}; expected 0 or 1`);
    out[i] = v;
  }
  return out;
}
