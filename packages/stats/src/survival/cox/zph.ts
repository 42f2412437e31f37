import { chisqUpperTail } from "../../distributions/chisq.js";
import { solveLinear } from "../../linalg/solve.js";
import type { CoxPhFit } from "./types.js";

/**
 * Test of proportional hazards, R survival's cox.zph (version ≥ 3.0; zph1.c): the score test,
 * at the fitted β̂, for adding the time-varying terms x·g(t) to the model (Grambsch & Therneau,
 * Biometrika 1994;81:515, in the exact score-test form Therneau introduced in survival 3.0 rather
 * than the earlier Schoenfeld-residual regression approximation).
 *
 * - g(t) is the transformed time minus its mean over the events: "km" (default) 1 − S(t−) with S
 *   the Kaplan–Meier of all observations pooled (strata and weights ignored, as cox.zph does),
 *   "identity" t, "log" log t, "rank" the average rank of t among all times.
 * - The score vector U = (0, Σ_events g(t)·w(x − x̄(t))) and the 2p×2p information matrix of
 *   (β, θ) at θ = 0 use the fit's tie method (Breslow or Efron) and strata.
 * - One test per term (the term's θs, df = its number of columns; a factor's dummies together),
 *   and a GLOBAL test of all θ = 0 with df = p: chisq = Uᵀ I⁻¹ U on the corresponding rows.
 * - Aliased (NaN) coefficients are left out.
 */

export type CoxZphTransform = "km" | "identity" | "log" | "rank";

export interface CoxZphResult {
  method: "score-test";
  transform: CoxZphTransform;
  /** Term names and "GLOBAL", then the statistic, its degrees of freedom and p-value. */
  table: { names: string[]; chisq: Float64Array; df: Uint32Array; p: Float64Array };
}

export function coxZph(
  fit: CoxPhFit,
  options: { transform?: CoxZphTransform; terms?: boolean; global?: boolean } = {},
): CoxZphResult {
  const transform = options.transform ?? "km";
  const byTerm = options.terms ?? true;
  const global = options.global ?? true;
  const { time, event, weights, strata } = fit.data;
  const n = time.length;
  const pAll = fit.coefficients.names.length;
  const kept: number[] = [];
  for (let j = 0; j < pAll; j++) if (!Number.isNaN(fit.coefficients.coef[j]!)) kept.push(j);
  const p = kept.length;
  if (p === 0) throw new RangeError("coxZph: the model has no estimable coefficients");
  const position = new Map(kept.map((j, i) => [j, i]));
  const terms = (
    byTerm
      ? fit.terms.map((t) => ({ name: t.name, columns: t.columns.filter((j) => position.has(j)) }))
      : kept.map((j) => ({ name: fit.coefficients.names[j]!, columns: [j] }))
  )
    .filter((t) => t.columns.length > 0)
    .map((t) => ({ name: t.name, columns: t.columns.map((j) => position.get(j)!) }));

  // Covariates of the estimable columns, re-centred at their plain means (zph1.c).
  const x = new Float64Array(n * p);
  for (let i = 0; i < p; i++) {
    let mean = 0;
    for (let k = 0; k < n; k++) mean += fit.data.x[k * pAll + kept[i]!]!;
    mean /= n;
    for (let k = 0; k < n; k++) x[k * p + i] = fit.data.x[k * pAll + kept[i]!]! - mean;
  }

  const transformed = transformTimes(time, event, transform);
  let eventSum = 0;
  let nEvents = 0;
  for (let k = 0; k < n; k++) {
    if (event[k] === 1) {
      eventSum += transformed[k]!;
      nEvents++;
    }
  }
  const eventMean = eventSum / nEvents;
  const gt = transformed.map((v) => v - eventMean);

  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => (strata ? strata[a]! - strata[b]! : 0) || time[a]! - time[b]! || a - b);

  const P = 2 * p;
  const u = new Float64Array(P);
  const imat = new Float64Array(P * P);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const efron = fit.ties === "efron";
  let cstrat = -1;
  let denom = 0;
  for (let ip = n - 1; ip >= 0; ) {
    let person = order[ip]!;
    const stratum = strata ? strata[person]! : 0;
    if (stratum !== cstrat) {
      cstrat = stratum;
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    }
    const dtime = time[person]!;
    const timeWeight = gt[person]!;
    let nDead = 0;
    let deadWeight = 0;
    let deadRisk = 0;
    for (; ip >= 0; ip--) {
      person = order[ip]!;
      if (time[person] !== dtime || (strata ? strata[person]! : 0) !== cstrat) break;
      const risk = Math.exp(fit.linearPredictors[person]!) * weights[person]!;
      const row = person * p;
      if (event[person] === 0) {
        denom += risk;
        for (let i = 0; i < p; i++) {
          a[i]! += risk * x[row + i]!;
          for (let j = 0; j <= i; j++) cmat[i * p + j]! += risk * x[row + i]! * x[row + j]!;
        }
      } else {
        nDead++;
        deadWeight += weights[person]!;
        deadRisk += risk;
        for (let i = 0; i < p; i++) {
          u[i]! += weights[person]! * x[row + i]!;
          u[i + p]! += timeWeight * weights[person]! * x[row + i]!;
          a2[i]! += risk * x[row + i]!;
          for (let j = 0; j <= i; j++) cmat2[i * p + j]! += risk * x[row + i]! * x[row + j]!;
        }
      }
    }
    if (nDead === 0) continue;
    const rounds = efron ? nDead : 1;
    const roundWeight = efron ? deadWeight / nDead : deadWeight;
    for (let k = 0; k < rounds; k++) {
      denom += efron ? deadRisk / nDead : deadRisk;
      for (let i = 0; i < p; i++) {
        a[i]! += efron ? a2[i]! / nDead : a2[i]!;
        const mean = a[i]! / denom;
        u[i]! -= roundWeight * mean;
        u[i + p]! -= timeWeight * roundWeight * mean;
        for (let j = 0; j <= i; j++) {
          cmat[i * p + j]! += efron ? cmat2[i * p + j]! / nDead : cmat2[i * p + j]!;
          const temp = (roundWeight * (cmat[i * p + j]! - mean * a[j]!)) / denom;
          imat[j * P + i]! += temp;
          imat[j * P + i + p]! += temp * timeWeight;
          imat[(j + p) * P + i + p]! += temp * timeWeight * timeWeight;
        }
      }
    }
    a2.fill(0);
    cmat2.fill(0);
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      imat[i * P + j] = imat[j * P + i]!;
      imat[i * P + j + p] = imat[j * P + i + p]!;
      imat[(i + p) * P + j + p] = imat[(j + p) * P + i + p]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) imat[(i + p) * P + j] = imat[j * P + i + p]!;

  const names: string[] = [];
  const chisq: number[] = [];
  const df: number[] = [];
  const testOn = (thetas: number[]) => {
    // Rows: all β, then the chosen θ; the β part of the score is 0 at β̂.
    const index = [...Array.from({ length: p }, (_, i) => i), ...thetas.map((j) => j + p)];
    const m = index.length;
    const sub = new Float64Array(m * m);
    const score = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      if (r >= p) score[r] = u[index[r]!]!;
      for (let c = 0; c < m; c++) sub[r * m + c] = imat[index[r]! * P + index[c]!]!;
    }
    const solved = solveLinear(sub, m, score);
    let value = 0;
    for (let r = 0; r < m; r++) value += solved[r]! * score[r]!;
    return value;
  };
  for (const term of terms) {
    names.push(term.name);
    chisq.push(testOn(term.columns));
    df.push(term.columns.length);
  }
  if (global) {
    names.push("GLOBAL");
    chisq.push(testOn(Array.from({ length: p }, (_, i) => i)));
    df.push(p);
  }
  return {
    method: "score-test",
    transform,
    table: {
      names,
      chisq: Float64Array.from(chisq),
      df: Uint32Array.from(df),
      p: Float64Array.from(chisq, (v, i) => chisqUpperTail(v, df[i]!)),
    },
  };
}

/** The time scale of the test, before centring. */
function transformTimes(time: Float64Array, event: Uint8Array, transform: CoxZphTransform): Float64Array {
  const n = time.length;
  switch (transform) {
    case "identity":
      return Float64Array.from(time);
    case "log":
      return time.map(Math.log);
    case "rank": {
      const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => time[a]! - time[b]!);
      const ranks = new Float64Array(n);
      for (let i = 0; i < n; ) {
        let j = i;
        while (j < n && time[order[j]!] === time[order[i]!]) j++;
        const average = (i + 1 + j) / 2;
        for (let k = i; k < j; k++) ranks[order[k]!] = average;
        i = j;
      }
      return ranks;
    }
    case "km": {
      // 1 − S(t−): the pooled Kaplan–Meier just before each time (survfitKM, findInterval left.open).
      const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => time[a]! - time[b]!);
      const out = new Float64Array(n);
      let survival = 1;
      for (let i = 0; i < n; ) {
        let j = i;
        let deaths = 0;
        while (j < n && time[order[j]!] === time[order[i]!]) deaths += event[order[j++]!]!;
        for (let k = i; k < j; k++) out[order[k]!] = 1 - survival;
        survival *= (n - i - deaths) / (n - i);
        i = j;
      }
      return out;
    }
    default:
      throw new RangeError(
        `coxZph: unknown transform ${String(transform)}; expected km, identity, log or rank`,
      );
  }
}
