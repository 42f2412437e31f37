import { normalQuantile } from "../distributions/normal.js";

/**
 * Kaplan–Meier estimate of the survival function (Kaplan & Meier, JASA 1958;53:457) with the
 * conventions of R's survival package (Therneau, survfit with its defaults; version 3.5):
 *
 * - stype 1: the product-limit estimate S(t) = Π (1 − dᵢ/nᵢ) over event times tᵢ ≤ t.
 * - error "greenwood": var(log S(t)) = Σ dᵢ / (nᵢ(nᵢ − dᵢ)) (Greenwood 1926). survfit stores
 *   se(log S); `stdErr` here is se(S) = S·se(log S), the `std.err` column that summary(fit) prints.
 *   When everyone at risk has the event (nᵢ = dᵢ) the variance is infinite and, as in R, S = 0
 *   gives stdErr NaN.
 * - conf_type "log": exp(log S ± z·se(log S)) with z = qnorm(1 − (1 − confLevel)/2), the upper
 *   limit capped at 1; undefined (NaN, R's NA) where S = 0.
 * - timefix (survfit's default, survival::aeqSurv): distinct times closer than √ε (≈ 1.5e-8) in
 *   absolute terms, or relative to the mean absolute distinct time, are one time — the smallest
 *   of the run — so times computed along different floating-point paths still tie.
 * - Rows are every distinct time, event or censoring, as summary(fit, censored = TRUE) lists them;
 *   at a time with both, the deaths are counted before the censorings (censored subjects are at
 *   risk at their own time).
 * - Median and its CI as print.survfit computes them (survival:::survmean): the first time the
 *   curve (lower limit, upper limit) is ≤ 0.5; if the curve is exactly 0.5 (within √ε) over an
 *   interval, the midpoint between the start of that interval and the next time it drops.
 *   null when never reached (R's NA).
 */

export interface KaplanMeierOptions {
  /** Follow-up times, any finite values (typically ≥ 0). */
  time: Float64Array | ArrayLike<number>;
  /** 1 = event, 0 = censored, one per time. */
  event: Uint8Array | ArrayLike<number>;
  /** Coverage of the pointwise confidence limits and of the median's CI; default 0.95. */
  confLevel?: number;
  /** Merge near-identical times as survfit does by default; default true. */
  timefix?: boolean;
}

/** One row per distinct time: the columns of summary(survfit, censored = TRUE). */
export interface KaplanMeierCurve {
  time: Float64Array;
  nRisk: Uint32Array;
  nEvent: Uint32Array;
  nCensor: Uint32Array;
  survival: Float64Array;
  /** Greenwood standard error of the survival (not of its log). */
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export interface KaplanMeierMedian {
  /** Median survival time; null if the curve never reaches 0.5. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierResult {
  method: "kaplan-meier";
  conf_type: "log";
  error: "greenwood";
  confLevel: number;
  timefix: boolean;
  /** Number of subjects. */
  n: number;
  /** Total number of events. */
  nEvent: number;
  curve: KaplanMeierCurve;
  median: KaplanMeierMedian;
}

/** The estimate at requested times, as summary(fit, times = , extend = TRUE) reports it. */
export interface KaplanMeierAt {
  time: Float64Array;
  /** Number still at risk at each time (0 past the last follow-up). */
  nRisk: Uint32Array;
  survival: Float64Array;
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

// R's sqrt(.Machine$double.eps), the tolerance of both aeqSurv and survmean's median rule.
const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

export function kaplanMeier(options: KaplanMeierOptions): KaplanMeierResult {
  const { time, event, confLevel = 0.95, timefix = true } = options;
  const n = time.length;
  if (n === 0) throw new RangeError("kaplanMeier: no observations");
  if (event.length !== n) {
    throw new RangeError(`kaplanMeier: time has ${n} values but event has ${event.length}`);
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`kaplanMeier: confLevel must lie strictly between 0 and 1, got ${confLevel}`);
  }
  const rawTime = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (!Number.isFinite(t))
      throw new RangeError(`kaplanMeier: time[${i}] is ${t}; expected a finite number`);
    rawTime[i] = t;
    const e = event[i]!;
    if (e !== 0 && e !== 1) {
      throw new RangeError(`kaplanMeier: event[${i}] is ${e}; expected 1 (event) or 0 (censored)`);
    }
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => rawTime[a]! - rawTime[b]!);
  const sortedTime = new Float64Array(n);
  const sortedEvent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    sortedTime[i] = rawTime[order[i]!]!;
    sortedEvent[i] = event[order[i]!]!;
  }
  if (timefix) mergeNearTies(sortedTime);

  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sortedTime[i] !== sortedTime[i - 1]) distinct++;

  const curve: KaplanMeierCurve = {
    time: new Float64Array(distinct),
    nRisk: new Uint32Array(distinct),
    nEvent: new Uint32Array(distinct),
    nCensor: new Uint32Array(distinct),
    survival: new Float64Array(distinct),
    stdErr: new Float64Array(distinct),
    lower: new Float64Array(distinct),
    upper: new Float64Array(distinct),
  };
  let row = -1;
  let totalEvents = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sortedTime[i] !== sortedTime[i - 1]) {
      row++;
      curve.time[row] = sortedTime[i]!;
      curve.nRisk[row] = n - i;
    }
    if (sortedEvent[i] === 1) {
      curve.nEvent[row]!++;
      totalEvents++;
    } else {
      curve.nCensor[row]!++;
    }
  }

  const z = normalQuantile(1 - (1 - confLevel) / 2);
  let survival = 1;
  let varLogSurvival = 0;
  for (let k = 0; k < distinct; k++) {
    const atRisk = curve.nRisk[k]!;
    const deaths = curve.nEvent[k]!;
    if (deaths > 0) {
      survival *= (atRisk - deaths) / atRisk;
      // atRisk === deaths gives d/0 = Infinity, R's infinite log-scale standard error.
      varLogSurvival += deaths / (atRisk * (atRisk - deaths));
    }
    const seLog = Math.sqrt(varLogSurvival);
    curve.survival[k] = survival;
    curve.stdErr[k] = survival * seLog;
    if (survival > 0) {
      const logSurvival = Math.log(survival);
      curve.lower[k] = Math.exp(logSurvival - z * seLog);
      curve.upper[k] = Math.min(1, Math.exp(logSurvival + z * seLog));
    } else {
      curve.lower[k] = Number.NaN;
      curve.upper[k] = Number.NaN;
    }
  }

  return {
    method: "kaplan-meier",
    conf_type: "log",
    error: "greenwood",
    confLevel,
    timefix,
    n,
    nEvent: totalEvents,
    curve,
    median: {
      estimate: medianCrossing(curve.survival, curve.time),
      lower: medianCrossing(curve.lower, curve.time),
      upper: medianCrossing(curve.upper, curve.time),
    },
  };
}

/**
 * The fitted step function at arbitrary times, in the order given: before the first time S = 1
 * with zero standard error; at or after a row's time, that row's values (right-continuous); past
 * the last time the last row's values with nRisk 0 — what summary(fit, times, extend = TRUE)
 * gives (without extend, R drops times past the last follow-up; it also sorts the times).
 */
export function survivalAt(result: KaplanMeierResult, times: ArrayLike<number>): KaplanMeierAt {
  const { curve } = result;
  const rows = curve.time.length;
  const count = times.length;
  const at: KaplanMeierAt = {
    time: new Float64Array(count),
    nRisk: new Uint32Array(count),
    survival: new Float64Array(count),
    stdErr: new Float64Array(count),
    lower: new Float64Array(count),
    upper: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t))
      throw new RangeError(`survivalAt: times[${i}] is ${t}; expected a finite number`);
    at.time[i] = t;
    const atOrBefore = countAtMost(curve.time, t) - 1;
    if (atOrBefore < 0) {
      at.survival[i] = 1;
      at.stdErr[i] = 0;
      at.lower[i] = 1;
      at.upper[i] = 1;
    } else {
      at.survival[i] = curve.survival[atOrBefore]!;
      at.stdErr[i] = curve.stdErr[atOrBefore]!;
      at.lower[i] = curve.lower[atOrBefore]!;
      at.upper[i] = curve.upper[atOrBefore]!;
    }
    // Those at risk at t are those whose time is ≥ t: the risk set of the first row at or after t.
    const firstAtOrAfter = atOrBefore >= 0 && curve.time[atOrBefore] === t ? atOrBefore : atOrBefore + 1;
    at.nRisk[i] = firstAtOrAfter < rows ? curve.nRisk[firstAtOrAfter]! : 0;
  }
  return at;
}

/** How many of the ascending `sorted` are ≤ t (binary search). */
function countAtMost(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** survival::aeqSurv on ascending times, in place: each run of near-equal times takes its first value. */
function mergeNearTies(sorted: Float64Array): void {
  let absSum = 0;
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      absSum += Math.abs(sorted[i]!);
      distinct++;
    }
  }
  const meanAbs = absSum / distinct;
  let previous = sorted[0]!;
  let cut = previous;
  for (let i = 1; i < sorted.length; i++) {
    const value = sorted[i]!;
    if (value !== previous) {
      const gap = value - previous;
      if (!(gap <= SQRT_EPSILON || gap / meanAbs <= SQRT_EPSILON)) cut = value;
      previous = value;
    }
    sorted[i] = cut;
  }
}

/**
 * print.survfit's rule (minmin in survival:::survmean) for where a curve reaches one half,
 * skipping undefined (NaN) values; null when it never does.
 */
function medianCrossing(values: Float64Array, times: Float64Array): number | null {
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || !(v < 0.5 + SQRT_EPSILON)) continue;
    if (first < 0) {
      first = i;
      if (!(Math.abs(v - 0.5) < SQRT_EPSILON)) return times[i]!;
    } else if (v < values[first]!) {
      return (times[first]! + times[i]!) / 2;
    }
  }
  return first < 0 ? null : times[first]!;
}
