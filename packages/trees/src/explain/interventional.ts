import { treeDepth } from "../model/treeDepth.js";
import type { Tree, TreeEnsemble } from "../model/types.js";
import { type FeatureRows, rowMatrix } from "../predict/featureRows.js";
import { leafIndex } from "../predict/margin.js";
import { nextNode } from "../predict/split.js";
import { type FeatureGroup, featurePlayers, groupPlayers, type Players } from "./players.js";
import type { ShapValues } from "./shapValues.js";

export interface InterventionalShapOptions {
  /** Attribute to groups of features, each group one player, instead of to single features. */
  readonly groups?: readonly FeatureGroup[];
}

/**
 * Interventional TreeSHAP (Lundberg et al. 2020, Methods "Interventional Tree SHAP"; shap's
 * TreeExplainer with feature_perturbation="interventional"): exact Shapley values of
 * v(S) = mean over background rows r of margin(x_S, r_notS), which breaks feature dependence
 * (the rows are hybrids of x and r), on the margin scale.
 *
 * For one background row the game is a sum over leaves: a leaf is reached by the hybrid exactly
 * when the players whose splits on the path only x follows (set A) are in S and those only r
 * follows (set B) are not. That unanimity game gives each player of A the share
 * (|A|−1)!|B|!/(|A|+|B|)! of the leaf value and takes |A|!(|B|−1)!/(|A|+|B|)! from each player of
 * B. A walk from the root visits only the leaves some hybrid reaches, branching where x and r
 * part on a player not yet fixed; a player met again follows the side it was fixed to.
 */
export function interventionalTreeShap(
  model: TreeEnsemble,
  rows: FeatureRows,
  background: FeatureRows,
  options: InterventionalShapOptions = {},
): ShapValues {
  const x = rowMatrix(rows, model.featureNames);
  const b = rowMatrix(background, model.featureNames, "background");
  if (b.nRows === 0) throw new RangeError("background: expected at least one row");
  const players: Players =
    options.groups === undefined
      ? featurePlayers(model.featureNames)
      : groupPlayers(model.featureNames, options.groups);
  const nPlayers = players.names.length;
  let maxDepth = 0;
  for (const tree of model.trees) maxDepth = Math.max(maxDepth, treeDepth(tree));
  const walker = new HybridWalker(maxDepth, players.playerOf);

  let backgroundSum = 0;
  for (let r = 0; r < b.nRows; r++) {
    for (const tree of model.trees)
      backgroundSum += tree.leafValue[leafIndex(tree, b.values, r * b.nFeatures)]!;
  }
  const values = new Float64Array(x.nRows * nPlayers);
  for (let i = 0; i < x.nRows; i++) {
    const phiOffset = i * nPlayers;
    for (let r = 0; r < b.nRows; r++) {
      for (const tree of model.trees) {
        walker.addTree(tree, x.values, i * x.nFeatures, b.values, r * b.nFeatures, values, phiOffset);
      }
    }
    for (let k = 0; k < nPlayers; k++) values[phiOffset + k]! /= b.nRows;
  }
  return {
    method: "tree-interventional",
    outputScale: "margin",
    playerKind: players.kind,
    names: players.names,
    nRows: x.nRows,
    values,
    expectedValue: model.baseMargin + backgroundSum / b.nRows,
  };
}

class HybridWalker {
  private readonly playerOf: Int32Array;
  /** The players fixed on the current path, and the side each took: 1 = x's (A), 0 = r's (B). */
  private readonly fixedPlayer: Int32Array;
  private readonly fixedToX: Uint8Array;
  /** [a·(width+1) + b]: a leaf's credit to each player of A and debit to each of B. */
  private readonly gain: Float64Array;
  private readonly loss: Float64Array;
  private readonly width: number;

  private tree!: Tree;
  private x!: ArrayLike<number>;
  private xOffset = 0;
  private r!: ArrayLike<number>;
  private rOffset = 0;
  private phi!: Float64Array;
  private phiOffset = 0;

  constructor(maxDepth: number, playerOf: Int32Array) {
    this.playerOf = playerOf;
    this.fixedPlayer = new Int32Array(maxDepth + 1);
    this.fixedToX = new Uint8Array(maxDepth + 1);
    this.width = maxDepth + 1;
    this.gain = new Float64Array(this.width * this.width);
    this.loss = new Float64Array(this.width * this.width);
    for (let a = 0; a <= maxDepth; a++) {
      for (let b = 0; a + b <= maxDepth; b++) {
        // (a−1)! b! / (a+b)! = 1 / (a · C(a+b, a)), and symmetrically for B.
        const choose = binomial(a + b, a);
        if (a > 0) this.gain[a * this.width + b] = 1 / (a * choose);
        if (b > 0) this.loss[a * this.width + b] = 1 / (b * choose);
      }
    }
  }

  addTree(
    tree: Tree,
    x: ArrayLike<number>,
    xOffset: number,
    r: ArrayLike<number>,
    rOffset: number,
    phi: Float64Array,
    phiOffset: number,
  ): void {
    this.tree = tree;
    this.x = x;
    this.xOffset = xOffset;
    this.r = r;
    this.rOffset = rOffset;
    this.phi = phi;
    this.phiOffset = phiOffset;
    this.visit(0, 0, 0);
  }

  private visit(node: number, nA: number, nB: number): void {
    const tree = this.tree;
    for (;;) {
      if (tree.left[node] === -1) {
        if (nA + nB > 0) this.credit(tree.leafValue[node]!, nA, nB);
        return;
      }
      const feature = tree.splitFeature[node]!;
      const xChild = nextNode(tree, node, this.x[this.xOffset + feature]!);
      const rChild = nextNode(tree, node, this.r[this.rOffset + feature]!);
      if (xChild === rChild) {
        node = xChild;
        continue;
      }
      const player = this.playerOf[feature]!;
      const fixed = nA + nB;
      let k = 0;
      while (k < fixed && this.fixedPlayer[k] !== player) k++;
      if (k < fixed) {
        node = this.fixedToX[k] === 1 ? xChild : rChild;
        continue;
      }
      this.fixedPlayer[fixed] = player;
      this.fixedToX[fixed] = 1;
      this.visit(xChild, nA + 1, nB);
      this.fixedPlayer[fixed] = player;
      this.fixedToX[fixed] = 0;
      node = rChild;
      nB += 1;
    }
  }

  private credit(value: number, nA: number, nB: number): void {
    const gain = value * this.gain[nA * this.width + nB]!;
    const loss = value * this.loss[nA * this.width + nB]!;
    for (let k = 0; k < nA + nB; k++) {
      const at = this.phiOffset + this.fixedPlayer[k]!;
      if (this.fixedToX[k] === 1) this.phi[at]! += gain;
      else this.phi[at]! -= loss;
    }
  }
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
