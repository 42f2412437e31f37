/**
 * Series and lists typed into a textarea. The server refuses what is out of range with its own message;
 * these parsers only refuse what is not a number at all, naming the line so it can be found.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const DAY_LINE = /^([-+]?\d+)\s*[:=\s]\s*(\S.*)$/;

/** A decimal point or, as typed in much of Europe, a decimal comma. */
function parseDecimal(text: string): number | null {
  const normalised = text.trim().replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}

/**
 * "day: value" per line (":" "=" or a space between) into `{ "day": value }`, the JSON shape of a
 * day_series field. Blank lines are skipped; a day given twice is refused rather than silently overwritten.
 */
export function parseDaySeries(text: string): Parsed<Record<string, number>> {
  const series: Record<string, number> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0) return;
    const lineNo = index + 1;
    const match = DAY_LINE.exec(line);
    if (match === null) {
      errors.push(`line ${lineNo}: expected "day: value", got "${line}"`);
      return;
    }
    const day = String(Number(match[1]));
    const value = parseDecimal(match[2]!);
    if (value === null) {
      errors.push(`line ${lineNo}: "${match[2]!.trim()}" is not a number`);
      return;
    }
    if (day in series) {
      errors.push(`line ${lineNo}: day ${day} is given twice`);
      return;
    }
    series[day] = value;
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: series };
}

/**
 * Values separated by commas, semicolons, spaces or new lines. A comma always separates here (a decimal
 * comma would be ambiguous in a list), so decimals take a point.
 */
export function parseNumberList(text: string): Parsed<number[]> {
  const values: number[] = [];
  const errors: string[] = [];
  for (const token of text.split(/[\s,;]+/)) {
    if (token.length === 0) continue;
    const value = parseDecimal(token);
    if (value === null) errors.push(`"${token}" is not a number`);
    else values.push(value);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: values };
}
