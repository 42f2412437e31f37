import { normalQuantile } from "../../distributions/normal.js";
import type { CoxPhFit } from "./types.js";

/**
 * Baseline cumulative hazard and predicted survival curves of a Cox model, as R's
 * survfit.coxph (agsurv and coxsurv.fit in survival 3.5) computes them for right-censored data:
 *
 * - Hazard increments at each distinct time t of the stratum (censoring times included, with
 *   increment 0): Breslow dΛ(t) = d(t)/Σ_{risk set} wᵢrᵢ (ctype 1, for ties = "breslow"); Efron
 *   dΛ(t) = d(t)·(1/m)Σ_{k<m} 1/(Σ_{risk set} wᵢrᵢ − (k/m)Σ_{events} wᵢrᵢ) with m the number of
 *   tied events (ctype 2, for ties = "efron"); rᵢ = exp(η̂ᵢ) and d(t) the weighted events.
 *   Survival S(t | x) = exp(−Λ(t))^exp(x·β̂ − x̄·β̂) (stype 2, the Breslow/Fleming–Harrington form).
 * - Standard error of Λ(t | x) (Tsiatis 1981; Therneau & Grambsch 2000 §10.2):
 *   var = r(x)²·[Σ_{s≤t} dΛ(s)²/d(s)·(Efron-weighted) + (Λ(t)x − A(t))ᵀ V (Λ(t)x − A(t))] with
 *   A(t) = Σ_{s≤t} dΛ(s)·x̄(s) and V the coefficient variance (the robust one when robust).
 * - Confidence limits on the log scale, exp(log S ∓ z·se(Λ)), upper capped at 1 (conf.type "log").
 */

export interface CoxStratumHazard {
  /** Stratum label, or null for an unstratified model. */
  stratum: string | null;
  /** Every distinct time of the stratum, ascending. */
  time: Float64Array;
  /** Weighted number at risk and of events and censorings at each time. */
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  /** Cumulative hazard at the reference covariates. */
  cumHaz: Float64Array;
}

export interface CoxBaselineHazard {
  method: "breslow" | "efron";
  /** true: at the covariate means (fit.means, basehaz(centered = TRUE)); false: at x = 0. */
  centered: boolean;
  curves: CoxStratumHazard[];
}

export interface CoxSurvivalCurve extends CoxStratumHazard {
  /** Row of newX the curve is for. */
  row: number;
  survival: Float64Array;
  /** Standard error of the cumulative hazard (= of log S), survfit's std.err. */
  stdErrCumHaz: Float64Array;
  /** Standard error of the survival, S·se(Λ), as summary(survfit) prints it. */
  stdErr: Float64Array;
  /** Pointwise limits; NaN where S = 0. */
  lower: Float64Array;
  upper: Float64Array;
}

export interface CoxSurvivalPrediction {
  method: "breslow" | "efron";
  stype: "exp-cumhaz";
  conf_type: "log";
  confLevel: number;
  /** One curve per row of newX (per row and stratum when strata were not given for a stratified model). */
  curves: CoxSurvivalCurve[];
}

/** basehaz(fit, centered): the baseline cumulative hazard of each stratum. */
export function coxBaselineHazard(fit: CoxPhFit, options: { centered?: boolean } = {}): CoxBaselineHazard {
  const centered = options.centered ?? true;
  const beta = coefficientsOrZero(fit);
  let shift = 0;
  for (let j = 0; j < beta.length; j++) shift += fit.means[j]! * beta[j]!;
  const factor = centered ? 1 : Math.exp(-shift);
  return {
    method: fit.ties,
    centered,
    curves: stratumHazards(fit).map((h) => ({
      stratum: h.stratum,
      time: h.time,
      nRisk: h.nRisk,
      nEvent: h.nEvent,
      nCensor: h.nCensor,
      cumHaz: centered ? h.cumHaz : h.cumHaz.map((v) => v * factor),
    })),
  };
}

/**
 * survfit(fit, newdata): predicted survival for each row of newX (m×p row-major, the columns of
 * the fit). For a stratified model give each row's stratum; without it every row gets a curve
 * in every stratum, as R does when newdata lacks the strata variable.
 */
export function coxPredictSurvival(
  fit: CoxPhFit,
  newX: Float64Array | ArrayLike<number>,
  options: { strata?: ArrayLike<number | string>; confLevel?: number } = {},
): CoxSurvivalPrediction {
  const p = fit.coefficients.names.length;
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`coxPredictSurvival: confLevel must lie strictly between 0 and 1, got ${confLevel}`);
  }
  if (newX.length % p !== 0 || newX.length === 0) {
    throw new RangeError(
      `coxPredictSurvival: newX has ${newX.length} values, not a positive multiple of p = ${p}`,
    );
  }
  const m = newX.length / p;
  for (let i = 0; i < newX.length; i++) {
    if (!Number.isFinite(newX[i]!)) throw new RangeError(`coxPredictSurvival: newX[${i}] is ${newX[i]}`);
  }
  const hazards = stratumHazards(fit);
  let rowStrata: (number | null)[] | null = null;
  if (options.strata) {
    if (!fit.strata) throw new RangeError("coxPredictSurvival: strata given but the model is not stratified");
    if (options.strata.length !== m) {
      throw new RangeError(`coxPredictSurvival: ${m} rows but ${options.strata.length} strata`);
    }
    const labels = fit.strata;
    rowStrata = Array.from(options.strata as ArrayLike<number | string>, (s, i) => {
      const index = labels.indexOf(String(s));
      if (index < 0) {
        throw new RangeError(
          `coxPredictSurvival: strata[${i}] = ${String(s)} is not one of ${labels.join(", ")}`,
        );
      }
      return index;
    });
  }
  const beta = coefficientsOrZero(fit);
  const variance = fit.robustVariance ?? fit.modelVariance;
  let centre = 0;
  for (let j = 0; j < p; j++) centre += fit.means[j]! * beta[j]!;
  const z = normalQuantile(1 - (1 - confLevel) / 2);

  const curves: CoxSurvivalCurve[] = [];
  const dt = new Float64Array(p);
  for (let row = 0; row < m; row++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += newX[row * p + j]! * beta[j]!;
    const relativeRisk = Math.exp(eta - centre);
    const which = rowStrata ? [rowStrata[row]!] : hazards.map((_, s) => s);
    for (const s of which) {
      const h = hazards[s]!;
      const nt = h.time.length;
      const survival = new Float64Array(nt);
      const cumHaz = new Float64Array(nt);
      const stdErrCumHaz = new Float64Array(nt);
      const stdErr = new Float64Array(nt);
      const lower = new Float64Array(nt);
      const upper = new Float64Array(nt);
      let cumVarHaz = 0;
      for (let t = 0; t < nt; t++) {
        cumVarHaz += h.varHaz[t]!;
        for (let j = 0; j < p; j++) dt[j] = h.cumHaz[t]! * newX[row * p + j]! - h.xbar[t * p + j]!;
        let quad = 0;
        for (let i = 0; i < p; i++) {
          let s2 = 0;
          for (let j = 0; j < p; j++) s2 += dt[j]! * variance[j * p + i]!;
          quad += s2 * dt[i]!;
        }
        const se = Math.sqrt((cumVarHaz + quad) * relativeRisk * relativeRisk);
        const surv = Math.exp(-h.cumHaz[t]!) ** relativeRisk;
        survival[t] = surv;
        cumHaz[t] = h.cumHaz[t]! * relativeRisk;
        stdErrCumHaz[t] = se;
        stdErr[t] = se * surv;
        if (surv > 0) {
          lower[t] = Math.exp(Math.log(surv) - z * se);
          upper[t] = Math.min(1, Math.exp(Math.log(surv) + z * se));
        } else {
          lower[t] = Number.NaN;
          upper[t] = Number.NaN;
        }
      }
      curves.push({
        row,
        stratum: h.stratum,
        time: h.time,
        nRisk: h.nRisk,
        nEvent: h.nEvent,
        nCensor: h.nCensor,
        cumHaz,
        survival,
        stdErrCumHaz,
        stdErr,
        lower,
        upper,
      });
    }
  }
  return { method: fit.ties, stype: "exp-cumhaz", conf_type: "log", confLevel, curves };
}

interface StratumHazardDetail extends CoxStratumHazard {
  /** Variance increments of the hazard (agsurv's varhaz). */
  varHaz: Float64Array;
  /** A(t) = Σ_{s≤t} dΛ(s)·x̄(s), nt×p row-major (agsurv's cumulated xbar). */
  xbar: Float64Array;
}

function coefficientsOrZero(fit: CoxPhFit): Float64Array {
  return fit.coefficients.coef.map((b) => (Number.isNaN(b) ? 0 : b));
}

/** agsurv for each stratum, at the reference covariates fit.means. */
function stratumHazards(fit: CoxPhFit): StratumHazardDetail[] {
  const { time, event, x, weights, strata } = fit.data;
  const n = time.length;
  const p = fit.coefficients.names.length;
  const efron = fit.ties === "efron";
  const nStrata = fit.strata ? fit.strata.length : 1;
  const members: number[][] = Array.from({ length: nStrata }, () => []);
  for (let k = 0; k < n; k++) members[strata ? strata[k]! : 0]!.push(k);
  const out: StratumHazardDetail[] = [];
  for (let s = 0; s < nStrata; s++) {
    const rows = members[s]!.sort((a, b) => time[a]! - time[b]!);
    // Per distinct time: sums over the observations with that time.
    const times: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (i === 0 || time[rows[i]!] !== time[rows[i - 1]!]) {
        times.push(time[rows[i]!]!);
        starts.push(i);
      }
    }
    starts.push(rows.length);
    const nt = times.length;
    const nEvent = new Float64Array(nt);
    const nCensor = new Float64Array(nt);
    const nDeath = new Uint32Array(nt);
    const riskSum = new Float64Array(nt);
    const weightSum = new Float64Array(nt);
    const xSum = new Float64Array(nt * p);
    const eventRisk = new Float64Array(nt);
    const eventXSum = new Float64Array(nt * p);
    for (let t = 0; t < nt; t++) {
      for (let i = starts[t]!; i < starts[t + 1]!; i++) {
        const k = rows[i]!;
        const w = weights[k]!;
        const wRisk = w * Math.exp(fit.linearPredictors[k]!);
        riskSum[t]! += wRisk;
        weightSum[t]! += w;
        for (let j = 0; j < p; j++) xSum[t * p + j]! += wRisk * x[k * p + j]!;
        if (event[k] === 1) {
          nEvent[t]! += w;
          nDeath[t]!++;
          eventRisk[t]! += wRisk;
          for (let j = 0; j < p; j++) eventXSum[t * p + j]! += wRisk * x[k * p + j]!;
        } else {
          nCensor[t]! += w;
        }
      }
    }
    // Reverse cumulative sums: the risk set at t is everyone with time ≥ t.
    for (let t = nt - 2; t >= 0; t--) {
      riskSum[t]! += riskSum[t + 1]!;
      weightSum[t]! += weightSum[t + 1]!;
      for (let j = 0; j < p; j++) xSum[t * p + j]! += xSum[(t + 1) * p + j]!;
    }
    const hazard = new Float64Array(nt);
    const varHaz = new Float64Array(nt);
    const xbar = new Float64Array(nt * p);
    for (let t = 0; t < nt; t++) {
      const d = nDeath[t]!;
      if (!efron) {
        hazard[t] = nEvent[t]! / riskSum[t]!;
        varHaz[t] = nEvent[t]! / (riskSum[t]! * riskSum[t]!);
        for (let j = 0; j < p; j++) xbar[t * p + j] = (xSum[t * p + j]! / riskSum[t]!) * hazard[t]!;
      } else if (d > 0) {
        // agsurv5.c
        let sum1 = 0;
        let sum2 = 0;
        if (d === 1) {
          const temp = 1 / riskSum[t]!;
          sum1 = temp;
          sum2 = temp * temp;
          for (let j = 0; j < p; j++) xbar[t * p + j] = xSum[t * p + j]! * temp * temp;
        } else {
          for (let k = 0; k < d; k++) {
            const temp = 1 / (riskSum[t]! - (eventRisk[t]! * k) / d);
            sum1 += temp / d;
            sum2 += (temp * temp) / d;
            for (let j = 0; j < p; j++) {
              xbar[t * p + j]! += ((xSum[t * p + j]! - (eventXSum[t * p + j]! * k) / d) * temp * temp) / d;
            }
          }
        }
        hazard[t] = nEvent[t]! * sum1;
        varHaz[t] = nEvent[t]! * sum2;
        for (let j = 0; j < p; j++) xbar[t * p + j] = nEvent[t]! * xbar[t * p + j]!;
      }
    }
    const cumHaz = new Float64Array(nt);
    let total = 0;
    for (let t = 0; t < nt; t++) {
      total += hazard[t]!;
      cumHaz[t] = total;
      if (t > 0) for (let j = 0; j < p; j++) xbar[t * p + j]! += xbar[(t - 1) * p + j]!;
    }
    out.push({
      stratum: fit.strata ? fit.strata[s]! : null,
      time: Float64Array.from(times),
      nRisk: weightSum,
      nEvent,
      nCensor,
      cumHaz,
      varHaz,
      xbar,
    });
  }
  return out;
}
