import type { PathLoss } from "./loss.js";

/**
 * Risk sets of right-censored data sorted by time, the textbook way (Cox 1972; Kalbfleisch &
 * Prentice 2002, §4.2): at an event time t the risk set is every row with time ≥ t, so a row
 * censored at t is still at risk at t. Rows are grouped by exact time value; ties among events
 * are handled by Breslow's approximation (all d_t events of a time share one risk-set sum).
 *
 * glmnet 4.1.6's Fortran coxnet instead sorts with an unstable quicksort and cuts the risk sets
 * just before the first event row of each time, after nudging censored times up by 100·ε
 * (absolute); from t ≥ 256 that nudge is below half an ulp and vanishes, and a row censored at
 * an event time may then sort before the event and fall out of its risk set (docs/glmnet.md).
 */
export interface CoxRiskSets {
  n: number;
  /** Start of each group of equal times in the sorted rows; groupStart[groups] = n. */
  groupStart: Int32Array;
  groups: number;
  /** 1/0 per sorted row. */
  event: Float64Array;
  /** Σ w·event per group, for the weights the sets were built with. */
  deathWeight: Float64Array;
}

/** Row indices ordered by increasing time (ties kept in input order). */
export function orderByTime(time: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: time.length }, (_, i) => i);
  return order.sort((a, b) => time[a]! - time[b]! || a - b);
}

/** Risk sets for rows already sorted by time, with weights w in the same order. */
export function coxRiskSets(
  sortedTime: Float64Array,
  sortedEvent: Float64Array,
  w: Float64Array,
): CoxRiskSets {
  const n = sortedTime.length;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sortedTime[i] !== sortedTime[i - 1]) starts.push(i);
  const groups = starts.length;
  const groupStart = new Int32Array(groups + 1);
  groupStart.set(starts);
  groupStart[groups] = n;
  const deathWeight = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let d = 0;
    for (let i = groupStart[g]!; i < groupStart[g + 1]!; i++) d += w[i]! * sortedEvent[i]!;
    deathWeight[g] = d;
  }
  return { n, groupStart, groups, event: sortedEvent, deathWeight };
}

/** −Σ_t d_t log d_t: the Breslow log partial likelihood of the saturated model. */
export function coxSaturatedLogLikelihood(sets: CoxRiskSets): number {
  let s = 0;
  for (let g = 0; g < sets.groups; g++) {
    const d = sets.deathWeight[g]!;
    if (d > 0) s -= d * Math.log(d);
  }
  return s;
}

/**
 * The negative Breslow log partial likelihood L(η) = −Σ_i w_i δ_i η_i + Σ_t d_t log Σ_{time ≥ t} w_j e^{η_j},
 * with r = −∂L/∂η = w δ − e·B (B the Breslow cumulative hazard Σ_{t ≤ time_i} d_t/S_t) and v the
 * diagonal of ∂²L/∂η², e·B − e²·Σ d_t/S_t² — the quantities of glmnet's outer(). η is shifted by its
 * maximum before exponentiating, so no term overflows.
 */
export function coxLoss(sets: CoxRiskSets, w: Float64Array): PathLoss {
  const { n, groupStart, groups, event, deathWeight } = sets;
  const e = new Float64Array(n);
  const riskSum = new Float64Array(groups);

  const accumulate = (eta: Float64Array): number => {
    let shift = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) if (w[i]! > 0 && eta[i]! > shift) shift = eta[i]!;
    if (!Number.isFinite(shift)) shift = 0;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      e[i] = w[i]! * Math.exp(eta[i]! - shift);
      loss -= w[i]! * event[i]! * eta[i]!;
    }
    let acc = 0;
    for (let g = groups - 1; g >= 0; g--) {
      for (let i = groupStart[g]!; i < groupStart[g + 1]!; i++) acc += e[i]!;
      riskSum[g] = acc;
      const d = deathWeight[g]!;
      if (d > 0) loss += d * (Math.log(Math.max(acc, Number.MIN_VALUE)) + shift);
    }
    return loss;
  };

  return {
    saturated: -coxSaturatedLogLikelihood(sets),
    value: accumulate,
    working(eta, r, v) {
      const loss = accumulate(eta);
      let hazard = 0;
      let hazard2 = 0;
      for (let g = 0; g < groups; g++) {
        const d = deathWeight[g]!;
        const s = riskSum[g]!;
        if (d > 0 && s > 0) {
          hazard += d / s;
          hazard2 += d / (s * s);
        }
        for (let i = groupStart[g]!; i < groupStart[g + 1]!; i++) {
          const ei = e[i]!;
          r[i] = w[i]! * event[i]! - ei * hazard;
          const h = ei * hazard - ei * ei * hazard2;
          v[i] = Math.max(h, 0);
        }
      }
      return loss;
    },
  };
}
