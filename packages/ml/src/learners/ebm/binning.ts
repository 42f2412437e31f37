import type { FeatureCell, FeatureColumnSpec, LearningTable } from "../../data.js";

/**
 * How one feature's values fall into bins. Bin 0 is always the missing bin; the value bins are
 * 1 … valueBinCount. A numeric binning keeps its edges — the smallest training value, the cuts, the
 * largest training value — so value bin k covers [edges[k − 1], edges[k]) (the last one closed);
 * values outside the training range fall into the end bins. A binary or categorical binning has one
 * bin per level the training rows had, in the column's level order.
 *
 * A categorical level (or binary value) the training rows never had is routed to the missing bin,
 * the convention of the design matrix (design.ts): no effect was learned for it, so it is treated
 * as not known.
 */
export type EbmBinning =
  | { readonly type: "numeric"; readonly edges: Float64Array }
  | { readonly type: "binary" | "categorical"; readonly levels: readonly string[] };

export const MISSING_BIN = 0;

export function valueBinCount(binning: EbmBinning): number {
  return binning.type === "numeric" ? Math.max(0, binning.edges.length - 1) : binning.levels.length;
}

/** Bins of one binning including the missing bin. */
export function binCount(binning: EbmBinning): number {
  return 1 + valueBinCount(binning);
}

/**
 * Bins one column for the given table rows into `out` (one entry per row, in `rows` order),
 * refusing cells of the wrong kind with the column named.
 */
export function binColumn(
  binning: EbmBinning,
  table: LearningTable,
  feature: number,
  rows: Uint32Array,
  out: Uint16Array | Uint8Array,
): void {
  const column = table.columns[feature]!;
  const lookup = levelLookup(binning);
  for (let i = 0; i < rows.length; i++) {
    out[i] = binOfCell(binning, lookup, table.rows[rows[i]!]![feature] ?? null, column.name);
  }
}

/** The bin of one cell (lookup from levelLookup, or null for a numeric binning). */
export function binOfCell(
  binning: EbmBinning,
  lookup: ReadonlyMap<string, number> | null,
  cell: FeatureCell,
  columnName: string,
): number {
  if (cell === null) return MISSING_BIN;
  if (binning.type === "numeric") {
    if (typeof cell !== "number") throw wrongKind(columnName, "numeric", cell);
    return Number.isFinite(cell) ? numericBin(binning.edges, cell) : MISSING_BIN;
  }
  if (binning.type === "binary") {
    if (typeof cell !== "number") throw wrongKind(columnName, "binary", cell);
    if (!Number.isFinite(cell)) return MISSING_BIN;
    if (cell !== 0 && cell !== 1) throw wrongKind(columnName, "binary (0 or 1)", cell);
  }
  return lookup!.get(String(cell)) ?? MISSING_BIN;
}

/** Level → bin for a binary or categorical binning; null for a numeric one. */
export function levelLookup(binning: EbmBinning): Map<string, number> | null {
  if (binning.type === "numeric") return null;
  return new Map(binning.levels.map((level, k) => [level, k + 1]));
}

function numericBin(edges: Float64Array, value: number): number {
  const k = edges.length - 1;
  if (k < 1) return MISSING_BIN;
  // The first interior edge above the value; interior edges are edges[1 … k − 1].
  let lo = 1;
  let hi = k;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function wrongKind(columnName: string, expected: string, cell: FeatureCell): RangeError {
  return new RangeError(`column ${columnName} is ${expected} but has the value ${JSON.stringify(cell)}`);
}

/**
 * A feature's main-effect binning, learned on the training rows (repeats counted). A numeric
 * feature with at most maxBins distinct values gets one bin per value; otherwise its bins hold
 * roughly equal numbers of rows (InterpretML's "quantile" binning), a heavily tied value never
 * split across bins. Cuts sit midway between neighbouring training values.
 */
export function learnBinning(
  table: LearningTable,
  feature: number,
  rows: Uint32Array,
  maxBins: number,
): EbmBinning {
  const column = table.columns[feature]!;
  if (column.type === "numeric")
    return { type: "numeric", edges: numericEdges(table, feature, rows, maxBins) };
  return { type: column.type, levels: trainingLevels(table, column, feature, rows) };
}

function numericEdges(
  table: LearningTable,
  feature: number,
  rows: Uint32Array,
  maxBins: number,
): Float64Array {
  const name = table.columns[feature]!.name;
  const observed = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const cell = table.rows[rows[i]!]![feature] ?? null;
    if (cell === null) continue;
    if (typeof cell !== "number") throw wrongKind(name, "numeric", cell);
    if (Number.isFinite(cell)) observed[n++] = cell;
  }
  if (n === 0) return new Float64Array(0);
  const sorted = observed.subarray(0, n).sort();
  const distinct = new Float64Array(n);
  const counts = new Float64Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (d > 0 && sorted[i] === distinct[d - 1]) counts[d - 1]!++;
    else {
      distinct[d] = sorted[i]!;
      counts[d++] = 1;
    }
  }
  const starts = quantileGroupStarts(counts.subarray(0, d), maxBins);
  const edges = new Float64Array(starts.length + 2);
  edges[0] = distinct[0]!;
  for (let g = 0; g < starts.length; g++) {
    const below = distinct[starts[g]! - 1]!;
    const above = distinct[starts[g]!]!;
    const mid = below + (above - below) / 2;
    edges[g + 1] = mid > below ? mid : above;
  }
  edges[edges.length - 1] = distinct[d - 1]!;
  return edges;
}

function trainingLevels(
  table: LearningTable,
  column: FeatureColumnSpec,
  feature: number,
  rows: Uint32Array,
): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    const cell = table.rows[row]![feature] ?? null;
    if (cell === null) continue;
    if (column.type === "binary") {
      if (typeof cell !== "number") throw wrongKind(column.name, "binary", cell);
      if (!Number.isFinite(cell)) continue;
      if (cell !== 0 && cell !== 1) throw wrongKind(column.name, "binary (0 or 1)", cell);
    }
    seen.add(String(cell));
  }
  if (column.type === "binary") return ["0", "1"].filter((level) => seen.has(level));
  const declared = column.levels ?? [];
  for (const level of seen) {
    if (declared.length > 0 && !declared.includes(level)) {
      throw new RangeError(
        `column ${column.name}: level ${level} is not one of its declared levels (${declared.join(", ")})`,
      );
    }
  }
  return declared.length > 0 ? declared.filter((level) => seen.has(level)) : [...seen].sort();
}

/**
 * Where groups of consecutive items start (item indices > 0) when items with these counts are cut
 * into at most maxGroups groups of roughly equal total count. A cut is placed once the running
 * count passes the next multiple of total / maxGroups, and the next threshold is the first one
 * above the running count, so a heavy item cannot leave a trail of near-empty groups.
 */
export function quantileGroupStarts(counts: ArrayLike<number>, maxGroups: number): number[] {
  const k = counts.length;
  if (k <= maxGroups) return Array.from({ length: Math.max(0, k - 1) }, (_, i) => i + 1);
  let total = 0;
  for (let i = 0; i < k; i++) total += counts[i]!;
  const starts: number[] = [];
  let running = 0;
  let next = 1;
  for (let i = 0; i < k - 1; i++) {
    running += counts[i]!;
    if (running >= (next * total) / maxGroups) {
      starts.push(i + 1);
      next = Math.floor((running * maxGroups) / total) + 1;
    }
  }
  return starts;
}

/**
 * The coarser binning of a feature inside pair terms, with the map from its main-effect bins to
 * the coarse bins. Numeric coarse bins are unions of neighbouring main bins of roughly equal row
 * counts, so a pair's row and column means can be moved into the main effect exactly (purification).
 * A binary or categorical feature keeps its levels; one with more than maxPairBins levels is left
 * out of the pairs (null), since a table that wide would be too thin to learn from.
 */
export function coarsenBinning(
  binning: EbmBinning,
  fineCounts: Float64Array,
  maxPairBins: number,
): { binning: EbmBinning; fineToCoarse: Uint16Array } | null {
  const fine = valueBinCount(binning);
  const fineToCoarse = new Uint16Array(fine + 1);
  if (binning.type !== "numeric") {
    if (fine > maxPairBins) return null;
    for (let b = 1; b <= fine; b++) fineToCoarse[b] = b;
    return { binning, fineToCoarse };
  }
  const starts = quantileGroupStarts(fineCounts.subarray(1), maxPairBins);
  const edges = new Float64Array(starts.length + 2);
  edges[0] = binning.edges[0]!;
  starts.forEach((start, g) => {
    edges[g + 1] = binning.edges[start]!;
  });
  edges[edges.length - 1] = binning.edges[fine]!;
  let group = 1;
  for (let b = 1; b <= fine; b++) {
    if (group <= starts.length && b - 1 === starts[group - 1]) group++;
    fineToCoarse[b] = group;
  }
  return { binning: fine === 0 ? binning : { type: "numeric", edges }, fineToCoarse };
}
