import { chisqUpperTail } from "../distributions/chisq.js";
import { ldlFactor } from "../linalg/ldl.js";
import { solveLinear } from "../linalg/solve.js";
import { levelsOf } from "../survival/levels.js";
import { type CompetingRisksData, competingRisksData } from "./competingRisksData.js";

/**
 * Gray's K-sample test for equality of the cumulative incidence of one cause between groups
 * (Gray, Ann Stat 1988;16:1141), with the conventions of R's cmprsk::cuminc (crstm):
 *
 * - Score of group j: Σ_t W(t)·[d_j(t) − d(t)·R_j(t)/R(t)], comparing each group's subdistribution
 *   hazard with the pooled one, where R_j(t) = n_j(t)·(1 − F_j(t−))/S_j(t−) is the group's "risk
 *   set" for the subdistribution (n_j at risk, F_j its cumulative incidence and S_j its
 *   Kaplan–Meier of being free of every cause, both left-continuous) and W(t) = (1 − F(t−))^ρ with
 *   F the pooled estimate; ρ = 0 (default) weights every time alike.
 * - Variance of the first K − 1 scores from Gray's asymptotic expansion, with the hypergeometric
 *   correction for tied events; with strata, scores and variances are summed over strata.
 * - chisq = sᵀV⁻¹s on K − 1 degrees of freedom. When V is singular (e.g. a group with no one at
 *   risk at any event time) cuminc reports −1 and p = 1; carta reports chisq and p as NaN (R's NA)
 *   instead, with a warning.
 * - p = pchisq(chisq, K − 1, lower.tail = FALSE); cuminc prints 1 − pchisq(…), equal to it except
 *   where 1 − P loses the digits of a very small p.
 */

export interface GrayTestOptions {
  time: ArrayLike<number>;
  /** 0 = censored, a positive integer = the cause of the event. */
  status: ArrayLike<number>;
  /** The cause whose cumulative incidence is compared. */
  cause: number;
  /** Group of each observation (at least two distinct values). */
  group: ArrayLike<number | string>;
  /** Strata: groups are compared within strata. */
  strata?: ArrayLike<number | string>;
  /** Power ρ of the weight (1 − F(t−))^ρ; default 0. */
  rho?: number;
}

export interface GrayTestResult {
  method: "gray";
  cause: number;
  rho: number;
  chisq: number;
  df: number;
  /** Upper-tail chi-square p-value; NaN when the variance is singular. */
  p: number;
  /** Scores of the first K − 1 groups (factor order), summed over strata. */
  score: Float64Array;
  /** Their (K − 1)×(K − 1) covariance, row-major. */
  variance: Float64Array;
  warnings: string[];
}

// cuminc checks the rank of V with qr(), whose default tolerance is 1e-7.
const RANK_TOLERANCE = 1e-7;

export function grayTest(options: GrayTestOptions): GrayTestResult {
  const data = competingRisksData("grayTest", options.time, options.status);
  const { n } = data;
  if (options.group.length !== n) {
    throw new RangeError(`grayTest: time has ${n} values but group has ${options.group.length}`);
  }
  if (options.strata && options.strata.length !== n) {
    throw new RangeError(`grayTest: time has ${n} values but strata has ${options.strata.length}`);
  }
  const rho = options.rho ?? 0;
  if (!Number.isFinite(rho)) throw new RangeError(`grayTest: rho must be finite, got ${rho}`);
  if (!Number.isInteger(options.cause) || options.cause < 1) {
    throw new RangeError(`grayTest: cause must be a positive integer, got ${options.cause}`);
  }
  const groups = levelsOf(options.group, "grayTest: group");
  if (groups.labels.length < 2) throw new RangeError("grayTest: there is only 1 group");
  const strata = options.strata ? levelsOf(options.strata, "grayTest: strata").codes : null;
  return grayTestSorted(data, options.cause, groups.codes, groups.labels.length, strata, rho);
}

/** Gray's test on validated data, groups (and strata) coded 0-based. */
export function grayTestSorted(
  data: CompetingRisksData,
  cause: number,
  group: Uint32Array,
  nGroups: number,
  strata: Uint32Array | null,
  rho: number,
): GrayTestResult {
  const k1 = nGroups - 1;
  const score = new Float64Array(k1);
  const variance = new Float64Array(k1 * k1);
  let nStrata = 1;
  if (strata) for (const code of strata) if (code >= nStrata) nStrata = code + 1;
  const members: number[][] = Array.from({ length: nStrata }, () => []);
  for (let r = 0; r < data.n; r++) {
    const i = data.order[r]!;
    members[strata ? strata[i]! : 0]!.push(i);
  }
  for (const rows of members) {
    if (rows.length > 0) addStratum(data, rows, cause, group, nGroups, rho, score, variance);
  }
  // crstm accumulates the lower triangle only; mirror it.
  for (let i = 0; i < k1; i++) for (let j = 0; j < i; j++) variance[j * k1 + i] = variance[i * k1 + j]!;

  const warnings: string[] = [];
  let chisq = Number.NaN;
  if (ldlFactor(variance, k1, RANK_TOLERANCE).rank === k1) {
    const solved = solveLinear(variance, k1, score);
    chisq = 0;
    for (let i = 0; i < k1; i++) chisq += score[i]! * solved[i]!;
  } else {
    warnings.push(
      `Gray's test for cause ${cause}: the variance of the scores is singular (a group with no one at ` +
        "risk at the event times?); the statistic is undefined (cuminc reports -1)",
    );
  }
  return {
    method: "gray",
    cause,
    rho,
    chisq,
    df: k1,
    p: Number.isNaN(chisq) ? Number.NaN : chisqUpperTail(chisq, k1),
    score,
    variance,
    warnings,
  };
}

/**
 * One stratum's contribution (cmprsk's crst), added to score and to the lower triangle of
 * variance. The order of operations follows crst so that the statistic agrees to rounding.
 */
function addStratum(
  data: CompetingRisksData,
  rows: readonly number[],
  cause: number,
  group: Uint32Array,
  ng: number,
  rho: number,
  score: Float64Array,
  variance: Float64Array,
): void {
  const { time, status } = data;
  const n = rows.length;
  const k1 = ng - 1;
  const atRisk = new Float64Array(ng);
  for (const i of rows) atRisk[group[i]!]!++;
  // Per group: cumulative incidence and event-free Kaplan–Meier, left (…Before) and right limits.
  const incidenceBefore = new Float64Array(ng);
  const incidence = new Float64Array(ng);
  const survivalBefore = new Float64Array(ng).fill(1);
  const survival = new Float64Array(ng).fill(1);
  const v3 = new Float64Array(ng);
  const v2 = new Float64Array(k1 * ng);
  const c = new Float64Array(ng * ng);
  const a = new Float64Array(ng * ng);
  const v = new Float64Array(k1 * k1);
  const s = new Float64Array(k1);
  const ofCause = new Float64Array(ng);
  const ofOther = new Float64Array(ng);
  let pooledBefore = 0;
  let pooled = 0;

  for (let start = 0; start < n; ) {
    const t = time[rows[start]!]!;
    let end = start;
    ofCause.fill(0);
    ofOther.fill(0);
    for (; end < n && time[rows[end]!] === t; end++) {
      const i = rows[end]!;
      if (status[i] === cause) ofCause[group[i]!]!++;
      else if (status[i] !== 0) ofOther[group[i]!]!++;
    }
    let nd1 = 0;
    let nd2 = 0;
    for (let g = 0; g < ng; g++) {
      nd1 += ofCause[g]!;
      nd2 += ofOther[g]!;
    }
    if (nd1 > 0 || nd2 > 0) {
      // tr = Σ_j n_j/S_j(t−) and tq = Σ_j R_j(t), over the groups with someone at risk.
      let tr = 0;
      let tq = 0;
      for (let g = 0; g < ng; g++) {
        const r = atRisk[g]!;
        if (r <= 0) continue;
        survival[g] = (survivalBefore[g]! * (r - (ofCause[g]! + ofOther[g]!))) / r;
        incidence[g] = incidenceBefore[g]! + (survivalBefore[g]! * ofCause[g]!) / r;
        tr += r / survivalBefore[g]!;
        tq += (r * (1 - incidenceBefore[g]!)) / survivalBefore[g]!;
      }
      pooled = pooledBefore + nd1 / tr;
      const weight = (1 - pooledBefore) ** rho;
      for (let i = 0; i < ng; i++) {
        for (let j = i; j < ng; j++) a[i * ng + j] = 0;
        const ri = atRisk[i]!;
        if (ri <= 0) continue;
        const t1 = ri / survivalBefore[i]!;
        a[i * ng + i] = weight * t1 * (1 - t1 / tr);
        c[i * ng + i]! += (a[i * ng + i]! * nd1) / (tr * (1 - pooledBefore));
        for (let j = i + 1; j < ng; j++) {
          if (atRisk[j]! <= 0) continue;
          a[i * ng + j] = (-weight * t1 * atRisk[j]!) / (survivalBefore[j]! * tr);
          c[i * ng + j]! += (a[i * ng + j]! * nd1) / (tr * (1 - pooledBefore));
        }
      }
      for (let i = 1; i < ng; i++) {
        for (let j = 0; j < i; j++) {
          a[i * ng + j] = a[j * ng + i]!;
          c[i * ng + j] = c[j * ng + i]!;
        }
      }
      for (let i = 0; i < k1; i++) {
        const ri = atRisk[i]!;
        if (ri <= 0) continue;
        s[i]! += weight * (ofCause[i]! - (nd1 * ri * (1 - incidenceBefore[i]!)) / (survivalBefore[i]! * tq));
      }
      if (nd1 > 0) {
        for (let k = 0; k < ng; k++) {
          const rk = atRisk[k]!;
          if (rk <= 0) continue;
          const t4 = survival[k]! > 0 ? 1 - (1 - pooled) / survival[k]! : 1;
          const t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * survivalBefore[k]! - 1) : 1;
          const t3 = (t5 * survivalBefore[k]! * nd1) / (tr * rk);
          v3[k]! += t4 * t4 * t3;
          for (let i = 0; i < k1; i++) {
            const t1 = a[i * ng + k]! - t4 * c[i * ng + k]!;
            v2[i * ng + k]! += t1 * t4 * t3;
            for (let j = 0; j <= i; j++) {
              const t2 = a[j * ng + k]! - t4 * c[j * ng + k]!;
              v[i * k1 + j]! += t1 * t2 * t3;
            }
          }
        }
      }
      if (nd2 > 0) {
        for (let k = 0; k < ng; k++) {
          const dk = ofOther[k]!;
          if (survival[k]! <= 0 || dk <= 0) continue;
          const rk = atRisk[k]!;
          const t4 = (1 - pooled) / survival[k]!;
          const t5 = dk > 1 ? 1 - (dk - 1) / (rk - 1) : 1;
          const t3 = (t5 * (survivalBefore[k]! * survivalBefore[k]! * dk)) / (rk * rk);
          v3[k]! += t4 * t4 * t3;
          for (let i = 0; i < k1; i++) {
            const t1 = t4 * c[i * ng + k]!;
            v2[i * ng + k]! -= t1 * t4 * t3;
            for (let j = 0; j <= i; j++) {
              const t2 = t4 * c[j * ng + k]!;
              v[i * k1 + j]! += t1 * t2 * t3;
            }
          }
        }
      }
    }
    if (end >= n) break;
    for (let r = start; r < end; r++) atRisk[group[rows[r]!]!]!--;
    pooledBefore = pooled;
    incidenceBefore.set(incidence);
    survivalBefore.set(survival);
    start = end;
  }
  for (let i = 0; i < k1; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = v[i * k1 + j]!;
      for (let k = 0; k < ng; k++) {
        sum += c[i * ng + k]! * c[j * ng + k]! * v3[k]!;
        sum += c[i * ng + k]! * v2[j * ng + k]!;
        sum += c[j * ng + k]! * v2[i * ng + k]!;
      }
      variance[i * k1 + j]! += sum;
    }
    score[i]! += s[i]!;
  }
}
