/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix.
 *
 * Matrices are dense, row-major Float64Arrays of length n·n. Like LAPACK's dpotrf (which R's chol()
 * calls) only one triangle is read — here the lower one, a[i·n + j] with j ≤ i — so a matrix that is
 * symmetric only up to rounding factors without complaint. The algorithm is the row-by-row
 * Cholesky–Banachiewicz recurrence (Golub & Van Loan, Matrix Computations, 4th ed., §4.2).
 */

/** Thrown when a pivot is not positive: the matrix is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends RangeError {
  /** 1-based order of the leading principal minor that failed, as R's chol() reports it. */
  readonly leadingMinorOrder: number;
  /** 0-based row (and column) of the failing pivot. */
  readonly pivot: number;
  /** The value the pivot would have had to be the square of (≤ 0, or NaN). */
  readonly pivotValue: number;

  constructor(pivot: number, pivotValue: number) {
    super(
      `matrix is not positive definite: pivot ${pivot} (leading minor of order ${pivot + 1}) is ${pivotValue}`,
    );
    this.name = "NotPositiveDefiniteError";
    this.pivot = pivot;
    this.leadingMinorOrder = pivot + 1;
    this.pivotValue = pivotValue;
  }
}

/**
 * The lower-triangular factor L (row-major n×n, zeros above the diagonal) with A = L·Lᵀ.
 * R's chol(A) returns the upper factor Lᵀ.
 */
export function cholesky(matrix: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cholesky: n must be a positive integer, got ${n}`);
  if (matrix.length !== n * n) {
    throw new RangeError(`cholesky: matrix has ${matrix.length} entries, expected n·n = ${n * n}`);
  }
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j < i; j++) {
      const rowJ = j * n;
      let sum = matrix[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= lower[rowI + k]! * lower[rowJ + k]!;
      lower[rowI + j] = sum / lower[rowJ + j]!;
    }
    let pivot = matrix[rowI + i]!;
    for (let k = 0; k < i; k++) pivot -= lower[rowI + k]! * lower[rowI + k]!;
    // `!(pivot > 0)` also rejects NaN, which a non-finite entry would propagate here.
    if (!(pivot > 0)) throw new NotPositiveDefiniteError(i, pivot);
    lower[rowI + i] = Math.sqrt(pivot);
  }
  return lower;
}

/**
 * out = L·x for a lower-triangular L (row-major n×n; entries above the diagonal are ignored).
 * With L = cholesky(Σ) and x independent standard normals, out ~ N(0, Σ): the step that turns
 * independent draws into the correlated latent Gaussians of a Gaussian copula. `out` may be `x`
 * itself (rows are done bottom-up, so each x[j] is read before it is overwritten); no allocation.
 */
export function multiplyLower(
  lower: Float64Array,
  n: number,
  x: ArrayLike<number>,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  if (lower.length !== n * n) {
    throw new RangeError(`multiplyLower: factor has ${lower.length} entries, expected n·n = ${n * n}`);
  }
  if (x.length !== n || out.length !== n) {
    throw new RangeError(
      `multiplyLower: vectors must have length ${n}, got x ${x.length} and out ${out.length}`,
    );
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += lower[row + j]! * x[j]!;
    out[i] = sum;
  }
  return out;
}
