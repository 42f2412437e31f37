import {
  type CensoringWeights,
  censoringInfluence,
  censoringSurvivalAt,
  standardErrorOfMean,
} from "./censoringWeights.js";
import { type IpcwMetricOptions, ipcwSetup } from "./ipcwSetup.js";
import { lastIndexAtOrBefore, type SurvivalOutcome } from "./outcome.js";

/**
 * Time-dependent Brier score with inverse-probability-of-censoring weights (Graf, Schmoor,
 * Sauerbrei & Schumacher, Stat Med 1999;18:2529; Gerds & Schumacher, Biom J 2006;48:1029) with the
 * conventions of riskRegression::Score(list(risk), Hist(time, status) ~ 1, times,
 * metrics = "brier", summary = "ipa", cens.model = "km") (version 2022.11.28):
 *
 * - At horizon τ with predicted risk pᵢ of the event by τ, the residual of a case (event at
 *   Tᵢ ≤ τ) is (1 − pᵢ)²/G(Tᵢ−), of a control (Tᵢ > τ) pᵢ²/G(τ), and 0 for anyone censored at or
 *   before τ; Brier(τ) is their mean over all n. G: censoringWeights.ts.
 * - The null model predicts everyone's risk as 1 − S(τ), S the Kaplan–Meier estimate of the
 *   outcome (prodlim, as Score's null.model = TRUE); IPA = 1 − Brier/Brier_null (Kattan & Gerds,
 *   Diagn Progn Res 2018;2:7), null where the null model's Brier score is 0.
 * - Standard error: sd(IF)/√n, IF the residual minus the Brier score plus, unless `conservative`,
 *   the part from estimating G (riskRegression's getInfluenceFunctionBrierKMCensoringTerm).
 *   Confidence limits: Brier ± z·se clipped to [0, 1], as Score reports them.
 */

export type TimeDependentBrierOptions = IpcwMetricOptions;

export interface TimeDependentBrierResult {
  method: "ipcw-brier";
  weighting: "ipcw-kaplan-meier";
  conservative: boolean;
  confLevel: number;
  n: number;
  horizons: Float64Array;
  brier: Float64Array;
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** The Kaplan–Meier null model's Brier score, with its standard error and limits. */
  nullBrier: Float64Array;
  nullStdErr: Float64Array;
  nullLower: Float64Array;
  nullUpper: Float64Array;
  /** Index of prediction accuracy 1 − brier/nullBrier; null where nullBrier is 0. */
  ipa: (number | null)[];
}

export function timeDependentBrier(options: TimeDependentBrierOptions): TimeDependentBrierResult {
  return brierScores(options, "timeDependentBrier");
}

/** timeDependentBrier with the caller's name in its error messages. */
export function brierScores(options: TimeDependentBrierOptions, what: string): TimeDependentBrierResult {
  const { conservative, confLevel, outcome, horizons, risks, weights, before, z } = ipcwSetup(
    options,
    true,
    what,
  );
  const nh = horizons.length;
  const result: TimeDependentBrierResult = {
    method: "ipcw-brier",
    weighting: "ipcw-kaplan-meier",
    conservative,
    confLevel,
    n: outcome.n,
    horizons,
    brier: new Float64Array(nh),
    stdErr: new Float64Array(nh),
    lower: new Float64Array(nh),
    upper: new Float64Array(nh),
    nullBrier: new Float64Array(nh),
    nullStdErr: new Float64Array(nh),
    nullLower: new Float64Array(nh),
    nullUpper: new Float64Array(nh),
    ipa: [],
  };
  const nullRisk = new Float64Array(outcome.n);
  for (let h = 0; h < nh; h++) {
    const horizon = horizons[h]!;
    const model = brierAtHorizon(weights, before, horizon, risks[h]!, conservative);
    nullRisk.fill(1 - kaplanMeierAt(outcome, horizon));
    const reference = brierAtHorizon(weights, before, horizon, nullRisk, conservative);
    result.brier[h] = model.brier;
    result.stdErr[h] = model.stdErr;
    result.lower[h] = Math.max(0, model.brier - z * model.stdErr);
    result.upper[h] = Math.min(1, model.brier + z * model.stdErr);
    result.nullBrier[h] = reference.brier;
    result.nullStdErr[h] = reference.stdErr;
    result.nullLower[h] = Math.max(0, reference.brier - z * reference.stdErr);
    result.nullUpper[h] = Math.min(1, reference.brier + z * reference.stdErr);
    result.ipa.push(reference.brier > 0 ? 1 - model.brier / reference.brier : null);
  }
  return result;
}

/** The Kaplan–Meier estimate S(t) = Π_{u ≤ t} (1 − d(u)/Y(u)) of the outcome. */
function kaplanMeierAt(outcome: SurvivalOutcome, t: number): number {
  const last = lastIndexAtOrBefore(outcome.distinctTimes, t);
  let s = 1;
  for (let k = 0; k <= last; k++) s *= 1 - outcome.events[k]! / outcome.atRisk[k]!;
  return s;
}

function brierAtHorizon(
  weights: CensoringWeights,
  before: Float64Array,
  horizon: number,
  risk: Float64Array,
  conservative: boolean,
): { brier: number; stdErr: number } {
  const { n, time, event } = weights.outcome;
  const gAtHorizon = censoringSurvivalAt(weights, horizon);
  const residual = new Float64Array(n);
  const caseResidual = new Float64Array(n);
  let controlSum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = risk[i]!;
    if (time[i]! <= horizon) {
      if (event[i] === 1) {
        residual[i] = ((1 - p) * (1 - p)) / before[i]!;
        caseResidual[i] = residual[i]!;
      }
    } else {
      residual[i] = (p * p) / gAtHorizon;
      controlSum += residual[i]!;
    }
    total += residual[i]!;
  }
  const brier = total / n;
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) influence[i] = residual[i]! - brier;
  if (!conservative) {
    const part = censoringInfluence(weights, horizon, caseResidual);
    for (let k = 0; k < n; k++) {
      influence[k]! += (part.atCaseTimes[k]! + part.atHorizon[k]! * controlSum) / n;
    }
  }
  return { brier, stdErr: standardErrorOfMean(influence) };
}
