import { studentTQuantile, studentTUpperTail } from "../distributions/studentT.js";

/**
 * Rubin's rules for combining an estimate computed on each of m multiply-imputed data sets
 * (Rubin, Multiple Imputation for Nonresponse in Surveys, 1987, §3.1), with the small-sample
 * degrees of freedom of Barnard & Rubin (Biometrika 1999;86:948), as mice::pool() computes them
 * (van Buuren, Flexible Imputation of Missing Data, 2nd ed., 2018, §2.3–2.4; mice 3.15):
 *
 *   Q̄ = mean Q̂ₗ,  Ū = mean Uₗ,  B = var Q̂ₗ (denominator m − 1),  T = Ū + (1 + 1/m)·B,
 *   riv = (1 + 1/m)·B/Ū (relative increase in variance),  λ = (1 + 1/m)·B/T,
 *   ν_old = (m − 1)/λ²,  ν_obs = (ν_com + 1)/(ν_com + 3)·ν_com·(1 − λ),
 *   ν = ν_old·ν_obs/(ν_old + ν_obs)  (ν_old alone when ν_com = ∞), with λ floored at 1e-4 inside
 *   the degrees of freedom only, as mice's barnard.rubin(),
 *   fmi = (riv + 2/(ν + 3))/(riv + 1)  (fraction of missing information),
 *
 * and summary.mipo's test and confint.mipo's interval: t = Q̄/√T with p = 2·P(t_max(ν, 0.001) > |t|),
 * Q̄ ± t_ν quantile·√T. ν_com is the complete-data degrees of freedom (n − p for a regression with p
 * coefficients; mice takes the fits' df.residual); ∞ gives Rubin's original large-sample ν_old.
 */

export interface RubinPoolOptions {
  /** The estimate Q̂ₗ from each imputed data set (m ≥ 2). */
  estimates: ArrayLike<number>;
  /** Its sampling variance Uₗ (squared standard error) in each imputed data set, > 0. */
  variances: ArrayLike<number>;
  /** Complete-data degrees of freedom ν_com ≥ 1, or Infinity (the default, as mice::pool.scalar). */
  dfCom?: number;
  /** Coverage of the t interval; default 0.95. */
  confLevel?: number;
}

export interface RubinPooledEstimate {
  method: "rubin1987";
  dfMethod: "barnard-rubin";
  m: number;
  /** Q̄, the pooled estimate (mice's qbar / estimate). */
  estimate: number;
  /** Ū, the mean within-imputation variance (ubar). */
  withinVariance: number;
  /** B, the between-imputation variance (b). */
  betweenVariance: number;
  /** T = Ū + (1 + 1/m)·B, the total variance (t). */
  totalVariance: number;
  /** √T (summary.mipo's std.error). */
  se: number;
  /** Relative increase in variance due to nonresponse, (1 + 1/m)·B/Ū (riv). */
  riv: number;
  /** Proportion of the total variance due to missingness, (1 + 1/m)·B/T (lambda). */
  lambda: number;
  /** Fraction of missing information (fmi). */
  fmi: number;
  /** Barnard–Rubin degrees of freedom (df). */
  df: number;
  dfCom: number;
  /** Q̄/√T, referred to t with max(df, 0.001) degrees of freedom (statistic, p.value). */
  statistic: number;
  pValue: number;
  confLevel: number;
  ciLower: number;
  ciUpper: number;
}

export function poolRubin(options: RubinPoolOptions): RubinPooledEstimate {
  return poolChecked("poolRubin", options.estimates, options.variances, checkShared("poolRubin", options));
}

export interface RubinPoolTermsOptions {
  /** Names of the p coefficients, in the order of each row of estimates and variances. */
  terms: readonly string[];
  /** One row of p estimates per imputed data set (m rows). */
  estimates: readonly ArrayLike<number>[];
  /** One row of p variances per imputed data set, matching estimates. */
  variances: readonly ArrayLike<number>[];
  dfCom?: number;
  confLevel?: number;
}

/** Rubin's rules term by term for a model fitted to each of m imputed data sets, as mice::pool(). */
export function poolRubinTerms(options: RubinPoolTermsOptions): (RubinPooledEstimate & { term: string })[] {
  const caller = "poolRubinTerms";
  const { terms, estimates, variances } = options;
  const shared = checkShared(caller, options);
  const m = estimates.length;
  if (variances.length !== m) {
    throw new RangeError(`${caller}: estimates has ${m} imputations but variances has ${variances.length}`);
  }
  const p = terms.length;
  for (let l = 0; l < m; l++) {
    if (estimates[l]!.length !== p || variances[l]!.length !== p) {
      throw new RangeError(
        `${caller}: imputation ${l} has ${estimates[l]!.length} estimates and ${variances[l]!.length} variances; ` +
          `expected ${p}, one per term`,
      );
    }
  }
  const q = new Float64Array(m);
  const u = new Float64Array(m);
  return terms.map((term, j) => {
    for (let l = 0; l < m; l++) {
      q[l] = estimates[l]![j]!;
      u[l] = variances[l]![j]!;
    }
    return { term, ...poolChecked(`${caller} (term ${term})`, q, u, shared) };
  });
}

interface SharedSettings {
  dfCom: number;
  confLevel: number;
}

function checkShared(caller: string, options: { dfCom?: number; confLevel?: number }): SharedSettings {
  const dfCom = options.dfCom ?? Number.POSITIVE_INFINITY;
  const confLevel = options.confLevel ?? 0.95;
  if (!(dfCom >= 1)) {
    throw new RangeError(
      `${caller}: dfCom is ${dfCom}; expected complete-data degrees of freedom ≥ 1 or Infinity`,
    );
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`${caller}: confLevel is ${confLevel}; expected a number strictly between 0 and 1`);
  }
  return { dfCom, confLevel };
}

function poolChecked(
  caller: string,
  estimates: ArrayLike<number>,
  variances: ArrayLike<number>,
  { dfCom, confLevel }: SharedSettings,
): RubinPooledEstimate {
  const m = estimates.length;
  if (m < 2) throw new RangeError(`${caller}: estimates has ${m} value(s); pooling needs m ≥ 2 imputations`);
  if (variances.length !== m) {
    throw new RangeError(`${caller}: estimates has ${m} values but variances has ${variances.length}`);
  }
  for (let l = 0; l < m; l++) {
    const q = estimates[l]!;
    if (!Number.isFinite(q))
      throw new RangeError(`${caller}: estimates[${l}] is ${q}; expected a finite number`);
    const u = variances[l]!;
    if (!(u > 0 && Number.isFinite(u))) {
      throw new RangeError(`${caller}: variances[${l}] is ${u}; expected a sampling variance > 0 and finite`);
    }
  }
  const estimate = mean(estimates);
  const withinVariance = mean(variances);
  const betweenVariance = sampleVariance(estimates, estimate);
  const inflation = 1 + 1 / m;
  const totalVariance = withinVariance + inflation * betweenVariance;
  const riv = (inflation * betweenVariance) / withinVariance;
  const lambda = (inflation * betweenVariance) / totalVariance;
  const df = barnardRubinDf(m, lambda, dfCom);
  const fmi = (riv + 2 / (df + 3)) / (riv + 1);
  const se = Math.sqrt(totalVariance);
  const statistic = estimate / se;
  const pValue = 2 * studentTUpperTail(Math.abs(statistic), Math.max(df, 0.001));
  const tail = (1 - confLevel) / 2;
  return {
    method: "rubin1987",
    dfMethod: "barnard-rubin",
    m,
    estimate,
    withinVariance,
    betweenVariance,
    totalVariance,
    se,
    riv,
    lambda,
    fmi,
    df,
    dfCom,
    statistic,
    pValue,
    confLevel,
    ciLower: estimate + studentTQuantile(tail, df) * se,
    ciUpper: estimate + studentTQuantile(1 - tail, df) * se,
  };
}

/** Barnard & Rubin (1999), eq. 3–5, with mice's floor λ ≥ 1e-4 (keeps ν finite when B = 0). */
function barnardRubinDf(m: number, lambda: number, dfCom: number): number {
  const l = Math.max(lambda, 1e-4);
  const dfOld = (m - 1) / (l * l);
  if (dfCom === Number.POSITIVE_INFINITY) return dfOld;
  const dfObs = ((dfCom + 1) / (dfCom + 3)) * dfCom * (1 - l);
  return (dfOld * dfObs) / (dfOld + dfObs);
}

/** The mean with R's second pass (mean.default adds the mean residual), so it is exact for constants. */
function mean(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const first = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += values[i]! - first;
  return first + correction / n;
}

function sampleVariance(values: ArrayLike<number>, center: number): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - center;
    sum += d * d;
  }
  return sum / (n - 1);
}
