import type { LearningTable } from "../data.js";

/**
 * The competing-risks outcome of the study's relapse and NRM models (clinical-reference.md, NRM
 * and CIR endpoints): time in months from the landmark, status 1 = progression/relapse, 2 = death
 * without prior progression (non-relapse mortality), 0 = censored.
 */
export type CompetingCause = 1 | 2;

export const COMPETING_CAUSES: readonly CompetingCause[] = [1, 2];

/** The other cause: the competing event of `cause`. */
export function competingCauseOf(cause: CompetingCause): CompetingCause {
  return cause === 1 ? 2 : 1;
}

export interface CompetingOutcomeRows {
  /** Follow-up time of each of `rows`, in their order. */
  time: Float64Array;
  /** 0 censored, 1 relapse, 2 NRM, in the same order. */
  status: Uint8Array;
  /** Events of cause 1 and of cause 2. */
  events: [number, number];
}

/**
 * Checks that `rows` index the table, the times and the statuses, that every time is finite and
 * ≥ 0 and every status 0, 1 or 2, naming the row otherwise.
 */
export function competingOutcomeOf(
  caller: string,
  table: LearningTable,
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  rows: Uint32Array,
): CompetingOutcomeRows {
  const n = table.rows.length;
  if (time.length !== n || status.length !== n) {
    throw new RangeError(
      `${caller}: the table has ${n} rows but time has ${time.length} values and status ${status.length}`,
    );
  }
  const t = new Float64Array(rows.length);
  const s = new Uint8Array(rows.length);
  const events: [number, number] = [0, 0];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row >= n) throw new RangeError(`${caller}: row ${row} is outside the table`);
    const ti = time[row]!;
    if (!Number.isFinite(ti) || ti < 0) {
      throw new RangeError(`${caller}: time of row ${row} is ${String(ti)}; expected a finite time ≥ 0`);
    }
    const si = status[row];
    if (si !== 0 && si !== 1 && si !== 2) {
      throw new RangeError(
        `${caller}: status of row ${row} is ${String(si)}; expected 0 (censored), 1 (relapse) or 2 (NRM)`,
      );
    }
    t[i] = ti;
    s[i] = si;
    if (si !== 0) events[si - 1]!++;
  }
  return { time: t, status: s, events };
}

/** Checks a cause code. */
export function checkCause(caller: string, cause: number): asserts cause is CompetingCause {
  if (cause !== 1 && cause !== 2) {
    throw new RangeError(`${caller}: cause is ${String(cause)}; expected 1 (relapse) or 2 (NRM)`);
  }
}
