import { chisqUpperTail } from "../../distributions/chisq.js";
import { normalQuantile } from "../../distributions/normal.js";
import {
  COXPH_TOLER_CHOL,
  type LdlFactor,
  ldlFactor,
  ldlInverse,
  ldlSolveInPlace,
  quadraticFormInverse,
} from "../../linalg/ldl.js";
import { concordanceCore } from "../concordance.js";
import { type Levels, levelsOf } from "../levels.js";
import { mergeNearTimes } from "../timefix.js";
import { partialLikelihood, partialLikelihoodWork, type SortedCoxData } from "./partialLikelihood.js";
import { coxScoreResiduals } from "./scoreResiduals.js";
import type { CoxPhFit, CoxPhOptions, CoxTest } from "./types.js";

/**
 * Cox proportional-hazards regression (Cox, JRSS B 1972;34:187) by maximum partial likelihood,
 * reproducing R's survival::coxph (Therneau; version 3.5) for right-censored data:
 *
 * - Ties: Efron (1977) or Breslow (1974), see partialLikelihood.ts.
 * - Newton–Raphson from β = 0 as coxfit6.c runs it: covariates are centred at their weighted
 *   means and scaled by their mean absolute deviation (except columns whose values all lie in
 *   {−1, 0, 1}, coxph's nocenter default); iteration stops when |1 − ℓ_old/ℓ_new| ≤ eps (1e-9)
 *   on the log partial likelihood, at most iterMax (20) iterations; a step that lowers ℓ is
 *   pulled back towards the previous β (step halving, more strongly each time it recurs).
 * - Information matrices are factored by survival's generalised Cholesky with tolerance
 *   .Machine$double.eps^0.75 (ldl.ts); an aliased column gets coefficient NaN (R's NA), zero
 *   variance, and is left out of the tests' degrees of freedom.
 * - Model-based variance I(β̂)⁻¹. Robust variance (Lin & Wei, JASA 1989;84:1074): DᵀD with D the
 *   dfbeta residuals (score residuals × I⁻¹, times the case weights) summed within clusters
 *   (Lee, Wei & Amato 1992) or per observation without a cluster.
 * - Tests of β = 0: likelihood ratio 2(ℓ(β̂) − ℓ(0)); Wald β̂ᵀV⁻β̂ with V the robust variance when
 *   robust (as coxph's wald.test); score (= the log-rank test for one binary covariate) at β = 0;
 *   and, when robust, the robust score test from the grouped score residuals at β = 0.
 * - Coefficient p-values pchisq(z², 1, lower.tail = FALSE) and hazard-ratio limits
 *   exp(β ∓ z·se), with the robust se when robust (summary.coxph).
 * - Concordance of the linear predictor as coxph stores it (concordance.ts, reverse = TRUE,
 *   grouped by cluster when robust).
 * - timefix: times merged as survival::aeqSurv does (timefix.ts).
 */
export function coxPh(options: CoxPhOptions): CoxPhFit {
  const prepared = prepare(options);
  const { n, p, time, event, x, weights, strataLevels, clusterLevels, robust } = prepared;
  const eps = options.eps ?? 1e-9;
  const iterMax = options.iterMax ?? 20;
  const confLevel = options.confLevel ?? 0.95;
  if (!(eps > 0)) throw new RangeError(`coxPh: eps must be positive, got ${eps}`);
  if (!Number.isInteger(iterMax) || iterMax < 0) {
    throw new RangeError(`coxPh: iterMax must be a non-negative integer, got ${iterMax}`);
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`coxPh: confLevel must lie strictly between 0 and 1, got ${confLevel}`);
  }

  // ---- centring and scaling (coxfit6.c) ----
  let totalWeight = 0;
  for (let k = 0; k < n; k++) totalWeight += weights[k]!;
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    let nocenter = true;
    for (let k = 0; k < n && nocenter; k++) {
      const v = x[k * p + j]!;
      if (v !== -1 && v !== 0 && v !== 1) nocenter = false;
    }
    if (nocenter) continue;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += weights[k]! * x[k * p + j]!;
    const mean = sum / totalWeight;
    means[j] = mean;
    let absDev = 0;
    for (let k = 0; k < n; k++) absDev += weights[k]! * Math.abs(x[k * p + j]! - mean);
    scale[j] = absDev > 0 ? totalWeight / absDev : 1;
  }

  // ---- sort by stratum, then time (R's order(strata, time), stable) ----
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  const strataCodes = strataLevels?.codes ?? null;
  order.sort((a, b) => (strataCodes ? strataCodes[a]! - strataCodes[b]! : 0) || time[a]! - time[b]! || a - b);
  const sorted: SortedCoxData = {
    n,
    p,
    time: new Float64Array(n),
    status: new Uint8Array(n),
    x: new Float64Array(n * p),
    weights: new Float64Array(n),
    lastInStratum: new Uint8Array(n),
  };
  for (let s = 0; s < n; s++) {
    const k = order[s]!;
    sorted.time[s] = time[k]!;
    sorted.status[s] = event[k]!;
    sorted.weights[s] = weights[k]!;
    for (let j = 0; j < p; j++) {
      const v = x[k * p + j]!;
      sorted.x[s * p + j] = means[j] === 0 && scale[j] === 1 ? v : (v - means[j]!) * scale[j]!;
    }
    if (s === n - 1 || (strataCodes && strataCodes[order[s + 1]!] !== strataCodes[k]))
      sorted.lastInStratum[s] = 1;
  }

  // ---- Newton–Raphson (coxfit6.c) ----
  const work = partialLikelihoodWork(p);
  const beta = new Float64Array(p);
  const newBeta = new Float64Array(p);
  const loglikNull = partialLikelihood(sorted, options.ties, beta, work);
  let factor: LdlFactor = ldlFactor(work.imat, p, COXPH_TOLER_CHOL);
  const step = ldlSolveInPlace(factor, Float64Array.from(work.u));
  let scoreStatistic = 0;
  for (let j = 0; j < p; j++) scoreStatistic += work.u[j]! * step[j]!;

  let loglik = loglikNull;
  let iterations = 0;
  let converged = false;
  let variance: Float64Array;
  if (iterMax === 0 || !Number.isFinite(loglikNull)) {
    variance = ldlInverse(factor);
  } else {
    let best = loglikNull;
    for (let j = 0; j < p; j++) newBeta[j] = beta[j]! + step[j]!;
    let halving = 0;
    for (iterations = 1; iterations <= iterMax; iterations++) {
      const newLoglik = partialLikelihood(sorted, options.ties, newBeta, work);
      factor = ldlFactor(work.imat, p, COXPH_TOLER_CHOL);
      let finite = Number.isFinite(newLoglik);
      for (let j = 0; j < p && finite; j++) if (!Number.isFinite(work.u[j]!)) finite = false;
      for (let j = 0; j < p * p && finite; j++) if (!Number.isFinite(work.imat[j]!)) finite = false;
      if (finite && Math.abs(1 - best / newLoglik) <= eps) {
        converged = true;
        loglik = newLoglik;
        beta.set(newBeta);
        break;
      }
      if (!finite || newLoglik < best) {
        halving++;
        for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j]! + halving * beta[j]!) / (halving + 1);
      } else {
        halving = 0;
        best = newLoglik;
        const delta = ldlSolveInPlace(factor, Float64Array.from(work.u));
        for (let j = 0; j < p; j++) {
          beta[j] = newBeta[j]!;
          newBeta[j] = newBeta[j]! + delta[j]!;
        }
      }
    }
    if (!converged) {
      // Out of iterations (R then reports iterMax + 1 iterations, as here): the last accepted β,
      // with ℓ and the information matrix recomputed there. coxfit6 inverts that recomputed
      // matrix without factoring it first, which keeps only its diagonal when p > 1; carta
      // factors it.
      if (iterMax > 1) {
        loglik = partialLikelihood(sorted, options.ties, beta, work);
        factor = ldlFactor(work.imat, p, COXPH_TOLER_CHOL);
      } else {
        loglik = best;
      }
    }
    variance = ldlInverse(factor);
  }
  const rank = factor.rank;
  const coefRaw = new Float64Array(p);
  const finalScore = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    coefRaw[i] = beta[i]! * scale[i]!;
    finalScore[i] = work.u[i]! / scale[i]!;
    for (let j = 0; j < p; j++) variance[i * p + j] = variance[i * p + j]! * scale[i]! * scale[j]!;
  }

  // ---- linear predictor and R's warnings (coxph.fit) ----
  let centre = 0;
  for (let j = 0; j < p; j++) centre += coefRaw[j]! * means[j]!;
  const linearPredictors = new Float64Array(n);
  let maxLp = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += x[k * p + j]! * coefRaw[j]!;
    linearPredictors[k] = eta - centre;
    if (linearPredictors[k]! > maxLp) maxLp = linearPredictors[k]!;
  }
  const singular = new Uint8Array(p);
  if (rank < p) for (let j = 0; j < p; j++) if (variance[j * p + j] === 0) singular[j] = 1;
  const warnings: string[] = [];
  if (iterMax > 1) {
    const infs = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += finalScore[i]! * variance[i * p + j]!;
      infs[j] = Math.abs(s);
    }
    if (!converged) {
      warnings.push("Ran out of iterations and did not converge");
      if (maxLp > 500 || infs.some((v) => !Number.isFinite(v))) {
        warnings.push("one or more coefficients may be infinite");
      }
    } else {
      const toleranceInf = Math.sqrt(eps);
      const suspects: number[] = [];
      for (let j = 0; j < p; j++) {
        const v = infs[j]!;
        if (!Number.isFinite(finalScore[j]!) || (v > eps && v > toleranceInf * Math.abs(coefRaw[j]!))) {
          suspects.push(j + 1);
        }
      }
      if (suspects.length > 0) {
        // R's wording and spacing, so that the message can be searched for as R prints it.
        warnings.push(
          `Loglik converged before variable  ${suspects.join(",")} ; coefficient may be infinite. `,
        );
      }
    }
  }
  const coef = Float64Array.from(coefRaw, (v, j) => (singular[j] ? Number.NaN : v));
  const aliased: string[] = [];
  for (let j = 0; j < p; j++) if (singular[j]) aliased.push(`${j + 1} (${options.names[j]})`);
  if (aliased.length > 0) {
    warnings.push(`X matrix deemed to be singular; variable ${aliased.join(", ")} not estimated (NA)`);
  }
  const estimable: number[] = [];
  for (let j = 0; j < p; j++) if (!singular[j]) estimable.push(j);
  const df = estimable.length;

  // ---- robust variance: grouped dfbeta sandwich (coxph + residuals.coxph) ----
  const data = { time, event, x, weights, strata: strataCodes, cluster: clusterLevels?.codes ?? null };
  let robustVariance: Float64Array | null = null;
  let robustScore: CoxTest | null = null;
  if (robust) {
    const groupCodes = clusterLevels?.codes ?? null;
    const nGroups = clusterLevels ? clusterLevels.labels.length : n;
    const residualsAt = (lp: Float64Array | null) =>
      coxScoreResiduals({
        time,
        event,
        x,
        p,
        score: lp ? Float64Array.from(lp, Math.exp) : new Float64Array(n).fill(1),
        weights,
        strata: strataCodes,
        ties: options.ties,
        center: means,
      });
    const grouped = (resid: Float64Array, transform: Float64Array | null) => {
      const out = new Float64Array(nGroups * p);
      for (let k = 0; k < n; k++) {
        const g = groupCodes ? groupCodes[k]! : k;
        for (let j = 0; j < p; j++) {
          let v: number;
          if (transform) {
            v = 0;
            for (let i = 0; i < p; i++) v += resid[k * p + i]! * transform[i * p + j]!;
          } else {
            v = resid[k * p + j]!;
          }
          out[g * p + j]! += v * weights[k]!;
        }
      }
      return out;
    };
    const crossProduct = (m: Float64Array) => {
      const out = new Float64Array(p * p);
      for (let g = 0; g < nGroups; g++) {
        for (let i = 0; i < p; i++) {
          const gi = m[g * p + i]!;
          for (let j = 0; j < p; j++) out[i * p + j]! += gi * m[g * p + j]!;
        }
      }
      return out;
    };
    const dfbeta = grouped(residualsAt(linearPredictors), variance);
    robustVariance = crossProduct(dfbeta);
    const nullScores = grouped(residualsAt(null), null);
    const u = new Float64Array(p);
    for (let g = 0; g < nGroups; g++) for (let j = 0; j < p; j++) u[j]! += nullScores[g * p + j]!;
    const rscore = quadraticFormInverse(crossProduct(nullScores), p, u, COXPH_TOLER_CHOL);
    robustScore = { chisq: rscore.value, df, p: chisqUpperTail(rscore.value, df) };
  }

  // ---- tests ----
  const usedVariance = robustVariance ?? variance;
  const waldVariance = new Float64Array(df * df);
  const waldCoef = new Float64Array(df);
  for (let a = 0; a < df; a++) {
    waldCoef[a] = coef[estimable[a]!]!;
    for (let b = 0; b < df; b++) waldVariance[a * df + b] = usedVariance[estimable[a]! * p + estimable[b]!]!;
  }
  const wald = df > 0 ? quadraticFormInverse(waldVariance, df, waldCoef, COXPH_TOLER_CHOL).value : 0;
  const lr = -2 * (loglikNull - loglik);
  const test = (chisq: number): CoxTest => ({ chisq, df, p: chisqUpperTail(chisq, df) });

  // ---- coefficient table ----
  const z = normalQuantile((1 + confLevel) / 2);
  const se = new Float64Array(p);
  const robustSe = robustVariance ? new Float64Array(p) : null;
  const zValue = new Float64Array(p);
  const pValue = new Float64Array(p);
  const hr = new Float64Array(p);
  const hrLower = new Float64Array(p);
  const hrUpper = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    se[j] = Math.sqrt(variance[j * p + j]!);
    if (robustSe) robustSe[j] = Math.sqrt(robustVariance![j * p + j]!);
    const s = robustSe ? robustSe[j]! : se[j]!;
    const b = coef[j]!;
    zValue[j] = b / s;
    pValue[j] = chisqUpperTail(zValue[j]! * zValue[j]!, 1);
    hr[j] = Math.exp(b);
    hrLower[j] = Math.exp(b - z * s);
    hrUpper[j] = Math.exp(b + z * s);
  }

  const c = concordanceCore(
    time,
    event,
    linearPredictors,
    weights,
    strataLevels,
    robust ? (clusterLevels ?? perObservation(n)) : null,
    true,
  );
  let nEvent = 0;
  for (let k = 0; k < n; k++) nEvent += event[k]!;

  return {
    method: "cox-ph",
    ties: options.ties,
    variance_type: !robust ? "model-based" : clusterLevels ? "robust-clustered" : "robust",
    confLevel,
    timefix: prepared.timefix,
    n,
    nEvent,
    strata: strataLevels?.labels ?? null,
    nCluster: clusterLevels ? clusterLevels.labels.length : null,
    terms: prepared.terms,
    coefficients: {
      names: [...options.names],
      coef,
      se,
      robustSe,
      z: zValue,
      p: pValue,
      hr,
      hrLower,
      hrUpper,
    },
    loglikNull,
    loglik,
    tests: { likelihoodRatio: test(lr), wald: test(wald), score: test(scoreStatistic), robustScore },
    concordance: {
      concordant: c.concordant,
      discordant: c.discordant,
      tiedX: c.tiedX,
      tiedY: c.tiedY,
      tiedXY: c.tiedXY,
      concordance: c.concordance,
      stdErr: c.stdErr,
    },
    iterations,
    converged,
    warnings,
    means,
    modelVariance: variance,
    robustVariance,
    linearPredictors,
    data,
  };
}

function perObservation(n: number): Levels {
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) codes[i] = i;
  return { codes, labels: Array.from({ length: n }, (_, i) => String(i)) };
}

interface Prepared {
  n: number;
  p: number;
  time: Float64Array;
  event: Uint8Array;
  x: Float64Array;
  weights: Float64Array;
  strataLevels: Levels | null;
  clusterLevels: Levels | null;
  robust: boolean;
  timefix: boolean;
  terms: { name: string; columns: number[] }[];
}

function prepare(options: CoxPhOptions): Prepared {
  const { time, event, x, names, ties, strata, cluster, weights, timefix = true } = options;
  const n = time.length;
  const p = names.length;
  if (n === 0) throw new RangeError("coxPh: no observations");
  if (p === 0) throw new RangeError("coxPh: no covariates (names is empty)");
  if (ties !== "efron" && ties !== "breslow") {
    throw new RangeError(`coxPh: ties must be "efron" or "breslow", got ${String(ties)}`);
  }
  if (new Set(names).size !== p) throw new RangeError("coxPh: names must be distinct");
  if (x.length !== n * p) {
    throw new RangeError(`coxPh: x has ${x.length} values; expected n·p = ${n}·${p} = ${n * p} (row-major)`);
  }
  for (const [what, arr] of [
    ["event", event],
    ["strata", strata],
    ["cluster", cluster],
    ["weights", weights],
  ] as const) {
    if (arr && arr.length !== n)
      throw new RangeError(`coxPh: time has ${n} values but ${what} has ${arr.length}`);
  }
  const rawTime = new Float64Array(n);
  const status = new Uint8Array(n);
  const xs = new Float64Array(n * p);
  const w = new Float64Array(n).fill(1);
  let fractionalWeight = false;
  let events = 0;
  for (let k = 0; k < n; k++) {
    const t = time[k]!;
    if (!Number.isFinite(t)) throw new RangeError(`coxPh: time[${k}] is ${t}; expected a finite number`);
    rawTime[k] = t;
    const e = event[k]!;
    if (e !== 0 && e !== 1)
      throw new RangeError(`coxPh: event[${k}] is ${e}; expected 1 (event) or 0 (censored)`);
    status[k] = e;
    events += e;
    for (let j = 0; j < p; j++) {
      const v = x[k * p + j]!;
      if (!Number.isFinite(v)) {
        throw new RangeError(`coxPh: x[${k}, ${names[j]}] is ${v}; drop or impute missing rows first`);
      }
      xs[k * p + j] = v;
    }
    if (weights) {
      const wk = weights[k]!;
      if (!(wk > 0) || !Number.isFinite(wk))
        throw new RangeError(`coxPh: weights[${k}] is ${wk}; expected > 0`);
      w[k] = wk;
      if (wk !== Math.floor(wk)) fractionalWeight = true;
    }
  }
  if (events === 0) throw new RangeError("coxPh: no events; the partial likelihood is empty");
  const strataLevels = strata ? levelsOf(strata, "coxPh: strata") : null;
  const clusterLevels = cluster ? levelsOf(cluster, "coxPh: cluster") : null;
  const robust = options.robust ?? (clusterLevels !== null || fractionalWeight);
  if (clusterLevels && !robust) throw new RangeError("coxPh: a cluster needs robust = true (or left unset)");

  const columnIndex = new Map(names.map((name, j) => [name, j]));
  const termOf = new Int32Array(p).fill(-1);
  const terms: { name: string; columns: number[] }[] = [];
  for (const term of options.terms ?? []) {
    const columns = term.columns.map((name) => {
      const j = columnIndex.get(name);
      if (j === undefined) throw new RangeError(`coxPh: term ${term.name} names unknown column ${name}`);
      if (termOf[j] !== -1) throw new RangeError(`coxPh: column ${name} is in more than one term`);
      termOf[j] = 0;
      return j;
    });
    if (columns.length === 0) throw new RangeError(`coxPh: term ${term.name} has no columns`);
    terms.push({ name: term.name, columns });
  }
  for (let j = 0; j < p; j++) if (termOf[j] === -1) terms.push({ name: names[j]!, columns: [j] });
  terms.sort((a, b) => Math.min(...a.columns) - Math.min(...b.columns));

  return {
    n,
    p,
    time: timefix ? mergeNearTimes(rawTime) : rawTime,
    event: status,
    x: xs,
    weights: w,
    strataLevels,
    clusterLevels,
    robust,
    timefix,
    terms,
  };
}
