import { treeDepth } from "../model/treeDepth.js";
import type { Tree, TreeEnsemble } from "../model/types.js";
import { type FeatureRows, rowMatrix } from "../predict/featureRows.js";
import { PathRecursion } from "./pathRecursion.js";
import { featurePlayers } from "./players.js";
import type { ShapInteractionValues } from "./shapValues.js";
import { expectedTreeValue } from "./treeShap.js";

/**
 * Exact SHAP interaction values for tree ensembles (Lundberg et al. 2020, Methods; XGBoost's
 * pred_interactions): for i ≠ j, Φ_ij = (φ_j with i present − φ_j with i absent) / 2, from
 * path-dependent TreeSHAP conditioned on feature i; the diagonal Φ_ii = φ_i − Σ_{j≠i} Φ_ij keeps
 * each matrix row summing to φ_i, and the whole matrix to margin − expectedValue. Conditioning runs
 * only on the features a tree splits on: for the others the two runs agree and Φ_ij gets nothing.
 */
export function treeShapInteractions(model: TreeEnsemble, rows: FeatureRows): ShapInteractionValues {
  const x = rowMatrix(rows, model.featureNames);
  const p = x.nFeatures;
  const players = featurePlayers(model.featureNames);
  let maxDepth = 0;
  let expectedValue = model.baseMargin;
  const treeFeatures = model.trees.map((tree, t) => {
    maxDepth = Math.max(maxDepth, treeDepth(tree));
    expectedValue += expectedTreeValue(tree, t);
    return featuresUsed(tree);
  });
  const recursion = new PathRecursion(maxDepth, players.playerOf);
  const values = new Float64Array(x.nRows * p * p);
  const phi = new Float64Array(p);
  const present = new Float64Array(p);
  const absent = new Float64Array(p);

  for (let r = 0; r < x.nRows; r++) {
    const offset = r * p;
    const out = r * p * p;
    phi.fill(0);
    for (let t = 0; t < model.trees.length; t++) {
      const tree = model.trees[t]!;
      recursion.addTree(tree, x.values, offset, phi, 0);
      const used = treeFeatures[t]!;
      for (const i of used) {
        for (const j of used) present[j] = absent[j] = 0;
        recursion.addTree(tree, x.values, offset, present, 0, 1, i);
        recursion.addTree(tree, x.values, offset, absent, 0, -1, i);
        for (const j of used) if (j !== i) values[out + i * p + j]! += (present[j]! - absent[j]!) / 2;
      }
    }
    for (let i = 0; i < p; i++) {
      let offDiagonal = 0;
      for (let j = 0; j < p; j++) if (j !== i) offDiagonal += values[out + i * p + j]!;
      values[out + i * p + i] = phi[i]! - offDiagonal;
    }
  }
  return {
    method: "tree-path-dependent",
    outputScale: "margin",
    names: players.names,
    nRows: x.nRows,
    values,
    expectedValue,
  };
}

function featuresUsed(tree: Tree): number[] {
  const used = new Set<number>();
  for (let node = 0; node < tree.left.length; node++) {
    if (tree.left[node] !== -1) used.add(tree.splitFeature[node]!);
  }
  return [...used].sort((a, b) => a - b);
}
