/**
 * Detection of (quasi-)complete separation in binary data, where the logistic maximum-likelihood
 * estimate does not exist (Albert & Anderson, Biometrika 1984;71:1): some direction b ≠ 0 has
 * sᵢ·xᵢᵀb ≥ 0 for every observation, sᵢ = +1 for an event and −1 otherwise, so moving the
 * coefficients along b never lowers the likelihood and the estimates run off to ±∞. IRLS does not
 * notice: R's glm often stops "converged" with a coefficient of 20 and a standard error of 5000.
 *
 * Following Konis (Linear programming algorithms for detecting separated data in binary logistic
 * regression models, DPhil thesis, Oxford 2007; R package safeBinaryRegression), with A = diag(s)·X
 * of full column rank the data are separated exactly when the linear program
 *
 *     maximise 1ᵀA·b   subject to   A·b ≥ 0,   −1 ≤ b ≤ 1
 *
 * has a positive optimum. It is solved here through its dual, which has only p equality rows,
 *
 *     minimise Σ(uⱼ + vⱼ)   subject to   u − v − Aᵀλ = Aᵀ1,   λ, u, v ≥ 0,
 *
 * by the primal simplex method from the obvious basis of u's and v's (Dantzig's rule, with Bland's
 * rule after a run of degenerate pivots so that it cannot cycle). The optimal b is read back from
 * the reduced costs of the u columns (bⱼ = 1 − d(uⱼ)). Columns are scaled to a maximum absolute
 * value of 1 first, which changes the length of b but not whether it exists.
 */

export interface SeparationCheck {
  /** "none": the estimate exists; "undetermined": the simplex hit its pivot limit. */
  status: "none" | "complete" | "quasi-complete" | "undetermined";
  /** 0-based columns on which the separating direction loads (whose coefficients diverge). */
  columns: number[];
  /** 0-based rows (of those given) that the direction predicts perfectly. */
  observations: number[];
}

const OBJECTIVE_TOL = 1e-8;
const REDUCED_COST_TOL = 1e-10;
const PIVOT_TOL = 1e-9;
const DIRECTION_TOL = 1e-7;
const DEGENERATE_RUN_BEFORE_BLAND = 50;

/**
 * x: column-major n×p design (with the intercept column if the model has one), rows with positive
 * weight only; y: 0/1.
 */
export function checkSeparation(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
): SeparationCheck {
  // A = diag(s)·X with every column scaled to max |aᵢⱼ| = 1.
  const a = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(x[j * n + i]!));
    const scale = largest > 0 ? 1 / largest : 1;
    for (let i = 0; i < n; i++) a[j * n + i] = (y[i] === 1 ? 1 : -1) * x[j * n + i]! * scale;
  }
  // One optimal vertex may leave some separable observations on its hyperplane. The feasible
  // directions form a convex cone, so b + ε·b′ is feasible whenever b and b′ are: solving again on
  // the rows not yet separated and adding up the supports gives the largest separated set, and
  // separation is complete exactly when that set is every row.
  const separated = new Uint8Array(n);
  const columnUsed = new Uint8Array(p);
  let remaining = Array.from({ length: n }, (_, i) => i);
  let found = false;
  while (remaining.length > 0) {
    const round = solveRound(a, n, p, remaining);
    if (round === "undetermined") {
      if (!found) return { status: "undetermined", columns: [], observations: [] };
      break;
    }
    if (round === null) break;
    found = true;
    for (const j of round.columns) columnUsed[j] = 1;
    for (const i of round.observations) separated[i] = 1;
    remaining = remaining.filter((i) => separated[i] === 0);
  }
  if (!found) return { status: "none", columns: [], observations: [] };
  const columns: number[] = [];
  for (let j = 0; j < p; j++) if (columnUsed[j]) columns.push(j);
  const observations: number[] = [];
  for (let i = 0; i < n; i++) if (separated[i]) observations.push(i);
  return { status: observations.length === n ? "complete" : "quasi-complete", columns, observations };
}

/**
 * One linear program on the given rows of A: null when they are not separated, else the columns
 * of the separating direction and the rows (indices into A) it separates.
 */
function solveRound(
  a: Float64Array,
  nAll: number,
  p: number,
  rows: readonly number[],
): { columns: number[]; observations: number[] } | null | "undetermined" {
  const n = rows.length;

  // Tableau rows = the p equations; columns λ₀…λₙ₋₁, u₀…uₚ₋₁, v₀…vₚ₋₁, then the right-hand side.
  const width = n + 2 * p + 1;
  const rhsColumn = width - 1;
  const tableau = new Float64Array(p * width);
  const cost = new Float64Array(width - 1);
  const basis = new Int32Array(p);
  for (let j = 0; j < p; j++) {
    cost[n + j] = 1;
    cost[n + p + j] = 1;
    let c = 0;
    for (const i of rows) c += a[j * nAll + i]!;
    // Flip the row when Aᵀ1 is negative so that the right-hand side is ≥ 0 and vⱼ can start basic.
    const flip = c < 0 ? -1 : 1;
    const row = j * width;
    for (let i = 0; i < n; i++) tableau[row + i] = -flip * a[j * nAll + rows[i]!]!;
    tableau[row + n + j] = flip;
    tableau[row + n + p + j] = -flip;
    tableau[row + rhsColumn] = flip * c;
    basis[j] = flip === 1 ? n + j : n + p + j;
  }

  const reduced = new Float64Array(width - 1);
  const computeReducedCosts = (): void => {
    for (let k = 0; k < width - 1; k++) {
      let d = cost[k]!;
      for (let r = 0; r < p; r++) d -= cost[basis[r]!]! * tableau[r * width + k]!;
      reduced[k] = d;
    }
  };

  const maxPivots = 50 * (n + 2 * p) + 1000;
  let degenerateRun = 0;
  let optimal = false;
  for (let pivots = 0; pivots < maxPivots; pivots++) {
    computeReducedCosts();
    const bland = degenerateRun >= DEGENERATE_RUN_BEFORE_BLAND;
    let entering = -1;
    let best = -REDUCED_COST_TOL;
    for (let k = 0; k < width - 1; k++) {
      if (reduced[k]! < best) {
        entering = k;
        if (bland) break;
        best = reduced[k]!;
      }
    }
    if (entering < 0) {
      optimal = true;
      break;
    }
    let leaving = -1;
    let ratio = Number.POSITIVE_INFINITY;
    for (let r = 0; r < p; r++) {
      const coefficient = tableau[r * width + entering]!;
      if (coefficient <= PIVOT_TOL) continue;
      const candidate = tableau[r * width + rhsColumn]! / coefficient;
      if (candidate < ratio || (candidate === ratio && basis[r]! < basis[leaving]!)) {
        ratio = candidate;
        leaving = r;
      }
    }
    // Unbounded cannot happen (the objective is bounded below by 0); treat it as undetermined.
    if (leaving < 0) break;
    degenerateRun = ratio === 0 ? degenerateRun + 1 : 0;
    const pivotRow = leaving * width;
    const pivotValue = tableau[pivotRow + entering]!;
    for (let k = 0; k < width; k++) tableau[pivotRow + k] = tableau[pivotRow + k]! / pivotValue;
    for (let r = 0; r < p; r++) {
      if (r === leaving) continue;
      const factor = tableau[r * width + entering]!;
      if (factor === 0) continue;
      const row = r * width;
      for (let k = 0; k < width; k++) tableau[row + k] = tableau[row + k]! - factor * tableau[pivotRow + k]!;
    }
    basis[leaving] = entering;
  }
  if (!optimal) return "undetermined";

  let objective = 0;
  for (let r = 0; r < p; r++) objective += cost[basis[r]!]! * tableau[r * width + rhsColumn]!;
  if (!(objective > OBJECTIVE_TOL)) return null;

  computeReducedCosts();
  const direction = new Float64Array(p);
  const columns: number[] = [];
  for (let j = 0; j < p; j++) {
    direction[j] = 1 - reduced[n + j]!;
    if (Math.abs(direction[j]!) > DIRECTION_TOL) columns.push(j);
  }
  const observations: number[] = [];
  for (const i of rows) {
    let margin = 0;
    for (let j = 0; j < p; j++) margin += a[j * nAll + i]! * direction[j]!;
    if (margin > DIRECTION_TOL) observations.push(i);
  }
  // A positive objective always separates at least one row; guard the outer loop all the same.
  return observations.length > 0 ? { columns, observations } : null;
}
