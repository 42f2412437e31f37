import { cumulativeIncidence, cumulativeIncidenceAt, normalQuantile, weightedAuc } from "@carta/stats";
import { riskGroups } from "../survival/calibrationAtHorizon.js";
import { type CompetingCause, checkCause } from "./competingData.js";

/**
 * The performance at a horizon τ of predicted absolute risks of one cause of a competing-risks
 * endpoint (status 0 censored, 1 relapse, 2 NRM), with riskRegression::Score's definitions for
 * competing risks (Score(list(risk), Hist(time, status) ~ 1, times = τ, cause, cens.model = "km"),
 * version 2022.11.28; Blanche, Dartigues & Jacqmin-Gadda, Stat Med 2013;32:5381):
 *
 * - Weights: G is the reverse Kaplan–Meier estimate of censoring, any event (either cause) ending
 *   follow-up without being censored, censorings at a time after its events. Someone with an event
 *   of either cause by τ weighs 1/G(Tᵢ−), someone still followed after τ weighs 1/G(τ), someone
 *   censored by τ weighs 0.
 * - AUC(τ): cases had the named cause by τ; controls are everyone else whose status at τ is known
 *   — event-free after τ, or the competing event by τ. The weighted share of case–control pairs
 *   where the case has the higher risk, ties counting ½ (Score's trapezoid rule).
 * - Brier(τ) = (1/n) Σ wᵢ (1[named cause by τ]ᵢ − rᵢ)²: a competing event by τ counts as 0. The
 *   null model predicts everyone the Aalen–Johansen cumulative incidence of the cause at τ (Score's
 *   "Null model"), and IPA = 1 − Brier/Brier_null (Kattan & Gerds, Diagn Progn Res 2018;2:7).
 * - Wolbers' concordance truncated at τ (Wolbers, Koller, Witteman & Steyerberg, Epidemiology
 *   2009;20:555; Wolbers, Blanche, Koller, Witteman & Gerds, Biostatistics 2014;15:526, without the
 *   censoring weights): a pair is comparable when i has the named cause at Tᵢ ≤ τ and j was still
 *   free of it afterwards — Tⱼ > Tᵢ, censored at Tⱼ = Tᵢ, or the competing event at any time, which
 *   keeps j in every risk set; concordant when rᵢ > rⱼ, a tie in risk counting ½. It is
 *   survival::concordance(Surv(t*, status == cause) ~ r, reverse = TRUE, ymax = τ) with the
 *   competing events' times t* moved past all follow-up.
 * - Calibration at τ: the risk groups of calibrationAtHorizon.ts (deciles of predicted risk, ties
 *   never split), each with its mean predicted risk and the Aalen–Johansen cumulative incidence of
 *   the cause at τ (cmprsk::cuminc), never 1 − Kaplan–Meier, which would count the competing event
 *   as censoring and overstate the incidence; and the same over everyone (calibration-in-the-large).
 *
 * - Standard errors of AUC and Brier: sd(IF)/√n of Score's influence functions with the censoring
 *   distribution treated as known (Score's conservative = TRUE, slightly larger than its default),
 *   with Wald limits clipped to [0, 1] as Score reports them. The C has none.
 *
 * A metric that is undefined on these data (no case or no control, no event of the cause, τ past
 * the last follow-up) is null, and `problems` says why.
 */

export interface CompetingPerformanceInput {
  /** Predicted absolute risk of `cause` by the horizon, F_cause(τ | x), per subject. */
  riskAtHorizon: ArrayLike<number>;
  time: ArrayLike<number>;
  /** 0 censored, 1 relapse, 2 NRM. */
  status: ArrayLike<number>;
  horizon: number;
  /** The cause the risks are of; default 1 (relapse). */
  cause?: CompetingCause;
  confLevel?: number;
}

export interface IntervalEstimate {
  estimate: number;
  stdErr: number;
  lower: number;
  upper: number;
}

export interface CompetingCalibrationGroup {
  /** Lowest and highest predicted risk in the group. */
  lower: number;
  upper: number;
  n: number;
  /** Events of the cause by the horizon, and patients still followed after it. */
  eventsByHorizon: number;
  atRiskAfterHorizon: number;
  meanPredicted: number;
  /** Aalen–Johansen cumulative incidence at τ (carried from the group's last follow-up when earlier). */
  observed: number;
  /** Its standard error (Aalen's variance, cmprsk's). */
  observedStdErr: number;
}

export interface CompetingConcordance {
  estimate: number;
  concordant: number;
  discordant: number;
  /** Comparable pairs with equal risks, each counting ½. */
  tiedRisk: number;
}

export interface CompetingPerformance {
  n: number;
  cause: CompetingCause;
  horizon: number;
  /** Events of the named cause and of the competing cause by the horizon. */
  eventsByHorizon: number;
  competingByHorizon: number;
  auc: (IntervalEstimate & { nCases: number; nControls: number }) | null;
  brier: (IntervalEstimate & { nullBrier: number; nullRisk: number; ipa: number | null }) | null;
  concordance: CompetingConcordance | null;
  /** Aalen–Johansen cumulative incidence of the cause at τ over all subjects. */
  observedRisk: number | null;
  /** Its standard error (Aalen's variance, as cmprsk::cuminc). */
  observedRiskStdErr: number | null;
  meanPredictedRisk: number;
  calibrationGroups: CompetingCalibrationGroup[];
  problems: { metric: string; message: string }[];
}

export function competingPerformance(input: CompetingPerformanceInput): CompetingPerformance {
  const caller = "competingPerformance";
  const { riskAtHorizon, time, status, horizon } = input;
  const cause = input.cause ?? 1;
  checkCause(caller, cause);
  const z = normalQuantile(1 - (1 - (input.confLevel ?? 0.95)) / 2);
  const wald = (estimate: number, stdErr: number): IntervalEstimate => ({
    estimate,
    stdErr,
    lower: Math.max(0, estimate - z * stdErr),
    upper: Math.min(1, estimate + z * stdErr),
  });
  const n = riskAtHorizon.length;
  if (time.length !== n || status.length !== n) {
    throw new RangeError(`${caller}: ${n} predictions, ${time.length} times and ${status.length} statuses`);
  }
  if (n === 0) throw new RangeError(`${caller}: no subjects`);
  if (!Number.isFinite(horizon) || !(horizon > 0)) {
    throw new RangeError(`${caller}: horizon is ${horizon}; expected a finite time > 0`);
  }
  const risk = Float64Array.from(riskAtHorizon);
  const t = Float64Array.from(time);
  const s = Uint8Array.from(status);
  let sumRisk = 0;
  let eventsByHorizon = 0;
  let competingByHorizon = 0;
  for (let i = 0; i < n; i++) {
    if (!(risk[i]! >= 0 && risk[i]! <= 1)) {
      throw new RangeError(`${caller}: riskAtHorizon[${i}] is ${risk[i]}; expected a risk in [0, 1]`);
    }
    if (!Number.isFinite(t[i]!) || t[i]! < 0) {
      throw new RangeError(`${caller}: time[${i}] is ${t[i]}; expected a finite time ≥ 0`);
    }
    if (status[i] !== 0 && status[i] !== 1 && status[i] !== 2) {
      throw new RangeError(`${caller}: status[${i}] is ${status[i]}; expected 0, 1 or 2`);
    }
    sumRisk += risk[i]!;
    if (t[i]! <= horizon && s[i] === cause) eventsByHorizon++;
    else if (t[i]! <= horizon && s[i] !== 0) competingByHorizon++;
  }
  const problems: { metric: string; message: string }[] = [];
  const attempt = <T>(metric: string, compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      problems.push({ metric, message: error.message });
      return null;
    }
  };
  const weights = ipcWeights(t, s, horizon);
  const observed = attempt("observedRisk", () => incidenceAt(t, s, cause, horizon));
  const observedRisk = observed?.estimate ?? null;
  return {
    n,
    cause,
    horizon,
    eventsByHorizon,
    competingByHorizon,
    auc: attempt("auc", () => {
      const a = competingAuc(risk, t, s, cause, horizon, weights);
      return { ...wald(a.estimate, a.stdErr), nCases: a.nCases, nControls: a.nControls };
    }),
    brier: attempt("brier", () => {
      if (observedRisk === null) throw new RangeError(`the null model's risk at ${horizon} is undefined`);
      const residuals = brierResiduals(risk, t, s, cause, horizon, weights);
      const estimate = mean(residuals);
      const nullBrier = mean(
        brierResiduals(new Float64Array(n).fill(observedRisk), t, s, cause, horizon, weights),
      );
      return {
        ...wald(estimate, standardErrorOfMean(residuals)),
        nullBrier,
        nullRisk: observedRisk,
        ipa: nullBrier > 0 ? 1 - estimate / nullBrier : null,
      };
    }),
    concordance: attempt("concordance", () => wolbersConcordance(risk, t, s, cause, horizon)),
    observedRisk,
    observedRiskStdErr: observed?.stdErr ?? null,
    meanPredictedRisk: sumRisk / n,
    calibrationGroups: competingCalibrationGroups(risk, t, s, cause, horizon),
    problems,
  };
}

/** IPC weight of each subject at τ: 1/G(Tᵢ−) for an event by τ, 1/G(τ) after τ, 0 if censored by τ. */
export function ipcWeights(time: Float64Array, status: Uint8Array, horizon: number): Float64Array {
  const n = time.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
  const before = new Float64Array(n); // G(Tᵢ−)
  let g = 1;
  let gAtHorizon = 1;
  for (let start = 0; start < n; ) {
    const u = time[order[start]!]!;
    let end = start;
    let events = 0;
    let censored = 0;
    for (; end < n && time[order[end]!] === u; end++) {
      if (status[order[end]!] === 0) censored++;
      else events++;
    }
    for (let k = start; k < end; k++) before[order[k]!] = g;
    // censorings at u come after the events at u, which leave the censoring risk set first
    if (censored > 0) g *= 1 - censored / (n - start - events);
    if (u <= horizon) gAtHorizon = g;
    start = end;
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (time[i]! > horizon) w[i] = 1 / gAtHorizon;
    else if (status[i] !== 0) w[i] = 1 / before[i]!;
  }
  return w;
}

function competingAuc(
  risk: Float64Array,
  time: Float64Array,
  status: Uint8Array,
  cause: CompetingCause,
  horizon: number,
  w: Float64Array,
): { estimate: number; stdErr: number; nCases: number; nControls: number } {
  const n = risk.length;
  // role: 1 case, 2 control, 0 neither
  const role = new Uint8Array(n);
  let nCases = 0;
  let nControls = 0;
  for (let i = 0; i < n; i++) {
    if (time[i]! <= horizon && status[i] === cause) {
      role[i] = 1;
      nCases++;
    } else if (time[i]! > horizon || status[i] !== 0) {
      role[i] = 2;
      nControls++;
    }
  }
  if (nCases === 0) throw new RangeError(`no event of cause ${cause} by horizon ${horizon}; AUC undefined`);
  if (nControls === 0) throw new RangeError(`no control (status known at ${horizon}); AUC undefined`);
  // The weighted AUC of the cases against the controls, and its influence function with the
  // censoring weights taken as known (riskRegression::Score's conservative standard error).
  const { auc, influence } = weightedAuc(risk, role, w);
  return { estimate: auc, stdErr: standardErrorOfMean(influence), nCases, nControls };
}

/** Each subject's weighted squared error wᵢ(1[cause by τ]ᵢ − rᵢ)²: their mean is the Brier score. */
function brierResiduals(
  risk: Float64Array,
  time: Float64Array,
  status: Uint8Array,
  cause: CompetingCause,
  horizon: number,
  w: Float64Array,
): Float64Array {
  const residuals = new Float64Array(risk.length);
  for (let i = 0; i < risk.length; i++) {
    const observed = time[i]! <= horizon && status[i] === cause ? 1 : 0;
    residuals[i] = w[i]! * (observed - risk[i]!) ** 2;
  }
  return residuals;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** sd(values)/√n, R's sd() with n − 1. */
function standardErrorOfMean(values: Float64Array): number {
  const n = values.length;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
}

/** Wolbers' C truncated at the horizon (see above); O(cases · n). */
export function wolbersConcordance(
  risk: Float64Array,
  time: Float64Array,
  status: Uint8Array,
  cause: CompetingCause,
  horizon: number,
): CompetingConcordance {
  const n = risk.length;
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] !== cause || time[i]! > horizon) continue;
    const ti = time[i]!;
    for (let j = 0; j < n; j++) {
      const sj = status[j]!;
      const comparable = (sj !== cause && sj !== 0) || time[j]! > ti || (time[j] === ti && sj === 0);
      if (!comparable) continue;
      if (risk[i]! > risk[j]!) concordant++;
      else if (risk[i]! < risk[j]!) discordant++;
      else tiedRisk++;
    }
  }
  const pairs = concordant + discordant + tiedRisk;
  if (pairs === 0) throw new RangeError(`no comparable pair by horizon ${horizon}; concordance undefined`);
  return { estimate: (concordant + 0.5 * tiedRisk) / pairs, concordant, discordant, tiedRisk };
}

/** Aalen–Johansen cumulative incidence of the cause at τ (0 without any event of it). */
function incidenceAt(
  time: Float64Array,
  status: Uint8Array,
  cause: CompetingCause,
  horizon: number,
): { estimate: number; stdErr: number } {
  let events = 0;
  let maxTime = 0;
  for (let i = 0; i < time.length; i++) {
    if (status[i] === cause) events++;
    maxTime = Math.max(maxTime, time[i]!);
  }
  if (events === 0) return { estimate: 0, stdErr: 0 };
  const curve = cumulativeIncidence({ time, status }).curves.find((c) => c.cause === cause)!;
  const at = cumulativeIncidenceAt(curve, [Math.min(horizon, maxTime)]);
  return { estimate: at.estimate[0]!, stdErr: at.stdErr[0]! };
}

function competingCalibrationGroups(
  risk: Float64Array,
  time: Float64Array,
  status: Uint8Array,
  cause: CompetingCause,
  horizon: number,
): CompetingCalibrationGroup[] {
  return riskGroups(risk).map((members) => {
    const t = Float64Array.from(members, (i) => time[i]!);
    const s = Uint8Array.from(members, (i) => status[i]!);
    let sumPredicted = 0;
    let lower = Number.POSITIVE_INFINITY;
    let upper = Number.NEGATIVE_INFINITY;
    let eventsByHorizon = 0;
    let atRiskAfterHorizon = 0;
    for (const i of members) {
      const r = risk[i]!;
      sumPredicted += r;
      lower = Math.min(lower, r);
      upper = Math.max(upper, r);
      if (time[i]! <= horizon && status[i] === cause) eventsByHorizon++;
      if (time[i]! > horizon) atRiskAfterHorizon++;
    }
    const observed = incidenceAt(t, s, cause, horizon);
    return {
      lower,
      upper,
      n: members.length,
      eventsByHorizon,
      atRiskAfterHorizon,
      meanPredicted: sumPredicted / members.length,
      observed: observed.estimate,
      observedStdErr: observed.stdErr,
    };
  });
}
