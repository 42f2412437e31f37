import type { AssessedResponse } from "./patient.js";
import { isResponder } from "./responses.js";

/** A response endpoint for one patient: the category, where it came from, and why. */
export interface ResponseEndpoint {
  response: AssessedResponse | null;
  /** CR/PR (metabolic or CT); null when the response is null. */
  responder: boolean | null;
  /** Date of the deciding assessment, progression or death. */
  date: string | null;
  /** Days after infusion of that date. */
  studyDay: number | null;
  /** The field that decided: "responseD90", "assessments[2]", "progressionDate", "deathDate". */
  source: string | null;
  /** Fields whose absence left the response null. */
  missing: readonly string[];
  reason: string;
}

export function responseFound(
  response: AssessedResponse,
  date: string,
  studyDay: number,
  source: string,
  reason: string,
): ResponseEndpoint {
  return { response, responder: isResponder(response), date, studyDay, source, missing: [], reason };
}

export function noResponse(reason: string, missing: readonly string[]): ResponseEndpoint {
  return { response: null, responder: null, date: null, studyDay: null, source: null, missing, reason };
}
