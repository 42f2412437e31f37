import type { Cohort } from "../apiTypes.js";

export const COHORT_SUMMARY_PATH = "/api/cohort/summary";
export const DICTIONARY_PATH = "/api/dictionary";

export interface PatientListQuery {
  cohort: Cohort | null;
  center: string | null;
  offset: number;
  limit: number;
}

/** `/api/patients?...`; URLSearchParams encodes "3L+" as "3L%2B" as the API expects. */
export function patientListApiPath(query: PatientListQuery): string {
  const params = new URLSearchParams();
  params.set("limit", String(query.limit));
  params.set("offset", String(query.offset));
  if (query.cohort !== null) params.set("cohort", query.cohort);
  if (query.center !== null) params.set("center", query.center);
  return "/api/patients?" + params.toString();
}

export function patientApiPath(id: string): string {
  return "/api/patients/" + encodeURIComponent(id);
}

export const SCALES_PATH = "/api/scales";

export function scaleApiPath(scale: string): string {
  return "/api/scales/" + encodeURIComponent(scale);
}
