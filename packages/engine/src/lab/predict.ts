import type { FeatureSpec, FeatureTable, Modality } from "@carta/clinical";
import {
  designMatrix,
  endpointEvent,
  type FeatureCell,
  featureSpecOf,
  type LearningTable,
  type ModelSpec,
} from "@carta/ml";
import { quantileSorted } from "@carta/stats";
import { createTreeShapExplainer, type FeatureGroup, linearShap, type ShapValues } from "@carta/trees";
import type { Actor } from "../store/actors.js";
import type { Store } from "../store/openStore.js";
import { readablePatientsWithCenter } from "../store/patients.js";
import type { Cohort } from "../views/types.js";
import { featureTableFromStore } from "./featureTable.js";
import { dataSnapshotHash, learningDataOf } from "./learningData.js";
import { getModel, ModelNotFound, modelFeatureTable } from "./models.js";
import { learnerOf } from "./modelValidation.js";
import { bootstrapInterval, splitConformalSet } from "./predictionUncertainty.js";
import { gowerNeighbours } from "./similarPatients.js";
import { loadStoredModel, logistic, type StoredModel, storedMargins } from "./storedModel.js";

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
}

export interface FeatureAttribution {
  feature: string;
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
  distance: number;
  features_compared: number;
  /** The endpoint's value: 1 = the event, 0 = not. */
  outcome: number;
}

export interface PatientPrediction {
  format: "carta.prediction";
  version: 1;
  model: { name: string; version: number; kind: string; endpoint: string; event: string; landmark: string };
  patient_id: string;
  /** P(event) from the stored model version. */
  probability: number;
  margin: number;
  /** The model's expected margin (SHAP reference): base_margin + Σ shap = margin. */
  base_margin: number;
  interval: ReturnType<typeof intervalJson>;
  conformal_set: (0 | 1)[];
  conformal: ReturnType<typeof conformalJson>;
  shap_method: string;
  shap: FeatureAttribution[];
  modalities_method: string;
  modalities: ModalityAttribution[];
  missing_inputs: MissingInput[];
  similar_patients: SimilarPatient[];
  training_data: {
    rows: number;
    events: number;
    /** The rows read now hash to the version's data snapshot. */
    same_as_model: boolean;
  };
}

function intervalJson(i: ReturnType<typeof bootstrapInterval>) {
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

function conformalJson(c: ReturnType<typeof splitConformalSet>) {
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

/** The patient's row at the model's landmark (no endpoint: it need not be known yet). */
async function patientRow(
  store: Store,
  actor: Actor,
  spec: ModelSpec,
  patientId: string,
): Promise<{ table: FeatureTable; values: FeatureCell[] }> {
  const patient = await readablePatientsWithCenter(store, actor)
    .where("patients.id", "=", patientId)
    .executeTakeFirst();
  if (!patient) throw new PatientNotFound(patientId);
  if (spec.cohort !== "both" && patient.cohort !== spec.cohort) {
    throw new RangeError(
      `patient ${patientId} is in cohort ${patient.cohort}; model ${spec.name} is for cohort ${spec.cohort} only`,
    );
  }
  const { endpoint: _endpoint, ...features } = featureSpecOf(spec) as FeatureSpec;
  const table = await featureTableFromStore(store, actor, features, {
    cohort: patient.cohort as Cohort,
    center: patient.center_id,
  });
  const row = table.rows.find((r) => r.patientId === patientId);
  if (!row) {
    const why = table.excluded.find((e) => e.patientId === patientId);
    throw new RangeError(
      `patient ${patientId} has no row at the landmark "${spec.landmark}": ${why?.reason ?? "not in the population"}`,
    );
  }
  return { table, values: [...row.values] };
}

/** Source feature of each design column and the feature's modality. */
function modalityGroups(model: StoredModel, table: FeatureTable): FeatureGroup[] {
  const byModality = new Map<Modality, number[]>();
  model.encoding.columns.forEach((c, j) => {
    const m = table.columns[c.feature]!.modality;
    let members = byModality.get(m);
    if (!members) byModality.set(m, (members = []));
    members.push(j);
  });
  return [...byModality].map(([name, features]) => ({ name, features }));
}

function checkColumns(model: StoredModel, table: FeatureTable, name: string): void {
  for (const c of model.encoding.columns) {
    const column = table.columns[c.feature];
    const expected = c.kind === "value" ? c.name : `${column?.name}=${c.level}`;
    if (!column || expected !== c.name) {
      throw new RangeError(
        `model ${name}: design column ${c.name} does not match the feature table's columns (the dictionary changed since training?)`,
      );
    }
  }
}

/** SHAP per design column and per modality, on the margin scale. */
function explain(
  model: StoredModel,
  row: Float64Array,
  background: Float64Array,
  groups: FeatureGroup[],
): { columns: ShapValues; groups: ShapValues } {
  if (model.kind === "boosted-trees") {
    return {
      columns: createTreeShapExplainer(model.ensemble).explain(row),
      groups: createTreeShapExplainer(model.ensemble, { groups }).explain(row),
    };
  }
  const linear = {
    kind: "logistic" as const,
    featureNames: model.encoding.names,
    coefficients: model.coefficients,
    intercept: model.intercept,
  };
  return {
    columns: linearShap(linear, row, background),
    groups: linearShap(linear, row, background, { groups }),
  };
}

/** Training design rows with every value present: the linear SHAP reference (its means). */
function completeRows(x: Float64Array, p: number): Float64Array {
  const keep: number[] = [];
  for (let i = 0; i < x.length / p; i++) {
    let ok = true;
    for (let j = 0; j < p && ok; j++) ok = Number.isFinite(x[i * p + j]!);
    if (ok) keep.push(i);
  }
  const out = new Float64Array(keep.length * p);
  keep.forEach((i, k) => {
    out.set(x.subarray(i * p, (i + 1) * p), k * p);
  });
  return out;
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
  const spec = record.spec;
  const model = loadStoredModel(record);
  const { table, values } = await patientRow(store, actor, spec, patientId);
  checkColumns(model, table, `${record.name} v${record.version}`);
  const columns = table.columns.map((c) => ({ name: c.name, type: c.type, levels: c.levels }));
  const patient: LearningTable = { columns, rows: [values] };
  const only = Uint32Array.of(0);

  if (model.kind === "elastic-net-logistic") {
    const missing = columns.filter((_, j) => values[j] === null).map((c) => c.name);
    if (missing.length > 0) {
      throw new RangeError(
        `patient ${patientId} misses ${missing.join(", ")}; the elastic-net model ${record.name} needs every value and does not fill them in`,
      );
    }
  }
  const margin = storedMargins(model, patient, only)[0]!;
  const probability = logistic(margin);

  // Training rows: the model's feature table with the actor's scope, as trainModel selects them.
  const trainingTable = await modelFeatureTable(store, actor, spec);
  const data = learningDataOf(trainingTable, spec);
  const completeOnly = spec.learner.kind === "elastic-net-logistic";
  const trainingIds = trainingTable.rows
    .filter((r) => r.outcome?.kind === "binary" && r.outcome.event !== null)
    .filter((r) => !completeOnly || r.values.every((v) => v !== null))
    .map((r) => r.patientId);
  const training: LearningTable = { columns: data.columns, rows: data.rows };
  const ownRows = new Set(trainingIds.flatMap((id, i) => (id === patientId ? [i] : [])));

  const p = model.encoding.names.length;
  const design = designMatrix(model.encoding, patient, only);
  const background = completeRows(
    designMatrix(model.encoding, training, Uint32Array.from(data.rows.keys())),
    p,
  );
  const groups = modalityGroups(model, table);
  const shapValues = explain(model, design, background, groups);
  const byFeature = new Float64Array(columns.length);
  model.encoding.columns.forEach((c, j) => {
    byFeature[c.feature]! += shapValues.columns.values[j]!;
  });
  const usedFeatures = [...new Set(model.encoding.columns.map((c) => c.feature))].sort((a, b) => a - b);
  const shap: FeatureAttribution[] = usedFeatures.map((j) => ({
    feature: columns[j]!.name,
    modality: table.columns[j]!.modality,
    value: values[j] ?? null,
    shap: byFeature[j]!,
  }));
  const modalities: ModalityAttribution[] = groups.map((g, k) => ({
    modality: g.name as Modality,
    shap: shapValues.groups.values[k]!,
    features: new Set(g.features.map((j) => model.encoding.columns[j as number]!.feature)).size,
  }));

  const missing_inputs: MissingInput[] = usedFeatures
    .filter((j) => values[j] === null)
    .map((j) => {
      const tried = triedValues(training, j);
      const probabilities = tried.map((v) => {
        const filled = [...values];
        filled[j] = v;
        return logistic(storedMargins(model, { columns, rows: [filled] }, only)[0]!);
      });
      return {
        feature: columns[j]!.name,
        modality: table.columns[j]!.modality,
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
    ownRows,
  ).map((n) => ({
    patient_id: trainingIds[n.row]!,
    distance: n.distance,
    features_compared: n.compared,
    outcome: data.outcome[n.row]!,
  }));

  const { learner, grid } = learnerOf(spec);
  const seed = options.seed ?? spec.validation.seed;
  const rows = { training, outcome: data.outcome, patient };
  const interval = bootstrapInterval(learner, grid[0], rows, {
    replicates: options.bootstrapReplicates ?? 50,
    level: options.intervalLevel ?? 0.95,
    seed,
  });
  const conformal = splitConformalSet(learner, grid[0], rows, {
    alpha: options.conformalAlpha ?? 0.1,
    calibrationFraction: options.calibrationFraction ?? 1 / 3,
    seed,
    leaveOut: ownRows,
  });

  const events = data.outcome.reduce((s, y) => s + y, 0);
  return {
    format: "carta.prediction",
    version: 1,
    model: {
      name: record.name,
      version: record.version,
      kind: model.kind,
      endpoint: spec.endpoint,
      event: endpointEvent(spec.endpoint),
      landmark: spec.landmark,
    },
    patient_id: patientId,
    probability,
    margin,
    base_margin: shapValues.columns.expectedValue,
    interval: intervalJson(interval),
    conformal_set: [...conformal.set],
    conformal: conformalJson(conformal),
    shap_method:
      model.kind === "boosted-trees"
        ? "path-dependent TreeSHAP on the log-odds scale; one-hot columns of a categorical feature summed"
        : "linear SHAP on the log-odds scale: coefficient × (value − training mean), features taken as independent",
    shap,
    modalities_method:
      model.kind === "boosted-trees"
        ? "TreeSHAP with each modality as one player (exact group Shapley value; not the sum of its features' values when the trees interact across modalities)"
        : "sum of the modality's feature values (exact for a linear model with features taken as independent)",
    modalities,
    missing_inputs,
    similar_patients,
    training_data: {
      rows: data.outcome.length,
      events,
      same_as_model: dataSnapshotHash(trainingTable) === record.dataSnapshotHash,
    },
  };
}
