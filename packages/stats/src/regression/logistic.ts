import { normalCdf, normalQuantile } from "../distributions/normal.js";
import { householderQr, qrCoefficients, qrUnscaledCovariance } from "./householderQr.js";
import {
  LogisticFitError,
  type LogisticRegressionFit,
  type LogisticRegressionOptions,
} from "./logisticTypes.js";
import { binomialDevianceResidual, logit, logitDerivative, logitInverse } from "./logitLink.js";
import { checkSeparation } from "./separation.js";

/**
 * Unpenalised logistic regression by iteratively reweighted least squares, following R's
 * glm.fit(family = binomial) step for step (R Core; McCullagh & Nelder, Generalized Linear Models,
 * 2nd ed., 1989, §2.5):
 *
 * - Start from μ = (w·y + ½)/(w + 1), η = logit(μ) (binomial()$initialize).
 * - Each iteration regresses the working response z = η − offset + (y − μ)/μ′(η) on X with
 *   weights w·μ′(η)²/(μ(1 − μ)) by Householder QR (householderQr.ts, R's dqrls, tol 1e-11), and
 *   stops when |dev − dev_old| / (|dev| + 0.1) < epsilon (1e-8), at most maxIterations (25) times.
 * - Standard errors come from the QR of the last iteration — whose weights were computed before
 *   its update of the coefficients — as summary.glm takes them (chol2inv of R); dispersion 1.
 * - Wald intervals coef ± Φ⁻¹(1 − α/2)·se as confint.default (not profile likelihood, which is
 *   what confint() on a glm gives with MASS loaded).
 * - AIC = deviance + 2·(number of coefficients), which is R's value whenever the weights are
 *   integers. With fractional weights R's binomial()$aic rounds the weights inside dbinom() (and
 *   warns "non-integer #successes"); carta keeps the weighted log-likelihood instead.
 *
 * Where R would warn and carry on, or quietly return meaningless numbers, carta throws a
 * LogisticFitError naming the problem: non-finite input, no events or only events, a constant
 * column, collinear columns (R: coefficients NA "because of singularities"), (quasi-)complete
 * separation found by linear programming (separation.ts; R reports a huge coefficient with a
 * huge standard error, or fitted probabilities of 0 or 1), and fitted probabilities numerically
 * 0 or 1 (within 10·ε, R's warning) without separation. So no result holds NaN or ±∞, and the
 * iteration limit bounds the work. Non-convergence alone is reported in `converged` and `warnings`.
 */
export function logisticRegression(options: LogisticRegressionOptions): LogisticRegressionFit {
  const {
    outcome,
    names,
    intercept = true,
    weights,
    offset,
    confLevel = 0.95,
    maxIterations = 25,
    epsilon = 1e-8,
  } = options;
  const n = outcome.length;
  const p = names.length;
  validateInput(options, n, p);
  if (!(confLevel > 0 && confLevel < 1))
    fail("invalid-input", `confLevel must be in (0, 1), got ${confLevel}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    fail("invalid-input", `maxIterations must be a positive integer, got ${maxIterations}`);
  }
  if (!(epsilon > 0)) fail("invalid-input", `epsilon must be positive, got ${epsilon}`);

  const y = Float64Array.from(outcome);
  const w = weights ? Float64Array.from(weights) : new Float64Array(n).fill(1);
  const off = offset ? Float64Array.from(offset) : new Float64Array(n);
  const good: number[] = [];
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (w[i]! > 0) {
      good.push(i);
      if (y[i] === 1) events++;
    }
  }
  if (good.length === 0) fail("invalid-input", "every weight is 0; nothing to fit");
  if (events === 0) fail("no-events", `none of the ${good.length} observations fitted has the event`);
  if (events === good.length) fail("all-events", `all ${good.length} observations fitted have the event`);

  const coefNames = intercept ? ["(Intercept)", ...names] : [...names];
  const nCoef = coefNames.length;
  if (nCoef === 0) fail("invalid-input", "the model has no coefficients (no columns and no intercept)");
  const design = buildDesign(options.x, n, p, intercept);
  checkConstantColumns(design, n, nCoef, good, intercept, coefNames);

  const fit = irls({ design, n, nCoef, y, w, off, muStart: initialMu(y, w), maxIterations, epsilon });
  if (fit.rankDeficiency && fit.rankDeficiency.iteration === 1)
    throwCollinear(fit.rankDeficiency.columns, coefNames);

  const goodDesign = new Float64Array(good.length * nCoef);
  const goodY = new Float64Array(good.length);
  for (let g = 0; g < good.length; g++) {
    goodY[g] = y[good[g]!]!;
    for (let j = 0; j < nCoef; j++) goodDesign[j * good.length + g] = design[j * n + good[g]!]!;
  }
  const separation = checkSeparation(goodDesign, good.length, nCoef, goodY);
  if (separation.status === "complete" || separation.status === "quasi-complete") {
    const columns = separation.columns.map((j) => coefNames[j]!);
    const observations = separation.observations.map((g) => good[g]!);
    fail(
      "separation",
      `${separation.status} separation (diverging coefficients): the likelihood keeps rising without bound along a direction in the ` +
        `coefficients of ${columns.join(", ")} (${observations.length} of ${good.length} observations ` +
        "predicted perfectly), so the maximum-likelihood estimates are infinite; consider removing or " +
        "combining those columns, or a penalised (Firth or ridge) fit",
      { columns, observations, separation: separation.status },
    );
  }
  if (fit.rankDeficiency) throwCollinear(fit.rankDeficiency.columns, coefNames);
  if (fit.nonFinite) {
    fail("non-finite", `IRLS produced non-finite coefficients at iteration ${fit.iterations}`);
  }
  const extreme: number[] = [];
  const boundary = 10 * Number.EPSILON;
  for (const i of good) if (fit.mu[i]! > 1 - boundary || fit.mu[i]! < boundary) extreme.push(i);
  if (extreme.length > 0) {
    fail(
      "fitted-probabilities-0-or-1",
      `fitted probabilities numerically 0 or 1 for ${extreme.length} observation(s) ` +
        `(first: ${extreme.slice(0, 5).join(", ")}); the estimates are too extreme to be trusted`,
      { observations: extreme },
    );
  }

  const qr = fit.qr!;
  const unscaled = qrUnscaledCovariance(qr);
  const variance = new Float64Array(nCoef * nCoef);
  for (let a = 0; a < nCoef; a++) {
    for (let b = 0; b < nCoef; b++) variance[qr.pivot[a]! * nCoef + qr.pivot[b]!] = unscaled[a * nCoef + b]!;
  }
  const coefficients = coefficientTable(coefNames, fit.coef, variance, confLevel);

  let nullDeviance: number;
  if (intercept && offset) {
    const ones = new Float64Array(n).fill(1);
    const nullFit = irls({ design: ones, n, nCoef: 1, y, w, off, muStart: fit.mu, maxIterations, epsilon });
    nullDeviance = nullFit.deviance;
  } else if (intercept) {
    let sumWy = 0;
    let sumW = 0;
    for (let i = 0; i < n; i++) {
      sumWy += w[i]! * y[i]!;
      sumW += w[i]!;
    }
    const mean = sumWy / sumW;
    nullDeviance = totalDeviance(y, w, () => mean);
  } else {
    nullDeviance = totalDeviance(y, w, (i) => logitInverse(off[i]!));
  }

  const warnings: string[] = [];
  if (!fit.converged) {
    warnings.push(
      `IRLS did not converge in ${maxIterations} iterations (glm.fit: algorithm did not converge)`,
    );
  }
  return {
    method: "logistic-irls",
    family: "binomial",
    link: "logit",
    confLevel,
    intercept,
    n,
    nUsed: good.length,
    nEvents: events,
    hasOffset: offset !== undefined,
    coefficients,
    variance,
    deviance: fit.deviance,
    nullDeviance,
    aic: fit.deviance + 2 * nCoef,
    dfResidual: good.length - nCoef,
    dfNull: good.length - (intercept ? 1 : 0),
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
    fitted: fit.mu,
    linearPredictors: fit.eta,
  };
}

/** Linear predictor and probability of new observations (predict.glm, type "link" and "response"). */
export function logisticPredict(
  fit: LogisticRegressionFit,
  data: { x: Float64Array | ArrayLike<number>; offset?: ArrayLike<number> },
): { linearPredictor: Float64Array; probability: Float64Array } {
  const coef = fit.coefficients.coef;
  const p = coef.length - (fit.intercept ? 1 : 0);
  const rows = p === 0 ? (data.offset?.length ?? 0) : data.x.length / p;
  if (!Number.isInteger(rows)) {
    throw new RangeError(`logisticPredict: x has ${data.x.length} values, not a multiple of ${p} columns`);
  }
  if (data.offset && data.offset.length !== rows) {
    throw new RangeError(`logisticPredict: offset has ${data.offset.length} values for ${rows} rows`);
  }
  const linearPredictor = new Float64Array(rows);
  const probability = new Float64Array(rows);
  const first = fit.intercept ? 1 : 0;
  for (let i = 0; i < rows; i++) {
    let eta = fit.intercept ? coef[0]! : 0;
    for (let j = 0; j < p; j++) eta += data.x[i * p + j]! * coef[first + j]!;
    if (data.offset) eta += data.offset[i]!;
    if (!Number.isFinite(eta))
      throw new RangeError(`logisticPredict: row ${i} has a non-finite linear predictor`);
    linearPredictor[i] = eta;
    probability[i] = logitInverse(eta);
  }
  return { linearPredictor, probability };
}

function fail(
  problem: ConstructorParameters<typeof LogisticFitError>[0],
  message: string,
  details?: ConstructorParameters<typeof LogisticFitError>[2],
): never {
  throw new LogisticFitError(problem, message, details);
}

function validateInput(options: LogisticRegressionOptions, n: number, p: number): void {
  const { outcome, x, names, weights, offset } = options;
  if (n === 0) fail("invalid-input", "no observations");
  if (new Set(names).size !== p) fail("invalid-input", `column names are not unique: ${names.join(", ")}`);
  if ((options.intercept ?? true) && names.includes("(Intercept)")) {
    fail("invalid-input", 'a column is named "(Intercept)" while intercept is true');
  }
  if (x.length !== n * p) {
    fail("invalid-input", `x has ${x.length} values; expected ${n} rows × ${p} columns = ${n * p}`);
  }
  for (const [field, values] of [
    ["weights", weights],
    ["offset", offset],
  ] as const) {
    if (values && values.length !== n) {
      fail("invalid-input", `outcome has ${n} values but ${field} has ${values.length}`);
    }
  }
  for (let i = 0; i < n; i++) {
    const yi = outcome[i]!;
    if (!Number.isFinite(yi)) fail("non-finite", `outcome[${i}] is ${yi}`, { observations: [i] });
    if (yi !== 0 && yi !== 1)
      fail("invalid-input", `outcome[${i}] is ${yi}; expected 0 or 1`, { observations: [i] });
    for (let j = 0; j < p; j++) {
      const v = x[i * p + j]!;
      if (!Number.isFinite(v)) {
        fail("non-finite", `x[${i}, "${names[j]}"] is ${v}`, { columns: [names[j]!], observations: [i] });
      }
    }
    if (weights) {
      const wi = weights[i]!;
      if (!Number.isFinite(wi)) fail("non-finite", `weights[${i}] is ${wi}`, { observations: [i] });
      if (wi < 0) fail("invalid-input", `weights[${i}] is ${wi}; weights must be ≥ 0`, { observations: [i] });
    }
    if (offset && !Number.isFinite(offset[i]!)) {
      fail("non-finite", `offset[${i}] is ${offset[i]}`, { observations: [i] });
    }
  }
}

/** Column-major n×nCoef design, the intercept column first. */
function buildDesign(x: ArrayLike<number>, n: number, p: number, intercept: boolean): Float64Array {
  const first = intercept ? 1 : 0;
  const design = new Float64Array(n * (p + first));
  if (intercept) design.fill(1, 0, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) design[(first + j) * n + i] = x[i * p + j]!;
  return design;
}

/**
 * A column that does not vary among the fitted observations duplicates the intercept (or, all
 * zero, carries no information at all); R would report its coefficient as NA.
 */
function checkConstantColumns(
  design: Float64Array,
  n: number,
  nCoef: number,
  good: readonly number[],
  intercept: boolean,
  coefNames: readonly string[],
): void {
  const constant: string[] = [];
  for (let j = intercept ? 1 : 0; j < nCoef; j++) {
    const first = design[j * n + good[0]!]!;
    let varies = false;
    for (const i of good) {
      if (design[j * n + i] !== first) {
        varies = true;
        break;
      }
    }
    if (!varies && (intercept || first === 0)) constant.push(coefNames[j]!);
  }
  if (constant.length > 0) {
    fail(
      "constant-column",
      `column(s) ${constant.join(", ")} take a single value among the observations fitted` +
        (intercept ? " and so duplicate the intercept" : ""),
      { columns: constant },
    );
  }
}

function throwCollinear(columns: readonly number[], coefNames: readonly string[]): never {
  const named = columns.map((j) => coefNames[j]!);
  return fail(
    "collinear",
    `column(s) ${named.join(", ")} are linear combinations of the columns before them ` +
      "(R reports their coefficients as NA); drop them or recode",
    { columns: named },
  );
}

function initialMu(y: Float64Array, w: Float64Array): Float64Array {
  const mu = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) mu[i] = (w[i]! * y[i]! + 0.5) / (w[i]! + 1);
  return mu;
}

/** Σ dev.resids, compensated (Neumaier) to stand in for R's long-double sum(). */
function totalDeviance(y: Float64Array, w: Float64Array, mu: (i: number) => number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < y.length; i++) {
    const term = binomialDevianceResidual(y[i]!, mu(i), w[i]!);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}

interface IrlsInput {
  /** Column-major n×nCoef. */
  design: Float64Array;
  n: number;
  nCoef: number;
  y: Float64Array;
  w: Float64Array;
  off: Float64Array;
  muStart: Float64Array;
  maxIterations: number;
  epsilon: number;
}

interface IrlsResult {
  coef: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  qr: ReturnType<typeof householderQr> | null;
  /** Set when a QR found dependent columns (0-based design columns), with the iteration. */
  rankDeficiency: { iteration: number; columns: number[] } | null;
  nonFinite: boolean;
}

/** glm.fit's IRLS loop for the binomial family and logit link. */
function irls(input: IrlsInput): IrlsResult {
  const { design, n, nCoef, y, w, off, muStart, maxIterations, epsilon } = input;
  const good: number[] = [];
  for (let i = 0; i < n; i++) if (w[i]! > 0) good.push(i);
  const nGood = good.length;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = logit(muStart[i]!);
    mu[i] = logitInverse(eta[i]!);
  }
  let devOld = totalDeviance(y, w, (i) => mu[i]!);
  let deviance = devOld;
  const coef = new Float64Array(nCoef);
  const start = new Float64Array(nCoef);
  const weighted = new Float64Array(nGood * nCoef);
  const response = new Float64Array(nGood);
  const result: IrlsResult = {
    coef,
    eta,
    mu,
    deviance,
    iterations: 0,
    converged: false,
    qr: null,
    rankDeficiency: null,
    nonFinite: false,
  };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    result.iterations = iteration;
    for (let g = 0; g < nGood; g++) {
      const i = good[g]!;
      const derivative = logitDerivative(eta[i]!);
      const z = eta[i]! - off[i]! + (y[i]! - mu[i]!) / derivative;
      const root = Math.sqrt((w[i]! * (derivative * derivative)) / (mu[i]! * (1 - mu[i]!)));
      response[g] = z * root;
      for (let j = 0; j < nCoef; j++) weighted[j * nGood + g] = design[j * n + i]! * root;
    }
    const qr = householderQr(weighted, nGood, nCoef, Math.min(1e-7, epsilon / 1000));
    if (qr.rank < nCoef) {
      result.rankDeficiency = { iteration, columns: Array.from(qr.pivot.subarray(qr.rank)) };
      return result;
    }
    const solved = qrCoefficients(qr, response);
    if (!solved.every(Number.isFinite)) {
      result.nonFinite = true;
      return result;
    }
    for (let j = 0; j < nCoef; j++) start[qr.pivot[j]!] = solved[j]!;
    for (let i = 0; i < n; i++) {
      let linear = 0;
      for (let j = 0; j < nCoef; j++) linear += design[j * n + i]! * start[j]!;
      eta[i] = linear + off[i]!;
      mu[i] = logitInverse(eta[i]!);
    }
    deviance = totalDeviance(y, w, (i) => mu[i]!);
    result.qr = qr;
    result.deviance = deviance;
    coef.set(start);
    if (Math.abs(deviance - devOld) / (Math.abs(deviance) + 0.1) < epsilon) {
      result.converged = true;
      return result;
    }
    devOld = deviance;
  }
  return result;
}

function coefficientTable(
  names: string[],
  coef: Float64Array,
  variance: Float64Array,
  confLevel: number,
): LogisticRegressionFit["coefficients"] {
  const k = names.length;
  const alpha = (1 - confLevel) / 2;
  const lowerQuantile = normalQuantile(alpha);
  const upperQuantile = normalQuantile(1 - alpha);
  const table = {
    names,
    coef: Float64Array.from(coef),
    se: new Float64Array(k),
    z: new Float64Array(k),
    p: new Float64Array(k),
    lower: new Float64Array(k),
    upper: new Float64Array(k),
    oddsRatio: new Float64Array(k),
    oddsRatioLower: new Float64Array(k),
    oddsRatioUpper: new Float64Array(k),
  };
  for (let j = 0; j < k; j++) {
    const se = Math.sqrt(variance[j * k + j]!);
    const c = coef[j]!;
    table.se[j] = se;
    table.z[j] = c / se;
    table.p[j] = 2 * normalCdf(-Math.abs(c / se));
    table.lower[j] = c + se * lowerQuantile;
    table.upper[j] = c + se * upperQuantile;
    table.oddsRatio[j] = Math.exp(c);
    table.oddsRatioLower[j] = Math.exp(table.lower[j]!);
    table.oddsRatioUpper[j] = Math.exp(table.upper[j]!);
  }
  return table;
}
