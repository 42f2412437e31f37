import {
  brierScores,
  type TimeDependentBrierOptions,
  type TimeDependentBrierResult,
} from "./timeDependentBrier.js";

/**
 * Integrated Brier score over a grid of horizons as riskRegression::Score(..., summary = "ibs")
 * computes it (its internal Dint; "crps" is the same summary): the Brier score is a step function
 * that is 0 on [0, t₁) and Brier(tⱼ) on [tⱼ, tⱼ₊₁), and IBS(t) is its integral from 0 to t divided
 * by t (0 at t = 0). The result depends on the grid: a fine grid from 0 to the horizon of interest
 * approximates (1/t)∫₀ᵗ Brier(s) ds (Graf et al., Stat Med 1999;18:2529).
 */

export interface IntegratedBrierResult {
  method: "integrated-brier";
  /** The Brier scores on the grid (with null model and IPA). */
  brier: TimeDependentBrierResult;
  /** IBS up to each grid time, for the predictions and for the null model. */
  ibs: Float64Array;
  nullIbs: Float64Array;
}

/** IBS(t) at each grid time t from Brier scores on an increasing grid of times ≥ 0. */
export function integrateBrierScore(horizons: ArrayLike<number>, brier: ArrayLike<number>): Float64Array {
  const m = horizons.length;
  if (brier.length !== m) {
    throw new RangeError(`integrateBrierScore: ${m} horizons but ${brier.length} Brier scores`);
  }
  checkGrid(horizons, "integrateBrierScore");
  for (let j = 0; j < m; j++) {
    if (!Number.isFinite(brier[j]!)) {
      throw new RangeError(`integrateBrierScore: brier[${j}] is ${brier[j]}`);
    }
  }
  const ibs = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const t = horizons[k]!;
    if (t === 0) continue;
    // the leading point (0, 0), then (tⱼ, Brier(tⱼ)) for every tⱼ < t, each held to the next
    let area = 0;
    let x = 0;
    let y = 0;
    for (let j = 0; j < k; j++) {
      area += y * (horizons[j]! - x);
      x = horizons[j]!;
      y = brier[j]!;
    }
    area += y * (t - x);
    ibs[k] = area / t;
  }
  return ibs;
}

/** Brier scores on a grid of horizons and their integrated Brier score up to each grid time. */
export function integratedBrier(options: TimeDependentBrierOptions): IntegratedBrierResult {
  checkGrid(options.horizons, "integratedBrier");
  const brier = brierScores(options, "integratedBrier");
  return {
    method: "integrated-brier",
    brier,
    ibs: integrateBrierScore(brier.horizons, brier.brier),
    nullIbs: integrateBrierScore(brier.horizons, brier.nullBrier),
  };
}

function checkGrid(horizons: ArrayLike<number>, what: string): void {
  if (horizons.length === 0) throw new RangeError(`${what}: no horizons given`);
  for (let j = 0; j < horizons.length; j++) {
    const t = horizons[j]!;
    if (!Number.isFinite(t) || t < 0) {
      throw new RangeError(`${what}: horizons[${j}] is ${t}; expected a finite time ≥ 0`);
    }
    if (j > 0 && !(t > horizons[j - 1]!)) {
      throw new RangeError(
        `${what}: horizons must increase; horizons[${j}] = ${t} follows ${horizons[j - 1]}`,
      );
    }
  }
}
