/**
 * Solution of A·x = b for a square, non-singular A by Gaussian elimination with partial pivoting
 * (LU factorisation, Golub & Van Loan, Matrix Computations, 4th ed., §3.4) — the method of
 * LAPACK's dgesv, which R's solve() calls. A is dense row-major n×n; neither input is modified.
 */

/** Thrown when a pivot is exactly zero: A is singular (R: "system is exactly singular"). */
export class SingularMatrixError extends RangeError {
  /** 0-based column whose pivot vanished. */
  readonly column: number;

  constructor(column: number) {
    super(`matrix is singular: no non-zero pivot in column ${column}`);
    this.name = "SingularMatrixError";
    this.column = column;
  }
}

export function solveLinear(matrix: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  if (matrix.length !== n * n) {
    throw new RangeError(`solveLinear: matrix has ${matrix.length} entries, expected n·n = ${n * n}`);
  }
  if (b.length !== n)
    throw new RangeError(`solveLinear: right-hand side has ${b.length} entries, expected ${n}`);
  const a = Float64Array.from(matrix);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    let largest = Math.abs(a[col * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(a[r * n + col]!);
      if (v > largest) {
        largest = v;
        pivotRow = r;
      }
    }
    if (!(largest > 0)) throw new SingularMatrixError(col);
    if (pivotRow !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[col * n + c]!;
        a[col * n + c] = a[pivotRow * n + c]!;
        a[pivotRow * n + c] = t;
      }
      const t = x[col]!;
      x[col] = x[pivotRow]!;
      x[pivotRow] = t;
    }
    const pivot = a[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const factor = a[r * n + col]! / pivot;
      if (factor === 0) continue;
      for (let c = col + 1; c < n; c++) a[r * n + c] = a[r * n + c]! - factor * a[col * n + c]!;
      x[r] = x[r]! - factor * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let c = r + 1; c < n; c++) sum -= a[r * n + c]! * x[c]!;
    x[r] = sum / a[r * n + r]!;
  }
  return x;
}
