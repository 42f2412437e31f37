import { SeededRandom } from "../random/rng.js";
import type { ElasticNetOptions, ElasticNetWarning } from "./types.js";

/**
 * The covariates as the solvers use them: validated, weighted and standardised the way glmnet's
 * lstandard1 / cstandard do, stored column-major so that a coordinate's column is contiguous.
 */
export interface Design {
  n: number;
  p: number;
  names: string[];
  /** Standardised covariates, column j at [j·n, (j+1)·n), rows in `rowOrder`. */
  x: Float64Array;
  /** Row k of `x` is row rowOrder[k] of the input. */
  rowOrder: Int32Array;
  /** Case weights scaled to sum to 1, in `rowOrder`. */
  weights: Float64Array;
  weightSum: number;
  /** Weighted mean (subtracted when centred) and weighted sd (divisor Σw) per column. */
  mean: Float64Array;
  sd: Float64Array;
  /** What each column was divided by: sd when standardising, else 1. */
  scale: Float64Array;
  centered: boolean;
  /** 0 for a column whose coefficient is fixed at 0 (constant among weighted rows, or excluded). */
  usable: Uint8Array;
  /** Penalty factors rescaled to sum to p. */
  penalty: Float64Array;
  warnings: ElasticNetWarning[];
}

export interface DesignRequest {
  /** Name of the calling function, for error messages. */
  caller: string;
  n: number;
  options: ElasticNetOptions;
  /** Centre the columns (an intercept is fitted, or Cox, where glmnet always centres). */
  center: boolean;
  rowOrder?: Int32Array;
}

/** Validate x, weights, names and penalty factors, and standardise (glmnet 4.1.6 conventions). */
export function prepareDesign(request: DesignRequest): Design {
  const { caller, n, options, center } = request;
  const x = options.x;
  if (!(n > 0)) throw new RangeError(`${caller}: no observations`);
  if (x.length % n !== 0 || x.length === 0) {
    throw new RangeError(`${caller}: x has ${x.length} values, not a multiple of n = ${n} (row-major n×p)`);
  }
  const p = x.length / n;
  const names = options.names ? [...options.names] : Array.from({ length: p }, (_, j) => `x${j + 1}`);
  if (names.length !== p)
    throw new RangeError(`${caller}: names has ${names.length} entries, x has ${p} columns`);
  if (new Set(names).size !== p) throw new RangeError(`${caller}: names must be distinct`);
  const rowOrder = request.rowOrder ?? Int32Array.from({ length: n }, (_, i) => i);

  if (options.weights !== undefined && options.weights.length !== n) {
    throw new RangeError(`${caller}: weights has ${options.weights.length} values, expected ${n}`);
  }
  const rawWeights = new Float64Array(n);
  let weightSum = 0;
  for (let k = 0; k < n; k++) {
    const i = rowOrder[k]!;
    const w = options.weights === undefined ? 1 : options.weights[i];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new RangeError(`${caller}: weights[${i}] is ${String(w)}; expected a finite number ≥ 0`);
    }
    rawWeights[k] = w;
    weightSum += w;
  }
  if (!(weightSum > 0)) throw new RangeError(`${caller}: all weights are 0`);
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k++) weights[k] = rawWeights[k]! / weightSum;

  const penalty = penaltyFactors(caller, options.penaltyFactor, p);
  const usable = new Uint8Array(p);
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  const scale = new Float64Array(p);
  const standardize = options.standardize ?? true;
  const xs = new Float64Array(n * p);
  const constant: number[] = [];
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let first = Number.NaN;
    let varies = false;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = rowOrder[k]!;
      const v = x[i * p + j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `${caller}: x[${i}, ${names[j]}] is ${String(v)}; expected a finite number (impute or drop missing values first)`,
        );
      }
      xs[off + k] = v;
      if (weights[k]! > 0) {
        if (Number.isNaN(first)) first = v;
        else if (v !== first) varies = true;
      }
      m += weights[k]! * v;
    }
    // glmnet's lstandard1: centre, then sd = sqrt(Σ w (x − m)²); without centring,
    // sd = sqrt(Σ w x² − (Σ w x)²) and the column is only scaled.
    let ss = 0;
    for (let k = 0; k < n; k++) {
      const c = xs[off + k]! - m;
      ss += weights[k]! * c * c;
    }
    mean[j] = m;
    sd[j] = Math.sqrt(ss);
    usable[j] = varies && Number.isFinite(penalty[j]!) ? 1 : 0;
    if (!varies) constant.push(j);
    if (!usable[j]) {
      scale[j] = 1;
      xs.fill(0, off, off + n);
      continue;
    }
    scale[j] = standardize ? sd[j]! : 1;
    const shift = center ? m : 0;
    const inv = 1 / scale[j]!;
    for (let k = 0; k < n; k++) xs[off + k] = (xs[off + k]! - shift) * inv;
  }
  // Infinity means "excluded": glmnet counts such a column as 1 when rescaling the others.
  let penaltySum = 0;
  for (let j = 0; j < p; j++) penaltySum += Number.isFinite(penalty[j]!) ? penalty[j]! : 1;
  for (let j = 0; j < p; j++) penalty[j] = Number.isFinite(penalty[j]!) ? (penalty[j]! * p) / penaltySum : 1;

  const warnings: ElasticNetWarning[] = [];
  if (constant.length > 0) {
    warnings.push({
      code: "constant-column",
      message: `${constant.map((j) => names[j]).join(", ")} ${constant.length === 1 ? "is" : "are"} constant; coefficient fixed at 0`,
      columns: constant,
    });
  }
  if (!usable.some((u) => u === 1))
    throw new RangeError(`${caller}: every column of x is constant or excluded`);
  const design: Design = {
    n,
    p,
    names,
    x: xs,
    rowOrder,
    weights,
    weightSum,
    mean,
    sd,
    scale,
    centered: center,
    usable,
    penalty,
    warnings,
  };
  warnings.push(...duplicateColumns(design));
  return design;
}

function penaltyFactors(caller: string, given: ArrayLike<number> | undefined, p: number): Float64Array {
  const penalty = new Float64Array(p).fill(1);
  if (given === undefined) return penalty;
  if (given.length !== p)
    throw new RangeError(`${caller}: penaltyFactor has ${given.length} values, x has ${p} columns`);
  let positive = false;
  for (let j = 0; j < p; j++) {
    const v = given[j];
    if (typeof v !== "number" || Number.isNaN(v) || v < 0) {
      throw new RangeError(
        `${caller}: penaltyFactor[${j}] is ${String(v)}; expected a number ≥ 0 or Infinity`,
      );
    }
    penalty[j] = v;
    if (v > 0) positive = true;
  }
  if (!positive) throw new RangeError(`${caller}: every penalty factor is 0; nothing to penalise`);
  return penalty;
}

/**
 * Pairs of columns with correlation ±1 (identical after centring and scaling, up to sign). Their
 * lasso split is not unique; the fit, deviance and KKT conditions are. Found in O(np) by sorting
 * a random projection of each standardised column, then confirmed element by element. General
 * linear dependence among three or more columns would need a QR decomposition and is not checked.
 */
function duplicateColumns(design: Design): ElasticNetWarning[] {
  const { n, p, x, usable, scale, mean, sd, centered } = design;
  const random = new SeededRandom(20240607);
  const c = new Float64Array(n);
  let cSum = 0;
  for (let k = 0; k < n; k++) {
    c[k] = random.uniform() - 0.5;
    cSum += c[k]!;
  }
  // z = (x − mean)/sd from the stored column x̃ = (x − shift)/scale.
  const zOf = (j: number, k: number) => (x[j * n + k]! * scale[j]! + (centered ? 0 : -mean[j]!)) / sd[j]!;
  const keys: { j: number; key: number }[] = [];
  for (let j = 0; j < p; j++) {
    if (!usable[j]) continue;
    let s = 0;
    for (let k = 0; k < n; k++) s += c[k]! * x[j * n + k]!;
    const z = (s * scale[j]! - (centered ? 0 : mean[j]! * cSum)) / sd[j]!;
    keys.push({ j, key: Math.abs(z) });
  }
  keys.sort((a, b) => a.key - b.key);
  const tolerance = 1e-8 * Math.sqrt(n);
  const pairs: [number, number][] = [];
  for (let a = 0; a < keys.length; a++) {
    for (let b = a + 1; b < keys.length && keys[b]!.key - keys[a]!.key <= tolerance; b++) {
      const ja = keys[a]!.j;
      const jb = keys[b]!.j;
      let same = true;
      let opposite = true;
      for (let k = 0; k < n && (same || opposite); k++) {
        const za = zOf(ja, k);
        const zb = zOf(jb, k);
        if (Math.abs(za - zb) > 1e-8) same = false;
        if (Math.abs(za + zb) > 1e-8) opposite = false;
      }
      if (same || opposite) pairs.push(ja < jb ? [ja, jb] : [jb, ja]);
    }
  }
  return pairs.map(([a, b]) => ({
    code: "duplicate-columns" as const,
    message: `${design.names[a]} and ${design.names[b]} are perfectly correlated; with alpha = 1 the split of their coefficients is not unique`,
    columns: [a, b],
  }));
}
