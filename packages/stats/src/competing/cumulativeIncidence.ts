import { levelsOf } from "../survival/levels.js";
import { competingRisksData } from "./competingRisksData.js";
import { type GrayTestResult, grayTestSorted } from "./grayTest.js";

/**
 * Cumulative incidence of each cause in the presence of competing risks — the Aalen–Johansen
 * estimator (Aalen & Johansen, Scand J Stat 1978;5:141; Kalbfleisch & Prentice 1980, pp. 168–9) —
 * with the conventions of R's cmprsk::cuminc (Gray; version 2.2):
 *
 * - F_k(t) = Σ_{tᵢ ≤ t} S(tᵢ−)·d_kᵢ/nᵢ, with S the Kaplan–Meier estimate of being free of every
 *   cause, d_kᵢ the events of cause k and nᵢ those at risk at tᵢ (censored at tᵢ still at risk).
 *   Never 1 − Kaplan–Meier of one cause: that treats competing events as censoring and
 *   overestimates the incidence (clinical-reference.md, NRM and CIR endpoints).
 * - Variance: the asymptotic variance of Aalen (Ann Stat 1978;6:534) as cmprsk computes it, by the
 *   delta method from three running sums, with the hypergeometric correction
 *   1 − (d − 1)/(n − 1) for tied events of a kind; it is constant between the cause's event times.
 * - Per group when a group is given (levels ordered as R's factor() orders them, see levels.ts),
 *   every group × cause curve, ordered cause by cause (cuminc's order); with two or more groups,
 *   Gray's test per cause (grayTest.ts), stratified when strata are given — strata do not change
 *   the estimates, as in cuminc.
 * - No timefix: cmprsk compares times exactly.
 */

export interface CumulativeIncidenceOptions {
  /** Follow-up times, finite and ≥ 0. */
  time: ArrayLike<number>;
  /** 0 = censored, a positive integer = the cause of the event (e.g. 1 = relapse, 2 = NRM). */
  status: ArrayLike<number>;
  /** Group of each observation: one curve per group and cause, and Gray's test between groups. */
  group?: ArrayLike<number | string>;
  /** Strata for Gray's test (no effect on the estimates). */
  strata?: ArrayLike<number | string>;
  /** Power ρ of the weight (1 − F(t−))^ρ of Gray's test; default 0. */
  rho?: number;
}

/**
 * One cause in one group: the step function, right-continuous, at the distinct times where this
 * cause has events — 0 before the first and undefined after maxTime (cmprsk's timepoints gives NA).
 */
export interface CumulativeIncidenceCurve {
  cause: number;
  /** Group label, or null without a group. */
  group: string | null;
  /** Subjects in the group. */
  n: number;
  /** Events of this cause in the group. */
  nEvent: number;
  /** Largest follow-up time in the group, event or censoring: the curve's last point in cuminc. */
  maxTime: number;
  time: Float64Array;
  estimate: Float64Array;
  variance: Float64Array;
  /** √variance, the standard error of the estimate. */
  stdErr: Float64Array;
}

export interface CumulativeIncidenceResult {
  method: "aalen-johansen";
  variance_type: "aalen";
  n: number;
  /** The causes present, ascending. */
  causes: number[];
  /** Group labels in factor order, or null without a group. */
  groups: string[] | null;
  /** Stratum labels of Gray's test, or null without strata. */
  strata: string[] | null;
  rho: number;
  /** Cause-major: every group's curve for the first cause, then the second cause, … */
  curves: CumulativeIncidenceCurve[];
  /** Gray's test per cause, in cause order; null with fewer than two groups. */
  tests: GrayTestResult[] | null;
}

/** The estimates at requested times (cmprsk::timepoints), in the order given. */
export interface CumulativeIncidenceAt {
  time: Float64Array;
  /** NaN (R's NA) for times after the group's last follow-up time or before 0. */
  estimate: Float64Array;
  variance: Float64Array;
  stdErr: Float64Array;
}

export function cumulativeIncidence(options: CumulativeIncidenceOptions): CumulativeIncidenceResult {
  const { group, strata, rho = 0 } = options;
  const data = competingRisksData("cumulativeIncidence", options.time, options.status);
  const { n, order } = data;
  if (group && group.length !== n) {
    throw new RangeError(`cumulativeIncidence: time has ${n} values but group has ${group.length}`);
  }
  if (strata && strata.length !== n) {
    throw new RangeError(`cumulativeIncidence: time has ${n} values but strata has ${strata.length}`);
  }
  if (!Number.isFinite(rho)) throw new RangeError(`cumulativeIncidence: rho must be finite, got ${rho}`);
  if (data.causes.length === 0) throw new RangeError("cumulativeIncidence: no events (every status is 0)");
  const groups = group ? levelsOf(group, "cumulativeIncidence: group") : null;
  const strataLevels = strata ? levelsOf(strata, "cumulativeIncidence: strata") : null;
  const nGroups = groups ? groups.labels.length : 1;

  // Each group's observations in time order.
  const members: number[][] = Array.from({ length: nGroups }, () => []);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    members[groups ? groups.codes[i]! : 0]!.push(i);
  }
  const curves: CumulativeIncidenceCurve[] = [];
  for (const cause of data.causes) {
    for (let g = 0; g < nGroups; g++) {
      curves.push(
        aalenJohansen(data.time, data.status, members[g]!, cause, groups ? groups.labels[g]! : null),
      );
    }
  }
  let tests: GrayTestResult[] | null = null;
  if (groups && nGroups >= 2) {
    tests = data.causes.map((cause) =>
      grayTestSorted(data, cause, groups.codes, nGroups, strataLevels?.codes ?? null, rho),
    );
  }
  return {
    method: "aalen-johansen",
    variance_type: "aalen",
    n,
    causes: data.causes,
    groups: groups ? groups.labels : null,
    strata: strataLevels ? strataLevels.labels : null,
    rho,
    curves,
    tests,
  };
}

/** The curve at arbitrary times: right-continuous steps, 0 before the first event, NaN past maxTime. */
export function cumulativeIncidenceAt(
  curve: CumulativeIncidenceCurve,
  times: ArrayLike<number>,
): CumulativeIncidenceAt {
  const count = times.length;
  const at: CumulativeIncidenceAt = {
    time: new Float64Array(count),
    estimate: new Float64Array(count),
    variance: new Float64Array(count),
    stdErr: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const t = times[i]!;
    if (Number.isNaN(t)) throw new RangeError(`cumulativeIncidenceAt: times[${i}] is NaN`);
    at.time[i] = t;
    if (t > curve.maxTime || t < 0) {
      at.estimate[i] = Number.NaN;
      at.variance[i] = Number.NaN;
      at.stdErr[i] = Number.NaN;
      continue;
    }
    let lo = 0;
    let hi = curve.time.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (curve.time[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    const row = lo - 1;
    at.estimate[i] = row < 0 ? 0 : curve.estimate[row]!;
    at.variance[i] = row < 0 ? 0 : curve.variance[row]!;
    at.stdErr[i] = row < 0 ? 0 : curve.stdErr[row]!;
  }
  return at;
}

/**
 * One group's curve for one cause, from its observations in time order. The arithmetic follows
 * cmprsk's cinc step for step (same sums, same order of operations) so that estimates and
 * variances agree to rounding.
 */
function aalenJohansen(
  time: Float64Array,
  status: Uint32Array,
  rows: readonly number[],
  cause: number,
  group: string | null,
): CumulativeIncidenceCurve {
  const n = rows.length;
  const jumpTimes: number[] = [];
  const estimates: number[] = [];
  const variances: number[] = [];
  // survival: S(t−), free of every cause; the three sums of the delta-method variance.
  let survival = 1;
  let incidence = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  let nEvent = 0;
  for (let start = 0; start < n; ) {
    const t = time[rows[start]!]!;
    let end = start;
    let ofCause = 0;
    let ofOther = 0;
    for (; end < n && time[rows[end]!] === t; end++) {
      const s = status[rows[end]!]!;
      if (s === cause) ofCause++;
      else if (s !== 0) ofOther++;
    }
    const atRisk = n - start;
    const events = ofCause + ofOther;
    if (events > 0) {
      const survivalAfter = (survival * (atRisk - events)) / atRisk;
      if (ofCause > 0) incidence += (survival * ofCause) / atRisk;
      if (ofOther > 0 && survivalAfter > 0) {
        const tieCorrection = ofOther > 1 ? 1 - (ofOther - 1) / (atRisk - 1) : 1;
        const w = (survival * survival * tieCorrection * ofOther) / (atRisk * atRisk);
        const a = 1 / survivalAfter;
        const b = incidence / survivalAfter;
        v1 += b * b * w;
        v2 += a * b * w;
        v3 += a * a * w;
      }
      if (ofCause > 0) {
        const tieCorrection = ofCause > 1 ? 1 - (ofCause - 1) / (atRisk - 1) : 1;
        const w = (survival * survival * tieCorrection * ofCause) / (atRisk * atRisk);
        const a = survivalAfter > 0 ? 1 / survivalAfter : 0;
        const b = 1 + a * incidence;
        v1 += b * b * w;
        v2 += a * b * w;
        v3 += a * a * w;
        jumpTimes.push(t);
        estimates.push(incidence);
        variances.push(v1 + incidence * incidence * v3 - 2 * incidence * v2);
        nEvent += ofCause;
      }
      survival = survivalAfter;
    }
    start = end;
  }
  const variance = Float64Array.from(variances);
  return {
    cause,
    group,
    n,
    nEvent,
    maxTime: n > 0 ? time[rows[n - 1]!]! : Number.NaN,
    time: Float64Array.from(jumpTimes),
    estimate: Float64Array.from(estimates),
    variance,
    // Rounding can leave a variance a few ulps below 0 where it is exactly 0 in theory.
    stdErr: variance.map((v) => Math.sqrt(Math.max(0, v))),
  };
}
