import { Float32RadixSorter } from "./radixSort.js";

/**
 * XGBoost's weighted quantile sketch (WQSummary / WQuantileSketch, Chen & Guestrin, KDD 2016,
 * supplementary material; src/common/quantile.h in XGBoost 1.7), reproduced step by step so that
 * carta's histogram bins are XGBoost's `tree_method = "hist"` bins on the same data — including
 * where the sketch is only approximate (columns longer than twice its level size, and the final
 * prunes to max_bin + 1 points). Ranks are float32 sums, as XGBoost's `RType = float`.
 *
 * A summary is a sorted list of distinct values with, for each, the minimum and maximum rank it can
 * have (rmin, rmax) and its own weight (wmin).
 */

const f32 = Math.fround;

export class QuantileSummary {
  value: Float32Array;
  rmin: Float32Array;
  rmax: Float32Array;
  wmin: Float32Array;
  size = 0;

  constructor(capacity: number) {
    this.value = new Float32Array(capacity);
    this.rmin = new Float32Array(capacity);
    this.rmax = new Float32Array(capacity);
    this.wmin = new Float32Array(capacity);
  }

  reserve(capacity: number): void {
    if (this.value.length >= capacity) return;
    const grown = new QuantileSummary(capacity);
    grown.copyFrom(this);
    this.value = grown.value;
    this.rmin = grown.rmin;
    this.rmax = grown.rmax;
    this.wmin = grown.wmin;
  }

  copyFrom(src: QuantileSummary): void {
    this.reserve(src.size);
    this.value.set(src.value.subarray(0, src.size));
    this.rmin.set(src.rmin.subarray(0, src.size));
    this.rmax.set(src.rmax.subarray(0, src.size));
    this.wmin.set(src.wmin.subarray(0, src.size));
    this.size = src.size;
  }

  /**
   * WQSummary::SetPrune: keep at most maxSize entries whose ranks are spread evenly, always the
   * first and the last.
   */
  setPrune(src: QuantileSummary, maxSize: number): void {
    if (src.size <= maxSize) {
      this.copyFrom(src);
      return;
    }
    this.reserve(maxSize);
    const begin = src.rmax[0]!;
    const range = f32(src.rmin[src.size - 1]! - src.rmax[0]!);
    const n = maxSize - 1;
    this.put(0, src, 0);
    let size = 1;
    let i = 1;
    let lastIdx = 0;
    for (let k = 1; k < n; k++) {
      const dx2 = f32(2 * f32(f32(f32(k * range) / n) + begin));
      while (i < src.size - 1 && dx2 >= f32(src.rmax[i + 1]! + src.rmin[i + 1]!)) i++;
      if (i === src.size - 1) break;
      const rminNext = f32(src.rmin[i]! + src.wmin[i]!);
      const rmaxPrev = f32(src.rmax[i + 1]! - src.wmin[i + 1]!);
      if (dx2 < f32(rminNext + rmaxPrev)) {
        if (i !== lastIdx) {
          this.put(size++, src, i);
          lastIdx = i;
        }
      } else if (i + 1 !== lastIdx) {
        this.put(size++, src, i + 1);
        lastIdx = i + 1;
      }
    }
    if (lastIdx !== src.size - 1) this.put(size++, src, src.size - 1);
    this.size = size;
  }

  /** WQSummary::SetCombine: the exact merge of two summaries, then FixError. */
  setCombine(a: QuantileSummary, b: QuantileSummary): void {
    if (a.size === 0) {
      this.copyFrom(b);
      return;
    }
    if (b.size === 0) {
      this.copyFrom(a);
      return;
    }
    this.reserve(a.size + b.size);
    let ia = 0;
    let ib = 0;
    let d = 0;
    let aPrevRmin = 0;
    let bPrevRmin = 0;
    while (ia < a.size && ib < b.size) {
      const va = a.value[ia]!;
      const vb = b.value[ib]!;
      if (va === vb) {
        this.set(d++, va, a.rmin[ia]! + b.rmin[ib]!, a.rmax[ia]! + b.rmax[ib]!, a.wmin[ia]! + b.wmin[ib]!);
        aPrevRmin = f32(a.rmin[ia]! + a.wmin[ia]!);
        bPrevRmin = f32(b.rmin[ib]! + b.wmin[ib]!);
        ia++;
        ib++;
      } else if (va < vb) {
        const bRmaxPrev = f32(b.rmax[ib]! - b.wmin[ib]!);
        this.set(d++, va, a.rmin[ia]! + bPrevRmin, a.rmax[ia]! + bRmaxPrev, a.wmin[ia]!);
        aPrevRmin = f32(a.rmin[ia]! + a.wmin[ia]!);
        ia++;
      } else {
        const aRmaxPrev = f32(a.rmax[ia]! - a.wmin[ia]!);
        this.set(d++, vb, b.rmin[ib]! + aPrevRmin, b.rmax[ib]! + aRmaxPrev, b.wmin[ib]!);
        bPrevRmin = f32(b.rmin[ib]! + b.wmin[ib]!);
        ib++;
      }
    }
    if (ia < a.size) {
      const bRmax = b.rmax[b.size - 1]!;
      for (; ia < a.size; ia++)
        this.set(d++, a.value[ia]!, a.rmin[ia]! + bPrevRmin, a.rmax[ia]! + bRmax, a.wmin[ia]!);
    }
    if (ib < b.size) {
      const aRmax = a.rmax[a.size - 1]!;
      for (; ib < b.size; ib++)
        this.set(d++, b.value[ib]!, b.rmin[ib]! + aPrevRmin, b.rmax[ib]! + aRmax, b.wmin[ib]!);
    }
    this.size = d;
    this.fixError();
  }

  /** WQSummary::FixError: make rmin and rmax non-decreasing and rmax ≥ rmin + wmin. */
  private fixError(): void {
    let prevRmin = 0;
    let prevRmax = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.rmin[i]! < prevRmin) this.rmin[i] = prevRmin;
      else prevRmin = this.rmin[i]!;
      if (this.rmax[i]! < prevRmax) this.rmax[i] = prevRmax;
      else prevRmax = this.rmax[i]!;
      const rminNext = f32(this.rmin[i]! + this.wmin[i]!);
      if (this.rmax[i]! < rminNext) this.rmax[i] = rminNext;
    }
  }

  private put(at: number, src: QuantileSummary, from: number): void {
    this.value[at] = src.value[from]!;
    this.rmin[at] = src.rmin[from]!;
    this.rmax[at] = src.rmax[from]!;
    this.wmin[at] = src.wmin[from]!;
  }

  // the typed arrays round each sum to float32 on store, as XGBoost's float arithmetic does
  private set(at: number, value: number, rmin: number, rmax: number, wmin: number): void {
    this.value[at] = value;
    this.rmin[at] = rmin;
    this.rmax[at] = rmax;
    this.wmin[at] = wmin;
  }
}

/**
 * Buffers a sketch queues values in, and the summaries it and the cut search work in (grown as
 * needed); shared by the sketches of every feature, one after another, so that binning a matrix
 * allocates per feature only its edges.
 */
export class SketchBuffers {
  readonly values: Float32Array;
  readonly weights: Float32Array | null;
  readonly sorter: Float32RadixSorter;
  readonly temp = new QuantileSummary(1);
  readonly scratch = new QuantileSummary(1);
  /** The summary a sketch returns, valid until the next sketch's. */
  readonly out = new QuantileSummary(1);
  /** For the prunes after the sketch (binning.ts). */
  readonly reduced = new QuantileSummary(1);
  readonly pruned = new QuantileSummary(1);

  /** capacity: at least the number of values of the longest column. */
  constructor(capacity: number, weighted: boolean) {
    this.values = new Float32Array(Math.max(1, capacity));
    this.weights = weighted ? new Float32Array(Math.max(1, capacity)) : null;
    this.sorter = new Float32RadixSorter(Math.max(1, capacity));
  }
}

/**
 * WQuantileSketch: values are queued (consecutive repeats merged) until the queue holds
 * 2 × limitSize entries; each full queue becomes an exact summary that is pushed up a binary tree
 * of levels, pruned to limitSize at every merge.
 */
export class QuantileSketch {
  readonly limitSize: number;
  private readonly capacity: number;
  /** Raw values of the current queue (and weights), sorted when the queue is summarised. */
  private queueRaw = 0;
  /** Entries the queue counts toward its capacity (runs of equal consecutive values count once). */
  private queueEntries = 0;
  private lastValue = Number.NaN;
  private readonly levels: QuantileSummary[] = [];

  /** maxN: the number of values that will be pushed; eps: the target rank error. */
  constructor(
    maxN: number,
    eps: number,
    private readonly buffers: SketchBuffers,
  ) {
    let nLevel = 1;
    let limit: number;
    for (;;) {
      limit = Math.ceil(nLevel / eps) + 1;
      if (2 ** nLevel * limit >= maxN) break;
      nLevel++;
    }
    this.limitSize = limit;
    this.capacity = 2 * limit;
  }

  push(x: number, weight: number): void {
    if (weight === 0) return;
    const repeat = this.queueRaw > 0 && x === this.lastValue;
    if (!repeat && this.queueEntries === this.capacity) {
      this.summariseQueue(this.buffers.temp);
      this.queueRaw = 0;
      this.queueEntries = 0;
      this.pushTemp();
    }
    if (!repeat) this.queueEntries++;
    this.buffers.values[this.queueRaw] = x;
    if (this.buffers.weights) this.buffers.weights[this.queueRaw] = weight;
    this.queueRaw++;
    this.lastValue = x;
  }

  /** WQuantileSketch::GetSummary (in buffers.out, until the next sketch's). */
  summary(): QuantileSummary {
    const out = this.buffers.out;
    this.summariseQueue(out);
    if (this.levels.length > 0) {
      const level0 = this.level(0);
      level0.setPrune(out, this.limitSize);
      for (let l = 1; l < this.levels.length; l++) {
        const lv = this.levels[l]!;
        if (lv.size === 0) continue;
        if (level0.size === 0) level0.copyFrom(lv);
        else {
          out.setCombine(level0, lv);
          level0.setPrune(out, this.limitSize);
        }
      }
      out.copyFrom(level0);
    } else if (out.size > this.limitSize) {
      this.buffers.scratch.setPrune(out, this.limitSize);
      out.copyFrom(this.buffers.scratch);
    }
    return out;
  }

  private pushTemp(): void {
    const temp = this.buffers.temp;
    for (let l = 1; ; l++) {
      const lv = this.level(l);
      const level0 = this.level(0);
      if (lv.size === 0) {
        lv.setPrune(temp, this.limitSize);
        return;
      }
      level0.setPrune(temp, this.limitSize);
      temp.setCombine(level0, lv);
      if (temp.size > this.limitSize) lv.size = 0;
      else {
        lv.copyFrom(temp);
        return;
      }
    }
  }

  private level(l: number): QuantileSummary {
    while (this.levels.length <= l) this.levels.push(new QuantileSummary(this.limitSize));
    return this.levels[l]!;
  }

  /** Queue::MakeSummary: sort, merge equal values (adding their weights), cumulative ranks. */
  private summariseQueue(out: QuantileSummary): void {
    const n = this.queueRaw;
    const { values, weights, sorter } = this.buffers;
    sorter.sort(values, n, weights);
    out.reserve(n);
    let size = 0;
    let wsum = 0;
    for (let i = 0; i < n; ) {
      const v = values[i]!;
      let w = weights ? weights[i]! : 1;
      let j = i + 1;
      for (; j < n && values[j] === v; j++) w = weights ? f32(w + weights[j]!) : w + 1;
      out.value[size] = v;
      out.rmin[size] = wsum;
      out.rmax[size] = wsum + w;
      out.wmin[size] = w;
      wsum = out.rmax[size]!;
      size++;
      i = j;
    }
    out.size = size;
  }
}
