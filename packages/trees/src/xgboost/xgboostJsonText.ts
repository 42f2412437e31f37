import { TreeModelError } from "../model/errors.js";

const NON_FINITE = ["NaN", "Infinity", "-Infinity"] as const;

/**
 * Parses the text XGBoost's save_model('x.json') writes. XGBoost prints non-finite floats as bare
 * NaN / Infinity / -Infinity tokens (a categorical node's split condition is NaN), which JSON.parse
 * rejects; outside strings they are read here as the strings "NaN", "Infinity" and "-Infinity",
 * which the importer's number reader accepts.
 */
export function parseXgboostJsonText(text: string, sourceName: string): unknown {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 78 /* N */ && c !== 73 /* I */ && c !== 45 /* - */) continue;
    const token = NON_FINITE.find((t) => text.startsWith(t, i));
    if (token === undefined) continue;
    parts.push(text.slice(start, i), `"${token}"`);
    i += token.length - 1;
    start = i + 1;
  }
  parts.push(text.slice(start));
  try {
    return JSON.parse(parts.join(""));
  } catch (err) {
    throw new TreeModelError(sourceName, "", `not XGBoost JSON (${(err as Error).message})`);
  }
}
