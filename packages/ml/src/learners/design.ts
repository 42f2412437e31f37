import type { FeatureCell, LearningTable } from "../data.js";

/**
 * The numeric design matrix learners fit: numeric and binary features as given, a categorical
 * feature as one indicator per level other than its reference (the first level seen in the
 * training rows, in the column's level order). The encoding is learned on the training rows only
 * and then applied unchanged to any rows, so a test fold never shapes the columns. Missing cells
 * are NaN; so is every indicator of a level the training rows never had, because no effect was
 * learned for it (the tree learner routes it as missing, the elastic net refuses it).
 */

export type DesignColumn =
  | { readonly feature: number; readonly name: string; readonly kind: "value" }
  | { readonly feature: number; readonly name: string; readonly kind: "indicator"; readonly level: string };

export interface DesignEncoding {
  /** Design column names: the feature's name, or `feature=level` for an indicator. */
  readonly names: readonly string[];
  readonly columns: readonly DesignColumn[];
  /** Per categorical feature (by feature index): its reference level and the levels learned. */
  readonly categorical: ReadonlyMap<number, { reference: string; levels: readonly string[] }>;
}

export function learnEncoding(table: LearningTable, rows: Uint32Array): DesignEncoding {
  const columns: DesignColumn[] = [];
  const categorical = new Map<number, { reference: string; levels: string[] }>();
  table.columns.forEach((column, feature) => {
    if (column.type !== "categorical") {
      columns.push({ feature, name: column.name, kind: "value" });
      return;
    }
    const seen = new Set<string>();
    for (const row of rows) {
      const cell = table.rows[row]![feature];
      if (cell !== null && cell !== undefined) seen.add(String(cell));
    }
    const declared = column.levels ?? [];
    for (const level of seen) {
      if (declared.length > 0 && !declared.includes(level)) {
        throw new RangeError(
          `column ${column.name}: level ${level} is not one of its declared levels (${declared.join(", ")})`,
        );
      }
    }
    const levels = declared.length > 0 ? declared.filter((level) => seen.has(level)) : [...seen].sort();
    if (levels.length === 0) {
      throw new RangeError(`column ${column.name}: no training row has a value, so it cannot be encoded`);
    }
    categorical.set(feature, { reference: levels[0]!, levels });
    for (const level of levels.slice(1)) {
      columns.push({ feature, name: `${column.name}=${level}`, kind: "indicator", level });
    }
  });
  return { names: columns.map((c) => c.name), columns, categorical };
}

/** rows.length × names.length, row-major; NaN where a value is missing. */
export function designMatrix(
  encoding: DesignEncoding,
  table: LearningTable,
  rows: Uint32Array,
): Float64Array {
  const p = encoding.columns.length;
  const out = new Float64Array(rows.length * p);
  for (let i = 0; i < rows.length; i++) {
    const cells = table.rows[rows[i]!]!;
    for (let j = 0; j < p; j++) {
      const column = encoding.columns[j]!;
      out[i * p + j] = encodeCell(table, column, cells[column.feature] ?? null, encoding);
    }
  }
  return out;
}

function encodeCell(
  table: LearningTable,
  column: DesignColumn,
  cell: FeatureCell,
  encoding: DesignEncoding,
): number {
  if (cell === null) return Number.NaN;
  if (column.kind === "value") {
    if (typeof cell !== "number") {
      throw new RangeError(
        `column ${column.name} is ${table.columns[column.feature]!.type} but has the value ${JSON.stringify(cell)}`,
      );
    }
    return Number.isFinite(cell) ? cell : Number.NaN;
  }
  const level = String(cell);
  if (!encoding.categorical.get(column.feature)!.levels.includes(level)) return Number.NaN;
  return level === column.level ? 1 : 0;
}

/** How many values each design column misses. */
export function missingByColumn(encoding: DesignEncoding, x: Float64Array): number[] {
  const p = encoding.columns.length;
  const counts = new Array<number>(p).fill(0);
  for (let k = 0; k < x.length; k++) if (Number.isNaN(x[k]!)) counts[k % p]!++;
  return counts;
}
