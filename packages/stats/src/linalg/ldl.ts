/**
 * The generalised Cholesky factorisation A = F·D·Fᵀ (F unit lower triangular, D diagonal ≥ 0)
 * of a symmetric non-negative-definite matrix, with R survival's rule for rank deficiency
 * (Therneau's cholesky2, chsolve2 and chinv2, the linear algebra under coxph): a pivot below
 * toler × (largest diagonal) marks its column as redundant; that column's D is set to 0, and
 * solves and inverses then give 0 in its place instead of failing. This is how coxph keeps going
 * with a collinear design and reports NA for the aliased coefficient.
 *
 * Matrices are dense, row-major Float64Arrays of length n·n. Only the upper triangle
 * (a[i·n + j], j ≥ i) of the input is read, as cholesky2 reads it.
 */

/** R survival's default singularity tolerance, coxph.control()$toler.chol = .Machine$double.eps^0.75. */
export const COXPH_TOLER_CHOL = Number.EPSILON ** 0.75;

export interface LdlFactor {
  n: number;
  /** F below the diagonal and D on it, row-major n×n (the upper triangle is unused). */
  factor: Float64Array;
  /** Number of non-redundant columns; negative when a pivot was clearly negative (not NND). */
  rank: number;
}

/** cholesky2: factor a copy of `matrix`. */
export function ldlFactor(matrix: Float64Array, n: number, toler: number = COXPH_TOLER_CHOL): LdlFactor {
  if (matrix.length !== n * n) {
    throw new RangeError(`ldlFactor: matrix has ${matrix.length} entries, expected n·n = ${n * n}`);
  }
  const m = new Float64Array(n * n);
  let eps = 0;
  for (let i = 0; i < n; i++) {
    const d = matrix[i * n + i]!;
    if (d > eps) eps = d;
    m[i * n + i] = d;
    for (let j = i + 1; j < n; j++) m[j * n + i] = matrix[i * n + j]!;
  }
  // No positive diagonal at all: every column is constant.
  if (eps === 0) return { n, factor: m, rank: 0 };
  eps *= toler;
  let rank = 0;
  let nonNegative = 1;
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i]!;
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0;
      if (pivot < -8 * eps) nonNegative = -1;
    } else {
      rank++;
      for (let j = i + 1; j < n; j++) {
        const temp = m[j * n + i]! / pivot;
        m[j * n + i] = temp;
        m[j * n + j] = m[j * n + j]! - temp * temp * pivot;
        for (let k = j + 1; k < n; k++) m[k * n + j] = m[k * n + j]! - temp * m[k * n + i]!;
      }
    }
  }
  return { n, factor: m, rank: rank * nonNegative };
}

/** chsolve2: overwrite y with A⁻y (0 in the place of redundant columns). */
export function ldlSolveInPlace(ldl: LdlFactor, y: Float64Array): Float64Array {
  const { n, factor: m } = ldl;
  for (let i = 0; i < n; i++) {
    let temp = y[i]!;
    for (let j = 0; j < i; j++) temp -= y[j]! * m[i * n + j]!;
    y[i] = temp;
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = m[i * n + i]!;
    if (d === 0) {
      y[i] = 0;
    } else {
      let temp = y[i]! / d;
      for (let j = i + 1; j < n; j++) temp -= y[j]! * m[j * n + i]!;
      y[i] = temp;
    }
  }
  return y;
}

/**
 * chinv2: the (generalised) inverse of A as a full symmetric row-major matrix, with zero rows and
 * columns for redundant columns.
 */
export function ldlInverse(ldl: LdlFactor): Float64Array {
  const { n } = ldl;
  const m = Float64Array.from(ldl.factor);
  // Invert F in the lower triangle and D on the diagonal.
  for (let i = 0; i < n; i++) {
    if (m[i * n + i]! > 0) {
      m[i * n + i] = 1 / m[i * n + i]!;
      for (let j = i + 1; j < n; j++) {
        m[j * n + i] = -m[j * n + i]!;
        for (let k = 0; k < i; k++) m[j * n + k] = m[j * n + k]! + m[j * n + i]! * m[i * n + k]!;
      }
    }
  }
  // F⁻ᵀ D⁻¹ F⁻¹ into the upper triangle.
  for (let i = 0; i < n; i++) {
    if (m[i * n + i] === 0) {
      for (let j = 0; j < i; j++) m[j * n + i] = 0;
      for (let j = i; j < n; j++) m[i * n + j] = 0;
    } else {
      for (let j = i + 1; j < n; j++) {
        const temp = m[j * n + i]! * m[j * n + j]!;
        m[i * n + j] = temp;
        for (let k = i; k < j; k++) m[i * n + k] = m[i * n + k]! + temp * m[j * n + k]!;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i]!;
  return m;
}

/**
 * coxph.wtest: the quadratic form bᵀA⁻b through the generalised Cholesky of A, and its degrees of
 * freedom (the number of non-redundant columns), as survival computes Wald and score statistics.
 */
export function quadraticFormInverse(
  matrix: Float64Array,
  n: number,
  b: ArrayLike<number>,
  toler: number = COXPH_TOLER_CHOL,
): { value: number; df: number } {
  const ldl = ldlFactor(matrix, n, toler);
  let df = 0;
  for (let i = 0; i < n; i++) if (ldl.factor[i * n + i]! > 0) df++;
  const solved = ldlSolveInPlace(ldl, Float64Array.from(b));
  let value = 0;
  for (let i = 0; i < n; i++) value += b[i]! * solved[i]!;
  return { value, df };
}
