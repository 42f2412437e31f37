import { concordance } from "../survival/concordance.js";
import { coxPh } from "../survival/cox/coxPh.js";
import { partialLikelihood, partialLikelihoodWork } from "../survival/cox/partialLikelihood.js";
import type { CoxTies } from "../survival/cox/types.js";
import { giniMeanDifference } from "./giniMeanDifference.js";
import type { IndexValues, OptimismModel } from "./optimism.js";

/**
 * A Cox model as rms::validate.cph validates it, for bootstrapOptimism: the indexes Dxy, R2,
 * Slope, D, U, Q and g of Harrell (Regression Modeling Strategies 2nd ed. §4.10, §20.9) with
 * validate.cph's conventions (rms 6.5):
 *
 * - Fits by Newton–Raphson with cph's control: at most iterMax = 10 iterations, convergence
 *   eps = 1e-4 on the relative change of the log partial likelihood, no timefix (coxph.fit is
 *   called directly). A fit that used iterMax iterations or more, or has an aliased coefficient,
 *   fails (rms::coxphFit's fail, validate.cph's cox.fit).
 * - The linear predictor is x·β without centring, on the rows evaluated.
 * - Dxy: Somers' D of the linear predictor as a hazard score, 2C − 1 with C Harrell's
 *   concordance (survival::concordance, reverse = TRUE; rms's dxy.cens(type = "hazard")).
 * - On the rows the model was fitted to: Slope 1; with L₀, L the model's log partial likelihoods
 *   at β = 0 and at β̂, LR = −2(L₀ − L), ll₀ = −2L₀ and m rows: R2 = (1 − e^{−LR/m}) /
 *   (1 − e^{−ll₀/m}) (Nagelkerke's R²), D = (LR − 1)/ll₀, U = −2/ll₀, Q = D − U, g = Gini's
 *   mean difference of the linear predictor.
 * - On other rows: the linear predictor refitted as the only covariate (same control) gives the
 *   calibration slope and LR, ll₀ for R2 and D; U = −2(L(1) − L(slope))/ll₀ with L(1) the log
 *   partial likelihood at coefficient 1; g = Gini's mean difference of slope × linear predictor.
 *   Where rms stops with "fit failure in discrim", carta reports the refit indexes as NaN, which
 *   drops them from that replicate's averages (predab.resample's NA rule).
 * - A constant linear predictor gives Dxy 0, R2 0, Slope 1, D 0, U 0, Q 0, g 0.
 *
 * Right-censored data without strata.
 */

export interface CoxValidationOptions {
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** Covariates, n×p row-major. */
  x: ArrayLike<number>;
  /** Column names, p of them. */
  names: readonly string[];
  /** Default "efron", as cph. */
  ties?: CoxTies;
  /** Default 1e-4, as cph and validate.cph. */
  eps?: number;
  /** Default 10, as cph and validate.cph. */
  iterMax?: number;
  /**
   * Report Dxy alone, skipping the calibration refit: for validating discrimination only. The
   * optimism-corrected C-index is (Dxy + 1)/2 of the table's Dxy row, column by column.
   */
  dxyOnly?: boolean;
}

/** What the validation keeps of a fitted Cox model. */
export interface CoxValidationFit {
  coef: Float64Array;
  /** Log partial likelihood at β = 0 and at β̂, on the rows fitted. */
  loglikNull: number;
  loglik: number;
}

/** The indexes coxValidationModel reports, in validate.cph's order. */
export const COX_VALIDATION_INDEXES = ["Dxy", "R2", "Slope", "D", "U", "Q", "g"] as const;

export function coxValidationModel(options: CoxValidationOptions): OptimismModel<CoxValidationFit> {
  const { names, ties = "efron", eps = 1e-4, iterMax = 10, dxyOnly = false } = options;
  const n = options.time.length;
  const p = names.length;
  if (options.event.length !== n) {
    throw new RangeError(`coxValidationModel: time has ${n} values but event has ${options.event.length}`);
  }
  if (options.x.length !== n * p) {
    throw new RangeError(`coxValidationModel: x has ${options.x.length} values; expected n·p = ${n * p}`);
  }
  const time = Float64Array.from(options.time);
  const event = Uint8Array.from(options.event);
  const x = Float64Array.from(options.x);
  const control = { ties, eps, iterMax, timefix: false };
  const subset = (rows: Uint32Array) => {
    const t = new Float64Array(rows.length);
    const e = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      t[i] = time[rows[i]!]!;
      e[i] = event[rows[i]!]!;
    }
    return { t, e };
  };

  return {
    fit(rows) {
      const { t, e } = subset(rows);
      const xs = new Float64Array(rows.length * p);
      for (let i = 0; i < rows.length; i++) xs.set(x.subarray(rows[i]! * p, rows[i]! * p + p), i * p);
      const fit = coxPh({ time: t, event: e, x: xs, names, ...control });
      if (fit.iterations >= iterMax || fit.coefficients.coef.some(Number.isNaN)) return null;
      return { coef: fit.coefficients.coef, loglikNull: fit.loglikNull, loglik: fit.loglik };
    },

    evaluate(model, rows, fittedOnRows): IndexValues {
      const m = rows.length;
      const { t, e } = subset(rows);
      const lp = new Float64Array(m);
      let constant = true;
      for (let i = 0; i < m; i++) {
        const row = rows[i]! * p;
        let eta = 0;
        for (let j = 0; j < p; j++) eta += x[row + j]! * model.coef[j]!;
        lp[i] = eta;
        if (eta !== lp[0]) constant = false;
      }
      if (constant) return dxyOnly ? { Dxy: 0 } : { Dxy: 0, R2: 0, Slope: 1, D: 0, U: 0, Q: 0, g: 0 };
      const c = concordance({ time: t, event: e, x: lp, reverse: true, timefix: false }).concordance;
      const Dxy = 2 * c - 1;
      if (dxyOnly) return { Dxy };
      if (fittedOnRows) {
        const lr = -2 * (model.loglikNull - model.loglik);
        const ll0 = -2 * model.loglikNull;
        const D = (lr - 1) / ll0;
        const U = -2 / ll0;
        const R2 = (1 - Math.exp(-lr / m)) / (1 - Math.exp(-ll0 / m));
        return { Dxy, R2, Slope: 1, D, U, Q: D - U, g: giniMeanDifference(lp) };
      }
      const refit = coxPh({ time: t, event: e, x: lp, names: ["lp"], ...control });
      const slope = refit.coefficients.coef[0]!;
      if (refit.iterations >= iterMax || Number.isNaN(slope)) {
        return {
          Dxy,
          R2: Number.NaN,
          Slope: Number.NaN,
          D: Number.NaN,
          U: Number.NaN,
          Q: Number.NaN,
          g: Number.NaN,
        };
      }
      const lr = -2 * (refit.loglikNull - refit.loglik);
      const ll0 = -2 * refit.loglikNull;
      const D = (lr - 1) / ll0;
      const R2 = (1 - Math.exp(-lr / m)) / (1 - Math.exp(-ll0 / m));
      const U = (-2 * (loglikAtUnitSlope(t, e, lp, ties) - refit.loglik)) / ll0;
      const g = giniMeanDifference(lp.map((v) => slope * v));
      return { Dxy, R2, Slope: slope, D, U, Q: D - U, g };
    },
  };
}

/** Log partial likelihood with the linear predictor as an offset (coefficient fixed at 1). */
function loglikAtUnitSlope(time: Float64Array, event: Uint8Array, lp: Float64Array, ties: CoxTies): number {
  const n = time.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += lp[i]!;
  mean /= n;
  const sorted = {
    n,
    p: 1,
    time: new Float64Array(n),
    status: new Uint8Array(n),
    // Centred as coxph.fit centres its covariates; the likelihood does not depend on the centre.
    x: new Float64Array(n),
    weights: new Float64Array(n).fill(1),
    lastInStratum: new Uint8Array(n),
  };
  for (let s = 0; s < n; s++) {
    const k = order[s]!;
    sorted.time[s] = time[k]!;
    sorted.status[s] = event[k]!;
    sorted.x[s] = lp[k]! - mean;
  }
  sorted.lastInStratum[n - 1] = 1;
  return partialLikelihood(sorted, ties, Float64Array.of(1), partialLikelihoodWork(1));
}
