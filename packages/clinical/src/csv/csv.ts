/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF line ends.
 * The parser reports where every row starts (line and byte offset) so import errors can name the
 * place, and refuses a file whose last quoted field never closes (a truncated file).
 */
export interface CsvRow {
  /** 1-based line number where the row starts. */
  line: number;
  /** Byte offset (UTF-8) where the row starts. */
  byteOffset: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly byteOffset: number,
  ) {
    super(`line ${line} (byte ${byteOffset}): ${message}`);
    this.name = "CsvSyntaxError";
  }
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return 4; // high surrogate: the pair is 4 bytes, low counts 0
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  return 3;
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  let byte = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) {
    i = 1;
    byte = 3;
  }
  while (i < n) {
    const row: CsvRow = { line, byteOffset: byte, fields: [] };
    let field = "";
    let inRow = true;
    while (inRow) {
      if (i < n && text[i] === '"') {
        const quoteLine = line;
        const quoteByte = byte;
        i++;
        byte++;
        for (;;) {
          if (i >= n)
            throw new CsvSyntaxError("quoted field is not closed (truncated file?)", quoteLine, quoteByte);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              byte += 2;
              continue;
            }
            i++;
            byte++;
            break;
          }
          if (c === "\n") line++;
          field += c;
          byte += utf8Length(text.charCodeAt(i));
          i++;
        }
        if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          throw new CsvSyntaxError("unexpected text after a closing quote", line, byte);
        }
      } else {
        while (i < n) {
          const c = text[i]!;
          if (c === "," || c === "\n" || c === "\r") break;
          if (c === '"') throw new CsvSyntaxError("quote inside an unquoted field", line, byte);
          field += c;
          byte += utf8Length(text.charCodeAt(i));
          i++;
        }
      }
      row.fields.push(field);
      field = "";
      if (i >= n) {
        inRow = false;
      } else if (text[i] === ",") {
        i++;
        byte++;
      } else {
        if (text[i] === "\r") {
          i++;
          byte++;
        }
        if (text[i] === "\n") {
          i++;
          byte++;
        }
        line++;
        inRow = false;
      }
    }
    rows.push(row);
  }
  return rows;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

/** CSV text with LF line ends and a final newline; fields quoted only when needed. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(",")).join("\n") + (rows.length ? "\n" : "");
}
