import { progressionFreeCourse } from "./course.js";
import { isoDate } from "./dates.js";
import {
  choice,
  type DeathWithoutProgressionRule,
  type DurationOfResponseOptions,
  ENDPOINT_DEFAULTS,
  type NewTherapyRule,
  type TransplantRule,
} from "./options.js";
import { type EndpointPatient, readPatient } from "./patient.js";
import { isResponder } from "./responses.js";
import { type EndpointResult, excluded, notComputed, type TimeFrame, timeToEnd } from "./result.js";

/**
 * Duration of response (clinical-reference.md §E.3): among responders, first CR/PR (metabolic or CT)
 * → progression or death. Whether a death without progression is an event differs between trials, so it
 * is an option (default: event, as in PFS); censoring otherwise follows PFS.
 *
 * The first response is the earliest CMR/PMR/CR/PR after infusion, before progression and not after the
 * start of new therapy or a consolidative transplant (a later response belongs to that treatment). The
 * day-28 and day-90 responses are dated infusion + 28 / + 90 days unless their scan date is given.
 * event 1 = progression or death (or new therapy when counted), 0 = censored.
 */
export function durationOfResponse(
  patient: EndpointPatient,
  options: DurationOfResponseOptions = {},
): EndpointResult<0 | 1> {
  const p = readPatient(patient);
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
  const deathWithoutProgression = choice<DeathWithoutProgressionRule>(
    "deathWithoutProgression",
    options.deathWithoutProgression,
    ["event", "censor"],
    ENDPOINT_DEFAULTS.deathWithoutProgression,
  );
  const unanchored: TimeFrame = { timeZero: "first_response", timeZeroDay: null, landmarkDay: null };
  if (p.infusion === null) {
    const missing = ["infusionDate"];
    return notComputed(
      unanchored,
      "DOR not computed: missing infusionDate (responses count from infusion)",
      missing,
    );
  }
  const infusion = p.infusion;
  const onOrBefore = (limit: number | null, day: number): boolean => limit === null || day <= limit;
  const inWindow = p.assessments.filter(
    (a) =>
      a.day > infusion &&
      (p.progression === null || a.day < p.progression) &&
      onOrBefore(p.newTherapy, a.day) &&
      onOrBefore(p.transplantDay, a.day),
  );
  const first = inWindow.find((a) => isResponder(a.response));
  if (first === undefined) {
    const recorded = p.assessments.length > 0 || p.progression !== null || p.death !== null;
    if (recorded) {
      const seen =
        inWindow.map((a) => `${a.field} ${a.response}`).join(", ") || "no response assessment after infusion";
      return excluded(unanchored, `DOR not applicable: not a responder (${seen})`);
    }
    const missing = ["responseD28", "responseD90", "assessments"];
    return notComputed(
      unanchored,
      `DOR not computed: no response assessment recorded (${missing.join(", ")})`,
      missing,
    );
  }
  const frame = { ...unanchored, timeZeroDay: first.day };
  const course = progressionFreeCourse(p, first.day, first.field, {
    newTherapy,
    transplant,
    deathWithoutProgression,
  });
  if (!course.ended) return notComputed(frame, `DOR not computed: ${course.reason}`, course.missing);
  const dated = first.nominal ? "nominal date" : "recorded date";
  const since = `first response ${first.response} on ${isoDate(first.day)} (${first.field}, ${dated})`;
  return timeToEnd(frame, course.day, course.cause === "censored" ? 0 : 1, `${since}; ${course.reason}`);
}
