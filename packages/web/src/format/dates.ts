import { MISSING_TEXT } from "./numbers.js";

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const YEAR_MONTH = /^(\d{4})-(\d{2})/;

/** Study day relative to infusion (day 0), signed as in the study calendar: "day −5", "day 0", "day +28". */
export function formatStudyDay(studyDay: number | null): string {
  if (studyDay === null || !Number.isFinite(studyDay)) return MISSING_TEXT;
  if (studyDay === 0) return "day 0";
  // U+2212 minus sign, as the dictionary's own time point labels write it.
  return studyDay > 0 ? `day +${studyDay}` : `day −${Math.abs(studyDay)}`;
}

/** "2024-03" (or a full ISO date) → "Mar 2024"; anything else is shown as it came. */
export function formatMonth(month: string): string {
  const match = YEAR_MONTH.exec(month);
  if (match === null) return month;
  const name = MONTH_NAMES[Number(match[2]) - 1];
  return name === undefined ? month : `${name} ${match[1]}`;
}

/**
 * "2024-03-05T14:22:09.123Z" → "2024-03-05 14:22 UTC". Audit times are shown in UTC, as stored, so that
 * two people in different time zones read the same time for the same entry.
 */
export function formatRecordedAt(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso);
  if (match === null) return iso;
  const zone = match[3];
  const zoneText = zone === undefined ? "" : /^(Z|[+-]00:?00)$/.test(zone) ? " UTC" : " " + zone;
  return `${match[1]} ${match[2]}${zoneText}`;
}

/** Consecutive "YYYY-MM" months from `first` to `last` inclusive; empty when either is not a month. */
export function monthRange(first: string, last: string): string[] {
  const start = YEAR_MONTH.exec(first);
  const end = YEAR_MONTH.exec(last);
  if (start === null || end === null) return [];
  let year = Number(start[1]);
  let month = Number(start[2]);
  const endIndex = Number(end[1]) * 12 + Number(end[2]);
  const months: string[] = [];
  while (year * 12 + month <= endIndex) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
