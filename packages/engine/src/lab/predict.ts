import { type FeatureColumn, findVariable, type Modality } from "@carta/clinical";
import {
  type FeatureCell,
  intendedUseOf,
  isSurvivalEndpoint,
  type LearningTable,
  modelEvent,
} from "@carta/ml";
import { quantileSorted } from "@carta/stats";
import type { Actor } from "../store/actors.js";
import type { Store } from "../store/openStore.js";
import { readablePatientsWithCenter } from "../store/patients.js";
import { getModel, ModelNotFound } from "./models.js";
import { riskLearnerOf } from "./modelValidation.js";
import { type PredictionKit, predictionKit, type ValidationSummary } from "./predictionKit.js";
import {
  type BootstrapInterval,
  bootstrapIntervalFromRefits,
  type ConformalResult,
  conformalSetFromSplit,
} from "./predictionUncertainty.js";
import { gowerNeighbours } from "./similarPatients.js";
import {
  logistic,
  probabilityLink,
  type StoredModel,
  storedMargins,
  storedProbabilities,
} from "./storedModel.js";

/**
 * One patient's prediction from a registry model, with where every number comes from (docs/lab.md
 * "Predicting for one patient"): the stored model version's probability of the spec's event at its
 * landmark, SHAP attributions per feature and per modality, what the patient's missing inputs could
 * change, the most similar training patients, and two uncertainty statements (a bootstrap interval
 * and a split-conformal prediction set). Everything is read with the actor's scope: a patient the
 * actor cannot read is "not found", and the training rows are those the actor may read (whether they
 * are still exactly the rows the version was fitted on is reported, not assumed).
 */

export class PatientNotFound extends Error {
  constructor(id: string) {
    super(`no patient "${id}"`);
    this.name = "PatientNotFound";
  }
}

export interface PredictOptions {
  /** Model version; default the newest. */
  version?: number;
  /** Bootstrap refits for the interval (default 50). */
  bootstrapReplicates?: number;
  /** Interval level (default 0.95). */
  intervalLevel?: number;
  /** Conformal miscoverage α (default 0.1: 90 % sets). */
  conformalAlpha?: number;
  /** Share of the training rows held out to calibrate the conformal set (default 1/3). */
  calibrationFraction?: number;
  /** Seed of the bootstrap and the calibration split (default: the spec's validation seed). */
  seed?: number;
  /** How many similar patients (default 5). */
  similar?: number;
  /** What-if inputs: feature name → the value to use instead of the recorded one (null: missing). */
  whatIf?: Readonly<Record<string, unknown>>;
  /**
   * A what-if input the model does not have: refused (default), or ignored — for a page that sends
   * the same edits to several models with different inputs.
   */
  whatIfOtherInputs?: "refuse" | "ignore";
}

export interface Reason {
  feature: string;
  label: string;
  value: FeatureCell;
  unit: string | null;
  /** Change in probability, percentage points (see reasonsOf). */
  points: number;
  text: string;
}

export interface WhatIfEdit {
  feature: string;
  recorded: FeatureCell;
  used: FeatureCell;
}

export interface FeatureAttribution {
  feature: string;
  /** The dictionary's label and unit of the feature. */
  label: string;
  unit: string | null;
  /** The feature's type and, for a categorical one, its dictionary codes (what a what-if input accepts). */
  type: "numeric" | "binary" | "categorical";
  levels: readonly string[] | null;
  modality: Modality;
  /** The patient's value (number, 0/1, or the dictionary code); null when missing. */
  value: FeatureCell;
  /** Contribution to the log-odds of the event, relative to base_margin. */
  shap: number;
}

export interface ModalityAttribution {
  modality: Modality;
  shap: number;
  features: number;
}

export interface MissingInput {
  feature: string;
  label: string;
  unit: string | null;
  modality: Modality;
  /** Values the feature was set to: training 10th and 90th percentiles (numeric), else each level seen. */
  tried: FeatureCell[];
  min_probability: number;
  max_probability: number;
  /** Why nothing was tried (no training patient has a value: the model cannot use the feature). */
  note: string | null;
}

export interface SimilarPatient {
  patient_id: string;
  cohort: string;
  distance: number;
  features_compared: number;
  /** The endpoint's value: 1 = the event, 0 = not (time-to-event: 0 = censored at time_months). */
  outcome: number;
  /** Time-to-event models: months from the landmark to the event or censoring. */
  time_months?: number;
}

export interface PatientPrediction {
  format: "carta.prediction";
  version: 1;
  model: {
    name: string;
    version: number;
    kind: string;
    endpoint: string;
    event: string;
    landmark: string;
    cohort: string;
    /** Time-to-event models: the horizon of the predicted risk, in months from the landmark; else null. */
    horizon_months: number | null;
    /** relapse_vs_nrm: the cause ("relapse" or "nrm") whose cumulative incidence is predicted; else null. */
    cause: string | null;
    /** What margin, base_margin and the SHAP values are on: "log-odds", or "log relative hazard" for a Cox model. */
    margin_scale: "log-odds" | "log relative hazard";
    /** What the model is for (the spec's statement, or the generic research-use one). */
    intended_use: string;
    /** The newest validation run of this version; null when it has not been validated. */
    validation: ValidationSummary | null;
  };
  patient_id: string;
  /** P(event) from the stored model version. */
  probability: number;
  margin: number;
  /** The model's expected margin (SHAP reference): base_margin + Σ shap = margin. */
  base_margin: number;
  /**
   * The probability at base_margin, where the reasons start (for a cause-specific model with the
   * competing cause's hazard at the patient's own, as the reasons hold it).
   */
  base_probability: number;
  interval: ReturnType<typeof intervalJson>;
  conformal_set: (0 | 1)[];
  conformal: ReturnType<typeof conformalJson> & { note: string | null };
  shap_method: string;
  shap: FeatureAttribution[];
  reasons_method: string;
  reasons: Reason[];
  modalities_method: string;
  modalities: ModalityAttribution[];
  missing_inputs: MissingInput[];
  similar_patients: SimilarPatient[];
  /** The inputs this request overrode (empty for the recorded values). */
  what_if: WhatIfEdit[];
  training_data: {
    rows: number;
    events: number;
    /** The rows read now hash to the version's data snapshot. */
    same_as_model: boolean;
  };
}

function intervalJson(i: BootstrapInterval) {
  return {
    lower: i.lower,
    upper: i.upper,
    level: i.level,
    method: i.method,
    replicates: i.replicates,
    replicates_used: i.replicatesUsed,
    seed: i.seed,
  };
}

function conformalJson(c: ConformalResult) {
  return {
    alpha: c.alpha,
    coverage: c.coverage,
    method: c.method,
    split_model_probability: c.splitModelProbability,
    proper_training_rows: c.properTrainingRows,
    calibration_rows: c.calibrationRows,
    threshold: Number.isFinite(c.threshold) ? c.threshold : null,
    seed: c.seed,
  };
}

/** A what-if input refused: names the feature and what it accepts. */
export class WhatIfError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "WhatIfError";
  }
}

/** Checks one what-if value against the feature's type and levels; null sets the input to missing. */
function whatIfValue(column: FeatureColumn, value: unknown): FeatureCell {
  if (value === null) return null;
  if (column.type === "numeric") {
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new WhatIfError(
        `what-if ${column.name}: expected a number${column.unit ? ` in ${column.unit}` : ""}, got ${JSON.stringify(value)}`,
      );
    return value;
  }
  if (column.type === "binary") {
    if (value !== 0 && value !== 1)
      throw new WhatIfError(`what-if ${column.name}: expected 0 or 1, got ${JSON.stringify(value)}`);
    return value;
  }
  if (typeof value !== "string" || !(column.levels ?? []).includes(value)) {
    throw new WhatIfError(
      `what-if ${column.name}: expected one of ${(column.levels ?? []).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The patient's recorded row, or the reason there is none, in the caller's scope. */
async function recordedRow(
  store: Store,
  actor: Actor,
  kit: PredictionKit,
  patientId: string,
): Promise<FeatureCell[]> {
  const row = kit.tableRow.get(patientId);
  if (row !== undefined) return [...kit.table.rows[row]!.values];
  const patient = await readablePatientsWithCenter(store, actor)
    .where("patients.id", "=", patientId)
    .executeTakeFirst();
  if (!patient) throw new PatientNotFound(patientId);
  const spec = kit.spec;
  if (spec.cohort !== "both" && patient.cohort !== spec.cohort) {
    throw new RangeError(
      `patient ${patientId} is in cohort ${patient.cohort}; model ${spec.name} is for cohort ${spec.cohort} only`,
    );
  }
  const why = kit.table.excluded.find((e) => e.patientId === patientId);
  throw new RangeError(
    `patient ${patientId} has no row at the landmark "${spec.landmark}": ${why?.reason ?? "not in the population"}`,
  );
}

function describeValue(column: FeatureColumn, value: FeatureCell): string {
  if (value === null) return `${column.label} not recorded`;
  if (column.type === "binary") return `${column.label} ${value === 1 ? "yes" : "no"}`;
  if (typeof value === "number") {
    const shown = Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
    return `${column.label} ${shown}${column.unit ? ` ${column.unit}` : ""}`;
  }
  // A code reads as the dictionary's label of it ("axicabtagene ciloleucel", not "axi_cel").
  const code = findVariable(column.variable)?.codes?.find((c) => c.code === value);
  return `${column.label} ${code?.label ?? value}`;
}

/**
 * The largest contributions in clinical words, on the probability scale: features are added to the
 * base margin in order of |SHAP| (largest first) and each step is the change in probability, in
 * percentage points, that adding it makes. The steps add up to probability − base probability for
 * the features listed with the rest; the order matters for non-additive steps, and it is stated.
 */
export function reasonsOf(
  shap: readonly FeatureAttribution[],
  columns: readonly FeatureColumn[],
  baseMargin: number,
  event: string,
  count = 5,
  probabilityOf: (margin: number) => number = logistic,
): Reason[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const ordered = [...shap].filter((a) => a.shap !== 0).sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
  const out: Reason[] = [];
  let margin = baseMargin;
  for (const a of ordered.slice(0, count)) {
    const before = probabilityOf(margin);
    margin += a.shap;
    const points = (probabilityOf(margin) - before) * 100;
    const column = byName.get(a.feature)!;
    const rounded =
      Math.abs(points) < 0.5
        ? "less than 1 point"
        : `${Math.round(Math.abs(points))} point${Math.round(Math.abs(points)) === 1 ? "" : "s"}`;
    out.push({
      feature: a.feature,
      label: column.label,
      value: a.value,
      unit: column.unit,
      points,
      text: `${describeValue(column, a.value)} ${points >= 0 ? "raised" : "lowered"} the probability of ${event} by ${rounded}`,
    });
  }
  return out;
}

export const SHAP_METHODS: Record<StoredModel["kind"], string> = {
  "boosted-trees":
    "path-dependent TreeSHAP on the log-odds scale; one-hot columns of a categorical feature summed",
  "elastic-net-logistic":
    "linear SHAP on the log-odds scale: coefficient × (value − training mean), features taken as independent",
  ebm: "the EBM's additive terms on the log-odds scale (centred on the training rows): a feature's shape-function score plus half of each pair term it is in",
  "elastic-net-cox":
    "linear SHAP on the log relative hazard: coefficient × (value − training mean), features taken as independent; the probability is the risk by the horizon from the Breslow baseline",
  "boosted-trees-cox":
    "path-dependent TreeSHAP on the log relative hazard; one-hot columns of a categorical feature summed; the probability is the risk by the horizon from the Breslow baseline",
  "imputed-elastic-net-cox":
    "linear SHAP on the log relative hazard for each of the m imputations — coefficient × (value − training mean), a missing input taking its imputed value and the training rows completed by the same imputation — averaged over the imputations; base + Σ SHAP = the pooled log relative hazard exactly; the probability is the risk by the horizon from the Breslow baseline",
  "cause-specific-cox":
    "SHAP of the named cause's cause-specific Cox model on its log hazard (linear SHAP for the elastic net, TreeSHAP for the trees); the probability is the cumulative incidence of that cause by the horizon, which also depends on the competing cause's hazard (held at the patient's own in the reasons)",
  "imputed-elastic-net-logistic":
    "linear SHAP on the log-odds scale for each of the m imputations — coefficient × (value − training mean), a missing input taking its imputed value and the training rows completed by the same imputation — averaged over the imputations; the margin is the mean of the m fits' margins (pooled on the log-odds scale), so base + Σ SHAP = margin exactly",
};

const MODALITY_METHODS: Record<StoredModel["kind"], string> = {
  "boosted-trees":
    "TreeSHAP with each modality as one player (exact group Shapley value; not the sum of its features' values when the trees interact across modalities)",
  "elastic-net-logistic":
    "sum of the modality's feature values (exact for a linear model with features taken as independent)",
  ebm: "sum of the modality's feature values (the EBM is additive in its terms)",
  "elastic-net-cox":
    "sum of the modality's feature values (exact for a linear model with features taken as independent)",
  "boosted-trees-cox":
    "TreeSHAP with each modality as one player (exact group Shapley value; not the sum of its features' values when the trees interact across modalities)",
  "imputed-elastic-net-cox":
    "sum of the modality's feature values, each averaged over the imputations (exact for the pooled linear predictor with features taken as independent)",
  "cause-specific-cox":
    "as for the cause's own model: the sum of the modality's feature values (elastic net) or TreeSHAP with each modality as one player (trees)",
  "imputed-elastic-net-logistic":
    "sum of the modality's feature values, each averaged over the imputations (exact for the pooled linear predictor with features taken as independent)",
};

export async function predictPatient(
  store: Store,
  actor: Actor,
  modelName: string,
  patientId: string,
  options: PredictOptions = {},
): Promise<PatientPrediction> {
  const record = await getModel(store, modelName, options.version);
  if (!record) {
    throw new ModelNotFound(
      options.version === undefined
        ? `no model "${modelName}"`
        : `model "${modelName}" has no version ${options.version}`,
    );
  }
  const kit = await predictionKit(store, actor, record, {
    bootstrapReplicates: options.bootstrapReplicates ?? 50,
    calibrationFraction: options.calibrationFraction ?? 1 / 3,
    seed: options.seed ?? record.spec.validation.seed,
  });
  const recorded = await recordedRow(store, actor, kit, patientId);
  return predictFromKit(kit, patientId, recorded, options);
}

/** The prediction of one patient's row (recorded values with any what-if edits) from a kit. */
export function predictFromKit(
  kit: PredictionKit,
  patientId: string,
  recorded: readonly FeatureCell[],
  options: PredictOptions = {},
): PatientPrediction {
  const { record, spec, model, training, data } = kit;
  const tableColumns = kit.table.columns;
  const values = [...recorded];
  const what_if: WhatIfEdit[] = [];
  for (const [feature, raw] of Object.entries(options.whatIf ?? {})) {
    const j = tableColumns.findIndex((c) => c.name === feature);
    if (j < 0 && options.whatIfOtherInputs === "ignore") continue;
    if (j < 0) throw new WhatIfError(`what-if: model ${record.name} has no input "${feature}"`);
    values[j] = whatIfValue(tableColumns[j]!, raw);
    what_if.push({ feature, recorded: recorded[j] ?? null, used: values[j] ?? null });
  }
  const columns = data.columns;
  const patient: LearningTable = { columns, rows: [values] };
  const only = Uint32Array.of(0);
  const event = modelEvent(spec);

  const linear = model.kind === "cause-specific-cox" ? model.own : model;
  if (linear.kind === "elastic-net-logistic" || linear.kind === "elastic-net-cox") {
    const missing = columns.filter((_, j) => values[j] === null).map((c) => c.name);
    if (missing.length > 0) {
      throw new RangeError(
        `patient ${patientId} misses ${missing.join(", ")}; the elastic-net model ${record.name} needs every value and does not fill them in`,
      );
    }
  }
  const margin = storedMargins(model, patient, only)[0]!;
  const probabilityOf = probabilityLink(model, spec.horizonMonths, patient);
  const probability = probabilityOf(margin);
  // The patient's own training row (a past patient) is never one of their similar patients.
  const ownRow = kit.trainingRow.get(patientId);

  const explanation = kit.explain(values);
  const usedFeatures = kit.usedFeatures;
  const shap: FeatureAttribution[] = usedFeatures.map((j) => ({
    feature: columns[j]!.name,
    label: tableColumns[j]!.label,
    unit: tableColumns[j]!.unit,
    type: tableColumns[j]!.type,
    levels: tableColumns[j]!.levels,
    modality: tableColumns[j]!.modality,
    value: values[j] ?? null,
    shap: explanation.byFeature[j]!,
  }));
  const modalities: ModalityAttribution[] = kit.modalities.map((modality, k) => ({
    modality: modality as Modality,
    shap: explanation.byModality[k]!,
    features: usedFeatures.filter((j) => tableColumns[j]!.modality === modality).length,
  }));

  const missing_inputs: MissingInput[] = usedFeatures
    .filter((j) => values[j] === null)
    .map((j) => {
      const tried = kit.triedValues.get(j) ?? triedValues(training, j);
      kit.triedValues.set(j, tried);
      const probabilities = tried.map((v) => {
        const filled = [...values];
        filled[j] = v;
        return storedProbabilities(model, spec.horizonMonths, { columns, rows: [filled] }, only)[0]!;
      });
      return {
        feature: columns[j]!.name,
        label: tableColumns[j]!.label,
        unit: tableColumns[j]!.unit,
        modality: tableColumns[j]!.modality,
        tried,
        min_probability: probabilities.length ? Math.min(...probabilities) : probability,
        max_probability: probabilities.length ? Math.max(...probabilities) : probability,
        note: tried.length
          ? null
          : "no training patient has a value: the model never used this feature, so a value would not change the prediction",
      };
    });

  const similar_patients: SimilarPatient[] = gowerNeighbours(
    usedFeatures.map((j) => columns[j]!),
    usedFeatures.map((j) => values[j] ?? null),
    data.rows.map((r) => usedFeatures.map((j) => r[j] ?? null)),
    options.similar ?? 5,
    new Set<number>(ownRow === undefined ? [] : [ownRow]),
  ).map((n) => ({
    patient_id: kit.trainingIds[n.row]!,
    cohort: data.cohorts[n.row]!,
    distance: n.distance,
    features_compared: n.compared,
    outcome: data.outcome[n.row]!,
    ...(data.time ? { time_months: data.time[n.row]! } : {}),
  }));

  const { learner } = riskLearnerOf(spec, data);
  const interval = bootstrapIntervalFromRefits(learner, kit.refits, patient, {
    level: options.intervalLevel ?? 0.95,
    seed: kit.seed,
  });
  const conformal = conformalSetFromSplit(learner, kit.conformalSplit, patient, {
    alpha: options.conformalAlpha ?? 0.1,
    trainingRow: ownRow ?? null,
  });
  const baseMargin = explanation.baseMargin;

  return {
    format: "carta.prediction",
    version: 1,
    model: {
      name: record.name,
      version: record.version,
      kind: model.kind,
      endpoint: spec.endpoint,
      event,
      landmark: spec.landmark,
      cohort: spec.cohort,
      horizon_months: spec.horizonMonths,
      cause: spec.cause,
      margin_scale: isSurvivalEndpoint(spec.endpoint) ? "log relative hazard" : "log-odds",
      intended_use: intendedUseOf(spec, event),
      validation: kit.validation,
    },
    patient_id: patientId,
    probability,
    margin,
    base_margin: baseMargin,
    base_probability: probabilityOf(baseMargin),
    interval: intervalJson(interval),
    conformal_set: [...conformal.set],
    conformal: { ...conformalJson(conformal), note: conformal.note },
    shap_method: SHAP_METHODS[model.kind],
    shap,
    reasons_method:
      "The five largest SHAP contributions, added to the base probability in order of size; each step is the change in probability (percentage points) that adding it makes.",
    reasons: reasonsOf(shap, tableColumns, baseMargin, event, 5, probabilityOf),
    modalities_method: MODALITY_METHODS[model.kind],
    modalities,
    missing_inputs,
    similar_patients,
    what_if,
    training_data: {
      rows: data.outcome.length,
      events: kit.events,
      same_as_model: kit.sameAsModel,
    },
  };
}
/** Values a missing feature is tried at: training 10th/90th percentiles, or each level seen. */
function triedValues(training: LearningTable, j: number): FeatureCell[] {
  const column = training.columns[j]!;
  const seen = training.rows.map((r) => r[j] ?? null).filter((v): v is number | string => v !== null);
  if (column.type === "numeric") {
    const sorted = Float64Array.from(seen as number[]).sort();
    if (sorted.length === 0) return [];
    return [...new Set([quantileSorted(sorted, 0.1), quantileSorted(sorted, 0.9)])];
  }
  const levels = new Set(seen.map(String));
  const order = column.type === "binary" ? ["0", "1"] : (column.levels ?? [...levels].sort());
  return order.filter((l) => levels.has(l)).map((l) => (column.type === "binary" ? Number(l) : l));
}
