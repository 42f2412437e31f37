import { type CsvTable, TableError } from "./csvTable.js";

/**
 * Column types as R's read.csv gives them (type.convert) and as the issue specifies: a column
 * whose every present value parses as a number is numeric — 0/1, 0/0.5/1 and 0/10 codes stay
 * numeric, as in R — and any other column is categorical. A value is missing when it is empty or
 * "NA" (read.csv's na.strings = c("", "NA")).
 */

export interface NumericColumn {
  kind: "numeric";
  name: string;
  /** One value per data row; NaN where missing. */
  values: Float64Array;
}

export interface CategoricalColumn {
  kind: "categorical";
  name: string;
  /**
   * One label per data row, null where missing: numbers when every present value is one (a numeric
   * column forced categorical, whose levels then sort numerically as R's factor() sorts them),
   * strings otherwise.
   */
  values: (number | string | null)[];
}

export type Column = NumericColumn | CategoricalColumn;

// A decimal number as R's type.convert reads one (no hex, no Inf/NaN, no thousands separators).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function isMissing(field: string): boolean {
  const t = field.trim();
  return t === "" || t === "NA";
}

/** The number in a present field, or null when the field is not a number. */
export function parseNumber(field: string): number | null {
  const t = field.trim();
  return NUMBER.test(t) ? Number(t) : null;
}

export function columnIndex(table: CsvTable, name: string, option: string): number {
  const j = table.columns.indexOf(name);
  if (j < 0) {
    throw new TableError(
      `${table.file}: no column "${name}" (${option}); the columns are ${table.columns.map((c) => `"${c}"`).join(", ")}`,
    );
  }
  return j;
}

/** The column typed as R would type it, or categorical when `categorical` forces it. */
export function typedColumn(table: CsvTable, name: string, option: string, categorical = false): Column {
  const j = columnIndex(table, name, option);
  const n = table.rows.length;
  const numbers = new Float64Array(n);
  let numeric = true;
  for (let r = 0; r < n; r++) {
    const field = table.rows[r]!.fields[j]!;
    if (isMissing(field)) {
      numbers[r] = Number.NaN;
      continue;
    }
    const v = parseNumber(field);
    if (v === null) {
      numeric = false;
      break;
    }
    numbers[r] = v;
  }
  if (numeric && !categorical) return { kind: "numeric", name, values: numbers };
  const values: (number | string | null)[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const field = table.rows[r]!.fields[j]!;
    values[r] = isMissing(field) ? null : numeric ? numbers[r]! : field.trim();
  }
  return { kind: "categorical", name, values };
}

/** Whether row r of the column holds a value. */
export function isPresent(column: Column, r: number): boolean {
  return column.kind === "numeric" ? !Number.isNaN(column.values[r]!) : column.values[r] !== null;
}
