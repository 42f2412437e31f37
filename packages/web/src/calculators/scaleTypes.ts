/**
 * The calculators' API shapes: `GET /api/scales` returns each scale's `--schema` document (the same JSON
 * contract as `carta score`, clinical-reference.md §B), `POST /api/scales/:scale` its outputs or issues.
 * Declared here because the browser reads them as plain JSON; the clinical package owns the contract.
 */

export type ScaleFieldType =
  | "number"
  | "integer"
  | "boolean"
  | "code"
  | "code_list"
  | "number_list"
  | "day_series";

/**
 * required: needed when its value could change the result; defaults_false: a yes/no finding whose absence
 * means "not present"; optional: only annotates the reason.
 */
export type ScalePresence = "required" | "defaults_false" | "optional";

export interface ScaleField {
  name: string;
  type: ScaleFieldType;
  unit: string | null;
  presence: ScalePresence;
  description: string;
  allowed?: string[];
  physical_range?: { min: number; max: number; exclusive_min?: boolean };
  /** For day_series fields: the study days accepted as keys. */
  days?: { min: number; max: number };
  /** Fields sharing a quantity are the same measurement in different units; one of them is sent. */
  quantity?: string;
  needed_when?: string;
}

export interface ScaleOutput {
  name: string;
  type: string;
  unit: string | null;
  description: string;
  allowed?: string[];
}

export interface ScaleRule {
  rule: string;
  fields: string[];
  text: string;
}

/** Inputs of which exactly one group is used (e.g. a daily ANC series or recorded durations). */
export interface ScaleAlternatives {
  rule: string;
  text: string;
  groups: string[][];
}

export interface ScaleDocument {
  scale: string;
  title: string;
  citation: string;
  fields: ScaleField[];
  outputs: ScaleOutput[];
  rules: ScaleRule[];
  alternatives?: ScaleAlternatives;
  conventions: string[];
}

export interface ScaleList {
  scales: ScaleDocument[];
}

export interface ScaleConversion {
  field: string;
  from: string;
  to: string;
  factor: number;
  value: number;
  converted_value: number;
}

/** A scored assessment: one key per output, the reason, and the unit conversions applied. */
export type ScaleResult = Record<string, unknown> & {
  reason: string;
  conversions?: ScaleConversion[];
};

export interface ScaleIssue {
  /** The input field, possibly with a path into it (`vasopressors_in_use[0]`), or "(input)". */
  field: string;
  rule: string;
  message: string;
}
