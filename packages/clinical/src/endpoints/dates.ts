import { isIsoDate } from "../dictionary/values.js";

/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD). Every date is read as UTC midnight, so a difference is a
 * whole number of days whatever the time zone or daylight-saving rules of the machine running it.
 */

const MS_PER_DAY = 86_400_000;

/** Mean Gregorian month (365.25 / 12 days), the usual divisor for survival times in months. */
export const DAYS_PER_MONTH = 30.4375;

/** Days since 1970-01-01 of a date already checked with `isIsoDate`. */
export function epochDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

/** The ISO date `days` after (or before, when negative) an epoch day. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Throws a RangeError naming the field unless value is absent or a real calendar date. */
export function readDate(field: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || !isIsoDate(value)) {
    throw new RangeError(`${field} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return epochDay(value);
}
