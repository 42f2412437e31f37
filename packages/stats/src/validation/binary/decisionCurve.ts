import { binaryInputs } from "./inputs.js";

/**
 * Decision-curve analysis (Vickers & Elkin, Med Decis Making 2006;26:565; Vickers et al., BMJ
 * 2016;352:i6): at a risk threshold t, treating everyone whose predicted risk is at least t has
 *
 *     net benefit = TP/n − FP/n · t/(1 − t),
 *
 * true and false positives counted among all n patients; the odds t/(1 − t) are the harm of an
 * unnecessary treatment relative to the benefit of a necessary one that the threshold implies.
 * Reference strategies: treat all, prevalence − (1 − prevalence)·t/(1 − t), and treat none, 0.
 * A patient is treated when predicted ≥ t (as dcurves::dca), so the curve is right-continuous.
 */

export interface DecisionCurveOptions {
  /** Predicted probabilities in [0, 1]. */
  predicted: ArrayLike<number>;
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
  /** Risk thresholds, each in [0, 1); thresholdSequence(0.05, 0.5, 0.05) gives R's seq(). */
  thresholds: ArrayLike<number>;
}

export interface DecisionCurvePoint {
  threshold: number;
  netBenefit: number;
  netBenefitTreatAll: number;
  netBenefitTreatNone: number;
  /** Patients with predicted ≥ threshold, with and without the event. */
  truePositives: number;
  falsePositives: number;
}

export interface DecisionCurveResult {
  method: "net-benefit";
  treatRule: "predicted >= threshold";
  n: number;
  nEvents: number;
  prevalence: number;
  points: DecisionCurvePoint[];
}

export function decisionCurve(options: DecisionCurveOptions): DecisionCurveResult {
  const { p, y, events } = binaryInputs("decisionCurve", options.predicted, options.outcome, "closed-unit");
  const n = p.length;
  const prevalence = events / n;
  const points: DecisionCurvePoint[] = [];
  for (let k = 0; k < options.thresholds.length; k++) {
    const t = options.thresholds[k]!;
    if (!(t >= 0 && t < 1))
      throw new RangeError(`decisionCurve: thresholds[${k}] is ${t}; expected a risk in [0, 1)`);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (p[i]! >= t) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    const odds = t / (1 - t);
    points.push({
      threshold: t,
      netBenefit: tp / n - (fp / n) * odds,
      netBenefitTreatAll: prevalence - ((1 - prevalence) * t) / (1 - t),
      netBenefitTreatNone: 0,
      truePositives: tp,
      falsePositives: fp,
    });
  }
  return {
    method: "net-benefit",
    treatRule: "predicted >= threshold",
    n,
    nEvents: events,
    prevalence,
    points,
  };
}

/**
 * from, from + by, …, up to `to`, computed as R's seq(from, to, by = by) does — from + i·by with
 * a 1e-10 allowance on the count and the last value capped at `to` — so that a CLI range such as
 * 0.05:0.5:0.05 gives R's thresholds bit for bit.
 */
export function thresholdSequence(from: number, to: number, by: number): number[] {
  if (![from, to, by].every(Number.isFinite)) {
    throw new RangeError(`thresholdSequence: from, to and by must be finite, got ${from}, ${to}, ${by}`);
  }
  if (!(by > 0)) throw new RangeError(`thresholdSequence: by must be positive, got ${by}`);
  const del = to - from;
  if (del < 0) throw new RangeError(`thresholdSequence: to (${to}) is below from (${from})`);
  if (del === 0 && to === 0) return [to];
  if (del / Math.max(Math.abs(to), Math.abs(from)) < 100 * Number.EPSILON) return [from];
  const count = Math.trunc(del / by + 1e-10);
  if (count > 100_000) throw new RangeError(`thresholdSequence: ${count + 1} values is too many`);
  const values: number[] = [];
  for (let i = 0; i <= count; i++) values.push(Math.min(from + i * by, to));
  return values;
}
