/**
 * Reading R's values out of the JSON fixtures written by tools/r/stats-fixtures.R, which spells
 * NA, NaN, Inf and -Inf as strings (JSON has no such numbers).
 */
export type RNumber = number | "NA" | "NaN" | "Inf" | "-Inf";

export function fromR(value: RNumber): number {
  if (typeof value === "number") return value;
  if (value === "Inf") return Number.POSITIVE_INFINITY;
  if (value === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

export function vectorFromR(values: readonly RNumber[]): Float64Array {
  return Float64Array.from(values, fromR);
}

/** R's NA for a scalar that is "not reached" (e.g. a median) is null in carta's results. */
export function nullableFromR(value: RNumber): number | null {
  return value === "NA" ? null : fromR(value);
}

/**
 * Index of the first element where `actual` is not within `relTol` of `expected` relative to
 * |expected|, or -1. Non-finite expectations must match exactly (NaN with NaN), and an expected 0
 * must be exactly 0.
 */
export function firstRelativeMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  relTol: number,
): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) return i;
    } else if (!Number.isFinite(e) || e === 0) {
      if (a !== e) return i;
    } else if (!(Math.abs(a - e) <= relTol * Math.abs(e))) {
      return i;
    }
  }
  return -1;
}

/** A readable report of a mismatch found by firstRelativeMismatch, for assertion messages. */
export function describeMismatch(
  label: string,
  index: number,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): string {
  if (index < 0) return `${label}: all match`;
  return `${label}[${index}]: got ${actual[index]}, R gives ${expected[index]} (lengths ${actual.length} / ${expected.length})`;
}
