import { isoDate } from "./dates.js";
import { type Day90ResponseOptions, ENDPOINT_DEFAULTS, wholeDays } from "./options.js";
import { type Assessment, type EndpointPatient, readPatient } from "./patient.js";
import { noResponse, type ResponseEndpoint, responseFound } from "./responseResult.js";

const NOMINAL_DAY = 90;

/**
 * Day-90 response (clinical-reference.md §E.3, §D.4): the Lugano response on the day +90 (±14) scan.
 * A patient who progressed or died before day 90 is a non-responder coded PMD, never missing; so is one
 * who died inside the window without a scan. With several scans in the window the one nearest day 90
 * counts (the earlier on a tie); a progression documented in the window counts as a PMD scan that day.
 * Scans after the start of new therapy reflect that therapy and are not used.
 */
export function day90Response(
  patient: EndpointPatient,
  options: Day90ResponseOptions = {},
): ResponseEndpoint {
  const p = readPatient(patient);
  const halfWidth = wholeDays("windowDays", options.windowDays, ENDPOINT_DEFAULTS.day90WindowDays);
  if (p.infusion === null) {
    return noResponse("day-90 response not computed: missing infusionDate", ["infusionDate"]);
  }
  const infusion = p.infusion;
  const studyDay = (day: number): number => day - infusion;
  if (p.progression !== null && p.progression < infusion) {
    return noResponse(
      `day-90 response not computed: progressionDate ${isoDate(p.progression)} precedes infusionDate ${isoDate(infusion)}`,
      ["progressionDate"],
    );
  }
  if (p.progression !== null && studyDay(p.progression) < NOMINAL_DAY) {
    const d = studyDay(p.progression);
    const when = isoDate(p.progression);
    return responseFound(
      "PMD",
      when,
      d,
      "progressionDate",
      `PMD: progression on ${when} (day ${d}) before day 90, non-responder`,
    );
  }
  if (p.death !== null && studyDay(p.death) < NOMINAL_DAY) {
    const d = studyDay(p.death);
    const when = isoDate(p.death);
    return responseFound(
      "PMD",
      when,
      d,
      "deathDate",
      `PMD: death on ${when} (day ${d}) before day 90, non-responder`,
    );
  }

  const first = NOMINAL_DAY - halfWidth;
  const last = NOMINAL_DAY + halfWidth;
  const inWindow = (day: number): boolean => studyDay(day) >= first && studyDay(day) <= last;
  const beforeNewTherapy = (day: number): boolean => p.newTherapy === null || day <= p.newTherapy;
  const scans: Assessment[] = p.assessments.filter((a) => inWindow(a.day) && beforeNewTherapy(a.day));
  const progression = p.progression;
  if (
    progression !== null &&
    inWindow(progression) &&
    beforeNewTherapy(progression) &&
    !scans.some((a) => a.day === progression)
  ) {
    scans.push({ day: progression, response: "PMD", field: "progressionDate", nominal: false });
  }
  const window = `day ${first} to day ${last}`;
  if (scans.length > 0) {
    const distance = (a: Assessment): number => Math.abs(studyDay(a.day) - NOMINAL_DAY);
    const chosen = scans.reduce((a, b) =>
      distance(b) < distance(a) || (distance(b) === distance(a) && b.day < a.day) ? b : a,
    );
    const d = studyDay(chosen.day);
    const others = scans.length > 1 ? `, nearest day 90 of ${scans.length} in the window` : "";
    return responseFound(
      chosen.response,
      isoDate(chosen.day),
      d,
      chosen.field,
      `${chosen.response} on ${isoDate(chosen.day)} (day ${d}, ${chosen.field}${others}) within ${window}`,
    );
  }
  if (p.death !== null && inWindow(p.death)) {
    const d = studyDay(p.death);
    const when = isoDate(p.death);
    return responseFound(
      "PMD",
      when,
      d,
      "deathDate",
      `PMD: death on ${when} (day ${d}) within ${window} without a scan`,
    );
  }
  if (p.newTherapy !== null && studyDay(p.newTherapy) < last) {
    return noResponse(
      `day-90 response not computed: no scan from ${window} before new therapy from ${isoDate(p.newTherapy)}`,
      ["responseD90"],
    );
  }
  return noResponse(`day-90 response not computed: no scan from ${window}`, ["responseD90"]);
}
