import type { BinnedMatrix } from "./binning.js";

/**
 * Gradient histograms: for each feature and bin (plus one slot for missing values), the sums of
 * the gradients and hessians of a node's rows, interleaved (gradient at 2k, hessian at 2k + 1) so
 * that one row's update touches one cache line per feature. Sums are float64, as XGBoost's
 * GradientPairPrecise.
 *
 * Only one child of each split is built from its rows — the one with fewer rows — and the other is
 * the parent minus it (the subtraction trick of LightGBM, Ke et al., NeurIPS 2017, also used by
 * XGBoost's hist), which roughly halves the work per level.
 */

/**
 * Adds the rows rows[begin … end) to a zeroed histogram, over the given features (all of them when
 * `features` has every column, which takes the unindexed loop). The feature loop is unrolled by
 * four, which lets the CPU overlap the independent slot updates (about a third faster in V8); the
 * order in which each slot receives its rows is unchanged.
 */
export function buildHistogram(
  hist: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float32Array,
  hess: Float32Array,
): void {
  const { slots, columns } = binned;
  if (features.length === columns) {
    const unrolled = columns - (columns % 4);
    for (let i = begin; i < end; i++) {
      const r = rows[i]!;
      const g = grad[r]!;
      const h = hess[r]!;
      const base = r * columns;
      let f = 0;
      for (; f < unrolled; f += 4) {
        const k0 = slots[base + f]! << 1;
        const k1 = slots[base + f + 1]! << 1;
        const k2 = slots[base + f + 2]! << 1;
        const k3 = slots[base + f + 3]! << 1;
        hist[k0]! += g;
        hist[k0 + 1]! += h;
        hist[k1]! += g;
        hist[k1 + 1]! += h;
        hist[k2]! += g;
        hist[k2 + 1]! += h;
        hist[k3]! += g;
        hist[k3 + 1]! += h;
      }
      for (; f < columns; f++) {
        const k = slots[base + f]! << 1;
        hist[k]! += g;
        hist[k + 1]! += h;
      }
    }
    return;
  }
  const nf = features.length;
  const unrolled = nf - (nf % 4);
  for (let i = begin; i < end; i++) {
    const r = rows[i]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * columns;
    let j = 0;
    for (; j < unrolled; j += 4) {
      const k0 = slots[base + features[j]!]! << 1;
      const k1 = slots[base + features[j + 1]!]! << 1;
      const k2 = slots[base + features[j + 2]!]! << 1;
      const k3 = slots[base + features[j + 3]!]! << 1;
      hist[k0]! += g;
      hist[k0 + 1]! += h;
      hist[k1]! += g;
      hist[k1 + 1]! += h;
      hist[k2]! += g;
      hist[k2 + 1]! += h;
      hist[k3]! += g;
      hist[k3 + 1]! += h;
    }
    for (; j < nf; j++) {
      const k = slots[base + features[j]!]! << 1;
      hist[k]! += g;
      hist[k + 1]! += h;
    }
  }
}

/** Sets the given features' slots of `hist` to zero. */
export function clearHistogram(hist: Float64Array, binned: BinnedMatrix, features: Int32Array): void {
  if (features.length === binned.columns) {
    hist.fill(0);
    return;
  }
  const { slotOffsets } = binned;
  for (let j = 0; j < features.length; j++) {
    const f = features[j]!;
    hist.fill(0, slotOffsets[f]! << 1, slotOffsets[f + 1]! << 1);
  }
}

/** parent −= child over the given features: the parent's buffer becomes the sibling's histogram. */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
): void {
  if (features.length === binned.columns) {
    for (let k = 0; k < parent.length; k++) parent[k]! -= child[k]!;
    return;
  }
  const { slotOffsets } = binned;
  for (let j = 0; j < features.length; j++) {
    const f = features[j]!;
    const end = slotOffsets[f + 1]! << 1;
    for (let k = slotOffsets[f]! << 1; k < end; k++) parent[k]! -= child[k]!;
  }
}

/** Recycles histogram buffers across nodes and trees, so that growing a tree allocates nothing. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  private readonly length: number;

  constructor(totalSlots: number) {
    this.length = 2 * totalSlots;
  }

  acquire(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.length);
  }

  release(hist: Float64Array): void {
    this.free.push(hist);
  }
}
