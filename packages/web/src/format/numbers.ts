/** Shown wherever a value is missing, so that "0" always means zero. */
export const MISSING_TEXT = "—";

/**
 * Three significant digits, at most two decimals, no trailing zeros: enough to read lab values and
 * medians (0.85, 12.4, 346) without pretending to more precision than the measurement has.
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_TEXT;
  if (value === 0) return "0";
  // Below 0.01 fixed decimals would round a real value to "0"; keep two significant digits instead.
  if (Math.abs(value) < 0.01) return stripTrailingZeros(value.toPrecision(2));
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(2, Math.max(0, 2 - magnitude));
  return stripTrailingZeros(value.toFixed(decimals));
}

function stripTrailingZeros(text: string): string {
  const exponentAt = text.indexOf("e");
  const mantissa = exponentAt < 0 ? text : text.slice(0, exponentAt);
  const exponent = exponentAt < 0 ? "" : text.slice(exponentAt);
  const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return trimmed + exponent;
}

/** `pct` is a percentage (0–100), as the engine's Table 1 reports it; one decimal as is usual in a Table 1. */
export function formatPercent(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return MISSING_TEXT;
  return pct.toFixed(1) + "%";
}

/** "n (pct%)", the Table 1 cell for one level of a categorical variable. */
export function formatCountPercent(n: number, pct: number | null | undefined): string {
  return `${n} (${formatPercent(pct)})`;
}

/** "median [Q1–Q3]", the Table 1 cell for a continuous variable; a dash when nobody has a value. */
export function formatMedianIqr(summary: {
  median: number | null;
  q1: number | null;
  q3: number | null;
}): string {
  if (summary.median === null) return MISSING_TEXT;
  const median = formatNumber(summary.median);
  if (summary.q1 === null || summary.q3 === null) return median;
  return `${median} [${formatNumber(summary.q1)}–${formatNumber(summary.q3)}]`;
}
