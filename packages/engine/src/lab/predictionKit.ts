import type { FeatureColumn, FeatureTable } from "@carta/clinical";
import {
  designMatrix,
  ebmContributions,
  type FeatureCell,
  imputedElasticNetExplainer,
  type LearningTable,
  type ModelSpec,
  statusAtHorizon,
} from "@carta/ml";
import { createTreeShapExplainer, type FeatureGroup, linearShap, type ShapValues } from "@carta/trees";
import type { Actor } from "../store/actors.js";
import type { Store } from "../store/openStore.js";
import {
  dataSnapshotHash,
  eventsOf,
  knownOutcome,
  type LearningData,
  learningDataOf,
  needsCompleteRows,
} from "./learningData.js";
import { listModelRuns, type ModelRecord, modelFeatureTable } from "./models.js";
import { riskLearnerOf, type ValidationJson } from "./modelValidation.js";
import { type ConformalSplitModel, fitBootstrapRefits, fitConformalSplit } from "./predictionUncertainty.js";
import { loadStoredModel, type StoredModel } from "./storedModel.js";

/**
 * Everything a prediction needs that does not depend on the patient, built once per model version,
 * caller scope and state of the data, and kept in memory: the training rows as the caller may read
 * them, the SHAP explainers, the bootstrap refits and the conformal split. A prediction (and each
 * what-if edit) is then a handful of model evaluations — the decision-support page answers in
 * milliseconds instead of refitting 50 models per request.
 *
 * The cache key includes the audit head's sequence number: every change to the data is an audited
 * write, so a kit built before a change is never used after it.
 */
export interface PredictionKit {
  record: ModelRecord;
  spec: ModelSpec;
  model: StoredModel;
  /** The model's feature table now (every patient of the cohort at the landmark, endpoint or not). */
  table: FeatureTable;
  /** Row of each patient in `table`. */
  tableRow: Map<string, number>;
  /** Training rows: those of `table` selected as training selects them. */
  data: LearningData;
  training: LearningTable;
  trainingIds: string[];
  trainingRow: Map<string, number>;
  /** Feature-table columns the model uses, ascending. */
  usedFeatures: number[];
  /** The modalities present, in the order `explain` reports them. */
  modalities: string[];
  /** One row's attributions on the log-odds scale (see RowExplanation). */
  explain: (values: readonly FeatureCell[]) => RowExplanation;
  refits: unknown[];
  conformalSplit: ConformalSplitModel<unknown>;
  bootstrapReplicates: number;
  seed: number;
  sameAsModel: boolean;
  events: number;
  /** The newest validation run of this version, summarised; null when it has none. */
  validation: ValidationSummary | null;
  /** Values a missing input is tried at, per feature, filled on first use. */
  triedValues: Map<number, FeatureCell[]>;
}

/**
 * One row's SHAP attributions (log-odds): per feature-table column (0 for a column the model does not
 * use; a categorical feature's indicator columns summed), per modality (each modality one player),
 * and the base margin they start from: base + Σ byFeature = base + Σ byModality = margin.
 */
export interface RowExplanation {
  baseMargin: number;
  byFeature: Float64Array;
  byModality: Float64Array;
}

export interface ValidationSummary {
  run_id: string;
  created_at: string;
  auc: number;
  auc_lower: number;
  auc_upper: number;
  calibration_slope: number | null;
  calibration_intercept: number | null;
  brier: number;
  method: string;
  /** Time-to-event models: `auc` is the time-dependent AUC at the horizon; Harrell's C over all follow-up. */
  c_index?: { estimate: number; lower: number; upper: number } | null;
  /** relapse_vs_nrm: Wolbers' C (c_index is then null). */
  wolbers_c?: number | null;
  horizon_months?: number;
}

export interface KitOptions {
  bootstrapReplicates: number;
  calibrationFraction: number;
  seed: number;
}

/** Members (design columns, or feature columns for an EBM) grouped by their feature's modality. */
function modalityGroups(sourceFeature: readonly number[], columns: readonly FeatureColumn[]): FeatureGroup[] {
  const byModality = new Map<string, number[]>();
  sourceFeature.forEach((feature, j) => {
    const m = columns[feature]!.modality;
    let members = byModality.get(m);
    if (!members) byModality.set(m, (members = []));
    members.push(j);
  });
  return [...byModality].map(([name, features]) => ({ name, features }));
}

function checkColumns(model: StoredModel, table: FeatureTable, name: string): void {
  if (model.kind === "cause-specific-cox") {
    checkColumns(model.own, table, name);
    checkColumns(model.other, table, name);
    return;
  }
  if (model.kind === "ebm") {
    model.ebm.features.forEach((f, j) => {
      if (table.columns[j]?.name !== f.name)
        throw new RangeError(
          `model ${name}: feature ${f.name} does not match the feature table's column ${j} (the dictionary changed since training?)`,
        );
    });
    return;
  }
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

/**
 * The explainer of a stored model. Trees: exact path-dependent TreeSHAP per design column and, with
 * each modality as one player, per modality. Elastic net: linear SHAP against the complete training
 * rows' means. EBM: the model's own additive terms (ebmContributions), exact Shapley values with the
 * terms as players, a pair term split half and half between its two features; a modality's value is
 * the sum of its features'. Imputed elastic net: linear SHAP per imputation — the patient's row and
 * every training row completed by the stored imputer's imputation l, against the training means of
 * completed data set l — averaged over the m imputations (imputedElasticNetExplainer); it adds up to
 * the pooled margin (the mean of the m margins) exactly, and a modality's value is the sum of its
 * features'.
 */
function explainerOf(
  model: StoredModel,
  training: LearningTable,
  rowCount: number,
  tableColumns: readonly FeatureColumn[],
): {
  explain: (values: readonly FeatureCell[]) => RowExplanation;
  usedFeatures: number[];
  modalities: string[];
} {
  const nColumns = tableColumns.length;
  // A cause-specific model is explained by its cause's own model: SHAP on that cause's log hazard.
  if (model.kind === "cause-specific-cox") return explainerOf(model.own, training, rowCount, tableColumns);
  if (model.kind === "ebm") {
    const ebm = model.ebm;
    const groups = modalityGroups(
      ebm.features.map((_, j) => j),
      tableColumns,
    );
    return {
      usedFeatures: ebm.features.map((_, j) => j),
      modalities: groups.map((g) => g.name),
      explain(values) {
        const c = ebmContributions(ebm, values);
        const byFeature = new Float64Array(nColumns);
        c.features.forEach((f, j) => {
          byFeature[j] = f.contribution;
        });
        const byModality = Float64Array.from(groups, (g) =>
          g.features.reduce((sum: number, j) => sum + byFeature[j as number]!, 0),
        );
        return { baseMargin: c.baseValue, byFeature, byModality };
      },
    };
  }
  const encoding = model.encoding;
  const p = encoding.names.length;
  const sourceFeature = encoding.columns.map((c) => c.feature);
  const groups = modalityGroups(sourceFeature, tableColumns);
  const usedFeatures = [...new Set(sourceFeature)].sort((a, b) => a - b);
  const only = Uint32Array.of(0);
  const fold = (columns: ShapValues, byGroup: ShapValues): RowExplanation => {
    const byFeature = new Float64Array(nColumns);
    sourceFeature.forEach((feature, j) => {
      byFeature[feature]! += columns.values[j]!;
    });
    return { baseMargin: columns.expectedValue, byFeature, byModality: Float64Array.from(byGroup.values) };
  };
  const designOf = (values: readonly FeatureCell[]) =>
    designMatrix(encoding, { columns: training.columns, rows: [values as FeatureCell[]] }, only);
  if (model.kind === "imputed-elastic-net-logistic" || model.kind === "imputed-elastic-net-cox") {
    const explainer = imputedElasticNetExplainer(
      model,
      training,
      Uint32Array.from({ length: rowCount }, (_, i) => i),
    );
    return {
      usedFeatures,
      modalities: groups.map((g) => g.name),
      explain(values) {
        const columns = explainer.explain(
          { columns: training.columns, rows: [values as FeatureCell[]] },
          only,
        );
        const byFeature = new Float64Array(nColumns);
        sourceFeature.forEach((feature, j) => {
          byFeature[feature]! += columns[j]!;
        });
        const byModality = Float64Array.from(groups, (g) =>
          g.features.reduce((sum: number, j) => sum + columns[j as number]!, 0),
        );
        return { baseMargin: explainer.baseMargin, byFeature, byModality };
      },
    };
  }
  if (model.kind === "boosted-trees" || model.kind === "boosted-trees-cox") {
    const byColumn = createTreeShapExplainer(model.ensemble);
    const byGroup = createTreeShapExplainer(model.ensemble, { groups });
    return {
      usedFeatures,
      modalities: groups.map((g) => g.name),
      explain(values) {
        const row = designOf(values);
        return fold(byColumn.explain(row), byGroup.explain(row));
      },
    };
  }
  const background = completeRows(
    designMatrix(
      encoding,
      training,
      Uint32Array.from({ length: rowCount }, (_, i) => i),
    ),
    p,
  );
  const linear =
    model.kind === "elastic-net-cox"
      ? { kind: "cox" as const, featureNames: encoding.names, coefficients: model.coefficients }
      : {
          kind: "logistic" as const,
          featureNames: encoding.names,
          coefficients: model.coefficients,
          intercept: model.intercept,
        };
  return {
    usedFeatures,
    modalities: groups.map((g) => g.name),
    explain(values) {
      const row = designOf(values);
      return fold(linearShap(linear, row, background), linearShap(linear, row, background, { groups }));
    },
  };
}

async function validationSummary(store: Store, record: ModelRecord): Promise<ValidationSummary | null> {
  const runs = await listModelRuns(store, record.name, record.version);
  const last = runs.filter((r) => r.kind === "validate" && r.result.validation).at(-1);
  if (!last) return null;
  const v = last.result.validation as ValidationJson;
  const p = v.nestedCv.performance;
  return {
    run_id: last.id,
    created_at: last.createdAt,
    auc: p.auc,
    auc_lower: p.aucLower,
    auc_upper: p.aucUpper,
    calibration_slope: p.calibrationSlope,
    calibration_intercept: p.calibrationIntercept,
    brier: p.brier,
    ...(p.survival
      ? {
          c_index: p.survival.harrellC,
          horizon_months: p.survival.horizonMonths,
          ...(p.survival.competing ? { wolbers_c: p.survival.competing.wolbersC } : {}),
        }
      : {}),
    method: `nested cross-validation (${v.nestedCv.outerFolds} outer × ${v.nestedCv.innerFolds} inner folds), out-of-fold predictions of ${v.n} patients`,
  };
}

export async function buildPredictionKit(
  store: Store,
  actor: Actor,
  record: ModelRecord,
  options: KitOptions,
): Promise<PredictionKit> {
  const spec = record.spec;
  const model = loadStoredModel(record);
  const table = await modelFeatureTable(store, actor, spec);
  checkColumns(model, table, `${record.name} v${record.version}`);
  const data = learningDataOf(table, spec);
  const completeOnly = needsCompleteRows(spec);
  // The rows learningDataOf keeps, in its order: a known endpoint, and complete when the learner needs it.
  const trainingIds = table.rows
    .filter((r) => knownOutcome(r.outcome) !== null)
    .filter((r) => !completeOnly || r.values.every((v) => v !== null))
    .map((r) => r.patientId);
  const training: LearningTable = { columns: data.columns, rows: data.rows };
  const explainer = explainerOf(model, training, data.rows.length, table.columns);
  const { learner, grid } = riskLearnerOf(spec, data);
  const refits = fitBootstrapRefits(learner, grid[0], training, data.outcome, {
    replicates: options.bootstrapReplicates,
    seed: options.seed,
  });
  // A time-to-event model's conformal set is for the status at its horizon, calibrated where it is known.
  const conformalOutcome =
    data.time === null
      ? data.outcome
      : Array.from(statusAtHorizon(data.time, data.outcome, spec.horizonMonths!));
  const conformalSplit = fitConformalSplit(learner, grid[0], training, conformalOutcome, {
    calibrationFraction: options.calibrationFraction,
    seed: options.seed,
  });
  return {
    record,
    spec,
    model,
    table,
    tableRow: new Map(table.rows.map((r, i) => [r.patientId, i])),
    data,
    training,
    trainingIds,
    trainingRow: new Map(trainingIds.map((id, i) => [id, i])),
    usedFeatures: explainer.usedFeatures,
    modalities: explainer.modalities,
    explain: explainer.explain,
    refits,
    conformalSplit,
    bootstrapReplicates: options.bootstrapReplicates,
    seed: options.seed,
    sameAsModel: dataSnapshotHash(table) === record.dataSnapshotHash,
    events: eventsOf(spec, data.outcome),
    validation: await validationSummary(store, record),
    triedValues: new Map(),
  };
}

/** Kits kept per key, least recently used dropped first; a kit being built is shared by concurrent callers. */
const KIT_CACHE_SIZE = 16;
const kitCache = new Map<string, Promise<PredictionKit>>();

function scopeKey(actor: Actor): string {
  return JSON.stringify([actor.userId, actor.memberships, actor.syntheticOnly ?? false]);
}

async function auditHead(store: Store): Promise<number> {
  const head = await store.db.selectFrom("audit_head").select("seq").where("id", "=", 1).executeTakeFirst();
  return Number(head?.seq ?? 0);
}

/** The kit for this model version, caller and data, from the cache when the data have not changed. */
export async function predictionKit(
  store: Store,
  actor: Actor,
  record: ModelRecord,
  options: KitOptions,
): Promise<PredictionKit> {
  const key = JSON.stringify([
    store.location,
    record.name,
    record.version,
    scopeKey(actor),
    await auditHead(store),
    options.bootstrapReplicates,
    options.calibrationFraction,
    options.seed,
  ]);
  let kit = kitCache.get(key);
  if (kit) {
    kitCache.delete(key);
    kitCache.set(key, kit);
    return kit;
  }
  kit = buildPredictionKit(store, actor, record, options);
  kitCache.set(key, kit);
  kit.catch(() => kitCache.delete(key));
  while (kitCache.size > KIT_CACHE_SIZE) kitCache.delete(kitCache.keys().next().value as string);
  return kit;
}
