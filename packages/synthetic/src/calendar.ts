/**
 * Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), converted with Howard Hinnant's
 * civil-date algorithms ("chrono-compatible low-level date algorithms", 2013). Pure integer
 * arithmetic: the generator never asks the clock or the platform's time-zone rules for anything.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function isoFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Parses YYYY-MM-DD, refusing dates that do not exist; `field` names the option in the error. */
export function daysFromIso(text: string, field: string): number {
  const match = ISO_DATE.exec(text);
  if (match) {
    const days = daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
    if (isoFromDays(days) === text) return days;
  }
  throw new RangeError(`${field} must be a calendar date as YYYY-MM-DD, got "${text}"`);
}
