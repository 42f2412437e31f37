/**
 * Input checks shared by the scales. A scale never imputes: an absent input (null or undefined) makes the
 * score null with a reason that names the field, while a present but impossible value (NaN, a negative
 * count) is a data error and throws a RangeError that names the field, so it is fixed at its source
 * rather than silently scored.
 */

export type MaybeNumber = number | null | undefined;

/** Names of the fields whose value is null or undefined, in the order given. */
export function missingFields(fields: Record<string, MaybeNumber>): string[] {
  return Object.entries(fields)
    .filter(([, value]) => value === null || value === undefined)
    .map(([name]) => name);
}

export function missingReason(scale: string, missing: readonly string[]): string {
  return `${scale} not computed: missing ${missing.join(", ")}`;
}

/** Throws unless value is a finite number ≥ min (when value is present). */
export function checkNonNegative(field: string, value: MaybeNumber, min = 0): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`${field} must be a finite number ≥ ${min}, got ${value}`);
  }
}

/** Throws unless value is an integer in [min, max] (when value is present). */
export function checkIntegerIn(field: string, value: MaybeNumber, min: number, max: number): void {
  if (value === null || value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** Throws unless value is a finite number > 0 (when value is present). */
export function checkPositive(field: string, value: MaybeNumber): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${field} must be a finite number > 0, got ${value}`);
  }
}
