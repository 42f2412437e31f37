import { isoDate } from "./dates.js";
import { type BestOverallResponseOptions, ENDPOINT_DEFAULTS, wholeDays } from "./options.js";
import { type Assessment, type EndpointPatient, readPatient } from "./patient.js";
import { noResponse, type ResponseEndpoint, responseFound } from "./responseResult.js";
import { betterResponse } from "./responses.js";

const RESPONSE_FIELDS = ["responseD28", "responseD90", "assessments"];

/**
 * Best overall response (clinical-reference.md §A.6, §E.3): the best Lugano category (CMR > PMR > NMR >
 * PMD, CT-only CR > PR > SD > PD alongside; PET-CT first on equal rank, then the earliest) from the day
 * after infusion to the earliest of progression, new therapy or day +180, each end included (a scan on
 * the day therapy starts precedes it). A progression in the window with no scan that day counts as PMD.
 * A patient who dies before any assessment is not evaluable (null), not imputed.
 */
export function bestOverallResponse(
  patient: EndpointPatient,
  options: BestOverallResponseOptions = {},
): ResponseEndpoint {
  const p = readPatient(patient);
  const windowEndDay = wholeDays(
    "windowEndDay",
    options.windowEndDay,
    ENDPOINT_DEFAULTS.bestOverallResponseWindowEndDay,
  );
  if (p.infusion === null) {
    return noResponse("BOR not computed: missing infusionDate (the window starts at infusion)", [
      "infusionDate",
    ]);
  }
  const infusion = p.infusion;
  const ends = [
    { day: infusion + windowEndDay, what: `day +${windowEndDay}`, field: null },
    ...(p.progression === null
      ? []
      : [{ day: p.progression, what: `progression ${isoDate(p.progression)}`, field: "progressionDate" }]),
    ...(p.newTherapy === null
      ? []
      : [{ day: p.newTherapy, what: `new therapy ${isoDate(p.newTherapy)}`, field: "newTherapyDate" }]),
  ];
  const end = ends.reduce((a, b) => (b.day < a.day ? b : a));
  if (end.day <= infusion && end.field !== null) {
    return noResponse(
      `BOR not computed: ${end.field} ${isoDate(end.day)} is not after infusionDate ${isoDate(infusion)}`,
      [end.field],
    );
  }
  const candidates: Assessment[] = p.assessments.filter((a) => a.day > infusion && a.day <= end.day);
  const progression = p.progression;
  if (progression !== null && progression <= end.day && !candidates.some((a) => a.day === progression)) {
    candidates.push({ day: progression, response: "PMD", field: "progressionDate", nominal: false });
    candidates.sort((a, b) => a.day - b.day);
  }
  const window = `day 1 to day ${end.day - infusion} (ends at ${end.what})`;
  if (candidates.length === 0) {
    if (p.death !== null && p.death <= end.day) {
      return noResponse(
        `BOR not evaluable: death on ${isoDate(p.death)} (day ${p.death - infusion}) before any response assessment`,
        [],
      );
    }
    return noResponse(`BOR not computed: no response assessment from ${window}`, RESPONSE_FIELDS);
  }
  const best = candidates.reduce((a, b) => (betterResponse(b.response, a.response) ? b : a));
  const studyDay = best.day - infusion;
  const count = candidates.length === 1 ? "the only assessment" : `best of ${candidates.length} assessments`;
  return responseFound(
    best.response,
    isoDate(best.day),
    studyDay,
    best.field,
    `${best.response} on ${isoDate(best.day)} (day ${studyDay}, ${best.field}): ${count} from ${window}`,
  );
}
