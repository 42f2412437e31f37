import { formatNumber, MISSING_TEXT } from "../format/numbers.js";
import type { ScaleDocument, ScalePresence, ScaleResult } from "./scaleTypes.js";

export interface OutputRow {
  name: string;
  description: string;
  value: string;
  unit: string | null;
  /** The scale could not decide this output (a missing input could change it); the reason says why. */
  undetermined: boolean;
}

/** Codes read as words: "nasal_cannula" → "nasal cannula". */
export function readableCode(code: string): string {
  return code.replaceAll("_", " ");
}

/** How an output value reads: numbers as elsewhere in carta, yes/no, codes as words, null as "not determined". */
export function formatOutputValue(value: unknown): string {
  if (value === null || value === undefined) return "not determined";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return readableCode(value);
  return JSON.stringify(value);
}

/** One row per declared output, in the schema's order. */
export function outputRows(scale: ScaleDocument, result: ScaleResult): OutputRow[] {
  return scale.outputs.map((output) => {
    const value = result[output.name];
    const undetermined = value === null || value === undefined;
    return {
      name: output.name,
      description: output.description,
      value: formatOutputValue(value),
      unit: undetermined ? null : output.unit,
      undetermined,
    };
  });
}

/** How a conversion reads: "100000 cells/µL → 100 10^9/L". */
export function conversionText(conversion: {
  value: number;
  from: string;
  converted_value: number;
  to: string;
}): string {
  const converted = Number.isFinite(conversion.converted_value)
    ? formatNumber(conversion.converted_value)
    : MISSING_TEXT;
  return `${conversion.value} ${conversion.from} → ${converted} ${conversion.to}`;
}

const PRESENCE_LABELS: Record<ScalePresence, string> = {
  required: "needed",
  defaults_false: "unticked = absent",
  optional: "optional",
};

/** The marker beside a field: whether the result can depend on it, or what leaving it means. */
export function presenceLabel(presence: ScalePresence): string {
  return PRESENCE_LABELS[presence];
}

/** "25–45 °C", or "> 0 to 5000 U/L" when the minimum itself is impossible. */
export function rangeText(field: {
  unit: string | null;
  physical_range?: { min: number; max: number; exclusive_min?: boolean };
}): string | null {
  const range = field.physical_range;
  if (range === undefined) return null;
  const unit = field.unit !== null ? ` ${field.unit}` : "";
  return range.exclusive_min === true
    ? `> ${range.min} to ${range.max}${unit}`
    : `${range.min}–${range.max}${unit}`;
}
