import { binaryInputs } from "./inputs.js";

/**
 * Brier score, the mean squared difference between predicted risk and outcome (Brier, Mon Weather
 * Rev 1950;78:1): mean((p − y)²), as rms::val.prob's "Brier". 0 is perfect; a constant prediction
 * at the prevalence π scores π(1 − π).
 */

export interface BrierOptions {
  /** Predicted probabilities in [0, 1]. */
  predicted: ArrayLike<number>;
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
}

export interface BrierResult {
  method: "brier";
  n: number;
  nEvents: number;
  brier: number;
  /** The Brier score of predicting the observed prevalence for everyone, π(1 − π). */
  brierNull: number;
}

export function brierScore(options: BrierOptions): BrierResult {
  const { p, y, events } = binaryInputs("brierScore", options.predicted, options.outcome, "closed-unit");
  const n = p.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - y[i]!;
    sum += d * d;
  }
  const prevalence = events / n;
  return { method: "brier", n, nEvents: events, brier: sum / n, brierNull: prevalence * (1 - prevalence) };
}
