import { isoDate } from "./dates.js";
import type { DeathWithoutProgressionRule, NewTherapyRule, TransplantRule } from "./options.js";
import type { PatientDays } from "./patient.js";

/**
 * The progression-free course after time zero, shared by PFS, duration of response and the competing
 * risks of relapse and non-relapse mortality (clinical-reference.md §E.3): the first of progression,
 * death, or a censoring intervention; otherwise censoring at the last adequate disease assessment.
 *
 * Same-day order: progression, then death, then new therapy counted as an event, then censoring. An
 * event on the day of a censoring intervention is kept (the patient was observed to have it), and
 * progression and death on one day are progression followed by death — so that death is not NRM.
 */

export interface CourseRules {
  newTherapy: NewTherapyRule;
  transplant: TransplantRule;
  deathWithoutProgression: DeathWithoutProgressionRule;
}

export type EndCause = "progression" | "death" | "new_therapy" | "censored";

export type Course =
  | {
      ended: true;
      day: number;
      cause: EndCause;
      /** Death attributed to lymphoma (deathCause "progression") with no progression date recorded. */
      deathFromLymphoma: boolean;
      reason: string;
    }
  | { ended: false; missing: readonly string[]; reason: string };

interface Candidate {
  day: number;
  priority: number;
  cause: EndCause;
  reason: string;
}

function beforeTimeZero(field: string, day: number, timeZeroField: string, timeZero: number): Course {
  return {
    ended: false,
    missing: [field],
    reason:
      `${field} ${isoDate(day)} precedes time zero (${timeZeroField} ${isoDate(timeZero)}): ` +
      `the course after time zero is not recorded`,
  };
}

export function progressionFreeCourse(
  p: PatientDays,
  timeZero: number,
  timeZeroField: string,
  rules: CourseRules,
): Course {
  const { progression, death, newTherapy } = p;
  if (progression !== null && progression < timeZero) {
    return beforeTimeZero("progressionDate", progression, timeZeroField, timeZero);
  }
  const candidates: Candidate[] = [];
  if (progression !== null) {
    const sameDayDeath = death === progression ? " with death the same day" : "";
    candidates.push({
      day: progression,
      priority: 0,
      cause: "progression",
      reason: `event: progression on ${isoDate(progression)}${sameDayDeath}`,
    });
  }

  const deathFromLymphoma = death !== null && progression === null && p.deathCause === "progression";
  if (death !== null && (progression === null || death < progression)) {
    const when = isoDate(death);
    if (rules.deathWithoutProgression === "event" || deathFromLymphoma) {
      const note = deathFromLymphoma ? " (deathCause progression, no progressionDate recorded)" : "";
      candidates.push({
        day: death,
        priority: 1,
        cause: "death",
        reason: `event: death without progression on ${when}${note}`,
      });
    } else {
      candidates.push({
        day: death,
        priority: 3,
        cause: "censored",
        reason: `censored at death without progression on ${when} (deathWithoutProgression: censor)`,
      });
    }
  }

  if (
    rules.newTherapy !== "ignore" &&
    newTherapy !== null &&
    (progression === null || newTherapy < progression)
  ) {
    if (newTherapy < timeZero) return beforeTimeZero("newTherapyDate", newTherapy, timeZeroField, timeZero);
    const when = isoDate(newTherapy);
    candidates.push(
      rules.newTherapy === "event"
        ? {
            day: newTherapy,
            priority: 2,
            cause: "new_therapy",
            reason: `event: new anti-lymphoma therapy without progression from ${when} (newTherapy: event)`,
          }
        : {
            day: newTherapy,
            priority: 4,
            cause: "censored",
            reason: `censored at start of new anti-lymphoma therapy without progression ${when}`,
          },
    );
  }

  if (rules.transplant === "censor") {
    const transplanted = p.transplant === "autologous" || p.transplant === "allogeneic";
    if (transplanted && p.transplantDay === null) {
      return {
        ended: false,
        missing: ["consolidativeTransplantDate"],
        reason: `consolidativeTransplant is ${p.transplant} but consolidativeTransplantDate is missing`,
      };
    }
    const day = p.transplantDay;
    if (day !== null && (progression === null || day < progression)) {
      if (day < timeZero) return beforeTimeZero("consolidativeTransplantDate", day, timeZeroField, timeZero);
      candidates.push({
        day,
        priority: 5,
        cause: "censored",
        reason: `censored at consolidative transplant (${p.transplant ?? "type not recorded"}) in response ${isoDate(day)}`,
      });
    }
  }

  if (candidates.length > 0) {
    const first = candidates.reduce((a, b) =>
      b.day < a.day || (b.day === a.day && b.priority < a.priority) ? b : a,
    );
    return { ended: true, day: first.day, cause: first.cause, deathFromLymphoma, reason: first.reason };
  }

  const last = p.lastAssessment;
  if (last === null) {
    return {
      ended: false,
      missing: ["lastDiseaseAssessmentDate"],
      reason: "no progression or death recorded and lastDiseaseAssessmentDate is missing",
    };
  }
  if (last < timeZero) {
    return {
      ended: true,
      day: timeZero,
      cause: "censored",
      deathFromLymphoma: false,
      reason: `censored at time zero: last adequate disease assessment ${isoDate(last)} precedes it`,
    };
  }
  return {
    ended: true,
    day: last,
    cause: "censored",
    deathFromLymphoma: false,
    reason: `censored at last adequate disease assessment ${isoDate(last)}`,
  };
}
