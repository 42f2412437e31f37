import { dotColumn, sumOf } from "./kernels.js";

/**
 * A preconditioner for the conjugate-gradient solves of the inner loop: the Cholesky factor L of
 * the weighted Gram matrix G = X_Sᵀ V₀ X_S + l2·diag(v_S) of a set S of columns (the intercept
 * one of them, as a column of ones), frozen at the working weights V₀ of the IRLS step at which it
 * was built. The Hessian of later quadratic models differs only through V, so G⁻¹ stays close to
 * their inverse and CG needs a handful of products with X instead of the dozens Jacobi needs on
 * correlated columns (CG's rate depends on the spread of the eigenvalues of G⁻¹·XᵀVX, which lie
 * between the smallest and largest v_i/v₀_i).
 *
 * Building costs about n·m²/2 multiply-adds for m columns (glmnet's covariance updates pay that at
 * every IRLS step); one CG product costs 2·n·m. The factor is therefore rebuilt at the current V
 * only when the CG iterations it failed to save since the last build have cost as much as a
 * rebuild (the ski-rental rule: never more than twice the best schedule in hindsight). Columns
 * that join the support in between are appended — one row of G (n·m) and one row of L (m²/2),
 * the Cholesky–Banachiewicz recurrence being row by row — with the old V₀, so G stays one
 * consistent positive-definite matrix. On a support F ⊂ S the preconditioner is the F×F block of
 * G⁻¹ (the inverse of a Schur complement of G, so positive definite); columns outside S, or
 * nearly dependent on S, fall back to their diagonal (Jacobi).
 */
export interface GramPreconditioner {
  n: number;
  p: number;
  /** Largest number of columns (intercept included) the factor may hold. */
  capacity: number;
  /** Working weights V₀ the factor was built with, and the l2 then. */
  weights: Float64Array;
  l2: number;
  /** Columns of S in factor order; p stands for the intercept. */
  columns: Int32Array;
  size: number;
  /** Position of column j (intercept: p) in S; −1 not in S, −2 refused (nearly dependent on S). */
  position: Int32Array;
  /** L row-major with row stride `capacity`, allocated on the first build. */
  factor: Float64Array;
  /** Scratch: columns to append; V₀·x_j of four of them (4n), their rows of G (4·capacity) and
   *  products with one another (4×4) and diagonals; the vector solved (capacity). */
  missing: Int32Array;
  weighted: Float64Array;
  rows: Float64Array;
  cross: Float64Array;
  diagonals: Float64Array;
  solution: Float64Array;
  /** Multiply-adds spent on CG iterations beyond what a fresh factor would need, since the last build. */
  wasted: number;
}

/** Most columns a factor holds: its storage is capacity² doubles (1024 → 8 MB). */
const MAX_CAPACITY = 1024;
/** CG iterations a fresh factor is expected to need; more are counted as wasted. */
const EXPECTED_ITERATIONS = 2;
/** A column whose pivot falls below this fraction of its diagonal is left to Jacobi. */
const DEPENDENCE = 1e-9;
/**
 * Smallest support worth a factor: below it Jacobi CG needs at most size + 1 products (exact
 * arithmetic) on a problem that costs microseconds, and the solver keeps its plain behaviour.
 */
const MIN_SIZE = 32;
/** Columns appended together. */
const BLOCK = 4;

export function createGramPreconditioner(n: number, p: number): GramPreconditioner {
  const capacity = Math.min(p + 1, MAX_CAPACITY);
  return {
    n,
    p,
    capacity,
    weights: new Float64Array(n),
    l2: 0,
    columns: new Int32Array(capacity),
    size: 0,
    position: new Int32Array(p + 1).fill(-1),
    factor: new Float64Array(0),
    missing: new Int32Array(p + 1),
    weighted: new Float64Array(BLOCK * n),
    rows: new Float64Array(BLOCK * capacity),
    cross: new Float64Array(BLOCK * BLOCK),
    diagonals: new Float64Array(BLOCK),
    solution: new Float64Array(capacity),
    wasted: 0,
  };
}

/** Multiply-adds of a rebuild on m columns. */
function buildCost(n: number, m: number): number {
  return 0.5 * n * m * m + (m * m * m) / 6;
}

/**
 * Make the factor cover the support (column indices, plus the intercept when withIntercept):
 * rebuild it at the working weights v when the ski-rental rule says so, else append the columns
 * it lacks. Returns the work done in passes, the unit of the solver's budget (one pass reads the
 * support's columns twice, 2·n·size multiply-adds, as a CG iteration or a sweep does).
 */
export function prepareGram(
  pc: GramPreconditioner,
  x: Float64Array,
  v: Float64Array,
  penalty: Float64Array,
  l2: number,
  support: Int32Array,
  m: number,
  withIntercept: boolean,
): number {
  const size = m + (withIntercept ? 1 : 0);
  if (size < MIN_SIZE && pc.size === 0) return 0;
  if (pc.wasted > buildCost(pc.n, size)) {
    if (pc.factor.length === 0) pc.factor = new Float64Array(pc.capacity * pc.capacity);
    pc.position.fill(-1);
    pc.size = 0;
    pc.weights.set(v);
    pc.l2 = l2;
    pc.wasted = 0;
  }
  if (pc.factor.length === 0) return 0;
  const { missing } = pc;
  let count = 0;
  if (withIntercept && pc.position[pc.p] === -1) missing[count++] = pc.p;
  for (let t = 0; t < m; t++) if (pc.position[support[t]!] === -1) missing[count++] = support[t]!;
  if (count === 0) return 0;
  const before = pc.size;
  appendColumns(pc, x, penalty, missing, count);
  // Rows of G for the appended columns against S: n multiply-adds per entry.
  const entries = count * before + 0.5 * count * (count + 1);
  return Math.ceil(entries / (2 * size));
}

/** Record a finished CG solve of `iterations` products on `size` unknowns. */
export function recordIterations(pc: GramPreconditioner, iterations: number, size: number): void {
  if (iterations > EXPECTED_ITERATIONS) pc.wasted += (iterations - EXPECTED_ITERATIONS) * 2 * pc.n * size;
}

/**
 * Append columns (p: the intercept) to S, four at a time: their rows of G come from one pass over
 * each column already in S for the four together, four times fewer loads than four dot products.
 * A column nearly dependent on S is refused and left to Jacobi.
 */
function appendColumns(
  pc: GramPreconditioner,
  x: Float64Array,
  penalty: Float64Array,
  list: Int32Array,
  count: number,
): void {
  const { n, p, weights, weighted, rows, cross, diagonals, columns, capacity } = pc;
  for (let start = 0; start < count && pc.size < capacity; start += BLOCK) {
    const b = Math.min(BLOCK, count - start);
    for (let r = 0; r < b; r++) {
      const j = list[start + r]!;
      const at = r * n;
      let d = 0;
      if (j === p) {
        for (let k = 0; k < n; k++) {
          weighted[at + k] = weights[k]!;
          d += weights[k]!;
        }
      } else {
        const off = j * n;
        for (let k = 0; k < n; k++) {
          const w = weights[k]! * x[off + k]!;
          weighted[at + k] = w;
          d += w * x[off + k]!;
        }
        d += pc.l2 * penalty[j]!;
      }
      diagonals[r] = d;
    }
    const base = pc.size;
    for (let t = 0; t < base; t++) {
      const c = columns[t]!;
      if (c === p) {
        for (let r = 0; r < b; r++) rows[r * capacity + t] = sumOf(weighted.subarray(r * n, (r + 1) * n), n);
      } else if (b === BLOCK) {
        dotFour(x, c * n, weighted, n, rows, t, capacity);
      } else {
        for (let r = 0; r < b; r++) rows[r * capacity + t] = dotColumn(x, c * n, weighted.subarray(r * n), n);
      }
    }
    for (let r = 0; r < b; r++) {
      for (let q = 0; q < r; q++) {
        const c = list[start + q]!;
        const w = weighted.subarray(r * n, (r + 1) * n);
        cross[r * BLOCK + q] = c === p ? sumOf(w, n) : dotColumn(x, c * n, w, n);
      }
    }
    for (let r = 0; r < b && pc.size < capacity; r++) {
      const row = rows.subarray(r * capacity, (r + 1) * capacity);
      for (let q = 0; q < r; q++) {
        const at = pc.position[list[start + q]!]!;
        if (at >= base) row[at] = cross[r * BLOCK + q]!;
      }
      factorRow(pc, row, diagonals[r]!, list[start + r]!);
    }
  }
}

/** The next row of L from the new column's row of G: forward substitution, then its pivot. */
function factorRow(pc: GramPreconditioner, row: Float64Array, diagonal: number, j: number): void {
  const { factor, capacity } = pc;
  const m = pc.size;
  const at = m * capacity;
  let pivot = diagonal;
  for (let t = 0; t < m; t++) {
    const rowT = t * capacity;
    let s = row[t]!;
    for (let k = 0; k < t; k++) s -= factor[rowT + k]! * factor[at + k]!;
    const y = s / factor[rowT + t]!;
    factor[at + t] = y;
    pivot -= y * y;
  }
  if (!(pivot > DEPENDENCE * diagonal)) {
    pc.position[j] = -2;
    return;
  }
  factor[at + m] = Math.sqrt(pivot);
  pc.columns[m] = j;
  pc.position[j] = m;
  pc.size = m + 1;
}

/** rows[r·stride + t] = Σ_k x[off + k]·w_r[k] for the four weighted columns w_r = weighted[r·n …]. */
function dotFour(
  x: Float64Array,
  off: number,
  weighted: Float64Array,
  n: number,
  rows: Float64Array,
  t: number,
  stride: number,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  const n2 = 2 * n;
  const n3 = 3 * n;
  let k = 0;
  for (; k + 1 < n; k += 2) {
    const a = x[off + k]!;
    const c = x[off + k + 1]!;
    s0 += a * weighted[k]!;
    s1 += c * weighted[k + 1]!;
    s2 += a * weighted[n + k]!;
    s3 += c * weighted[n + k + 1]!;
    s4 += a * weighted[n2 + k]!;
    s5 += c * weighted[n2 + k + 1]!;
    s6 += a * weighted[n3 + k]!;
    s7 += c * weighted[n3 + k + 1]!;
  }
  if (k < n) {
    const a = x[off + k]!;
    s0 += a * weighted[k]!;
    s2 += a * weighted[n + k]!;
    s4 += a * weighted[n2 + k]!;
    s6 += a * weighted[n3 + k]!;
  }
  rows[t] = s0 + s1;
  rows[stride + t] = s2 + s3;
  rows[2 * stride + t] = s4 + s5;
  rows[3 * stride + t] = s6 + s7;
}

/**
 * z = M⁻¹ r on a support (entries t < m for support[t], entry m for the intercept when
 * withIntercept): the F-block of G⁻¹ for the columns in the factor, r / diagonal(t) for the rest.
 */
export function applyGram(
  pc: GramPreconditioner,
  support: Int32Array,
  m: number,
  withIntercept: boolean,
  r: Float64Array,
  z: Float64Array,
  diagonal: (t: number) => number,
): void {
  const { factor, capacity, solution, position, p } = pc;
  const size = m + (withIntercept ? 1 : 0);
  const s = pc.size;
  solution.fill(0, 0, s);
  for (let t = 0; t < size; t++) {
    const at = position[t < m ? support[t]! : p]!;
    if (at >= 0) solution[at] = r[t]!;
    else z[t] = r[t]! / diagonal(t);
  }
  // L y = b by rows, then Lᵀ x = y column by column (row i of L holds column i of Lᵀ).
  for (let i = 0; i < s; i++) {
    const rowI = i * capacity;
    let acc = solution[i]!;
    for (let k = 0; k < i; k++) acc -= factor[rowI + k]! * solution[k]!;
    solution[i] = acc / factor[rowI + i]!;
  }
  for (let i = s - 1; i >= 0; i--) {
    const rowI = i * capacity;
    const xi = solution[i]! / factor[rowI + i]!;
    solution[i] = xi;
    for (let k = 0; k < i; k++) solution[k] = solution[k]! - factor[rowI + k]! * xi;
  }
  for (let t = 0; t < size; t++) {
    const at = position[t < m ? support[t]! : p]!;
    if (at >= 0) z[t] = solution[at]!;
  }
}
