/**
 * Input checks shared by the scales. A scale never imputes: an absent input (null or undefined) makes the
 * score null with a reason that names the field, while a present but impossible value (NaN, a negative
 * count) or a contradiction between inputs is a data error and throws a ScaleInputError that names the
 * field and the rule, so it is fixed at its source rather than silently scored.
 */

export type MaybeNumber = number | null | undefined;
export type MaybeBoolean = boolean | null | undefined;

/**
 * A present but invalid input. `field` is the scale's input name, `rule` a short code of what was
 * violated ("range", "integer", "contradiction", …). A RangeError, so callers that catch RangeError keep
 * working.
 */
export class ScaleInputError extends RangeError {
  readonly field: string;
  readonly rule: string;
  readonly detail: string;

  constructor(field: string, rule: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = "ScaleInputError";
    this.field = field;
    this.rule = rule;
    this.detail = detail;
  }
}

export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** Names of the fields whose value is null or undefined, in the order given. */
export function missingFields(fields: Record<string, MaybeNumber>): string[] {
  return Object.entries(fields)
    .filter(([, value]) => isMissing(value))
    .map(([name]) => name);
}

export function missingReason(scale: string, missing: readonly string[]): string {
  return `${scale} not computed: missing ${missing.join(", ")}`;
}

/** Throws unless value is a finite number ≥ min (when value is present). */
export function checkNonNegative(field: string, value: MaybeNumber, min = 0): void {
  if (isMissing(value)) return;
  if (!Number.isFinite(value) || value < min) {
    throw new ScaleInputError(field, "range", `must be a finite number ≥ ${min}, got ${value}`);
  }
}

/** Throws unless value is an integer in [min, max] (when value is present). */
export function checkIntegerIn(field: string, value: MaybeNumber, min: number, max: number): void {
  if (isMissing(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ScaleInputError(
      field,
      "integer_range",
      `must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}

/** Throws unless value is a finite number > 0 (when value is present). */
export function checkPositive(field: string, value: MaybeNumber): void {
  if (isMissing(value)) return;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ScaleInputError(field, "range", `must be a finite number > 0, got ${value}`);
  }
}

/** Throws unless value is one of the allowed codes (when value is present). */
export function checkCode<T extends string>(field: string, value: unknown, allowed: readonly T[]): void {
  if (isMissing(value)) return;
  if (!allowed.includes(value as T)) {
    throw new ScaleInputError(
      field,
      "allowed_values",
      `must be one of ${allowed.join(", ")}, got ${String(value)}`,
    );
  }
}

export function contradiction(field: string, detail: string): ScaleInputError {
  return new ScaleInputError(field, "contradiction", detail);
}
