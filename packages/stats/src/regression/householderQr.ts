/**
 * Least squares by Householder QR with R's limited column pivoting: LINPACK's dqrdc/dqrsl as R
 * modified them (src/appl/dqrdc2.f, dqrsl.f, dqrls.f — Ihaka 1995, Ripley 1999), the solver under
 * lm.fit and glm.fit (C_Cdqrls). Reproducing it step for step keeps carta's IRLS on R's path.
 *
 * dqrdc2 does not pivot for size: it keeps the columns in order and only moves a column whose
 * norm, after the preceding Householder reflections, has fallen below tol × its original norm to
 * the right-hand end. Those columns are linearly dependent on the ones before them, and R reports
 * their coefficients as NA ("not defined because of singularities").
 *
 * Matrices are column-major (element (i, j) at j·n + i) as in Fortran.
 */

export interface HouseholderQr {
  /** The factorisation, column-major n×p: R in the upper triangle, the reflections below. */
  qr: Float64Array;
  n: number;
  p: number;
  qraux: Float64Array;
  /** 0-based original column index at each position after pivoting (R's qr()$pivot − 1). */
  pivot: Int32Array;
  /** Number of columns judged linearly independent. */
  rank: number;
}

/** Euclidean norm of x[from], x[from+1], …, x[from+len−1] (BLAS dnrm2 without its scaling). */
function norm2(x: Float64Array, from: number, len: number): number {
  let sum = 0;
  for (let i = from; i < from + len; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum);
}

/**
 * dqrdc2: factor `x` (column-major n×p) in place. tol is the relative norm below which a column
 * counts as dependent (glm.fit uses min(1e-7, epsilon / 1000) = 1e-11; lm and qr() use 1e-7).
 */
export function householderQr(x: Float64Array, n: number, p: number, tol: number): HouseholderQr {
  if (x.length !== n * p)
    throw new RangeError(`householderQr: matrix has ${x.length} entries, expected ${n * p}`);
  const qraux = new Float64Array(p);
  const originalNorm = new Float64Array(p);
  const updatedNorm = new Float64Array(p);
  const pivot = new Int32Array(p);
  for (let j = 0; j < p; j++) {
    pivot[j] = j;
    if (n > 0) {
      qraux[j] = norm2(x, j * n, n);
      updatedNorm[j] = qraux[j]!;
      originalNorm[j] = qraux[j] === 0 ? 1 : qraux[j]!;
    }
  }
  const column = new Float64Array(n);
  const lup = Math.min(n, p);
  // k is 1-based as in the Fortran: one more than the number of columns not yet moved to the end.
  let k = p + 1;
  for (let l = 0; l < lup; l++) {
    // Cycle negligible columns to the right-hand edge; `l + 1 >= k` stops after every column left
    // has been tried.
    while (!(l + 1 >= k || qraux[l]! >= originalNorm[l]! * tol)) {
      column.set(x.subarray(l * n, l * n + n));
      x.copyWithin(l * n, (l + 1) * n, p * n);
      x.set(column, (p - 1) * n);
      const movedPivot = pivot[l]!;
      const movedQraux = qraux[l]!;
      const movedUpdated = updatedNorm[l]!;
      const movedOriginal = originalNorm[l]!;
      for (let j = l + 1; j < p; j++) {
        pivot[j - 1] = pivot[j]!;
        qraux[j - 1] = qraux[j]!;
        updatedNorm[j - 1] = updatedNorm[j]!;
        originalNorm[j - 1] = originalNorm[j]!;
      }
      pivot[p - 1] = movedPivot;
      qraux[p - 1] = movedQraux;
      updatedNorm[p - 1] = movedUpdated;
      originalNorm[p - 1] = movedOriginal;
      k--;
    }
    if (l === n - 1) continue;
    const ll = l * n + l;
    let nrmxl = norm2(x, ll, n - l);
    if (nrmxl === 0) continue;
    if (x[ll] !== 0) nrmxl = Math.sign(x[ll]!) * Math.abs(nrmxl);
    const scale = 1 / nrmxl;
    for (let i = ll; i < l * n + n; i++) x[i] = x[i]! * scale;
    x[ll] = 1 + x[ll]!;
    for (let j = l + 1; j < p; j++) {
      const lj = j * n + l;
      let dot = 0;
      for (let i = 0; i < n - l; i++) dot += x[ll + i]! * x[lj + i]!;
      const t = -dot / x[ll]!;
      for (let i = 0; i < n - l; i++) x[lj + i] = x[lj + i]! + t * x[ll + i]!;
      if (qraux[j] !== 0) {
        const ratio = Math.abs(x[lj]!) / qraux[j]!;
        const tt = Math.max(1 - ratio * ratio, 0);
        // Recompute the norm outright after a large reduction (Ripley's 1999 fix for inaccurate ranks).
        if (Math.abs(tt) >= 1e-6) {
          qraux[j] = qraux[j]! * Math.sqrt(tt);
        } else {
          qraux[j] = norm2(x, lj + 1, n - l - 1);
          updatedNorm[j] = qraux[j]!;
        }
      }
    }
    qraux[l] = x[ll]!;
    x[ll] = -nrmxl;
  }
  return { qr: x, n, p, qraux, pivot, rank: Math.min(k - 1, n) };
}

/**
 * dqrsl (job 1110) as dqrls calls it: the least-squares coefficients of y on the factored matrix,
 * in pivoted order, 0 beyond the rank.
 */
export function qrCoefficients(qr: HouseholderQr, y: ArrayLike<number>): Float64Array {
  const { qr: x, n, p, qraux, rank: k } = qr;
  const qty = Float64Array.from(y);
  const b = new Float64Array(p);
  if (k === 0) return b;
  const ju = Math.min(k, n - 1);
  if (ju === 0) {
    b[0] = qty[0]! / x[0]!;
    return b;
  }
  for (let j = 0; j < ju; j++) {
    if (qraux[j] === 0) continue;
    const jj = j * n + j;
    const diagonal = x[jj]!;
    x[jj] = qraux[j]!;
    let dot = 0;
    for (let i = 0; i < n - j; i++) dot += x[jj + i]! * qty[j + i]!;
    const t = -dot / x[jj]!;
    for (let i = 0; i < n - j; i++) qty[j + i] = qty[j + i]! + t * x[jj + i]!;
    x[jj] = diagonal;
  }
  for (let j = 0; j < k; j++) b[j] = qty[j]!;
  for (let j = k - 1; j >= 0; j--) {
    b[j] = b[j]! / x[j * n + j]!;
    const t = -b[j]!;
    for (let i = 0; i < j; i++) b[i] = b[i]! + t * x[j * n + i]!;
  }
  return b;
}

/**
 * chol2inv(R): (RᵀR)⁻¹ for the leading rank×rank block of R, row-major rank×rank, in pivoted
 * order — summary.glm's cov.unscaled.
 */
export function qrUnscaledCovariance(qr: HouseholderQr): Float64Array {
  const { qr: x, n, rank: k } = qr;
  // R⁻¹ (upper triangular) by back substitution, column by column, stored row-major.
  const inv = new Float64Array(k * k);
  for (let col = 0; col < k; col++) {
    inv[col * k + col] = 1 / x[col * n + col]!;
    for (let row = col - 1; row >= 0; row--) {
      let sum = 0;
      for (let m = row + 1; m <= col; m++) sum += x[m * n + row]! * inv[m * k + col]!;
      inv[row * k + col] = -sum / x[row * n + row]!;
    }
  }
  const cov = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let sum = 0;
      for (let m = j; m < k; m++) sum += inv[i * k + m]! * inv[j * k + m]!;
      cov[i * k + j] = sum;
      cov[j * k + i] = sum;
    }
  }
  return cov;
}
