/**
 * The rows a learner sees: the shape of a landmark feature table (docs/lab.md "What a table
 * carries") reduced to what learning needs, so that @carta/ml stays below the clinical layer. A
 * FeatureTable's `columns` and `rows.map((r) => r.values)` fit it as they are.
 */

export type FeatureType = "numeric" | "binary" | "categorical";

export interface FeatureColumnSpec {
  readonly name: string;
  readonly type: FeatureType;
  /** Codes of a categorical column in dictionary order; the first seen in training is the reference. */
  readonly levels?: readonly string[] | null;
}

/** A number for numeric features, 0/1 for binary ones, the code for categorical ones; null = missing. */
export type FeatureCell = number | string | null;

export interface LearningTable {
  readonly columns: readonly FeatureColumnSpec[];
  /** One array per patient, one cell per column in column order. */
  readonly rows: readonly (readonly FeatureCell[])[];
}

/** Rows 0 … n − 1 of a table. */
export function everyRow(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** The 0/1 outcome of the given rows, refusing anything else with the row named. */
export function binaryOutcomeOf(caller: string, outcome: ArrayLike<number>, rows: Uint32Array): Float64Array {
  const y = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = outcome[rows[i]!];
    if (v !== 0 && v !== 1) {
      throw new RangeError(`${caller}: outcome of row ${rows[i]} is ${String(v)}; expected 0 or 1`);
    }
    y[i] = v;
  }
  return y;
}

/** Checks that `rows` index the table and the outcome, and counts its events. */
export function checkRows(
  caller: string,
  table: LearningTable,
  outcome: ArrayLike<number>,
  rows: Uint32Array,
): { events: number; nonEvents: number } {
  if (outcome.length !== table.rows.length) {
    throw new RangeError(
      `${caller}: outcome has ${outcome.length} values but the table has ${table.rows.length} rows`,
    );
  }
  for (const row of rows) {
    if (row >= table.rows.length) throw new RangeError(`${caller}: row ${row} is outside the table`);
  }
  const y = binaryOutcomeOf(caller, outcome, rows);
  let events = 0;
  for (const v of y) events += v;
  return { events, nonEvents: rows.length - events };
}
