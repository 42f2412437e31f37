/**
 * Numbers as the reports print them. One place, so the HTML and the PDF show the same digits and a
 * missing value reads the same everywhere.
 */

/** What a report says where a stored run has no value (older runs lack the later fields). */
export const NOT_COMPUTED = "not computed in this run";

const DASH = "\u2013";

function finite(x: number | null | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** Fixed decimals; "n/a" for null, undefined or a non-finite value. Negative zero prints as 0. */
export function fixed(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return "n/a";
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** 0.423 → "42.3%". */
export function percent(x: number | null | undefined, digits = 0): string {
  return finite(x) ? `${fixed(x * 100, digits)}%` : "n/a";
}

/** "0.74 (95% CI 0.68–0.80)". */
export function withCi(
  estimate: number | null | undefined,
  lower: number | null | undefined,
  upper: number | null | undefined,
  digits = 2,
  level = "95% CI",
): string {
  if (!finite(estimate)) return "n/a";
  if (!finite(lower) || !finite(upper)) return fixed(estimate, digits);
  return `${fixed(estimate, digits)} (${level ? `${level} ` : ""}${range(lower, upper, digits)})`;
}

/** "0.68–0.80". */
export function range(
  lower: number | null | undefined,
  upper: number | null | undefined,
  digits = 2,
): string {
  return `${fixed(lower, digits)}${DASH}${fixed(upper, digits)}`;
}

/** A p-value with two significant digits; "< 0.001" below that. */
export function pValue(p: number | null | undefined): string {
  if (!finite(p)) return "n/a";
  if (p < 0.001) return "< 0.001";
  return p.toPrecision(2);
}

/** "12 of 240 (5.0%)". */
export function countOf(count: number, total: number): string {
  return total > 0 ? `${count} of ${total} (${fixed((100 * count) / total, 1)}%)` : `${count} of ${total}`;
}

/** "1 event" / "3 events". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "2025-03-01T10:00:00.000Z" → "2025-03-01 10:00 UTC"; other strings are returned as they are. */
export function timestamp(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** A hyperparameter or other plain value as text. */
export function plainValue(v: unknown): string {
  if (v === null || v === undefined) return "n/a";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
