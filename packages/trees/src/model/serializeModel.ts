import type { CartaTrainingJson, CartaTreeJson, CartaTreeModelJson } from "./modelJson.js";
import { CARTA_TREE_MODEL_FORMAT, CARTA_TREE_MODEL_VERSION, type Tree, type TreeEnsemble } from "./types.js";

/** The model as carta's versioned JSON object (JSON.stringify it to save); parseModel reads it back. */
export function serializeModel(model: TreeEnsemble): CartaTreeModelJson {
  const json: CartaTreeModelJson = {
    format: CARTA_TREE_MODEL_FORMAT,
    version: CARTA_TREE_MODEL_VERSION,
    objective: model.objective,
    feature_names: [...model.featureNames],
    base_margin: model.baseMargin,
    trees: model.trees.map(treeJson),
    training: trainingJson(model),
  };
  if (model.categoricalFeatures !== undefined && model.categoricalFeatures.length > 0) {
    json.categorical_features = [...model.categoricalFeatures];
  }
  if (model.binning !== undefined) json.binning = { edges: model.binning.edges.map((e) => Array.from(e)) };
  return json;
}

function treeJson(tree: Tree): CartaTreeJson {
  const json: CartaTreeJson = {
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    split_feature: Array.from(tree.splitFeature),
    split_condition: Array.from(tree.splitCondition),
    default_left: Array.from(tree.defaultLeft),
    leaf_value: Array.from(tree.leafValue),
    cover: Array.from(tree.cover),
  };
  if (tree.categories?.some((c) => c !== null)) {
    json.categories = tree.categories.map((c) => (c === null ? null : Array.from(c)));
  }
  return json;
}

function trainingJson(model: TreeEnsemble): CartaTrainingJson {
  const t = model.training;
  const json: CartaTrainingJson = { source: t.source, parameters: { ...t.parameters } };
  if (t.rows !== undefined) json.rows = t.rows;
  if (t.bestIteration !== undefined) json.best_iteration = t.bestIteration;
  if (t.bestScore !== undefined) json.best_score = t.bestScore;
  if (t.trainedWith !== undefined) json.trained_with = t.trainedWith;
  return json;
}
