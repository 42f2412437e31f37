/**
 * Multiple-testing adjustment of p-values as R's p.adjust():
 *
 * - "holm" (Holm, Scand J Stat 1979;6:65): sorted ascending, p₍ᵢ₎·(m − i + 1), running maximum,
 *   capped at 1 — controls the family-wise error rate.
 * - "BH" (Benjamini & Hochberg, J R Stat Soc B 1995;57:289): sorted descending, p₍ᵢ₎·m/i,
 *   running minimum, capped at 1 — controls the false discovery rate.
 *
 * Tied p-values receive the same adjusted value whatever their order. Missing values (null or
 * NaN, R's NA) stay missing (null) and do not count: m defaults to the number of non-missing
 * p-values, as in R, where `n = length(p)` is evaluated after the NAs are dropped. A larger m may
 * be given for tests whose p-values are not at hand; like R this treats them as larger than all
 * given ones (holm) or as 1 (BH). With m ≤ 1 the p-values are returned unchanged, as R does.
 * Unlike R, p-values outside [0, 1] are refused.
 */

export type PValueAdjustment = "BH" | "holm";

export interface AdjustPValuesOptions {
  p: ArrayLike<number | null>;
  method: PValueAdjustment;
  /** Number of tests m; default the number of non-missing p-values; at least that. */
  n?: number;
}

export function adjustPValues(options: AdjustPValuesOptions): (number | null)[] {
  const { p, method } = options;
  if (method !== "BH" && method !== "holm") {
    throw new RangeError(`adjustPValues: method must be "BH" or "holm", got ${String(method)}`);
  }
  const present: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1))
      throw new RangeError(`adjustPValues: p[${i}] is ${v}; expected a p-value in [0, 1]`);
    present.push(i);
  }
  const lp = present.length;
  const m = options.n ?? lp;
  if (!(Number.isInteger(m) && m >= lp)) {
    throw new RangeError(`adjustPValues: n must be an integer ≥ the ${lp} non-missing p-values, got ${m}`);
  }
  const out: (number | null)[] = Array.from({ length: p.length }, (_, i) => {
    const v = p[i];
    return v === null || v === undefined || Number.isNaN(v) ? null : v;
  });
  if (m <= 1) return out;
  const values = present.map((i) => p[i] as number);
  // order(p) and order(p, decreasing = TRUE) are stable in R; so is Array.prototype.sort.
  const order = values.map((_, k) => k);
  if (method === "holm") {
    order.sort((a, b) => values[a]! - values[b]!);
    let running = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < lp; r++) {
      const k = order[r]!;
      running = Math.max(running, (m - (r + 1) + 1) * values[k]!);
      out[present[k]!] = Math.min(1, running);
    }
  } else {
    order.sort((a, b) => values[b]! - values[a]!);
    let running = Number.POSITIVE_INFINITY;
    for (let r = 0; r < lp; r++) {
      const k = order[r]!;
      const rank = lp - r;
      running = Math.min(running, (m / rank) * values[k]!);
      out[present[k]!] = Math.min(1, running);
    }
  }
  return out;
}
