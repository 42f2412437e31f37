/**
 * The sequence of penalties, as glmnet 4.1.6 builds it (glmnet.R and the lognet / coxnet
 * drivers): λmax is the smallest penalty at which every penalised coefficient of the
 * intercept-only (null) fit stays 0, max_j |g_j| / v_j divided by max(α, 0.001); the other
 * values fall geometrically to lambdaMinRatio·λmax, each the previous one times
 * r = ratio^(1/(nLambda−1)) (repeated multiplication, as the Fortran loop does, so the values
 * agree with glmnet's to the last bits); the first value is then reset to λ₂²/λ₃ (glmnet's fix.lam).
 */

/** glmnet.control()$eps: the smallest lambda.min.ratio glmnet accepts. */
const MIN_RATIO_FLOOR = 1e-6;

/** glmnet's default lambda.min.ratio: 1e-4 when n ≥ p, 1e-2 when n < p. */
export function defaultLambdaMinRatio(n: number, p: number): number {
  return n < p ? 1e-2 : 1e-4;
}

/** λmax from the gradient at the null fit: max over penalised usable columns of |g_j|/v_j, / max(α, 1e-3). */
export function lambdaMaxFromGradient(
  gradient: Float64Array,
  penalty: Float64Array,
  usable: Uint8Array,
  alpha: number,
): number {
  let largest = 0;
  for (let j = 0; j < gradient.length; j++) {
    if (!usable[j] || !(penalty[j]! > 0)) continue;
    largest = Math.max(largest, Math.abs(gradient[j]!) / penalty[j]!);
  }
  return largest / Math.max(alpha, 1e-3);
}

/**
 * glmnet's default path of nLambda penalties from lambdaMax down to lambdaMinRatio·lambdaMax.
 * `singlePrecisionExponent`: coxnet's Fortran computes the exponent 1.0/(nlam−1) from a
 * single-precision literal, so its ratio differs from the double one by ~1e-10 relative;
 * carta reproduces that for Cox so that the λ values agree with glmnet's to the last bits.
 */
export function glmnetLambdaSequence(
  lambdaMax: number,
  nLambda: number,
  lambdaMinRatio: number,
  singlePrecisionExponent = false,
): Float64Array {
  const lambda = new Float64Array(nLambda);
  if (nLambda === 1) {
    lambda[0] = lambdaMax;
    return lambda;
  }
  const exponent = singlePrecisionExponent ? Math.fround(1 / (nLambda - 1)) : 1 / (nLambda - 1);
  const step = Math.max(MIN_RATIO_FLOOR, lambdaMinRatio) ** exponent;
  let value = lambdaMax;
  for (let l = 1; l < nLambda; l++) {
    value *= step;
    lambda[l] = value;
  }
  lambda[0] = nLambda > 2 ? Math.exp(2 * Math.log(lambda[1]!) - Math.log(lambda[2]!)) : lambdaMax;
  return lambda;
}

/** The user's penalties checked (finite, ≥ 0) and sorted decreasing, as glmnet's rev(sort(lambda)). */
export function userLambdaSequence(caller: string, given: ArrayLike<number>): Float64Array {
  if (given.length === 0) throw new RangeError(`${caller}: lambda is empty`);
  const lambda = new Float64Array(given.length);
  for (let l = 0; l < given.length; l++) {
    const v = given[l];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`${caller}: lambda[${l}] is ${String(v)}; expected a finite number ≥ 0`);
    }
    lambda[l] = v;
  }
  return lambda.sort().reverse();
}

/** Check nLambda and lambdaMinRatio for the default path. */
export function checkDefaultPathOptions(caller: string, nLambda: number, lambdaMinRatio: number): void {
  if (!Number.isInteger(nLambda) || nLambda < 1) {
    throw new RangeError(`${caller}: nLambda must be a positive integer, got ${nLambda}`);
  }
  if (!(lambdaMinRatio > 0 && lambdaMinRatio < 1)) {
    throw new RangeError(
      `${caller}: lambdaMinRatio must lie strictly between 0 and 1, got ${lambdaMinRatio}`,
    );
  }
}
