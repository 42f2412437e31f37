import { describe, expect, it } from "vitest";
import { CsvSyntaxError, formatCsv, parseCsv } from "../src/csv/csv.js";

describe("CSV (RFC 4180)", () => {
  it("parses quotes, embedded commas, quotes and line breaks, CRLF and a BOM, with lines and byte offsets", () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",é\nlast,';
    const rows = parseCsv(text);
    expect(rows.map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["multi\nline", "é"],
      ["last", ""],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    const bytes = new TextEncoder().encode(text);
    for (const r of rows.slice(1)) {
      const start = new TextDecoder().decode(bytes.slice(r.byteOffset, r.byteOffset + 4));
      expect(['"x, ', '"mul', "last"]).toContain(start);
    }
  });

  it("refuses an unclosed quote (a truncated file) and text after a closing quote, naming the place", () => {
    expect(() => parseCsv('a,b\n1,"open')).toThrowError(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"open');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
      expect((e as CsvSyntaxError).byteOffset).toBe(6);
    }
    expect(() => parseCsv('a\n"x"y\n')).toThrowError(/after a closing quote/);
    expect(() => parseCsv('a\nx"y\n')).toThrowError(/quote inside an unquoted field/);
  });

  it("round-trips what it formats", () => {
    const table = [
      ["id", "note"],
      ["1", 'has "quotes", commas'],
      ["2", " padded "],
      ["3", "two\nlines"],
    ];
    expect(parseCsv(formatCsv(table)).map((r) => r.fields)).toEqual(table);
  });
});
