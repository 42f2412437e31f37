import type { TreeObjective } from "../model/types.js";
import type { FeatureMatrix } from "./options.js";

/**
 * Input checks and conversion to float32 — XGBoost stores features, labels and weights as float32,
 * and the learner does too so that both see the same numbers. Errors name the row and column.
 */

/** Row-major float32 copy of a feature matrix; NaN = missing, −0 becomes 0. */
export function featuresToFloat32(m: FeatureMatrix, what: string, expectedColumns?: number): Float32Array {
  const { rows, columns, values } = m;
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`${what}.rows must be an integer ≥ 1; got ${rows}`);
  if (!Number.isInteger(columns) || columns < 1)
    throw new RangeError(`${what}.columns must be an integer ≥ 1; got ${columns}`);
  if (expectedColumns !== undefined && columns !== expectedColumns)
    throw new RangeError(`${what} has ${columns} columns but the training features have ${expectedColumns}`);
  if (values.length !== rows * columns)
    throw new RangeError(
      `${what}.values has ${values.length} entries; expected rows × columns = ${rows} × ${columns} = ${rows * columns}`,
    );
  const out = new Float32Array(rows * columns);
  for (let k = 0; k < out.length; k++) {
    const v = values[k]!;
    if (typeof v !== "number")
      throw new TypeError(`${what}: row ${Math.floor(k / columns)}, column ${k % columns} is not a number`);
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
      throw new RangeError(
        `${what}: row ${Math.floor(k / columns)}, column ${k % columns} is ${v}; use NaN for a missing value`,
      );
    out[k] = v + 0;
    if (out[k] === Number.POSITIVE_INFINITY || out[k] === Number.NEGATIVE_INFINITY)
      throw new RangeError(
        `${what}: row ${Math.floor(k / columns)}, column ${k % columns} is ${v}, beyond float32's range (±3.4e38)`,
      );
  }
  return out;
}

/** Labels as float32, checked against the objective's convention. */
export function labelsToFloat32(
  objective: TreeObjective,
  labels: ArrayLike<number>,
  rows: number,
  what: string,
): Float32Array {
  if (labels.length !== rows)
    throw new RangeError(`${what} has ${labels.length} values but there are ${rows} rows`);
  const out = new Float32Array(rows);
  let events = 0;
  for (let i = 0; i < rows; i++) {
    const y = labels[i]!;
    if (typeof y !== "number" || !Number.isFinite(y))
      throw new RangeError(`${what}[${i}] is ${String(y)}; labels must be finite numbers`);
    if (objective === "binary:logistic" && !(y >= 0 && y <= 1))
      throw new RangeError(`${what}[${i}] is ${y}; binary:logistic needs labels in [0, 1]`);
    out[i] = y;
    if (!Number.isFinite(out[i]!))
      throw new RangeError(`${what}[${i}] is ${y}, beyond float32's range (±3.4e38)`);
    if (objective === "survival:cox") {
      if (out[i] === 0)
        throw new RangeError(
          `${what}[${i}] is ${y}; survival:cox labels are the event time, or minus the censoring time, and a time must be > 0 (as a float32)`,
        );
      if (y > 0) events++;
    }
  }
  if (objective === "survival:cox" && events === 0)
    throw new RangeError(
      `${what}: no events (every label is negative, i.e. censored); Cox needs at least one event`,
    );
  return out;
}

/** Case weights as float32, or null when none are given. */
export function weightsToFloat32(
  weights: ArrayLike<number> | undefined,
  rows: number,
  what: string,
): Float32Array | null {
  if (weights === undefined) return null;
  if (weights.length !== rows)
    throw new RangeError(`${what} has ${weights.length} values but there are ${rows} rows`);
  const out = new Float32Array(rows);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w))
      throw new RangeError(`${what}[${i}] is ${w}; weights must be finite and ≥ 0`);
    out[i] = w;
    total += out[i]!;
  }
  if (!(total > 0)) throw new RangeError(`${what}: every weight is 0`);
  return out;
}
