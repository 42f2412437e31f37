/**
 * Group, stratum and cluster labels coded as R's factor() codes them: levels are the distinct
 * values in sorted order — numbers numerically, strings in code-point order (R's sort in the C
 * locale) — and each observation gets the 0-based index of its level.
 */

export interface Levels {
  /** Level of each observation, 0-based, in input order. */
  codes: Uint32Array;
  /** The distinct values in level order, as strings. */
  labels: string[];
}

export function levelsOf(values: ArrayLike<number | string>, what: string): Levels {
  const n = values.length;
  const distinct = new Set<number | string>();
  let numbers = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (typeof v === "number") {
      if (Number.isNaN(v)) throw new RangeError(`${what}[${i}] is NaN; expected a label`);
      numbers++;
    } else if (typeof v !== "string") {
      throw new RangeError(`${what}[${i}] is ${String(v)}; expected a number or a string`);
    }
    distinct.add(v);
  }
  if (numbers !== 0 && numbers !== n) {
    throw new RangeError(`${what} mixes numbers and strings; use one kind of label`);
  }
  const sorted = [...distinct].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : a < b ? -1 : a > b ? 1 : 0,
  );
  const index = new Map(sorted.map((v, i) => [v, i] as const));
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) codes[i] = index.get(values[i]!)!;
  return { codes, labels: sorted.map(String) };
}
