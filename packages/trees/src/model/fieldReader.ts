import { TreeModelError } from "./errors.js";

/**
 * Reads untrusted parsed JSON into typed values, failing with a TreeModelError that names the
 * field path. Shared by carta's own model format and the XGBoost importer.
 */
export class FieldReader {
  readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  fail(field: string, problem: string): never {
    throw new TreeModelError(this.source, field, problem);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(field, `expected an object, got ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  /** A member that must be present (null counts as present; the caller's reader decides). */
  member(parent: Record<string, unknown>, key: string, field: string): unknown {
    const value = parent[key];
    if (value === undefined) this.fail(joinField(field, key), "missing");
    return value;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== "string") this.fail(field, `expected a string, got ${describe(value)}`);
    return value;
  }

  number(value: unknown, field: string): number {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.fail(field, `expected a finite number, got ${describe(value)}`);
    }
    return value;
  }

  integer(
    value: unknown,
    field: string,
    min = Number.MIN_SAFE_INTEGER,
    max = Number.MAX_SAFE_INTEGER,
  ): number {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(field, `expected an integer, got ${describe(value)}`);
    }
    if (value < min || value > max) this.fail(field, `${value} is outside ${min}…${max}`);
    return value;
  }

  array(value: unknown, field: string, length?: number, itemKind = "items"): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(field, `expected an array, got ${describe(value)}`);
    if (length !== undefined && value.length !== length) {
      this.fail(field, `expected ${length} ${itemKind}, got ${value.length}`);
    }
    return value;
  }

  numbers(value: unknown, field: string, length?: number): Float64Array {
    const items = this.array(value, field, length, "numbers");
    const out = new Float64Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = this.number(items[i], `${field}[${i}]`);
    return out;
  }

  integers(value: unknown, field: string, length?: number, min?: number, max?: number): Int32Array {
    const items = this.array(value, field, length, "integers");
    const out = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = this.integer(items[i], `${field}[${i}]`, min, max);
    return out;
  }

  strings(value: unknown, field: string, length?: number): string[] {
    const items = this.array(value, field, length, "strings");
    return items.map((item, i) => this.string(item, `${field}[${i}]`));
  }
}

export function joinField(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** A short description of an unexpected JSON value, for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}
