import { isoDate } from "./dates.js";
import type { OsOptions } from "./options.js";
import { type EndpointPatient, readPatient } from "./patient.js";
import { type EndpointResult, notComputed, timeToEnd } from "./result.js";
import { timeFrame } from "./timeZero.js";

/**
 * Overall survival (clinical-reference.md §E.3): time zero → death from any cause; censored at the last
 * contact alive. New therapy and transplant do not censor OS. event 1 = death, 0 = censored.
 */
export function os(patient: EndpointPatient, options: OsOptions = {}): EndpointResult<0 | 1> {
  const p = readPatient(patient);
  const frame = timeFrame(p, options);
  const timeZero = frame.timeZeroDay;
  if (timeZero === null) {
    return notComputed(frame, `OS not computed: missing ${frame.timeZeroField} (time zero)`, [
      frame.timeZeroField,
    ]);
  }
  const at = { ...frame, timeZeroDay: timeZero };
  if (p.death !== null) return timeToEnd(at, p.death, 1, `event: death on ${isoDate(p.death)}`);
  if (p.lastContact === null) {
    return notComputed(frame, "OS not computed: no death recorded and lastContactDate is missing", [
      "lastContactDate",
    ]);
  }
  return timeToEnd(at, p.lastContact, 0, `censored at last contact alive ${isoDate(p.lastContact)}`);
}
