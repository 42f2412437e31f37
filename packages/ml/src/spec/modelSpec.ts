import type { BoostedTreesParams } from "../learners/boostedTrees.js";
import { EBM_PARAM_LIMITS, type EbmParams } from "../learners/ebm/params.js";
import type { ElasticNetParams } from "../learners/elasticNet.js";
import type { ImputedElasticNetParams } from "../learners/imputedElasticNet.js";
import type { BoostedTreesCoxParams } from "../survival/boostedTreesCox.js";
import type { ElasticNetCoxParams } from "../survival/elasticNetCox.js";

/**
 * A model spec (docs/lab.md "Model specs"): what the lab trains and validates, as one JSON document
 * — the endpoint, the cohort, the landmark and features (as a feature spec names them), the learner
 * with its hyperparameter grid, and the validation design (DESIGN.md "Models and explanations",
 * "Transportability"). Reading it checks shape and values only; whether the features are known at the
 * landmark is the clinical layer's rule (validateFeatureSpec), applied when the table is built.
 *
 * @carta/ml sits below the clinical layer, so the landmark and endpoint names are listed here as
 * plain strings; the engine's tests hold them equal to the clinical definitions.
 */

export const MODEL_SPEC_FORMAT = "carta.model-spec";
export const MODEL_SPEC_VERSION = 1;

export const MODEL_LANDMARKS = ["decision", "lymphodepletion", "infusion", "day7", "day28"] as const;
export type ModelLandmark = (typeof MODEL_LANDMARKS)[number];

/** Binary endpoints a model may predict; each probability and effect is for `event`. */
export const BINARY_MODEL_ENDPOINTS = [
  { id: "cr_day90", event: "complete metabolic response at day +90" },
  { id: "crs_grade3", event: "ASTCT CRS grade ≥ 3 in days 0–30" },
  { id: "icans_grade3", event: "ASTCT ICANS grade ≥ 3 in days 0–30" },
  { id: "pfs_event_by_6m", event: "progression or death within 6 months of the landmark" },
  { id: "pfs_event_by_12m", event: "progression or death within 12 months of the landmark" },
] as const;
export type BinaryModelEndpoint = (typeof BINARY_MODEL_ENDPOINTS)[number]["id"];

/**
 * Time-to-event endpoints (clinical-reference §E.3, counted from the landmark): a model of one
 * predicts the risk of `event` by the spec's horizon, 1 − S(horizon | x), from a proportional-hazards
 * learner; its SHAP values are on the log relative hazard, so positive again means more likely.
 */
export const SURVIVAL_MODEL_ENDPOINTS = [
  { id: "pfs", event: "progression or death" },
  { id: "os", event: "death from any cause" },
  /**
   * Competing risks (clinical-reference §E.3: status 1 progression/relapse, 2 death without prior
   * progression): the spec's `cause` names the event; its absolute risk (cumulative incidence) by the
   * horizon comes from cause-specific proportional-hazards models of both causes.
   */
  { id: "relapse_vs_nrm", event: "progression or relapse, or non-relapse death" },
] as const;

/** The causes of relapse_vs_nrm, with their status codes in the feature table and the event each names. */
export const COMPETING_MODEL_CAUSES = [
  { id: "relapse", status: 1, event: "progression or relapse (non-relapse death competing)" },
  {
    id: "nrm",
    status: 2,
    event: "non-relapse mortality, death without prior progression (progression competing)",
  },
] as const;
export type CompetingModelCause = (typeof COMPETING_MODEL_CAUSES)[number]["id"];

export function isCompetingEndpoint(endpoint: ModelEndpoint): endpoint is "relapse_vs_nrm" {
  return endpoint === "relapse_vs_nrm";
}

/** The status code (1 relapse, 2 NRM) of a competing-risks spec's cause. */
export function causeStatusOf(spec: Pick<ModelSpec, "cause" | "name">): 1 | 2 {
  const cause = COMPETING_MODEL_CAUSES.find((c) => c.id === spec.cause);
  if (!cause) throw new RangeError(`model ${spec.name}: a competing-risks spec needs its cause`);
  return cause.status;
}
export type SurvivalModelEndpoint = (typeof SURVIVAL_MODEL_ENDPOINTS)[number]["id"];

export type ModelEndpoint = BinaryModelEndpoint | SurvivalModelEndpoint;

export function isSurvivalEndpoint(endpoint: ModelEndpoint): endpoint is SurvivalModelEndpoint {
  return SURVIVAL_MODEL_ENDPOINTS.some((e) => e.id === endpoint);
}

export const MODEL_COHORTS = ["2L", "3L+", "both"] as const;
export type ModelCohort = (typeof MODEL_COHORTS)[number];

export type ModelLearnerSpec =
  | { kind: "boosted-trees"; grid: BoostedTreesParams[] }
  | { kind: "elastic-net-logistic"; grid: ElasticNetParams[] }
  /** Explainable boosting machine with pairwise terms (Lou et al., KDD 2013): additive shape functions. */
  | { kind: "ebm"; grid: EbmParams[] }
  /**
   * Elastic net on multiply imputed data: chained equations fitted inside each training set only, one
   * fit per imputation, pooled on the log-odds scale (imputedElasticNetLearner).
   */
  | { kind: "imputed-elastic-net-logistic"; grid: ImputedElasticNetParams[] }
  /** Time-to-event endpoints: elastic-net Cox (glmnet's family = "cox") with a Breslow baseline. */
  | { kind: "elastic-net-cox"; grid: ElasticNetCoxParams[] }
  /** Time-to-event endpoints: boosted trees with XGBoost's survival:cox objective and a Breslow baseline. */
  | { kind: "boosted-trees-cox"; grid: BoostedTreesCoxParams[] }
  /**
   * Time-to-event endpoints: elastic-net Cox on multiply imputed data (chained equations inside each
   * training set, m fits pooled on the log-hazard scale, one Breslow baseline; imputedElasticNetCoxLearner).
   */
  | { kind: "imputed-elastic-net-cox"; grid: ImputedElasticNetParams[] };

export const MODEL_LEARNER_KINDS = [
  "boosted-trees",
  "elastic-net-logistic",
  "ebm",
  "imputed-elastic-net-logistic",
  "elastic-net-cox",
  "boosted-trees-cox",
  "imputed-elastic-net-cox",
] as const satisfies readonly ModelLearnerSpec["kind"][];

/** The learners that fit a time-to-event endpoint; every other kind fits a binary one. */
export const SURVIVAL_LEARNER_KINDS: readonly ModelLearnerSpec["kind"][] = [
  "elastic-net-cox",
  "boosted-trees-cox",
  "imputed-elastic-net-cox",
];

export interface ModelValidationSpec {
  outerFolds: number;
  innerFolds: number;
  bootstrapReplicates: number;
  leaveOneCenterOut: boolean;
  /** Fewest events and non-events a centre needs to be held out alone (default 5). */
  locoMinEvents: number;
  /** Version 1 transports 3L+ → 2L only; null = no transport analysis. */
  transport: { development: "3L+"; target: "2L" } | null;
  seed: number;
}

export interface ModelFeatures {
  variables?: string[];
  modalities?: string[];
  derived?: string[];
}

export interface ModelSpec {
  name: string;
  endpoint: ModelEndpoint;
  /**
   * Time-to-event endpoints: the horizon of the predicted risk, in months from the landmark (also
   * where the time-dependent AUC, Brier score, Uno's C and calibration are evaluated); null for a
   * binary endpoint, whose horizon is part of its definition.
   */
  horizonMonths: number | null;
  /** relapse_vs_nrm only: which cause's absolute risk the model predicts; null for every other endpoint. */
  cause: CompetingModelCause | null;
  cohort: ModelCohort;
  landmark: ModelLandmark;
  features: ModelFeatures;
  learner: ModelLearnerSpec;
  validation: ModelValidationSpec;
  /**
   * What the model is for and for whom (TRIPOD+AI item 3; shown with every prediction and report);
   * null: the generic research-use statement `intendedUseOf` writes from the endpoint and landmark.
   */
  intendedUse: string | null;
}

/** A model spec refused: every problem, each naming its field. */
export class ModelSpecError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`model spec refused: ${errors.join("; ")}`);
    this.name = "ModelSpecError";
  }
}

/** The feature spec a model spec stands for (the shape of @carta/clinical's FeatureSpec). */
export interface ModelFeatureSpec {
  landmark: ModelLandmark;
  variables?: string[];
  modalities?: string[];
  derived?: string[];
  endpoint: ModelEndpoint;
}

export function featureSpecOf(spec: ModelSpec): ModelFeatureSpec {
  const out: ModelFeatureSpec = { landmark: spec.landmark, endpoint: spec.endpoint };
  if (spec.features.variables) out.variables = [...spec.features.variables];
  if (spec.features.modalities) out.modalities = [...spec.features.modalities];
  if (spec.features.derived) out.derived = [...spec.features.derived];
  return out;
}

/** The event whose probability a model of this endpoint predicts (a time-to-event one without its horizon). */
export function endpointEvent(endpoint: ModelEndpoint): string {
  return [...BINARY_MODEL_ENDPOINTS, ...SURVIVAL_MODEL_ENDPOINTS].find((e) => e.id === endpoint)!.event;
}

/** The event a spec's model gives the probability of: for a time-to-event endpoint, by its horizon. */
export function modelEvent(spec: Pick<ModelSpec, "endpoint" | "horizonMonths" | "cause">): string {
  const event =
    spec.cause !== null
      ? COMPETING_MODEL_CAUSES.find((c) => c.id === spec.cause)!.event
      : endpointEvent(spec.endpoint);
  if (!isSurvivalEndpoint(spec.endpoint) || spec.horizonMonths === null) return event;
  return `${event} within ${spec.horizonMonths} month${spec.horizonMonths === 1 ? "" : "s"} of the landmark`;
}

const TOP_FIELDS = [
  "format",
  "version",
  "name",
  "endpoint",
  "horizonMonths",
  "cause",
  "cohort",
  "landmark",
  "features",
  "learner",
  "validation",
  "intendedUse",
];
const FEATURE_FIELDS = ["variables", "modalities", "derived"];
const VALIDATION_FIELDS = [
  "outerFolds",
  "innerFolds",
  "bootstrapReplicates",
  "leaveOneCenterOut",
  "locoMinEvents",
  "transport",
  "seed",
];
/** Each learner's hyperparameters: [field, lowest, highest, integer]. */
const BOOSTED_PARAMS: readonly [keyof BoostedTreesParams, number, number, boolean][] = [
  ["rounds", 1, 10_000, true],
  ["learningRate", Number.MIN_VALUE, 1, false],
  ["maxDepth", 1, 16, true],
  ["minChildWeight", 0, Number.MAX_VALUE, false],
  ["lambda", 0, Number.MAX_VALUE, false],
  ["subsample", Number.MIN_VALUE, 1, false],
  ["colsampleByTree", Number.MIN_VALUE, 1, false],
  ["seed", 0, 2 ** 32 - 1, true],
];
const ELASTIC_PARAMS: readonly [keyof ElasticNetParams, number, number, boolean][] = [
  ["lambda", 0, Number.MAX_VALUE, false],
  ["alpha", 0, 1, false],
];
/** imputations from 2 (pooling needs two) to 100; the defaults 5, 10 and 1 are the learner's. */
const IMPUTED_PARAMS: readonly [keyof ImputedElasticNetParams, number, number, boolean][] = [
  ...ELASTIC_PARAMS,
  ["imputations", 2, 100, true],
  ["iterations", 1, 100, true],
  ["seed", 0, 2 ** 32 - 1, true],
];
const PARAMS: Readonly<
  Record<ModelLearnerSpec["kind"], readonly (readonly [string, number, number, boolean])[]>
> = {
  "boosted-trees": BOOSTED_PARAMS,
  "elastic-net-logistic": ELASTIC_PARAMS,
  ebm: EBM_PARAM_LIMITS,
  "imputed-elastic-net-logistic": IMPUTED_PARAMS,
  "elastic-net-cox": ELASTIC_PARAMS,
  "boosted-trees-cox": BOOSTED_PARAMS,
  "imputed-elastic-net-cox": IMPUTED_PARAMS,
};
const REQUIRED_PARAMS: Readonly<Record<ModelLearnerSpec["kind"], readonly string[]>> = {
  "boosted-trees": ["rounds"],
  "elastic-net-logistic": ["lambda", "alpha"],
  ebm: [],
  "imputed-elastic-net-logistic": ["lambda", "alpha"],
  "elastic-net-cox": ["lambda", "alpha"],
  "boosted-trees-cox": ["rounds"],
  "imputed-elastic-net-cox": ["lambda", "alpha"],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function unknownFields(o: Record<string, unknown>, allowed: readonly string[], at: string, errors: string[]) {
  for (const key of Object.keys(o))
    if (!allowed.includes(key)) errors.push(`unknown field ${JSON.stringify(`${at}${key}`)}`);
}

function integerIn(v: unknown, field: string, lo: number, hi: number, errors: string[]): number | undefined {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    errors.push(`${field} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function oneOf<T extends string>(
  v: unknown,
  field: string,
  allowed: readonly T[],
  errors: string[],
): T | undefined {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    errors.push(`${field} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v as T;
}

function readFeatures(v: unknown, errors: string[]): ModelFeatures {
  if (v === undefined) return {};
  if (!isObject(v)) {
    errors.push("features must be an object with variables, modalities and/or derived");
    return {};
  }
  unknownFields(v, FEATURE_FIELDS, "features.", errors);
  const out: ModelFeatures = {};
  for (const field of FEATURE_FIELDS as ("variables" | "modalities" | "derived")[]) {
    const list = v[field];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((x) => typeof x !== "string" || x === "")) {
      errors.push(`features.${field} must be a list of non-empty strings`);
      continue;
    }
    out[field] = [...(list as string[])];
  }
  return out;
}

function readGrid(
  kind: ModelLearnerSpec["kind"],
  grid: unknown,
  errors: string[],
): Record<string, number>[] | undefined {
  if (!Array.isArray(grid) || grid.length === 0) {
    errors.push("learner.grid must be a non-empty list of hyperparameter objects");
    return undefined;
  }
  const params = PARAMS[kind];
  const names = params.map(([name]) => name as string);
  return grid.map((entry, g) => {
    const at = `learner.grid[${g}]`;
    if (!isObject(entry)) {
      errors.push(`${at} must be an object`);
      return {};
    }
    unknownFields(entry, names, `${at}.`, errors);
    for (const required of REQUIRED_PARAMS[kind])
      if (entry[required] === undefined) errors.push(`${at}.${required} is required for ${kind}`);
    const out: Record<string, number> = {};
    for (const [name, lo, hi, integer] of params) {
      const value = entry[name];
      if (value === undefined) continue;
      const ok =
        typeof value === "number" &&
        Number.isFinite(value) &&
        value >= lo &&
        value <= hi &&
        (!integer || Number.isInteger(value));
      if (!ok) {
        errors.push(
          `${at}.${name} must be ${integer ? "an integer" : "a number"} in [${lo === Number.MIN_VALUE ? "> 0" : lo}, ${hi === Number.MAX_VALUE ? "∞" : hi}], got ${JSON.stringify(value)}`,
        );
        continue;
      }
      out[name] = value as number;
    }
    return out;
  });
}

function readLearner(v: unknown, errors: string[]): ModelLearnerSpec | undefined {
  if (!isObject(v)) {
    errors.push('learner must be an object { "kind": …, "grid": [...] }');
    return undefined;
  }
  unknownFields(v, ["kind", "grid"], "learner.", errors);
  const kind = oneOf(v.kind, "learner.kind", MODEL_LEARNER_KINDS, errors);
  if (!kind) return undefined;
  const grid = readGrid(kind, v.grid, errors);
  if (!grid) return undefined;
  if (kind === "boosted-trees") return { kind, grid: grid as unknown as BoostedTreesParams[] };
  if (kind === "ebm") return { kind, grid: grid as unknown as EbmParams[] };
  if (kind === "imputed-elastic-net-logistic")
    return { kind, grid: grid as unknown as ImputedElasticNetParams[] };
  if (kind === "elastic-net-cox") return { kind, grid: grid as unknown as ElasticNetCoxParams[] };
  if (kind === "boosted-trees-cox") return { kind, grid: grid as unknown as BoostedTreesCoxParams[] };
  if (kind === "imputed-elastic-net-cox") return { kind, grid: grid as unknown as ImputedElasticNetParams[] };
  return { kind, grid: grid as unknown as ElasticNetParams[] };
}

function readValidation(v: unknown, cohort: ModelCohort | undefined, errors: string[]): ModelValidationSpec {
  const o = v === undefined ? {} : v;
  const out: ModelValidationSpec = {
    outerFolds: 5,
    innerFolds: 5,
    bootstrapReplicates: 200,
    leaveOneCenterOut: true,
    locoMinEvents: 5,
    transport: null,
    seed: 1,
  };
  if (!isObject(o)) {
    errors.push("validation must be an object");
    return out;
  }
  unknownFields(o, VALIDATION_FIELDS, "validation.", errors);
  const int = (
    field: "outerFolds" | "innerFolds" | "bootstrapReplicates" | "locoMinEvents" | "seed",
    lo: number,
    hi: number,
  ) => {
    if (o[field] === undefined) return;
    const value = integerIn(o[field], `validation.${field}`, lo, hi, errors);
    if (value !== undefined) out[field] = value;
  };
  int("outerFolds", 2, 100);
  int("innerFolds", 2, 100);
  int("bootstrapReplicates", 1, 100_000);
  int("locoMinEvents", 1, 1000);
  int("seed", 0, 2 ** 32 - 1);
  if (o.leaveOneCenterOut !== undefined) {
    if (typeof o.leaveOneCenterOut !== "boolean")
      errors.push("validation.leaveOneCenterOut must be true or false");
    else out.leaveOneCenterOut = o.leaveOneCenterOut;
  }
  const t = o.transport;
  if (t !== undefined && t !== null) {
    if (!isObject(t)) {
      errors.push('validation.transport must be { "development": "3L+", "target": "2L" } or null');
    } else {
      unknownFields(t, ["development", "target"], "validation.transport.", errors);
      // Version 1 fits in the later-line cohort and validates in the earlier one (DESIGN.md "Transportability").
      if (t.development !== "3L+")
        errors.push(
          `validation.transport.development must be "3L+" (version 1 transports 3L+ → 2L), got ${JSON.stringify(t.development)}`,
        );
      if (t.target !== "2L")
        errors.push(
          `validation.transport.target must be "2L" (version 1 transports 3L+ → 2L), got ${JSON.stringify(t.target)}`,
        );
      if (cohort !== undefined && cohort !== "both")
        errors.push(
          `validation.transport needs cohort "both" (rows of 3L+ and 2L), but cohort is "${cohort}"`,
        );
      out.transport = { development: "3L+", target: "2L" };
    }
  }
  return out;
}

/** Months, required (1–120) for a time-to-event endpoint and refused for a binary one. */
function readHorizon(v: unknown, endpoint: ModelEndpoint | undefined, errors: string[]): number | null {
  if (endpoint === undefined) return null;
  if (!isSurvivalEndpoint(endpoint)) {
    if (v !== undefined && v !== null)
      errors.push(
        `horizonMonths is for time-to-event endpoints; the binary endpoint "${endpoint}" has its horizon in its definition`,
      );
    return null;
  }
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v > 120) {
    errors.push(
      `horizonMonths must be a number of months in (0, 120] for the time-to-event endpoint "${endpoint}", got ${JSON.stringify(v)}`,
    );
    return null;
  }
  return v;
}

/** relapse_vs_nrm needs "relapse" or "nrm"; every other endpoint names its event already. */
function readCause(
  v: unknown,
  endpoint: ModelEndpoint | undefined,
  errors: string[],
): CompetingModelCause | null {
  if (endpoint === undefined) return null;
  if (!isCompetingEndpoint(endpoint)) {
    if (v !== undefined && v !== null)
      errors.push(
        `cause is for the competing-risks endpoint relapse_vs_nrm; "${endpoint}" names its event already`,
      );
    return null;
  }
  const ids = COMPETING_MODEL_CAUSES.map((c) => c.id);
  if (typeof v !== "string" || !(ids as readonly string[]).includes(v)) {
    errors.push(
      `cause must be ${ids.map((c) => `"${c}"`).join(" or ")} for relapse_vs_nrm (the event whose risk the model predicts), got ${JSON.stringify(v)}`,
    );
    return null;
  }
  return v as CompetingModelCause;
}

/**
 * A model spec from a JSON document: `format` "carta.model-spec" and `version` 1 are required, unknown
 * fields are refused by name (with their path), every value is checked. Throws a ModelSpecError
 * listing every problem, each prefixed with `source`.
 */
export function readModelSpec(json: unknown, source = "model spec"): ModelSpec {
  if (!isObject(json)) throw new ModelSpecError([`${source}: expected a JSON object`]);
  const errors: string[] = [];
  if (json.format !== MODEL_SPEC_FORMAT)
    errors.push(`format must be "${MODEL_SPEC_FORMAT}", got ${JSON.stringify(json.format)}`);
  if (json.version !== MODEL_SPEC_VERSION)
    errors.push(`version must be ${MODEL_SPEC_VERSION}, got ${JSON.stringify(json.version)}`);
  unknownFields(json, TOP_FIELDS, "", errors);
  const name = json.name;
  if (typeof name !== "string" || !/^[a-z0-9][a-z0-9._-]{0,79}$/.test(name))
    errors.push(
      `name must be 1–80 lower-case letters, digits, ".", "_" or "-" starting with a letter or digit, got ${JSON.stringify(name)}`,
    );
  const endpoint = oneOf<ModelEndpoint>(
    json.endpoint,
    "endpoint",
    [...BINARY_MODEL_ENDPOINTS, ...SURVIVAL_MODEL_ENDPOINTS].map((e) => e.id),
    errors,
  );
  const horizonMonths = readHorizon(json.horizonMonths, endpoint, errors);
  const cause = readCause(json.cause, endpoint, errors);
  const cohort = oneOf(json.cohort ?? "both", "cohort", MODEL_COHORTS, errors);
  const landmark = oneOf(json.landmark, "landmark", MODEL_LANDMARKS, errors);
  const features = readFeatures(json.features, errors);
  const learner = readLearner(json.learner, errors);
  if (endpoint && learner) {
    const survivalLearner = SURVIVAL_LEARNER_KINDS.includes(learner.kind);
    if (isSurvivalEndpoint(endpoint) && !survivalLearner)
      errors.push(
        `learner.kind "${learner.kind}" fits a binary endpoint; the time-to-event endpoint "${endpoint}" needs ${SURVIVAL_LEARNER_KINDS.join(" or ")}`,
      );
    if (!isSurvivalEndpoint(endpoint) && survivalLearner)
      errors.push(
        `learner.kind "${learner.kind}" fits a time-to-event endpoint; the binary endpoint "${endpoint}" needs one of ${MODEL_LEARNER_KINDS.filter((k) => !SURVIVAL_LEARNER_KINDS.includes(k)).join(", ")}`,
      );
  }
  const validation = readValidation(json.validation, cohort, errors);
  const intendedUse = json.intendedUse ?? null;
  if (
    intendedUse !== null &&
    (typeof intendedUse !== "string" || intendedUse.length < 1 || intendedUse.length > 1000)
  )
    errors.push(`intendedUse must be a text of 1–1000 characters, got ${JSON.stringify(intendedUse)}`);
  if (errors.length) throw new ModelSpecError(errors.map((e) => `${source}: ${e}`));
  return {
    name: name as string,
    endpoint: endpoint!,
    horizonMonths,
    cause,
    cohort: cohort!,
    landmark: landmark!,
    features,
    learner: learner!,
    validation,
    intendedUse: intendedUse as string | null,
  };
}

/** The spec as a canonical JSON document (fields in a fixed order, defaults filled in): what is hashed and stored. */
export function modelSpecJson(spec: ModelSpec): Record<string, unknown> {
  return {
    format: MODEL_SPEC_FORMAT,
    version: MODEL_SPEC_VERSION,
    name: spec.name,
    endpoint: spec.endpoint,
    // Only for a time-to-event endpoint, so that the canonical JSON (and hash) of a binary spec is unchanged.
    ...(spec.horizonMonths !== null ? { horizonMonths: spec.horizonMonths } : {}),
    ...(spec.cause !== null ? { cause: spec.cause } : {}),
    cohort: spec.cohort,
    landmark: spec.landmark,
    features: {
      ...(spec.features.variables ? { variables: spec.features.variables } : {}),
      ...(spec.features.modalities ? { modalities: spec.features.modalities } : {}),
      ...(spec.features.derived ? { derived: spec.features.derived } : {}),
    },
    learner: { kind: spec.learner.kind, grid: spec.learner.grid },
    validation: {
      outerFolds: spec.validation.outerFolds,
      innerFolds: spec.validation.innerFolds,
      bootstrapReplicates: spec.validation.bootstrapReplicates,
      leaveOneCenterOut: spec.validation.leaveOneCenterOut,
      locoMinEvents: spec.validation.locoMinEvents,
      transport: spec.validation.transport,
      seed: spec.validation.seed,
    },
    // Only when given, so that the canonical JSON (and hash) of a spec without it is unchanged.
    ...(spec.intendedUse !== null ? { intendedUse: spec.intendedUse } : {}),
  };
}

/** The spec's intended use, or the generic research-use statement for its endpoint, cohort and landmark. */
export function intendedUseOf(spec: ModelSpec, event: string): string {
  if (spec.intendedUse !== null) return spec.intendedUse;
  const cohort = spec.cohort === "both" ? "2L and 3L+" : spec.cohort;
  return (
    `Research use in the study: estimates the probability of ${event} for a patient with large B-cell lymphoma ` +
    `treated with CAR-T cells in ${cohort}, from what is known at the ${spec.landmark} landmark. ` +
    "It supports, and does not replace, the clinical team's judgement; it has not been validated outside the study's centres."
  );
}
