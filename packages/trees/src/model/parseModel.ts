import { describe, FieldReader } from "./fieldReader.js";
import { TREE_OBJECTIVES } from "./modelJson.js";
import {
  CARTA_TREE_MODEL_FORMAT,
  CARTA_TREE_MODEL_VERSION,
  type FeatureBinning,
  type TrainingMetadata,
  type Tree,
  type TreeEnsemble,
  type TreeObjective,
} from "./types.js";
import { type TreeFieldNames, validateTree } from "./validateTree.js";

const MODEL_KEYS = [
  "format",
  "version",
  "objective",
  "feature_names",
  "categorical_features",
  "base_margin",
  "trees",
  "binning",
  "training",
];
const TREE_KEYS = [
  "left",
  "right",
  "split_feature",
  "split_condition",
  "default_left",
  "leaf_value",
  "cover",
  "categories",
];
const TRAINING_KEYS = ["source", "parameters", "rows", "best_iteration", "best_score", "trained_with"];

const CARTA_FIELDS: TreeFieldNames = {
  left: "left",
  right: "right",
  splitFeature: "split_feature",
  splitCondition: "split_condition",
  leafValue: "leaf_value",
  cover: "cover",
  categories: "categories",
};

/**
 * Reads carta's model JSON (already JSON.parse'd) back into a TreeEnsemble, refusing anything it
 * does not understand — another format or version, an unknown objective or field, arrays of the
 * wrong length, a malformed tree — with a TreeModelError naming `sourceName` and the field.
 */
export function parseModel(json: unknown, sourceName: string): TreeEnsemble {
  const r = new FieldReader(sourceName);
  const root = r.object(json, "");
  const format = r.member(root, "format", "");
  if (format !== CARTA_TREE_MODEL_FORMAT) {
    r.fail("format", `expected "${CARTA_TREE_MODEL_FORMAT}", got ${describe(format)}`);
  }
  const version = r.integer(r.member(root, "version", ""), "version");
  if (version !== CARTA_TREE_MODEL_VERSION) {
    r.fail(
      "version",
      `unsupported version ${version} (this carta reads version ${CARTA_TREE_MODEL_VERSION})`,
    );
  }
  refuseUnknownKeys(r, root, MODEL_KEYS, "");

  const objective = readObjective(r, r.member(root, "objective", ""), "objective");
  const featureNames = r.strings(r.member(root, "feature_names", ""), "feature_names");
  if (featureNames.length === 0) r.fail("feature_names", "a model needs at least one feature");
  const seen = new Set<string>();
  featureNames.forEach((name, i) => {
    if (seen.has(name)) r.fail(`feature_names[${i}]`, `duplicate feature name ${JSON.stringify(name)}`);
    seen.add(name);
  });
  const nFeatures = featureNames.length;
  const baseMargin = r.number(r.member(root, "base_margin", ""), "base_margin");
  const trees = r
    .array(r.member(root, "trees", ""), "trees")
    .map((tree, t) => readTree(r, tree, `trees[${t}]`, nFeatures));

  const model: {
    -readonly [K in keyof TreeEnsemble]: TreeEnsemble[K];
  } = {
    objective,
    featureNames,
    baseMargin,
    trees,
    training: readTraining(r, r.member(root, "training", ""), "training"),
  };
  if (root["categorical_features"] !== undefined) {
    const codes = r.integers(
      root["categorical_features"],
      "categorical_features",
      undefined,
      0,
      nFeatures - 1,
    );
    for (let i = 1; i < codes.length; i++) {
      if (codes[i]! <= codes[i - 1]!) r.fail("categorical_features", "expected ascending, distinct indices");
    }
    model.categoricalFeatures = Array.from(codes);
  }
  if (root["binning"] !== undefined) model.binning = readBinning(r, root["binning"], "binning", nFeatures);
  return model;
}

export function readObjective(r: FieldReader, value: unknown, field: string): TreeObjective {
  const name = r.string(value, field);
  if (!(TREE_OBJECTIVES as readonly string[]).includes(name)) {
    r.fail(field, `unknown objective "${name}" (carta supports ${TREE_OBJECTIVES.join(", ")})`);
  }
  return name as TreeObjective;
}

function readTree(r: FieldReader, value: unknown, field: string, nFeatures: number): Tree {
  const json = r.object(value, field);
  refuseUnknownKeys(r, json, TREE_KEYS, field);
  const f = (key: string) => `${field}.${key}`;
  const left = r.integers(r.member(json, "left", field), f("left"), undefined, -1);
  const n = left.length;
  if (n === 0) r.fail(f("left"), "a tree needs at least its root");
  const splitCondition = r.numbers(r.member(json, "split_condition", field), f("split_condition"), n);
  splitCondition.forEach((v, node) => {
    if (Math.fround(v) !== v) r.fail(`${f("split_condition")}[${node}]`, `${v} is not a float32 value`);
  });
  const tree: Tree = {
    left,
    right: r.integers(r.member(json, "right", field), f("right"), n, -1),
    splitFeature: r.integers(r.member(json, "split_feature", field), f("split_feature"), n, -1),
    splitCondition: Float32Array.from(splitCondition),
    defaultLeft: Uint8Array.from(
      r.integers(r.member(json, "default_left", field), f("default_left"), n, 0, 1),
    ),
    leafValue: r.numbers(r.member(json, "leaf_value", field), f("leaf_value"), n),
    cover: r.numbers(r.member(json, "cover", field), f("cover"), n),
  };
  const withCategories =
    json["categories"] === undefined
      ? tree
      : { ...tree, categories: readCategories(r, json["categories"], f("categories"), n) };
  validateTree(withCategories, nFeatures, r, field, CARTA_FIELDS);
  return withCategories;
}

function readCategories(r: FieldReader, value: unknown, field: string, n: number): (Int32Array | null)[] {
  return r
    .array(value, field, n, "entries (one per node)")
    .map((codes, node) => (codes === null ? null : r.integers(codes, `${field}[${node}]`, undefined, 0)));
}

function readBinning(r: FieldReader, value: unknown, field: string, nFeatures: number): FeatureBinning {
  const json = r.object(value, field);
  refuseUnknownKeys(r, json, ["edges"], field);
  const edges = r.array(
    r.member(json, "edges", field),
    `${field}.edges`,
    nFeatures,
    "edge lists (one per feature)",
  );
  return {
    edges: edges.map((list, j) => {
      const at = `${field}.edges[${j}]`;
      const values = r.numbers(list, at);
      for (let b = 0; b < values.length; b++) {
        const v = values[b]!;
        if (Math.fround(v) !== v) r.fail(`${at}[${b}]`, `${v} is not a float32 value`);
        if (b > 0 && v <= values[b - 1]!) r.fail(`${at}[${b}]`, "bin edges must be strictly ascending");
      }
      return Float32Array.from(values);
    }),
  };
}

function readTraining(r: FieldReader, value: unknown, field: string): TrainingMetadata {
  const json = r.object(value, field);
  refuseUnknownKeys(r, json, TRAINING_KEYS, field);
  const source = r.member(json, "source", field);
  if (source !== "carta" && source !== "xgboost") {
    r.fail(`${field}.source`, `expected "carta" or "xgboost", got ${describe(source)}`);
  }
  const parametersJson = r.object(r.member(json, "parameters", field), `${field}.parameters`);
  const parameters: Record<string, number | string | boolean | null> = {};
  for (const [key, v] of Object.entries(parametersJson)) {
    if (v !== null && typeof v !== "string" && typeof v !== "boolean") {
      r.number(v, `${field}.parameters.${key}`);
    }
    parameters[key] = v as number | string | boolean | null;
  }
  const training: { -readonly [K in keyof TrainingMetadata]: TrainingMetadata[K] } = { source, parameters };
  if (json["rows"] !== undefined) training.rows = r.integer(json["rows"], `${field}.rows`, 0);
  if (json["best_iteration"] !== undefined) {
    training.bestIteration = r.integer(json["best_iteration"], `${field}.best_iteration`, 0);
  }
  if (json["best_score"] !== undefined)
    training.bestScore = r.number(json["best_score"], `${field}.best_score`);
  if (json["trained_with"] !== undefined) {
    training.trainedWith = r.string(json["trained_with"], `${field}.trained_with`);
  }
  return training;
}

function refuseUnknownKeys(
  r: FieldReader,
  json: Record<string, unknown>,
  known: readonly string[],
  field: string,
): void {
  for (const key of Object.keys(json)) {
    if (!known.includes(key)) {
      r.fail(field === "" ? key : `${field}.${key}`, `unknown field (expected one of ${known.join(", ")})`);
    }
  }
}
