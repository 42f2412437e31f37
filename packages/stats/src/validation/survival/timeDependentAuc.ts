import {
  type CensoringWeights,
  censoringInfluence,
  censoringSurvivalAt,
  standardErrorOfMean,
} from "./censoringWeights.js";
import { type IpcwMetricOptions, ipcwSetup } from "./ipcwSetup.js";
import { weightedAuc } from "./weightedAuc.js";

/**
 * Cumulative/dynamic time-dependent AUC with inverse-probability-of-censoring weights (Uno et al.,
 * JASA 2007;102:527; Blanche, Dartigues & Jacqmin-Gadda, Stat Med 2013;32:5381) with the
 * conventions of riskRegression::Score(list(risk), Hist(time, status) ~ 1, times, metrics = "auc",
 * cens.model = "km") (version 2022.11.28):
 *
 * - At horizon τ, cases had the event at Tᵢ ≤ τ (an event exactly at τ is a case) and weigh
 *   1/G(Tᵢ−); controls are still event-free after τ (Tᵢ > τ) and weigh 1/G(τ); subjects censored
 *   at or before τ are neither. G is the reverse Kaplan–Meier estimate (censoringWeights.ts).
 * - AUC(τ) = Σ_cases Σ_controls wᵢ·wⱼ·([rᵢ > rⱼ] + ½[rᵢ = rⱼ]) / (Σ_cases wᵢ · Σ_controls wⱼ), the
 *   area under the weighted ROC curve by the trapezoid rule as Score computes it. Only the order
 *   of the risks matters, so a risk score (e.g. a linear predictor) serves as well as a risk.
 * - Standard error: sd(IF)/√n of the influence function riskRegression uses (getIC0AUC by
 *   J. S. Ohlendorff; Blanche et al. 2013): the U-statistic part plus, unless `conservative`, the
 *   part from estimating G (getInfluenceFunctionAUCKMCensoringTerm). conservative = true treats G
 *   as known (Score's conservative = TRUE), which is slightly larger.
 * - Confidence limits: AUC ± z·se, clipped to [0, 1], as Score reports them.
 */

export type TimeDependentAucOptions = IpcwMetricOptions;

export interface TimeDependentAucResult {
  method: "cumulative-dynamic-auc";
  weighting: "ipcw-kaplan-meier";
  conservative: boolean;
  confLevel: number;
  n: number;
  horizons: Float64Array;
  /** Number of cases (event by the horizon) and controls (event-free after it). */
  nCases: Uint32Array;
  nControls: Uint32Array;
  auc: Float64Array;
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export function timeDependentAuc(options: TimeDependentAucOptions): TimeDependentAucResult {
  const what = "timeDependentAuc";
  const { conservative, confLevel, outcome, horizons, risks, weights, before, z } = ipcwSetup(
    options,
    false,
    what,
  );
  const nh = horizons.length;
  const result: TimeDependentAucResult = {
    method: "cumulative-dynamic-auc",
    weighting: "ipcw-kaplan-meier",
    conservative,
    confLevel,
    n: outcome.n,
    horizons,
    nCases: new Uint32Array(nh),
    nControls: new Uint32Array(nh),
    auc: new Float64Array(nh),
    stdErr: new Float64Array(nh),
    lower: new Float64Array(nh),
    upper: new Float64Array(nh),
  };
  for (let h = 0; h < nh; h++) {
    const at = aucAtHorizon(weights, before, horizons[h]!, risks[h]!, conservative, what);
    result.nCases[h] = at.nCases;
    result.nControls[h] = at.nControls;
    result.auc[h] = at.auc;
    result.stdErr[h] = at.stdErr;
    result.lower[h] = Math.max(0, at.auc - z * at.stdErr);
    result.upper[h] = Math.min(1, at.auc + z * at.stdErr);
  }
  return result;
}

interface AucAtHorizon {
  nCases: number;
  nControls: number;
  auc: number;
  stdErr: number;
}

function aucAtHorizon(
  weights: CensoringWeights,
  before: Float64Array,
  horizon: number,
  risk: Float64Array,
  conservative: boolean,
  what: string,
): AucAtHorizon {
  const { n, time, event } = weights.outcome;
  const controlWeight = 1 / censoringSurvivalAt(weights, horizon);
  // role: 1 case, 2 control, 0 neither; w: the IPC weight of cases and controls.
  const role = new Uint8Array(n);
  const w = new Float64Array(n);
  let nCases = 0;
  let nControls = 0;
  for (let i = 0; i < n; i++) {
    if (time[i]! <= horizon && event[i] === 1) {
      role[i] = 1;
      w[i] = 1 / before[i]!;
      nCases++;
    } else if (time[i]! > horizon) {
      role[i] = 2;
      w[i] = controlWeight;
      nControls++;
    }
  }
  if (nCases === 0) throw new RangeError(`${what}: no events by horizon ${horizon}; AUC undefined`);
  if (nControls === 0) {
    throw new RangeError(`${what}: nobody is event-free after horizon ${horizon}; AUC undefined`);
  }

  const { auc, pairSum, caseSum, controlSum, numerator, influence, mu, nu } = weightedAuc(risk, role, w);
  if (!conservative) {
    const caseNumerator = new Float64Array(n);
    const caseWeight = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (role[i] !== 1) continue;
      caseNumerator[i] = w[i]! * pairSum[i]!;
      caseWeight[i] = w[i]!;
    }
    const num = censoringInfluence(weights, horizon, caseNumerator);
    const den = censoringInfluence(weights, horizon, caseWeight);
    const nn = n * n;
    for (let k = 0; k < n; k++) {
      // controls share the weight 1/G(τ), so their sums move with f_k(τ) as a whole
      const numTerm = (num.atCaseTimes[k]! + num.atHorizon[k]! * numerator) / nn;
      const denTerm = (controlSum * den.atCaseTimes[k]! + den.atHorizon[k]! * caseSum * controlSum) / nn;
      influence[k]! += (numTerm * mu - denTerm * nu) / (mu * mu);
    }
  }
  return { nCases, nControls, auc, stdErr: standardErrorOfMean(influence) };
}
