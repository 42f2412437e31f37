import type { BinnedMatrix } from "./binning.js";

/** A tree as the learner grows it, with splits on bin codes (code ≤ splitBin goes left). */
export interface BinnedTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly splitBin: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly leafValue: Float64Array;
}

/**
 * The leaf a training row reaches, walking the bin codes: during boosting this updates the margins
 * of rows that were not drawn for the tree (every drawn row's leaf is known from the partition).
 */
export function leafOfBinnedRow(tree: BinnedTree, binned: BinnedMatrix, row: number): number {
  const { slots, columns, slotOffsets, binCounts } = binned;
  const base = row * columns;
  let node = 0;
  while (tree.left[node]! !== -1) {
    const f = tree.feature[node]!;
    const bin = slots[base + f]! - slotOffsets[f]!;
    const goesLeft = bin === binCounts[f]! ? tree.defaultLeft[node] === 1 : bin <= tree.splitBin[node]!;
    node = goesLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}
