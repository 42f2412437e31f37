import { describe, FieldReader } from "../model/fieldReader.js";
import { readObjective } from "../model/parseModel.js";
import type { Tree, TreeEnsemble, TreeObjective } from "../model/types.js";
import { type TreeFieldNames, validateTree } from "../model/validateTree.js";
import { parseXgboostJsonText } from "./xgboostJsonText.js";

const XGBOOST_FIELDS: TreeFieldNames = {
  left: "left_children",
  right: "right_children",
  splitFeature: "split_indices",
  splitCondition: "split_conditions",
  leafValue: "split_conditions",
  cover: "sum_hessian",
  categories: "categories_nodes",
};

const BOOSTER = "learner.gradient_booster";
const MODEL = `${BOOSTER}.model`;
const PARAMS = "learner.learner_model_param";

/**
 * Reads a model saved by XGBoost's `save_model('x.json')` (schema of XGBoost 1.x–2.x; fixtures are
 * XGBoost 1.7.4) into carta's TreeEnsemble so that carta's margins equal XGBoost's
 * `predict(output_margin=True)`. `json` is the file's text (which may hold bare NaN tokens) or the
 * already-parsed object. Only single-output gbtree models with objective binary:logistic,
 * survival:cox or reg:squarederror are accepted; DART and linear boosters, multi-class and
 * multi-target models are refused with a TreeModelError naming the field.
 *
 * XGBoost stores a leaf's weight (learning rate applied) in `split_conditions` at the leaf, node
 * covers in `sum_hessian`, and base_score on the probability scale; the base margin is its
 * ProbToMargin in float32: −log(1/base_score − 1) for binary:logistic, log(base_score) for
 * survival:cox, base_score itself for squared error (XGBoost src/objective/regression_loss.h).
 */
export function importXgboostModel(json: unknown, sourceName: string): TreeEnsemble {
  const r = new FieldReader(sourceName);
  const root = r.object(typeof json === "string" ? parseXgboostJsonText(json, sourceName) : json, "");
  const version = readVersion(r, root["version"]);
  const learner = r.object(r.member(root, "learner", ""), "learner");

  const booster = r.object(r.member(learner, "gradient_booster", "learner"), BOOSTER);
  const boosterName = r.string(r.member(booster, "name", BOOSTER), `${BOOSTER}.name`);
  if (boosterName === "dart") {
    r.fail(
      `${BOOSTER}.name`,
      "DART boosters are not supported (their trees are reweighted by dropout); carta imports gbtree models",
    );
  }
  if (boosterName === "gblinear") {
    r.fail(`${BOOSTER}.name`, "linear boosters (gblinear) are not tree models; carta imports gbtree models");
  }
  if (boosterName !== "gbtree")
    r.fail(`${BOOSTER}.name`, `unknown booster "${boosterName}"; carta imports gbtree models`);

  const objectiveJson = r.object(r.member(learner, "objective", "learner"), "learner.objective");
  const objective = readObjective(
    r,
    r.member(objectiveJson, "name", "learner.objective"),
    "learner.objective.name",
  );

  const params = r.object(r.member(learner, "learner_model_param", "learner"), PARAMS);
  const nFeatures = integerString(r, r.member(params, "num_feature", PARAMS), `${PARAMS}.num_feature`, 1);
  const numClass =
    params["num_class"] === undefined ? 0 : integerString(r, params["num_class"], `${PARAMS}.num_class`, 0);
  if (numClass > 1)
    r.fail(`${PARAMS}.num_class`, `multi-class models (${numClass} classes) are not supported`);
  if (params["num_target"] !== undefined) {
    const targets = integerString(r, params["num_target"], `${PARAMS}.num_target`, 1);
    if (targets !== 1)
      r.fail(`${PARAMS}.num_target`, `multi-target models (${targets} targets) are not supported`);
  }
  const baseScore = Math.fround(
    floatString(r, r.member(params, "base_score", PARAMS), `${PARAMS}.base_score`),
  );
  const baseMargin = probabilityToMargin(r, objective, baseScore);

  const featureNames = readFeatureNames(r, learner, nFeatures);
  const categoricalFeatures = readCategoricalFeatures(r, learner, nFeatures);

  const model = r.object(r.member(booster, "model", BOOSTER), MODEL);
  const modelParam = r.object(r.member(model, "gbtree_model_param", MODEL), `${MODEL}.gbtree_model_param`);
  const numTrees = integerString(
    r,
    r.member(modelParam, "num_trees", `${MODEL}.gbtree_model_param`),
    `${MODEL}.gbtree_model_param.num_trees`,
    0,
  );
  const treesJson = r.array(r.member(model, "trees", MODEL), `${MODEL}.trees`, numTrees, "trees (num_trees)");
  const treeInfo = r.integers(r.member(model, "tree_info", MODEL), `${MODEL}.tree_info`, numTrees);
  treeInfo.forEach((group, t) => {
    if (group !== 0)
      r.fail(`${MODEL}.tree_info[${t}]`, `output group ${group}: only single-output models are supported`);
  });

  // XGBoost places each tree by its id, not by its position in the array (gbtree_model.cc).
  const trees: Tree[] = new Array(numTrees);
  treesJson.forEach((treeJson, position) => {
    const field = `${MODEL}.trees[${position}]`;
    const tree = r.object(treeJson, field);
    const id = r.integer(r.member(tree, "id", field), `${field}.id`, 0, numTrees - 1);
    if (trees[id] !== undefined) r.fail(`${field}.id`, `two trees have id ${id}`);
    trees[id] = readTree(r, tree, field, nFeatures);
  });

  const parameters: Record<string, number | string | boolean | null> = {
    booster: boosterName,
    objective,
    base_score: baseScore,
    num_trees: numTrees,
  };
  const parallel = modelParam["num_parallel_tree"];
  if (parallel !== undefined) {
    parameters["num_parallel_tree"] = integerString(
      r,
      parallel,
      `${MODEL}.gbtree_model_param.num_parallel_tree`,
      1,
    );
  }
  for (const [group, values] of Object.entries(objectiveJson)) {
    if (group === "name" || typeof values !== "object" || values === null) continue;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "string") parameters[key] = Number.isFinite(Number(value)) ? Number(value) : value;
    }
  }
  const attributes =
    learner["attributes"] === undefined ? {} : r.object(learner["attributes"], "learner.attributes");
  const result: { -readonly [K in keyof TreeEnsemble]: TreeEnsemble[K] } = {
    objective,
    featureNames,
    baseMargin,
    trees,
    training: {
      source: "xgboost",
      parameters,
      ...(attributes["best_iteration"] !== undefined && {
        bestIteration: integerString(r, attributes["best_iteration"], "learner.attributes.best_iteration", 0),
      }),
      ...(attributes["best_score"] !== undefined && {
        bestScore: floatString(r, attributes["best_score"], "learner.attributes.best_score"),
      }),
      ...(version !== null && { trainedWith: `XGBoost ${version}` }),
    },
  };
  if (categoricalFeatures.length > 0) result.categoricalFeatures = categoricalFeatures;
  return result;
}

function readVersion(r: FieldReader, value: unknown): string | null {
  if (value === undefined) return null;
  const parts = r.integers(value, "version", 3, 0);
  if (parts[0]! < 1 || parts[0]! > 2) {
    r.fail(
      "version",
      `XGBoost ${parts.join(".")} model files are not supported (carta reads XGBoost 1.x and 2.x)`,
    );
  }
  return parts.join(".");
}

function probabilityToMargin(r: FieldReader, objective: TreeObjective, baseScore: number): number {
  const field = `${PARAMS}.base_score`;
  if (objective === "binary:logistic") {
    if (!(baseScore > 0 && baseScore < 1)) r.fail(field, `${baseScore} is not a probability in (0, 1)`);
    // 0 − log(…) rather than −log(…): base_score 0.5 gives +0, which survives a JSON round trip.
    return Math.fround(0 - Math.log(Math.fround(Math.fround(1 / baseScore) - 1)));
  }
  if (objective === "survival:cox") {
    if (!(baseScore > 0)) r.fail(field, `${baseScore} must be positive for survival:cox`);
    return Math.fround(Math.log(baseScore));
  }
  return baseScore;
}

function readFeatureNames(r: FieldReader, learner: Record<string, unknown>, nFeatures: number): string[] {
  const names =
    learner["feature_names"] === undefined
      ? []
      : r.strings(learner["feature_names"], "learner.feature_names");
  // XGBoost names unnamed features f0, f1, … in its own output (e.g. get_score()).
  if (names.length === 0) return Array.from({ length: nFeatures }, (_, j) => `f${j}`);
  if (names.length !== nFeatures) {
    r.fail("learner.feature_names", `expected ${nFeatures} names (num_feature), got ${names.length}`);
  }
  return names;
}

function readCategoricalFeatures(
  r: FieldReader,
  learner: Record<string, unknown>,
  nFeatures: number,
): number[] {
  if (learner["feature_types"] === undefined) return [];
  const types = r.strings(learner["feature_types"], "learner.feature_types");
  if (types.length === 0) return [];
  if (types.length !== nFeatures) {
    r.fail("learner.feature_types", `expected ${nFeatures} types (num_feature), got ${types.length}`);
  }
  const categorical: number[] = [];
  types.forEach((type, j) => {
    if (type === "c") categorical.push(j);
  });
  return categorical;
}

function readTree(r: FieldReader, json: Record<string, unknown>, field: string, nFeatures: number): Tree {
  const f = (key: string) => `${field}.${key}`;
  const treeParam = r.object(r.member(json, "tree_param", field), f("tree_param"));
  const n = integerString(r, r.member(treeParam, "num_nodes", f("tree_param")), f("tree_param.num_nodes"), 1);
  if (treeParam["size_leaf_vector"] !== undefined && Number(treeParam["size_leaf_vector"]) > 1) {
    r.fail(f("tree_param.size_leaf_vector"), "vector leaves (multi-target trees) are not supported");
  }
  const left = r.integers(r.member(json, "left_children", field), f("left_children"), n, -1);
  const right = r.integers(r.member(json, "right_children", field), f("right_children"), n, -1);
  const splitIndices = r.integers(r.member(json, "split_indices", field), f("split_indices"), n);
  const conditions = floats(r, r.member(json, "split_conditions", field), f("split_conditions"), n);
  const defaultLeft = flags(r, r.member(json, "default_left", field), f("default_left"), n);
  const cover = floats(r, r.member(json, "sum_hessian", field), f("sum_hessian"), n);
  const splitType =
    json["split_type"] === undefined
      ? new Int32Array(n)
      : r.integers(json["split_type"], f("split_type"), n, 0, 1);

  const splitFeature = new Int32Array(n);
  const splitCondition = new Float32Array(n);
  const leafValue = new Float64Array(n);
  for (let node = 0; node < n; node++) {
    if (left[node] === -1) {
      splitFeature[node] = -1;
      leafValue[node] = conditions[node]! + 0; // −0 → +0, as JSON writes it
    } else {
      splitFeature[node] = splitIndices[node]!;
      if (splitType[node] === 0) splitCondition[node] = conditions[node]!;
    }
  }
  const tree: Tree = {
    left,
    right,
    splitFeature,
    splitCondition,
    defaultLeft: Uint8Array.from(defaultLeft),
    leafValue,
    cover: Float64Array.from(cover),
  };
  const categories = splitType.includes(1) ? readCategories(r, json, field, splitType, left) : undefined;
  const result = categories === undefined ? tree : { ...tree, categories };
  validateTree(result, nFeatures, r, field, XGBOOST_FIELDS);
  return result;
}

/**
 * XGBoost's categorical splits: node categories_nodes[k] sends the codes
 * categories[categories_segments[k] … + categories_sizes[k]] to the right child.
 */
function readCategories(
  r: FieldReader,
  json: Record<string, unknown>,
  field: string,
  splitType: Int32Array,
  left: Int32Array,
): (Int32Array | null)[] {
  const f = (key: string) => `${field}.${key}`;
  const codes = r.integers(r.member(json, "categories", field), f("categories"), undefined, 0);
  const nodes = r.integers(
    r.member(json, "categories_nodes", field),
    f("categories_nodes"),
    undefined,
    0,
    left.length - 1,
  );
  const segments = r.integers(
    r.member(json, "categories_segments", field),
    f("categories_segments"),
    nodes.length,
    0,
  );
  const sizes = r.integers(r.member(json, "categories_sizes", field), f("categories_sizes"), nodes.length, 1);
  const out: (Int32Array | null)[] = new Array(left.length).fill(null);
  nodes.forEach((node, k) => {
    const at = `${f("categories_nodes")}[${k}]`;
    if (splitType[node] !== 1 || left[node] === -1)
      r.fail(at, `node ${node} is not a categorical split (split_type)`);
    if (out[node] !== null) r.fail(at, `node ${node} is listed twice`);
    const begin = segments[k]!;
    const end = begin + sizes[k]!;
    if (end > codes.length)
      r.fail(`${f("categories_sizes")}[${k}]`, `segment ends at ${end}, past the ${codes.length} categories`);
    const set = codes.slice(begin, end).sort();
    for (let i = 1; i < set.length; i++) {
      if (set[i] === set[i - 1]) r.fail(`${f("categories")}`, `category ${set[i]} repeated at node ${node}`);
    }
    out[node] = set;
  });
  splitType.forEach((type, node) => {
    if (type === 1 && left[node] !== -1 && out[node] === null) {
      r.fail(`${f("split_type")}[${node}]`, "categorical split without categories (categories_nodes)");
    }
  });
  return out;
}

/** float32 values as XGBoost writes them: numbers, or "NaN"/"Infinity" from its bare tokens. */
function floats(r: FieldReader, value: unknown, field: string, length: number): Float64Array {
  const items = r.array(value, field, length, "numbers");
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = items[i];
    if (typeof v === "number") out[i] = Math.fround(v);
    else if (v === "NaN") out[i] = Number.NaN;
    else if (v === "Infinity") out[i] = Number.POSITIVE_INFINITY;
    else if (v === "-Infinity") out[i] = Number.NEGATIVE_INFINITY;
    else r.fail(`${field}[${i}]`, `expected a number, got ${describe(v)}`);
  }
  return out;
}

/** 0/1 flags; XGBoost before 1.6 wrote booleans. */
function flags(r: FieldReader, value: unknown, field: string, length: number): Int32Array {
  const items = r.array(value, field, length, "flags");
  return Int32Array.from(items, (v, i) =>
    typeof v === "boolean" ? Number(v) : r.integer(v, `${field}[${i}]`, 0, 1),
  );
}

/** XGBoost writes its parameters as strings ("5E-1", "500"). */
function floatString(r: FieldReader, value: unknown, field: string): number {
  const v = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  if (!Number.isFinite(v)) r.fail(field, `expected a number written as a string, got ${describe(value)}`);
  return v;
}

function integerString(r: FieldReader, value: unknown, field: string, min: number): number {
  const v = typeof value === "number" ? value : floatString(r, value, field);
  if (!Number.isInteger(v) || v < min) r.fail(field, `expected an integer ≥ ${min}, got ${describe(value)}`);
  return v;
}
