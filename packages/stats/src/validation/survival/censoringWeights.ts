import { lastIndexAtOrBefore, type SurvivalOutcome } from "./outcome.js";

/**
 * Inverse-probability-of-censoring weights from the marginal (reverse) Kaplan–Meier estimate of
 * the censoring distribution, with the conventions of riskRegression::Score(cens.model = "km"),
 * which takes them from prodlim::prodlim(reverse = TRUE) (Gerds & Schumacher, Biom J
 * 2006;48:1029):
 *
 * - G(t) = Π over distinct times u ≤ t of (1 − c(u) / (Y(u) − d(u))): censorings at u come after
 *   the events at u, so those who die at u are not at risk of being censored there.
 * - A case (event at Tᵢ ≤ τ) is weighted by 1/G(Tᵢ−), G just before its own time; a control
 *   (Tᵢ > τ) by 1/G(τ); anyone censored at or before τ gets weight 0.
 *
 * Standard errors that account for estimating G (Score's conservative = FALSE) add the influence
 * of the censoring hazard. riskRegression takes it from the Nelson–Aalen estimator of the
 * censoring hazard Λ_C (getInfluenceFunctionKM, author T. Gerds), with Y(u) counting everyone with
 * time ≥ u: for subject k and time s,
 *   f_k(s) = n·[T_k ≤ s, δ_k = 0] / Y(T_k) − Σ_{u ≤ min(T_k, s)} n·c(u) / Y(u)²,
 * and since d(1/G(s)) = (1/G(s))·dΛ_C(s), weighted sums Σ wᵢ·aᵢ pick up Σ wᵢ·aᵢ·f_k(sᵢ)/n.
 */
export interface CensoringWeights {
  outcome: SurvivalOutcome;
  /** G at each distinct time of the outcome. */
  survival: Float64Array;
  /** Σ_{v ≤ u} n·c(v)/Y(v)² at each distinct time u: the compensator part of f_k. */
  hazardInfluence: Float64Array;
}

export function censoringWeights(outcome: SurvivalOutcome): CensoringWeights {
  const { distinctTimes, atRisk, events, censored, n } = outcome;
  const m = distinctTimes.length;
  const survival = new Float64Array(m);
  const hazardInfluence = new Float64Array(m);
  let g = 1;
  let cumulative = 0;
  for (let k = 0; k < m; k++) {
    const c = censored[k]!;
    // c > 0 implies Y − d ≥ c > 0; skipping c = 0 avoids 0/0 where the last ones at risk all die.
    if (c > 0) g *= 1 - c / (atRisk[k]! - events[k]!);
    survival[k] = g;
    cumulative += (n * c) / (atRisk[k]! * atRisk[k]!);
    hazardInfluence[k] = cumulative;
  }
  return { outcome, survival, hazardInfluence };
}

/** G(t): the censoring survival at t (1 before the first observed time). */
export function censoringSurvivalAt(weights: CensoringWeights, t: number): number {
  const k = lastIndexAtOrBefore(weights.outcome.distinctTimes, t);
  return k < 0 ? 1 : weights.survival[k]!;
}

/** G(Tᵢ−) for every subject: the censoring survival just before the subject's own time. */
export function censoringSurvivalBeforeOwnTime(weights: CensoringWeights): Float64Array {
  const { timeIndex, n } = weights.outcome;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = timeIndex[i]!;
    out[i] = k === 0 ? 1 : weights.survival[k - 1]!;
  }
  return out;
}

/**
 * The censoring part of the influence function of a weighted sum over the cases at horizon τ,
 * for every subject k:
 *   atCaseTimes[k] = Σ_{cases i} aᵢ·f_k(Tᵢ−)   and   atHorizon[k] = f_k(τ),
 * where aᵢ (`caseValues`, indexed by subject, 0 for non-cases) already carries the case weight
 * 1/G(Tᵢ−). A sum over controls (weight 1/G(τ)) picks up f_k(τ) times that sum.
 */
export function censoringInfluence(
  weights: CensoringWeights,
  horizon: number,
  caseValues: Float64Array,
): { atCaseTimes: Float64Array; atHorizon: Float64Array } {
  const { outcome, hazardInfluence } = weights;
  const { n, timeIndex, event, atRisk, distinctTimes } = outcome;
  const m = distinctTimes.length;
  // Per distinct time: the case values there, the sum of those at later times, and the running
  // sum of aᵢ·Σ_{u < Tᵢ} n·c(u)/Y(u)² over cases up to that time.
  const atTime = new Float64Array(m);
  for (let i = 0; i < n; i++) if (caseValues[i] !== 0) atTime[timeIndex[i]!]! += caseValues[i]!;
  const later = new Float64Array(m);
  for (let k = m - 2; k >= 0; k--) later[k] = later[k + 1]! + atTime[k + 1]!;
  const earlier = new Float64Array(m);
  let running = 0;
  for (let k = 0; k < m; k++) {
    if (k > 0) running += atTime[k]! * hazardInfluence[k - 1]!;
    earlier[k] = running;
  }
  const horizonIndex = lastIndexAtOrBefore(distinctTimes, horizon);
  const compensatorAtHorizon = horizonIndex < 0 ? 0 : hazardInfluence[horizonIndex]!;
  const atCaseTimes = new Float64Array(n);
  const atHorizon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = timeIndex[i]!;
    const jump = event[i] === 0 ? n / atRisk[k]! : 0;
    // Cases after Tᵢ see all of subject i's martingale up to Tᵢ; cases at or before Tᵢ only
    // the compensator before their own time.
    atCaseTimes[i] = (jump - hazardInfluence[k]!) * later[k]! - earlier[k]!;
    atHorizon[i] = k <= horizonIndex ? jump - hazardInfluence[k]! : -compensatorAtHorizon;
  }
  return { atCaseTimes, atHorizon };
}

/** Sample standard deviation (n − 1 denominator, as R's sd) divided by √n. */
export function standardErrorOfMean(influence: Float64Array): number {
  const n = influence.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += influence[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = influence[i]! - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
}
