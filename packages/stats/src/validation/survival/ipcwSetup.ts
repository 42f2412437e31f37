import { normalQuantile } from "../../distributions/normal.js";
import {
  type CensoringWeights,
  censoringSurvivalBeforeOwnTime,
  censoringWeights,
} from "./censoringWeights.js";
import {
  checkHorizons,
  type RiskPredictions,
  risksAtHorizons,
  type SurvivalOutcome,
  type SurvivalOutcomeInput,
  survivalOutcome,
} from "./outcome.js";

/** What the time-dependent AUC and Brier score take besides the outcome and the predictions. */
export interface IpcwMetricOptions extends SurvivalOutcomeInput, RiskPredictions {
  /** Horizons τ, each within follow-up (≤ the last observed time). */
  horizons: ArrayLike<number>;
  /** Ignore the estimation of G in the standard error; default false (Score's default). */
  conservative?: boolean;
  /** Coverage of the confidence limits; default 0.95. */
  confLevel?: number;
}

/** The checked inputs and censoring weights every IPCW metric starts from. */
export interface IpcwSetup {
  conservative: boolean;
  confLevel: number;
  outcome: SurvivalOutcome;
  horizons: Float64Array;
  risks: Float64Array[];
  weights: CensoringWeights;
  /** G(Tᵢ−) per subject. */
  before: Float64Array;
  /** Normal quantile of the two-sided confidence level. */
  z: number;
}

/**
 * Validates the options (naming `what` in errors) and computes the reverse-Kaplan–Meier censoring
 * weights once; `probability` requires predicted risks in [0, 1] (Brier) rather than any score (AUC).
 */
export function ipcwSetup(options: IpcwMetricOptions, probability: boolean, what: string): IpcwSetup {
  const { conservative = false, confLevel = 0.95 } = options;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`${what}: confLevel must lie strictly between 0 and 1, got ${confLevel}`);
  }
  const outcome = survivalOutcome(options, what);
  const horizons = checkHorizons(options.horizons, outcome, what);
  const risks = risksAtHorizons(options, horizons.length, outcome.n, probability, what);
  const weights = censoringWeights(outcome);
  return {
    conservative,
    confLevel,
    outcome,
    horizons,
    risks,
    weights,
    before: censoringSurvivalBeforeOwnTime(weights),
    z: normalQuantile(1 - (1 - confLevel) / 2),
  };
}
