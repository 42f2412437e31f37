import { logisticRegression } from "../regression/logistic.js";
import { LogisticFitError } from "../regression/logisticTypes.js";
import { giniMeanDifference } from "./giniMeanDifference.js";
import type { OptimismModel } from "./optimism.js";
import { somersDxyBinary } from "./somersDxy.js";

/**
 * A binary logistic model as rms::validate.lrm validates it, for bootstrapOptimism: the indexes
 * Dxy, R2, Intercept, Slope, D, U, Q, B, g and gp (Harrell, Regression Modeling Strategies 2nd
 * ed. §10.9; rms 6.5's validate.lrm with one intercept, Dxy.method "somers2"), the fits by
 * carta's logisticRegression (R's glm.fit, iterated to convergence where lrm.fit stops once
 * −2 log L changes by less than 0.025; the two agree to ~1e-8 on well-conditioned data).
 *
 * - A fit fails when IRLS does not converge or logisticRegression refuses the data (separation,
 *   collinear or constant columns, a sample without events): the replicate is skipped.
 * - lp = intercept + x·β on the rows evaluated; Dxy = Somers' Dxy of lp and the outcome
 *   (somers2); B = mean (y − plogis(lp))², the Brier score.
 * - On the rows the model was fitted to: Intercept 0, Slope 1; with LR = null deviance − deviance,
 *   ll₀ the null deviance and m rows: R2 = (1 − e^{−LR/m}) / (1 − e^{−ll₀/m}), D = (LR − 1)/m,
 *   U = −2/m, Q = D − U, g = GiniMd(lp), gp = GiniMd(plogis(lp)).
 * - On other rows: y regressed on lp gives the calibration Intercept and Slope and LR, ll₀ for R2
 *   and D; U = (L01 − deviance of the refit − 2)/m with L01 = −2 Σ (y·lp − log(1 + e^{lp})), the
 *   deviance of lp as it stands; g = GiniMd(Slope·lp), gp = GiniMd(plogis(Intercept + Slope·lp)).
 *   Where rms stops on a failed refit, carta reports these as NaN, which drops them from that
 *   replicate's averages.
 *
 * validate.lrm's Emax row is not an averaged index but a function of the test Intercept and Slope:
 * calibrationEmax(table's test Intercept, test Slope).
 */

export interface LogisticValidationOptions {
  /** 1 = event, 0 = no event. */
  outcome: ArrayLike<number>;
  /** Covariates without the intercept column, n×p row-major. */
  x: ArrayLike<number>;
  /** Column names, p of them. */
  names: readonly string[];
  /** IRLS convergence criterion (glm.control epsilon); default 1e-8. */
  epsilon?: number;
  /** IRLS iteration limit (glm.control maxit); default 25. */
  maxIterations?: number;
}

/** What the validation keeps of a fitted logistic model. */
export interface LogisticValidationFit {
  /** Intercept first, then the columns' coefficients. */
  coef: Float64Array;
  deviance: number;
  nullDeviance: number;
}

/** The indexes logisticValidationModel reports, in validate.lrm's order (without Emax). */
export const LOGISTIC_VALIDATION_INDEXES = [
  "Dxy",
  "R2",
  "Intercept",
  "Slope",
  "D",
  "U",
  "Q",
  "B",
  "g",
  "gp",
] as const;

export function logisticValidationModel(
  options: LogisticValidationOptions,
): OptimismModel<LogisticValidationFit> {
  const { names, epsilon = 1e-8, maxIterations = 25 } = options;
  const n = options.outcome.length;
  const p = names.length;
  if (options.x.length !== n * p) {
    throw new RangeError(
      `logisticValidationModel: x has ${options.x.length} values; expected n·p = ${n * p}`,
    );
  }
  const outcome = Float64Array.from(options.outcome);
  const x = Float64Array.from(options.x);
  const control = { epsilon, maxIterations };
  const outcomeOf = (rows: Uint32Array) => Float64Array.from(rows, (row) => outcome[row]!);

  return {
    fit(rows) {
      const xs = new Float64Array(rows.length * p);
      for (let i = 0; i < rows.length; i++) xs.set(x.subarray(rows[i]! * p, rows[i]! * p + p), i * p);
      const fit = logisticRegression({ outcome: outcomeOf(rows), x: xs, names, ...control });
      if (!fit.converged) return null;
      return { coef: fit.coefficients.coef, deviance: fit.deviance, nullDeviance: fit.nullDeviance };
    },

    evaluate(model, rows, fittedOnRows) {
      const m = rows.length;
      const y = outcomeOf(rows);
      const lp = new Float64Array(m);
      let brier = 0;
      for (let i = 0; i < m; i++) {
        const row = rows[i]! * p;
        let eta = model.coef[0]!;
        for (let j = 0; j < p; j++) eta += x[row + j]! * model.coef[j + 1]!;
        lp[i] = eta;
        brier += (y[i]! - plogis(eta)) ** 2;
      }
      const Dxy = somersDxyBinary(lp, y);
      const B = brier / m;
      if (fittedOnRows) {
        const lr = model.nullDeviance - model.deviance;
        const D = (lr - 1) / m;
        const U = -2 / m;
        return {
          Dxy,
          R2: nagelkerkeR2(lr, model.nullDeviance, m),
          Intercept: 0,
          Slope: 1,
          D,
          U,
          Q: D - U,
          B,
          g: giniMeanDifference(lp),
          gp: giniMeanDifference(lp.map(plogis)),
        };
      }
      let refit: ReturnType<typeof logisticRegression>;
      try {
        refit = logisticRegression({ outcome: y, x: lp, names: ["lp"], ...control });
      } catch (error) {
        if (!(error instanceof LogisticFitError)) throw error;
        return refitFailed(Dxy, B);
      }
      if (!refit.converged) return refitFailed(Dxy, B);
      const [intercept, slope] = refit.coefficients.coef as unknown as [number, number];
      const lr = refit.nullDeviance - refit.deviance;
      const D = (lr - 1) / m;
      let l01 = 0;
      for (let i = 0; i < m; i++) l01 += y[i]! * lp[i]! - Math.log(1 + Math.exp(lp[i]!));
      const U = (-2 * l01 - refit.deviance - 2) / m;
      return {
        Dxy,
        R2: nagelkerkeR2(lr, refit.nullDeviance, m),
        Intercept: intercept,
        Slope: slope,
        D,
        U,
        Q: D - U,
        B,
        g: giniMeanDifference(lp.map((v) => slope * v)),
        gp: giniMeanDifference(lp.map((v) => plogis(intercept + slope * v))),
      };
    },
  };
}

/**
 * validate.lrm's Emax: the largest |p − plogis(a + b·logit(p))| over p = 0, 0.0005, …, 1 — the
 * worst absolute error of predicted probabilities under the calibration line (a, b).
 */
export function calibrationEmax(intercept: number, slope: number): number {
  let emax = 0;
  for (let k = 0; k <= 2000; k++) {
    const p = k * 5e-4;
    const error = Math.abs(p - plogis(intercept + slope * Math.log(p / (1 - p))));
    if (error > emax) emax = error;
  }
  return emax;
}

function refitFailed(Dxy: number, B: number) {
  const nan = Number.NaN;
  return { Dxy, R2: nan, Intercept: nan, Slope: nan, D: nan, U: nan, Q: nan, B, g: nan, gp: nan };
}

/** lrm's R2: Nagelkerke's generalisation, (1 − e^{−LR/m}) / (1 − e^{−ll₀/m}). */
function nagelkerkeR2(lr: number, nullDeviance: number, m: number): number {
  return (1 - Math.exp(-lr / m)) / (1 - Math.exp(-nullDeviance / m));
}

function plogis(eta: number): number {
  return 1 / (1 + Math.exp(-eta));
}
