import { TIME_POINTS } from "../dictionary/timePoints.js";
import { LANDMARKS, type Landmark } from "../dictionary/types.js";
import type { TimeOptions, TimeZero } from "./options.js";
import { choice, ENDPOINT_DEFAULTS } from "./options.js";
import type { PatientDays } from "./patient.js";
import type { TimeFrame } from "./result.js";

/**
 * Nominal day after infusion of a dictionary landmark: the latest nominal day of the time points whose
 * values become known at it (day7 → 7, day28 → 28, lymphodepletion → −5). "followup" spans every later
 * visit and has no single day, so it is null.
 */
export function landmarkNominalDay(landmark: Landmark): number | null {
  if (landmark === "followup") return null;
  const days = TIME_POINTS.filter((t) => t.landmark === landmark && t.nominalDay !== null).map(
    (t) => t.nominalDay!,
  );
  return days.length === 0 ? null : Math.max(...days);
}

/** Landmark in days from time zero; throws a RangeError for a value no analysis could mean. */
export function landmarkDay(value: TimeOptions["landmarkDays"], timeZero: TimeZero): number | null {
  if (value === undefined) return null;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`option landmarkDays must be a whole number of days ≥ 0, got ${value}`);
    }
    return value;
  }
  if (!LANDMARKS.includes(value)) {
    throw new RangeError(
      `option landmarkDays must be a number of days or one of ${LANDMARKS.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  // Named landmarks are study days after infusion; from leukapheresis they would fall on a different
  // day for every patient, so the ITT analysis takes its landmark in days.
  if (timeZero !== "infusion") {
    throw new RangeError(
      `option landmarkDays "${value}" is a day after infusion; with timeZero ${timeZero} give the landmark in days`,
    );
  }
  const day = landmarkNominalDay(value);
  if (day === null) throw new RangeError(`option landmarkDays "${value}" has no nominal day`);
  if (day < 0) {
    throw new RangeError(`option landmarkDays "${value}" is day ${day}, before time zero (infusion)`);
  }
  return day;
}

export interface ResolvedFrame extends TimeFrame {
  timeZero: TimeZero;
  /** Field holding time zero, named when it is missing. */
  timeZeroField: "infusionDate" | "apheresisDate";
}

/** Time zero of the analysis (§E.3) and its landmark, from the options. */
export function timeFrame(patient: PatientDays, options: TimeOptions): ResolvedFrame {
  const timeZero = choice<TimeZero>(
    "timeZero",
    options.timeZero,
    ["infusion", "apheresis"],
    ENDPOINT_DEFAULTS.timeZero,
  );
  const landmark = landmarkDay(options.landmarkDays, timeZero);
  return timeZero === "infusion"
    ? { timeZero, timeZeroDay: patient.infusion, landmarkDay: landmark, timeZeroField: "infusionDate" }
    : { timeZero, timeZeroDay: patient.apheresis, landmarkDay: landmark, timeZeroField: "apheresisDate" };
}
