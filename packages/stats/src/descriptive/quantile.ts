/**
 * Sample quantile by R's default definition (type 7, Hyndman & Fan 1996): linear interpolation
 * between order statistics at h = (n − 1)·p. `sorted` must be ascending and free of NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/** Median and quartiles (type 7) of the finite values, with the count used. */
export function medianIqr(
  values: ArrayLike<number>,
): { n: number; median: number; q1: number; q3: number } | null {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  if (finite.length === 0) return null;
  return {
    n: finite.length,
    median: quantileSorted(finite, 0.5),
    q1: quantileSorted(finite, 0.25),
    q3: quantileSorted(finite, 0.75),
  };
}
