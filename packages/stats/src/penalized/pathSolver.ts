import { type CdWorkspace, createWorkspace, makeStrong, solveQuadraticModel } from "./coordinateDescent.js";
import type { Design } from "./design.js";
import { addColumn, dotColumn, gradientAndCurvature, sumOf } from "./kernels.js";
import { glmnetLambdaSequence, lambdaMaxFromGradient } from "./lambdaPath.js";
import type { PathLoss } from "./loss.js";
import type { ElasticNetWarning, PathStop } from "./types.js";

export interface PathRequest {
  design: Design;
  loss: PathLoss;
  family: "binomial" | "cox";
  fitIntercept: boolean;
  /** Starting intercept (the null fit's) and the loss there. */
  nullIntercept: number;
  alpha: number;
  /** Given penalties (sorted decreasing) or the default path's length and ratio. */
  lambda: Float64Array | null;
  nLambda: number;
  lambdaMinRatio: number;
  dfMax: number;
  tolerance: number;
  maxPasses: number;
}

export interface PathSolution {
  lambdaMax: number;
  lambda: Float64Array;
  /** Intercepts and coefficients on the standardised scale, column l at [l·p, (l+1)·p). */
  intercepts: Float64Array;
  beta: Float64Array;
  loss: Float64Array;
  nullLoss: number;
  passes: Int32Array;
  kktViolation: Float64Array;
  converged: boolean;
  stop: PathStop;
  warnings: ElasticNetWarning[];
}

// glmnet.control() defaults.
const FDEV = 1e-5;
const DEVMAX = 0.999;
const MNLAM = 5;
const PMIN = 1e-9;
const VMIN = (1 + PMIN) * PMIN * (1 - PMIN);

/**
 * The elastic-net path by coordinate descent, glmnet's way — warm starts from the previous λ,
 * sequential strong rules (Tibshirani et al., JRSS B 2012;74:245) to choose the columns swept,
 * an outer loop of quadratic approximations of the loss (IRLS: exact Hessian for the binomial,
 * its diagonal for Cox, as glmnet) around an inner coordinate descent — but with the stopping
 * rule replaced: a solution is accepted only when the KKT conditions hold to `tolerance` for every
 * coefficient (the strong set, then all others) and for the intercept. Inner sweeps are
 * solved to a tolerance tied to the current violation (an inexact Newton method), and a step
 * that raises the penalised objective is halved back towards the previous iterate.
 */
export function solvePath(request: PathRequest): PathSolution {
  const { design, loss, alpha, tolerance } = request;
  const { n, p, x, usable, penalty } = design;
  const ws = createWorkspace(n, p, x, penalty);
  ws.fitIntercept = request.fitIntercept;
  ws.intercept = request.nullIntercept;
  const state: SolverState = {
    ws,
    loss,
    usable,
    // Aim a little inside the tolerance, so that recomputing the conditions elsewhere (another
    // summation order, another libm) cannot land just above it.
    tolerance: 0.9 * tolerance,
    maxPasses: request.maxPasses,
    totalPasses: 0,
    eta: ws.eta.fill(request.nullIntercept),
    gradient: ws.gradient,
    betaOld: new Float64Array(p),
    lossValue: 0,
    newtonGain: 1,
  };
  const { gradient } = state;
  state.lossValue = loss.working(state.eta, ws.r, ws.v);
  const nullLoss = state.lossValue;
  ws.vSum = sumOf(ws.v, n);
  for (let j = 0; j < p; j++) if (usable[j]) gradient[j] = dotColumn(x, j * n, ws.r, n);

  // Unpenalised columns are always swept, and fitted before the path starts: glmnet fits them at
  // its first λ (solved as λ = ∞) and takes λmax from the gradient left by that fit.
  let unpenalised = false;
  for (let j = 0; j < p; j++) {
    if (usable[j] && penalty[j] === 0) {
      addStrong(ws, j);
      unpenalised = true;
    }
  }
  if (unpenalised) {
    solveLambda(state, 0, 0, false);
    for (let j = 0; j < p; j++) if (usable[j] && !ws.isStrong[j]) gradient[j] = dotColumn(x, j * n, ws.r, n);
  }
  const lambdaMax = lambdaMaxFromGradient(gradient, penalty, usable, alpha);
  const lambda =
    request.lambda ??
    glmnetLambdaSequence(
      lambdaMax > 0 ? lambdaMax : 1,
      request.nLambda,
      request.lambdaMinRatio,
      request.family === "cox",
    );
  const nLambda = lambda.length;
  const intercepts = new Float64Array(nLambda);
  const beta = new Float64Array(nLambda * p);
  const lossPath = new Float64Array(nLambda);
  const passes = new Int32Array(nLambda);
  const kktViolation = new Float64Array(nLambda);
  const devRatio = new Float64Array(nLambda);
  const warnings: ElasticNetWarning[] = [];
  const nullDeviance = nullLoss - loss.saturated;
  let stop: PathStop = "complete";
  let converged = true;
  let previousLambda = lambda[0]!;
  let fitted = 0;
  const predictionStore = createPredictionStore(n, p);

  for (let l = 0; l < nLambda; l++) {
    const lam = lambda[l]!;
    const l1 = lam * alpha;
    const l2 = lam * (1 - alpha);
    const screen = alpha * (2 * lam - previousLambda);
    for (let j = 0; j < p; j++) {
      if (usable[j] && !ws.isStrong[j] && Math.abs(gradient[j]!) > screen * penalty[j]!) addStrong(ws, j);
    }
    const passesBefore = state.totalPasses;
    if (l >= 2) {
      const predicted = predictFromPath(state, predictionStore, lambda, intercepts, beta, l, l1, l2);
      if (predicted) {
        strongGradient(ws, gradient);
        state.totalPasses++;
      }
    }
    const solved = solveLambda(state, l1, l2, true);
    passes[l] = state.totalPasses - passesBefore;
    kktViolation[l] = fullViolation(ws, gradient, usable, l1, l2);
    intercepts[l] = ws.intercept;
    beta.set(ws.beta, l * p);
    lossPath[l] = state.lossValue;
    devRatio[l] = nullDeviance > 0 ? (nullLoss - state.lossValue) / nullDeviance : 0;
    fitted = l + 1;
    previousLambda = lam;
    if (!solved) {
      converged = false;
      stop = "not-converged";
      warnings.push({
        code: "not-converged",
        message: `no solution within kktTolerance ${tolerance} at lambda[${l}] = ${lam} after ${state.totalPasses} coordinate-descent passes (maxPasses ${request.maxPasses}); largest KKT violation ${kktViolation[l]}; the path stops here`,
        lambdaIndex: l,
      });
      break;
    }
    if (request.family === "binomial" && ws.vSum <= VMIN) {
      stop = "saturated";
      warnings.push({
        code: "saturated",
        message: `fitted probabilities are all within 1e-9 of 0 or 1 at lambda[${l}] = ${lam} (perfect separation); the path stops here`,
        lambdaIndex: l,
      });
      break;
    }
    if (request.lambda !== null) continue;
    const reason = defaultPathStop(request, devRatio, ws, l);
    if (reason !== null) {
      stop = reason;
      break;
    }
  }
  return {
    lambdaMax,
    lambda: lambda.slice(0, fitted),
    intercepts: intercepts.slice(0, fitted),
    beta: beta.slice(0, fitted * p),
    loss: lossPath.slice(0, fitted),
    nullLoss,
    passes: passes.slice(0, fitted),
    kktViolation: kktViolation.slice(0, fitted),
    converged,
    stop,
    warnings,
  };
}

/** What the solver carries from one λ to the next. */
interface SolverState {
  ws: CdWorkspace;
  loss: PathLoss;
  usable: Uint8Array;
  tolerance: number;
  maxPasses: number;
  totalPasses: number;
  eta: Float64Array;
  /** Gradient of the log-likelihood per column: current on the strong set; elsewhere from the last full check. */
  gradient: Float64Array;
  betaOld: Float64Array;
  lossValue: number;
  /** Newton's error after one step is about newtonGain·violation²; the model need not be solved more precisely than that. */
  newtonGain: number;
}

/**
 * Solve at one penalty from the current iterate: Newton steps (quadratic model solved by CD and CG,
 * halved back if the objective rises) until the strong set meets the KKT conditions, then —
 * when checkOthers — every other column, adding violators to the strong set. Returns false when
 * maxPasses ran out first.
 */
function solveLambda(state: SolverState, l1: number, l2: number, checkOthers: boolean): boolean {
  const { ws, loss, usable, tolerance, gradient, betaOld, eta } = state;
  const { n, x, penalty } = ws;
  const p = gradient.length;
  let objective = state.lossValue + penaltyValue(ws, l1, l2);
  let violation = strongViolation(ws, gradient, l1, l2);
  while (true) {
    if (violation <= tolerance) {
      if (!checkOthers) return true;
      // The strong set is optimal; check every other column against the full gradient.
      let entered = false;
      for (let j = 0; j < p; j++) {
        if (!usable[j] || ws.isStrong[j]) continue;
        gradient[j] = dotColumn(x, j * n, ws.r, n);
        if (Math.abs(gradient[j]!) - l1 * penalty[j]! > tolerance) {
          addStrong(ws, j);
          entered = true;
        }
      }
      if (!entered) return true;
      violation = strongViolation(ws, gradient, l1, l2);
    }
    if (state.totalPasses >= state.maxPasses) return false;
    // One quadratic approximation (a Newton step), solved by coordinate descent and CG.
    const oldIntercept = ws.intercept;
    for (let t = 0; t < ws.strongCount; t++) betaOld[ws.strongList[t]!] = ws.beta[ws.strongList[t]!]!;
    const innerTolerance = Math.max(
      0.25 * tolerance,
      Math.min(0.02 * violation, 0.1 * state.newtonGain * violation * violation),
    );
    state.totalPasses += solveQuadraticModel(
      ws,
      l1,
      l2,
      innerTolerance,
      Math.max(1, state.maxPasses - state.totalPasses),
    );
    // The inner solver kept η current; only the loss's working quantities need recomputing.
    let lossValue = rescore(ws, loss, eta);
    let trial = lossValue + penaltyValue(ws, l1, l2);
    // Rounding makes the objective wobble by ~1e-16 relative near the optimum; only a real
    // increase (a Newton step that overshot) is pulled back.
    const slack = 1e-12 * (Math.abs(objective) + 1e-300);
    let halvings = 0;
    for (; halvings < 30 && trial > objective + slack; halvings++) {
      ws.intercept = 0.5 * (ws.intercept + oldIntercept);
      for (let t = 0; t < ws.strongCount; t++) {
        const j = ws.strongList[t]!;
        ws.beta[j] = 0.5 * (ws.beta[j]! + betaOld[j]!);
      }
      lossValue = refresh(ws, loss, eta);
      trial = lossValue + penaltyValue(ws, l1, l2);
      state.totalPasses++;
    }
    state.lossValue = lossValue;
    objective = trial;
    state.totalPasses++;
    strongGradient(ws, gradient);
    const previousViolation = violation;
    violation = strongViolation(ws, gradient, l1, l2);
    if (halvings === 0 && violation > 2 * innerTolerance && previousViolation > 0) {
      state.newtonGain = violation / (previousViolation * previousViolation);
    }
  }
}

/** glmnet's early exits on its default sequence (lognet2n / coxnet1, after the λ is stored). */
function defaultPathStop(
  request: PathRequest,
  devRatio: Float64Array,
  ws: CdWorkspace,
  l: number,
): PathStop | null {
  const mnl = Math.min(MNLAM, devRatio.length);
  if (l + 1 < mnl) return null;
  let df = 0;
  for (let t = 0; t < ws.activeCount; t++) if (ws.beta[ws.activeList[t]!] !== 0) df++;
  if (df > request.dfMax) return "df-max";
  const dev = devRatio[l]!;
  if (request.family === "binomial") {
    if (dev > DEVMAX) return "deviance-ratio-max";
    if (dev - devRatio[l - 1]! < FDEV) return "deviance-ratio-flat";
  } else {
    // coxnet1: sml = 100·fdev, devmax = 0.999·0.99/0.999, and the change over mnl − 1 steps.
    if ((dev - devRatio[l - mnl + 1]!) / dev < 100 * FDEV) return "deviance-ratio-flat";
    if (dev > (DEVMAX * 0.99) / 0.999) return "deviance-ratio-max";
  }
  return null;
}

/** Gradient and curvature Σ v x² of every strong column at the current iterate (one fused pass). */
function strongGradient(ws: CdWorkspace, gradient: Float64Array): void {
  const { n, x, r, v } = ws;
  for (let t = 0; t < ws.strongCount; t++) {
    const j = ws.strongList[t]!;
    gradientAndCurvature(x, j * n, r, v, n, j, gradient, ws.xv);
  }
  ws.gradientFresh = true;
}

interface PredictionStore {
  beta: Float64Array;
  r: Float64Array;
  v: Float64Array;
  eta: Float64Array;
}

function createPredictionStore(n: number, p: number): PredictionStore {
  return {
    beta: new Float64Array(p),
    r: new Float64Array(n),
    v: new Float64Array(n),
    eta: new Float64Array(n),
  };
}

/**
 * A better warm start: extrapolate the path in log λ — through the last three solutions
 * (quadratic) for coefficients non-zero with one sign at all three, through the last two
 * (secant) for those non-zero at both; a predicted sign change stops at 0. Kept only when it
 * lowers the penalised objective at λ_l; returns whether it was kept.
 */
function predictFromPath(
  state: SolverState,
  store: PredictionStore,
  lambda: Float64Array,
  intercepts: Float64Array,
  beta: Float64Array,
  l: number,
  l1: number,
  l2: number,
): boolean {
  const { ws, loss, eta } = state;
  const objective = state.lossValue + penaltyValue(ws, l1, l2);
  if (!(lambda[l - 2]! > lambda[l - 1]! && lambda[l - 1]! > lambda[l]! && lambda[l]! > 0)) return false;
  const t = Math.log(lambda[l]!);
  const t1 = Math.log(lambda[l - 1]!);
  const t2 = Math.log(lambda[l - 2]!);
  const f = (t - t1) / (t1 - t2);
  const quadratic = l >= 3 && lambda[l - 3]! > lambda[l - 2]!;
  // Lagrange weights at t through (t1, t2, t3)
  const t3 = quadratic ? Math.log(lambda[l - 3]!) : 0;
  const w1 = ((t - t2) * (t - t3)) / ((t1 - t2) * (t1 - t3));
  const w2 = ((t - t1) * (t - t3)) / ((t2 - t1) * (t2 - t3));
  const w3 = ((t - t1) * (t - t2)) / ((t3 - t1) * (t3 - t2));
  const p = ws.beta.length;
  const at1 = (l - 1) * p;
  const at2 = (l - 2) * p;
  const at3 = (l - 3) * p;
  let moved = false;
  store.beta.set(ws.beta);
  for (let k = 0; k < ws.activeCount; k++) {
    const j = ws.activeList[k]!;
    const b1 = beta[at1 + j]!;
    const b2 = beta[at2 + j]!;
    if (b1 === 0 || b2 === 0 || b1 > 0 !== b2 > 0) continue;
    const b3 = quadratic ? beta[at3 + j]! : 0;
    let next = quadratic && b3 !== 0 && b3 > 0 === b1 > 0 ? w1 * b1 + w2 * b2 + w3 * b3 : b1 + f * (b1 - b2);
    if (next > 0 !== b1 > 0) next = 0;
    ws.beta[j] = next;
    moved = true;
  }
  if (!moved) return false;
  const savedIntercept = ws.intercept;
  if (ws.fitIntercept) {
    ws.intercept = quadratic
      ? w1 * intercepts[l - 1]! + w2 * intercepts[l - 2]! + w3 * intercepts[l - 3]!
      : intercepts[l - 1]! + f * (intercepts[l - 1]! - intercepts[l - 2]!);
  }
  store.r.set(ws.r);
  store.v.set(ws.v);
  store.eta.set(eta);
  const savedVSum = ws.vSum;
  const lossValue = refresh(ws, loss, eta);
  const predicted = lossValue + penaltyValue(ws, l1, l2);
  if (predicted < objective) {
    state.lossValue = lossValue;
    return true;
  }
  ws.beta.set(store.beta);
  ws.intercept = savedIntercept;
  ws.gradientFresh = false;
  ws.r.set(store.r);
  ws.v.set(store.v);
  eta.set(store.eta);
  ws.vSum = savedVSum;
  return false;
}

function addStrong(ws: CdWorkspace, j: number): void {
  makeStrong(ws, j);
  const off = j * ws.n;
  let h = 0;
  for (let k = 0; k < ws.n; k++) h += ws.v[k]! * ws.x[off + k]! * ws.x[off + k]!;
  ws.xv[j] = h;
}

/** The loss's working residual and weights at the current η. */
function rescore(ws: CdWorkspace, loss: PathLoss, eta: Float64Array): number {
  ws.gradientFresh = false;
  const value = loss.working(eta, ws.r, ws.v);
  ws.vSum = sumOf(ws.v, ws.n);
  return value;
}

/** η from the coefficients, then the loss's working residual and weights. */
function refresh(ws: CdWorkspace, loss: PathLoss, eta: Float64Array): number {
  const { n, x, beta } = ws;
  ws.gradientFresh = false;
  eta.fill(ws.intercept);
  for (let t = 0; t < ws.activeCount; t++) {
    const j = ws.activeList[t]!;
    const b = beta[j]!;
    if (b === 0) continue;
    addColumn(x, j * n, eta, b, n);
  }
  const value = loss.working(eta, ws.r, ws.v);
  ws.vSum = sumOf(ws.v, n);
  return value;
}

function penaltyValue(ws: CdWorkspace, l1: number, l2: number): number {
  let s = 0;
  for (let t = 0; t < ws.activeCount; t++) {
    const j = ws.activeList[t]!;
    const b = ws.beta[j]!;
    s += ws.penalty[j]! * (l1 * Math.abs(b) + 0.5 * l2 * b * b);
  }
  return s;
}

/** Violation of one coordinate's stationarity condition, given its gradient g. */
function coordinateViolation(g: number, b: number, vp: number, l1: number, l2: number): number {
  if (b === 0) return Math.max(0, Math.abs(g) - vp * l1);
  return Math.abs(g - vp * (l2 * b + (b > 0 ? l1 : -l1)));
}

function strongViolation(ws: CdWorkspace, gradient: Float64Array, l1: number, l2: number): number {
  let largest = ws.fitIntercept ? Math.abs(sumOf(ws.r, ws.n)) : 0;
  for (let t = 0; t < ws.strongCount; t++) {
    const j = ws.strongList[t]!;
    largest = Math.max(largest, coordinateViolation(gradient[j]!, ws.beta[j]!, ws.penalty[j]!, l1, l2));
  }
  return largest;
}

function fullViolation(
  ws: CdWorkspace,
  gradient: Float64Array,
  usable: Uint8Array,
  l1: number,
  l2: number,
): number {
  let largest = ws.fitIntercept ? Math.abs(sumOf(ws.r, ws.n)) : 0;
  for (let j = 0; j < gradient.length; j++) {
    if (!usable[j]) continue;
    largest = Math.max(largest, coordinateViolation(gradient[j]!, ws.beta[j]!, ws.penalty[j]!, l1, l2));
  }
  return largest;
}
