/**
 * The split-conformal quantile of calibration scores (Vovk, Gammerman & Shafer, Algorithmic
 * Learning in a Random World, 2005; Lei et al., J Am Stat Assoc 2018;113:1094; Angelopoulos &
 * Bates, Found Trends Mach Learn 2023;16:494, §1): with n exchangeable calibration scores, the
 * threshold q̂ is the k-th smallest score, k = ⌈(n + 1)(1 − α)⌉ — the empirical quantile at level
 * k/n, the "finite-sample correction" of 1 − α — and a new score falls at or below q̂ with
 * probability at least 1 − α (and below 1 − α + 1/(n + 1) when scores have no ties). When
 * k > n (too few calibration scores for the coverage asked, n < 1/α − 1) q̂ is +∞: only the
 * trivial set that contains everything has the guarantee.
 */

export interface ConformalQuantile {
  /** Number of calibration scores. */
  n: number;
  /** Miscoverage α: the sets aim at coverage 1 − α. */
  alpha: number;
  /** k = ⌈(n + 1)(1 − α)⌉, the rank of the threshold among the sorted scores (1-based). */
  rank: number;
  /** k/n, the corrected quantile level (> 1 when the threshold is +∞). */
  level: number;
  /** q̂: the k-th smallest score, or +∞ when k > n. */
  threshold: number;
}

// (n + 1)(1 − α) is often meant to be an integer (n = 99, α = 0.1 → 90) but 1 − α is rarely exact
// in binary: 1 − 0.1 = 0.9 is 0.90000000000000002…; without this allowance the ceiling could add 1
// to the rank from rounding alone. It moves the rank only for α given to better than 1e-9/(n + 1).
const RANK_ROUNDING = 1e-9;

/** Checks α ∈ (0, 1), naming the field, for every conformal function. */
export function checkAlpha(caller: string, alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `${caller}: alpha is ${alpha}; expected a miscoverage level strictly between 0 and 1`,
    );
  }
}

export function conformalQuantile(scores: ArrayLike<number>, alpha: number): ConformalQuantile {
  const caller = "conformalQuantile";
  checkAlpha(caller, alpha);
  const n = scores.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) throw new RangeError(`${caller}: scores[${i}] is NaN`);
    sorted[i] = s;
  }
  sorted.sort();
  const rank = Math.max(1, Math.ceil((n + 1) * (1 - alpha) - RANK_ROUNDING));
  return {
    n,
    alpha,
    rank,
    level: n === 0 ? Number.POSITIVE_INFINITY : rank / n,
    threshold: rank > n ? Number.POSITIVE_INFINITY : sorted[rank - 1]!,
  };
}
