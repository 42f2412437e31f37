/** What purifying one pair table moved out of it. */
export interface PurifiedMass {
  /** Per row (first feature's coarse bin), the amount moved into that feature's main effect. */
  readonly rowMass: Float64Array;
  /** Per column (second feature's coarse bin), the amount moved into that feature's main effect. */
  readonly columnMass: Float64Array;
  /** The table's remaining weighted mean, moved into the intercept. */
  readonly mean: number;
}

const MAX_SWEEPS = 1000;

/**
 * Purifies a pair table in place (Lengerich, Tan, Chang, Hooker & Caruana, AISTATS 2020, "Purifying
 * interaction effects with the functional ANOVA"; InterpretML's `purify`): the weighted mean of each
 * row is subtracted from the row and handed to the first feature's main effect, then each column's
 * to the second's, sweeping until every row and column has weighted mean zero. The weights are the
 * training rows per cell, so afterwards the pair term carries only what neither feature explains
 * alone on the training data, and each main effect means what it says. The model's predictions do
 * not change: whatever leaves a row of the table is added back through the main effect for every
 * value in that row, empty cells included.
 *
 * A row or column no training row reaches (the missing bin of a feature that was never missing)
 * has no mean to move; it is set to 0 so that, like an empty main-effect bin, it adds nothing.
 */
export function purifyPair(
  table: Float64Array,
  weights: Float64Array,
  rows: number,
  columns: number,
): PurifiedMass {
  const rowMass = new Float64Array(rows);
  const columnMass = new Float64Array(columns);
  const rowWeight = new Float64Array(rows);
  const columnWeight = new Float64Array(columns);
  let total = 0;
  let largest = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const w = weights[r * columns + c]!;
      rowWeight[r]! += w;
      columnWeight[c]! += w;
      total += w;
      largest = Math.max(largest, Math.abs(table[r * columns + c]!));
    }
  }
  // Alternating projections converge geometrically; below this, rounding is all that moves.
  const tolerance = 1e-13 * Math.max(1, largest);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let moved = 0;
    for (let r = 0; r < rows; r++) {
      if (rowWeight[r] === 0) continue;
      let sum = 0;
      for (let c = 0; c < columns; c++) sum += weights[r * columns + c]! * table[r * columns + c]!;
      const mean = sum / rowWeight[r]!;
      for (let c = 0; c < columns; c++) table[r * columns + c]! -= mean;
      rowMass[r]! += mean;
      moved = Math.max(moved, Math.abs(mean));
    }
    for (let c = 0; c < columns; c++) {
      if (columnWeight[c] === 0) continue;
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += weights[r * columns + c]! * table[r * columns + c]!;
      const mean = sum / columnWeight[c]!;
      for (let r = 0; r < rows; r++) table[r * columns + c]! -= mean;
      columnMass[c]! += mean;
      moved = Math.max(moved, Math.abs(mean));
    }
    if (moved <= tolerance) break;
  }
  for (let r = 0; r < rows; r++) if (rowWeight[r] === 0) table.fill(0, r * columns, (r + 1) * columns);
  for (let c = 0; c < columns; c++) {
    if (columnWeight[c] === 0) for (let r = 0; r < rows; r++) table[r * columns + c] = 0;
  }
  let sum = 0;
  for (let cell = 0; cell < rows * columns; cell++) sum += weights[cell]! * table[cell]!;
  const mean = total > 0 ? sum / total : 0;
  if (mean !== 0) {
    for (let r = 0; r < rows; r++) {
      if (rowWeight[r] === 0) continue;
      for (let c = 0; c < columns; c++) if (columnWeight[c]! > 0) table[r * columns + c]! -= mean;
    }
  }
  return { rowMass, columnMass, mean };
}
