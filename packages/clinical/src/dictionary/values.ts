import type { VariableDef } from "./types.js";

export type ObservationValue = number | string | boolean;

export type ParseResult = { ok: true; value: ObservationValue } | { ok: false; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(["true", "yes", "1", "y"]);
const FALSE_WORDS = new Set(["false", "no", "0", "n"]);

/** A calendar date that really exists (2024-02-30 is refused). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

function describeRange(v: VariableDef): string {
  const r = v.range!;
  return `${r.min}–${r.max}${v.unit ? ` ${v.unit}` : ""}`;
}

/** Checks an already typed value against the variable's declaration. */
export function checkValue(v: VariableDef, value: ObservationValue): ParseResult {
  switch (v.type) {
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value))
        return { ok: false, message: `expected a number` };
      if (v.type === "integer" && !Number.isInteger(value))
        return { ok: false, message: "expected a whole number" };
      if (v.range && (value < v.range.min || value > v.range.max)) {
        return { ok: false, message: `outside ${describeRange(v)}` };
      }
      return { ok: true, value };
    }
    case "boolean":
      return typeof value === "boolean"
        ? { ok: true, value }
        : { ok: false, message: "expected true or false" };
    case "date":
      return typeof value === "string" && isIsoDate(value)
        ? { ok: true, value }
        : { ok: false, message: "expected a date as YYYY-MM-DD" };
    case "code": {
      if (typeof value !== "string") return { ok: false, message: "expected a code" };
      if (!v.codes!.some((c) => c.code === value)) {
        return { ok: false, message: `not one of the codes ${v.codes!.map((c) => c.code).join(", ")}` };
      }
      return { ok: true, value };
    }
    case "text":
      return typeof value === "string" ? { ok: true, value } : { ok: false, message: "expected text" };
  }
}

/** Parses text as entered in a form or a CSV cell (already trimmed, not empty) into a typed value. */
export function parseValue(v: VariableDef, text: string): ParseResult {
  switch (v.type) {
    case "number":
    case "integer":
      if (!NUMBER.test(text)) {
        return { ok: false, message: v.type === "integer" ? "expected a whole number" : "expected a number" };
      }
      return checkValue(v, Number(text));
    case "boolean": {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return { ok: true, value: true };
      if (FALSE_WORDS.has(lower)) return { ok: true, value: false };
      return { ok: false, message: "expected true/false (or yes/no, 1/0)" };
    }
    default:
      return checkValue(v, text);
  }
}

/** Canonical text of a typed value, as stored and exported (numbers in shortest round-trip form). */
export function formatValue(value: ObservationValue): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}

/** Human-readable text: code labels, units. */
export function displayValue(v: VariableDef, value: ObservationValue): string {
  if (v.type === "boolean") return value ? "yes" : "no";
  if (v.type === "code") return v.codes?.find((c) => c.code === value)?.label ?? String(value);
  if (typeof value === "number" && v.unit) return `${value} ${v.unit}`;
  return String(value);
}
