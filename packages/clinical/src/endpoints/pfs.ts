import { progressionFreeCourse } from "./course.js";
import {
  choice,
  ENDPOINT_DEFAULTS,
  type NewTherapyRule,
  type PfsOptions,
  type TransplantRule,
} from "./options.js";
import { type EndpointPatient, readPatient } from "./patient.js";
import { type EndpointResult, notComputed, timeToEnd } from "./result.js";
import { timeFrame } from "./timeZero.js";

/**
 * Progression-free survival (clinical-reference.md §E.3): time zero → first progression/relapse (Lugano
 * PD, Cheson 2014) or death from any cause; censored at the last adequate disease assessment. New
 * anti-lymphoma therapy without progression censors at its start (sensitivity: an event, or followed
 * through); a consolidative transplant in response censors at transplant (sensitivity: ignored).
 * event 1 = progression or death (or new therapy when counted), 0 = censored.
 */
export function pfs(patient: EndpointPatient, options: PfsOptions = {}): EndpointResult<0 | 1> {
  const p = readPatient(patient);
  const frame = timeFrame(p, options);
  const newTherapy = choice<NewTherapyRule>(
    "newTherapy",
    options.newTherapy,
    ["censor", "event", "ignore"],
    ENDPOINT_DEFAULTS.newTherapy,
  );
  const transplant = choice<TransplantRule>(
    "consolidativeTransplant",
    options.consolidativeTransplant,
    ["censor", "ignore"],
    ENDPOINT_DEFAULTS.consolidativeTransplant,
  );
  const timeZero = frame.timeZeroDay;
  if (timeZero === null) {
    return notComputed(frame, `PFS not computed: missing ${frame.timeZeroField} (time zero)`, [
      frame.timeZeroField,
    ]);
  }
  const course = progressionFreeCourse(p, timeZero, frame.timeZeroField, {
    newTherapy,
    transplant,
    deathWithoutProgression: "event",
  });
  if (!course.ended) return notComputed(frame, `PFS not computed: ${course.reason}`, course.missing);
  return timeToEnd(
    { ...frame, timeZeroDay: timeZero },
    course.day,
    course.cause === "censored" ? 0 : 1,
    course.reason,
  );
}
