import { normalCdf, normalQuantile } from "../../distributions/normal.js";
import { binaryInputs, requireBothClasses } from "./inputs.js";

/**
 * Area under the ROC curve with DeLong's variance, as R's pROC computes it (Robin et al., BMC
 * Bioinformatics 2011;12:77; pROC 1.18 ci.auc(method = "delong"), var(), roc.test(method =
 * "delong", paired = TRUE)):
 *
 * - AUC = P(score of an event > score of a non-event) + ½·P(tie), the Mann–Whitney statistic.
 *   A higher prediction always means "more likely the event" (pROC's direction "<"); carta does
 *   not flip an AUC below ½ the way pROC's direction = "auto" would.
 * - DeLong, DeLong & Clarke-Pearson (Biometrics 1988;44:837): the placement of each event is the
 *   share of non-events it outranks (ties ½), V₁₀; of each non-event the share of events that
 *   outrank it, V₀₁; var(AUC) = s²(V₁₀)/m + s²(V₀₁)/n with sample variances (divisor m − 1, n − 1)
 *   over the m events and n non-events. Placements come from one sort and a sweep over tied
 *   groups (Sun & Xu, IEEE Signal Process Lett 2014;21:1389), O(N log N).
 * - The interval is computed on the AUC scale, AUC ± Φ⁻¹(1 − α/2)·se, and clipped to [0, 1], as
 *   ci.auc does (not on the logit scale).
 * - The paired test of two predictions for the same patients uses the covariance of their
 *   placements: z = (AUC₁ − AUC₂)/sd, sd² = Lᵀ(S₁₀/m + S₀₁/n)L with L = (1, −1); two-sided p.
 */

export interface AucOptions {
  /** Predicted risk (or any score where higher means more likely the event). */
  predicted: ArrayLike<number>;
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
  /** Coverage of the DeLong interval; default 0.95. */
  confLevel?: number;
}

export interface AucResult {
  method: "delong";
  n: number;
  nEvents: number;
  nNonevents: number;
  auc: number;
  /** DeLong variance of the AUC, and its square root. */
  variance: number;
  stdErr: number;
  confLevel: number;
  /** auc ± z·stdErr, clipped to [0, 1]. */
  lower: number;
  upper: number;
}

export interface AucComparisonOptions {
  /** Two predictions for the same observations. */
  predicted1: ArrayLike<number>;
  predicted2: ArrayLike<number>;
  outcome: ArrayLike<number>;
  /** Coverage of the interval for the difference; default 0.95. */
  confLevel?: number;
}

export interface AucComparison {
  method: "delong-paired";
  n: number;
  nEvents: number;
  nNonevents: number;
  auc1: number;
  auc2: number;
  /** auc1 − auc2, its DeLong standard error, z and two-sided p-value. */
  difference: number;
  stdErr: number;
  z: number;
  p: number;
  confLevel: number;
  /** difference ± z·stdErr (not clipped). */
  lower: number;
  upper: number;
}

interface Placements {
  /** Per event (in input order of the events): share of non-events outranked, ties ½. */
  events: Float64Array;
  /** Per non-event: share of events that outrank it, ties ½. */
  nonevents: Float64Array;
  auc: number;
}

function placements(p: Float64Array, y: Uint8Array, nEvents: number): Placements {
  const n = p.length;
  const nNon = n - nEvents;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  // Rank of each observation among its own class, in input order, so the outputs keep that order.
  const classIndex = new Int32Array(n);
  let e = 0;
  let c = 0;
  for (let i = 0; i < n; i++) classIndex[i] = y[i] === 1 ? e++ : c++;
  const events = new Float64Array(nEvents);
  const nonevents = new Float64Array(nNon);
  let nonBelow = 0;
  let eventsBelow = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && p[order[end]!] === p[order[start]!]) end++;
    let tiedEvents = 0;
    for (let k = start; k < end; k++) tiedEvents += y[order[k]!]!;
    const tiedNon = end - start - tiedEvents;
    const eventPlacement = (nonBelow + 0.5 * tiedNon) / nNon;
    const nonPlacement = (nEvents - eventsBelow - tiedEvents + 0.5 * tiedEvents) / nEvents;
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      if (y[i] === 1) events[classIndex[i]!] = eventPlacement;
      else nonevents[classIndex[i]!] = nonPlacement;
    }
    nonBelow += tiedNon;
    eventsBelow += tiedEvents;
    start = end;
  }
  let sum = 0;
  for (let i = 0; i < nEvents; i++) sum += events[i]!;
  return { events, nonevents, auc: sum / nEvents };
}

function covariance(a: Float64Array, meanA: number, b: Float64Array, meanB: number): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - meanA) * (b[i]! - meanB);
  return sum / (a.length - 1);
}

function checkConfLevel(caller: string, confLevel: number): void {
  if (!(confLevel > 0 && confLevel < 1))
    throw new RangeError(`${caller}: confLevel must be in (0, 1), got ${confLevel}`);
}

export function auc(options: AucOptions): AucResult {
  const { confLevel = 0.95 } = options;
  checkConfLevel("auc", confLevel);
  const { p, y, events } = binaryInputs("auc", options.predicted, options.outcome, "finite");
  const n = p.length;
  // DeLong's sample variances need two of each class (pROC returns NA below that).
  requireBothClasses("auc", n, events, 2);
  const v = placements(p, y, events);
  const variance =
    covariance(v.events, v.auc, v.events, v.auc) / events +
    covariance(v.nonevents, v.auc, v.nonevents, v.auc) / (n - events);
  const stdErr = Math.sqrt(variance);
  const alpha = (1 - confLevel) / 2;
  return {
    method: "delong",
    n,
    nEvents: events,
    nNonevents: n - events,
    auc: v.auc,
    variance,
    stdErr: stdErr,
    confLevel: confLevel,
    lower: Math.max(0, v.auc + stdErr * normalQuantile(alpha)),
    upper: Math.min(1, v.auc + stdErr * normalQuantile(1 - alpha)),
  };
}

export function compareAucDelong(options: AucComparisonOptions): AucComparison {
  const { confLevel = 0.95 } = options;
  checkConfLevel("compareAucDelong", confLevel);
  const first = binaryInputs("compareAucDelong", options.predicted1, options.outcome, "finite", "predicted1");
  const second = binaryInputs(
    "compareAucDelong",
    options.predicted2,
    options.outcome,
    "finite",
    "predicted2",
  );
  const { y, events } = first;
  const n = y.length;
  requireBothClasses("compareAucDelong", n, events, 2);
  const r = placements(first.p, y, events);
  const s = placements(second.p, y, events);
  const m = events;
  const k = n - events;
  const s11 =
    covariance(r.events, r.auc, r.events, r.auc) / m + covariance(r.nonevents, r.auc, r.nonevents, r.auc) / k;
  const s12 =
    covariance(r.events, r.auc, s.events, s.auc) / m + covariance(r.nonevents, r.auc, s.nonevents, s.auc) / k;
  const s22 =
    covariance(s.events, s.auc, s.events, s.auc) / m + covariance(s.nonevents, s.auc, s.nonevents, s.auc) / k;
  // Lᵀ S L with L = (1, −1), in the order R's L %*% S %*% L sums it.
  const sd = Math.sqrt(s11 - s12 - (s12 - s22));
  const difference = r.auc - s.auc;
  let z: number;
  if (sd > 0) {
    z = difference / sd;
  } else if (difference === 0) {
    // pROC's convention for two curves whose difference has no variance and no size.
    z = 0;
  } else {
    throw new RangeError(
      `compareAucDelong: the AUCs differ (${r.auc} vs ${s.auc}) but the DeLong variance of the difference is 0 ` +
        "(e.g. a perfect and a constant predictor); there is no z test",
    );
  }
  const crit = normalQuantile(1 - (1 - confLevel) / 2);
  return {
    method: "delong-paired",
    n,
    nEvents: m,
    nNonevents: k,
    auc1: r.auc,
    auc2: s.auc,
    difference,
    stdErr: sd,
    z,
    p: 2 * normalCdf(-Math.abs(z)),
    confLevel: confLevel,
    lower: difference - crit * sd,
    upper: difference + crit * sd,
  };
}
