import type { Tree } from "../model/types.js";
import { nextNode } from "../predict/split.js";

/**
 * Path-dependent TreeSHAP for one tree and one row by recursion over the tree, keeping the
 * "unique path" of players met on the way down with their permutation weights: Algorithm 2 of
 * Lundberg, Erion, Chen et al., "From local explanations to global understanding with explainable
 * AI for trees", Nature Machine Intelligence 2:56–67 (2020), as XGBoost implements it
 * (RegTree::TreeShap), including its conditioning on one player being present (condition = 1) or
 * absent (condition = −1) that SHAP interaction values need. Splits on a player already on the path
 * are merged into one path element (the value function depends on a player once), and a node's
 * two branches are weighted by their covers relative to the node's own cover.
 *
 * Players generalise features: `playerOf` maps each feature to the player that receives its credit,
 * so features of a group share one player and the group's Shapley value is computed exactly.
 *
 * All path buffers are preallocated for the deepest tree: a call allocates nothing.
 */
export class PathRecursion {
  private readonly playerOf: Int32Array;
  private readonly pathPlayer: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;

  private tree!: Tree;
  private values!: ArrayLike<number>;
  private offset = 0;
  private phi!: Float64Array;
  private phiOffset = 0;
  private condition = 0;
  private conditionPlayer = -1;

  constructor(maxDepth: number, playerOf: Int32Array) {
    this.playerOf = playerOf;
    // Segments of successive recursion levels are laid end to end: level k needs k + 2 slots.
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2 + 1;
    this.pathPlayer = new Int32Array(size);
    this.pathZero = new Float64Array(size);
    this.pathOne = new Float64Array(size);
    this.pathWeight = new Float64Array(size);
  }

  /**
   * Adds the tree's SHAP values for the row at values[offset…] into phi[phiOffset + player].
   * condition: 0 plain; 1 / −1 with `conditionPlayer` fixed present / absent (its own credit is
   * then not computed). The expected value is not included.
   */
  addTree(
    tree: Tree,
    values: ArrayLike<number>,
    offset: number,
    phi: Float64Array,
    phiOffset: number,
    condition = 0,
    conditionPlayer = -1,
  ): void {
    this.tree = tree;
    this.values = values;
    this.offset = offset;
    this.phi = phi;
    this.phiOffset = phiOffset;
    this.condition = condition;
    this.conditionPlayer = conditionPlayer;
    this.visit(0, 0, 0, 1, 1, -1, 1);
  }

  private visit(
    node: number,
    depth: number,
    parentStart: number,
    zeroFraction: number,
    oneFraction: number,
    parentPlayer: number,
    conditionFraction: number,
  ): void {
    if (conditionFraction === 0) return;
    const players = this.pathPlayer;
    const zero = this.pathZero;
    const one = this.pathOne;
    const weight = this.pathWeight;
    const start = parentStart + depth + 1;
    for (let i = 0; i <= depth; i++) {
      players[start + i] = players[parentStart + i]!;
      zero[start + i] = zero[parentStart + i]!;
      one[start + i] = one[parentStart + i]!;
      weight[start + i] = weight[parentStart + i]!;
    }
    if (this.condition === 0 || this.conditionPlayer !== parentPlayer) {
      this.extend(start, depth, zeroFraction, oneFraction, parentPlayer);
    }

    const tree = this.tree;
    const left = tree.left[node]!;
    if (left === -1) {
      const scale = tree.leafValue[node]! * conditionFraction;
      const phi = this.phi;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(start, depth, i);
        phi[this.phiOffset + players[start + i]!]! += w * (one[start + i]! - zero[start + i]!) * scale;
      }
      return;
    }

    const feature = tree.splitFeature[node]!;
    const player = this.playerOf[feature]!;
    const hot = nextNode(tree, node, this.values[this.offset + feature]!);
    const cold = hot === left ? tree.right[node]! : left;
    const cover = tree.cover[node]!;
    const hotZero = tree.cover[hot]! / cover;
    const coldZero = tree.cover[cold]! / cover;
    let incomingZero = 1;
    let incomingOne = 1;
    let k = 1;
    while (k <= depth && players[start + k] !== player) k++;
    if (k <= depth) {
      incomingZero = zero[start + k]!;
      incomingOne = one[start + k]!;
      this.unwind(start, depth, k);
      depth -= 1;
    }
    let hotCondition = conditionFraction;
    let coldCondition = conditionFraction;
    if (player === this.conditionPlayer && this.condition !== 0) {
      if (this.condition > 0) coldCondition = 0;
      else {
        hotCondition *= hotZero;
        coldCondition *= coldZero;
      }
      depth -= 1;
    }
    this.visit(hot, depth + 1, start, hotZero * incomingZero, incomingOne, player, hotCondition);
    this.visit(cold, depth + 1, start, coldZero * incomingZero, 0, player, coldCondition);
  }

  /** Adds a player to the path; weights become those of the subsets of the longer path. */
  private extend(
    start: number,
    depth: number,
    zeroFraction: number,
    oneFraction: number,
    player: number,
  ): void {
    const weight = this.pathWeight;
    this.pathPlayer[start + depth] = player;
    this.pathZero[start + depth] = zeroFraction;
    this.pathOne[start + depth] = oneFraction;
    weight[start + depth] = depth === 0 ? 1 : 0;
    const denominator = depth + 1;
    for (let i = depth - 1; i >= 0; i--) {
      weight[start + i + 1]! += (oneFraction * weight[start + i]! * (i + 1)) / denominator;
      weight[start + i] = (zeroFraction * weight[start + i]! * (depth - i)) / denominator;
    }
  }

  /** Removes path element k, undoing its extension. */
  private unwind(start: number, depth: number, k: number): void {
    const weight = this.pathWeight;
    const oneFraction = this.pathOne[start + k]!;
    const zeroFraction = this.pathZero[start + k]!;
    let next = weight[start + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const kept = weight[start + i]!;
        weight[start + i] = (next * (depth + 1)) / ((i + 1) * oneFraction);
        next = kept - (weight[start + i]! * zeroFraction * (depth - i)) / (depth + 1);
      } else {
        weight[start + i] = (weight[start + i]! * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    for (let i = k; i < depth; i++) {
      this.pathPlayer[start + i] = this.pathPlayer[start + i + 1]!;
      this.pathZero[start + i] = this.pathZero[start + i + 1]!;
      this.pathOne[start + i] = this.pathOne[start + i + 1]!;
    }
  }

  /** The total weight the path would have with element k unwound, without unwinding it. */
  private unwoundSum(start: number, depth: number, k: number): number {
    const weight = this.pathWeight;
    const oneFraction = this.pathOne[start + k]!;
    const zeroFraction = this.pathZero[start + k]!;
    let total = 0;
    if (oneFraction !== 0) {
      let next = weight[start + depth]!;
      for (let i = depth - 1; i >= 0; i--) {
        const w = (next * (depth + 1)) / ((i + 1) * oneFraction);
        total += w;
        next = weight[start + i]! - (w * zeroFraction * (depth - i)) / (depth + 1);
      }
    } else if (zeroFraction !== 0) {
      for (let i = depth - 1; i >= 0; i--) {
        total += (weight[start + i]! * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    return total;
  }
}
