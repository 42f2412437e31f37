import { type Levels, levelsOf } from "./levels.js";
import { mergeNearTimes } from "./timefix.js";

/**
 * Concordance for right-censored data with the conventions of R's survival::concordance /
 * concordancefit (Therneau & Watson; version 3.5): Harrell's C (timewt = "n") and the
 * time-weighted variants survival offers, among them Uno's C (timewt = "n/G2" with ymax):
 *
 * - Comparable pairs: an event at time t against anyone still at risk after t (time > t, or
 *   censored at t). Concordant when the one who lives longer has the larger score x (reverse =
 *   false) or the smaller score (reverse = true, as coxph uses its linear predictor); tied.x when
 *   the scores are equal; pairs of events at the same time are tied.y (tied.xy if x ties too)
 *   and, like tied.y, not comparable.
 * - C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).
 * - Standard error: the infinitesimal-jackknife variance of Somers' d = 2C − 1 (concordance3.c),
 *   var(C) = Σᵢ dfbetaᵢ² / 4 with dfbetaᵢ = wᵢ·[(cᵢ − dᵢ)/N − d·(cᵢ + dᵢ + tᵢ)/N], where cᵢ, dᵢ,
 *   tᵢ are the weighted concordant, discordant and tied.x pairs observation i is part of and N the
 *   total; summed within clusters first when a cluster is given.
 * - With strata, pairs are formed within strata only and the counts are summed.
 * - Time weights (survival's timewt; Therneau & Atkinson, "The concordance statistic", survival
 *   vignette): every pair whose earlier member has its event at t counts with weight w(t), from
 *   survival's fastkm1 run within the stratum — S(t−) the Kaplan–Meier survival just before t,
 *   G(t−) the reverse Kaplan–Meier censoring survival just before t (censorings at t come after
 *   the events at t, so they are not in G(t−)), Y(t) the weighted number at risk at t, W the
 *   stratum's total weight: "n" 1 (Harrell 1982), "S" W·S(t−)/Y(t) (Peto–Wilcoxon),
 *   "S/G" W·S(t−)/(G(t−)·Y(t)) (Schemper), "n/G2" 1/G(t−)² (Uno et al., Stat Med
 *   2011;30:1105) and "I" 1/Y(t) (related to the log-rank test). S(t−)·G(t−) = Y(t)/W, so "S/G"
 *   and "n/G2" give the same C, as survival's help page notes. As in survival, a stratum with
 *   fewer than two events uses "n". The weights are treated as fixed in the variance. survival
 *   3.5 has no "n/G".
 * - ymax: events after ymax get weight 0 (pairs are still formed with anyone followed past it),
 *   survival's truncation at a horizon τ; Uno's C is "n/G2" with ymax = τ.
 * - Counts (concordant, discordant, tied) are the time-weighted sums R reports.
 * - Sums of weights with larger, smaller and equal score among those at risk come from a Fenwick
 *   tree (Fenwick, Softw Pract Exper 1994;24:327) instead of survival's balanced binary tree: the
 *   same sums, O(n log n).
 */

/** survival's timewt options (concordancefit, survival 3.5). */
export type ConcordanceTimeWeight = "n" | "S" | "S/G" | "n/G2" | "I";

const TIME_WEIGHTS: readonly ConcordanceTimeWeight[] = ["n", "S", "S/G", "n/G2", "I"];

export interface ConcordanceOptions {
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** The predictor (risk score) of each observation. */
  x: ArrayLike<number>;
  strata?: ArrayLike<number | string>;
  /** Case weights (default 1). */
  weights?: ArrayLike<number>;
  /** Cluster of each observation, for the grouped jackknife variance. */
  cluster?: ArrayLike<number | string>;
  /** true when larger x predicts shorter survival (a hazard score); default false. */
  reverse?: boolean;
  /** Merge near-identical times (survival::aeqSurv) first; default true as in concordance(). */
  timefix?: boolean;
  /** Weight of the pairs formed at each event time; default "n" (Harrell's C). */
  timewt?: ConcordanceTimeWeight;
  /** Events after ymax do not count (truncation at a horizon); default none. */
  ymax?: number;
}

export interface ConcordanceResult {
  /** "harrell" for timewt "n", "uno" for "n/G2", "time-weighted" for the others. */
  method: "harrell" | "uno" | "time-weighted";
  timewt: ConcordanceTimeWeight;
  /** The truncation time, null when none. */
  ymax: number | null;
  reverse: boolean;
  n: number;
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
  concordance: number;
  /** Infinitesimal-jackknife variance of the concordance. */
  variance: number;
  stdErr: number;
}

export function concordance(options: ConcordanceOptions): ConcordanceResult {
  const {
    time,
    event,
    x,
    strata,
    weights,
    cluster,
    reverse = false,
    timefix = true,
    timewt = "n",
    ymax,
  } = options;
  const n = time.length;
  if (n === 0) throw new RangeError("concordance: no observations");
  if (!TIME_WEIGHTS.includes(timewt)) {
    throw new RangeError(
      `concordance: timewt is ${String(timewt)}; expected one of ${TIME_WEIGHTS.join(", ")}`,
    );
  }
  if (ymax !== undefined && Number.isNaN(ymax)) throw new RangeError("concordance: ymax is NaN");
  for (const [name, arr] of [
    ["event", event],
    ["x", x],
    ["strata", strata],
    ["weights", weights],
    ["cluster", cluster],
  ] as const) {
    if (arr && arr.length !== n)
      throw new RangeError(`concordance: time has ${n} values but ${name} has ${arr.length}`);
  }
  const rawTime = new Float64Array(n);
  const status = new Uint8Array(n);
  const score = new Float64Array(n);
  const wt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rawTime[i] = time[i]!;
    if (!Number.isFinite(rawTime[i]!)) throw new RangeError(`concordance: time[${i}] is ${time[i]}`);
    const e = event[i]!;
    if (e !== 0 && e !== 1) throw new RangeError(`concordance: event[${i}] is ${e}; expected 1 or 0`);
    status[i] = e;
    score[i] = x[i]!;
    if (Number.isNaN(score[i]!)) throw new RangeError(`concordance: x[${i}] is NaN`);
    wt[i] = weights ? weights[i]! : 1;
    if (!(wt[i]! > 0) || !Number.isFinite(wt[i]!))
      throw new RangeError(`concordance: weights[${i}] is ${wt[i]}`);
  }
  const times = timefix ? mergeNearTimes(rawTime) : rawTime;
  const result = concordanceCore(
    times,
    status,
    score,
    wt,
    strata ? levelsOf(strata, "concordance: strata") : null,
    cluster ? levelsOf(cluster, "concordance: cluster") : null,
    reverse,
    timewt,
    ymax ?? null,
  );
  // R returns NaN here; an undefined C is an input problem the caller must see.
  if (!Number.isFinite(result.concordance)) {
    throw new RangeError(
      ymax === undefined
        ? "concordance: no comparable pairs (no event with anyone followed longer)"
        : `concordance: no comparable pairs with an event at or before ymax = ${ymax}`,
    );
  }
  return result;
}

/** Harrell's or Uno's C of a risk score; both with survival's conventions (see concordance). */
export type RiskConcordanceMethod = "harrell" | "uno";

export interface RiskConcordanceOptions {
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** Risk score of each observation: higher means higher risk (shorter survival). */
  risk: ArrayLike<number>;
  /** "harrell" (timewt "n") or "uno" (timewt "n/G2"); default "harrell". */
  method?: RiskConcordanceMethod;
  /**
   * Horizon τ: only events up to τ count (survival's ymax). Uno et al. define their C up to a τ
   * where follow-up is still adequate, since 1/G² grows large in the tail.
   */
  horizon?: number;
  strata?: ArrayLike<number | string>;
  weights?: ArrayLike<number>;
  cluster?: ArrayLike<number | string>;
  timefix?: boolean;
}

/**
 * C of a risk score where a higher score means higher risk — concordance(..., reverse = TRUE,
 * timewt = "n" or "n/G2", ymax = horizon) — as `carta stats concordance --method harrell|uno
 * [--horizon T]` reports it.
 */
export function riskConcordance(options: RiskConcordanceOptions): ConcordanceResult {
  const { risk, method = "harrell", horizon, ...rest } = options;
  if (method !== "harrell" && method !== "uno") {
    throw new RangeError(`riskConcordance: method is ${String(method)}; expected harrell or uno`);
  }
  if (horizon !== undefined && !Number.isFinite(horizon)) {
    throw new RangeError(`riskConcordance: horizon is ${horizon}; expected a finite time`);
  }
  return concordance({
    ...rest,
    x: risk,
    reverse: true,
    timewt: method === "uno" ? "n/G2" : "n",
    ...(horizon === undefined ? {} : { ymax: horizon }),
  });
}

/** concordancefit on validated data (times already merged if wanted). */
export function concordanceCore(
  times: Float64Array,
  status: Uint8Array,
  score: Float64Array,
  wt: Float64Array,
  strata: Levels | null,
  cluster: Levels | null,
  reverse: boolean,
  timewt: ConcordanceTimeWeight = "n",
  ymax: number | null = null,
): ConcordanceResult {
  const n = times.length;
  // influence columns: concordant, discordant, tied.x, tied.y, tied.xy
  const influence = [0, 1, 2, 3, 4].map(() => new Float64Array(n));
  const count = new Float64Array(5);
  const nStrata = strata ? strata.labels.length : 1;
  const members: number[][] = Array.from({ length: nStrata }, () => []);
  for (let i = 0; i < n; i++) members[strata ? strata.codes[i]! : 0]!.push(i);
  const stratumCount = new Float64Array(5);
  for (const rows of members) {
    if (rows.length === 0) continue;
    stratumCount.fill(0);
    countStratum(rows, times, status, score, wt, timewt, ymax, stratumCount, influence);
    for (let k = 0; k < 5; k++) count[k]! += stratumCount[k]!;
  }
  const [concordant, discordant, tiedX, tiedY, tiedXY] = count as unknown as number[];
  const npair = concordant! + discordant! + tiedX!;
  const somers = (concordant! - discordant!) / npair;
  const dfbeta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dfbeta[i] =
      wt[i]! *
      ((influence[0]![i]! - influence[1]![i]!) / npair -
        (somers / npair) * (influence[0]![i]! + influence[1]![i]! + influence[2]![i]!));
  }
  let sumSquares = 0;
  if (cluster) {
    const byCluster = new Float64Array(cluster.labels.length);
    for (let i = 0; i < n; i++) byCluster[cluster.codes[i]!]! += dfbeta[i]!;
    for (const v of byCluster) sumSquares += v * v;
  } else {
    for (const v of dfbeta) sumSquares += v * v;
  }
  const variance = sumSquares / 4;
  const c = (somers + 1) / 2;
  return {
    method: timewt === "n" ? "harrell" : timewt === "n/G2" ? "uno" : "time-weighted",
    timewt,
    ymax,
    reverse,
    n,
    concordant: reverse ? discordant! : concordant!,
    discordant: reverse ? concordant! : discordant!,
    tiedX: tiedX!,
    tiedY: tiedY!,
    tiedXY: tiedXY!,
    concordance: reverse ? 1 - c : c,
    variance,
    stdErr: Math.sqrt(variance),
  };
}

/**
 * Weights by score rank: sums of weights with rank below, equal to and above a given rank. Two
 * Fenwick trees (ranks ascending and descending) give each sum directly as a sum of
 * non-negative terms, so "nothing above" is exactly 0 rather than a difference that cancels.
 */
class RankTree {
  private readonly below: Float64Array;
  private readonly above: Float64Array;
  private readonly node: Float64Array;
  less = 0;
  equal = 0;
  greater = 0;

  constructor(private readonly size: number) {
    this.below = new Float64Array(size + 1);
    this.above = new Float64Array(size + 1);
    this.node = new Float64Array(size);
  }

  add(rank: number, weight: number): void {
    this.node[rank]! += weight;
    for (let i = rank + 1; i <= this.size; i += i & -i) this.below[i]! += weight;
    for (let i = this.size - rank; i <= this.size; i += i & -i) this.above[i]! += weight;
  }

  /** Sets less, equal and greater for `rank`. */
  walk(rank: number): void {
    let sum = 0;
    for (let i = rank; i > 0; i -= i & -i) sum += this.below[i]!;
    this.less = sum;
    sum = 0;
    for (let i = this.size - rank - 1; i > 0; i -= i & -i) sum += this.above[i]!;
    this.greater = sum;
    this.equal = this.node[rank]!;
  }
}

/**
 * survival's fastkm1 and the timewt switch of concordancefit's docount for one stratum: the weight
 * of each distinct event time, in the order concordance3 meets them (decreasing time). `order` is
 * the stratum in decreasing time, censored before events at the same time.
 */
function stratumTimeWeights(
  order: number[],
  times: Float64Array,
  status: Uint8Array,
  wt: Float64Array,
  timewt: ConcordanceTimeWeight,
  ymax: number | null,
): Float64Array {
  const m = order.length;
  let nEvents = 0;
  let nEventTimes = 0;
  for (let i = 0; i < m; i++) {
    if (status[order[i]!] !== 1) continue;
    nEvents++;
    if (i === 0 || status[order[i - 1]!] !== 1 || times[order[i - 1]!] !== times[order[i]!]) nEventTimes++;
  }
  // Ascending in time first, as fastkm1 returns them.
  const weight = new Float64Array(nEventTimes);
  const eventTime = new Float64Array(nEventTimes);
  if (timewt === "n" || nEvents < 2) {
    let k = 0;
    for (let i = m - 1; i >= 0; i--) {
      const p = order[i]!;
      if (status[p] === 1 && (k === 0 || times[p] !== eventTime[k - 1])) {
        eventTime[k] = times[p]!;
        weight[k++] = 1;
      }
    }
  } else {
    // Pass 1 (fastkm1): cumulative weight at risk, and deaths and censorings so far at this time.
    const atRiskCount = new Float64Array(m);
    const deathCount = new Float64Array(m);
    const censorCount = new Float64Array(m);
    let total = 0;
    let deaths = 0;
    let censors = 0;
    for (let i = 0; i < m; i++) {
      const p = order[i]!;
      if (i > 0 && times[p] !== times[order[i - 1]!]) {
        deaths = 0;
        censors = 0;
      }
      total += wt[p]!;
      if (status[p] === 0) censors += wt[p]!;
      else deaths += wt[p]!;
      atRiskCount[i] = total;
      deathCount[i] = deaths;
      censorCount[i] = censors;
    }
    // Pass 2, earliest time first: at each event time the lagged S(t−), G(t−) and number at
    // risk; a censoring at the same time as events updates G after them.
    let s = 1;
    let g = 1;
    let k = 0;
    let lastCensorTime = Number.NaN;
    for (let i = m - 1; i >= 0 && k < nEventTimes; i--) {
      const p = order[i]!;
      if (status[p] === 1 && (k === 0 || times[p] !== eventTime[k - 1])) {
        const nRisk = atRiskCount[i]!;
        eventTime[k] = times[p]!;
        weight[k++] =
          timewt === "S"
            ? (total * s) / nRisk
            : timewt === "S/G"
              ? (total * s) / (g * nRisk)
              : timewt === "n/G2"
                ? 1 / (g * g)
                : 1 / nRisk;
        s = (s * (nRisk - deathCount[i]!)) / nRisk;
      }
      if (status[p] === 0 && times[p] !== lastCensorTime) {
        lastCensorTime = times[p]!;
        g = (g * (atRiskCount[i]! - censorCount[i]!)) / atRiskCount[i]!;
      }
    }
  }
  if (ymax !== null) {
    for (let k = 0; k < nEventTimes; k++) if (eventTime[k]! > ymax) weight[k] = 0;
  }
  return weight.reverse();
}

/**
 * One stratum of survival's concordance3 (right-censored data): observations in order of
 * decreasing time, censored before events at the same time, then by score. Every pair formed at
 * an event time counts with that time's weight. `count` receives the stratum's counts;
 * `influence` accumulates.
 */
function countStratum(
  rows: number[],
  times: Float64Array,
  status: Uint8Array,
  score: Float64Array,
  wt: Float64Array,
  timewt: ConcordanceTimeWeight,
  ymax: number | null,
  count: Float64Array,
  influence: Float64Array[],
): void {
  const order = rows
    .slice()
    .sort((a, b) => times[b]! - times[a]! || status[a]! - status[b]! || score[a]! - score[b]!);
  const timeWeights = stratumTimeWeights(order, times, status, wt, timewt, ymax);
  let eventTimeIndex = 0;
  const distinctScores = Float64Array.from(rows, (i) => score[i]!).sort();
  let nRanks = 0;
  for (let i = 0; i < distinctScores.length; i++) {
    if (i === 0 || distinctScores[i] !== distinctScores[nRanks - 1])
      distinctScores[nRanks++] = distinctScores[i]!;
  }
  const ranks = new Map<number, number>();
  for (let r = 0; r < nRanks; r++) ranks.set(distinctScores[r]!, r);
  const rank = (i: number) => ranks.get(score[i]!)!;
  const atRisk = new RankTree(nRanks);
  const deaths = new RankTree(nRanks);
  const [conc, disc, tiedX, tiedY, tiedXY] = influence as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const m = order.length;
  for (let i = 0; i < m; ) {
    const ii = order[i]!;
    if (status[ii] === 0) {
      // Pairs with events earlier in time (later in this loop) are counted at the end.
      deaths.walk(rank(ii));
      conc[ii]! -= deaths.less;
      disc[ii]! -= deaths.greater;
      tiedX[ii]! -= deaths.equal;
      atRisk.add(rank(ii), wt[ii]!);
      i++;
      continue;
    }
    const tw = timeWeights[eventTimeIndex++]!;
    let nDeath = 0;
    let deathWeight = 0;
    let runWeight = 0;
    let runScore = score[ii]!;
    let runStart = i;
    let j = i;
    for (; j < m && times[order[j]!] === times[ii]; j++) {
      const jj = order[j]!;
      nDeath++;
      count[3]! += wt[jj]! * deathWeight * tw;
      deathWeight += wt[jj]!;
      if (score[jj] !== runScore) {
        if (wt[order[runStart]!]! < runWeight) {
          for (; runStart < j; runStart++) {
            const kk = order[runStart]!;
            tiedXY[kk]! += (runWeight - wt[kk]!) * tw;
            tiedY[kk]! -= (runWeight - wt[kk]!) * tw;
          }
        } else {
          runStart = j;
        }
        runWeight = 0;
        runScore = score[jj]!;
      }
      count[4]! += wt[jj]! * runWeight * tw;
      runWeight += wt[jj]!;
      atRisk.walk(rank(jj));
      count[0]! += wt[jj]! * atRisk.greater * tw;
      count[1]! += wt[jj]! * atRisk.less * tw;
      count[2]! += wt[jj]! * atRisk.equal * tw;
      conc[jj]! += atRisk.greater * tw;
      disc[jj]! += atRisk.less * tw;
      tiedX[jj]! += atRisk.equal * tw;
      deaths.add(rank(jj), tw * wt[jj]!);
    }
    if (wt[order[runStart]!]! < runWeight) {
      for (; runStart < j; runStart++) {
        const kk = order[runStart]!;
        tiedXY[kk]! += (runWeight - wt[kk]!) * tw;
        tiedY[kk]! -= (runWeight - wt[kk]!) * tw;
      }
    }
    for (let k = i; k < i + nDeath; k++) {
      const kk = order[k]!;
      deaths.walk(rank(kk));
      conc[kk]! -= deaths.less;
      disc[kk]! -= deaths.greater;
      tiedX[kk]! -= deaths.equal;
      tiedY[kk]! += (deathWeight - wt[kk]!) * tw;
      atRisk.add(rank(kk), wt[kk]!);
    }
    i += nDeath;
  }
  for (const ii of order) {
    deaths.walk(rank(ii));
    conc[ii]! += deaths.less;
    disc[ii]! += deaths.greater;
    tiedX[ii]! += deaths.equal;
  }
  count[3]! -= count[4]!;
}
