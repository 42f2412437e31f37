import type { Tree, TreeEnsemble } from "../model/types.js";
import { type FeatureRows, type RowMatrix, rowMatrix } from "./featureRows.js";
import { categoricalChild } from "./split.js";

/**
 * The model's margin (log-odds, log relative hazard or mean) for each row. The sum runs in float32
 * from float32(baseMargin), adding one tree's leaf at a time in tree order, as XGBoost's CPU
 * predictor accumulates into its float prediction buffer; imported models therefore reproduce
 * XGBoost's `predict(output_margin=True)` to the last bit or nearly.
 */
export function predictMargin(model: TreeEnsemble, rows: FeatureRows): Float64Array {
  const x = rowMatrix(rows, model.featureNames);
  const out = new Float64Array(x.nRows);
  marginsInto(model, x, out);
  return out;
}

export function marginsInto(model: TreeEnsemble, x: RowMatrix, out: Float64Array): void {
  const base = Math.fround(model.baseMargin);
  out.fill(base, 0, x.nRows);
  for (const tree of model.trees) addTreeInto(tree, x, out);
}

function addTreeInto(tree: Tree, x: RowMatrix, out: Float64Array): void {
  const { left, right, splitFeature, splitCondition, defaultLeft, leafValue } = tree;
  const categories = tree.categories;
  const values = x.values;
  const p = x.nFeatures;
  for (let i = 0, offset = 0; i < x.nRows; i++, offset += p) {
    let node = 0;
    let next = left[0]!;
    while (next !== -1) {
      const v = values[offset + splitFeature[node]!]!;
      if (Number.isNaN(v)) node = defaultLeft[node] === 1 ? next : right[node]!;
      else if (categories?.[node]) node = categoricalChild(tree, node, categories[node]!, v);
      else node = Math.fround(v) < splitCondition[node]! ? next : right[node]!;
      next = left[node]!;
    }
    out[i] = Math.fround(out[i]! + leafValue[node]!);
  }
}

/** The leaf each row reaches in one tree, by XGBoost's split rules. */
export function leafIndex(tree: Tree, values: ArrayLike<number>, offset: number): number {
  const { left, right, splitFeature, splitCondition, defaultLeft } = tree;
  const categories = tree.categories;
  let node = 0;
  while (left[node] !== -1) {
    const v = values[offset + splitFeature[node]!]!;
    if (Number.isNaN(v)) node = defaultLeft[node] === 1 ? left[node]! : right[node]!;
    else if (categories?.[node]) node = categoricalChild(tree, node, categories[node]!, v);
    else node = Math.fround(v) < splitCondition[node]! ? left[node]! : right[node]!;
  }
  return node;
}
