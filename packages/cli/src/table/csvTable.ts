import { readFileSync } from "node:fs";
import { CsvSyntaxError, parseCsv } from "@carta/clinical";

/**
 * A data file for the statistics commands: an RFC 4180 CSV with a header row (parsed by
 * @carta/clinical's parseCsv), kept as text with the line of every row so that errors can say
 * where a bad value is.
 */

/** Bad input: the message names the file and, where it applies, the column and the row. */
export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TableError";
  }
}

export interface CsvTable {
  /** The file name as given, for messages. */
  file: string;
  columns: string[];
  rows: { line: number; fields: string[] }[];
}

/** Where a data row is, for messages: `lung.csv, column "time", row 12 (line 13)`. */
export function place(table: CsvTable, column: string, row: number): string {
  return `${table.file}, column "${column}", row ${row + 1} (line ${table.rows[row]!.line})`;
}

export function readCsvTable(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new TableError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseCsvTable(file, text);
}

export function parseCsvTable(file: string, text: string): CsvTable {
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new TableError(`${file}: ${err.message}`);
    throw err;
  }
  // A blank line is one empty field; it holds no data.
  const lines = parsed.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ""));
  const header = lines[0];
  if (!header) throw new TableError(`${file}: the file is empty; expected a header row and data rows`);
  const columns = header.fields.map((f) => f.trim());
  const seen = new Set<string>();
  columns.forEach((name, j) => {
    if (name === "") throw new TableError(`${file}, line ${header.line}: column ${j + 1} has no name`);
    if (seen.has(name)) throw new TableError(`${file}, line ${header.line}: column "${name}" appears twice`);
    seen.add(name);
  });
  const rows = lines.slice(1).map((r) => {
    if (r.fields.length !== columns.length) {
      throw new TableError(
        `${file}, line ${r.line}: ${r.fields.length} fields, but the header has ${columns.length}`,
      );
    }
    return { line: r.line, fields: r.fields };
  });
  if (rows.length === 0) throw new TableError(`${file}: the file has a header but no data rows`);
  return { file, columns, rows };
}
