import { binaryInputs } from "./inputs.js";

/**
 * Log loss (cross-entropy), the mean negative log-likelihood of the outcomes under the predicted
 * risks: −mean(y·log p + (1 − y)·log(1 − p)), natural logarithm.
 *
 * A prediction of exactly 0 for an event (or 1 for a non-event) makes it infinite. By default such
 * input is refused: every prediction must lie strictly between 0 and 1. With `clamp` = c (for
 * instance 1e-15, scikit-learn's historical default) predictions are first moved into [c, 1 − c],
 * which caps each observation's contribution at −log c, and the result reports the clamp used.
 */

export interface LogLossOptions {
  /** Predicted probabilities: in (0, 1), or [0, 1] with clamp. */
  predicted: ArrayLike<number>;
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
  /** Clamp predictions into [clamp, 1 − clamp] first; 0 < clamp < 0.5. Default: no clamp, refuse 0 and 1. */
  clamp?: number;
}

export interface LogLossResult {
  method: "log-loss";
  n: number;
  logLoss: number;
  /** The clamp applied, or null when predictions were used as given. */
  clamp: number | null;
  /** How many predictions the clamp moved. */
  nClamped: number;
}

export function logLoss(options: LogLossOptions): LogLossResult {
  const { clamp } = options;
  if (clamp !== undefined && !(clamp > 0 && clamp < 0.5)) {
    throw new RangeError(`logLoss: clamp must be in (0, 0.5), got ${clamp}`);
  }
  const range = clamp === undefined ? "open-unit" : "closed-unit";
  const { p, y } = binaryInputs("logLoss", options.predicted, options.outcome, range);
  const n = p.length;
  let sum = 0;
  let clamped = 0;
  for (let i = 0; i < n; i++) {
    let pi = p[i]!;
    if (clamp !== undefined && (pi < clamp || pi > 1 - clamp)) {
      pi = Math.min(Math.max(pi, clamp), 1 - clamp);
      clamped++;
    }
    sum += y[i] === 1 ? Math.log(pi) : Math.log(1 - pi);
  }
  return { method: "log-loss", n, logLoss: -sum / n, clamp: clamp ?? null, nClamped: clamped };
}
