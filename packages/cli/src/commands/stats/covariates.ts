import { type Column, columnIndex, typedColumn } from "../../table/columns.js";
import { type CsvTable, TableError } from "../../table/csvTable.js";

/** The covariate columns, typed, with --categorical forcing some of them categorical. */
export function covariateColumns(
  table: CsvTable,
  covariates: string[],
  categorical: string[] | undefined,
): Column[] {
  const forced = new Set(categorical ?? []);
  for (const name of forced) {
    columnIndex(table, name, "--categorical");
    if (!covariates.includes(name)) {
      throw new TableError(`${table.file}: --categorical "${name}" is not one of --covariates`);
    }
  }
  if (new Set(covariates).size !== covariates.length) {
    throw new TableError(`${table.file}: --covariates names a column twice`);
  }
  return covariates.map((name) => typedColumn(table, name, "--covariates", forced.has(name)));
}
