export { bestOverallResponse } from "./bestOverallResponse.js";
export { competingRisks } from "./competingRisks.js";
export { DAYS_PER_MONTH } from "./dates.js";
export { day90Response } from "./day90Response.js";
export { durationOfResponse } from "./durationOfResponse.js";
export { endpointPatientFrom, type PatientEndpoint, patientEndpoints } from "./fromDictionary.js";
export {
  type BestOverallResponseOptions,
  type CompetingRisksOptions,
  type Day90ResponseOptions,
  type DeathWithoutProgressionRule,
  type DurationOfResponseOptions,
  ENDPOINT_DEFAULTS,
  type NewTherapyRule,
  type OsOptions,
  type PfsOptions,
  type TimeOptions,
  type TimeZero,
  type TransplantRule,
} from "./options.js";
export { os } from "./os.js";
export type { AssessedResponse, DatedResponse, EndpointPatient } from "./patient.js";
export { pfs } from "./pfs.js";
export type { ResponseEndpoint } from "./responseResult.js";
export type { CompetingStatus, EndpointNotComputed, EndpointResult, EndpointTime } from "./result.js";
export { landmarkNominalDay } from "./timeZero.js";
