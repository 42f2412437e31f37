import { progressionFreeCourse } from "./course.js";
import { type CompetingRisksOptions, choice, ENDPOINT_DEFAULTS, type TransplantRule } from "./options.js";
import { type EndpointPatient, readPatient } from "./patient.js";
import { type CompetingStatus, type EndpointResult, notComputed, timeToEnd } from "./result.js";
import { timeFrame } from "./timeZero.js";

/**
 * Relapse/progression and non-relapse mortality as competing events (clinical-reference.md §E.3), for
 * cumulative incidence (Aalen–Johansen, never 1 − Kaplan–Meier) and cause-specific or Fine–Gray models.
 * Status 1 = progression/relapse, 2 = NRM (death without prior progression), 0 = censored.
 *
 * Censoring follows PFS (last adequate disease assessment, new therapy, transplant in response), so the
 * two cumulative incidences add up to 1 − PFS. A death from lymphoma with no progression date cannot be
 * NRM and has no relapse date, so it is not computed: the missing progressionDate is named.
 */
export function competingRisks(
  patient: EndpointPatient,
  options: CompetingRisksOptions = {},
): EndpointResult<CompetingStatus> {
  const p = readPatient(patient);
  const frame = timeFrame(p, options);
  const newTherapy = choice<"censor" | "ignore">(
    "newTherapy",
    options.newTherapy,
    ["censor", "ignore"],
    ENDPOINT_DEFAULTS.newTherapy,
  );
  const transplant = choice<TransplantRule>(
    "consolidativeTransplant",
    options.consolidativeTransplant,
    ["censor", "ignore"],
    ENDPOINT_DEFAULTS.consolidativeTransplant,
  );
  const timeZero = frame.timeZeroDay;
  const label = "relapse/NRM";
  if (timeZero === null) {
    return notComputed(frame, `${label} not computed: missing ${frame.timeZeroField} (time zero)`, [
      frame.timeZeroField,
    ]);
  }
  const course = progressionFreeCourse(p, timeZero, frame.timeZeroField, {
    newTherapy,
    transplant,
    deathWithoutProgression: "event",
  });
  if (!course.ended) return notComputed(frame, `${label} not computed: ${course.reason}`, course.missing);
  if (course.cause === "death" && course.deathFromLymphoma) {
    return notComputed(
      frame,
      `${label} not computed: death from lymphoma (deathCause progression) but progressionDate is missing`,
      ["progressionDate"],
    );
  }
  const status: CompetingStatus = course.cause === "progression" ? 1 : course.cause === "death" ? 2 : 0;
  const reason = `${course.reason}${status === 1 ? ", counted as relapse" : status === 2 ? ", counted as NRM" : ""}`;
  return timeToEnd({ ...frame, timeZeroDay: timeZero }, course.day, status, reason);
}
