import { findVariable, knownFrom } from "../dictionary/dictionary.js";
import { FORMS } from "../dictionary/forms.js";
import { DAILY_TIME_POINTS } from "../dictionary/timePoints.js";
import type { VariableDef } from "../dictionary/types.js";
import { VARIABLES } from "../dictionary/variables.js";
import {
  DERIVED_SCORES,
  type DerivedScoreDef,
  findDerivedScore,
  inadmissibleInput,
  scoreTimePoint,
} from "./derivedScores.js";
import { FEATURE_ENDPOINTS, type FeatureEndpoint, findFeatureEndpoint } from "./endpoints.js";
import {
  admissibleAt,
  describeTimePoint,
  firstKnown,
  isPredictionLandmark,
  latestAdmissibleTimePoint,
  PREDICTION_LANDMARKS,
  type PredictionLandmark,
  timePointOrder,
} from "./landmarks.js";
import { isModality, MODALITIES, MODALITY_FORMS, type Modality, modalityOf } from "./modalities.js";

/**
 * What a feature table holds: the landmark, the features (dictionary variables, whole modalities or
 * forms, derived scores) and the endpoint. With no variables, modalities nor derived scores the table
 * holds everything known at the landmark: every modality and every computable score.
 */
export interface FeatureSpec {
  landmark: PredictionLandmark;
  /**
   * Dictionary ids, each read at its latest time point admissible at the landmark; `id@time_point`
   * reads one given admissible time point instead (ctDNA at apheresis next to pre-LD, for kinetics).
   * A derived score's id may be given here too.
   */
  variables?: readonly string[];
  /** Modalities (clinical, ctdna, flow_blood, flow_product, transcriptome) or dictionary form ids. */
  modalities?: readonly string[];
  /** Derived scores by alias or dictionary id: ipi, aaipi, hematotox, easix, m_easix, bulky. */
  derived?: readonly string[];
  endpoint?: FeatureEndpoint | null;
}

export type FeatureType = "numeric" | "binary" | "categorical";

/** One column of a feature table: where its values come from and how they are coded. */
export interface FeatureDef {
  name: string;
  /** Dictionary id of the variable or derived score. */
  variable: string;
  /** The time point read (for derived scores: the visit the score stands for). */
  timePoint: string;
  modality: Modality;
  type: FeatureType;
  /** Dictionary codes of a categorical feature, in dictionary order; null otherwise. */
  levels: readonly string[] | null;
  label: string;
  unit: string | null;
  /** The rule of a derived score, null for a recorded variable. */
  derivation: string | null;
}

export type FeatureSpecCheck =
  | { ok: true; spec: FeatureSpec; features: readonly FeatureDef[] }
  | { ok: false; errors: readonly string[] };

/** A spec refused: every problem, each naming the variable, score, modality or field. */
export class FeatureSpecError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`feature spec refused: ${errors.join("; ")}`);
    this.name = "FeatureSpecError";
  }
}

export const FEATURE_SPEC_FORMAT = "carta.feature-spec";
export const FEATURE_SPEC_VERSION = 1;

function featureType(v: VariableDef): FeatureType | null {
  if (v.type === "number" || v.type === "integer") return "numeric";
  if (v.type === "boolean") return "binary";
  if (v.type === "code") return "categorical";
  return null;
}

function variableFeature(v: VariableDef, timePoint: string, name: string): FeatureDef {
  const type = featureType(v)!;
  return {
    name,
    variable: v.id,
    timePoint,
    modality: modalityOf(v),
    type,
    levels: type === "categorical" ? v.codes!.map((c) => c.code) : null,
    label: v.label,
    unit: v.unit,
    derivation: null,
  };
}

function scoreFeature(score: DerivedScoreDef, landmark: PredictionLandmark): FeatureDef {
  const v = findVariable(score.id)!;
  return {
    name: score.id,
    variable: score.id,
    timePoint: scoreTimePoint(score, landmark),
    modality: "clinical",
    type: featureType(v)!,
    levels: null,
    label: v.label,
    unit: v.unit,
    derivation: v.derivation!.rule,
  };
}

function later(v: VariableDef, landmark: PredictionLandmark): string {
  const first = firstKnown(v);
  const many = v.timePoints.length > 1 ? " at the earliest" : "";
  const from = first.landmark === "followup" ? "" : `, known from the landmark "${first.landmark}"`;
  return `${v.id} is recorded at ${describeTimePoint(first.timePoint)}${many}${from}, after the landmark "${landmark}"`;
}

/** Variables a modality or form name stands for. */
function membersOf(name: string): VariableDef[] | null {
  const forms = isModality(name) ? MODALITY_FORMS[name] : FORMS.some((f) => f.id === name) ? [name] : null;
  if (!forms) return null;
  return VARIABLES.filter(
    (v) => forms.includes(v.form) && featureType(v) !== null && findDerivedScore(v.id) === undefined,
  );
}

/**
 * Checks a spec against the dictionary and the landmark rule: a variable or score known only after the
 * landmark is refused with its name, the time point it is first recorded at and the landmark (DESIGN.md
 * "Time and leakage"). Modalities and forms bring in their members known at the landmark; one with none
 * is refused. On success, the columns in dictionary order (variables, then derived scores).
 */
export function validateFeatureSpec(spec: FeatureSpec): FeatureSpecCheck {
  const errors: string[] = [];
  const landmark = spec.landmark;
  if (!isPredictionLandmark(landmark)) {
    return {
      ok: false,
      errors: [`landmark ${JSON.stringify(landmark)} is not one of ${PREDICTION_LANDMARKS.join(", ")}`],
    };
  }
  if (spec.endpoint != null && !findFeatureEndpoint(spec.endpoint)) {
    errors.push(
      `endpoint ${JSON.stringify(spec.endpoint)} is not one of ${FEATURE_ENDPOINTS.map((e) => e.id).join(", ")}`,
    );
  }
  const everything = !spec.variables?.length && !spec.modalities?.length && !spec.derived?.length;
  const byName = new Map<string, FeatureDef>();
  const scores = new Set<DerivedScoreDef>();
  const addVariable = (v: VariableDef, timePoint: string, name: string) => {
    if (!byName.has(name)) byName.set(name, variableFeature(v, timePoint, name));
  };
  const addScore = (name: string) => {
    const score = findDerivedScore(name);
    if (!score) {
      errors.push(
        `derived score ${JSON.stringify(name)} is not one of ${DERIVED_SCORES.map((d) => d.alias).join(", ")}`,
      );
      return;
    }
    const input = inadmissibleInput(score, landmark);
    if (input) {
      const first = firstKnown(input);
      errors.push(
        `${score.id} is computed from ${input.id}, recorded at ${describeTimePoint(first.timePoint)} at the earliest, known from the landmark "${first.landmark}", after the landmark "${landmark}"`,
      );
      return;
    }
    scores.add(score);
  };

  for (const item of spec.variables ?? []) {
    const [id, timePoint, extra] = item.split("@");
    const v = findVariable(id!);
    if (!v || extra !== undefined) {
      const derivedScore = extra === undefined && timePoint === undefined ? findDerivedScore(id!) : undefined;
      if (derivedScore) addScore(id!);
      else errors.push(`variable ${JSON.stringify(item)} is not in the study dictionary`);
      continue;
    }
    if (findDerivedScore(v.id)) {
      if (timePoint !== undefined) errors.push(`${v.id} is a derived score: give it without a time point`);
      else addScore(v.id);
      continue;
    }
    const type = featureType(v);
    if (type === null) {
      errors.push(
        `${v.id} is a ${v.type}, not a feature (dates place a patient in calendar time; the endpoint carries the times)`,
      );
      continue;
    }
    if (timePoint === undefined) {
      const latest = latestAdmissibleTimePoint(v, landmark);
      if (latest === null) errors.push(later(v, landmark));
      else addVariable(v, latest, v.id);
      continue;
    }
    if (!v.timePoints.includes(timePoint)) {
      errors.push(
        `${v.id} is not collected at ${JSON.stringify(timePoint)} (only ${v.timePoints.join(", ")})`,
      );
    } else if (!admissibleAt(v, timePoint, landmark)) {
      const known = knownFrom(v, timePoint);
      errors.push(
        `${v.id} at ${describeTimePoint(timePoint)} is known from the landmark "${known}", after the landmark "${landmark}"`,
      );
    } else {
      addVariable(v, timePoint, `${v.id}_at_${timePoint}`);
    }
  }

  const modalityNames = everything ? [...MODALITIES] : (spec.modalities ?? []);
  for (const name of modalityNames) {
    const members = membersOf(name);
    if (!members) {
      errors.push(
        `${JSON.stringify(name)} is neither a modality (${MODALITIES.join(", ")}) nor a dictionary form (${FORMS.map((f) => f.id).join(", ")})`,
      );
      continue;
    }
    let added = 0;
    for (const v of members) {
      const latest = latestAdmissibleTimePoint(v, landmark);
      if (latest === null) continue;
      addVariable(v, latest, v.id);
      added++;
    }
    if (added === 0 && !everything) {
      const first = members
        .map(firstKnown)
        .sort((a, b) => timePointOrder(a.timePoint) - timePointOrder(b.timePoint))[0];
      errors.push(
        `${name} has no variable known at the landmark "${landmark}"` +
          (first ? ` (its first values are recorded at ${describeTimePoint(first.timePoint)})` : ""),
      );
    }
  }

  if (everything) {
    for (const score of DERIVED_SCORES) if (inadmissibleInput(score, landmark) === null) scores.add(score);
  }
  for (const name of spec.derived ?? []) addScore(name);

  if (errors.length) return { ok: false, errors };
  const variableOrder = new Map(VARIABLES.map((v, i) => [v.id, i]));
  const columns = [...byName.values()].sort(
    (a, b) =>
      variableOrder.get(a.variable)! - variableOrder.get(b.variable)! ||
      timePointOrder(a.timePoint) - timePointOrder(b.timePoint),
  );
  for (const score of DERIVED_SCORES) if (scores.has(score)) columns.push(scoreFeature(score, landmark));
  return { ok: true, spec, features: columns };
}

/**
 * The values a table built from these features reads, as variables and time points (a superset of the
 * pairs read, narrow enough for one indexed query): the features, the inputs of the scores and the
 * endpoint's fields.
 */
export function valuesRead(
  features: readonly FeatureDef[],
  endpoint: FeatureEndpoint | null | undefined,
): { variables: string[]; timePoints: string[] } {
  const variables = new Set<string>(["infusion_date"]);
  const timePoints = new Set<string>(["d0"]);
  for (const f of features) {
    const score = findDerivedScore(f.variable);
    if (score) {
      for (const id of findVariable(score.id)!.derivation!.from) variables.add(id);
      for (const tp of score.timePoints) timePoints.add(tp);
    } else {
      variables.add(f.variable);
      timePoints.add(f.timePoint);
    }
  }
  if (endpoint != null) {
    const read = ENDPOINT_VALUES[endpoint];
    for (const id of read.variables) variables.add(id);
    for (const tp of read.timePoints) timePoints.add(tp);
  }
  return { variables: [...variables], timePoints: [...timePoints] };
}

/** The fields `endpointPatientFrom` reads, and where. */
const EVENTS = {
  variables: [
    "decision_date",
    "apheresis_date",
    "ld_start_date",
    "infusion_date",
    "progression_date",
    "death_date",
    "death_cause",
    "new_therapy_date",
    "consolidative_transplant",
    "consolidative_transplant_date",
    "last_disease_assessment_date",
    "last_contact_date",
    "response_d28",
    "response_d90",
  ],
  timePoints: ["decision", "apheresis", "pre_ld", "d0", "d28", "d90", "outcome"],
};

/** Severe toxicity also reads the daily grades of days 0–30 and the day 0–30 summary. */
function toxicity(prefix: "crs" | "icans"): { variables: string[]; timePoints: string[] } {
  return {
    variables: [...EVENTS.variables, `${prefix}_grade`, `${prefix}_max_grade`, `${prefix}_onset_day`],
    timePoints: [...EVENTS.timePoints, ...DAILY_TIME_POINTS],
  };
}

const ENDPOINT_VALUES: Readonly<Record<FeatureEndpoint, { variables: string[]; timePoints: string[] }>> = {
  cr_day90: EVENTS,
  crs_grade3: toxicity("crs"),
  icans_grade3: toxicity("icans"),
  pfs_event_by_6m: EVENTS,
  pfs_event_by_12m: EVENTS,
  pfs: EVENTS,
  os: EVENTS,
  relapse_vs_nrm: EVENTS,
};

/** A spec as a file holds it: the landmark may come from the command line instead. */
export type FeatureSpecFile = Omit<FeatureSpec, "landmark"> & { landmark?: PredictionLandmark };

const SPEC_FIELDS = new Set([
  "format",
  "version",
  "landmark",
  "variables",
  "modalities",
  "derived",
  "endpoint",
]);

function stringList(value: unknown, field: string, errors: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((x) => typeof x !== "string")) {
    errors.push(`${field} must be a list of strings`);
    return undefined;
  }
  return value as string[];
}

/**
 * A spec read from a JSON document (`carta lab features --spec`): `format` "carta.feature-spec" and
 * `version` 1 are required, unknown fields are refused by name. The content is then checked by
 * `validateFeatureSpec`. Throws a FeatureSpecError listing every problem.
 */
export function readFeatureSpec(json: unknown, source = "feature spec"): FeatureSpecFile {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new FeatureSpecError([`${source}: expected a JSON object`]);
  }
  const o = json as Record<string, unknown>;
  const errors: string[] = [];
  if (o.format !== FEATURE_SPEC_FORMAT)
    errors.push(`format must be "${FEATURE_SPEC_FORMAT}", got ${JSON.stringify(o.format)}`);
  if (o.version !== FEATURE_SPEC_VERSION)
    errors.push(`version must be ${FEATURE_SPEC_VERSION}, got ${JSON.stringify(o.version)}`);
  for (const key of Object.keys(o))
    if (!SPEC_FIELDS.has(key)) errors.push(`unknown field ${JSON.stringify(key)}`);
  if (o.landmark !== undefined && typeof o.landmark !== "string") errors.push("landmark must be a string");
  if (o.endpoint !== undefined && o.endpoint !== null && typeof o.endpoint !== "string")
    errors.push("endpoint must be a string or null");
  const variables = stringList(o.variables, "variables", errors);
  const modalities = stringList(o.modalities, "modalities", errors);
  const derived = stringList(o.derived, "derived", errors);
  if (errors.length) throw new FeatureSpecError(errors.map((e) => `${source}: ${e}`));
  const spec: FeatureSpecFile = {};
  if (o.landmark !== undefined) spec.landmark = o.landmark as PredictionLandmark;
  if (variables) spec.variables = variables;
  if (modalities) spec.modalities = modalities;
  if (derived) spec.derived = derived;
  if (o.endpoint != null) spec.endpoint = o.endpoint as FeatureEndpoint;
  return spec;
}
