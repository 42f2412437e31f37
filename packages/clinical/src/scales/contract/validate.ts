import type { InputIssue } from "./errors.js";
import { ScoreInputError } from "./errors.js";
import type { FieldSpec, ScaleSchema } from "./schema.js";

/** A unit conversion applied to one input field, as reported in a score's `conversions`. */
export interface ConversionRecord {
  field: string;
  from: string;
  to: string;
  factor: number;
  value: number;
  converted_value: number;
}

export interface ValidInput {
  /** The present fields (null included) with their checked values; absent fields are not keys. */
  values: Readonly<Record<string, unknown>>;
  /** Each quantity given in one of its units, in its scoring unit (null when given as null). */
  quantities: Readonly<Record<string, { field: string; value: number | null }>>;
  conversions: readonly ConversionRecord[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

function rangeText(spec: FieldSpec): string {
  const r = spec.range!;
  const unit = spec.unit ? ` ${spec.unit}` : "";
  return r.exclusiveMin ? `> ${r.min} and ≤ ${r.max}${unit}` : `${r.min}–${r.max}${unit}`;
}

function inRange(spec: FieldSpec, value: number): boolean {
  const r = spec.range;
  if (!r) return true;
  return (r.exclusiveMin ? value > r.min : value >= r.min) && value <= r.max;
}

function siblings(schema: ScaleSchema, spec: FieldSpec): FieldSpec[] {
  return spec.quantity
    ? schema.fields.filter((f) => f.quantity === spec.quantity && f.name !== spec.name)
    : [];
}

/** Why a number is refused, or null: type, integer, physical range (with a unit hint), whole counts. */
function checkNumber(
  schema: ScaleSchema,
  spec: FieldSpec,
  value: unknown,
): { rule: string; message: string } | null {
  const unit = spec.unit ? ` in ${spec.unit}` : "";
  if (typeof value === "string") {
    const alternatives = siblings(schema, spec).map((f) => f.name);
    const elsewhere = alternatives.length > 0 ? ` (or send it as ${alternatives.join(" or ")})` : "";
    if (/^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) {
      return {
        rule: "type",
        message: `must be a JSON number${unit}, not the string ${describeValue(value)}`,
      };
    }
    if (/^\s*[-+]?\d+(\.\d+)?\s*\S/.test(value)) {
      return {
        rule: "unit",
        message: `must be a bare number${unit}; the field name fixes the unit, got ${describeValue(value)}${elsewhere}`,
      };
    }
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return { rule: "type", message: `must be a number${unit}, got ${describeValue(value)}` };
  }
  if (spec.type === "integer" && !Number.isInteger(value)) {
    return { rule: "integer", message: `must be a whole number, got ${value}` };
  }
  if (!inRange(spec, value)) {
    const hints: string[] = [];
    const own = spec.unitHint?.(value);
    if (own) hints.push(own);
    for (const other of siblings(schema, spec)) {
      if (inRange(other, value)) hints.push(`it looks like ${other.unit}: send it as ${other.name}`);
    }
    const what =
      value < 0
        ? "a negative value is impossible"
        : `${value} is outside the physical range ${rangeText(spec)}`;
    return { rule: "physical_range", message: hints.length > 0 ? `${what} — ${hints.join("; ")}` : what };
  }
  if (spec.wholeCount && !Number.isInteger(value)) {
    return {
      rule: "unit",
      message: `${value} is not a whole number of cells/µL — it looks like ×10⁹/L (multiply by 1000)`,
    };
  }
  return null;
}

function checkField(schema: ScaleSchema, spec: FieldSpec, value: unknown, issues: InputIssue[]): void {
  const push = (field: string, problem: { rule: string; message: string } | null): void => {
    if (problem) issues.push({ field, ...problem });
  };
  if (value === null) return;
  switch (spec.type) {
    case "number":
    case "integer":
      push(spec.name, checkNumber(schema, spec, value));
      return;
    case "boolean":
      if (typeof value !== "boolean") {
        push(spec.name, {
          rule: "type",
          message: `must be true, false or null, got ${describeValue(value)}`,
        });
      }
      return;
    case "code":
      if (typeof value !== "string" || !spec.allowed!.includes(value)) {
        push(spec.name, {
          rule: "allowed_values",
          message: `must be one of ${spec.allowed!.join(", ")}, got ${describeValue(value)}`,
        });
      }
      return;
    case "code_list": {
      if (!Array.isArray(value)) {
        push(spec.name, { rule: "type", message: `must be an array of codes, got ${describeValue(value)}` });
        return;
      }
      const seen = new Set<unknown>();
      value.forEach((code, i) => {
        if (typeof code !== "string" || !spec.allowed!.includes(code)) {
          push(`${spec.name}[${i}]`, {
            rule: "allowed_values",
            message: `must be one of ${spec.allowed!.join(", ")}, got ${describeValue(code)}`,
          });
        } else if (seen.has(code)) {
          push(`${spec.name}[${i}]`, { rule: "duplicate", message: `${code} is listed twice` });
        }
        seen.add(code);
      });
      return;
    }
    case "number_list":
      if (!Array.isArray(value)) {
        push(spec.name, {
          rule: "type",
          message: `must be an array of numbers, got ${describeValue(value)}`,
        });
        return;
      }
      value.forEach((element, i) => {
        push(`${spec.name}[${i}]`, checkNumber(schema, spec, element));
      });
      return;
    case "day_series": {
      if (!isPlainObject(value)) {
        push(spec.name, {
          rule: "type",
          message: `must be an object from day to value, e.g. {"0": 1200, "1": 800}, got ${describeValue(value)}`,
        });
        return;
      }
      const days = spec.days!;
      for (const [key, element] of Object.entries(value)) {
        const field = `${spec.name}.${key}`;
        const day = Number(key);
        if (!/^(0|[1-9]\d*)$/.test(key) || day < days.min || day > days.max) {
          push(field, {
            rule: "day",
            message: `days are whole numbers from ${days.min} to ${days.max}, got "${key}"`,
          });
          continue;
        }
        if (element !== null) push(field, checkNumber(schema, spec, element));
      }
      return;
    }
  }
}

function suggestions(schema: ScaleSchema, name: string): string {
  const stem = name.split("_")[0]!.toLowerCase();
  const near = schema.fields.filter((f) => f.name.toLowerCase().split("_")[0] === stem).map((f) => f.name);
  return near.length > 0 ? `; did you mean ${near.join(" or ")}?` : "";
}

/**
 * Checks one JSON input against a scale's schema and converts quantities to their scoring unit. Throws a
 * ScoreInputError listing every problem (unknown field, wrong type or unit, physically impossible value,
 * a quantity given twice, contradictory fields); a value that is merely missing is not a problem here.
 */
export function validateInput(schema: ScaleSchema, input: unknown): ValidInput {
  if (!isPlainObject(input)) {
    throw new ScoreInputError(schema.id, [
      {
        field: "(input)",
        rule: "type",
        message: `must be a JSON object of fields, got ${describeValue(input)}`,
      },
    ]);
  }
  const issues: InputIssue[] = [];
  const specs = new Map(schema.fields.map((f) => [f.name, f]));
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const spec = specs.get(name);
    if (!spec) {
      issues.push({
        field: name,
        rule: "unknown_field",
        message: `is not a ${schema.id} input${suggestions(schema, name)}`,
      });
      continue;
    }
    if (value === undefined) continue;
    const before = issues.length;
    checkField(schema, spec, value, issues);
    if (issues.length === before) values[name] = value;
  }

  const quantities: Record<string, { field: string; value: number | null }> = {};
  const conversions: ConversionRecord[] = [];
  for (const spec of schema.fields) {
    if (!spec.quantity || !(spec.name in values)) continue;
    const taken = quantities[spec.quantity];
    if (taken) {
      issues.push({
        field: spec.name,
        rule: "one_unit_only",
        message: `${spec.quantity} is already given as ${taken.field}; send it in one unit only`,
      });
      continue;
    }
    const value = values[spec.name] as number | null;
    if (value === null || !spec.convert) {
      quantities[spec.quantity] = { field: spec.name, value };
      continue;
    }
    const converted = spec.convert(value);
    quantities[spec.quantity] = { field: spec.name, value: converted.value };
    conversions.push({
      field: spec.name,
      from: converted.conversion.from,
      to: converted.conversion.to,
      factor: converted.conversion.factor,
      value,
      converted_value: converted.value,
    });
  }

  if (schema.alternatives) {
    const used = schema.alternatives.groups.filter((group) => group.some((name) => name in input));
    if (used.length > 1) {
      issues.push({
        field: used[1]!.find((name) => name in input)!,
        rule: schema.alternatives.rule,
        message: schema.alternatives.text,
      });
    }
  }

  const troubled = new Set(issues.map((i) => i.field.split(/[.[]/)[0]));
  for (const rule of schema.rules) {
    if (rule.fields.some((f) => troubled.has(f))) continue;
    const field = rule.offending(values);
    if (field !== null) issues.push({ field, rule: rule.rule, message: rule.text });
  }
  if (issues.length > 0) throw new ScoreInputError(schema.id, issues);
  return { values, quantities, conversions };
}
