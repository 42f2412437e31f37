import { replicateRandom, SeededRandom } from "@carta/stats";

/**
 * The split of split-conformal prediction (Lei et al., JASA 2018;113:1094): rows are divided into a
 * proper training part, which fits the model, and a calibration part, which the model never sees
 * and whose scores set the threshold. Stratified on the outcome, so both parts keep the event rate
 * (`fraction` of each class, rounded, goes to calibration), and seeded.
 *
 * Without `replicate` the generator is the seed's "conformal-calibration" stream (the one patient
 * predictions use); with it, that stream's replicate (replicateRandom), so that each outer fold of a
 * cross-validation gets its own split from the same seed, whichever thread computes it.
 */
export const CONFORMAL_CALIBRATION_STREAM = "conformal-calibration";

export function calibrationSplit(
  outcome: ArrayLike<number>,
  eligible: ArrayLike<number>,
  fraction: number,
  seed: number,
  replicate?: number,
): { proper: Uint32Array; calibration: Uint32Array } {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`calibration fraction must be in (0, 1), got ${fraction}`);
  const rng =
    replicate === undefined
      ? new SeededRandom(seed).fork(CONFORMAL_CALIBRATION_STREAM)
      : replicateRandom(seed, CONFORMAL_CALIBRATION_STREAM, replicate);
  const candidates = Array.from(eligible);
  const proper: number[] = [];
  const calibration: number[] = [];
  for (const label of [0, 1]) {
    const rows = candidates.filter((i) => outcome[i] === label);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.integer(i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const nCal = Math.round(rows.length * fraction);
    calibration.push(...rows.slice(0, nCal));
    proper.push(...rows.slice(nCal));
  }
  const sort = (a: number[]) => Uint32Array.from(a).sort();
  return { proper: sort(proper), calibration: sort(calibration) };
}
