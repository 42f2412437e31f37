import { formatCsv } from "../csv/csv.js";
import type { ValueLookup } from "../dictionary/derive.js";
import type { ObservationValue } from "../dictionary/values.js";
import { scoresAt } from "./derivedScores.js";
import { type FeatureEndpointDef, findFeatureEndpoint } from "./endpoints.js";
import { ENDPOINT_LANDMARK_DAY, LANDMARK_LAST_TIME_POINT, type PredictionLandmark } from "./landmarks.js";
import { EXCLUSION_RULES, type ExclusionRule, type FeatureOutcome, landmarkOutcome } from "./outcome.js";
import { type FeatureDef, type FeatureSpec, FeatureSpecError, validateFeatureSpec } from "./spec.js";

/**
 * A feature table at a landmark: one row per patient of the landmark population, one column per feature
 * with where it came from, and the endpoint counted from the landmark. Missing values stay null — never
 * imputed, never zero — and categorical features keep their dictionary codes (learners encode them).
 */
export interface FeaturePatient {
  id: string;
  cohort: string;
  center: string;
  /** Consent-withdrawn patients leave new analyses (JOURNEYS.md 5); absent = consented. */
  consent?: "consented" | "withdrawn";
  /** The patient's current value of a variable at a time point, typed as the dictionary declares it. */
  get: ValueLookup;
}

/** number for numeric features, 0/1 for binary ones, the dictionary code for categorical ones. */
export type FeatureValue = number | string | null;

export interface FeatureColumn extends FeatureDef {
  /** Rows where the value is missing. */
  missing: number;
}

export interface FeatureRow {
  patientId: string;
  cohort: string;
  center: string;
  /** One value per column, in column order. */
  values: FeatureValue[];
  /** The endpoint counted from the landmark; null when the spec has no endpoint. */
  outcome: FeatureOutcome | null;
}

export interface ExcludedPatient {
  patientId: string;
  cohort: string;
  center: string;
  rule: ExclusionRule;
  reason: string;
}

export interface FeatureTable {
  format: "carta.feature-table";
  version: 1;
  landmark: PredictionLandmark;
  /** The last time point any column may read at this landmark. */
  lastTimePoint: string;
  spec: FeatureSpec;
  endpoint: (FeatureEndpointDef & { landmarkDay: number }) | null;
  columns: FeatureColumn[];
  rows: FeatureRow[];
  excluded: ExcludedPatient[];
  counts: {
    /** Patients given to the builder. */
    patients: number;
    rows: number;
    excluded: Record<ExclusionRule, number>;
    /** Rows kept whose endpoint could not be computed (outcome value null). */
    endpointMissing: number;
  };
}

function featureValue(
  f: FeatureDef,
  value: ObservationValue | number | boolean | null | undefined,
  patientId: string,
): FeatureValue {
  if (value === undefined || value === null) return null;
  const wrong = () =>
    new RangeError(
      `patient ${patientId}: ${f.variable} at ${f.timePoint} is ${JSON.stringify(value)}, not a ${f.type} value`,
    );
  switch (f.type) {
    case "numeric":
      if (typeof value !== "number" || !Number.isFinite(value)) throw wrong();
      return value;
    case "binary":
      if (typeof value !== "boolean") throw wrong();
      return value ? 1 : 0;
    case "categorical":
      if (typeof value !== "string" || !f.levels!.includes(value)) throw wrong();
      return value;
  }
}

function outcomeMissing(o: FeatureOutcome): boolean {
  return o.kind === "binary" ? o.event === null : o.status === null;
}

/**
 * Builds the table. The population is the infused (mITT, clinical-reference.md §E.3), consenting
 * patients; with an endpoint, those whose event or censoring came before the landmark (or, for a
 * horizon endpoint, censoring before the horizon) are left out, each with the rule and reason, and
 * counted. Throws a FeatureSpecError for a spec `validateFeatureSpec` refuses.
 */
export function buildFeatureTable(patients: readonly FeaturePatient[], spec: FeatureSpec): FeatureTable {
  const check = validateFeatureSpec(spec);
  if (!check.ok) throw new FeatureSpecError(check.errors);
  const { landmark } = spec;
  const features = check.features;
  const endpointDef = spec.endpoint != null ? findFeatureEndpoint(spec.endpoint)! : null;
  const hasScores = features.some((f) => f.derivation !== null);

  const rows: FeatureRow[] = [];
  const excluded: ExcludedPatient[] = [];
  const counts = Object.fromEntries(EXCLUSION_RULES.map((r) => [r, 0])) as Record<ExclusionRule, number>;
  const exclude = (p: FeaturePatient, rule: ExclusionRule, reason: string) => {
    counts[rule]++;
    excluded.push({ patientId: p.id, cohort: p.cohort, center: p.center, rule, reason });
  };
  let endpointMissing = 0;

  for (const p of patients) {
    if (p.consent === "withdrawn") {
      exclude(p, "consent_withdrawn", "consent withdrawn: the patient leaves new analyses");
      continue;
    }
    if (typeof p.get("infusion_date", "d0") !== "string") {
      exclude(p, "not_infused", "no infusion_date: not in the infused (mITT) population");
      continue;
    }
    let outcome: FeatureOutcome | null = null;
    if (endpointDef) {
      const r = landmarkOutcome(p.get, endpointDef.id, landmark);
      if (!r.included) {
        exclude(p, r.rule, r.reason);
        continue;
      }
      outcome = r.outcome;
      if (outcomeMissing(outcome)) endpointMissing++;
    }
    const scores = hasScores ? scoresAt(p.get, landmark) : null;
    const values = features.map((f) =>
      featureValue(f, f.derivation !== null ? scores!.get(f.variable) : p.get(f.variable, f.timePoint), p.id),
    );
    rows.push({ patientId: p.id, cohort: p.cohort, center: p.center, values, outcome });
  }

  const columns: FeatureColumn[] = features.map((f, j) => ({
    ...f,
    missing: rows.reduce((n, r) => n + (r.values[j] === null ? 1 : 0), 0),
  }));
  return {
    format: "carta.feature-table",
    version: 1,
    landmark,
    lastTimePoint: LANDMARK_LAST_TIME_POINT[landmark],
    spec,
    endpoint: endpointDef ? { ...endpointDef, landmarkDay: ENDPOINT_LANDMARK_DAY[landmark] } : null,
    columns,
    rows,
    excluded,
    counts: { patients: patients.length, rows: rows.length, excluded: counts, endpointMissing },
  };
}

/**
 * The table as CSV: patient_id, cohort, center, the feature columns, then the endpoint — one 0/1 column
 * named after a binary endpoint, or `<endpoint>_time_months` and `<endpoint>_status` for a time one.
 * A missing value is an empty cell. The column metadata stays in the JSON form of the table.
 */
export function featureTableCsv(table: FeatureTable): string {
  const e = table.endpoint;
  const endpointHeader =
    e === null ? [] : e.kind === "binary" ? [e.id] : [`${e.id}_time_months`, `${e.id}_status`];
  const cell = (v: FeatureValue | undefined): string => (v === null || v === undefined ? "" : String(v));
  const lines: string[][] = [
    ["patient_id", "cohort", "center", ...table.columns.map((c) => c.name), ...endpointHeader],
  ];
  for (const r of table.rows) {
    const o = r.outcome;
    const endpointCells =
      o === null ? [] : o.kind === "binary" ? [cell(o.event)] : [cell(o.timeMonths), cell(o.status)];
    lines.push([r.patientId, r.cohort, r.center, ...r.values.map(cell), ...endpointCells]);
  }
  return formatCsv(lines);
}
