import { binomialLoss } from "./binomialLoss.js";
import { coxLoss } from "./coxLoss.js";
import { coxDesign } from "./coxPath.js";
import { type Design, prepareDesign } from "./design.js";
import type { PathLoss } from "./loss.js";
import { binaryColumn } from "./settings.js";
import type { CoxPathOptions, KktCheck, LogisticPathOptions } from "./types.js";

/**
 * The optimality (Karush–Kuhn–Tucker) conditions of an elastic-net logistic solution, computed
 * from the data afresh — independent of the solver, so that tests and users can verify any
 * coefficients (carta's, glmnet's) at a given λ. Coefficients and intercept are on the original
 * scale, as elasticNetLogistic and glmnet's coef() return them; the conditions are evaluated on
 * the scale the penalty acts on (standardised columns when options.standardize is not false),
 * with the weights scaled to sum to 1:
 *
 *   g_j = Σ_i w_i x̃_ij (y_i − p_i);  β̃_j ≠ 0: g_j = λ v_j ((1−α) β̃_j + α sign β̃_j);
 *   β̃_j = 0: |g_j| ≤ λ v_j α;  intercept: Σ_i w_i (y_i − p_i) = 0.
 */
export function logisticKkt(
  options: LogisticPathOptions,
  lambda: number,
  intercept: number,
  coefficients: ArrayLike<number>,
): KktCheck {
  const caller = "logisticKkt";
  const n = options.y.length;
  const fitIntercept = options.intercept ?? true;
  const design = prepareDesign({ caller, n, options, center: fitIntercept });
  const y = binaryColumn(caller, "y", options.y, n);
  return kktConditions(
    design,
    binomialLoss(y, design.weights),
    options,
    lambda,
    intercept,
    coefficients,
    fitIntercept,
  );
}

/** The KKT conditions of an elastic-net Cox solution (textbook risk sets, Breslow ties); see logisticKkt. */
export function coxKkt(options: CoxPathOptions, lambda: number, coefficients: ArrayLike<number>): KktCheck {
  const { design, sets } = coxDesign("coxKkt", options);
  return kktConditions(design, coxLoss(sets, design.weights), options, lambda, 0, coefficients, false);
}

function kktConditions(
  design: Design,
  loss: PathLoss,
  options: LogisticPathOptions | CoxPathOptions,
  lambda: number,
  intercept: number,
  coefficients: ArrayLike<number>,
  fitIntercept: boolean,
): KktCheck {
  const { n, p, x, scale, mean, usable, penalty } = design;
  if (coefficients.length !== p)
    throw new RangeError(`kkt: ${coefficients.length} coefficients for ${p} columns`);
  if (!(lambda >= 0 && Number.isFinite(lambda)))
    throw new RangeError(`kkt: lambda must be finite and ≥ 0, got ${lambda}`);
  const alpha = options.alpha ?? 1;
  const standardized = new Float64Array(p);
  let shift = intercept;
  for (let j = 0; j < p; j++) {
    const b = coefficients[j]!;
    if (!Number.isFinite(b)) throw new RangeError(`kkt: coefficient ${j} is ${b}`);
    standardized[j] = b * scale[j]!;
    if (design.centered) shift += b * mean[j]!;
  }
  // η on the standardised columns equals η on the original ones (Cox: up to a constant).
  const eta = new Float64Array(n).fill(fitIntercept ? shift : 0);
  for (let j = 0; j < p; j++) {
    const b = standardized[j]!;
    if (b === 0 || !usable[j]) continue;
    for (let k = 0; k < n; k++) eta[k] = eta[k]! + b * x[j * n + k]!;
  }
  const r = new Float64Array(n);
  const v = new Float64Array(n);
  loss.working(eta, r, v);
  const gradient = new Float64Array(p);
  const violation = new Float64Array(p);
  let maxViolation = 0;
  const l1 = lambda * alpha;
  const l2 = lambda * (1 - alpha);
  for (let j = 0; j < p; j++) {
    if (!usable[j]) continue;
    let g = 0;
    for (let k = 0; k < n; k++) g += x[j * n + k]! * r[k]!;
    gradient[j] = g;
    const b = standardized[j]!;
    violation[j] =
      b === 0
        ? Math.max(0, Math.abs(g) - penalty[j]! * l1)
        : Math.abs(g - penalty[j]! * (l2 * b + (b > 0 ? l1 : -l1)));
    maxViolation = Math.max(maxViolation, violation[j]!);
  }
  let interceptViolation = 0;
  if (fitIntercept) {
    for (let k = 0; k < n; k++) interceptViolation += r[k]!;
    interceptViolation = Math.abs(interceptViolation);
  }
  return {
    maxViolation: Math.max(maxViolation, interceptViolation),
    violation,
    gradient,
    interceptViolation,
  };
}
