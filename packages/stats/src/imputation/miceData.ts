import type { ImputationColumn, ImputationValue, PredictorTerm } from "./miceTypes.js";

/** Checks the column specifications; returns a copy with levels filled in for binary columns. */
export function checkColumns(caller: string, columns: readonly ImputationColumn[]): ImputationColumn[] {
  if (columns.length === 0) throw new RangeError(`${caller}: columns is empty; expected at least one column`);
  const seen = new Set<string>();
  return columns.map((column, j) => {
    const name = column.name;
    if (typeof name !== "string" || name === "") throw new RangeError(`${caller}: column ${j} has no name`);
    if (seen.has(name)) throw new RangeError(`${caller}: column name "${name}" appears twice`);
    seen.add(name);
    const type = column.type as string;
    if (type === "numeric") return { name, type: "numeric" };
    if (type === "binary") {
      if (column.levels !== undefined && column.levels.length !== 2) {
        throw new RangeError(
          `${caller}: binary column "${name}" has ${column.levels.length} levels; expected exactly 2`,
        );
      }
      return { name, type: "binary", levels: [...(column.levels ?? ["0", "1"])] };
    }
    if (type === "categorical") {
      const levels = column.levels;
      if (!levels || levels.length < 2) {
        throw new RangeError(`${caller}: categorical column "${name}" needs at least 2 levels`);
      }
      if (new Set(levels).size !== levels.length)
        throw new RangeError(`${caller}: categorical column "${name}" has repeated levels`);
      return { name, type: "categorical", levels: [...levels] };
    }
    throw new RangeError(
      `${caller}: column "${name}" has unknown type "${type}"; expected "numeric", "binary" or "categorical"`,
    );
  });
}

/** Row-wise input to one Float64Array per column, NaN for missing, categories as 0-based codes. */
export function toColumnArrays(
  caller: string,
  columns: readonly ImputationColumn[],
  rows: readonly (readonly ImputationValue[])[],
): Float64Array[] {
  const p = columns.length;
  const n = rows.length;
  const data = columns.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== p) throw new RangeError(`${caller}: row ${i} has ${row.length} values; expected ${p}`);
    for (let j = 0; j < p; j++) data[j]![i] = encodeValue(caller, columns[j]!, row[j]!, i);
  }
  return data;
}

function encodeValue(caller: string, column: ImputationColumn, value: ImputationValue, row: number): number {
  if (value === null || (typeof value === "number" && Number.isNaN(value))) return Number.NaN;
  const where = `${caller}: column "${column.name}", row ${row}`;
  if (typeof value === "string") {
    const code = column.type === "numeric" ? -1 : column.levels!.indexOf(value);
    if (code < 0) throw new RangeError(`${where}: "${value}" is not one of its levels`);
    return code;
  }
  if (!Number.isFinite(value)) throw new RangeError(`${where}: ${value} is not a finite number`);
  if (column.type === "numeric") return value;
  const k = column.levels!.length;
  if (!(Number.isInteger(value) && value >= 0 && value < k)) {
    throw new RangeError(`${where}: ${value} is not a category code 0…${k - 1}`);
  }
  return value;
}

/** Every other column as predictors: numeric and binary as they are, categorical as K − 1 dummies. */
export function predictorTerms(columns: readonly ImputationColumn[], target: number): PredictorTerm[] {
  const terms: PredictorTerm[] = [];
  columns.forEach((column, j) => {
    if (j === target) return;
    if (column.type === "categorical") {
      for (let level = 1; level < column.levels!.length; level++) terms.push({ column: j, level });
    } else {
      terms.push({ column: j, level: -1 });
    }
  });
  return terms;
}

/** The predictors of the given rows, row-major rows.length × terms.length, without an intercept. */
export function designRows(
  data: readonly Float64Array[],
  terms: readonly PredictorTerm[],
  rows: ArrayLike<number>,
): Float64Array {
  const q = terms.length;
  const x = new Float64Array(rows.length * q);
  for (let t = 0; t < q; t++) {
    const { column, level } = terms[t]!;
    const values = data[column]!;
    for (let r = 0; r < rows.length; r++) {
      const v = values[rows[r]!]!;
      x[r * q + t] = level < 0 ? v : v === level ? 1 : 0;
    }
  }
  return x;
}

/** Intercept plus x·β for each row of a row-major design. */
export function linearPredictor(
  x: Float64Array,
  rows: number,
  q: number,
  coefficients: Float64Array,
): Float64Array {
  const eta = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = coefficients[0]!;
    for (let t = 0; t < q; t++) sum += x[r * q + t]! * coefficients[t + 1]!;
    eta[r] = sum;
  }
  return eta;
}

export function indicesWhere(values: Float64Array, missing: boolean): Int32Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!) === missing) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!) === missing) out[k++] = i;
  return out;
}
