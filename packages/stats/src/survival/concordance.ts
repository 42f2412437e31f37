import { type Levels, levelsOf } from "./levels.js";
import { mergeNearTimes } from "./timefix.js";

/**
 * Harrell's concordance for right-censored data with the conventions of R's
 * survival::concordance / concordancefit (Therneau & Watson; version 3.5, timewt = "n"):
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
 * - Sums of weights with larger, smaller and equal score among those at risk come from a Fenwick
 *   tree (Fenwick, Softw Pract Exper 1994;24:327) instead of survival's balanced binary tree: the
 *   same sums, O(n log n).
 */

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
}

export interface ConcordanceResult {
  method: "harrell";
  timewt: "n";
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
  const { time, event, x, strata, weights, cluster, reverse = false, timefix = true } = options;
  const n = time.length;
  if (n === 0) throw new RangeError("concordance: no observations");
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
  return concordanceCore(
    times,
    status,
    score,
    wt,
    strata ? levelsOf(strata, "concordance: strata") : null,
    cluster ? levelsOf(cluster, "concordance: cluster") : null,
    reverse,
  );
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
    countStratum(rows, times, status, score, wt, stratumCount, influence);
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
    method: "harrell",
    timewt: "n",
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
 * One stratum of survival's concordance3 (right-censored data, timewt "n"): observations in order
 * of decreasing time, censored before events at the same time, then by score. `count` receives
 * the stratum's counts; `influence` accumulates.
 */
function countStratum(
  rows: number[],
  times: Float64Array,
  status: Uint8Array,
  score: Float64Array,
  wt: Float64Array,
  count: Float64Array,
  influence: Float64Array[],
): void {
  const order = rows
    .slice()
    .sort((a, b) => times[b]! - times[a]! || status[a]! - status[b]! || score[a]! - score[b]!);
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
    let nDeath = 0;
    let deathWeight = 0;
    let runWeight = 0;
    let runScore = score[ii]!;
    let runStart = i;
    let j = i;
    for (; j < m && times[order[j]!] === times[ii]; j++) {
      const jj = order[j]!;
      nDeath++;
      count[3]! += wt[jj]! * deathWeight;
      deathWeight += wt[jj]!;
      if (score[jj] !== runScore) {
        if (wt[order[runStart]!]! < runWeight) {
          for (; runStart < j; runStart++) {
            const kk = order[runStart]!;
            tiedXY[kk]! += runWeight - wt[kk]!;
            tiedY[kk]! -= runWeight - wt[kk]!;
          }
        } else {
          runStart = j;
        }
        runWeight = 0;
        runScore = score[jj]!;
      }
      count[4]! += wt[jj]! * runWeight;
      runWeight += wt[jj]!;
      atRisk.walk(rank(jj));
      count[0]! += wt[jj]! * atRisk.greater;
      count[1]! += wt[jj]! * atRisk.less;
      count[2]! += wt[jj]! * atRisk.equal;
      conc[jj]! += atRisk.greater;
      disc[jj]! += atRisk.less;
      tiedX[jj]! += atRisk.equal;
      deaths.add(rank(jj), wt[jj]!);
    }
    if (wt[order[runStart]!]! < runWeight) {
      for (; runStart < j; runStart++) {
        const kk = order[runStart]!;
        tiedXY[kk]! += runWeight - wt[kk]!;
        tiedY[kk]! -= runWeight - wt[kk]!;
      }
    }
    for (let k = i; k < i + nDeath; k++) {
      const kk = order[k]!;
      deaths.walk(rank(kk));
      conc[kk]! -= deaths.less;
      disc[kk]! -= deaths.greater;
      tiedX[kk]! -= deaths.equal;
      tiedY[kk]! += deathWeight - wt[kk]!;
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
