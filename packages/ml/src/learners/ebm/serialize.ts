import type { EbmBinning } from "./binning.js";
import { valueBinCount } from "./binning.js";
import type { EbmFeatureTerm, EbmModel, EbmPairTerm, EbmTrainingSummary } from "./model.js";
import { EBM_PARAM_LIMITS, resolveEbmParams } from "./params.js";

export const EBM_MODEL_FORMAT = "carta.ebm-model";
export const EBM_MODEL_VERSION = 1;

export type EbmBinningJson =
  | { type: "numeric"; edges: number[] }
  | { type: "binary" | "categorical"; levels: string[] };

export type EbmFeatureJson = { name: string; missingScore: number; scores: number[] } & EbmBinningJson;

export interface EbmPairJson {
  features: [number, number];
  bins: [EbmBinningJson, EbmBinningJson];
  /** scores[row][column], row and column 0 the missing bins. */
  scores: number[][];
  strength: number;
}

export interface EbmModelJson {
  format: typeof EBM_MODEL_FORMAT;
  version: typeof EBM_MODEL_VERSION;
  intercept: number;
  features: EbmFeatureJson[];
  pairs: EbmPairJson[];
  training: {
    rows: number;
    boostingRows: number;
    validationRows: number;
    mainCycles: number;
    pairCycles: number;
    params: Record<string, number>;
  };
}

/** An EBM model file carta cannot use; `field` is the JSON path of the problem. */
export class EbmModelError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${EBM_MODEL_FORMAT}: ${field === "" ? "" : `${field}: `}${problem}`);
    this.name = "EbmModelError";
  }
}

/** The model as plain JSON (JSON.stringify it to save); deserializeEbm reads it back exactly. */
export function serializeEbm(model: EbmModel): EbmModelJson {
  return {
    format: EBM_MODEL_FORMAT,
    version: EBM_MODEL_VERSION,
    intercept: model.intercept,
    features: model.features.map((feature) => ({
      name: feature.name,
      ...binningJson(feature.binning),
      missingScore: feature.missingScore,
      scores: Array.from(feature.scores),
    })),
    pairs: model.pairs.map((pair) => {
      const width = 1 + valueBinCount(pair.binnings[1]);
      const height = 1 + valueBinCount(pair.binnings[0]);
      return {
        features: [pair.features[0], pair.features[1]],
        bins: [binningJson(pair.binnings[0]), binningJson(pair.binnings[1])],
        scores: Array.from({ length: height }, (_, r) =>
          Array.from(pair.scores.subarray(r * width, (r + 1) * width)),
        ),
        strength: pair.strength,
      };
    }),
    training: { ...model.training, params: { ...model.training.params } },
  };
}

function binningJson(binning: EbmBinning): EbmBinningJson {
  return binning.type === "numeric"
    ? { type: "numeric", edges: Array.from(binning.edges) }
    : { type: binning.type, levels: [...binning.levels] };
}

const ROOT_KEYS = ["format", "version", "intercept", "features", "pairs", "training"];
const PAIR_KEYS = ["features", "bins", "scores", "strength"];
const TRAINING_KEYS = ["rows", "boostingRows", "validationRows", "mainCycles", "pairCycles", "params"];

/**
 * Reads an EBM model from JSON text or parsed JSON, refusing another format or version, unknown
 * fields, and any array of the wrong length or value of the wrong kind, with an EbmModelError
 * naming the field.
 */
export function deserializeEbm(json: unknown): EbmModel {
  let root: unknown = json;
  if (typeof json === "string") {
    try {
      root = JSON.parse(json);
    } catch (error) {
      throw new EbmModelError("", `not JSON (${(error as Error).message})`);
    }
  }
  const o = object(root, "");
  if (o.format !== EBM_MODEL_FORMAT) {
    throw new EbmModelError("format", `expected "${EBM_MODEL_FORMAT}", got ${describe(o.format)}`);
  }
  if (o.version !== EBM_MODEL_VERSION) {
    throw new EbmModelError(
      "version",
      `unsupported version ${describe(o.version)} (this carta reads version ${EBM_MODEL_VERSION})`,
    );
  }
  onlyKeys(o, ROOT_KEYS, "");
  const intercept = finite(o.intercept, "intercept");
  const names = new Set<string>();
  const features = array(o.features, "features").map((value, f) => {
    const feature = readFeature(value, `features[${f}]`);
    if (names.has(feature.name)) {
      throw new EbmModelError(`features[${f}].name`, `duplicate feature name ${describe(feature.name)}`);
    }
    names.add(feature.name);
    return feature;
  });
  const pairs = array(o.pairs, "pairs").map((value, k) => readPair(value, `pairs[${k}]`, features));
  return { kind: "ebm", intercept, features, pairs, training: readTraining(o.training, "training") };
}

function readFeature(value: unknown, at: string): EbmFeatureTerm {
  const o = object(value, at);
  const name = string(o.name, `${at}.name`);
  if (name === "") throw new EbmModelError(`${at}.name`, "expected a non-empty name");
  const binning = readBinning(o, at);
  onlyKeys(
    o,
    ["name", "type", binning.type === "numeric" ? "edges" : "levels", "missingScore", "scores"],
    at,
  );
  const bins = valueBinCount(binning);
  const scores = numbers(o.scores, `${at}.scores`);
  if (scores.length !== bins) {
    throw new EbmModelError(`${at}.scores`, `expected ${bins} scores (one per bin), got ${scores.length}`);
  }
  return { name, binning, missingScore: finite(o.missingScore, `${at}.missingScore`), scores };
}

function readBinning(o: Record<string, unknown>, at: string): EbmBinning {
  const type = o.type;
  if (type === "numeric") {
    const edges = numbers(o.edges, `${at}.edges`);
    if (edges.length === 1) throw new EbmModelError(`${at}.edges`, "expected no edges or at least 2");
    for (let i = 1; i < edges.length; i++) {
      if (edges[i]! < edges[i - 1]!) throw new EbmModelError(`${at}.edges[${i}]`, "edges must not decrease");
    }
    return { type, edges };
  }
  if (type !== "binary" && type !== "categorical") {
    throw new EbmModelError(
      `${at}.type`,
      `expected "numeric", "binary" or "categorical", got ${describe(type)}`,
    );
  }
  const levels = array(o.levels, `${at}.levels`).map((level, i) => string(level, `${at}.levels[${i}]`));
  levels.forEach((level, i) => {
    if (levels.indexOf(level) !== i)
      throw new EbmModelError(`${at}.levels[${i}]`, `duplicate level ${describe(level)}`);
    if (type === "binary" && level !== "0" && level !== "1") {
      throw new EbmModelError(
        `${at}.levels[${i}]`,
        `a binary feature's levels are "0" and "1", got ${describe(level)}`,
      );
    }
  });
  return { type, levels };
}

function readPair(value: unknown, at: string, features: readonly EbmFeatureTerm[]): EbmPairTerm {
  const o = object(value, at);
  onlyKeys(o, PAIR_KEYS, at);
  const indices = array(o.features, `${at}.features`);
  if (indices.length !== 2)
    throw new EbmModelError(`${at}.features`, `expected 2 feature indices, got ${indices.length}`);
  const [a, b] = indices.map((v, i) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= features.length) {
      throw new EbmModelError(
        `${at}.features[${i}]`,
        `expected a feature index 0…${features.length - 1}, got ${describe(v)}`,
      );
    }
    return v;
  }) as [number, number];
  if (a >= b)
    throw new EbmModelError(`${at}.features`, `expected two indices in increasing order, got [${a}, ${b}]`);
  const bins = array(o.bins, `${at}.bins`);
  if (bins.length !== 2) throw new EbmModelError(`${at}.bins`, `expected 2 binnings, got ${bins.length}`);
  const binnings = [a, b].map((f, i) => {
    const where = `${at}.bins[${i}]`;
    const bin = object(bins[i], where);
    const binning = readBinning(bin, where);
    onlyKeys(bin, ["type", binning.type === "numeric" ? "edges" : "levels"], where);
    if (binning.type !== features[f]!.binning.type) {
      throw new EbmModelError(
        `${where}.type`,
        `feature ${features[f]!.name} is ${features[f]!.binning.type}, got ${binning.type}`,
      );
    }
    return binning;
  }) as [EbmBinning, EbmBinning];
  const height = 1 + valueBinCount(binnings[0]);
  const width = 1 + valueBinCount(binnings[1]);
  const rows = array(o.scores, `${at}.scores`);
  if (rows.length !== height)
    throw new EbmModelError(`${at}.scores`, `expected ${height} rows, got ${rows.length}`);
  const scores = new Float64Array(height * width);
  rows.forEach((row, r) => {
    const values = numbers(row, `${at}.scores[${r}]`);
    if (values.length !== width) {
      throw new EbmModelError(`${at}.scores[${r}]`, `expected ${width} scores, got ${values.length}`);
    }
    scores.set(values, r * width);
  });
  const strength = finite(o.strength, `${at}.strength`);
  return { features: [a, b], binnings, scores, strength };
}

function readTraining(value: unknown, at: string): EbmTrainingSummary {
  const o = object(value, at);
  onlyKeys(o, TRAINING_KEYS, at);
  const count = (key: string) => {
    const v = o[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw new EbmModelError(`${at}.${key}`, `expected a non-negative integer, got ${describe(v)}`);
    }
    return v;
  };
  const paramsJson = object(o.params, `${at}.params`);
  for (const [name] of EBM_PARAM_LIMITS) {
    if (paramsJson[name] === undefined) throw new EbmModelError(`${at}.params.${name}`, "missing");
  }
  let params: EbmTrainingSummary["params"];
  try {
    params = resolveEbmParams(paramsJson);
  } catch (error) {
    throw new EbmModelError(`${at}.params`, (error as Error).message);
  }
  return {
    rows: count("rows"),
    boostingRows: count("boostingRows"),
    validationRows: count("validationRows"),
    mainCycles: count("mainCycles"),
    pairCycles: count("pairCycles"),
    params,
  };
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EbmModelError(at, `expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new EbmModelError(at === "" ? key : `${at}.${key}`, "unknown field");
  }
}

function array(value: unknown, at: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new EbmModelError(at, `expected an array, got ${describe(value)}`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== "string") throw new EbmModelError(at, `expected a string, got ${describe(value)}`);
  return value;
}

function finite(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new EbmModelError(at, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

function numbers(value: unknown, at: string): Float64Array {
  const items = array(value, at);
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = finite(items[i], `${at}[${i}]`);
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}
