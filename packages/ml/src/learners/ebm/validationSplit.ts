import { SeededRandom } from "@carta/stats";

/** Positions into the fitted `rows`: the ones boosted on and the ones early stopping watches. */
export interface InnerSplit {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * The internal early-stopping split, stratified by outcome as InterpretML's is. It is drawn over
 * distinct patients, not positions: every copy of a patient in a bootstrap sample lands on the
 * same side, otherwise the validation loss would score patients the boosting has already seen.
 */
export function validationSplit(
  rows: Uint32Array,
  y: Float64Array,
  fraction: number,
  seed: number,
): InnerSplit {
  const firstSeen = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) if (!firstSeen.has(rows[i]!)) firstSeen.set(rows[i]!, i);
  const distinct = [...firstSeen.keys()].sort((a, b) => a - b);
  const held = new Set<number>();
  if (fraction > 0) {
    const rng = new SeededRandom(seed);
    for (const outcome of [0, 1]) {
      const group = distinct.filter((row) => y[firstSeen.get(row)!] === outcome);
      for (let i = group.length - 1; i > 0; i--) {
        const j = rng.integer(i + 1);
        const t = group[i]!;
        group[i] = group[j]!;
        group[j] = t;
      }
      // At least one patient of each outcome stays in training, however few there are.
      const take = Math.min(Math.round(fraction * group.length), Math.max(0, group.length - 1));
      for (let i = 0; i < take; i++) held.add(group[i]!);
    }
  }
  let validationCount = 0;
  for (let i = 0; i < rows.length; i++) if (held.has(rows[i]!)) validationCount++;
  const train = new Uint32Array(rows.length - validationCount);
  const validation = new Uint32Array(validationCount);
  let t = 0;
  let v = 0;
  for (let i = 0; i < rows.length; i++) {
    if (held.has(rows[i]!)) validation[v++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}
