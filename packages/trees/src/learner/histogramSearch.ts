import type { BinnedMatrix } from "./binning.js";
import {
  buildHistogramBlock,
  clearHistogramBlock,
  type Histogram,
  subtractHistogramBlock,
} from "./histogram.js";
import { nodeGain, type SplitCandidate, type SplitParams, scanFeature } from "./splitFinder.js";
import { SplitScratch } from "./splitScreen.js";

/**
 * Features whose histograms are built, subtracted and scanned together: 32 features' slots of the
 * two histograms involved (2 × 32 × 257 × 16 bytes ≈ 260 KB) stay in a core's L2 cache meanwhile.
 */
const FEATURE_BLOCK = 32;

/** One node's part in a search: its sums and bounds, and where its best split goes. */
export interface SearchNode {
  sumGrad: number;
  sumHess: number;
  lower: number;
  upper: number;
  /** The features it may split on (a subset of the tree's, increasing), or null if it cannot split. */
  features: Int32Array | null;
  best: SplitCandidate;
}

/**
 * The histogram work of growing a tree: a node's histogram is built from its rows and, for the
 * sibling, its parent's becomes the sibling's by subtraction; then each node's features are
 * scanned for the best split. All of it goes block of features by block of features, in
 * increasing feature order, so that each node's scan sees its features in the order a
 * whole-histogram scan would and keeps the same first best split.
 */
export class HistogramSearch {
  /** Nodes with at most this many rows build tracked histograms (see histogram.ts). */
  private readonly trackRowsAtMost: number;
  private readonly scratch: SplitScratch;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly split: SplitParams,
  ) {
    // a node's slots are mostly empty when its rows number fewer than a feature's bins
    this.trackRowsAtMost = Math.floor(binned.totalSlots / binned.columns);
    let maxBins = 0;
    for (const count of binned.binCounts) maxBins = Math.max(maxBins, count);
    this.scratch = new SplitScratch(maxBins);
  }

  /**
   * Builds `built`'s histogram into builtHist from rows[begin … end) and, given derivedHist (the
   * parent's), turns that into `derived`'s by subtracting; leaves each node's best split in its
   * `best` (reset by the caller). A node without features is not scanned, and without derivedHist
   * the derived histogram is not formed either (the sibling cannot split).
   */
  search(
    rows: Uint32Array,
    begin: number,
    end: number,
    grad: Float32Array,
    hess: Float32Array,
    treeFeatures: Int32Array,
    builtHist: Histogram,
    built: SearchNode,
    derivedHist: Histogram | null,
    derived: SearchNode,
  ): void {
    const binned = this.binned;
    const builtGain = nodeGain(this.split, built.sumGrad, built.sumHess, built.lower, built.upper);
    const derivedGain = derivedHist
      ? nodeGain(this.split, derived.sumGrad, derived.sumHess, derived.lower, derived.upper)
      : 0;
    // builtHist is tracked for this node if it has few rows (and every feature)
    const track = treeFeatures.length === binned.columns && end - begin <= this.trackRowsAtMost;
    if (track) builtHist.occupied.fill(0);
    builtHist.tracked = track;
    let nextBuilt = 0;
    let nextDerived = 0;
    for (let from = 0; from < treeFeatures.length; from += FEATURE_BLOCK) {
      const to = Math.min(from + FEATURE_BLOCK, treeFeatures.length);
      clearHistogramBlock(builtHist, binned, treeFeatures, from, to);
      buildHistogramBlock(builtHist, binned, treeFeatures, from, to, rows, begin, end, grad, hess, track);
      if (derivedHist) subtractHistogramBlock(derivedHist, builtHist, binned, treeFeatures, from, to);
      // node features are a subset of the tree's, both in increasing order
      const blockEnd = to < treeFeatures.length ? treeFeatures[to]! : binned.columns;
      if (built.features) nextBuilt = this.scanBlock(built, builtGain, builtHist, nextBuilt, blockEnd);
      if (derivedHist && derived.features)
        nextDerived = this.scanBlock(derived, derivedGain, derivedHist, nextDerived, blockEnd);
    }
  }

  /** Scans node.features[next …] below blockEnd; returns where the next block's scan starts. */
  private scanBlock(
    node: SearchNode,
    parentGain: number,
    hist: Histogram,
    next: number,
    blockEnd: number,
  ): number {
    const features = node.features!;
    const { slotOffsets, binCounts } = this.binned;
    const occupied = hist.tracked ? hist.occupied : null;
    let j = next;
    for (; j < features.length && features[j]! < blockEnd; j++) {
      const f = features[j]!;
      scanFeature(
        this.split,
        hist.sums,
        occupied,
        slotOffsets[f]!,
        binCounts[f]!,
        f,
        node.sumGrad,
        node.sumHess,
        node.lower,
        node.upper,
        parentGain,
        node.best,
        this.scratch,
      );
    }
    return j;
  }
}
