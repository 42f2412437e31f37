import { chisqUpperTail } from "../distributions/chisq.js";
import { normalQuantile, normalUpperTail } from "../distributions/normal.js";
import { studentTUpperQuantile, studentTUpperTail } from "../distributions/studentT.js";
import { type MetaStudyInputs, metaStudies } from "./inputs.js";
import { type RemlControl, type Tau2Estimate, tau2DerSimonianLaird, tau2Reml } from "./tau2.js";
import { traceP, weightedFit } from "./weightedMean.js";

/**
 * Fixed-effect and random-effects meta-analysis of per-centre estimates (AUCs, C-indices,
 * calibration slopes, log odds ratios, …), as metafor's rma() and predict.rma() compute it
 * (Viechtbauer, J Stat Softw 2010;36(3); numbers checked against metafor 3.8):
 *
 * - "FE": inverse-variance weights 1/vᵢ (fixed / common effect);
 * - "DL", "REML": weights 1/(vᵢ + τ̂²) with τ̂² by DerSimonian–Laird or restricted maximum likelihood
 *   (see tau2.ts);
 * - test "z": Wald z-test and normal-quantile intervals; test "knha": the Hartung–Knapp–Sidik–Jonkman
 *   adjustment (Hartung & Knapp, Stat Med 2001;20:3875; Sidik & Jonkman, Stat Med 2002;21:3153),
 *   which multiplies the variance of μ̂ by s² = Σwᵢ(yᵢ − μ̂)²/(k − 1) — not truncated at 1, as
 *   metafor's "knha" (its "adhoc" would truncate) — and uses t(k − 1) for the test and intervals;
 * - heterogeneity: Cochran's Q with its χ²(k − 1) p-value (always from the fixed-effect weights);
 *   for FE, I² = max(0, (Q − (k − 1))/Q) and H² = Q/(k − 1); for random effects, I² = τ̂²/(τ̂² + ṽ)
 *   and H² = τ̂²/ṽ + 1 with Higgins & Thompson's typical within-study variance
 *   ṽ = (k − 1)·Σw / ((Σw)² − Σw²) (Stat Med 2002;21:1539), both as metafor reports them
 *   (I² in percent);
 * - prediction interval for the effect in a new centre (random effects only): μ̂ ± c·√(SE(μ̂)² + τ̂²), with c the same
 *   normal or t(k − 1) quantile as the confidence interval (predict.rma's default), or with
 *   t(k − 2) for "riley" (Riley, Higgins & Deeks, BMJ 2011;342:d549; predict.rma pi.type = "riley").
 */

export type MetaMethod = "FE" | "DL" | "REML";
export type MetaTest = "z" | "knha";
export type PredictionIntervalType = "default" | "riley";

export interface MetaAnalysisOptions extends MetaStudyInputs {
  /** Default "REML", as metafor's rma(). */
  method?: MetaMethod;
  /** Default "z"; "knha" for the Hartung–Knapp–Sidik–Jonkman adjustment. */
  test?: MetaTest;
  /** Coverage of the confidence and prediction intervals; default 0.95. */
  confLevel?: number;
  /** Default "default" (predict.rma's); "riley" for t(k − 2). */
  predictionInterval?: PredictionIntervalType;
  /** Fisher scoring control for "REML"; metafor's defaults. */
  reml?: RemlControl;
}

export interface MetaAnalysisResult {
  method: MetaMethod;
  test: MetaTest;
  k: number;
  /** Pooled estimate μ̂ (metafor's beta / b). */
  estimate: number;
  /** Its standard error, including the knha factor √s² when test is "knha". */
  se: number;
  /** estimate / se: a z statistic, or t with df degrees of freedom for "knha". */
  statistic: number;
  /** k − 1 for "knha"; null for "z". */
  df: number | null;
  pValue: number;
  confLevel: number;
  ciLower: number;
  ciUpper: number;
  predictionInterval: PredictionIntervalType;
  /**
   * Prediction interval for the true effect in a new centre (predict.rma's pi.lb, pi.ub); null for
   * "FE", which has no between-centre distribution to predict from (predict.rma gives none either).
   */
  piLower: number | null;
  piUpper: number | null;
  /** Between-study variance τ̂² (0 for "FE"), its square root, and its standard error (null for "FE"). */
  tau2: number;
  tau: number;
  seTau2: number | null;
  /** Cochran's Q, its degrees of freedom k − 1 and χ² p-value (metafor's QE, QEp). */
  q: number;
  qDf: number;
  qPValue: number;
  /** I² in percent and H² (see above for their definitions under FE and random effects). */
  i2: number;
  h2: number;
  /** Higgins & Thompson's typical within-study variance ṽ (metafor's vt). */
  typicalVariance: number;
  /** The knha variance factor s² (metafor's s2w); 1 for test "z". */
  knhaFactor: number;
  /** Each study's weight in percent, 100·wᵢ/Σw (metafor's weights()). */
  weights: number[];
  /** REML Fisher scoring iterations; null for "FE" and "DL". */
  iterations: number | null;
  warnings: string[];
}

export function metaAnalysis(options: MetaAnalysisOptions): MetaAnalysisResult {
  const caller = "metaAnalysis";
  const method = options.method ?? "REML";
  const test = options.test ?? "z";
  const confLevel = options.confLevel ?? 0.95;
  const predictionInterval = options.predictionInterval ?? "default";
  if (method !== "FE" && method !== "DL" && method !== "REML") {
    throw new RangeError(`${caller}: method is ${String(method)}; expected "FE", "DL" or "REML"`);
  }
  if (test !== "z" && test !== "knha") {
    throw new RangeError(`${caller}: test is ${String(test)}; expected "z" or "knha"`);
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`${caller}: confLevel is ${confLevel}; expected a number strictly between 0 and 1`);
  }
  if (predictionInterval !== "default" && predictionInterval !== "riley") {
    throw new RangeError(
      `${caller}: predictionInterval is ${String(predictionInterval)}; expected "default" or "riley"`,
    );
  }
  const { k, yi, vi } = metaStudies(caller, options);
  let heterogeneity: Tau2Estimate | null = null;
  if (method === "DL") heterogeneity = tau2DerSimonianLaird(yi, vi);
  else if (method === "REML") heterogeneity = tau2Reml(yi, vi, options.reml);
  const tau2 = heterogeneity?.tau2 ?? 0;

  const pooled = weightedFit(yi, vi, tau2);
  let variance = 1 / pooled.sumW;
  let knhaFactor = 1;
  if (test === "knha") {
    // metafor sets s² to 0 when Σw(y − μ̂)² is below machine epsilon (all estimates equal).
    knhaFactor = pooled.weightedRss <= Number.EPSILON ? 0 : pooled.weightedRss / (k - 1);
    variance *= knhaFactor;
  }
  const se = Math.sqrt(variance);
  const estimate = pooled.mean;
  const statistic = estimate / se;
  const alpha = 1 - confLevel;
  const df = test === "knha" ? k - 1 : null;
  const pValue =
    df === null ? 2 * normalUpperTail(Math.abs(statistic)) : 2 * studentTUpperTail(Math.abs(statistic), df);
  const critical = df === null ? -normalQuantile(alpha / 2) : studentTUpperQuantile(alpha / 2, df);

  // predict.rma's pi.type "riley": t with k − 2 degrees of freedom (μ and τ² estimated), at least 1.
  const piCritical =
    predictionInterval === "riley" ? studentTUpperQuantile(alpha / 2, Math.max(1, k - 2)) : critical;
  const piHalfWidth = piCritical * Math.sqrt(variance + tau2);

  const fixed = weightedFit(yi, vi, 0);
  const q = Math.max(0, fixed.weightedRss);
  const typicalVariance = (k - 1) / traceP(fixed);
  let i2: number;
  let h2: number;
  if (method === "FE") {
    i2 = q > 0 ? Math.max(0, (100 * (q - (k - 1))) / q) : 0;
    h2 = q / (k - 1);
  } else {
    i2 = (100 * tau2) / (typicalVariance + tau2);
    h2 = tau2 / typicalVariance + 1;
  }

  const weights: number[] = new Array(k);
  for (let i = 0; i < k; i++) weights[i] = 100 / (vi[i]! + tau2) / pooled.sumW;

  const warnings = [...(heterogeneity?.warnings ?? [])];
  if (method === "FE" && test === "knha") {
    warnings.push("the Knapp & Hartung adjustment is not meant for fixed-effect models (metafor warns too)");
  }

  return {
    method,
    test,
    k,
    estimate,
    se,
    statistic,
    df,
    pValue,
    confLevel,
    ciLower: estimate - critical * se,
    ciUpper: estimate + critical * se,
    predictionInterval,
    piLower: method === "FE" ? null : estimate - piHalfWidth,
    piUpper: method === "FE" ? null : estimate + piHalfWidth,
    tau2,
    tau: Math.sqrt(tau2),
    seTau2: heterogeneity?.seTau2 ?? null,
    q,
    qDf: k - 1,
    qPValue: chisqUpperTail(q, k - 1),
    i2,
    h2,
    typicalVariance,
    knhaFactor,
    weights,
    iterations: method === "REML" ? heterogeneity!.iterations : null,
    warnings,
  };
}
