import { binomialCvDeviance } from "./binomialLoss.js";
import { coxLoss, coxRiskSets, orderByTime } from "./coxLoss.js";
import { elasticNetCox } from "./coxPath.js";
import { elasticNetLogistic } from "./logisticPath.js";
import { elasticNetLinearPredictor } from "./predict.js";
import type {
  CoxPathOptions,
  CrossValidationOptions,
  ElasticNetCrossValidation,
  ElasticNetPath,
  ElasticNetWarning,
  LogisticPathOptions,
} from "./types.js";

/**
 * K-fold cross-validation of the logistic path with the deviance, as R's cv.glmnet(x, y,
 * family = "binomial", foldid = …) scores it: the path is fitted to all rows, then each fold is
 * left out, the path refitted at the same λ values and the held-out rows scored by
 * −2[y log p + (1 − y) log(1 − p)], p clamped to [1e-5, 1 − 1e-5] (cv.lognet). Grouped (the
 * default): a weighted mean within each fold, then cvm = the fold means' mean weighted by fold
 * weight and cvsd = sqrt(Σ W_k (m_k − cvm)² / Σ W_k / (K − 1)) (cvcompute, cvstats).
 *
 * Each fold is fitted exactly at the full-data λ values; cv.glmnet without a lambda argument
 * instead fits each fold on its own default sequence and interpolates coefficients linearly in λ
 * (lambda.interp), so its cvm differs slightly — it agrees with cv.glmnet(…, lambda = fit$lambda).
 */
export function crossValidateLogistic(
  options: LogisticPathOptions & CrossValidationOptions,
): ElasticNetCrossValidation {
  const caller = "crossValidateLogistic";
  const n = options.y.length;
  const folds = checkFolds(caller, options.foldId, n);
  const fit = elasticNetLogistic(options);
  const weights = caseWeights(options.weights, n);
  const nLambda = fit.lambda.length;
  const raw = new Float64Array(n * nLambda);
  const warnings: ElasticNetWarning[] = [];
  for (let k = 1; k <= folds.count; k++) {
    const train = rowsOutside(options.foldId, k);
    const test = rowsInside(options.foldId, k);
    const foldFit = fitFold(caller, k, warnings, () =>
      elasticNetLogistic({
        ...subsetOptions(options, train, fit.p),
        y: pick(options.y, train),
        lambda: fit.lambda,
      }),
    );
    const xTest = subsetRows(options.x, test, fit.p);
    for (let l = 0; l < nLambda; l++) {
      const eta = elasticNetLinearPredictor(foldFit, xTest, Math.min(l, foldFit.lambda.length - 1));
      for (let t = 0; t < test.length; t++) {
        raw[test[t]! * nLambda + l] = binomialCvDeviance(options.y[test[t]!]!, eta[t]!);
      }
    }
  }
  let grouped = options.grouped ?? true;
  if (grouped && n / folds.count < 3) {
    grouped = false;
    warnings.push({
      code: "grouped-off",
      message: `fewer than 3 rows per fold (${n} rows, ${folds.count} folds); deviance averaged over rows, not folds (cv.glmnet does the same)`,
    });
  }
  const cvm = new Float64Array(nLambda);
  const cvsd = new Float64Array(nLambda);
  if (grouped) {
    const foldMean = new Float64Array(folds.count);
    const foldWeight = foldWeights(options.foldId, weights, folds.count, null);
    for (let l = 0; l < nLambda; l++) {
      foldMean.fill(0);
      for (let i = 0; i < n; i++) foldMean[options.foldId[i]! - 1]! += weights[i]! * raw[i * nLambda + l]!;
      for (let k = 0; k < folds.count; k++) foldMean[k] = foldMean[k]! / foldWeight[k]!;
      [cvm[l], cvsd[l]] = weightedMeanAndSe(foldMean, foldWeight, folds.count);
    }
  } else {
    const column = new Float64Array(n);
    for (let l = 0; l < nLambda; l++) {
      for (let i = 0; i < n; i++) column[i] = raw[i * nLambda + l]!;
      [cvm[l], cvsd[l]] = weightedMeanAndSe(column, weights, n);
    }
  }
  return summarise("binomial", fit, folds.count, grouped, cvm, cvsd, warnings);
}

/**
 * K-fold cross-validation of the Cox path with the partial-likelihood deviance of Verweij & van
 * Houwelingen (Stat Med 1993;12:2305), as cv.glmnet(x, Surv(time, event), family = "cox",
 * foldid = …) computes it (buildPredmat.coxnetlist, cv.coxnet): for fold k and the coefficients
 * β₋ₖ fitted without it, cvraw_k = D_all(β₋ₖ) − D_₋ₖ(β₋ₖ), the Breslow deviances of all rows and of
 * the training rows, each with its weights rescaled to mean 1 (coxnet.deviance's std.weights);
 * divided by the fold's weighted events W_k, then cvm = Σ W_k cvraw_k / Σ W_k and
 * cvsd = sqrt(Σ W_k (cvraw_k − cvm)² / Σ W_k / (K − 1)). Risk sets are the textbook ones. Folds are
 * fitted exactly at the full-data λ values (see crossValidateLogistic).
 */
export function crossValidateCox(
  options: CoxPathOptions & CrossValidationOptions,
): ElasticNetCrossValidation {
  const caller = "crossValidateCox";
  const n = options.time.length;
  const folds = checkFolds(caller, options.foldId, n);
  const fit = elasticNetCox(options);
  const weights = caseWeights(options.weights, n);
  const nLambda = fit.lambda.length;
  const allRows = Int32Array.from({ length: n }, (_, i) => i);
  const full = coxDeviance(options, allRows, weights);
  const raw = new Float64Array(folds.count * nLambda);
  const warnings: ElasticNetWarning[] = [];
  for (let k = 1; k <= folds.count; k++) {
    const train = rowsOutside(options.foldId, k);
    const foldFit = fitFold(caller, k, warnings, () =>
      elasticNetCox({
        ...subsetOptions(options, train, fit.p),
        time: pick(options.time, train),
        event: pick(options.event, train),
        lambda: fit.lambda,
      }),
    );
    const training = coxDeviance(options, train, weights);
    for (let l = 0; l < nLambda; l++) {
      const li = Math.min(l, foldFit.lambda.length - 1);
      raw[(k - 1) * nLambda + l] = full(foldFit, li) - training(foldFit, li);
    }
  }
  const foldWeight = foldWeights(options.foldId, weights, folds.count, options.event);
  const cvm = new Float64Array(nLambda);
  const cvsd = new Float64Array(nLambda);
  const column = new Float64Array(folds.count);
  for (let l = 0; l < nLambda; l++) {
    for (let k = 0; k < folds.count; k++) column[k] = raw[k * nLambda + l]! / foldWeight[k]!;
    [cvm[l], cvsd[l]] = weightedMeanAndSe(column, foldWeight, folds.count);
  }
  return summarise("cox", fit, folds.count, true, cvm, cvsd, warnings);
}

/**
 * glmnet's choice (getOptcv.glmnet): lambda.min is the largest λ whose cvm equals the minimum;
 * lambda.1se the largest λ whose cvm is within one cvsd of it.
 */
export function cvOptimalLambda(
  lambda: Float64Array,
  cvm: Float64Array,
  cvsd: Float64Array,
): { indexMin: number; index1se: number } {
  let best = Number.POSITIVE_INFINITY;
  for (const v of cvm) if (v < best) best = v;
  let indexMin = -1;
  for (let l = 0; l < cvm.length; l++)
    if (cvm[l]! <= best && (indexMin < 0 || lambda[l]! > lambda[indexMin]!)) indexMin = l;
  const bound = cvm[indexMin]! + cvsd[indexMin]!;
  let index1se = indexMin;
  for (let l = 0; l < cvm.length; l++) if (cvm[l]! <= bound && lambda[l]! > lambda[index1se]!) index1se = l;
  return { indexMin, index1se };
}

function summarise(
  family: "binomial" | "cox",
  fit: ElasticNetPath,
  nFolds: number,
  grouped: boolean,
  cvm: Float64Array,
  cvsd: Float64Array,
  warnings: ElasticNetWarning[],
): ElasticNetCrossValidation {
  const { indexMin, index1se } = cvOptimalLambda(fit.lambda, cvm, cvsd);
  return {
    method: "elastic-net-cv",
    family,
    measure: "deviance",
    nFolds,
    grouped,
    lambda: fit.lambda,
    cvm,
    cvsd,
    cvup: cvm.map((m, l) => m + cvsd[l]!),
    cvlo: cvm.map((m, l) => m - cvsd[l]!),
    nonzero: fit.df,
    lambdaMin: fit.lambda[indexMin]!,
    lambda1se: fit.lambda[index1se]!,
    indexMin,
    index1se,
    fit,
    warnings,
  };
}

/** Σ w x / Σ w and sqrt(Σ w (x − m)² / Σ w / (N − 1)), as cvstats. */
function weightedMeanAndSe(values: Float64Array, weights: Float64Array, count: number): [number, number] {
  let sw = 0;
  let s = 0;
  for (let i = 0; i < count; i++) {
    sw += weights[i]!;
    s += weights[i]! * values[i]!;
  }
  const m = s / sw;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += weights[i]! * (values[i]! - m) ** 2;
  return [m, Math.sqrt(ss / sw / (count - 1))];
}

function checkFolds(caller: string, foldId: ArrayLike<number>, n: number): { count: number } {
  if (foldId.length !== n)
    throw new RangeError(`${caller}: foldId has ${foldId.length} values, expected ${n}`);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const f = foldId[i]!;
    if (!Number.isInteger(f) || f < 1) {
      throw new RangeError(`${caller}: foldId[${i}] is ${String(f)}; expected an integer ≥ 1`);
    }
    count = Math.max(count, f);
  }
  if (count < 3)
    throw new RangeError(`${caller}: ${count} folds; cross-validation needs at least 3 (cv.glmnet's rule)`);
  const size = new Int32Array(count);
  for (let i = 0; i < n; i++) size[foldId[i]! - 1]!++;
  const empty = size.indexOf(0);
  if (empty >= 0) throw new RangeError(`${caller}: fold ${empty + 1} of 1 … ${count} has no rows`);
  return { count };
}

function fitFold(
  caller: string,
  fold: number,
  warnings: ElasticNetWarning[],
  run: () => ElasticNetPath,
): ElasticNetPath {
  let foldFit: ElasticNetPath;
  try {
    foldFit = run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RangeError(`${caller}: fitting without fold ${fold} failed: ${message}`);
  }
  for (const w of foldFit.warnings) warnings.push({ ...w, fold, message: `fold ${fold}: ${w.message}` });
  return foldFit;
}

function caseWeights(given: ArrayLike<number> | undefined, n: number): Float64Array {
  return given === undefined ? new Float64Array(n).fill(1) : Float64Array.from(given);
}

/** Σ w (Cox: Σ w·event) per fold; a fold without any is an error. */
function foldWeights(
  foldId: ArrayLike<number>,
  weights: Float64Array,
  count: number,
  event: ArrayLike<number> | null,
): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < foldId.length; i++)
    out[foldId[i]! - 1]! += weights[i]! * (event === null ? 1 : event[i]!);
  const empty = out.findIndex((w) => !(w > 0));
  if (empty >= 0) {
    throw new RangeError(
      `cross-validation: fold ${empty + 1} has ${event === null ? "zero total weight" : "no events"}; its deviance is undefined`,
    );
  }
  return out;
}

function rowsOutside(foldId: ArrayLike<number>, fold: number): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < foldId.length; i++) if (foldId[i] !== fold) rows.push(i);
  return Int32Array.from(rows);
}

function rowsInside(foldId: ArrayLike<number>, fold: number): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < foldId.length; i++) if (foldId[i] === fold) rows.push(i);
  return Int32Array.from(rows);
}

function pick(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (i) => values[i]!);
}

function subsetRows(x: ArrayLike<number>, rows: Int32Array, p: number): Float64Array {
  const out = new Float64Array(rows.length * p);
  for (let t = 0; t < rows.length; t++) for (let j = 0; j < p; j++) out[t * p + j] = x[rows[t]! * p + j]!;
  return out;
}

function subsetOptions<T extends LogisticPathOptions | CoxPathOptions>(
  options: T,
  rows: Int32Array,
  p: number,
): Omit<T, "foldId"> {
  return {
    ...options,
    x: subsetRows(options.x, rows, p),
    weights: options.weights === undefined ? undefined : pick(options.weights, rows),
  };
}

/**
 * The Breslow deviance 2(ℓ_saturated − ℓ(β)) of the given rows with their weights rescaled to
 * mean 1 (coxnet.deviance), as a function of a fit and λ index.
 */
function coxDeviance(
  options: CoxPathOptions,
  rows: Int32Array,
  weights: Float64Array,
): (fit: ElasticNetPath, lambdaIndex: number) => number {
  const m = rows.length;
  const order = orderByTime(pick(options.time, rows));
  const sortedRows = Int32Array.from(order, (k) => rows[k]!);
  let sw = 0;
  for (const i of sortedRows) sw += weights[i]!;
  const w = Float64Array.from(sortedRows, (i) => (m * weights[i]!) / sw);
  const sets = coxRiskSets(
    Float64Array.from(sortedRows, (i) => options.time[i]!),
    Float64Array.from(sortedRows, (i) => options.event[i]!),
    w,
  );
  const loss = coxLoss(sets, w);
  const x = subsetRows(options.x, sortedRows, options.x.length / options.time.length);
  return (fit, lambdaIndex) => {
    const eta = elasticNetLinearPredictor(fit, x, lambdaIndex);
    return 2 * (loss.value(eta) - loss.saturated);
  };
}
