import { TreeModelError } from "../model/errors.js";
import { treeDepth } from "../model/treeDepth.js";
import type { Tree, TreeEnsemble } from "../model/types.js";
import { type FeatureRows, rowMatrix } from "../predict/featureRows.js";
import { addTreeByLeafPaths, buildLeafPaths, LeafPathScratch, type LeafPaths } from "./leafPaths.js";
import { PathRecursion } from "./pathRecursion.js";
import { type FeatureGroup, featurePlayers, groupPlayers, type Players } from "./players.js";
import type { ShapValues } from "./shapValues.js";

/**
 * How each tree is explained; both give the same values (to rounding):
 * - "leaf-paths" (default): leaf by leaf from per-tree path summaries (leafPaths.ts);
 * - "path-recursion": Algorithm 2 of Lundberg et al. (2020) as XGBoost runs it (pathRecursion.ts).
 */
export type TreeShapAlgorithm = "leaf-paths" | "path-recursion";

export interface TreeShapOptions {
  /** Attribute to groups of features, each group one player, instead of to single features. */
  readonly groups?: readonly FeatureGroup[];
  readonly algorithm?: TreeShapAlgorithm;
}

/** An explainer bound to one model with its per-tree preparation done: reuse it for many calls. */
export interface TreeShapExplainer {
  readonly model: TreeEnsemble;
  readonly playerKind: "feature" | "group";
  readonly names: readonly string[];
  /** baseMargin + Σ over trees of the cover-weighted mean leaf value (XGBoost's bias column). */
  readonly expectedValue: number;
  explain(rows: FeatureRows): ShapValues;
}

/** Rows explained together go through one tree at a time, keeping that tree's data in cache. */
const ROW_BLOCK = 256;

/**
 * Exact path-dependent TreeSHAP values (Lundberg et al., "From local explanations to global
 * understanding with explainable AI for trees", Nature Machine Intelligence 2:56–67, 2020; XGBoost's
 * pred_contribs) on the margin scale, per feature or per group of features. Each row's values and
 * expectedValue add up to its margin. To explain patient after patient under one model, create the
 * explainer once (createTreeShapExplainer): this function prepares the trees on every call.
 */
export function treeShap(model: TreeEnsemble, rows: FeatureRows, options: TreeShapOptions = {}): ShapValues {
  return createTreeShapExplainer(model, options).explain(rows);
}

export function createTreeShapExplainer(
  model: TreeEnsemble,
  options: TreeShapOptions = {},
): TreeShapExplainer {
  const players: Players =
    options.groups === undefined
      ? featurePlayers(model.featureNames)
      : groupPlayers(model.featureNames, options.groups);
  const byRecursion = options.algorithm === "path-recursion";
  let maxDepth = 0;
  let maxNodes = 1;
  let expectedValue = model.baseMargin;
  model.trees.forEach((tree, t) => {
    expectedValue += expectedTreeValue(tree, t);
    maxDepth = Math.max(maxDepth, treeDepth(tree));
    maxNodes = Math.max(maxNodes, tree.left.length);
  });
  const paths: LeafPaths | null = byRecursion ? null : buildLeafPaths(model.trees, players.playerOf);
  const recursion = new PathRecursion(maxDepth, players.playerOf);
  const scratch = new LeafPathScratch(maxNodes, maxDepth);
  const nPlayers = players.names.length;

  return {
    model,
    playerKind: players.kind,
    names: players.names,
    expectedValue,
    explain(rows: FeatureRows): ShapValues {
      const x = rowMatrix(rows, model.featureNames);
      const p = x.nFeatures;
      const values = new Float64Array(x.nRows * nPlayers);
      for (let first = 0; first < x.nRows; first += ROW_BLOCK) {
        const last = Math.min(first + ROW_BLOCK, x.nRows);
        for (let t = 0; t < model.trees.length; t++) {
          if (paths !== null) {
            for (let i = first; i < last; i++)
              addTreeByLeafPaths(paths, t, x.values, i * p, values, i * nPlayers, scratch);
          } else {
            const tree = model.trees[t]!;
            for (let i = first; i < last; i++) recursion.addTree(tree, x.values, i * p, values, i * nPlayers);
          }
        }
      }
      return {
        method: "tree-path-dependent",
        outputScale: "margin",
        playerKind: players.kind,
        names: players.names,
        nRows: x.nRows,
        values,
        expectedValue,
      };
    },
  };
}

/**
 * The tree's expected value under its covers: the leaves' values weighted by the cover fractions
 * along their paths (XGBoost's FillNodeMeanValues). A split whose node has no cover has no such
 * weights, so the model cannot be explained this way.
 */
export function expectedTreeValue(tree: Tree, treeIndex: number): number {
  const visit = (node: number): number => {
    const left = tree.left[node]!;
    if (left === -1) return tree.leafValue[node]!;
    const cover = tree.cover[node]!;
    if (!(cover > 0)) {
      throw new TreeModelError(
        "model",
        `trees[${treeIndex}].cover[${node}]`,
        "a split with zero cover cannot weigh its branches for path-dependent TreeSHAP",
      );
    }
    const right = tree.right[node]!;
    return (visit(left) * tree.cover[left]! + visit(right) * tree.cover[right]!) / cover;
  };
  return visit(0);
}
