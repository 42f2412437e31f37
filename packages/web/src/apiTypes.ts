/**
 * The API's response shapes. The engine owns them (type-only import, so nothing from the engine is bundled);
 * the dictionary endpoint's shape is declared here because the browser needs only its display fields.
 */
export type {
  CategoricalLevel,
  Cohort,
  CohortSummary,
  ConsentStatus,
  ContinuousSummary,
  DerivedView,
  LabSeries,
  ObservationView,
  PatientDetail,
  PatientList,
  PatientListItem,
  Table1Row,
  TimelineEvent,
} from "../../engine/src/views/types.js";

export interface DictionaryVariable {
  id: string;
  label: string;
  type: string;
  unit: string | null;
  form: string;
  timePoints: string[];
  landmark: string | null;
  required: boolean;
  codes?: { code: string; label: string }[] | null;
  range?: { min: number; max: number } | null;
}

export interface DictionaryTimePoint {
  id: string;
  label: string;
  landmark: string;
  nominalDay: number | null;
}

export interface StudyDictionaryView {
  format: string;
  version: number;
  /** The study's name; optional because the API contract does not promise it. */
  study?: string;
  variables: DictionaryVariable[];
  forms: { id: string; label: string }[];
  timePoints: DictionaryTimePoint[];
}

/** Body of every 4xx/5xx answer from the API. */
export interface ApiErrorBody {
  error: string;
  message: string;
}
