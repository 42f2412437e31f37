import {
  applyGram,
  createGramPreconditioner,
  type GramPreconditioner,
  prepareGram,
  recordIterations,
} from "./gramPreconditioner.js";
import { addColumn, dotColumn, subtractWeightedColumn, sumOf } from "./kernels.js";

/**
 * The inner solver of the path: a weighted least-squares problem with an elastic-net penalty,
 * the quadratic model of the loss at the current iterate (glmnet's inner loop; Friedman, Hastie &
 * Tibshirani, J Stat Softw 2010;33(1), §2–3),
 *
 *   ½ Σ_i v_i (z_i − b₀ − Σ_j x_ij β_j)² + Σ_j v_j·(l1·|β_j| + ½·l2·β_j²)   over the strong set,
 *
 * held through the weighted residual r_i = v_i (z_i − η_i) ("naive updates").
 *
 * Coordinate descent finds which coefficients are non-zero and their signs; on that support the
 * problem is a smooth quadratic, which preconditioned conjugate gradients solve far faster than
 * further sweeps (CD converges like Gauss–Seidel, with a rate near 1 − 1/κ; CG like
 * (√κ − 1)/(√κ + 1)). The two alternate until a sweep moves no coordinate by more than the
 * tolerance. Progress is measured in gradient units: moving coordinate j by d_j removes a
 * violation |d_j|·(xv_j + l2·v_j) of its stationarity condition, so the tolerance is on the scale
 * of the KKT conditions (glmnet's max xv_j·d_j² is not).
 */
export interface CdWorkspace {
  n: number;
  /** Standardised covariates, column-major. */
  x: Float64Array;
  /** Penalty factors (0 = unpenalised). */
  penalty: Float64Array;
  /** Weighted working residual, length n. */
  r: Float64Array;
  /**
   * The linear predictor b₀ + Xβ, kept current through every move of the inner solver so that
   * the loss can be re-evaluated after an IRLS step without another pass over X.
   */
  eta: Float64Array;
  /** Working weights, length n, and their sum. */
  v: Float64Array;
  vSum: number;
  /** Σ_i v_i x_ij² for the strong columns. */
  xv: Float64Array;
  beta: Float64Array;
  intercept: number;
  fitIntercept: boolean;
  strongList: Int32Array;
  strongCount: number;
  isStrong: Uint8Array;
  /** Columns that have ever been non-zero, in order of entry (glmnet's m / nin). */
  activeList: Int32Array;
  activeCount: number;
  isActive: Uint8Array;
  /**
   * X_jᵀr for the strong columns, and whether it is current: the path solver computes it after
   * each IRLS step for its KKT check, and CG then starts from it instead of another pass over X.
   * Anything that changes r clears gradientFresh.
   */
  gradient: Float64Array;
  gradientFresh: boolean;
  /** Set by a sweep or a CG step that added a coefficient to the support or removed one. */
  supportChanged: boolean;
  /** Scratch for the conjugate-gradient solve. */
  cg: CgScratch;
  /** The CG preconditioner (a frozen weighted Gram matrix), carried across IRLS steps and λ. */
  gram: GramPreconditioner;
}

interface CgScratch {
  support: Int32Array;
  residual: Float64Array;
  direction: Float64Array;
  step: Float64Array;
  product: Float64Array;
  /** The preconditioned residual M⁻¹·residual. */
  preconditioned: Float64Array;
  /** V·X·direction and V·X·step in observation space, length n; X·direction and X·step, for η. */
  q: Float64Array;
  xStep: Float64Array;
  xDirection: Float64Array;
  etaStep: Float64Array;
}

export function createWorkspace(n: number, p: number, x: Float64Array, penalty: Float64Array): CdWorkspace {
  return {
    n,
    x,
    penalty,
    r: new Float64Array(n),
    eta: new Float64Array(n),
    v: new Float64Array(n),
    vSum: 0,
    xv: new Float64Array(p),
    beta: new Float64Array(p),
    intercept: 0,
    fitIntercept: false,
    strongList: new Int32Array(p),
    strongCount: 0,
    isStrong: new Uint8Array(p),
    activeList: new Int32Array(p),
    activeCount: 0,
    isActive: new Uint8Array(p),
    gradient: new Float64Array(p),
    gradientFresh: false,
    supportChanged: false,
    cg: {
      support: new Int32Array(p),
      residual: new Float64Array(p + 1),
      direction: new Float64Array(p + 1),
      step: new Float64Array(p + 1),
      product: new Float64Array(p + 1),
      preconditioned: new Float64Array(p + 1),
      q: new Float64Array(n),
      xStep: new Float64Array(n),
      xDirection: new Float64Array(n),
      etaStep: new Float64Array(n),
    },
    gram: createGramPreconditioner(n, p),
  };
}

/** Add column j to the strong set. */
export function makeStrong(ws: CdWorkspace, j: number): void {
  if (ws.isStrong[j]) return;
  ws.isStrong[j] = 1;
  ws.strongList[ws.strongCount++] = j;
}

/**
 * Solve the quadratic model until a sweep moves no coordinate by more than `tolerance` (gradient
 * units), or CG leaves the support as the sweep found it, or `passLimit` passes (sweeps and CG
 * iterations, each one pass over the columns involved) have been made; returns the passes used.
 *
 * Once CG has a Gram preconditioner (large supports), the first sweep visits only the strong
 * columns at zero: a full sweep costs two passes over X for progress on the non-zero coefficients
 * that preconditioned CG makes in a fraction of one. Later sweeps of the same model are full, so
 * that a coefficient CG stopped at zero cannot be pushed back in, and stopped again, over and over.
 */
export function solveQuadraticModel(
  ws: CdWorkspace,
  l1: number,
  l2: number,
  tolerance: number,
  passLimit: number,
): number {
  let passes = 0;
  for (let round = 0; passes < passLimit; round++) {
    passes++;
    ws.supportChanged = false;
    const zerosOnly = round === 0 && ws.gram.size > 0;
    const change = zerosOnly
      ? sweep(ws, l1, l2, true)
      : Math.max(sweep(ws, l1, l2, false), interceptStep(ws));
    if ((!zerosOnly && change < tolerance) || passes >= passLimit) break;
    passes += conjugateGradient(ws, l1, l2, tolerance, passLimit - passes);
    // Same support before and after: the model is solved there, and the outer loop's KKT check
    // (on the true gradient) is the judge of the columns at zero — no confirming sweep needed.
    if (!ws.supportChanged) break;
  }
  return passes;
}

/** One cyclic pass over the strong set, or over its coefficients at zero; returns the largest move. */
function sweep(ws: CdWorkspace, l1: number, l2: number, zerosOnly: boolean): number {
  const { n, x, r, v, xv, beta, penalty, strongList, strongCount } = ws;
  let largest = 0;
  for (let t = 0; t < strongCount; t++) {
    const j = strongList[t]!;
    if (zerosOnly && beta[j] !== 0) continue;
    const off = j * n;
    const g = dotColumn(x, off, r, n);
    const old = beta[j]!;
    const curvature = xv[j]! + penalty[j]! * l2;
    const u = g + xv[j]! * old;
    const excess = Math.abs(u) - penalty[j]! * l1;
    let next = 0;
    if (excess > 0) {
      // No curvature: the model is linear in β_j; leave it to the outer loop.
      if (!(curvature > 0)) continue;
      next = (u > 0 ? excess : -excess) / curvature;
    }
    const d = next - old;
    if (d === 0) continue;
    if (old === 0 || next === 0) ws.supportChanged = true;
    ws.gradientFresh = false;
    beta[j] = next;
    const moved = Math.abs(d) * curvature;
    if (moved > largest) largest = moved;
    subtractWeightedColumn(x, off, v, r, d, n);
    addColumn(x, off, ws.eta, d, n);
    if (!ws.isActive[j]) {
      ws.isActive[j] = 1;
      ws.activeList[ws.activeCount++] = j;
    }
  }
  return largest;
}

function interceptStep(ws: CdWorkspace): number {
  if (!ws.fitIntercept || !(ws.vSum > 0)) return 0;
  const { n, r, v } = ws;
  const s = sumOf(r, n);
  const d = s / ws.vSum;
  if (d === 0) return 0;
  ws.gradientFresh = false;
  ws.intercept += d;
  const eta = ws.eta;
  for (let k = 0; k < n; k++) {
    r[k] = r[k]! - d * v[k]!;
    eta[k] = eta[k]! + d;
  }
  return Math.abs(s);
}

/**
 * Preconditioned CG (gramPreconditioner.ts; Jacobi for small supports) on the current support
 * with the signs held fixed: the model's stationarity conditions there are linear,
 * (X_Fᵀ V X_F + l2·diag v_F) δ = X_Fᵀ r − v_F(l2 β + l1 s),
 * with the intercept as one more unknown. A step that would carry a coefficient through zero is
 * shortened to stop there and the coefficient set to 0 — the next sweep decides whether it
 * re-enters with the other sign. Returns the iterations made.
 */
function conjugateGradient(
  ws: CdWorkspace,
  l1: number,
  l2: number,
  tolerance: number,
  limit: number,
): number {
  const { n, x, r, v, xv, beta, penalty, cg } = ws;
  const { support, residual, direction, step, product, q, xStep, xDirection, etaStep } = cg;
  let m = 0;
  for (let t = 0; t < ws.strongCount; t++) {
    const j = ws.strongList[t]!;
    if (beta[j] !== 0 && xv[j]! + penalty[j]! * l2 > 0) support[m++] = j;
  }
  const withIntercept = ws.fitIntercept && ws.vSum > 0;
  const size = m + (withIntercept ? 1 : 0);
  if (size === 0) return 0;
  let largest = 0;
  for (let t = 0; t < m; t++) {
    const j = support[t]!;
    const b = beta[j]!;
    const g = ws.gradientFresh ? ws.gradient[j]! : dotColumn(x, j * n, r, n);
    residual[t] = g - penalty[j]! * (l2 * b + (b > 0 ? l1 : -l1));
    largest = Math.max(largest, Math.abs(residual[t]!));
  }
  if (withIntercept) {
    residual[m] = sumOf(r, n);
    largest = Math.max(largest, Math.abs(residual[m]!));
  }
  if (largest < tolerance) return 1;
  const { gram } = ws;
  const { preconditioned } = cg;
  const gramPasses = prepareGram(gram, x, v, penalty, l2, support, m, withIntercept);
  const diagonalAt = (t: number) => diagonal(ws, support, m, t, l2);
  applyGram(gram, support, m, withIntercept, residual, preconditioned, diagonalAt);
  let rz = 0;
  for (let t = 0; t < size; t++) {
    direction[t] = preconditioned[t]!;
    step[t] = 0;
    rz += residual[t]! * preconditioned[t]!;
  }
  xStep.fill(0);
  etaStep.fill(0);
  let iterations = 1;
  while (iterations < limit) {
    iterations++;
    // q = X_F d (+ d₀), product = X_Fᵀ V q + l2·v_F·d
    multiplySupport(x, n, support, m, direction, withIntercept ? direction[m]! : 0, q);
    // u = V q, kept in q: the products below need only Xᵀu.
    let interceptProduct = 0;
    for (let k = 0; k < n; k++) {
      const xd = q[k]!;
      xDirection[k] = xd;
      const u = v[k]! * xd;
      q[k] = u;
      interceptProduct += u;
    }
    let curvature = 0;
    for (let t = 0; t < m; t++) {
      const j = support[t]!;
      product[t] = dotColumn(x, j * n, q, n) + l2 * penalty[j]! * direction[t]!;
      curvature += direction[t]! * product[t]!;
    }
    if (withIntercept) {
      product[m] = interceptProduct;
      curvature += direction[m]! * interceptProduct;
    }
    if (!(curvature > 0)) break;
    const a = rz / curvature;
    largest = 0;
    for (let t = 0; t < size; t++) {
      step[t] = step[t]! + a * direction[t]!;
      residual[t] = residual[t]! - a * product[t]!;
      largest = Math.max(largest, Math.abs(residual[t]!));
    }
    // xStep accumulates V·X·step (q holds V·X·direction), exactly what r loses.
    for (let k = 0; k < n; k++) {
      xStep[k] = xStep[k]! + a * q[k]!;
      etaStep[k] = etaStep[k]! + a * xDirection[k]!;
    }
    if (largest < tolerance) break;
    applyGram(gram, support, m, withIntercept, residual, preconditioned, diagonalAt);
    let rzNext = 0;
    for (let t = 0; t < size; t++) rzNext += residual[t]! * preconditioned[t]!;
    const b = rzNext / rz;
    rz = rzNext;
    for (let t = 0; t < size; t++) direction[t] = preconditioned[t]! + b * direction[t]!;
  }
  recordIterations(gram, iterations - 1, size);
  ws.gradientFresh = false;
  iterations += gramPasses;
  // Keep every sign: stop where the first coefficient reaches zero.
  let fraction = 1;
  for (let t = 0; t < m; t++) {
    const b = beta[support[t]!]!;
    const s = step[t]!;
    if ((b > 0 && b + s < 0) || (b < 0 && b + s > 0)) fraction = Math.min(fraction, -b / s);
  }
  if (withIntercept) ws.intercept += fraction * step[m]!;
  const eta = ws.eta;
  for (let k = 0; k < n; k++) {
    r[k] = r[k]! - fraction * xStep[k]!;
    eta[k] = eta[k]! + fraction * etaStep[k]!;
  }
  for (let t = 0; t < m; t++) {
    const j = support[t]!;
    const old = beta[j]!;
    const s = step[t]!;
    let next = old + fraction * s;
    const crosses = (old > 0 && old + s < 0) || (old < 0 && old + s > 0);
    // The coefficient(s) that stopped the step sit at zero; rounding must not leave a sliver.
    if (crosses && -old / s <= fraction * (1 + 1e-12)) next = 0;
    if ((next > 0 && old < 0) || (next < 0 && old > 0)) next = 0;
    const correction = next - (old + fraction * s);
    if (next === 0) ws.supportChanged = true;
    beta[j] = next;
    if (correction !== 0) {
      const off = j * n;
      for (let k = 0; k < n; k++) {
        r[k] = r[k]! - correction * v[k]! * x[off + k]!;
        eta[k] = eta[k]! + correction * x[off + k]!;
      }
    }
  }
  return iterations;
}

/** q = X_F d + d₀, eight columns at a time so that q is loaded and stored once per eight. */
function multiplySupport(
  x: Float64Array,
  n: number,
  support: Int32Array,
  m: number,
  d: Float64Array,
  d0: number,
  q: Float64Array,
): void {
  q.fill(d0);
  let t = 0;
  for (; t + 7 < m; t += 8) {
    const o0 = support[t]! * n;
    const o1 = support[t + 1]! * n;
    const o2 = support[t + 2]! * n;
    const o3 = support[t + 3]! * n;
    const o4 = support[t + 4]! * n;
    const o5 = support[t + 5]! * n;
    const o6 = support[t + 6]! * n;
    const o7 = support[t + 7]! * n;
    const c0 = d[t]!;
    const c1 = d[t + 1]!;
    const c2 = d[t + 2]!;
    const c3 = d[t + 3]!;
    const c4 = d[t + 4]!;
    const c5 = d[t + 5]!;
    const c6 = d[t + 6]!;
    const c7 = d[t + 7]!;
    for (let k = 0; k < n; k++) {
      q[k] =
        q[k]! +
        (c0 * x[o0 + k]! + c1 * x[o1 + k]!) +
        (c2 * x[o2 + k]! + c3 * x[o3 + k]!) +
        (c4 * x[o4 + k]! + c5 * x[o5 + k]! + (c6 * x[o6 + k]! + c7 * x[o7 + k]!));
    }
  }
  for (; t < m; t++) {
    const off = support[t]! * n;
    const c = d[t]!;
    for (let k = 0; k < n; k++) q[k] = q[k]! + c * x[off + k]!;
  }
}

function diagonal(ws: CdWorkspace, support: Int32Array, m: number, t: number, l2: number): number {
  if (t === m) return ws.vSum;
  const j = support[t]!;
  return ws.xv[j]! + l2 * ws.penalty[j]!;
}
