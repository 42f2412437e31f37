import { normalQuantile } from "@carta/stats";

/**
 * Wilson's score interval for a binomial proportion (Wilson, JASA 1927;22:209; Newcombe, Stat Med
 * 1998;17:857, method 3) — R's prop.test(x, n, correct = FALSE)$conf.int. Unlike the Wald interval
 * it stays inside [0, 1] and keeps close to its nominal coverage for small n and for proportions
 * near 0 or 1, which is where calibration groups and conformal coverage often sit.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  confLevel = 0.95,
): { estimate: number; lower: number; upper: number } {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`wilsonInterval: n must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: successes must be an integer in [0, ${n}], got ${successes}`);
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`wilsonInterval: confLevel must be in (0, 1), got ${confLevel}`);
  }
  const z = normalQuantile((1 + confLevel) / 2);
  const z2 = z * z;
  const p = successes / n;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound equals the estimate exactly; rounding must not push it past it.
  return {
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
