/**
 * The shallow tree boosted on one feature's bin histogram (sums of gradient, hessian and row count
 * per bin; bin 0 missing). Value bins are taken in value order for a numeric feature and in order
 * of gradient / hessian for a binary or categorical one — the order in which the best partition of
 * unordered levels into two groups is a cut (Fisher 1958; LightGBM's categorical splits). The
 * missing bin joins whichever side of a cut gains more, or is split off on its own, as XGBoost's
 * learned default direction does. Leaves grow best-first up to maxLeaves (InterpretML's default 3),
 * and each leaf's value is a Newton step −G/H shrunk by the learning rate.
 */
export class MainTreeFitter {
  private readonly order: Int32Array;
  private readonly ratio: Float64Array;
  private readonly prefixG: Float64Array;
  private readonly prefixH: Float64Array;
  private readonly prefixC: Float64Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly hasMissing: Uint8Array;
  private readonly gain: Float64Array;
  private readonly cut: Int32Array;
  /** 0: missing (if the leaf has it) goes left; 1: missing goes right; 2: missing alone. */
  private readonly side: Uint8Array;
  private missingG = 0;
  private missingH = 0;
  private missingC = 0;
  private minLeaf = 1;

  constructor(
    maxBinsWithMissing: number,
    private readonly maxLeaves: number,
  ) {
    this.order = new Int32Array(maxBinsWithMissing);
    this.ratio = new Float64Array(maxBinsWithMissing);
    this.prefixG = new Float64Array(maxBinsWithMissing + 1);
    this.prefixH = new Float64Array(maxBinsWithMissing + 1);
    this.prefixC = new Float64Array(maxBinsWithMissing + 1);
    this.start = new Int32Array(maxLeaves);
    this.end = new Int32Array(maxLeaves);
    this.hasMissing = new Uint8Array(maxLeaves);
    this.gain = new Float64Array(maxLeaves);
    this.cut = new Int32Array(maxLeaves);
    this.side = new Uint8Array(maxLeaves);
  }

  /**
   * Fits one tree to the histogram of `bins` bins (missing included) and writes each bin's update
   * into `update`. Returns false, writing nothing, when no split gains.
   */
  fit(
    g: Float64Array,
    h: Float64Array,
    c: Float64Array,
    bins: number,
    valueOrder: boolean,
    learningRate: number,
    minSamplesLeaf: number,
    update: Float64Array,
  ): boolean {
    const k = bins - 1;
    const { order, ratio, prefixG, prefixH, prefixC } = this;
    for (let i = 0; i < k; i++) order[i] = i + 1;
    if (!valueOrder && k > 2) {
      for (let b = 1; b <= k; b++) ratio[b] = h[b]! > 0 ? g[b]! / h[b]! : 0;
      order.subarray(0, k).sort((a, b) => ratio[a]! - ratio[b]! || a - b);
    }
    for (let i = 0; i < k; i++) {
      const b = order[i]!;
      prefixG[i + 1] = prefixG[i]! + g[b]!;
      prefixH[i + 1] = prefixH[i]! + h[b]!;
      prefixC[i + 1] = prefixC[i]! + c[b]!;
    }
    this.missingG = g[0]!;
    this.missingH = h[0]!;
    this.missingC = c[0]!;
    this.minLeaf = minSamplesLeaf;
    this.start[0] = 0;
    this.end[0] = k;
    this.hasMissing[0] = this.missingC > 0 ? 1 : 0;
    this.evaluate(0);
    let leaves = 1;
    while (leaves < this.maxLeaves) {
      let best = -1;
      for (let l = 0; l < leaves; l++)
        if (this.gain[l]! > 0 && (best < 0 || this.gain[l]! > this.gain[best]!)) best = l;
      if (best < 0) break;
      this.split(best, leaves);
      this.evaluate(best);
      this.evaluate(leaves);
      leaves++;
    }
    if (leaves === 1) return false;
    update[0] = 0;
    for (let l = 0; l < leaves; l++) {
      const s = this.start[l]!;
      const e = this.end[l]!;
      const m = this.hasMissing[l]!;
      const gl = prefixG[e]! - prefixG[s]! + (m ? this.missingG : 0);
      const hl = prefixH[e]! - prefixH[s]! + (m ? this.missingH : 0);
      const value = hl > 0 ? (-learningRate * gl) / hl : 0;
      for (let i = s; i < e; i++) update[order[i]!] = value;
      if (m) update[0] = value;
    }
    return true;
  }

  private score(gl: number, hl: number, cl: number, gr: number, hr: number, cr: number): number {
    if (cl < this.minLeaf || cr < this.minLeaf || !(hl > 1e-12) || !(hr > 1e-12)) {
      return Number.NEGATIVE_INFINITY;
    }
    return (gl * gl) / hl + (gr * gr) / hr;
  }

  private evaluate(l: number): void {
    const { prefixG, prefixH, prefixC } = this;
    const s = this.start[l]!;
    const e = this.end[l]!;
    const m = this.hasMissing[l]!;
    const gSeg = prefixG[e]! - prefixG[s]!;
    const hSeg = prefixH[e]! - prefixH[s]!;
    const cSeg = prefixC[e]! - prefixC[s]!;
    const gm = m ? this.missingG : 0;
    const hm = m ? this.missingH : 0;
    const cm = m ? this.missingC : 0;
    const hTotal = hSeg + hm;
    const parent = hTotal > 0 ? ((gSeg + gm) * (gSeg + gm)) / hTotal : 0;
    let best = 0;
    let bestCut = -1;
    let bestSide = 0;
    for (let t = s + 1; t < e; t++) {
      const gl = prefixG[t]! - prefixG[s]!;
      const hl = prefixH[t]! - prefixH[s]!;
      const cl = prefixC[t]! - prefixC[s]!;
      const gr = gSeg - gl;
      const hr = hSeg - hl;
      const cr = cSeg - cl;
      const left = this.score(gl + gm, hl + hm, cl + cm, gr, hr, cr) - parent;
      if (left > best) {
        best = left;
        bestCut = t;
        bestSide = 0;
      }
      if (m) {
        const right = this.score(gl, hl, cl, gr + gm, hr + hm, cr + cm) - parent;
        if (right > best) {
          best = right;
          bestCut = t;
          bestSide = 1;
        }
      }
    }
    if (m && e > s) {
      const alone = this.score(gm, hm, cm, gSeg, hSeg, cSeg) - parent;
      if (alone > best) {
        best = alone;
        bestCut = s;
        bestSide = 2;
      }
    }
    this.gain[l] = bestCut < 0 ? 0 : best;
    this.cut[l] = bestCut;
    this.side[l] = bestSide;
  }

  /** Splits leaf l in place into l (left) and r (right). */
  private split(l: number, r: number): void {
    const s = this.start[l]!;
    const e = this.end[l]!;
    const m = this.hasMissing[l]!;
    const t = this.cut[l]!;
    const side = this.side[l]!;
    if (side === 2) {
      this.end[l] = s;
      this.hasMissing[l] = 1;
      this.start[r] = s;
      this.end[r] = e;
      this.hasMissing[r] = 0;
      return;
    }
    this.end[l] = t;
    this.hasMissing[l] = side === 0 ? m : 0;
    this.start[r] = t;
    this.end[r] = e;
    this.hasMissing[r] = side === 1 ? m : 0;
  }
}
