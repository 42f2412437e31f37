import { LDH_FIELD, LDH_ULN_FIELD } from "./fields.js";
import type { FieldSpec } from "./schema.js";

/** Fields shared by the IPI and the age-adjusted IPI (NEJM 1993;329:987, clinical-reference.md §B.5). */
export const IPI_FIELD = {
  age: "age_years",
  stage: "ann_arbor_stage_1_to_4",
  ecog: "ecog_performance_status_0_to_4",
  extranodal: "extranodal_sites_count",
  ldh: LDH_FIELD.name,
  ldhUln: LDH_ULN_FIELD.name,
} as const;

export const AGE_FIELD: FieldSpec = {
  name: IPI_FIELD.age,
  type: "number",
  unit: "years",
  range: { min: 0, max: 120 },
  presence: "required",
  description: "Age at the assessment (at relapse for a second-line index)",
};

export const STAGE_FIELD: FieldSpec = {
  name: IPI_FIELD.stage,
  type: "integer",
  unit: null,
  range: { min: 1, max: 4 },
  presence: "required",
  description: "Ann Arbor stage (III–IV scores)",
};

export const ECOG_FIELD: FieldSpec = {
  name: IPI_FIELD.ecog,
  type: "integer",
  unit: null,
  range: { min: 0, max: 4 },
  presence: "required",
  description: "ECOG performance status (≥ 2 scores)",
};

export const EXTRANODAL_FIELD: FieldSpec = {
  name: IPI_FIELD.extranodal,
  type: "integer",
  unit: "sites",
  range: { min: 0, max: 50 },
  presence: "required",
  description: "Number of extranodal sites (> 1 scores)",
};

export const LDH_ABOVE_ULN_FIELDS: readonly FieldSpec[] = [
  { ...LDH_FIELD, description: "LDH (scores when above the centre's ULN)" },
  LDH_ULN_FIELD,
];

export const IPI_NAMES: Readonly<Record<string, string>> = {
  ageYears: IPI_FIELD.age,
  annArborStage: IPI_FIELD.stage,
  ecogPs: IPI_FIELD.ecog,
  extranodalSitesCount: IPI_FIELD.extranodal,
  ldhUPerL: IPI_FIELD.ldh,
  ldhUlnUPerL: IPI_FIELD.ldhUln,
};

export const RISK_GROUPS = ["low", "low_intermediate", "high_intermediate", "high"] as const;
