/**
 * A right-censored outcome checked and indexed once for the time-dependent validation metrics:
 * times sorted into distinct values with the numbers at risk, events and censorings at each.
 * Times are used as given — riskRegression::Score does not merge near-identical times (no
 * survival::aeqSurv step), so neither does this.
 */

export interface SurvivalOutcome {
  n: number;
  /** Follow-up times in input order. */
  time: Float64Array;
  /** 1 = event, 0 = censored, in input order. */
  event: Uint8Array;
  /** The distinct observed times (events or censorings), ascending. */
  distinctTimes: Float64Array;
  /** Index into distinctTimes of each subject's time. */
  timeIndex: Uint32Array;
  /** Number with time ≥ each distinct time. */
  atRisk: Float64Array;
  /** Number of events at each distinct time. */
  events: Float64Array;
  /** Number censored at each distinct time. */
  censored: Float64Array;
  nEvents: number;
  /** Last follow-up time. */
  maxTime: number;
}

export interface SurvivalOutcomeInput {
  /** Follow-up times, finite and ≥ 0. */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
}

export function survivalOutcome(input: SurvivalOutcomeInput, what: string): SurvivalOutcome {
  const { time, event } = input;
  const n = time.length;
  if (n < 2) throw new RangeError(`${what}: needs at least 2 subjects, got ${n}`);
  if (event.length !== n) {
    throw new RangeError(`${what}: time has ${n} values but event has ${event.length}`);
  }
  const t = new Float64Array(n);
  const e = new Uint8Array(n);
  let nEvents = 0;
  for (let i = 0; i < n; i++) {
    const ti = time[i]!;
    if (!Number.isFinite(ti) || ti < 0) {
      throw new RangeError(`${what}: time[${i}] is ${ti}; expected a finite time ≥ 0`);
    }
    const ei = event[i]!;
    if (ei !== 0 && ei !== 1) {
      throw new RangeError(`${what}: event[${i}] is ${ei}; expected 1 (event) or 0 (censored)`);
    }
    t[i] = ti;
    e[i] = ei;
    nEvents += ei;
  }
  if (nEvents === 0) throw new RangeError(`${what}: no events; the metrics are undefined`);

  const sorted = Float64Array.from(t).sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  const distinctTimes = sorted.slice(0, m);
  const timeIndex = new Uint32Array(n);
  const events = new Float64Array(m);
  const censored = new Float64Array(m);
  const count = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const k = lastIndexAtOrBefore(distinctTimes, t[i]!);
    timeIndex[i] = k;
    count[k]! += 1;
    if (e[i] === 1) events[k]! += 1;
    else censored[k]! += 1;
  }
  const atRisk = new Float64Array(m);
  let remaining = n;
  for (let k = 0; k < m; k++) {
    atRisk[k] = remaining;
    remaining -= count[k]!;
  }
  return {
    n,
    time: t,
    event: e,
    distinctTimes,
    timeIndex,
    atRisk,
    events,
    censored,
    nEvents,
    maxTime: distinctTimes[m - 1]!,
  };
}

/** Index of the last element ≤ t in an ascending array, or −1 when all are larger. */
export function lastIndexAtOrBefore(ascending: Float64Array, t: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Horizons checked against the follow-up: finite, ≥ 0 and not after the last follow-up time.
 * riskRegression::Score silently drops horizons after the last follow-up time; here they are an
 * error, so a result always has one value per requested horizon.
 */
export function checkHorizons(
  horizons: ArrayLike<number>,
  outcome: SurvivalOutcome,
  what: string,
): Float64Array {
  const h = Float64Array.from(horizons);
  if (h.length === 0) throw new RangeError(`${what}: no horizons given`);
  for (let k = 0; k < h.length; k++) {
    const t = h[k]!;
    if (!Number.isFinite(t) || t < 0) {
      throw new RangeError(`${what}: horizons[${k}] is ${t}; expected a finite time ≥ 0`);
    }
    if (t > outcome.maxTime) {
      throw new RangeError(
        `${what}: horizons[${k}] = ${t} is after the last follow-up time ${outcome.maxTime}`,
      );
    }
  }
  return h;
}

/** Predictions of each subject's risk, given in one of three shapes. */
export interface RiskPredictions {
  /** One risk score or predicted risk per subject, used at every horizon. */
  risk?: ArrayLike<number>;
  /** riskAt[h][i]: predicted risk of the event by horizons[h] for subject i. */
  riskAt?: readonly ArrayLike<number>[];
  /** survivalAt[h][i]: predicted event-free probability at horizons[h]; risk = 1 − survival. */
  survivalAt?: readonly ArrayLike<number>[];
}

/**
 * The predicted risk at each horizon, one Float64Array per horizon. `probability` requires values
 * in [0, 1] (the Brier score); otherwise any finite score will do (the AUC uses only its order).
 */
export function risksAtHorizons(
  predictions: RiskPredictions,
  nHorizons: number,
  n: number,
  probability: boolean,
  what: string,
): Float64Array[] {
  const { risk, riskAt, survivalAt } = predictions;
  const given = [risk, riskAt, survivalAt].filter((p) => p !== undefined).length;
  if (given !== 1) {
    throw new RangeError(`${what}: give exactly one of risk, riskAt and survivalAt (got ${given})`);
  }
  const columns: { name: string; values: ArrayLike<number> }[] = [];
  if (risk !== undefined) {
    for (let h = 0; h < nHorizons; h++) columns.push({ name: "risk", values: risk });
  } else {
    const matrix = (riskAt ?? survivalAt)!;
    const name = riskAt ? "riskAt" : "survivalAt";
    if (matrix.length !== nHorizons) {
      throw new RangeError(`${what}: ${name} has ${matrix.length} columns for ${nHorizons} horizons`);
    }
    for (let h = 0; h < nHorizons; h++) columns.push({ name: `${name}[${h}]`, values: matrix[h]! });
  }
  const complement = survivalAt !== undefined;
  return columns.map(({ name, values }) => {
    if (values.length !== n) {
      throw new RangeError(`${what}: ${name} has ${values.length} values for ${n} subjects`);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`${what}: ${name}[${i}] is ${v}`);
      if ((probability || complement) && !(v >= 0 && v <= 1)) {
        throw new RangeError(`${what}: ${name}[${i}] is ${v}; expected a probability in [0, 1]`);
      }
      out[i] = complement ? 1 - v : v;
    }
    return out;
  });
}
