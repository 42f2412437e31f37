import type { CohortSummary, LabSeries, PatientDetail } from "../src/apiTypes.js";

/** A small study summary in the API's shape, for the pure builders' tests. */
export const summaryFixture: CohortSummary = {
  centers: 2,
  allSynthetic: true,
  syntheticPatients: 5,
  cohorts: {
    "2L": { patients: 3, infused: 2, consentWithdrawn: 0, centers: 2 },
    "3L+": { patients: 2, infused: 2, consentWithdrawn: 1, centers: 1 },
  },
  byCenter: [
    { center: "C01", name: "Bologna", counts: { "2L": 2, "3L+": 2 } },
    { center: "C02", name: "C02", counts: { "2L": 1, "3L+": 0 } },
  ],
  enrolment: [
    { month: "2024-03", counts: { "2L": 1, "3L+": 0 } },
    { month: "2023-12", counts: { "2L": 1, "3L+": 2 } },
    { month: "2024-01", counts: { "2L": 1, "3L+": 0 } },
  ],
  table1: [
    {
      variable: "age_years",
      label: "Age",
      unit: "years",
      kind: "continuous",
      stats: {
        "2L": { n: 3, missing: 0, median: 64, q1: 58.5, q3: 70 },
        "3L+": { n: 1, missing: 1, median: 55, q1: null, q3: null },
      },
    },
    {
      variable: "sex",
      label: "Sex",
      unit: null,
      kind: "categorical",
      levels: [
        { code: "F", label: "Female", counts: { "2L": { n: 1, pct: 33.333 }, "3L+": { n: 0, pct: 0 } } },
        { code: "M", label: "Male", counts: { "2L": { n: 2, pct: 66.667 }, "3L+": { n: 1, pct: 100 } } },
      ],
      missing: { "2L": 0, "3L+": 1 },
    },
  ],
};

export const crpFixture: LabSeries = {
  variable: "crp_mg_per_l",
  label: "CRP",
  unit: "mg/L",
  range: { min: 0, max: 500 },
  points: [
    { timePoint: "d7", studyDay: 7, value: 12 },
    { timePoint: "pre_ld", studyDay: -5, value: 4.5 },
    { timePoint: "d0", studyDay: 0, value: 8 },
  ],
};

export const plateletsFixture: LabSeries = {
  variable: "platelets",
  label: "Platelets",
  unit: "×10⁹/L",
  range: null,
  points: [
    { timePoint: "d0", studyDay: 0, value: 150 },
    { timePoint: "d3", studyDay: 3, value: 90 },
  ],
};

export const patientFixture: PatientDetail = {
  id: "C01-0001",
  center: "C01",
  centerName: "Bologna",
  cohort: "2L",
  consent: "consented",
  synthetic: true,
  enrolledOn: "2024-01-10",
  sections: [
    {
      form: "baseline",
      label: "Patient and disease at baseline",
      observations: [
        observation("age_years", "Age", 67, "67 years", "years"),
        observation("sex", "Sex", "F", "Female", null),
        observation("ann_arbor_stage", "Ann Arbor stage", 4, "4", null),
      ],
    },
    {
      form: "product",
      label: "Product and procedure",
      observations: [observation("product", "Product", "axi_cel", "axicabtagene ciloleucel", null)],
    },
  ],
  derived: [],
  timeline: [],
  labs: [crpFixture, plateletsFixture],
};

function observation(
  variable: string,
  label: string,
  value: number | string,
  display: string,
  unit: string | null,
): PatientDetail["sections"][number]["observations"][number] {
  return {
    variable,
    label,
    timePoint: "decision",
    value,
    display,
    unit,
    form: "baseline",
    version: 1,
    recordedAt: "2024-01-10T09:00:00Z",
    recordedBy: "dm.bologna",
  };
}
