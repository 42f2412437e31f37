import type { Tree } from "../model/types.js";
import type { BinnedMatrix, FeatureBinning } from "./binning.js";
import type { ColumnSampler } from "./columnSampler.js";
import type { Histogram, HistogramPool } from "./histogram.js";
import { HistogramSearch, type SearchNode } from "./histogramSearch.js";
import type { GrowPolicy } from "./options.js";
import type { BinnedTree } from "./predictBinned.js";
import { partitionRows } from "./rowPartition.js";
import { boundedWeight, leafWeight, SplitCandidate, type SplitParams } from "./splitFinder.js";

export interface GrowthSettings {
  readonly split: SplitParams;
  readonly growPolicy: GrowPolicy;
  /** 0 = no limit. */
  readonly maxDepth: number;
  /** 0 = no limit. */
  readonly maxLeaves: number;
  /** Minimum loss change of a split (gamma), float32. */
  readonly gamma: number;
  /** eta, float32. */
  readonly learningRate: number;
}

/** XGBoost's kRtEps: a loss change at or below it is no split. */
const RT_EPS = Math.fround(1e-6);

/**
 * Grows one regression tree on gradient histograms, as XGBoost's QuantileHistMaker (1.7): the root
 * is evaluated, then nodes are expanded level by level ("depthwise": every candidate of a depth, in
 * node order) or best first ("lossguide": the largest loss change, ties to the lower node id); a
 * candidate is split when its loss change exceeds 1e-6 and gamma, both children have hessian, and
 * the depth and leaf limits allow; children at the depth limit, or once the leaf limit is reached,
 * are not evaluated. Node ids follow XGBoost's (children appended in expansion order). A node whose
 * hessian sum leaves no split min_child_weight on both sides is not scanned, and its histogram is
 * neither built nor derived unless its sibling's needs it (see maySplit); histograms and scans are
 * HistogramSearch's.
 *
 * The node arrays and histogram buffers are allocated once per training and reused for every tree.
 */
export class TreeGrower implements BinnedTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly splitBin: Int32Array;
  readonly splitCondition: Float32Array;
  readonly defaultLeft: Uint8Array;
  readonly leafValue: Float64Array;
  readonly cover: Float64Array;
  /** First and one-past-last position of each node's rows in the row index array. */
  readonly rowBegin: Int32Array;
  readonly rowEnd: Int32Array;
  nodeCount = 0;

  private readonly sumGrad: Float64Array;
  private readonly sumHess: Float64Array;
  private readonly depth: Int32Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly candidates: SplitCandidate[];
  private readonly histograms: (Histogram | null)[];
  private readonly search: HistogramSearch;
  /** The two nodes of a search, refilled for every one (no allocation per node). */
  private readonly builtNode: SearchNode = emptySearchNode();
  private readonly derivedNode: SearchNode = emptySearchNode();
  private open: number[] = [];

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly binning: FeatureBinning,
    private readonly settings: GrowthSettings,
    private readonly pool: HistogramPool,
    sampledRowsAtMost: number,
  ) {
    const capacity = nodeCapacity(settings, sampledRowsAtMost);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.feature = new Int32Array(capacity);
    this.splitBin = new Int32Array(capacity);
    this.splitCondition = new Float32Array(capacity);
    this.defaultLeft = new Uint8Array(capacity);
    this.leafValue = new Float64Array(capacity);
    this.cover = new Float64Array(capacity);
    this.rowBegin = new Int32Array(capacity);
    this.rowEnd = new Int32Array(capacity);
    this.sumGrad = new Float64Array(capacity);
    this.sumHess = new Float64Array(capacity);
    this.depth = new Int32Array(capacity);
    this.lower = new Float64Array(capacity);
    this.upper = new Float64Array(capacity);
    this.candidates = [];
    this.histograms = [];
    this.search = new HistogramSearch(binned, settings.split);
  }

  /**
   * Grows a tree on rows[0 … nRows) (the rows drawn for it, in increasing order; reordered by node
   * on return, each leaf's rows at rowBegin … rowEnd).
   */
  grow(
    rows: Uint32Array,
    nRows: number,
    grad: Float32Array,
    hess: Float32Array,
    sampler: ColumnSampler,
    scratch: Uint32Array,
  ): void {
    const { split, maxDepth, maxLeaves } = this.settings;
    const features = sampler.treeFeatures();
    let g = 0;
    let h = 0;
    for (let i = 0; i < nRows; i++) {
      const r = rows[i]!;
      g += grad[r]!;
      h += hess[r]!;
    }
    this.nodeCount = 1;
    this.initNode(0, g, h, 0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, leafWeight(split, g, h));
    this.rowBegin[0] = 0;
    this.rowEnd[0] = nRows;
    this.open = [];
    const rootFeatures = sampler.nodeFeatures(0);
    this.startSearch(0);
    if (this.maySplit(0)) {
      const rootHist = this.pool.acquire();
      this.histograms[0] = rootHist;
      this.search.search(
        rows,
        0,
        nRows,
        grad,
        hess,
        features,
        rootHist,
        this.searchNode(this.builtNode, 0, rootFeatures),
        null,
        this.derivedNode,
      );
    }
    // XGBoost queues the root whatever its loss change
    this.open.push(0);

    let leaves = 1;
    while (this.open.length > 0) {
      const expand = this.pop();
      const toBuild: number[] = [];
      for (const nid of expand) {
        if (!this.isValid(nid, leaves)) {
          this.releaseHistogram(nid);
          continue;
        }
        this.applySplit(nid, rows, scratch);
        leaves++;
        const childDepth = this.depth[nid]! + 1;
        const childrenMaySplit =
          !(maxDepth > 0 && childDepth >= maxDepth) && !(maxLeaves > 0 && leaves >= maxLeaves);
        if (childrenMaySplit) toBuild.push(nid);
        else this.releaseHistogram(nid);
      }
      for (const nid of toBuild) {
        const l = this.left[nid]!;
        const r = this.right[nid]!;
        // the features each child may split on, drawn left then right as XGBoost evaluates them
        const leftFeatures = sampler.nodeFeatures(this.depth[l]!);
        const rightFeatures = sampler.nodeFeatures(this.depth[r]!);
        // XGBoost builds the child with the smaller hessian sum and subtracts for the other
        const buildRight = this.sumHess[r]! < this.sumHess[l]!;
        const built = buildRight ? r : l;
        const derived = buildRight ? l : r;
        const parentHist = this.histograms[nid]!;
        this.histograms[nid] = null;
        this.startSearch(l);
        this.startSearch(r);
        const searchBuilt = this.maySplit(built);
        const searchDerived = this.maySplit(derived);
        if (searchBuilt || searchDerived) {
          const builtHist = this.pool.acquire();
          this.histograms[built] = builtHist;
          this.histograms[derived] = parentHist;
          this.search.search(
            rows,
            this.rowBegin[built]!,
            this.rowEnd[built]!,
            grad,
            hess,
            features,
            builtHist,
            this.searchNode(
              this.builtNode,
              built,
              searchBuilt ? (buildRight ? rightFeatures : leftFeatures) : null,
            ),
            searchDerived ? parentHist : null,
            this.searchNode(this.derivedNode, derived, buildRight ? leftFeatures : rightFeatures),
          );
        } else this.pool.release(parentHist);
        this.queueIfSplittable(l);
        this.queueIfSplittable(r);
      }
    }
  }

  /** The grown tree in carta's model form (arrays trimmed to the node count). */
  toTree(): Tree {
    const n = this.nodeCount;
    const splitFeature = this.feature.slice(0, n);
    const splitCondition = this.splitCondition.slice(0, n);
    const defaultLeft = this.defaultLeft.slice(0, n);
    const leafValue = this.leafValue.slice(0, n);
    const left = this.left.slice(0, n);
    for (let i = 0; i < n; i++) {
      if (left[i] === -1) {
        splitFeature[i] = -1;
        splitCondition[i] = 0;
        defaultLeft[i] = 0;
      } else leafValue[i] = 0;
    }
    return {
      left,
      right: this.right.slice(0, n),
      splitFeature,
      splitCondition,
      defaultLeft,
      leafValue,
      cover: this.cover.slice(0, n),
    };
  }

  private initNode(
    nid: number,
    g: number,
    h: number,
    depth: number,
    lower: number,
    upper: number,
    weight: number,
  ): void {
    this.left[nid] = -1;
    this.right[nid] = -1;
    this.feature[nid] = -1;
    this.splitBin[nid] = -1;
    this.splitCondition[nid] = 0;
    this.defaultLeft[nid] = 0;
    // + 0 turns a −0 weight (nothing to learn under the L1 penalty) into 0, which JSON keeps
    this.leafValue[nid] = Math.fround(weight * this.settings.learningRate) + 0;
    this.cover[nid] = Math.fround(h);
    this.sumGrad[nid] = g;
    this.sumHess[nid] = h;
    this.depth[nid] = depth;
    this.lower[nid] = lower;
    this.upper[nid] = upper;
    this.histograms[nid] = null;
  }

  private searchNode(into: SearchNode, nid: number, features: Int32Array | null): SearchNode {
    into.sumGrad = this.sumGrad[nid]!;
    into.sumHess = this.sumHess[nid]!;
    into.lower = this.lower[nid]!;
    into.upper = this.upper[nid]!;
    into.features = features;
    into.best = this.candidates[nid]!;
    return into;
  }

  /** Resets the node's candidate: no split (loss change 0) until a scan finds one. */
  private startSearch(nid: number): void {
    const candidate = this.candidates[nid] ?? (this.candidates[nid] = new SplitCandidate());
    candidate.reset();
  }

  /**
   * False when no split of the node can give both children min_child_weight: a candidate needs
   * left ≥ mcw and H − left ≥ mcw, and with left ≥ mcw the rounded H − left is at most the rounded
   * H − mcw, so H − mcw < mcw rules every one out. Such nodes (a third of the nodes evaluated at
   * depth 3 and beyond in small data) skip the scan, and their histograms need not be built.
   */
  private maySplit(nid: number): boolean {
    const mcw = this.settings.split.minChildWeight;
    return !(this.sumHess[nid]! - mcw < mcw);
  }

  /** XGBoost queues a child for expansion only when its loss change exceeds kRtEps. */
  private queueIfSplittable(nid: number): void {
    if (this.candidates[nid]!.lossChange > RT_EPS) this.open.push(nid);
    else this.releaseHistogram(nid);
  }

  private pop(): number[] {
    if (this.settings.growPolicy === "depthwise") {
      const level = this.open;
      this.open = [];
      return level;
    }
    let best = 0;
    for (let i = 1; i < this.open.length; i++) {
      const a = this.candidates[this.open[i]!]!.lossChange;
      const b = this.candidates[this.open[best]!]!.lossChange;
      if (a > b || (a === b && this.open[i]! < this.open[best]!)) best = i;
    }
    const nid = this.open[best]!;
    this.open.splice(best, 1);
    return [nid];
  }

  private isValid(nid: number, leaves: number): boolean {
    const c = this.candidates[nid]!;
    const { maxDepth, maxLeaves, gamma } = this.settings;
    if (c.feature < 0 || c.lossChange <= RT_EPS) return false;
    if (c.leftHess === 0 || c.rightHess === 0) return false;
    if (c.lossChange < gamma) return false;
    if (maxDepth > 0 && this.depth[nid] === maxDepth) return false;
    if (maxLeaves > 0 && leaves === maxLeaves) return false;
    return true;
  }

  private applySplit(nid: number, rows: Uint32Array, scratch: Uint32Array): void {
    const c = this.candidates[nid]!;
    const { split } = this.settings;
    const f = c.feature;
    const l = this.nodeCount;
    const r = l + 1;
    this.nodeCount += 2;
    this.left[nid] = l;
    this.right[nid] = r;
    this.feature[nid] = f;
    this.splitBin[nid] = c.splitBin;
    this.splitCondition[nid] =
      c.splitBin >= 0 ? this.binning.edges[f]![c.splitBin]! : this.binning.minValues[f]!;
    this.defaultLeft[nid] = c.defaultLeft ? 1 : 0;
    this.leafValue[nid] = 0;
    const lower = this.lower[nid]!;
    const upper = this.upper[nid]!;
    const wl = boundedWeight(split, c.leftGrad, c.leftHess, lower, upper);
    const wr = boundedWeight(split, c.rightGrad, c.rightHess, lower, upper);
    const depth = this.depth[nid]! + 1;
    this.initNode(l, c.leftGrad, c.leftHess, depth, lower, upper, wl);
    this.initNode(r, c.rightGrad, c.rightHess, depth, lower, upper, wr);
    const constraint = split.monotone === null ? 0 : split.monotone[f]!;
    if (constraint !== 0) {
      // the children's values may not cross the mean of the two weights (TreeEvaluator::AddSplit)
      const mid = Math.fround(Math.fround(wl + wr) / 2);
      if (constraint > 0) {
        this.upper[l] = mid;
        this.lower[r] = mid;
      } else {
        this.lower[l] = mid;
        this.upper[r] = mid;
      }
    }
    const begin = this.rowBegin[nid]!;
    const end = this.rowEnd[nid]!;
    const middle = partitionRows(rows, begin, end, this.binned, f, c.splitBin, c.defaultLeft, scratch);
    this.rowBegin[l] = begin;
    this.rowEnd[l] = middle;
    this.rowBegin[r] = middle;
    this.rowEnd[r] = end;
  }

  private releaseHistogram(nid: number): void {
    const hist = this.histograms[nid];
    if (hist) {
      this.pool.release(hist);
      this.histograms[nid] = null;
    }
  }
}

/** Most nodes a tree can have: XGBoost's MaxNodes, and never more than 2 × rows − 1. */
function nodeCapacity(s: GrowthSettings, rows: number): number {
  let capacity = 2 * Math.max(1, rows) - 1;
  if (s.maxLeaves > 0) capacity = Math.min(capacity, 2 * s.maxLeaves - 1);
  if (s.maxDepth > 0 && s.maxDepth < 30) capacity = Math.min(capacity, 2 ** (s.maxDepth + 1) - 1);
  return capacity;
}

function emptySearchNode(): SearchNode {
  return { sumGrad: 0, sumHess: 0, lower: 0, upper: 0, features: null, best: new SplitCandidate() };
}
