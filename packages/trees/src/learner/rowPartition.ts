import type { BinnedMatrix } from "./binning.js";

/**
 * Splits a node's rows, rows[begin … end), into its left rows followed by its right rows, each in
 * their original order (stable, so later histogram passes read the binned matrix front to back),
 * and returns where the right rows start. `scratch` holds the right rows meanwhile.
 */
export function partitionRows(
  rows: Uint32Array,
  begin: number,
  end: number,
  binned: BinnedMatrix,
  feature: number,
  splitBin: number,
  defaultLeft: boolean,
  scratch: Uint32Array,
): number {
  const column = binned.slotsByColumn.subarray(feature * binned.rows, (feature + 1) * binned.rows);
  // slots of bins 0 … splitBin go left; the missing slot lies above every bin's
  const lastLeft = binned.slotOffsets[feature]! + splitBin;
  const missingSlot = binned.slotOffsets[feature]! + binned.binCounts[feature]!;
  const missingLeft = defaultLeft ? missingSlot : -1;
  let left = begin;
  let right = 0;
  for (let i = begin; i < end; i++) {
    const r = rows[i]!;
    const slot = column[r]!;
    // branch-free: write the row to both sides and advance the side it belongs to
    const goesLeft = slot <= lastLeft || slot === missingLeft ? 1 : 0;
    rows[left] = r;
    scratch[right] = r;
    left += goesLeft;
    right += 1 - goesLeft;
  }
  rows.set(scratch.subarray(0, right), left);
  return left;
}
