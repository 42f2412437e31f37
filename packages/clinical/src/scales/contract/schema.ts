import type { Converted } from "../../units/conversions.js";

/**
 * The JSON contract of `carta score` (issue 3, Deliver §5): one schema per scale lists every accepted
 * input field with its type, unit, allowed values, physical range and presence, and every output. The
 * same declaration validates input and prints `--schema`, so the two cannot drift apart.
 */

export const SCORE_SCALE_IDS = [
  "crs",
  "icans",
  "icaht-early",
  "icaht-late",
  "lugano-pet",
  "lugano-ct",
  "lugano-lesion",
  "ipi",
  "aaipi",
  "hematotox",
  "easix",
  "m-easix",
] as const;
export type ScoreScaleId = (typeof SCORE_SCALE_IDS)[number];

export type FieldType =
  | "number"
  | "integer"
  | "boolean"
  | "code"
  | "code_list"
  | "number_list"
  | "day_series";

/**
 * required: needed when its value could change the result; absent or null then gives a null result
 * whose reason names it. defaults_false: a yes/no finding; absent means the sign was not present, null
 * means it was not assessed (unknown). optional: never changes the result, only annotates the reason.
 */
export type Presence = "required" | "defaults_false" | "optional";

export interface PhysicalRange {
  min: number;
  max: number;
  /** The minimum itself is impossible (a quantity that must be positive). */
  exclusiveMin?: boolean;
}

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Unit of the value (of each element for lists and series); null for codes and yes/no fields. */
  unit: string | null;
  description: string;
  presence: Presence;
  /** Allowed codes of code and code_list fields. */
  allowed?: readonly string[];
  /** Physically possible values — not the clinical normal range. */
  range?: PhysicalRange;
  /** For day_series fields: the days (object keys) accepted. */
  days?: { min: number; max: number };
  /** When the field matters only for some answers of other fields. */
  neededWhen?: string;
  /** A quantity accepted in several units: give one of the fields of the group, not two. */
  quantity?: string;
  /** Conversion from this field's unit to the quantity's scoring unit (absent for the scoring unit). */
  convert?: (value: number) => Converted;
  /** Cells per µL are whole counts: a fraction means the value is in another unit (×10⁹/L). */
  wholeCount?: boolean;
  /** Explains an out-of-range value that would fit another unit (e.g. °F for a °C field). */
  unitHint?: (value: number) => string | null;
}

export interface OutputSpec {
  name: string;
  type: "number" | "integer" | "boolean" | "code" | "text";
  unit: string | null;
  description: string;
  allowed?: readonly string[];
}

/**
 * A rule across fields. `offending` sees the validated values of the present fields (absent fields are
 * undefined) and returns the field to blame when the rule is broken, or null.
 */
export interface CrossFieldRule {
  fields: readonly string[];
  rule: string;
  text: string;
  offending: (values: Readonly<Record<string, unknown>>) => string | null;
}

/** Inputs of which exactly one way must be used (e.g. a daily ANC series or recorded durations). */
export interface AlternativeInputs {
  rule: string;
  text: string;
  groups: readonly (readonly string[])[];
}

export interface ScaleSchema {
  id: ScoreScaleId;
  title: string;
  citation: string;
  fields: readonly FieldSpec[];
  outputs: readonly OutputSpec[];
  rules: readonly CrossFieldRule[];
  alternatives?: AlternativeInputs;
  /** Project conventions applied (clinical-reference.md §F), as text. */
  conventions: readonly string[];
}

/** The `--schema` document: the schema as plain snake_case JSON. */
export function schemaDocument(schema: ScaleSchema): Record<string, unknown> {
  return {
    scale: schema.id,
    title: schema.title,
    citation: schema.citation,
    fields: schema.fields.map((f) => ({
      name: f.name,
      type: f.type,
      unit: f.unit,
      presence: f.presence,
      ...(f.allowed ? { allowed: f.allowed } : {}),
      ...(f.range
        ? {
            physical_range: {
              min: f.range.min,
              max: f.range.max,
              ...(f.range.exclusiveMin ? { exclusive_min: true } : {}),
            },
          }
        : {}),
      ...(f.days ? { days: f.days } : {}),
      ...(f.quantity ? { quantity: f.quantity } : {}),
      ...(f.neededWhen ? { needed_when: f.neededWhen } : {}),
      description: f.description,
    })),
    outputs: schema.outputs.map((o) => ({
      name: o.name,
      type: o.type,
      unit: o.unit,
      ...(o.allowed ? { allowed: o.allowed } : {}),
      description: o.description,
    })),
    rules: [
      ...schema.rules.map((r) => ({ rule: r.rule, fields: r.fields, text: r.text })),
      ...(schema.alternatives
        ? [
            {
              rule: schema.alternatives.rule,
              fields: schema.alternatives.groups.flat(),
              text: schema.alternatives.text,
            },
          ]
        : []),
    ],
    conventions: schema.conventions,
  };
}
