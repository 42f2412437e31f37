import { QuantileSketch, type QuantileSummary, SketchBuffers } from "./sketch.js";

/**
 * Quantile binning of the training features, once, before boosting (XGBoost's HistogramCuts and
 * GHistIndexMatrix for tree_method = "hist"). Feature f gets up to maxBin bins with float32 upper
 * edges: bin b holds the values x with edges[b − 1] ≤ x < edges[b], so "bin ≤ b" and
 * "x < edges[b]" are the same test and a split found on bins is a split on raw values. The last
 * edge lies above every training value (max + |max| + 1e-5, XGBoost's choice), and minValue lies
 * below every one (min − |min| − 1e-5), for the split that sends every non-missing value right.
 */
export interface FeatureBinning {
  readonly edges: readonly Float32Array[];
  readonly minValues: Float32Array;
}

/**
 * The training matrix binned, row-major, each value stored as its histogram slot: feature f's bins
 * are slots slotOffsets[f] … slotOffsets[f] + binCounts[f] − 1 and its missing values slot
 * slotOffsets[f] + binCounts[f]. Storing the slot rather than the bin (XGBoost keeps the bin and
 * adds the feature's offset) saves an indexed load and an add per value in the histogram loop,
 * the hot path of training; 16 bits hold it whenever the slots of all features number at most
 * 65,536 (256 features at 255 bins).
 */
export interface BinnedMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly slots: Uint16Array | Uint32Array;
  /**
   * The same slots column-major: partitioning a node reads one feature of its rows, which is a
   * forward scan here and a cache miss per row in the row-major copy.
   */
  readonly slotsByColumn: Uint16Array | Uint32Array;
  readonly binCounts: Int32Array;
  readonly slotOffsets: Int32Array;
  readonly totalSlots: number;
  /** 1 when the feature has a missing value in the training rows. */
  readonly hasMissing: Uint8Array;
}

const KFACTOR = 8; // WQSketch::kFactor
const F32_1E5 = Math.fround(1e-5);

/** Column-major copy of a row-major matrix, so that each feature is read front to back. */
export function toColumns(x: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const base = i * columns;
    for (let f = 0; f < columns; f++) out[f * rows + i] = x[base + f]!;
  }
  return out;
}

/** HistogramCuts for every feature, from a column-major float32 matrix (NaN = missing). */
export function computeFeatureBinning(
  columnsMajor: Float32Array,
  rows: number,
  columns: number,
  maxBin: number,
  weights: Float32Array | null,
): FeatureBinning {
  const edges: Float32Array[] = [];
  const minValues = new Float32Array(columns);
  const buffers = new SketchBuffers(rows, weights !== null);
  for (let f = 0; f < columns; f++) {
    const column = columnsMajor.subarray(f * rows, (f + 1) * rows);
    let present = 0;
    for (let i = 0; i < rows; i++) if (!Number.isNaN(column[i]!)) present++;
    const summary = present > 0 ? sketchColumn(column, present, maxBin, weights, buffers) : null;
    if (summary === null || summary.size === 0) {
      // XGBoost's empty column (or one whose rows all weigh 0): a bin no training value falls into
      minValues[f] = F32_1E5;
      edges.push(Float32Array.of(aboveMaximum(F32_1E5)));
      continue;
    }
    const result = cutsFromSummary(summary, present, maxBin, buffers);
    minValues[f] = result.minValue;
    edges.push(result.edges);
  }
  return { edges, minValues };
}

function sketchColumn(
  column: Float32Array,
  present: number,
  maxBin: number,
  weights: Float32Array | null,
  buffers: SketchBuffers,
): QuantileSummary {
  // SketchContainer: eps from the column's bin budget, values pushed in row order
  const nBins = Math.max(1, Math.min(maxBin, present));
  const sketch = new QuantileSketch(present, 1 / (nBins * KFACTOR), buffers);
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (!Number.isNaN(v)) sketch.push(v, weights ? weights[i]! : 1);
  }
  return sketch.summary();
}

/** SketchContainer::AllReduce's intermediate prune, then MakeCuts and AddCutPoint. */
function cutsFromSummary(
  summary: QuantileSummary,
  present: number,
  maxBin: number,
  buffers: SketchBuffers,
): { edges: Float32Array; minValue: number } {
  const intermediate = Math.min(present, maxBin * KFACTOR);
  const reduced = buffers.reduced;
  reduced.setPrune(summary, intermediate);
  const maxNumBins = Math.min(intermediate, maxBin);
  const a = buffers.pruned;
  a.setPrune(reduced, maxNumBins + 1);
  const lowest = a.value[0]!;
  const minValue = Math.fround(Math.fround(lowest - Math.abs(lowest)) - F32_1E5);
  const cuts: number[] = [];
  const required = Math.min(a.size, maxNumBins);
  for (let i = 1; i < required; i++) {
    const cut = a.value[i]!;
    if (i === 1 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  cuts.push(aboveMaximum(a.value[a.size - 1]!));
  return { edges: Float32Array.from(cuts), minValue };
}

function aboveMaximum(v: number): number {
  return Math.fround(v + Math.fround(Math.abs(v) + F32_1E5));
}

/**
 * Index of the bin holding v: the first edge above v (XGBoost's SearchBin, upper_bound), the last
 * bin for v at or above the last edge; v is not NaN. The search halves a span a fixed number of
 * times and moves by arithmetic rather than by branches, which mispredict half the time in a
 * binary search (binning a matrix takes two thirds of the time).
 */
export function binOf(edges: Float32Array, v: number): number {
  const n = edges.length;
  // the number of edges ≤ v lies in lo … lo + span
  let lo = 0;
  let span = n;
  while (span > 1) {
    const half = span >>> 1;
    lo += half & -Number(edges[lo + half - 1]! <= v);
    span -= half;
  }
  const bin = lo + Number(edges[lo]! <= v);
  return bin === n ? n - 1 : bin;
}

/**
 * The training rows (row-major float32, NaN = missing) as histogram slots. The histogram loops
 * index the matrix in int32 arithmetic, so it holds fewer than 2³¹ values (a float32 copy of a
 * larger one would take 8 GB anyway).
 */
export function binMatrix(
  x: Float32Array,
  rows: number,
  columns: number,
  binning: FeatureBinning,
): BinnedMatrix {
  if (rows * columns >= 2 ** 31)
    throw new RangeError(`${rows} rows × ${columns} columns is too large to bin (at most 2³¹ − 1 values)`);
  const binCounts = new Int32Array(columns);
  const hasMissing = new Uint8Array(columns);
  const slotOffsets = new Int32Array(columns + 1);
  for (let f = 0; f < columns; f++) {
    binCounts[f] = binning.edges[f]!.length;
    slotOffsets[f + 1] = slotOffsets[f]! + binCounts[f]! + 1;
  }
  const totalSlots = slotOffsets[columns]!;
  const slots = totalSlots <= 65536 ? new Uint16Array(rows * columns) : new Uint32Array(rows * columns);
  const edges = binning.edges;
  for (let k = 0, i = 0; i < rows; i++) {
    for (let f = 0; f < columns; f++, k++) {
      const v = x[k]!;
      if (!Number.isNaN(v)) slots[k] = slotOffsets[f]! + binOf(edges[f]!, v);
      else {
        slots[k] = slotOffsets[f]! + binCounts[f]!;
        hasMissing[f] = 1;
      }
    }
  }
  const slotsByColumn =
    totalSlots <= 65536 ? new Uint16Array(rows * columns) : new Uint32Array(rows * columns);
  for (let k = 0, i = 0; i < rows; i++)
    for (let f = 0; f < columns; f++, k++) slotsByColumn[f * rows + i] = slots[k]!;
  return { rows, columns, slots, slotsByColumn, binCounts, slotOffsets, totalSlots, hasMissing };
}
