import { type CoxTerm, levelsOf } from "@carta/stats";
import { type Column, isPresent, parseNumber } from "./columns.js";
import { type CsvTable, place, TableError } from "./csvTable.js";

/**
 * The rows an analysis uses and its variables taken from them, as R's model.frame with
 * na.action = na.omit builds them: a row with a missing value in any used column is dropped (and
 * counted), then the variables are checked on the rows that remain.
 */

export interface ModelFrame {
  table: CsvTable;
  /** Data rows kept, ascending (0-based indices into table.rows). */
  rows: Uint32Array;
  nDropped: number;
}

export function completeCases(table: CsvTable, columns: readonly Column[]): ModelFrame {
  const kept: number[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    if (columns.every((c) => isPresent(c, r))) kept.push(r);
  }
  if (kept.length === 0) {
    throw new TableError(
      `${table.file}: no row has a value in every used column (${columns.map((c) => `"${c.name}"`).join(", ")})`,
    );
  }
  return { table, rows: Uint32Array.from(kept), nDropped: table.rows.length - kept.length };
}

/** The first row whose present value is not a number, for the message on a non-numeric column. */
function notNumeric(table: CsvTable, column: Column, what: string): TableError {
  const j = table.columns.indexOf(column.name);
  for (let r = 0; r < table.rows.length; r++) {
    const value = column.kind === "categorical" ? column.values[r] : null;
    if (value !== null && value !== undefined && parseNumber(table.rows[r]!.fields[j]!) === null) {
      return new TableError(`${place(table, column.name, r)}: "${value}" is not a number; ${what}`);
    }
  }
  return new TableError(`${table.file}, column "${column.name}": not numeric; ${what}`);
}

/** Follow-up times: numbers ≥ 0. */
export function timeVector(frame: ModelFrame, column: Column): Float64Array {
  const expected = "expected a follow-up time (a number ≥ 0)";
  if (column.kind !== "numeric") throw notNumeric(frame.table, column, expected);
  return Float64Array.from(frame.rows, (r) => {
    const t = column.values[r]!;
    if (!(t >= 0)) throw new TableError(`${place(frame.table, column.name, r)}: time is ${t}; ${expected}`);
    return t;
  });
}

const TRUE_WORDS = new Set(["TRUE", "true", "True", "T"]);
const FALSE_WORDS = new Set(["FALSE", "false", "False", "F"]);

/**
 * The event indicator as R's Surv() reads one: 0 = censored and 1 = event; or 1/2 coding
 * (1 = censored, 2 = event) when the largest value is 2, as in survival::lung; or TRUE/FALSE.
 */
export function eventVector(frame: ModelFrame, column: Column): Uint8Array {
  const { table, rows } = frame;
  if (column.kind === "categorical") {
    return Uint8Array.from(rows, (r) => {
      const v = String(column.values[r]);
      if (TRUE_WORDS.has(v)) return 1;
      if (FALSE_WORDS.has(v)) return 0;
      throw new TableError(
        `${place(table, column.name, r)}: "${v}" is not an event indicator; expected 0/1, 1/2 or TRUE/FALSE`,
      );
    });
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const r of rows) max = Math.max(max, column.values[r]!);
  const shift = max === 2 ? 1 : 0;
  return Uint8Array.from(rows, (r) => {
    const v = column.values[r]! - shift;
    if (v !== 0 && v !== 1) {
      throw new TableError(
        `${place(table, column.name, r)}: event is ${column.values[r]}; expected ${
          shift
            ? "1 (censored) or 2 (event), as the column's largest value is 2"
            : "0 (censored) or 1 (event)"
        }`,
      );
    }
    return v;
  });
}

/** Competing-risks status: 0 = censored, a positive integer = the cause. */
export function statusVector(frame: ModelFrame, column: Column): Uint32Array {
  const expected = "expected 0 (censored) or a positive integer cause code";
  if (column.kind !== "numeric") throw notNumeric(frame.table, column, expected);
  return Uint32Array.from(frame.rows, (r) => {
    const v = column.values[r]!;
    if (!(Number.isInteger(v) && v >= 0)) {
      throw new TableError(`${place(frame.table, column.name, r)}: status is ${v}; ${expected}`);
    }
    return v;
  });
}

/** Group, stratum or cluster labels: numbers stay numbers (numeric level order), text stays text. */
export function labelVector(frame: ModelFrame, column: Column): number[] | string[] {
  if (column.kind === "numeric") return Array.from(frame.rows, (r) => column.values[r]!);
  const values = Array.from(frame.rows, (r) => column.values[r]!);
  return values.every((v) => typeof v === "number") ? (values as number[]) : values.map(String);
}

export interface DesignMatrix {
  /** n×p row-major. */
  x: Float64Array;
  /** Column names as R's model.matrix names them: the variable, or variable + level for a dummy. */
  names: string[];
  /** The categorical covariates with their dummy columns, one term each (cox.zph tests them together). */
  terms: CoxTerm[];
  /** Levels of a categorical covariate seen only in dropped rows. */
  warnings: string[];
}

/**
 * Numeric covariates as they are; categorical ones treatment-coded against their first level
 * (R's default contr.treatment), levels sorted as R's factor() sorts them — numbers numerically,
 * text in code-point order (R in the C locale) — over every present value of the column.
 */
export function designMatrix(frame: ModelFrame, covariates: readonly Column[]): DesignMatrix {
  const n = frame.rows.length;
  const blocks: { names: string[]; fill: (row: number, out: Float64Array, offset: number) => void }[] = [];
  const terms: CoxTerm[] = [];
  const warnings: string[] = [];
  for (const column of covariates) {
    if (column.kind === "numeric") {
      blocks.push({
        names: [column.name],
        fill: (k, out, offset) => {
          out[offset] = column.values[frame.rows[k]!]!;
        },
      });
      continue;
    }
    // Levels over every present value of the column, as read.csv's factor() has them: a level seen
    // only in dropped rows keeps its (all-zero) dummy, which the model then reports as aliased.
    const present = column.values.filter((v): v is number | string => v !== null);
    const all = present.every((v) => typeof v === "number") ? present : present.map(String);
    const labels = levelsOf(all as number[] | string[], column.name).labels;
    if (labels.length < 2) {
      throw new TableError(
        `${frame.table.file}, column "${column.name}": every row has the same value "${labels[0]}"; ` +
          "a categorical covariate needs at least two levels",
      );
    }
    const index = new Map(labels.map((label, i) => [label, i] as const));
    const codes = Uint32Array.from(frame.rows, (r) => index.get(String(column.values[r]))!);
    const used = new Set(codes);
    const unused = labels.filter((_, i) => !used.has(i));
    if (unused.length > 0) {
      warnings.push(
        `column "${column.name}": level ${unused.map((l) => `"${l}"`).join(", ")} occurs only in rows dropped ` +
          "for missing values; as in R, its dummy column is all zero",
      );
    }
    const names = labels.slice(1).map((label) => `${column.name}${label}`);
    terms.push({ name: column.name, columns: names });
    blocks.push({
      names,
      fill: (k, out, offset) => {
        const code = codes[k]!;
        if (code > 0) out[offset + code - 1] = 1;
      },
    });
  }
  const names = blocks.flatMap((b) => b.names);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new TableError(`${frame.table.file}: two covariate columns are both named "${name}"`);
    seen.add(name);
  }
  const p = names.length;
  const x = new Float64Array(n * p);
  for (let k = 0; k < n; k++) {
    let offset = k * p;
    for (const block of blocks) {
      block.fill(k, x, offset);
      offset += block.names.length;
    }
  }
  return { x, names, terms, warnings };
}

/** A numeric column as numbers (scores, predicted probabilities, covariates of a metric). */
export function numberVector(
  frame: ModelFrame,
  column: Column,
  expected = "expected a number",
): Float64Array {
  if (column.kind !== "numeric") throw notNumeric(frame.table, column, expected);
  return Float64Array.from(frame.rows, (r) => column.values[r]!);
}

/** A predicted probability column: numbers in [0, 1]. */
export function probabilityVector(frame: ModelFrame, column: Column): Float64Array {
  const expected = "expected a predicted probability between 0 and 1";
  const values = numberVector(frame, column, expected);
  values.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      throw new TableError(
        `${place(frame.table, column.name, frame.rows[i]!)}: ${p} is not a probability; ${expected}`,
      );
    }
  });
  return values;
}

/** A binary outcome: 0/1 or TRUE/FALSE (1 = the event the score predicts). */
export function binaryLabelVector(frame: ModelFrame, column: Column): Uint8Array {
  const { table, rows } = frame;
  return Uint8Array.from(rows, (r) => {
    const v = column.values[r];
    if (v === 0 || v === 1) return v;
    const word = String(v);
    if (TRUE_WORDS.has(word)) return 1;
    if (FALSE_WORDS.has(word)) return 0;
    throw new TableError(
      `${place(table, column.name, r)}: label is ${word}; expected 0 or 1 (or TRUE/FALSE)`,
    );
  });
}
