/**
 * Seeded random tree ensembles and rows for tests that need shapes the XGBoost fixtures lack
 * (many trees, deep trees with features repeated on a path, categorical splits anywhere), and
 * brute-force Shapley values from the definitions, to check the fast algorithms against.
 */
import { SeededRandom } from "@carta/stats";
import type { Tree, TreeEnsemble, TreeObjective } from "../src/model/types.js";
import { leafIndex } from "../src/predict/margin.js";
import { nextNode } from "../src/predict/split.js";

export interface SyntheticOptions {
  seed: number;
  trees: number;
  depth: number;
  features: number;
  /** Features holding category codes 0…9, split by random category sets. */
  categorical?: number[];
  objective?: TreeObjective;
  /** Chance that a node above the maximum depth is a leaf anyway. */
  leafChance?: number;
}

export function syntheticEnsemble(o: SyntheticOptions): TreeEnsemble {
  const rng = new SeededRandom(o.seed);
  const categorical = new Set(o.categorical ?? []);
  const trees: Tree[] = [];
  for (let t = 0; t < o.trees; t++) trees.push(syntheticTree(rng, o, categorical));
  return {
    objective: o.objective ?? "binary:logistic",
    featureNames: Array.from({ length: o.features }, (_, j) => `x${j}`),
    ...(categorical.size > 0 && { categoricalFeatures: [...categorical].sort((a, b) => a - b) }),
    baseMargin: -0.25,
    trees,
    training: { source: "carta", parameters: { seed: o.seed } },
  };
}

function syntheticTree(rng: SeededRandom, o: SyntheticOptions, categorical: Set<number>): Tree {
  const left: number[] = [];
  const right: number[] = [];
  const feature: number[] = [];
  const condition: number[] = [];
  const defaultLeft: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const categories: (Int32Array | null)[] = [];
  const grow = (depth: number, nodeCover: number): number => {
    const node = left.length;
    left.push(-1);
    right.push(-1);
    feature.push(-1);
    condition.push(0);
    defaultLeft.push(rng.integer(2));
    value.push(0);
    cover.push(nodeCover);
    categories.push(null);
    if (depth === o.depth || (depth > 0 && rng.uniform() < (o.leafChance ?? 0))) {
      value[node] = Math.fround(0.3 * rng.normal());
      return node;
    }
    const j = rng.integer(o.features);
    feature[node] = j;
    if (categorical.has(j)) {
      const set: number[] = [];
      for (let c = 0; c < 10; c++) if (rng.uniform() < 0.4) set.push(c);
      categories[node] = Int32Array.from(set.length > 0 ? set : [rng.integer(10)]);
    } else {
      condition[node] = Math.fround(rng.normal());
    }
    const share = 0.1 + 0.8 * rng.uniform();
    left[node] = grow(depth + 1, nodeCover * share);
    right[node] = grow(depth + 1, nodeCover * (1 - share));
    return node;
  };
  grow(0, 50 + 100 * rng.uniform());
  const tree: Tree = {
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    splitFeature: Int32Array.from(feature),
    splitCondition: Float32Array.from(condition),
    defaultLeft: Uint8Array.from(defaultLeft),
    leafValue: Float64Array.from(value),
    cover: Float64Array.from(cover),
  };
  return categories.some((c) => c !== null) ? { ...tree, categories } : tree;
}

/** Rows of normal values (category codes 0…11 for categorical features), some missing. */
export function syntheticRows(model: TreeEnsemble, n: number, seed: number, missing = 0.1): Float64Array {
  const rng = new SeededRandom(seed);
  const p = model.featureNames.length;
  const categorical = new Set(model.categoricalFeatures ?? []);
  const rows = new Float64Array(n * p);
  for (let k = 0; k < rows.length; k++) {
    const j = k % p;
    if (rng.uniform() < missing) rows[k] = Number.NaN;
    else rows[k] = categorical.has(j) ? rng.integer(12) : rng.normal();
  }
  return rows;
}

/** The margin summed in float64 (the sum SHAP values add up to exactly). */
export function marginFloat64(model: TreeEnsemble, rows: Float64Array, row: number): number {
  const p = model.featureNames.length;
  let sum = model.baseMargin;
  for (const tree of model.trees) sum += tree.leafValue[leafIndex(tree, rows, row * p)]!;
  return sum;
}

/** Exact Shapley values of `value` over players 0…n−1 by enumerating coalitions (bit masks). */
export function bruteForceShapley(n: number, value: (coalition: number) => number): Float64Array {
  const v = new Float64Array(2 ** n);
  for (let s = 0; s < v.length; s++) v[s] = value(s);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < v.length; s++) {
      if ((s >> i) & 1) continue;
      let size = 0;
      for (let b = s; b !== 0; b &= b - 1) size++;
      phi[i]! += ((factorial(size) * factorial(n - size - 1)) / factorial(n)) * (v[s | (1 << i)]! - v[s]!);
    }
  }
  return phi;
}

/**
 * TreeSHAP's path-dependent value function E[f(x) | x_S] for the players in `coalition`: follow x at
 * splits on a known player, otherwise average the branches by cover.
 */
export function pathDependentValue(
  model: TreeEnsemble,
  x: ArrayLike<number>,
  offset: number,
  playerOf: Int32Array,
  coalition: number,
): number {
  const visit = (tree: Tree, node: number): number => {
    if (tree.left[node] === -1) return tree.leafValue[node]!;
    const feature = tree.splitFeature[node]!;
    if ((coalition >> playerOf[feature]!) & 1) return visit(tree, nextNode(tree, node, x[offset + feature]!));
    const l = tree.left[node]!;
    const r = tree.right[node]!;
    return (tree.cover[l]! * visit(tree, l) + tree.cover[r]! * visit(tree, r)) / tree.cover[node]!;
  };
  let sum = model.baseMargin;
  for (const tree of model.trees) sum += visit(tree, 0);
  return sum;
}
