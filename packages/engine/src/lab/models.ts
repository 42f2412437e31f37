import { randomUUID } from "node:crypto";
import type { FeatureSpec, FeatureTable } from "@carta/clinical";
import {
  type BoostedTreesCoxModel,
  type BoostedTreesModel,
  type BreslowBaseline,
  binaryPerformance,
  type CauseSpecificModel,
  type DesignEncoding,
  type EbmModel,
  type ElasticNetCoxModel,
  type ElasticNetModel,
  everyRow,
  featureSpecOf,
  type ImputedElasticNetCoxModel,
  type ImputedElasticNetModel,
  isSurvivalEndpoint,
  type ModelSpec,
  modelEvent,
  modelSpecJson,
  readModelSpec,
  serializeEbm,
  serializeImputedElasticNet,
} from "@carta/ml";
import { serializeModel } from "@carta/trees";
import type { Kysely } from "kysely";
import { enqueueJob, getJob } from "../jobs/jobQueue.js";
import type { JobRecord } from "../jobs/jobTable.js";
import { AccessDenied, type Actor, canWrite } from "../store/actors.js";
import { auditedWrite } from "../store/audit.js";
import { sha256Hex } from "../store/hash.js";
import type { Store } from "../store/openStore.js";
import type { Database } from "../store/schema.js";
import { featureTableFromStore } from "./featureTable.js";
import {
  dataSnapshotHash,
  eventStatusOf,
  eventsOf,
  type LearningData,
  learningDataOf,
} from "./learningData.js";
import {
  learnerOf,
  learningTable,
  type PerformanceJson,
  type Progress,
  performanceJson,
  runModelValidationParallel,
  runTransport,
  type TransportJson,
  type ValidationJson,
} from "./modelValidation.js";
import { timeToEventDesign } from "./survivalValidation.js";

/**
 * The model registry (DESIGN.md "Store": versioned artefacts with spec, data snapshot hash, metrics
 * and serialized model; docs/lab.md "Training and validation runs"). Training a spec's name again adds
 * a version; validation and transport analyses add runs; nothing is overwritten. Every write is one
 * audited transaction whose entry carries the hashes of what was written.
 *
 * Validation as a background job: the job runner hands its worker thread nothing but the job spec,
 * and workers do no database work (jobs/jobRunner.ts). So `enqueueModelValidation` builds the feature
 * table in the main thread with the caller's scope and puts the learning arrays (no patient ids) in
 * the job spec; the handler (validateHandler.ts) computes; `recordValidationJob` stores the finished
 * job's result as a model run. The job spec limit (MAX_JOB_SPEC_BYTES) bounds the data this path
 * takes; `validateModel` runs the same computation in-process for the CLI.
 */

export type { ModelSpec } from "@carta/ml";
export { ModelSpecError, readModelSpec } from "@carta/ml";

export const VALIDATE_JOB_KIND = "lab.validate";

/** The compiled handler module of VALIDATE_JOB_KIND, for startJobRunner's `handlers`. */
export const VALIDATE_HANDLER_URL = new URL("./validateHandler.js", import.meta.url);

export type ModelStatus = "trained" | "retired";

export interface ModelRecord {
  name: string;
  version: number;
  spec: ModelSpec;
  specHash: string;
  dataSnapshotHash: string;
  /** The serialized model (kind, encoding, and the ensemble or the coefficients). */
  model: SerializedModel;
  metrics: TrainingMetrics;
  status: ModelStatus;
  createdAt: string;
  createdBy: string;
}

export type ModelRunKind = "validate" | "transport";

export interface ModelRunRecord {
  id: string;
  modelName: string;
  modelVersion: number;
  kind: ModelRunKind;
  jobId: string | null;
  result: ModelRunResult;
  createdAt: string;
  createdBy: string;
}

export interface ModelRunResult {
  dataSnapshotHash: string;
  /** The run saw exactly the rows the model version was trained on. */
  sameDataAsModel: boolean;
  validation?: ValidationJson;
  transport?: TransportJson;
}

export interface TrainingMetrics {
  endpoint: string;
  event: string;
  landmark: string;
  n: number;
  nEvents: number;
  dropped: LearningData["dropped"];
  /** Excluded from the feature table, by rule (docs/lab.md "Population, endpoints and exclusions"). */
  excluded: Record<string, number>;
  byCohort: Record<string, { n: number; nEvents: number }>;
  centers: string[];
  /** The grid entry fitted (trainModel fits the first). */
  params: unknown;
  /** On the training rows themselves: optimistic by construction; see the validation runs. */
  apparent: PerformanceJson;
}

export type SerializedEncoding = {
  names: readonly string[];
  columns: DesignEncoding["columns"];
  categorical: [number, { reference: string; levels: readonly string[] }][];
};

export type SerializedModel =
  | { kind: "boosted-trees"; encoding: SerializedEncoding; ensemble: unknown }
  /** The `carta.ebm-model` document: bins, shape functions and pair tables by feature name. */
  | { kind: "ebm"; ebm: unknown }
  /**
   * The `carta.imputed-elastic-net-model` document: the design encoding, the chained-equations
   * imputer's final models (no training data sets) and the m fits' intercepts and coefficients.
   */
  | { kind: "imputed-elastic-net-logistic"; imputedElasticNet: unknown }
  /** The same document for the Cox model (kind "imputed-elastic-net-cox", with its Breslow baseline). */
  | { kind: "imputed-elastic-net-cox"; imputedElasticNet: unknown }
  | {
      kind: "elastic-net-logistic";
      encoding: SerializedEncoding;
      lambda: number;
      alpha: number;
      intercept: number;
      coefficients: number[];
      standardizedCoefficients: number[];
    }
  /** Original-scale log hazard ratios (no intercept) and the Breslow baseline of the training rows. */
  | {
      kind: "elastic-net-cox";
      encoding: SerializedEncoding;
      lambda: number;
      alpha: number;
      coefficients: number[];
      standardizedCoefficients: number[];
      baseline: SerializedBaseline;
    }
  | SerializedCoxTrees
  /**
   * relapse_vs_nrm: one Cox model per cause (index 0 relapse, 1 NRM), each as above with its own
   * Breslow baseline, and the status code of the spec's cause.
   */
  | {
      kind: "cause-specific-cox";
      cause: 1 | 2;
      models: [SerializedCoxModel, SerializedCoxModel];
    };

export type SerializedCoxNet = Extract<SerializedModel, { kind: "elastic-net-cox" }>;
/** One cause's Cox model inside a cause-specific one. */
export type SerializedCoxModel =
  | SerializedCoxNet
  | SerializedCoxTrees
  | Extract<SerializedModel, { kind: "imputed-elastic-net-cox" }>;
/** The `carta.tree-model` ensemble (margin = log relative hazard) and the Breslow baseline. */
export interface SerializedCoxTrees {
  kind: "boosted-trees-cox";
  encoding: SerializedEncoding;
  ensemble: unknown;
  baseline: SerializedBaseline;
}

/** A Breslow baseline as stored: event times (months), Λ₀ at each, and the centre c of the linear predictor. */
export interface SerializedBaseline {
  time: number[];
  cumulativeHazard: number[];
  center: number;
}

interface ModelsTable {
  name: string;
  version: number;
  spec: string;
  spec_hash: string;
  data_snapshot_hash: string;
  model: string;
  metrics: string;
  status: string;
  created_at: string;
  created_by: string;
  audit_seq: number;
}

interface ModelRunsTable {
  id: string;
  model_name: string;
  model_version: number;
  kind: string;
  job_id: string | null;
  result: string;
  created_at: string;
  created_by: string;
  audit_seq: number;
}

type ModelsDatabase = Database & { models: ModelsTable; model_runs: ModelRunsTable };

function modelsDb(db: Kysely<Database>): Kysely<ModelsDatabase> {
  return db as unknown as Kysely<ModelsDatabase>;
}

/** A model spec whose trained version was asked for but none exists. */
export class ModelNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelNotFound";
  }
}

function requireWriter(actor: Actor, what: string): void {
  if (actor.syntheticOnly || !actor.memberships.some((m) => canWrite(actor, m.centerId))) {
    throw new AccessDenied(`${what} needs a role that may write`);
  }
}

export function specHash(spec: ModelSpec): string {
  return sha256Hex(JSON.stringify(modelSpecJson(spec)));
}

function serializeEncoding(e: DesignEncoding): SerializedEncoding {
  return { names: e.names, columns: e.columns, categorical: [...e.categorical.entries()] };
}

function serializeBaseline(b: BreslowBaseline): SerializedBaseline {
  return { time: Array.from(b.time), cumulativeHazard: Array.from(b.cumulativeHazard), center: b.center };
}

function serialize(model: unknown, spec: ModelSpec): SerializedModel {
  if ((model as { kind?: string }).kind === "cause-specific") {
    const m = model as CauseSpecificModel<
      ElasticNetCoxModel | BoostedTreesCoxModel | ImputedElasticNetCoxModel
    >;
    return {
      kind: "cause-specific-cox",
      cause: eventStatusOf(spec) as 1 | 2,
      models: [
        serialize(m.models[0], spec) as SerializedCoxModel,
        serialize(m.models[1], spec) as SerializedCoxModel,
      ],
    };
  }
  const m = model as
    | BoostedTreesModel
    | ElasticNetModel
    | EbmModel
    | ImputedElasticNetModel
    | ElasticNetCoxModel
    | BoostedTreesCoxModel
    | ImputedElasticNetCoxModel;
  if (m.kind === "elastic-net-cox") {
    return {
      kind: m.kind,
      encoding: serializeEncoding(m.encoding),
      lambda: m.lambda,
      alpha: m.alpha,
      coefficients: Array.from(m.coefficients),
      standardizedCoefficients: Array.from(m.standardizedCoefficients),
      baseline: serializeBaseline(m.baseline),
    };
  }
  if (m.kind === "boosted-trees-cox") {
    return {
      kind: m.kind,
      encoding: serializeEncoding(m.encoding),
      ensemble: serializeModel(m.ensemble),
      baseline: serializeBaseline(m.baseline),
    };
  }
  if (m.kind === "ebm") return { kind: "ebm", ebm: serializeEbm(m) };
  if (m.kind === "imputed-elastic-net-logistic" || m.kind === "imputed-elastic-net-cox")
    return { kind: m.kind, imputedElasticNet: serializeImputedElasticNet(m) };
  if (m.kind === "boosted-trees") {
    return { kind: m.kind, encoding: serializeEncoding(m.encoding), ensemble: serializeModel(m.ensemble) };
  }
  return {
    kind: m.kind,
    encoding: serializeEncoding(m.encoding),
    lambda: m.lambda,
    alpha: m.alpha,
    intercept: m.intercept,
    coefficients: Array.from(m.coefficients),
    standardizedCoefficients: Array.from(m.standardizedCoefficients),
  };
}

/** The feature table a spec stands for, from the store with the actor's scope and the spec's cohort. */
export async function modelFeatureTable(store: Store, actor: Actor, spec: ModelSpec): Promise<FeatureTable> {
  return featureTableFromStore(
    store,
    actor,
    featureSpecOf(spec) as FeatureSpec,
    spec.cohort === "both" ? {} : { cohort: spec.cohort },
  );
}

/** The spec's first grid entry fitted on every row, and its apparent performance (optimistic by construction). */
function fitOnEveryRow(spec: ModelSpec, data: LearningData): { fitted: unknown; apparent: PerformanceJson } {
  const x = learningTable(data);
  const rows = everyRow(data.rows.length);
  if (isSurvivalEndpoint(spec.endpoint)) {
    const design = timeToEventDesign(spec, data);
    const { learner, grid, time, status, horizon } = design;
    const fitted = learner.fit(x, time, status, rows, grid[0]);
    const performance = design.performance({
      riskAtHorizon: learner.predictSurvival(fitted, x, rows, horizon).map((s) => 1 - s),
      linearPredictor: learner.predictRisk(fitted, x, rows),
      time: Float64Array.from(time),
      event: Uint8Array.from(status),
      horizon,
    });
    const apparent = design.performanceJson(performance);
    if (apparent === null) {
      throw new RangeError(
        `model ${spec.name}: the time-dependent AUC at ${horizon} months is undefined on the training rows (${(performance as { problems: { message: string }[] }).problems.map((p) => p.message).join("; ")}); is the horizon beyond the follow-up?`,
      );
    }
    return { fitted, apparent };
  }
  const { learner, grid } = learnerOf(spec);
  const fitted = learner.fit(x, data.outcome, rows, grid[0]);
  return {
    fitted,
    apparent: performanceJson(binaryPerformance(learner.predictProbability(fitted, x, rows), data.outcome)),
  };
}

function countEvents(spec: ModelSpec, data: LearningData): TrainingMetrics["byCohort"] {
  const code = eventStatusOf(spec);
  const out: TrainingMetrics["byCohort"] = {};
  data.cohorts.forEach((c, i) => {
    const entry = (out[c] ??= { n: 0, nEvents: 0 });
    entry.n++;
    if (data.outcome[i] === code) entry.nEvents++;
  });
  return out;
}

/**
 * Trains the spec's learner with its first grid entry on every row with a known endpoint and stores it
 * as the next version of the spec's name. A spec using a variable known after its landmark is refused
 * (FeatureSpecError naming it) before anything is read.
 */
export async function trainModel(
  store: Store,
  actor: Actor,
  now: () => string,
  spec: ModelSpec,
): Promise<ModelRecord> {
  requireWriter(actor, "training a model");
  const table = await modelFeatureTable(store, actor, spec);
  const data = learningDataOf(table, spec);
  const nEvents = eventsOf(spec, data.outcome);
  if (nEvents === 0 || nEvents === data.outcome.length) {
    throw new RangeError(
      `model ${spec.name}: ${data.outcome.length} rows with a known ${spec.endpoint} and ${nEvents} events; both outcomes are needed to fit`,
    );
  }
  const { fitted, apparent } = fitOnEveryRow(spec, data);
  const metrics: TrainingMetrics = {
    endpoint: spec.endpoint,
    event: modelEvent(spec),
    landmark: spec.landmark,
    n: data.outcome.length,
    nEvents,
    dropped: data.dropped,
    excluded: { ...table.counts.excluded },
    byCohort: countEvents(spec, data),
    centers: [...new Set(data.centers)].sort(),
    params: spec.learner.grid[0],
    apparent,
  };
  const specText = JSON.stringify(modelSpecJson(spec));
  const modelText = JSON.stringify(serialize(fitted, spec));
  const metricsText = JSON.stringify(metrics);
  const snapshot = dataSnapshotHash(table);
  const hash = sha256Hex(specText);
  return auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "create",
      entity: "models",
      entityId: spec.name,
      detail: {
        specSha256: hash,
        dataSnapshotSha256: snapshot,
        modelSha256: sha256Hex(modelText),
        metricsSha256: sha256Hex(metricsText),
      },
    },
    async (trx, seq, at) => {
      const t = modelsDb(trx);
      const last = await t
        .selectFrom("models")
        .select((eb) => eb.fn.max("version").as("version"))
        .where("name", "=", spec.name)
        .executeTakeFirst();
      const version = Number(last?.version ?? 0) + 1;
      await t
        .insertInto("models")
        .values({
          name: spec.name,
          version,
          spec: specText,
          spec_hash: hash,
          data_snapshot_hash: snapshot,
          model: modelText,
          metrics: metricsText,
          status: "trained",
          created_at: at,
          created_by: actor.userId,
          audit_seq: seq,
        })
        .execute();
      return {
        name: spec.name,
        version,
        spec,
        specHash: hash,
        dataSnapshotHash: snapshot,
        model: JSON.parse(modelText) as SerializedModel,
        metrics,
        status: "trained" as const,
        createdAt: at,
        createdBy: actor.userId,
      };
    },
  );
}

function toModelRecord(r: ModelsTable): ModelRecord {
  return {
    name: r.name,
    version: Number(r.version),
    spec: readModelSpec(JSON.parse(r.spec), `model ${r.name} v${r.version}`),
    specHash: r.spec_hash,
    dataSnapshotHash: r.data_snapshot_hash,
    model: JSON.parse(r.model),
    metrics: JSON.parse(r.metrics),
    status: r.status as ModelStatus,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/**
 * Parsed model versions by store, name and version. A version is never changed once written (the
 * registry is append-only), so parsing its spec and serialized model once is safe; only which
 * version is the newest has to be asked each time.
 */
const parsedVersions = new Map<string, ModelRecord>();
const PARSED_VERSIONS_KEPT = 64;

/** One version of a model, or the newest when `version` is omitted; null when there is none. */
export async function getModel(store: Store, name: string, version?: number): Promise<ModelRecord | null> {
  let q = modelsDb(store.db).selectFrom("models").select("version").where("name", "=", name);
  if (version !== undefined) q = q.where("version", "=", version);
  const found = await q.orderBy("version", "desc").limit(1).executeTakeFirst();
  if (!found) return null;
  const key = JSON.stringify([store.location, name, Number(found.version)]);
  const cached = parsedVersions.get(key);
  if (cached) return cached;
  const row = await modelsDb(store.db)
    .selectFrom("models")
    .selectAll()
    .where("name", "=", name)
    .where("version", "=", found.version)
    .executeTakeFirstOrThrow();
  const record = toModelRecord(row);
  parsedVersions.set(key, record);
  while (parsedVersions.size > PARSED_VERSIONS_KEPT)
    parsedVersions.delete(parsedVersions.keys().next().value as string);
  return record;
}

/** Every version of every model (or of one name), newest version first within a name. */
export async function listModels(
  store: Store,
  name?: string,
): Promise<
  {
    name: string;
    version: number;
    specHash: string;
    dataSnapshotHash: string;
    status: ModelStatus;
    createdAt: string;
    createdBy: string;
    metrics: TrainingMetrics;
  }[]
> {
  let q = modelsDb(store.db).selectFrom("models").selectAll();
  if (name !== undefined) q = q.where("name", "=", name);
  const rows = await q.orderBy("name").orderBy("version", "desc").execute();
  return rows.map((r) => ({
    name: r.name,
    version: Number(r.version),
    specHash: r.spec_hash,
    dataSnapshotHash: r.data_snapshot_hash,
    status: r.status as ModelStatus,
    createdAt: r.created_at,
    createdBy: r.created_by,
    metrics: JSON.parse(r.metrics),
  }));
}

/** The newest version trained from exactly this spec (same canonical JSON), or null. */
export async function trainedVersionOfOrNull(store: Store, spec: ModelSpec): Promise<ModelRecord | null> {
  const row = await modelsDb(store.db)
    .selectFrom("models")
    .selectAll()
    .where("name", "=", spec.name)
    .where("spec_hash", "=", specHash(spec))
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toModelRecord(row) : null;
}

/** The newest version trained from exactly this spec (same canonical JSON); refused when none. */
export async function trainedVersionOf(store: Store, spec: ModelSpec): Promise<ModelRecord> {
  const model = await trainedVersionOfOrNull(store, spec);
  if (!model) {
    throw new ModelNotFound(
      `model ${spec.name} has no version trained from this spec; train it first (carta lab train)`,
    );
  }
  return model;
}

async function saveRun(
  store: Store,
  actor: Actor,
  now: () => string,
  model: { name: string; version: number },
  kind: ModelRunKind,
  jobId: string | null,
  result: ModelRunResult,
): Promise<ModelRunRecord> {
  const id = randomUUID();
  const text = JSON.stringify(result);
  return auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "create",
      entity: "model_runs",
      entityId: id,
      detail: { model: model.name, version: model.version, kind, jobId, resultSha256: sha256Hex(text) },
    },
    async (trx, seq, at) => {
      await modelsDb(trx)
        .insertInto("model_runs")
        .values({
          id,
          model_name: model.name,
          model_version: model.version,
          kind,
          job_id: jobId,
          result: text,
          created_at: at,
          created_by: actor.userId,
          audit_seq: seq,
        })
        .execute();
      return {
        id,
        modelName: model.name,
        modelVersion: model.version,
        kind,
        jobId,
        result: JSON.parse(text) as ModelRunResult,
        createdAt: at,
        createdBy: actor.userId,
      };
    },
  );
}

/** One model run by id; null when there is none. */
export async function getModelRun(store: Store, id: string): Promise<ModelRunRecord | null> {
  const r = await modelsDb(store.db)
    .selectFrom("model_runs")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return r ? toRunRecord(r) : null;
}

function toRunRecord(r: ModelRunsTable): ModelRunRecord {
  return {
    id: r.id,
    modelName: r.model_name,
    modelVersion: Number(r.model_version),
    kind: r.kind as ModelRunKind,
    jobId: r.job_id,
    result: JSON.parse(r.result),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/** Runs of one model version (or every version), oldest first. */
export async function listModelRuns(store: Store, name: string, version?: number): Promise<ModelRunRecord[]> {
  let q = modelsDb(store.db).selectFrom("model_runs").selectAll().where("model_name", "=", name);
  if (version !== undefined) q = q.where("model_version", "=", version);
  const rows = await q.orderBy("created_at").orderBy("id").execute();
  return rows.map(toRunRecord);
}

async function currentData(store: Store, actor: Actor, spec: ModelSpec, model: ModelRecord) {
  const table = await modelFeatureTable(store, actor, spec);
  const snapshot = dataSnapshotHash(table);
  return { data: learningDataOf(table, spec), snapshot, same: snapshot === model.dataSnapshotHash };
}

/**
 * Validates the newest version trained from `spec` in-process (nested CV, bootstrap optimism,
 * leave-one-centre-out, transport when asked) on the store's current data and stores the run.
 */
export async function validateModel(
  store: Store,
  actor: Actor,
  now: () => string,
  spec: ModelSpec,
  progress: Progress = () => {},
): Promise<ModelRunRecord> {
  requireWriter(actor, "validating a model");
  const model = await trainedVersionOf(store, spec);
  const { data, snapshot, same } = await currentData(store, actor, spec, model);
  const validation = await runModelValidationParallel(spec, data, progress);
  return saveRun(store, actor, now, model, "validate", null, {
    dataSnapshotHash: snapshot,
    sameDataAsModel: same,
    validation,
  });
}

/** The 3L+ → 2L transport analysis of the newest version trained from `spec`, stored as a run. */
export async function transportModel(
  store: Store,
  actor: Actor,
  now: () => string,
  spec: ModelSpec,
): Promise<ModelRunRecord> {
  requireWriter(actor, "a transport analysis");
  if (spec.cohort !== "both") {
    throw new RangeError(`model ${spec.name}: transport needs cohort "both", the spec has "${spec.cohort}"`);
  }
  const model = await trainedVersionOf(store, spec);
  const { data, snapshot, same } = await currentData(store, actor, spec, model);
  return saveRun(store, actor, now, model, "transport", null, {
    dataSnapshotHash: snapshot,
    sameDataAsModel: same,
    transport: runTransport(spec, data),
  });
}

/** What VALIDATE_JOB_KIND's handler receives. */
export interface ValidateJobSpec {
  model: { name: string; version: number };
  spec: Record<string, unknown>;
  dataSnapshotHash: string;
  sameDataAsModel: boolean;
  data: LearningData;
}

/** Queues the validation of the newest version trained from `spec` (the server's path). */
export async function enqueueModelValidation(
  store: Store,
  actor: Actor,
  now: () => string,
  spec: ModelSpec,
): Promise<JobRecord> {
  requireWriter(actor, "validating a model");
  const model = await trainedVersionOf(store, spec);
  const { data, snapshot, same } = await currentData(store, actor, spec, model);
  const jobSpec: ValidateJobSpec = {
    model: { name: model.name, version: model.version },
    spec: modelSpecJson(spec),
    dataSnapshotHash: snapshot,
    sameDataAsModel: same,
    data,
  };
  return enqueueJob(store, actor, now, { kind: VALIDATE_JOB_KIND, spec: jobSpec });
}

/** Stores a succeeded validation job's result as a model run (once per job). */
export async function recordValidationJob(
  store: Store,
  actor: Actor,
  now: () => string,
  jobId: string,
): Promise<ModelRunRecord> {
  requireWriter(actor, "recording a validation");
  const job = await getJob(store, actor, jobId);
  if (job.kind !== VALIDATE_JOB_KIND)
    throw new RangeError(`job ${jobId} is a ${job.kind} job, not ${VALIDATE_JOB_KIND}`);
  if (job.status !== "succeeded") throw new RangeError(`job ${jobId} is ${job.status}, not succeeded`);
  const existing = await modelsDb(store.db)
    .selectFrom("model_runs")
    .select("id")
    .where("job_id", "=", jobId)
    .executeTakeFirst();
  if (existing) throw new RangeError(`job ${jobId} is already recorded as model run ${existing.id}`);
  const jobSpec = job.spec as ValidateJobSpec;
  return saveRun(store, actor, now, jobSpec.model, "validate", jobId, {
    dataSnapshotHash: jobSpec.dataSnapshotHash,
    sameDataAsModel: jobSpec.sameDataAsModel,
    validation: job.result as ValidationJson,
  });
}
