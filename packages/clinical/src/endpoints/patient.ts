import { LUGANO_RESPONSE } from "../dictionary/codes.js";
import { DATE_ORDER, VARIABLES } from "../dictionary/variables.js";
import { readDate } from "./dates.js";

/**
 * One patient's event dates, read once and checked before any endpoint is derived from them.
 * Field names are the dictionary's variable ids in camelCase (`progression_date` → `progressionDate`),
 * so a record maps field by field; the reasons and errors name these fields.
 */

/** Lugano 2014 categories: PET-CT (metabolic) first, then CT-only (Cheson BD et al. J Clin Oncol 2014;32:3059). */
export type AssessedResponse = "CMR" | "PMR" | "NMR" | "PMD" | "CR" | "PR" | "SD" | "PD";

/** One response assessment (PET-CT or CT) on a given date. */
export interface DatedResponse {
  date: string;
  response: AssessedResponse;
}

export type MaybeDate = string | null | undefined;

export interface EndpointPatient {
  decisionDate?: MaybeDate;
  apheresisDate?: MaybeDate;
  ldStartDate?: MaybeDate;
  infusionDate?: MaybeDate;
  /** First documentation of progression/relapse; absent = no progression recorded. */
  progressionDate?: MaybeDate;
  /** Absent = alive at last contact. */
  deathDate?: MaybeDate;
  deathCause?: string | null;
  /** Start of new anti-lymphoma therapy; absent = none. */
  newTherapyDate?: MaybeDate;
  consolidativeTransplant?: "none" | "autologous" | "allogeneic" | null;
  consolidativeTransplantDate?: MaybeDate;
  lastDiseaseAssessmentDate?: MaybeDate;
  lastContactDate?: MaybeDate;
  responseD28?: AssessedResponse | null;
  /** Date of the day-28 scan; infusion + 28 days when absent. */
  responseD28Date?: MaybeDate;
  responseD90?: AssessedResponse | null;
  /** Date of the day-90 scan; infusion + 90 days when absent. */
  responseD90Date?: MaybeDate;
  /** Further dated assessments (any day), merged with the day-28 and day-90 responses. */
  assessments?: readonly DatedResponse[] | null;
}

/** A response assessment as an epoch day; `field` names where it came from, for reasons and errors. */
export interface Assessment {
  day: number;
  response: AssessedResponse;
  field: string;
  /** True when the date is the nominal visit day (infusion + 28 or + 90), not a recorded date. */
  nominal: boolean;
}

/** The patient with every date as an epoch day (days since 1970-01-01), null when absent. */
export interface PatientDays {
  apheresis: number | null;
  infusion: number | null;
  progression: number | null;
  death: number | null;
  deathCause: string | null;
  newTherapy: number | null;
  transplant: "none" | "autologous" | "allogeneic" | null;
  transplantDay: number | null;
  lastAssessment: number | null;
  lastContact: number | null;
  /**
   * Dated assessments, sorted by day. Undated day-28/day-90 responses of a patient without infusionDate
   * are left out: every endpoint that reads responses needs infusionDate and says so.
   */
  assessments: readonly Assessment[];
}

const DATE_FIELDS = [
  "decisionDate",
  "apheresisDate",
  "ldStartDate",
  "infusionDate",
  "progressionDate",
  "deathDate",
  "newTherapyDate",
  "consolidativeTransplantDate",
  "lastDiseaseAssessmentDate",
  "lastContactDate",
  "responseD28Date",
  "responseD90Date",
] as const;

type DateField = (typeof DATE_FIELDS)[number];

const camelCase = (id: string): string => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The dictionary's date order (the same rules the importer enforces), plus orders the dictionary leaves
 * implicit but that an endpoint relies on: nothing is assessed or done after death, and no explicit scan
 * date precedes infusion.
 */
const ORDER: readonly [DateField, DateField][] = [
  ...DATE_ORDER.map((rule): [string, string] => [camelCase(rule.earlier), camelCase(rule.later)]).filter(
    (pair): pair is [DateField, DateField] =>
      pair.every((f) => (DATE_FIELDS as readonly string[]).includes(f)),
  ),
  ["apheresisDate", "deathDate"],
  ["apheresisDate", "lastContactDate"],
  ["lastDiseaseAssessmentDate", "deathDate"],
  ["consolidativeTransplantDate", "deathDate"],
  ["infusionDate", "responseD28Date"],
  ["infusionDate", "responseD90Date"],
  ["responseD28Date", "deathDate"],
  ["responseD90Date", "deathDate"],
];

function codesOf(variable: string): readonly string[] {
  return VARIABLES.find((v) => v.id === variable)!.codes!.map((c) => c.code);
}

const DEATH_CAUSES = codesOf("death_cause");
const TRANSPLANT_CODES = codesOf("consolidative_transplant");
const RESPONSE_CODES = LUGANO_RESPONSE.map((c) => c.code);

function readCode<T extends string>(field: string, value: unknown, allowed: readonly string[]): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new RangeError(`${field} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function outOfOrder(earlierField: string, earlier: string, laterField: string, later: string): RangeError {
  return new RangeError(`${laterField} ${later} is before ${earlierField} ${earlier}`);
}

const DAY_28 = 28;
const DAY_90 = 90;

/** Reads and checks one patient; throws a RangeError naming the field(s) for invalid or contradictory data. */
export function readPatient(patient: EndpointPatient): PatientDays {
  const day = {} as Record<DateField, number | null>;
  for (const field of DATE_FIELDS) day[field] = readDate(field, patient[field]);
  for (const [earlier, later] of ORDER) {
    const a = day[earlier];
    const b = day[later];
    if (a !== null && b !== null && b < a) {
      throw outOfOrder(earlier, patient[earlier]!, later, patient[later]!);
    }
  }
  const deathCause = readCode<string>("deathCause", patient.deathCause, DEATH_CAUSES);
  const transplant = readCode<"none" | "autologous" | "allogeneic">(
    "consolidativeTransplant",
    patient.consolidativeTransplant,
    TRANSPLANT_CODES,
  );
  if (transplant === "none" && day.consolidativeTransplantDate !== null) {
    throw new RangeError(
      `consolidativeTransplantDate ${patient.consolidativeTransplantDate} is given but consolidativeTransplant is none`,
    );
  }

  const assessments: Assessment[] = [];
  const scheduled = [
    ["responseD28", "responseD28Date", DAY_28],
    ["responseD90", "responseD90Date", DAY_90],
  ] as const;
  for (const [field, dateField, nominalDay] of scheduled) {
    const response = readCode<AssessedResponse>(field, patient[field], RESPONSE_CODES);
    if (response === null) {
      if (day[dateField] !== null) {
        throw new RangeError(`${dateField} ${patient[dateField]} is given but ${field} is missing`);
      }
      continue;
    }
    if (day[dateField] !== null) {
      assessments.push({ day: day[dateField]!, response, field, nominal: false });
      continue;
    }
    if (day.infusionDate === null) continue;
    const nominal = day.infusionDate + nominalDay;
    if (day.deathDate !== null && nominal > day.deathDate) {
      // A day-90 "PMD" for a patient who died earlier is the non-responder coding (§D.4), not a scan.
      if (response === "PMD" || response === "PD") continue;
      throw new RangeError(
        `${field} ${response} at its nominal day +${nominalDay} is after deathDate ${patient.deathDate}`,
      );
    }
    assessments.push({ day: nominal, response, field, nominal: true });
  }
  (patient.assessments ?? []).forEach((a, i) => {
    const field = `assessments[${i}]`;
    const d = readDate(`${field}.date`, a?.date);
    if (d === null) throw new RangeError(`${field}.date is missing`);
    const response = readCode<AssessedResponse>(`${field}.response`, a.response, RESPONSE_CODES);
    if (response === null) throw new RangeError(`${field}.response is missing`);
    if (day.deathDate !== null && d > day.deathDate)
      throw outOfOrder("deathDate", patient.deathDate!, `${field}.date`, a.date);
    assessments.push({ day: d, response, field, nominal: false });
  });
  assessments.sort((a, b) => a.day - b.day);
  const unique: Assessment[] = [];
  for (const a of assessments) {
    const prev = unique[unique.length - 1];
    if (prev && prev.day === a.day) {
      if (prev.response === a.response) continue;
      throw new RangeError(
        `${prev.field} ${prev.response} and ${a.field} ${a.response} are different responses on the same day`,
      );
    }
    unique.push(a);
  }

  return {
    apheresis: day.apheresisDate,
    infusion: day.infusionDate,
    progression: day.progressionDate,
    death: day.deathDate,
    deathCause,
    newTherapy: day.newTherapyDate,
    transplant,
    transplantDay: day.consolidativeTransplantDate,
    lastAssessment: day.lastDiseaseAssessmentDate,
    lastContact: day.lastContactDate,
    assessments: unique,
  };
}
