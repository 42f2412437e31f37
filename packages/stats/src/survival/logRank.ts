import { chisqUpperTail } from "../distributions/chisq.js";
import { solveLinear } from "../linalg/solve.js";
import { type Levels, levelsOf } from "./levels.js";
import { mergeNearTimes } from "./timefix.js";

/**
 * The k-sample log-rank test (Mantel 1966; Peto & Peto 1972), optionally stratified, and its
 * Fleming–Harrington G^ρ family (Harrington & Fleming, Biometrika 1982;69:553), with the
 * conventions of R's survival::survdiff (Therneau; version 3.5):
 *
 * - At each distinct event time, group g contributes observed d_g and expected d·n_g/n, weighted
 *   by S(t−)^ρ, where S is the Kaplan–Meier estimate of the pooled sample (of the stratum) just
 *   before t; ρ = 0 is the log-rank test, ρ = 1 the Peto–Peto modification of the Gehan–Wilcoxon.
 * - Variance: the hypergeometric one, V_gh = Σ w²·d(n−d)/(n−1)·(n_g/n)(δ_gh − n_h/n) (survdiff2.c),
 *   summed over strata; expected counts are summed over strata before the test.
 * - chisq = (O − E)ᵀ V⁻ (O − E) over the groups with E > 0, leaving out the first of them;
 *   df = (number of groups with E > 0) − 1.
 * - timefix: times are merged as survival::aeqSurv does (see timefix.ts).
 * - Groups and strata are ordered as R's factor() orders them (see levels.ts).
 */

export interface LogRankOptions {
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** Group of each observation (at least two distinct values). */
  group: ArrayLike<number | string>;
  /** Stratum of each observation: the test compares groups within strata. */
  strata?: ArrayLike<number | string>;
  /** Fleming–Harrington ρ; 0 (default) is the log-rank test. */
  rho?: number;
  /** Merge near-identical times as survdiff does by default; default true. */
  timefix?: boolean;
}

export interface LogRankResult {
  method: "log-rank" | "fleming-harrington";
  rho: number;
  variance_type: "hypergeometric";
  timefix: boolean;
  /** Group labels, in factor order; every per-group array below follows it. */
  groups: string[];
  /** Subjects per group. */
  n: Uint32Array;
  /** Weighted observed events per group (counts when ρ = 0), summed over strata. */
  observed: Float64Array;
  /** Expected events per group under the null, summed over strata. */
  expected: Float64Array;
  /** Covariance matrix of observed − expected, k×k row-major. */
  variance: Float64Array;
  chisq: number;
  df: number;
  /** Upper-tail chi-square p-value; NaN when df = 0 (fewer than two groups with expected events). */
  p: number;
  /** Per-stratum counts when the test is stratified: k×s row-major matrices. */
  strata: { labels: string[]; n: Uint32Array; observed: Float64Array; expected: Float64Array } | null;
}

export function logRank(options: LogRankOptions): LogRankResult {
  const { time, event, group, strata, rho = 0, timefix = true } = options;
  const n = time.length;
  if (n === 0) throw new RangeError("logRank: no observations");
  if (event.length !== n || group.length !== n || (strata && strata.length !== n)) {
    throw new RangeError(
      `logRank: time has ${n} values but event has ${event.length}, group ${group.length}` +
        (strata ? `, strata ${strata.length}` : ""),
    );
  }
  if (!Number.isFinite(rho)) throw new RangeError(`logRank: rho must be a finite number, got ${rho}`);
  const rawTime = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (!Number.isFinite(t)) throw new RangeError(`logRank: time[${i}] is ${t}; expected a finite number`);
    rawTime[i] = t;
    const e = event[i]!;
    if (e !== 0 && e !== 1)
      throw new RangeError(`logRank: event[${i}] is ${e}; expected 1 (event) or 0 (censored)`);
    status[i] = e;
  }
  const times = timefix ? mergeNearTimes(rawTime) : rawTime;
  const groups = levelsOf(group, "logRank: group");
  const k = groups.labels.length;
  if (k < 2) throw new RangeError("logRank: there is only 1 group");
  const strataLevels: Levels = strata ? levelsOf(strata, "logRank: strata") : singleLevel(n);
  const s = strataLevels.labels.length;

  // survdiff.fit: order(strata, time, −status), deaths first among tied times.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) =>
      strataLevels.codes[a]! - strataLevels.codes[b]! || times[a]! - times[b]! || status[b]! - status[a]!,
  );

  const observedByStratum = new Float64Array(k * s);
  const expectedByStratum = new Float64Array(k * s);
  const variance = new Float64Array(k * k);
  const risk = new Float64Array(k);
  const leftKm = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const stratum = strataLevels.codes[order[start]!]!;
    let end = start;
    while (end < n && strataLevels.codes[order[end]!] === stratum) end++;
    if (rho !== 0) leftContinuousKm(order, times, status, start, end, leftKm);
    risk.fill(0);
    for (let i = end - 1; i >= start; ) {
      const t = times[order[i]!]!;
      const weight = rho === 0 ? 1 : leftKm[i]! ** rho;
      let deaths = 0;
      let j = i;
      for (; j >= start && times[order[j]!] === t; j--) {
        const subject = order[j]!;
        const g = groups.codes[subject]!;
        deaths += status[subject]!;
        risk[g]!++;
        observedByStratum[g * s + stratum]! += status[subject]! * weight;
      }
      i = j;
      const nRisk = end - (j + 1);
      if (deaths > 0) {
        for (let g = 0; g < k; g++)
          expectedByStratum[g * s + stratum]! += (weight * deaths * risk[g]!) / nRisk;
        if (nRisk > 1) {
          const w2 = weight * weight;
          for (let g = 0; g < k; g++) {
            const temp = (w2 * deaths * risk[g]! * (nRisk - deaths)) / (nRisk * (nRisk - 1));
            variance[g * k + g]! += temp;
            for (let h = 0; h < k; h++) variance[g * k + h]! -= (temp * risk[h]!) / nRisk;
          }
        }
      }
    }
    start = end;
  }

  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  for (let g = 0; g < k; g++) {
    for (let st = 0; st < s; st++) {
      observed[g]! += observedByStratum[g * s + st]!;
      expected[g]! += expectedByStratum[g * s + st]!;
    }
  }
  const used: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g]! > 0) used.push(g);
  let chisq = 0;
  if (used.length >= 2) {
    const kept = used.slice(1);
    const m = kept.length;
    const v = new Float64Array(m * m);
    const diff = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      diff[a] = observed[kept[a]!]! - expected[kept[a]!]!;
      for (let b = 0; b < m; b++) v[a * m + b] = variance[kept[a]! * k + kept[b]!]!;
    }
    const solved = solveLinear(v, m, diff);
    for (let a = 0; a < m; a++) chisq += solved[a]! * diff[a]!;
  }
  const df = used.length - 1;

  const nPerGroup = new Uint32Array(k);
  for (let i = 0; i < n; i++) nPerGroup[groups.codes[i]!]!++;
  let strataResult: LogRankResult["strata"] = null;
  if (strata) {
    const nPerStratum = new Uint32Array(s);
    for (let i = 0; i < n; i++) nPerStratum[strataLevels.codes[i]!]!++;
    strataResult = {
      labels: strataLevels.labels,
      n: nPerStratum,
      observed: observedByStratum,
      expected: expectedByStratum,
    };
  }
  return {
    method: rho === 0 ? "log-rank" : "fleming-harrington",
    rho,
    variance_type: "hypergeometric",
    timefix,
    groups: groups.labels,
    n: nPerGroup,
    observed,
    expected,
    variance,
    chisq,
    df,
    p: df > 0 ? chisqUpperTail(chisq, df) : Number.NaN,
    strata: strataResult,
  };
}

function singleLevel(n: number): Levels {
  return { codes: new Uint32Array(n), labels: ["all"] };
}

/** Kaplan–Meier of one stratum just before each (sorted) observation's time, as survdiff2 keeps it. */
function leftContinuousKm(
  order: number[],
  times: Float64Array,
  status: Uint8Array,
  start: number,
  end: number,
  out: Float64Array,
): void {
  let km = 1;
  for (let i = start; i < end; ) {
    const nRisk = end - i;
    let deaths = 0;
    let j = i;
    for (; j < end && times[order[j]!] === times[order[i]!]; j++) {
      out[j] = km;
      deaths += status[order[j]!]!;
    }
    km = (km * (nRisk - deaths)) / nRisk;
    i = j;
  }
}
