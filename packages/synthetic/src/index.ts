export { generateSyntheticStudy, type SyntheticStudy, simulateStudyTruth } from "./generate.js";
export { serializeSyntheticStudy } from "./serialize.js";
export type { SyntheticParameters } from "./studyParameters.js";
export type {
  Cohort,
  ObservationValue,
  Product,
  SyntheticCenter,
  SyntheticObservation,
  SyntheticPatient,
  SyntheticStudyOptions,
} from "./types.js";
