import type { Tree } from "../model/types.js";
import { nextNode } from "../predict/split.js";

/**
 * Path-dependent TreeSHAP for one tree, leaf by leaf (the default algorithm; see pathRecursion.ts
 * for Algorithm 2 of the paper, which gives the same values).
 *
 * Take a leaf with value v whose root path meets the distinct players U (|U| = d). For player k,
 * z_k is the product of the cover fractions of the path's splits on k, and o_k = 1 when the row
 * follows all of those splits, else 0; O = {k : o_k = 1}. The path-dependent value function at the
 * leaf is v · Π_{k∈S} o_k · Π_{k∉S} z_k (Lundberg et al., Nature Machine Intelligence 2020), and
 * its Shapley values are, with P = Π_{k∈U∖O} z_k,
 *   k ∉ O:  −v · P · A(O)
 *   k ∈ O:   v · (1 − z_k) · P · A(O ∖ {k})
 * where A(T) = Σ_{S⊆T} |S|!(d−|S|−1)!/d! · Π_{i∈T∖S} z_i = ⟨w_d, Π_{i∈T} (z_i + y)⟩, the
 * polynomial's coefficients weighted by the Shapley weights w_d(s) = s!(d−s−1)!/d!. The polynomial
 * for O is built once per leaf and divided by (z_k + y) for each k ∈ O from the leading coefficient
 * down, which is stable for 0 ≤ z_k ≤ 1 (the recurrence of the paper's "unwound path sum").
 *
 * Two sibling leaves under a split on a player q new to their path share everything but q, and all
 * of the above is linear in v·polynomial, so they are done as one: with H the child the row takes
 * and C the other, Q the polynomial of the parent's present players and P its absent product,
 *   R(y) = Q(y) · (v_H z_qH + v_C z_qC + v_H y),
 *   k ∈ O: P(1 − z_k)⟨w, R/(z_k + y)⟩;  k ∉ O: −P⟨w, R⟩;  q: P⟨w, Q⟩(v_H(1 − z_qH) − v_C z_qC),
 * with w = w_{d+1}. This halves the work on the bottom level, where half of a tree's leaves are.
 *
 * A row's set O at every node comes from one pass over the internal nodes that clears a player's
 * bit on the branch the row does not take. The per-leaf players and fractions are computed once per
 * tree; explaining a row allocates nothing. (Fast TreeSHAP v2, Yang 2021, arXiv:2109.09847, also
 * works leaf by leaf but tabulates all 2^d subsets per leaf; the polynomial form needs no tables.)
 */
export interface LeafPaths {
  readonly trees: readonly Tree[];
  /** Tree t's entries are [treeInternalStart[t], treeInternalStart[t + 1]) of the two arrays below. */
  readonly treeInternalStart: Int32Array;
  /** Each tree's internal nodes (tree-local indices), parents before children. */
  readonly internalNode: Int32Array;
  /** Bit of the node's player among the distinct players of its root path. */
  readonly internalBit: Int32Array;
  /** Tree t's units are [treeUnitStart[t], treeUnitStart[t + 1]). */
  readonly treeUnitStart: Int32Array;
  /**
   * Units of work: a single leaf (pair = 0, node = the leaf) or two sibling leaves whose parent
   * splits on a player new to the path (pair = 1, node = the parent).
   */
  readonly unitPair: Uint8Array;
  readonly unitNode: Int32Array;
  /** Distinct players on the path to the unit's node (for a pair, its parent's split not counted). */
  readonly unitWidth: Int32Array;
  /** Start of the unit's players and zero fractions in `pathPlayers` and `pathZero`. */
  readonly unitPathStart: Int32Array;
  /** Leaf value (single), or left and right leaf values (pair). */
  readonly unitValue: Float64Array;
  readonly unitRightValue: Float64Array;
  /** Pair: the parent's player and the cover fractions of its left and right child. */
  readonly unitPlayer: Int32Array;
  readonly unitLeftZero: Float64Array;
  readonly unitRightZero: Float64Array;
  readonly pathPlayers: Int32Array;
  readonly pathZero: Float64Array;
}

/** Most distinct players on one root-to-leaf path that the bit masks hold. */
export const MAX_PATH_PLAYERS = 31;

/** Summarises every tree's leaf paths once, into flat arrays shared by the whole ensemble. */
export function buildLeafPaths(trees: readonly Tree[], playerOf: Int32Array): LeafPaths {
  const builder = new LeafPathBuilder(trees, playerOf);
  for (let t = 0; t < trees.length; t++) builder.addTree(trees[t]!, t);
  return builder.result();
}

class LeafPathBuilder {
  private readonly trees: readonly Tree[];
  private readonly playerOf: Int32Array;
  /** The current root path's distinct players and their zero fractions. */
  private readonly players = new Int32Array(MAX_PATH_PLAYERS + 1);
  private readonly zero = new Float64Array(MAX_PATH_PLAYERS + 1);
  private tree!: Tree;
  private readonly treeInternalStart: Int32Array;
  private readonly internalNode: Int32Array;
  private readonly internalBit: Int32Array;
  private nInternal = 0;
  private readonly treeUnitStart: Int32Array;
  private readonly unitPair: Uint8Array;
  private readonly unitNode: Int32Array;
  private readonly unitWidth: Int32Array;
  private readonly unitPathStart: Int32Array;
  private readonly unitValue: Float64Array;
  private readonly unitRightValue: Float64Array;
  private readonly unitPlayer: Int32Array;
  private readonly unitLeftZero: Float64Array;
  private readonly unitRightZero: Float64Array;
  private nUnits = 0;
  private pathPlayers: Int32Array;
  private pathZero: Float64Array;
  private nPath = 0;

  constructor(trees: readonly Tree[], playerOf: Int32Array) {
    this.trees = trees;
    this.playerOf = playerOf;
    // Every node is at most one internal entry or one unit.
    let nodes = 0;
    for (const tree of trees) nodes += tree.left.length;
    this.treeInternalStart = new Int32Array(trees.length + 1);
    this.internalNode = new Int32Array(nodes);
    this.internalBit = new Int32Array(nodes);
    this.treeUnitStart = new Int32Array(trees.length + 1);
    this.unitPair = new Uint8Array(nodes);
    this.unitNode = new Int32Array(nodes);
    this.unitWidth = new Int32Array(nodes);
    this.unitPathStart = new Int32Array(nodes);
    this.unitValue = new Float64Array(nodes);
    this.unitRightValue = new Float64Array(nodes);
    this.unitPlayer = new Int32Array(nodes);
    this.unitLeftZero = new Float64Array(nodes);
    this.unitRightZero = new Float64Array(nodes);
    this.pathPlayers = new Int32Array(4 * nodes);
    this.pathZero = new Float64Array(4 * nodes);
  }

  addTree(tree: Tree, t: number): void {
    this.tree = tree;
    this.treeInternalStart[t] = this.nInternal;
    this.treeUnitStart[t] = this.nUnits;
    this.walk(0, 0);
    this.treeInternalStart[t + 1] = this.nInternal;
    this.treeUnitStart[t + 1] = this.nUnits;
  }

  private walk(node: number, width: number): void {
    const { left, right, cover, leafValue } = this.tree;
    const l = left[node]!;
    if (l === -1) {
      this.addUnit(node, width, leafValue[node]!);
      return;
    }
    const r = right[node]!;
    const player = this.playerOf[this.tree.splitFeature[node]!]!;
    let bit = 0;
    while (bit < width && this.players[bit] !== player) bit++;
    const added = bit === width;
    if (added && bit === MAX_PATH_PLAYERS) {
      throw new RangeError(`a root-to-leaf path meets more than ${MAX_PATH_PLAYERS} distinct players`);
    }
    this.internalNode[this.nInternal] = node;
    this.internalBit[this.nInternal++] = bit;
    if (added && left[l] === -1 && left[r] === -1) {
      const u = this.addUnit(node, width, leafValue[l]!);
      this.unitPair[u] = 1;
      this.unitRightValue[u] = leafValue[r]!;
      this.unitPlayer[u] = player;
      this.unitLeftZero[u] = cover[l]! / cover[node]!;
      this.unitRightZero[u] = cover[r]! / cover[node]!;
      return;
    }
    if (added) {
      this.players[bit] = player;
      this.zero[bit] = 1;
    }
    const before = this.zero[bit]!;
    const childWidth = added ? width + 1 : width;
    this.zero[bit] = (before * cover[l]!) / cover[node]!;
    this.walk(l, childWidth);
    this.zero[bit] = (before * cover[r]!) / cover[node]!;
    this.walk(r, childWidth);
    this.zero[bit] = before;
  }

  private addUnit(node: number, width: number, value: number): number {
    const u = this.nUnits++;
    this.unitNode[u] = node;
    this.unitWidth[u] = width;
    this.unitPathStart[u] = this.nPath;
    this.unitValue[u] = value;
    if (this.nPath + width > this.pathPlayers.length) {
      const players = new Int32Array(2 * (this.nPath + width));
      const zero = new Float64Array(players.length);
      players.set(this.pathPlayers);
      zero.set(this.pathZero);
      this.pathPlayers = players;
      this.pathZero = zero;
    }
    for (let k = 0; k < width; k++) {
      this.pathPlayers[this.nPath + k] = this.players[k]!;
      this.pathZero[this.nPath + k] = this.zero[k]!;
    }
    this.nPath += width;
    return u;
  }

  result(): LeafPaths {
    const u = this.nUnits;
    return {
      trees: this.trees,
      treeInternalStart: this.treeInternalStart,
      internalNode: this.internalNode.subarray(0, this.nInternal),
      internalBit: this.internalBit.subarray(0, this.nInternal),
      treeUnitStart: this.treeUnitStart,
      unitPair: this.unitPair.subarray(0, u),
      unitNode: this.unitNode.subarray(0, u),
      unitWidth: this.unitWidth.subarray(0, u),
      unitPathStart: this.unitPathStart.subarray(0, u),
      unitValue: this.unitValue.subarray(0, u),
      unitRightValue: this.unitRightValue.subarray(0, u),
      unitPlayer: this.unitPlayer.subarray(0, u),
      unitLeftZero: this.unitLeftZero.subarray(0, u),
      unitRightZero: this.unitRightZero.subarray(0, u),
      pathPlayers: this.pathPlayers.subarray(0, this.nPath),
      pathZero: this.pathZero.subarray(0, this.nPath),
    };
  }
}

/** weights[d][s] = s!(d−s−1)!/d! = 1 / (d · C(d−1, s)), the Shapley weight of a size-s coalition. */
function shapleyWeights(maxWidth: number): Float64Array[] {
  const weights: Float64Array[] = [new Float64Array(0)];
  for (let d = 1; d <= maxWidth; d++) {
    const w = new Float64Array(d);
    let binomial = 1;
    for (let s = 0; s < d; s++) {
      w[s] = 1 / (d * binomial);
      binomial = (binomial * (d - 1 - s)) / (s + 1);
    }
    weights.push(w);
  }
  return weights;
}

/** Scratch for addTreeByLeafPaths, sized for the deepest tree and the largest one. */
export class LeafPathScratch {
  readonly mask: Int32Array;
  readonly presentZero: Float64Array;
  readonly c: Float64Array;
  readonly r: Float64Array;
  readonly weights: Float64Array[];

  constructor(maxNodes: number, maxDepth: number) {
    this.mask = new Int32Array(maxNodes);
    this.presentZero = new Float64Array(maxDepth + 1);
    this.c = new Float64Array(maxDepth + 2);
    this.r = new Float64Array(maxDepth + 3);
    this.weights = shapleyWeights(maxDepth + 1);
  }
}

/** Adds tree t's SHAP values for the row at values[offset…] into phi[phiOffset + player]. */
export function addTreeByLeafPaths(
  paths: LeafPaths,
  t: number,
  values: ArrayLike<number>,
  offset: number,
  phi: Float64Array,
  phiOffset: number,
  scratch: LeafPathScratch,
): void {
  const tree = paths.trees[t]!;
  const { left, right, splitFeature } = tree;
  const { internalNode, internalBit, unitPair, unitNode, unitWidth, unitPathStart, pathPlayers, pathZero } =
    paths;
  const { mask, presentZero, c, r, weights } = scratch;
  mask[0] = -1;
  for (let i = paths.treeInternalStart[t]!, end = paths.treeInternalStart[t + 1]!; i < end; i++) {
    const node = internalNode[i]!;
    const m = mask[node]!;
    const cleared = m & ~(1 << internalBit[i]!);
    const goLeft = nextNode(tree, node, values[offset + splitFeature[node]!]!) === left[node];
    mask[left[node]!] = goLeft ? m : cleared;
    mask[right[node]!] = goLeft ? cleared : m;
  }

  for (let u = paths.treeUnitStart[t]!, end = paths.treeUnitStart[t + 1]!; u < end; u++) {
    const node = unitNode[u]!;
    const pair = unitPair[u] === 1;
    const d = unitWidth[u]!;
    if (d === 0 && !pair) continue;
    const present = mask[node]!;
    const start = unitPathStart[u]!;
    let absentZero = 1;
    let m = 0;
    for (let k = 0; k < d; k++) {
      const z = pathZero[start + k]!;
      if ((present >> k) & 1) presentZero[m++] = z;
      else absentZero *= z;
    }
    if (absentZero === 0) continue;
    // c = coefficients of Π over present players of (z + y), lowest degree first.
    c[0] = 1;
    for (let j = 0; j < m; j++) {
      const z = presentZero[j]!;
      c[j + 1] = c[j]!;
      for (let s = j; s > 0; s--) c[s] = z * c[s]! + c[s - 1]!;
      c[0] = z * c[0]!;
    }

    // r = the unit's value times its polynomial: v·c for a leaf, c·(v_H z_qH + v_C z_qC + v_H y)
    // for a pair, whose split player gets its share from c directly.
    let top: number;
    let w: Float64Array;
    if (pair) {
      w = weights[d + 1]!;
      const hotLeft = ((mask[left[node]!]! >> d) & 1) === 1;
      const vH = hotLeft ? paths.unitValue[u]! : paths.unitRightValue[u]!;
      const vC = hotLeft ? paths.unitRightValue[u]! : paths.unitValue[u]!;
      const zH = hotLeft ? paths.unitLeftZero[u]! : paths.unitRightZero[u]!;
      const zC = hotLeft ? paths.unitRightZero[u]! : paths.unitLeftZero[u]!;
      let dotC = 0;
      for (let s = 0; s <= m; s++) dotC += w[s]! * c[s]!;
      phi[phiOffset + paths.unitPlayer[u]!]! += absentZero * dotC * (vH * (1 - zH) - vC * zC);
      const a0 = vH * zH + vC * zC;
      r[0] = a0 * c[0]!;
      for (let s = 1; s <= m; s++) r[s] = a0 * c[s]! + vH * c[s - 1]!;
      r[m + 1] = vH * c[m]!;
      top = m + 1;
    } else {
      w = weights[d]!;
      const v = paths.unitValue[u]!;
      for (let s = 0; s <= m; s++) r[s] = v * c[s]!;
      top = m;
    }

    if (m < d) {
      let a = 0;
      for (let s = 0; s <= top; s++) a += w[s]! * r[s]!;
      const loss = absentZero * a;
      for (let k = 0; k < d; k++)
        if (((present >> k) & 1) === 0) phi[phiOffset + pathPlayers[start + k]!]! -= loss;
    }
    for (let k = 0; k < d; k++) {
      if (((present >> k) & 1) === 0) continue;
      const z = pathZero[start + k]!;
      // r / (z + y), from the leading coefficient down: quotient q_{top−1} … q_0.
      let q = r[top]!;
      let a = w[top - 1]! * q;
      for (let s = top - 1; s > 0; s--) {
        q = r[s]! - z * q;
        a += w[s - 1]! * q;
      }
      phi[phiOffset + pathPlayers[start + k]!]! += absentZero * (1 - z) * a;
    }
  }
}
