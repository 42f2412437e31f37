import type { ChainedImputer, ColumnModel, ImputationColumn } from "@carta/stats";
import type { BreslowBaseline } from "../survival/breslow.js";
import type { DesignColumn, DesignEncoding } from "./design.js";
import {
  type AnyImputedElasticNetPredictor,
  IMPUTED_ELASTIC_NET_KINDS,
  type ImputedElasticNetFit,
  type ImputedElasticNetKind,
  type ImputedElasticNetPredictor,
  type StoredImputer,
} from "./imputedElasticNet.js";

/**
 * The registry's form of an imputed elastic net (docs/lab.md "Training and validation runs"): plain
 * JSON with every number a double (JSON.stringify writes the shortest text that reads back to the
 * same double), so a model read back predicts exactly as the one fitted. It holds what prediction
 * needs — the design encoding, the chained-equations imputer's final models (typed arrays as number
 * lists; the training data sets are left out: imputing a new row reads only the models and start
 * values) and the m fits — and nothing of the training rows beyond the imputer's PMM donors, which
 * are observed training values by the method's definition. A Cox model (kind
 * "imputed-elastic-net-cox") adds its Breslow baseline, whose times are the training rows' distinct
 * event times, as any stored Cox model's are.
 *
 * Versions: 2 names the kind (logistic or Cox) and is what is written. Version 1, written before the
 * Cox twin, has no kind field and is always a logistic model; it is still read.
 */

type PredictorTerm = ChainedImputer["predictors"][number][number];

export const IMPUTED_ELASTIC_NET_FORMAT = "carta.imputed-elastic-net-model";
export const IMPUTED_ELASTIC_NET_VERSION = 2;

export interface DesignEncodingJson {
  names: string[];
  columns: DesignColumn[];
  categorical: { feature: number; reference: string; levels: string[] }[];
}

export type ImputationModelJson =
  | { kind: "pmm"; drawnCoefficients: number[]; donorPredictions: number[]; donorValues: number[] }
  | { kind: "logreg"; drawnCoefficients: number[] }
  | { kind: "polytomous"; drawnCoefficients: number[][] };

export interface ChainedImputerJson {
  method: "mice-fcs";
  columns: { name: string; type: ImputationColumn["type"]; levels?: string[] }[];
  m: number;
  iterations: number;
  seed: number;
  donors: number;
  n: number;
  predictors: PredictorTerm[][];
  missingCount: number[];
  startValues: number[];
  /** models[l][j]: imputation l's model of column j. */
  models: ImputationModelJson[][];
}

export interface BreslowBaselineJson {
  time: number[];
  cumulativeHazard: number[];
  center: number;
}

export interface ImputedElasticNetJson {
  format: typeof IMPUTED_ELASTIC_NET_FORMAT;
  version: typeof IMPUTED_ELASTIC_NET_VERSION;
  kind: ImputedElasticNetKind;
  lambda: number;
  alpha: number;
  completeTraining: boolean;
  encoding: DesignEncodingJson;
  imputedFeatures: number[];
  imputer: ChainedImputerJson;
  /** Logistic: each fit's intercept; Cox: 0. */
  fits: { intercept: number; coefficients: number[]; standardizedCoefficients: number[] }[];
  /** Cox only: the Breslow baseline of the training rows at their pooled linear predictor. */
  baseline?: BreslowBaselineJson;
}

/** A stored imputed elastic net carta cannot use; `field` is the JSON path of the problem. */
export class ImputedElasticNetModelError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${IMPUTED_ELASTIC_NET_FORMAT}: ${field === "" ? "" : `${field}: `}${problem}`);
    this.name = "ImputedElasticNetModelError";
  }
}

/** The model as plain JSON; deserializeImputedElasticNet reads it back exactly. */
export function serializeImputedElasticNet(model: AnyImputedElasticNetPredictor): ImputedElasticNetJson {
  const { encoding, imputer } = model;
  return {
    format: IMPUTED_ELASTIC_NET_FORMAT,
    version: IMPUTED_ELASTIC_NET_VERSION,
    kind: model.kind,
    lambda: model.lambda,
    alpha: model.alpha,
    completeTraining: model.completeTraining,
    encoding: {
      names: [...encoding.names],
      columns: encoding.columns.map((c) => ({ ...c })),
      categorical: [...encoding.categorical].map(([feature, { reference, levels }]) => ({
        feature,
        reference,
        levels: [...levels],
      })),
    },
    imputedFeatures: [...model.imputedFeatures],
    imputer: {
      method: imputer.method,
      columns: imputer.columns.map((c) => ({
        name: c.name,
        type: c.type,
        ...(c.levels ? { levels: [...c.levels] } : {}),
      })),
      m: imputer.m,
      iterations: imputer.iterations,
      seed: imputer.seed,
      donors: imputer.donors,
      n: imputer.n,
      predictors: imputer.predictors.map((terms) => terms.map((t) => ({ column: t.column, level: t.level }))),
      missingCount: [...imputer.missingCount],
      startValues: Array.from(imputer.startValues),
      models: imputer.models.map((columns) => columns.map(columnModelJson)),
    },
    fits: model.fits.map((fit) => ({
      intercept: fit.intercept,
      coefficients: Array.from(fit.coefficients),
      standardizedCoefficients: Array.from(fit.standardizedCoefficients),
    })),
    ...(model.kind === "imputed-elastic-net-cox"
      ? {
          baseline: {
            time: Array.from(model.baseline.time),
            cumulativeHazard: Array.from(model.baseline.cumulativeHazard),
            center: model.baseline.center,
          },
        }
      : {}),
  };
}

function columnModelJson(model: ColumnModel): ImputationModelJson {
  if (model.kind === "pmm") {
    return {
      kind: "pmm",
      drawnCoefficients: Array.from(model.drawnCoefficients),
      donorPredictions: Array.from(model.donorPredictions),
      donorValues: Array.from(model.donorValues),
    };
  }
  if (model.kind === "logreg")
    return { kind: "logreg", drawnCoefficients: Array.from(model.drawnCoefficients) };
  return { kind: "polytomous", drawnCoefficients: model.drawnCoefficients.map((b) => Array.from(b)) };
}

/**
 * Reads a stored model (the object or its JSON text), refusing an unknown format or version,
 * unknown fields, and anything inconsistent — lengths that do not match the design or the imputation
 * columns, a column model of the wrong kind for its column, predictor terms that do not exist,
 * unsorted PMM donors, non-finite numbers, a Cox fit with an intercept or without a valid baseline,
 * differing fits of a model fitted on complete data — with an ImputedElasticNetModelError naming the
 * field. `expected` is the kind (or kinds) the caller can use, logistic unless given: a document of
 * another kind is refused rather than read as something it is not.
 */
export function deserializeImputedElasticNet(json: unknown): ImputedElasticNetPredictor;
export function deserializeImputedElasticNet<K extends ImputedElasticNetKind>(
  json: unknown,
  expected: K | readonly K[],
): ImputedElasticNetPredictor<K>;
export function deserializeImputedElasticNet(
  json: unknown,
  expected?: ImputedElasticNetKind | readonly ImputedElasticNetKind[],
): AnyImputedElasticNetPredictor {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ImputedElasticNetModelError("", `not JSON (${(error as Error).message})`);
    }
  }
  const o = object(value, "");
  if (o.format !== IMPUTED_ELASTIC_NET_FORMAT)
    throw new ImputedElasticNetModelError(
      "format",
      `expected "${IMPUTED_ELASTIC_NET_FORMAT}", got ${describe(o.format)}`,
    );
  if (o.version !== 1 && o.version !== IMPUTED_ELASTIC_NET_VERSION)
    throw new ImputedElasticNetModelError(
      "version",
      `expected 1 or ${IMPUTED_ELASTIC_NET_VERSION}, got ${describe(o.version)}`,
    );
  const kind =
    o.version === 1 ? "imputed-elastic-net-logistic" : IMPUTED_ELASTIC_NET_KINDS.find((k) => k === o.kind);
  if (!kind)
    throw new ImputedElasticNetModelError(
      "kind",
      `expected one of ${IMPUTED_ELASTIC_NET_KINDS.join(", ")}, got ${describe(o.kind)}`,
    );
  const accepted: readonly ImputedElasticNetKind[] =
    expected === undefined
      ? ["imputed-elastic-net-logistic"]
      : typeof expected === "string"
        ? [expected]
        : expected;
  if (!accepted.includes(kind))
    throw new ImputedElasticNetModelError(
      o.version === 1 ? "version" : "kind",
      `expected ${accepted.join(" or ")}, got ${kind}${o.version === 1 ? " (version 1 is always logistic)" : ""}`,
    );
  onlyKeys(
    o,
    [
      "format",
      "version",
      ...(o.version === 1 ? [] : ["kind"]),
      "lambda",
      "alpha",
      "completeTraining",
      "encoding",
      "imputedFeatures",
      "imputer",
      "fits",
      ...(kind === "imputed-elastic-net-cox" ? ["baseline"] : []),
    ],
    "",
  );
  const lambda = finite(o.lambda, "lambda");
  if (lambda < 0) throw new ImputedElasticNetModelError("lambda", `expected ≥ 0, got ${lambda}`);
  const alpha = finite(o.alpha, "alpha");
  if (alpha < 0 || alpha > 1) throw new ImputedElasticNetModelError("alpha", `expected 0…1, got ${alpha}`);
  if (typeof o.completeTraining !== "boolean")
    throw new ImputedElasticNetModelError(
      "completeTraining",
      `expected true or false, got ${describe(o.completeTraining)}`,
    );
  const encoding = readEncoding(o.encoding, "encoding");
  const imputer = readImputer(o.imputer, "imputer");
  const imputedFeatures = readImputedFeatures(o.imputedFeatures, "imputedFeatures", imputer, encoding);
  const fitsJson = array(o.fits, "fits");
  if (fitsJson.length !== imputer.m)
    throw new ImputedElasticNetModelError(
      "fits",
      `expected ${imputer.m} fits (one per imputation), got ${fitsJson.length}`,
    );
  const p = encoding.names.length;
  const fits: ImputedElasticNetFit[] = fitsJson.map((fit, l) => {
    const at = `fits[${l}]`;
    const f = object(fit, at);
    onlyKeys(f, ["intercept", "coefficients", "standardizedCoefficients"], at);
    const intercept = finite(f.intercept, `${at}.intercept`);
    if (kind === "imputed-elastic-net-cox" && intercept !== 0)
      throw new ImputedElasticNetModelError(
        `${at}.intercept`,
        `a Cox fit has no intercept: expected 0, got ${intercept}`,
      );
    return {
      intercept,
      coefficients: numbers(f.coefficients, `${at}.coefficients`, p),
      standardizedCoefficients: numbers(f.standardizedCoefficients, `${at}.standardizedCoefficients`, p),
    };
  });
  // Prediction reads one of the fits of a model fitted on complete data as all m (pooledLinearPredictor).
  if (o.completeTraining)
    fits.forEach((fit, l) => {
      if (!sameFit(fit, fits[0]!))
        throw new ImputedElasticNetModelError(
          `fits[${l}]`,
          "a model fitted on complete data holds one fit m times, but this one differs from fits[0]",
        );
    });
  const parts = {
    encoding,
    lambda,
    alpha,
    imputer,
    imputedFeatures,
    fits,
    completeTraining: o.completeTraining,
  };
  const model: AnyImputedElasticNetPredictor =
    kind === "imputed-elastic-net-cox"
      ? { kind, ...parts, baseline: readBaseline(o.baseline, "baseline") }
      : { kind, ...parts };
  return model;
}

function sameFit(a: ImputedElasticNetFit, b: ImputedElasticNetFit): boolean {
  const same = (u: Float64Array, v: Float64Array) => u.every((value, j) => Object.is(value, v[j]));
  return (
    Object.is(a.intercept, b.intercept) &&
    same(a.coefficients, b.coefficients) &&
    same(a.standardizedCoefficients, b.standardizedCoefficients)
  );
}

/** A Breslow baseline: distinct ascending event times ≥ 0, a cumulative hazard > 0 that never falls. */
function readBaseline(value: unknown, at: string): BreslowBaseline {
  const o = object(value, at);
  onlyKeys(o, ["time", "cumulativeHazard", "center"], at);
  const time = numbers(o.time, `${at}.time`);
  const cumulativeHazard = numbers(o.cumulativeHazard, `${at}.cumulativeHazard`, time.length);
  for (let k = 0; k < time.length; k++) {
    if (time[k]! < 0 || (k > 0 && !(time[k]! > time[k - 1]!)))
      throw new ImputedElasticNetModelError(
        `${at}.time[${k}]`,
        "expected distinct event times ≥ 0 in ascending order",
      );
    if (!(cumulativeHazard[k]! > 0) || (k > 0 && cumulativeHazard[k]! < cumulativeHazard[k - 1]!))
      throw new ImputedElasticNetModelError(
        `${at}.cumulativeHazard[${k}]`,
        "expected a positive cumulative hazard that never decreases",
      );
  }
  return { time, cumulativeHazard, center: finite(o.center, `${at}.center`) };
}

function readEncoding(value: unknown, at: string): DesignEncoding {
  const o = object(value, at);
  onlyKeys(o, ["names", "columns", "categorical"], at);
  const names = array(o.names, `${at}.names`).map((name, j) => string(name, `${at}.names[${j}]`));
  const categorical = new Map<number, { reference: string; levels: readonly string[] }>();
  array(o.categorical, `${at}.categorical`).forEach((entry, k) => {
    const where = `${at}.categorical[${k}]`;
    const c = object(entry, where);
    onlyKeys(c, ["feature", "reference", "levels"], where);
    const feature = index(c.feature, `${where}.feature`);
    if (categorical.has(feature))
      throw new ImputedElasticNetModelError(`${where}.feature`, `feature ${feature} is listed twice`);
    const levels = distinctStrings(c.levels, `${where}.levels`);
    if (levels.length === 0) throw new ImputedElasticNetModelError(`${where}.levels`, "expected a level");
    if (c.reference !== levels[0])
      throw new ImputedElasticNetModelError(
        `${where}.reference`,
        `expected the first level ${describe(levels[0])}, got ${describe(c.reference)}`,
      );
    categorical.set(feature, { reference: levels[0]!, levels });
  });
  const columnsJson = array(o.columns, `${at}.columns`);
  if (columnsJson.length !== names.length)
    throw new ImputedElasticNetModelError(
      `${at}.columns`,
      `expected ${names.length} columns (one per name), got ${columnsJson.length}`,
    );
  const columns: DesignColumn[] = columnsJson.map((entry, j) => {
    const where = `${at}.columns[${j}]`;
    const c = object(entry, where);
    const feature = index(c.feature, `${where}.feature`);
    if (c.name !== names[j])
      throw new ImputedElasticNetModelError(
        `${where}.name`,
        `expected ${describe(names[j])}, got ${describe(c.name)}`,
      );
    if (c.kind === "value") {
      onlyKeys(c, ["feature", "name", "kind"], where);
      if (categorical.has(feature))
        throw new ImputedElasticNetModelError(`${where}.feature`, `feature ${feature} is categorical`);
      return { feature, name: names[j]!, kind: "value" };
    }
    if (c.kind !== "indicator")
      throw new ImputedElasticNetModelError(
        `${where}.kind`,
        `expected "value" or "indicator", got ${describe(c.kind)}`,
      );
    onlyKeys(c, ["feature", "name", "kind", "level"], where);
    const level = string(c.level, `${where}.level`);
    const levels = categorical.get(feature)?.levels;
    if (!levels?.slice(1).includes(level))
      throw new ImputedElasticNetModelError(
        `${where}.level`,
        `${describe(level)} is not a non-reference level of categorical feature ${feature}`,
      );
    return { feature, name: names[j]!, kind: "indicator", level };
  });
  for (const [feature, { levels }] of categorical) {
    const indicators = columns.filter((c) => c.kind === "indicator" && c.feature === feature);
    if (indicators.length !== levels.length - 1)
      throw new ImputedElasticNetModelError(
        `${at}.columns`,
        `categorical feature ${feature} has ${levels.length} levels but ${indicators.length} indicator columns`,
      );
  }
  return { names, columns, categorical };
}

const COLUMN_TYPES = ["numeric", "binary", "categorical"] as const;
const MODEL_OF_TYPE = { numeric: "pmm", binary: "logreg", categorical: "polytomous" } as const;

function readImputer(value: unknown, at: string): StoredImputer {
  const o = object(value, at);
  onlyKeys(
    o,
    [
      "method",
      "columns",
      "m",
      "iterations",
      "seed",
      "donors",
      "n",
      "predictors",
      "missingCount",
      "startValues",
      "models",
    ],
    at,
  );
  if (o.method !== "mice-fcs")
    throw new ImputedElasticNetModelError(`${at}.method`, `expected "mice-fcs", got ${describe(o.method)}`);
  const columns: ImputationColumn[] = array(o.columns, `${at}.columns`).map((entry, j) => {
    const where = `${at}.columns[${j}]`;
    const c = object(entry, where);
    onlyKeys(c, ["name", "type", "levels"], where);
    const name = string(c.name, `${where}.name`);
    const type = COLUMN_TYPES.find((t) => t === c.type);
    if (!type)
      throw new ImputedElasticNetModelError(
        `${where}.type`,
        `expected one of ${COLUMN_TYPES.join(", ")}, got ${describe(c.type)}`,
      );
    if (c.levels === undefined) {
      if (type === "categorical")
        throw new ImputedElasticNetModelError(`${where}.levels`, "a categorical column needs its levels");
      return { name, type };
    }
    const levels = distinctStrings(c.levels, `${where}.levels`);
    if (type === "numeric" || (type === "binary" && levels.length !== 2) || levels.length < 2)
      throw new ImputedElasticNetModelError(
        `${where}.levels`,
        `${levels.length} levels do not fit a ${type} column`,
      );
    return { name, type, levels };
  });
  const p = columns.length;
  const m = count(o.m, `${at}.m`, 1);
  const iterations = count(o.iterations, `${at}.iterations`, 1);
  const donors = count(o.donors, `${at}.donors`, 1);
  const n = count(o.n, `${at}.n`, 0);
  const seed = finite(o.seed, `${at}.seed`);
  const predictors = lengthOf(array(o.predictors, `${at}.predictors`), p, `${at}.predictors`).map(
    (terms, j) => readTerms(terms, `${at}.predictors[${j}]`, j, columns),
  );
  const missingCount = lengthOf(array(o.missingCount, `${at}.missingCount`), p, `${at}.missingCount`).map(
    (v, j) => count(v, `${at}.missingCount[${j}]`, 0),
  );
  const startValues = numbers(o.startValues, `${at}.startValues`, p);
  columns.forEach((column, j) => {
    if (column.type === "numeric") return;
    const levels = column.levels?.length ?? 2;
    const v = startValues[j]!;
    if (!(Number.isInteger(v) && v >= 0 && v < levels))
      throw new ImputedElasticNetModelError(
        `${at}.startValues[${j}]`,
        `expected a category code 0…${levels - 1}, got ${v}`,
      );
  });
  const models = lengthOf(array(o.models, `${at}.models`), m, `${at}.models`).map((imputation, l) =>
    lengthOf(array(imputation, `${at}.models[${l}]`), p, `${at}.models[${l}]`).map((model, j) =>
      readColumnModel(model, `${at}.models[${l}][${j}]`, columns[j]!, predictors[j]!.length),
    ),
  );
  return {
    method: "mice-fcs",
    columns,
    m,
    iterations,
    seed,
    donors,
    n,
    predictors,
    missingCount,
    startValues,
    models,
  };
}

/** Every other column, numeric and binary as their value (level −1), categorical as its non-reference levels. */
function readTerms(value: unknown, at: string, target: number, columns: readonly ImputationColumn[]) {
  return array(value, at).map((entry, k): PredictorTerm => {
    const where = `${at}[${k}]`;
    const t = object(entry, where);
    onlyKeys(t, ["column", "level"], where);
    const column = index(t.column, `${where}.column`);
    if (column >= columns.length || column === target)
      throw new ImputedElasticNetModelError(
        `${where}.column`,
        `expected another imputation column (0…${columns.length - 1}, not ${target}), got ${column}`,
      );
    const spec = columns[column]!;
    const level = t.level;
    const ok =
      spec.type === "categorical"
        ? Number.isInteger(level) && (level as number) >= 1 && (level as number) < spec.levels!.length
        : level === -1;
    if (!ok)
      throw new ImputedElasticNetModelError(
        `${where}.level`,
        `${describe(level)} is not a term of ${spec.type} column ${describe(spec.name)}`,
      );
    return { column, level: level as number };
  });
}

function readColumnModel(value: unknown, at: string, column: ImputationColumn, terms: number): ColumnModel {
  const o = object(value, at);
  const expected = MODEL_OF_TYPE[column.type];
  if (o.kind !== expected)
    throw new ImputedElasticNetModelError(
      `${at}.kind`,
      `expected "${expected}" for ${column.type} column ${describe(column.name)}, got ${describe(o.kind)}`,
    );
  if (expected === "pmm") {
    onlyKeys(o, ["kind", "drawnCoefficients", "donorPredictions", "donorValues"], at);
    const donorPredictions = numbers(o.donorPredictions, `${at}.donorPredictions`);
    if (donorPredictions.length === 0)
      throw new ImputedElasticNetModelError(`${at}.donorPredictions`, "expected at least one donor");
    for (let i = 1; i < donorPredictions.length; i++)
      if (donorPredictions[i]! < donorPredictions[i - 1]!)
        throw new ImputedElasticNetModelError(
          `${at}.donorPredictions[${i}]`,
          "donors must be in ascending order",
        );
    return {
      kind: "pmm",
      drawnCoefficients: numbers(o.drawnCoefficients, `${at}.drawnCoefficients`, terms + 1),
      donorPredictions,
      donorValues: numbers(o.donorValues, `${at}.donorValues`, donorPredictions.length),
    };
  }
  if (expected === "logreg") {
    onlyKeys(o, ["kind", "drawnCoefficients"], at);
    return {
      kind: "logreg",
      drawnCoefficients: numbers(o.drawnCoefficients, `${at}.drawnCoefficients`, terms + 1),
    };
  }
  onlyKeys(o, ["kind", "drawnCoefficients"], at);
  const levels = column.levels!.length;
  return {
    kind: "polytomous",
    drawnCoefficients: lengthOf(
      array(o.drawnCoefficients, `${at}.drawnCoefficients`),
      levels,
      `${at}.drawnCoefficients`,
    ).map((beta, h) => numbers(beta, `${at}.drawnCoefficients[${h}]`, terms + 1)),
  };
}

/** Each imputation column is a feature the design encodes, categorical ones with the design's levels. */
function readImputedFeatures(
  value: unknown,
  at: string,
  imputer: StoredImputer,
  encoding: DesignEncoding,
): number[] {
  const features = lengthOf(array(value, at), imputer.columns.length, at).map((v, k) =>
    index(v, `${at}[${k}]`),
  );
  const encoded = new Set(encoding.columns.map((c) => c.feature));
  features.forEach((feature, k) => {
    if (features.indexOf(feature) !== k)
      throw new ImputedElasticNetModelError(`${at}[${k}]`, `feature ${feature} is listed twice`);
    if (!encoded.has(feature))
      throw new ImputedElasticNetModelError(`${at}[${k}]`, `feature ${feature} has no design column`);
    const column = imputer.columns[k]!;
    const levels = encoding.categorical.get(feature)?.levels;
    if ((column.type === "categorical") !== (levels !== undefined))
      throw new ImputedElasticNetModelError(
        `${at}[${k}]`,
        `imputation column ${describe(column.name)} is ${column.type} but the design encodes feature ${feature} ${levels ? "as categorical" : "as a value"}`,
      );
    if (levels && levels.join("\u0000") !== column.levels!.join("\u0000"))
      throw new ImputedElasticNetModelError(
        `${at}[${k}]`,
        `imputation column ${describe(column.name)} has other levels than the design`,
      );
  });
  return features;
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ImputedElasticNetModelError(at, `expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      throw new ImputedElasticNetModelError(at === "" ? key : `${at}.${key}`, "unknown field");
  }
}

function array(value: unknown, at: string): readonly unknown[] {
  if (!Array.isArray(value))
    throw new ImputedElasticNetModelError(at, `expected an array, got ${describe(value)}`);
  return value;
}

function lengthOf<T>(items: readonly T[], length: number, at: string): readonly T[] {
  if (items.length !== length)
    throw new ImputedElasticNetModelError(at, `expected ${length} entries, got ${items.length}`);
  return items;
}

function string(value: unknown, at: string): string {
  if (typeof value !== "string")
    throw new ImputedElasticNetModelError(at, `expected a string, got ${describe(value)}`);
  return value;
}

function distinctStrings(value: unknown, at: string): string[] {
  const items = array(value, at).map((v, i) => string(v, `${at}[${i}]`));
  items.forEach((item, i) => {
    if (items.indexOf(item) !== i)
      throw new ImputedElasticNetModelError(`${at}[${i}]`, `duplicate ${describe(item)}`);
  });
  return items;
}

function finite(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ImputedElasticNetModelError(at, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

function count(value: unknown, at: string, lowest: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < lowest)
    throw new ImputedElasticNetModelError(at, `expected an integer ≥ ${lowest}, got ${describe(value)}`);
  return value;
}

function index(value: unknown, at: string): number {
  return count(value, at, 0);
}

function numbers(value: unknown, at: string, length?: number): Float64Array {
  const items = array(value, at);
  if (length !== undefined) lengthOf(items, length, at);
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
