/**
 * The data of a Fine–Gray fit in the form every step needs: subjects in ascending time, covariates
 * centred at their means (the pseudo-likelihood, its derivatives and the influence functions do
 * not change under centring, and centring keeps exp(x·β) and the second moments well scaled), the
 * Kaplan–Meier of the censoring distribution just before each subject's time, and the distinct
 * times with an event of the cause of interest.
 */

export interface FineGrayData {
  n: number;
  p: number;
  /** Ascending times. */
  time: Float64Array;
  /** 1 = the cause of interest, 2 = a competing cause, 0 = censored. */
  kind: Uint8Array;
  /** Centred covariates, n×p row-major, in time order. */
  x: Float64Array;
  /** The column means taken out. */
  means: Float64Array;
  /** G(tᵢ−): Kaplan–Meier estimate of remaining uncensored, just before each subject's time. */
  censoringSurvival: Float64Array;
  /** Distinct event times of the cause, ascending, with the first subject and the count at each. */
  eventTimes: Float64Array;
  eventStart: Uint32Array;
  eventCount: Uint32Array;
  /** Index of the time block (first subject with the same time) of each subject. */
  blockStart: Uint32Array;
}

export function fineGrayData(
  time: Float64Array,
  status: Uint32Array,
  order: Uint32Array,
  cause: number,
  x: ArrayLike<number>,
  p: number,
): FineGrayData {
  const n = time.length;
  const t = new Float64Array(n);
  const kind = new Uint8Array(n);
  const xs = new Float64Array(n * p);
  const means = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    t[r] = time[i]!;
    const s = status[i]!;
    kind[r] = s === cause ? 1 : s === 0 ? 0 : 2;
    for (let j = 0; j < p; j++) {
      xs[r * p + j] = x[i * p + j]!;
      means[j]! += x[i * p + j]!;
    }
  }
  for (let j = 0; j < p; j++) means[j]! /= n;
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) xs[r * p + j]! -= means[j]!;

  // Kaplan–Meier of the censoring times (a censoring is the "event", a failure censors it),
  // left-continuous: the product over censoring times strictly before tᵢ, as crr evaluates it.
  const censoringSurvival = new Float64Array(n);
  const blockStart = new Uint32Array(n);
  const times: number[] = [];
  const starts: number[] = [];
  const counts: number[] = [];
  let g = 1;
  for (let start = 0; start < n; ) {
    let end = start;
    let censored = 0;
    let events = 0;
    for (; end < n && t[end] === t[start]; end++) {
      censoringSurvival[end] = g;
      blockStart[end] = start;
      if (kind[end] === 0) censored++;
      else if (kind[end] === 1) events++;
    }
    if (events > 0) {
      times.push(t[start]!);
      starts.push(start);
      counts.push(events);
    }
    g *= 1 - censored / (n - start);
    start = end;
  }
  return {
    n,
    p,
    time: t,
    kind,
    x: xs,
    means,
    censoringSurvival,
    eventTimes: Float64Array.from(times),
    eventStart: Uint32Array.from(starts),
    eventCount: Uint32Array.from(counts),
    blockStart,
  };
}

/**
 * Weighted risk-set sums at each event time t of the cause, for coefficients β: those still
 * event-free (time ≥ t) with weight exp(x·β), and those who had a competing event before t with
 * weight exp(x·β)·G(t−)/G(tᵢ−) (Fine & Gray 1999, eq. 2.3's inverse-probability-of-censoring
 * weights). S0 per time, S1 (p per time) and, when asked, S2 (p×p per time).
 */
export interface RiskSums {
  s0: Float64Array;
  s1: Float64Array;
  s2: Float64Array | null;
  /** Sum of the covariates of the events at each time. */
  eventX: Float64Array;
  /** Σ over events of x·β. */
  eventEta: number;
}

export function riskSums(data: FineGrayData, beta: Float64Array, second: boolean): RiskSums {
  const { n, p, x, kind, censoringSurvival, eventStart } = data;
  const k = eventStart.length;
  const pp = p * p;
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += x[i * p + j]! * beta[j]!;
    weight[i] = Math.exp(eta);
  }
  const s0 = new Float64Array(k);
  const s1 = new Float64Array(k * p);
  const s2 = second ? new Float64Array(k * pp) : null;
  const eventX = new Float64Array(k * p);
  let eventEta = 0;

  // Those with a competing event before t, divided by their own G: ascending, added block by block.
  let c0 = 0;
  const c1 = new Float64Array(p);
  const c2 = new Float64Array(second ? pp : 0);
  let next = 0;
  for (let e = 0; e < k; e++) {
    const start = eventStart[e]!;
    for (; next < start; next++) {
      if (kind[next] !== 2) continue;
      const w = weight[next]! / censoringSurvival[next]!;
      c0 += w;
      for (let a = 0; a < p; a++) {
        const xa = x[next * p + a]!;
        c1[a]! += w * xa;
        if (second) for (let b = 0; b <= a; b++) c2[a * p + b]! += w * xa * x[next * p + b]!;
      }
    }
    const g = censoringSurvival[start]!;
    s0[e] = g * c0;
    for (let a = 0; a < p; a++) {
      s1[e * p + a] = g * c1[a]!;
      if (s2) for (let b = 0; b <= a; b++) s2[e * pp + a * p + b] = g * c2[a * p + b]!;
    }
  }

  // Those still event-free at t: descending, so that each sum is built by addition only.
  let r0 = 0;
  const r1 = new Float64Array(p);
  const r2 = new Float64Array(second ? pp : 0);
  let below = n;
  for (let e = k - 1; e >= 0; e--) {
    const start = eventStart[e]!;
    for (; below > start; ) {
      below--;
      const w = weight[below]!;
      r0 += w;
      for (let a = 0; a < p; a++) {
        const xa = x[below * p + a]!;
        r1[a]! += w * xa;
        if (second) for (let b = 0; b <= a; b++) r2[a * p + b]! += w * xa * x[below * p + b]!;
      }
    }
    s0[e]! += r0;
    for (let a = 0; a < p; a++) {
      s1[e * p + a]! += r1[a]!;
      if (s2) {
        for (let b = 0; b <= a; b++) {
          s2[e * pp + a * p + b]! += r2[a * p + b]!;
          s2[e * pp + b * p + a] = s2[e * pp + a * p + b]!;
        }
      }
    }
    for (let i = start; i < start + countAt(data, e); i++) {
      if (kind[i] !== 1) continue;
      for (let a = 0; a < p; a++) {
        eventX[e * p + a]! += x[i * p + a]!;
        eventEta += x[i * p + a]! * beta[a]!;
      }
    }
  }
  return { s0, s1, s2, eventX, eventEta };
}

/** Number of subjects (of any kind) in the time block of event time e. */
function countAt(data: FineGrayData, e: number): number {
  const start = data.eventStart[e]!;
  let end = start;
  while (end < data.n && data.time[end] === data.time[start]) end++;
  return end - start;
}
