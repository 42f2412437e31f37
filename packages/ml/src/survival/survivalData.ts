import type { LearningTable } from "../data.js";

/**
 * The right-censored outcome of a time-to-event endpoint (docs/lab.md: `pfs`, `os` — time from the
 * landmark, status 1 = event, 0 = censored) for the rows a learner or a validation design uses.
 */
export interface SurvivalOutcomeRows {
  /** Follow-up time of each of `rows`, in their order. */
  time: Float64Array;
  /** 1 = event, 0 = censored, in the same order. */
  event: Uint8Array;
  events: number;
}

/**
 * Checks that `rows` index the table, the times and the statuses, that every time is finite and
 * ≥ 0 (an event on the landmark day has time 0) and every status 0 or 1, naming the row otherwise.
 */
export function survivalOutcomeOf(
  caller: string,
  table: LearningTable,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  rows: Uint32Array,
): SurvivalOutcomeRows {
  const n = table.rows.length;
  if (time.length !== n || event.length !== n) {
    throw new RangeError(
      `${caller}: the table has ${n} rows but time has ${time.length} values and event ${event.length}`,
    );
  }
  const t = new Float64Array(rows.length);
  const e = new Uint8Array(rows.length);
  let events = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row >= n) throw new RangeError(`${caller}: row ${row} is outside the table`);
    const ti = time[row]!;
    if (!Number.isFinite(ti) || ti < 0) {
      throw new RangeError(`${caller}: time of row ${row} is ${String(ti)}; expected a finite time ≥ 0`);
    }
    const ei = event[row];
    if (ei !== 0 && ei !== 1) {
      throw new RangeError(
        `${caller}: event of row ${row} is ${String(ei)}; expected 1 (event) or 0 (censored)`,
      );
    }
    t[i] = ti;
    e[i] = ei;
    events += ei;
  }
  return { time: t, event: e, events };
}

/** Checks a horizon: finite and > 0 (a risk by time 0 is not a prediction). */
export function checkHorizon(caller: string, horizon: number): void {
  if (!Number.isFinite(horizon) || !(horizon > 0)) {
    throw new RangeError(`${caller}: horizon is ${String(horizon)}; expected a finite time > 0`);
  }
}
