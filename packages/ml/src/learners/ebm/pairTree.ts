import type { PairHistogram } from "./pairHistogram.js";

/**
 * The tree boosted on one pair's coarse 2-D histogram: a cut on one feature, then in each half at
 * most one cut on the other — up to four rectangular leaves, the shape InterpretML boosts pair
 * terms with. Both orders (rows first, columns first) are searched and the one with the larger
 * Newton gain is kept. Leaf values are −G/H shrunk by the learning rate and written cell by cell
 * into `update` (row-major, rows × columns).
 *
 * The search reads the histogram's prefix sums directly: along the first axis a half is a strip of
 * prefix rows (or columns), and the sums below each cut of the strip are two prefix reads.
 */
export class PairTreeFitter {
  private orientation = 0;
  private cut = 0;
  private firstCut = -1;
  private secondCut = -1;
  private best = Number.NEGATIVE_INFINITY;
  /** Set by bestStripSplit: where the strip is best cut, −1 for no cut. */
  private stripCut = -1;

  fit(hist: PairHistogram, learningRate: number, minLeaf: number, update: Float64Array): boolean {
    const { rows, columns } = hist;
    hist.rect(0, rows, 0, columns);
    if (!(hist.h > 0)) return false;
    const parent = (hist.g * hist.g) / hist.h;
    this.best = Number.NEGATIVE_INFINITY;
    const width = columns + 1;
    this.search(hist, 0, rows, columns, width, 1, minLeaf);
    this.search(hist, 1, columns, rows, 1, width, minLeaf);
    if (!(this.best - parent > 0)) return false;
    const span = this.orientation === 0 ? rows : columns;
    const other = this.orientation === 0 ? columns : rows;
    this.writeHalf(hist, 0, this.cut, this.firstCut, other, learningRate, update);
    this.writeHalf(hist, this.cut, span, this.secondCut, other, learningRate, update);
    return true;
  }

  /**
   * Every cut along the first axis (length span) with the best cut of each half along the second
   * (length other); strideFirst and strideSecond step the prefix arrays along the two axes.
   */
  private search(
    hist: PairHistogram,
    orientation: number,
    span: number,
    other: number,
    strideFirst: number,
    strideSecond: number,
    minLeaf: number,
  ): void {
    for (let cut = 1; cut < span; cut++) {
      const low = this.bestStripSplit(hist, 0, cut, other, strideFirst, strideSecond, minLeaf);
      if (low === Number.NEGATIVE_INFINITY) continue;
      const lowCut = this.stripCut;
      const high = this.bestStripSplit(hist, cut, span, other, strideFirst, strideSecond, minLeaf);
      if (high === Number.NEGATIVE_INFINITY) continue;
      if (low + high > this.best) {
        this.best = low + high;
        this.orientation = orientation;
        this.cut = cut;
        this.firstCut = lowCut;
        this.secondCut = this.stripCut;
      }
    }
  }

  /**
   * Best Σ G²/H of the strip [a0, a1) along the first axis, uncut or cut once along the second;
   * −∞ when the strip itself is too small to be a leaf.
   */
  private bestStripSplit(
    hist: PairHistogram,
    a0: number,
    a1: number,
    other: number,
    strideFirst: number,
    strideSecond: number,
    minLeaf: number,
  ): number {
    const { prefixG, prefixH, prefixC } = hist;
    const top = a1 * strideFirst;
    const bottom = a0 * strideFirst;
    const end = other * strideSecond;
    const g = prefixG[top + end]! - prefixG[bottom + end]!;
    const h = prefixH[top + end]! - prefixH[bottom + end]!;
    const c = prefixC[top + end]! - prefixC[bottom + end]!;
    this.stripCut = -1;
    if (c < minLeaf || !(h > 1e-12)) return Number.NEGATIVE_INFINITY;
    let best = (g * g) / h;
    for (let k = 1; k < other; k++) {
      const at = k * strideSecond;
      const gl = prefixG[top + at]! - prefixG[bottom + at]!;
      const hl = prefixH[top + at]! - prefixH[bottom + at]!;
      const cl = prefixC[top + at]! - prefixC[bottom + at]!;
      const hr = h - hl;
      if (cl < minLeaf || c - cl < minLeaf || !(hl > 1e-12) || !(hr > 1e-12)) continue;
      const gr = g - gl;
      const score = (gl * gl) / hl + (gr * gr) / hr;
      if (score > best) {
        best = score;
        this.stripCut = k;
      }
    }
    return best;
  }

  private writeHalf(
    hist: PairHistogram,
    a0: number,
    a1: number,
    cut: number,
    other: number,
    learningRate: number,
    update: Float64Array,
  ): void {
    if (cut < 0) {
      this.writeLeaf(hist, a0, a1, 0, other, learningRate, update);
      return;
    }
    this.writeLeaf(hist, a0, a1, 0, cut, learningRate, update);
    this.writeLeaf(hist, a0, a1, cut, other, learningRate, update);
  }

  private writeLeaf(
    hist: PairHistogram,
    a0: number,
    a1: number,
    b0: number,
    b1: number,
    learningRate: number,
    update: Float64Array,
  ): void {
    const transposed = this.orientation === 1;
    if (transposed) hist.rect(b0, b1, a0, a1);
    else hist.rect(a0, a1, b0, b1);
    const value = hist.h > 0 ? (-learningRate * hist.g) / hist.h : 0;
    const columns = hist.columns;
    for (let a = a0; a < a1; a++) {
      for (let b = b0; b < b1; b++) update[transposed ? b * columns + a : a * columns + b] = value;
    }
  }
}
