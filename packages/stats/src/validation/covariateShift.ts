import { cholesky } from "../linalg/cholesky.js";

/**
 * Standardised differences between two cohorts, one variable at a time — the covariate-shift
 * summary of a transport (e.g. development in 3L+ versus validation in 2L), read like a balance
 * table: |d| < 0.1 is conventionally negligible (Austin, Stat Med 2009;28:3083).
 *
 * - numeric: d = (x̄₁ − x̄₂) / √((s₁² + s₂²)/2), with sample variances (denominator n − 1)
 *   (Austin, Commun Stat Simul Comput 2009;38:1228, eq. 1; tableone::ExtractSmd);
 * - binary: d = (p̂₁ − p̂₂) / √((p̂₁(1 − p̂₁) + p̂₂(1 − p̂₂))/2) (Austin 2009, eq. 2);
 * - categorical with K levels: d = √((T − C)ᵀ S⁻¹ (T − C)), where T and C are the two cohorts'
 *   proportions of levels 2..K and S = (S₁ + S₂)/2 averages their multinomial covariance
 *   matrices, Sⱼⱼ = p(1 − p), Sⱼₗ = −pⱼpₗ (Austin 2009, §3.3; Yang & Dalton, SAS Global Forum
 *   2012, paper 335). Unsigned; with two levels it is |binary d|.
 *
 * Missing values (null) are left out of each cohort and counted; NaN is refused, not taken as missing.
 */

export interface StandardizedMeanDifferenceOptions {
  cohort1: ArrayLike<number | null>;
  cohort2: ArrayLike<number | null>;
}

export interface StandardizedMeanDifference {
  method: "pooled-sd";
  n1: number;
  n2: number;
  missing1: number;
  missing2: number;
  mean1: number;
  mean2: number;
  sd1: number;
  sd2: number;
  /**
   * (mean1 − mean2)/pooled SD; 0 when both cohorts are constant at the same value and ±Infinity
   * when they are constant at different values (the pooled SD is 0).
   */
  smd: number;
}

export function standardizedMeanDifference(
  options: StandardizedMeanDifferenceOptions,
): StandardizedMeanDifference {
  const caller = "standardizedMeanDifference";
  const a = observed(caller, "cohort1", options.cohort1, 2);
  const b = observed(caller, "cohort2", options.cohort2, 2);
  const mean1 = mean(a.values);
  const mean2 = mean(b.values);
  const sd1 = Math.sqrt(sampleVariance(a.values, mean1));
  const sd2 = Math.sqrt(sampleVariance(b.values, mean2));
  const pooled = Math.sqrt((sd1 * sd1 + sd2 * sd2) / 2);
  return {
    method: "pooled-sd",
    n1: a.values.length,
    n2: b.values.length,
    missing1: a.missing,
    missing2: b.missing,
    mean1,
    mean2,
    sd1,
    sd2,
    smd: ratioOrLimit(mean1 - mean2, pooled),
  };
}

export interface BinaryStandardizedDifferenceOptions {
  /** 0/1 (or false/true) per patient; null = missing. */
  cohort1: ArrayLike<number | boolean | null>;
  cohort2: ArrayLike<number | boolean | null>;
}

export interface BinaryStandardizedDifference {
  method: "austin-binary";
  n1: number;
  n2: number;
  missing1: number;
  missing2: number;
  /** Proportions with the characteristic. */
  p1: number;
  p2: number;
  /** (p1 − p2)/√((p1(1 − p1) + p2(1 − p2))/2); 0 or ±Infinity when the denominator is 0. */
  smd: number;
}

export function binaryStandardizedDifference(
  options: BinaryStandardizedDifferenceOptions,
): BinaryStandardizedDifference {
  const caller = "binaryStandardizedDifference";
  const a = observedBinary(caller, "cohort1", options.cohort1);
  const b = observedBinary(caller, "cohort2", options.cohort2);
  const p1 = a.ones / a.n;
  const p2 = b.ones / b.n;
  return {
    method: "austin-binary",
    n1: a.n,
    n2: b.n,
    missing1: a.missing,
    missing2: b.missing,
    p1,
    p2,
    smd: ratioOrLimit(p1 - p2, Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2)),
  };
}

export type CategoryLevel = string | number | boolean;

export interface CategoricalStandardizedDifferenceOptions {
  cohort1: ArrayLike<CategoryLevel | null>;
  cohort2: ArrayLike<CategoryLevel | null>;
  /** The levels, in the order to report them; default the observed ones in order of first appearance. */
  levels?: readonly CategoryLevel[];
}

export interface CategoricalStandardizedDifference {
  method: "austin-multinomial";
  levels: CategoryLevel[];
  n1: number;
  n2: number;
  missing1: number;
  missing2: number;
  /** Share of each level among the non-missing values, in the order of levels. */
  proportions1: number[];
  proportions2: number[];
  /**
   * Austin's multinomial d ≥ 0. Levels seen in neither cohort do not enter. When no level is seen
   * in both cohorts the variable separates them perfectly and d is +Infinity (S is singular in
   * exactly that case); with a single level seen in total it is 0.
   */
  smd: number;
}

export function categoricalStandardizedDifference(
  options: CategoricalStandardizedDifferenceOptions,
): CategoricalStandardizedDifference {
  const caller = "categoricalStandardizedDifference";
  const levels: CategoryLevel[] = options.levels ? [...options.levels] : [];
  const index = new Map<CategoryLevel, number>();
  levels.forEach((level, i) => {
    if (index.has(level)) throw new RangeError(`${caller}: levels has ${String(level)} twice`);
    index.set(level, i);
  });
  const fixedLevels = options.levels !== undefined;
  const count = (field: string, values: ArrayLike<CategoryLevel | null>) => {
    const counts: number[] = new Array(levels.length).fill(0);
    let missing = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        missing++;
        continue;
      }
      if (typeof v === "number" && Number.isNaN(v)) {
        throw new RangeError(`${caller}: ${field}[${i}] is NaN; use null for a missing value`);
      }
      let j = index.get(v);
      if (j === undefined) {
        if (fixedLevels)
          throw new RangeError(`${caller}: ${field}[${i}] is ${String(v)}, which is not in levels`);
        j = levels.length;
        levels.push(v);
        index.set(v, j);
      }
      counts[j] = (counts[j] ?? 0) + 1;
    }
    return { counts, missing };
  };
  const a = count("cohort1", options.cohort1);
  const b = count("cohort2", options.cohort2);
  const n1 = a.counts.reduce((s, c) => s + (c ?? 0), 0);
  const n2 = b.counts.reduce((s, c) => s + (c ?? 0), 0);
  if (n1 === 0) throw new RangeError(`${caller}: cohort1 has no non-missing values`);
  if (n2 === 0) throw new RangeError(`${caller}: cohort2 has no non-missing values`);
  const proportions1 = levels.map((_, j) => (a.counts[j] ?? 0) / n1);
  const proportions2 = levels.map((_, j) => (b.counts[j] ?? 0) / n2);
  return {
    method: "austin-multinomial",
    levels,
    n1,
    n2,
    missing1: a.missing,
    missing2: b.missing,
    proportions1,
    proportions2,
    smd: multinomialDistance(proportions1, proportions2),
  };
}

/** √((T − C)ᵀ S⁻¹ (T − C)) over the levels seen in either cohort, the first of them as reference. */
function multinomialDistance(p1: readonly number[], p2: readonly number[]): number {
  const present: number[] = [];
  let shared = false;
  for (let j = 0; j < p1.length; j++) {
    if (p1[j]! > 0 || p2[j]! > 0) present.push(j);
    if (p1[j]! > 0 && p2[j]! > 0) shared = true;
  }
  if (present.length <= 1) return 0;
  if (!shared) return Number.POSITIVE_INFINITY;
  // Drop the first present level: the proportions sum to 1, so K − 1 of them carry everything.
  const kept = present.slice(1);
  const m = kept.length;
  const s = new Float64Array(m * m);
  const diff = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const a1 = p1[kept[r]!]!;
    const a2 = p2[kept[r]!]!;
    diff[r] = a1 - a2;
    for (let c = 0; c <= r; c++) {
      const b1 = p1[kept[c]!]!;
      const b2 = p2[kept[c]!]!;
      const value = r === c ? (a1 * (1 - a1) + a2 * (1 - a2)) / 2 : -(a1 * b1 + a2 * b2) / 2;
      s[r * m + c] = value;
      s[c * m + r] = value;
    }
  }
  // dᵀS⁻¹d = ‖L⁻¹d‖² with S = LLᵀ.
  const lower = cholesky(s, m);
  let sum = 0;
  for (let r = 0; r < m; r++) {
    let v = diff[r]!;
    for (let c = 0; c < r; c++) v -= lower[r * m + c]! * diff[c]!;
    v /= lower[r * m + r]!;
    diff[r] = v;
    sum += v * v;
  }
  return Math.sqrt(sum);
}

function observed(
  caller: string,
  field: string,
  values: ArrayLike<number | null>,
  minimum: number,
): { values: Float64Array; missing: number } {
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) missing++;
    else if (!Number.isFinite(v)) {
      throw new RangeError(`${caller}: ${field}[${i}] is ${v}; expected a finite number or null for missing`);
    }
  }
  const n = values.length - missing;
  if (n < minimum) {
    throw new RangeError(`${caller}: ${field} has ${n} non-missing value(s); needs at least ${minimum}`);
  }
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) out[k++] = v;
  }
  return { values: out, missing };
}

function observedBinary(
  caller: string,
  field: string,
  values: ArrayLike<number | boolean | null>,
): { n: number; ones: number; missing: number } {
  let missing = 0;
  let ones = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      missing++;
      continue;
    }
    if (v === 1 || v === true) ones++;
    else if (v !== 0 && v !== false) {
      throw new RangeError(
        `${caller}: ${field}[${i}] is ${v}; expected 0, 1, false, true or null for missing`,
      );
    }
  }
  const n = values.length - missing;
  if (n === 0) throw new RangeError(`${caller}: ${field} has no non-missing values`);
  return { n, ones, missing };
}

/** Two-pass mean with R's correction, exact for constant data. */
function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const first = sum / values.length;
  let correction = 0;
  for (let i = 0; i < values.length; i++) correction += values[i]! - first;
  return first + correction / values.length;
}

function sampleVariance(values: Float64Array, center: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - center;
    sum += d * d;
  }
  return sum / (values.length - 1);
}

function ratioOrLimit(difference: number, scale: number): number {
  if (scale > 0) return difference / scale;
  if (difference === 0) return 0;
  return difference > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}
