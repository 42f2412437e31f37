/**
 * Shapes of what the engine's read views return; the HTTP API serialises them as they are and the
 * web UI imports these types (type-only) so that both sides agree.
 */
export type Cohort = "2L" | "3L+";
export const COHORTS: readonly Cohort[] = ["2L", "3L+"];

export type ConsentStatus = "consented" | "withdrawn";

export interface PatientListItem {
  id: string;
  center: string;
  centerName: string;
  cohort: Cohort;
  consent: ConsentStatus;
  synthetic: boolean;
  /** ISO date of enrolment (decision to treat). */
  enrolledOn: string | null;
  product: string | null;
  ageYears: number | null;
}

export interface PatientList {
  total: number;
  limit: number;
  offset: number;
  patients: PatientListItem[];
}

/** A value as stored: the newest version of one variable at one time point. */
export interface ObservationView {
  variable: string;
  label: string;
  timePoint: string;
  /** Typed value: number for number/integer, boolean for boolean, string for date/code/text. */
  value: number | string | boolean;
  /** Human text: code label, formatted number with unit, "yes"/"no". */
  display: string;
  unit: string | null;
  form: string;
  version: number;
  recordedAt: string;
  recordedBy: string;
}

export interface DerivedView {
  variable: string;
  label: string;
  timePoint: string;
  /** null when an input was missing; reason then names the missing field. */
  value: number | string | boolean | null;
  display: string;
  reason: string;
  /**
   * What the site entered for the same variable and time point, when it entered something: a grade
   * derived from the recorded signs that differs from the entered grade is a query for the data manager.
   */
  entered?: { display: string; agrees: boolean };
}

export interface TimelineEvent {
  date: string;
  /** Days from infusion (day 0); null when the patient was not infused. */
  studyDay: number | null;
  event: string;
  label: string;
  detail: string | null;
}

export interface LabSeries {
  variable: string;
  label: string;
  unit: string | null;
  /** Plausible range from the dictionary, for drawing a reference band. */
  range: { min: number; max: number } | null;
  points: { timePoint: string; studyDay: number; value: number }[];
}

export interface PatientDetail {
  id: string;
  center: string;
  centerName: string;
  cohort: Cohort;
  consent: ConsentStatus;
  synthetic: boolean;
  enrolledOn: string | null;
  /** Baseline and product values, grouped by form in dictionary order. */
  sections: { form: string; label: string; observations: ObservationView[] }[];
  derived: DerivedView[];
  timeline: TimelineEvent[];
  labs: LabSeries[];
}

export interface ContinuousSummary {
  n: number;
  missing: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

export interface CategoricalLevel {
  code: string;
  label: string;
  counts: Record<Cohort, { n: number; pct: number }>;
}

export type Table1Row =
  | {
      variable: string;
      label: string;
      unit: string | null;
      kind: "continuous";
      stats: Record<Cohort, ContinuousSummary>;
    }
  | {
      variable: string;
      label: string;
      unit: null;
      kind: "categorical";
      levels: CategoricalLevel[];
      missing: Record<Cohort, number>;
    };

export interface CohortSummary {
  centers: number;
  /** True when every patient counted is synthetic (the demo study). */
  allSynthetic: boolean;
  syntheticPatients: number;
  cohorts: Record<Cohort, { patients: number; infused: number; consentWithdrawn: number; centers: number }>;
  byCenter: { center: string; name: string; counts: Record<Cohort, number> }[];
  /** Patients enrolled per calendar month (by decision date). */
  enrolment: { month: string; counts: Record<Cohort, number> }[];
  table1: Table1Row[];
}
