import type { FeatureCell, FeatureColumnSpec } from "@carta/ml";

/**
 * Gower's distance (Gower, "A general coefficient of similarity and some of its properties",
 * Biometrics 27:857–871, 1971) between one patient and reference patients over the model's
 * features: a numeric feature contributes |x − y| / its range over the reference rows, a binary or
 * categorical one 0 when equal and 1 when not; a feature missing in either patient (or numeric with
 * zero range) is skipped, and the distance is the mean over the features compared, in [0, 1].
 */

export interface GowerNeighbour {
  /** Index into the reference rows. */
  row: number;
  distance: number;
  /** How many features both patients have. */
  compared: number;
}

function numericRanges(columns: readonly FeatureColumnSpec[], rows: readonly (readonly FeatureCell[])[]) {
  return columns.map((c, j) => {
    if (c.type !== "numeric") return 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      const v = r[j];
      if (typeof v === "number") {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    return hi > lo ? hi - lo : 0;
  });
}

/**
 * The `k` reference rows nearest to `patient` (ties broken by row order), leaving out `skip` rows
 * (e.g. the patient's own training row) and rows sharing no feature with the patient.
 */
export function gowerNeighbours(
  columns: readonly FeatureColumnSpec[],
  patient: readonly FeatureCell[],
  reference: readonly (readonly FeatureCell[])[],
  k: number,
  skip: ReadonlySet<number> = new Set(),
): GowerNeighbour[] {
  const ranges = numericRanges(columns, reference);
  const found: GowerNeighbour[] = [];
  reference.forEach((r, i) => {
    if (skip.has(i)) return;
    let sum = 0;
    let compared = 0;
    columns.forEach((c, j) => {
      const a = patient[j];
      const b = r[j];
      if (a === null || a === undefined || b === null || b === undefined) return;
      if (c.type === "numeric") {
        if (ranges[j] === 0) return;
        sum += Math.abs((a as number) - (b as number)) / ranges[j]!;
      } else {
        sum += a === b ? 0 : 1;
      }
      compared++;
    });
    if (compared > 0) found.push({ row: i, distance: sum / compared, compared });
  });
  found.sort((x, y) => x.distance - y.distance || x.row - y.row);
  return found.slice(0, k);
}
