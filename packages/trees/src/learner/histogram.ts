import type { BinnedMatrix } from "./binning.js";

/**
 * Gradient histograms: for each feature and bin (plus one slot for missing values), the sums of
 * the gradients and hessians of a node's rows, interleaved (gradient at 2k, hessian at 2k + 1) so
 * that one row's update touches one cache line per feature. Sums are float64, as XGBoost's
 * GradientPairPrecise.
 *
 * Only one child of each split is built from its rows — the one with the smaller hessian sum — and
 * the other is the parent minus it (the subtraction trick of LightGBM, Ke et al., NeurIPS 2017, also
 * used by XGBoost's hist), which roughly halves the work per level.
 *
 * The functions work on a block of the features, features[from … to): HistogramSearch builds,
 * subtracts and scans a node's histogram one block at a time, so that the block's slots (a few hundred KB)
 * stay in the core's cache from the build to the split search, where a whole histogram (200
 * features × 257 slots × 16 bytes ≈ 800 KB) would not.
 *
 * A node with few rows fills few slots: its histogram is then built "tracked", marking in a bitmap
 * every slot a row falls into, and subtracting and scanning visit only marked slots. Every other
 * slot holds exactly zero, so skipping it changes no sum and no split. The marks of a
 * histogram cover every slot its rows can have filled, and so every row subset's: they remain valid
 * when the buffer becomes a child's histogram by subtraction.
 */
export class Histogram {
  readonly sums: Float64Array;
  /** Bit s % 32 of word s >> 5 is set when slot s may be non-zero (only while `tracked`). */
  readonly occupied: Uint32Array;
  /** Whether `occupied` covers every non-zero slot; otherwise any slot may be non-zero. */
  tracked = false;

  constructor(totalSlots: number) {
    this.sums = new Float64Array(2 * totalSlots);
    this.occupied = new Uint32Array((totalSlots + 31) >>> 5);
  }
}

/** Recycles histograms across nodes and trees, so that growing a tree allocates nothing. */
export class HistogramPool {
  private readonly free: Histogram[] = [];

  constructor(private readonly totalSlots: number) {}

  acquire(): Histogram {
    return this.free.pop() ?? new Histogram(this.totalSlots);
  }

  release(hist: Histogram): void {
    this.free.push(hist);
  }
}

/**
 * Adds the rows rows[begin … end) to the (zeroed) slots of features[from … to), marking the slots
 * when `track` (only with every feature). Rows go in order, so each slot receives its rows in the
 * same order whatever the blocking. Within a row the block's features are updated one after
 * another: consecutive updates then touch different features' slots, which the CPU can overlap
 * (updating one feature for row after row instead makes each update wait whenever two rows share a
 * bin); the loop is unrolled by four for the same reason.
 */
export function buildHistogramBlock(
  hist: Histogram,
  binned: BinnedMatrix,
  features: Int32Array,
  from: number,
  to: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float32Array,
  hess: Float32Array,
  track: boolean,
): void {
  const { slots, columns } = binned;
  if (track) addRowsMarking(hist.sums, hist.occupied, slots, columns, from, to, rows, begin, end, grad, hess);
  else if (features.length === columns)
    addRowsToColumns(hist.sums, slots, columns, from, to, rows, begin, end, grad, hess);
  else addRowsToFeatures(hist.sums, slots, columns, features, from, to, rows, begin, end, grad, hess);
}

// In the loops below, `| 0` keeps index sums int32 without overflow checks (binMatrix keeps
// rows × columns below 2³¹) and `k | 1` is k + 1 for the even k of a gradient slot.

/**
 * Every feature: features[j] = j, so the block is the contiguous columns from … to − 1. Two rows
 * at a time, so that the CPU has eight independent slot updates per step to overlap (about a tenth
 * faster than one row); the second row's updates come after the first's, as a row at a time would
 * order them. An odd last row is paired with itself at zero gradient and hessian: adding +0 leaves
 * every sum as it is (a sum from +0 is never −0), and a separate loop for that one row, rarely run,
 * made V8 deoptimise the function over and over.
 */
function addRowsToColumns(
  sums: Float64Array,
  slots: Uint16Array | Uint32Array,
  columns: number,
  from: number,
  to: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float32Array,
  hess: Float32Array,
): void {
  const width = to - from;
  const unrolled = width - (width % 4);
  for (let i = begin; i < end; i += 2) {
    const r = rows[i]!;
    const paired = i + 1 < end;
    const q = paired ? rows[i + 1]! : r;
    const gr = grad[r]!;
    const hr = hess[r]!;
    const gq = paired ? grad[q]! : 0;
    const hq = paired ? hess[q]! : 0;
    const baseR = (r * columns + from) | 0;
    const baseQ = (q * columns + from) | 0;
    let j = 0;
    for (; j < unrolled; j += 4) {
      const s = (baseR + j) | 0;
      const k0 = slots[s]! << 1;
      const k1 = slots[(s + 1) | 0]! << 1;
      const k2 = slots[(s + 2) | 0]! << 1;
      const k3 = slots[(s + 3) | 0]! << 1;
      sums[k0]! += gr;
      sums[k0 | 1]! += hr;
      sums[k1]! += gr;
      sums[k1 | 1]! += hr;
      sums[k2]! += gr;
      sums[k2 | 1]! += hr;
      sums[k3]! += gr;
      sums[k3 | 1]! += hr;
      const t = (baseQ + j) | 0;
      const m0 = slots[t]! << 1;
      const m1 = slots[(t + 1) | 0]! << 1;
      const m2 = slots[(t + 2) | 0]! << 1;
      const m3 = slots[(t + 3) | 0]! << 1;
      sums[m0]! += gq;
      sums[m0 | 1]! += hq;
      sums[m1]! += gq;
      sums[m1 | 1]! += hq;
      sums[m2]! += gq;
      sums[m2 | 1]! += hq;
      sums[m3]! += gq;
      sums[m3 | 1]! += hq;
    }
    for (let jr = j; jr < width; jr++) {
      const k = slots[(baseR + jr) | 0]! << 1;
      sums[k]! += gr;
      sums[k | 1]! += hr;
    }
    for (let jq = j; jq < width; jq++) {
      const k = slots[(baseQ + jq) | 0]! << 1;
      sums[k]! += gq;
      sums[k | 1]! += hq;
    }
  }
}

/** addRowsToColumns, also marking each slot it adds to. */
function addRowsMarking(
  sums: Float64Array,
  occupied: Uint32Array,
  slots: Uint16Array | Uint32Array,
  columns: number,
  from: number,
  to: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float32Array,
  hess: Float32Array,
): void {
  const width = to - from;
  const unrolled = width - (width % 4);
  for (let i = begin; i < end; i++) {
    const r = rows[i]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = (r * columns + from) | 0;
    let j = 0;
    for (; j < unrolled; j += 4) {
      const s = (base + j) | 0;
      const s0 = slots[s]!;
      const s1 = slots[(s + 1) | 0]!;
      const s2 = slots[(s + 2) | 0]!;
      const s3 = slots[(s + 3) | 0]!;
      const k0 = s0 << 1;
      const k1 = s1 << 1;
      const k2 = s2 << 1;
      const k3 = s3 << 1;
      sums[k0]! += g;
      sums[k0 | 1]! += h;
      sums[k1]! += g;
      sums[k1 | 1]! += h;
      sums[k2]! += g;
      sums[k2 | 1]! += h;
      sums[k3]! += g;
      sums[k3 | 1]! += h;
      occupied[s0 >>> 5]! |= 1 << (s0 & 31);
      occupied[s1 >>> 5]! |= 1 << (s1 & 31);
      occupied[s2 >>> 5]! |= 1 << (s2 & 31);
      occupied[s3 >>> 5]! |= 1 << (s3 & 31);
    }
    for (; j < width; j++) {
      const slot = slots[(base + j) | 0]!;
      const k = slot << 1;
      sums[k]! += g;
      sums[k | 1]! += h;
      occupied[slot >>> 5]! |= 1 << (slot & 31);
    }
  }
}

/** A sample of the features (colsample_bytree < 1): features[from … to) indexes the columns. */
function addRowsToFeatures(
  sums: Float64Array,
  slots: Uint16Array | Uint32Array,
  columns: number,
  features: Int32Array,
  from: number,
  to: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float32Array,
  hess: Float32Array,
): void {
  const last = to - ((to - from) % 4);
  for (let i = begin; i < end; i++) {
    const r = rows[i]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = (r * columns) | 0;
    let j = from;
    for (; j < last; j += 4) {
      const k0 = slots[(base + features[j]!) | 0]! << 1;
      const k1 = slots[(base + features[j + 1]!) | 0]! << 1;
      const k2 = slots[(base + features[j + 2]!) | 0]! << 1;
      const k3 = slots[(base + features[j + 3]!) | 0]! << 1;
      sums[k0]! += g;
      sums[k0 | 1]! += h;
      sums[k1]! += g;
      sums[k1 | 1]! += h;
      sums[k2]! += g;
      sums[k2 | 1]! += h;
      sums[k3]! += g;
      sums[k3 | 1]! += h;
    }
    for (; j < to; j++) {
      const k = slots[(base + features[j]!) | 0]! << 1;
      sums[k]! += g;
      sums[k | 1]! += h;
    }
  }
}

/** Sets the slots of features[from … to) to zero. */
export function clearHistogramBlock(
  hist: Histogram,
  binned: BinnedMatrix,
  features: Int32Array,
  from: number,
  to: number,
): void {
  const { slotOffsets } = binned;
  if (features.length === binned.columns) {
    hist.sums.fill(0, slotOffsets[from]! << 1, slotOffsets[to]! << 1);
    return;
  }
  for (let j = from; j < to; j++) {
    const f = features[j]!;
    hist.sums.fill(0, slotOffsets[f]! << 1, slotOffsets[f + 1]! << 1);
  }
}

/**
 * parent −= child over the slots of features[from … to): the parent's buffer becomes the sibling's
 * histogram. With a tracked child only its marked slots are subtracted (elsewhere it is zero, and
 * x − 0 = x exactly).
 */
export function subtractHistogramBlock(
  parent: Histogram,
  child: Histogram,
  binned: BinnedMatrix,
  features: Int32Array,
  from: number,
  to: number,
): void {
  const { slotOffsets } = binned;
  const p = parent.sums;
  const c = child.sums;
  if (features.length === binned.columns) {
    const first = slotOffsets[from]!;
    const end = slotOffsets[to]!;
    if (child.tracked) subtractMarked(p, c, child.occupied, first, end);
    else for (let k = first << 1; k < end << 1; k++) p[k]! -= c[k]!;
    return;
  }
  for (let j = from; j < to; j++) {
    const f = features[j]!;
    const end = slotOffsets[f + 1]! << 1;
    for (let k = slotOffsets[f]! << 1; k < end; k++) p[k]! -= c[k]!;
  }
}

/** parent −= child over the marked slots among first … end − 1. */
function subtractMarked(
  p: Float64Array,
  c: Float64Array,
  occupied: Uint32Array,
  first: number,
  end: number,
): void {
  const lastWord = (end - 1) >>> 5;
  for (let w = first >>> 5; w <= lastWord; w++) {
    let word = occupied[w]! & wordMask(w, first, end);
    while (word !== 0) {
      // the lowest set bit; `(word - 1) | 0` wraps like the int32 it is (no overflow to a double)
      const rest = word & ((word - 1) | 0);
      const k = ((w << 5) | (31 - Math.clz32(word ^ rest))) << 1;
      p[k]! -= c[k]!;
      p[k | 1]! -= c[k | 1]!;
      word = rest;
    }
  }
}

/** The bits of word w that stand for slots first … end − 1. */
export function wordMask(w: number, first: number, end: number): number {
  let mask = -1;
  if (w === first >>> 5) mask &= -1 << (first & 31);
  if (w === (end - 1) >>> 5 && (end & 31) !== 0) mask &= ~(-1 << (end & 31));
  return mask;
}
