/**
 * The inverse-variance weighted mean of yᵢ with weights wᵢ = 1/(vᵢ + τ²), and the sums over the
 * weights that the projection P = W − w·wᵀ/Σw of the intercept-only model needs. For the
 * intercept-only model every quantity metafor forms from the k×k matrix P has a closed form in
 * these sums, so nothing k×k is ever built:
 *
 *   yᵀPy = Σ wᵢ(yᵢ − μ̂)²,  yᵀPPy = Σ wᵢ²(yᵢ − μ̂)²,  tr P = Σw − Σw²/Σw,
 *   tr PP = Σ P²ᵢⱼ = Σw² − 2·Σw³/Σw + (Σw²)²/(Σw)².
 */
export interface WeightedFit {
  /** μ̂ = Σwᵢyᵢ / Σwᵢ */
  mean: number;
  sumW: number;
  sumW2: number;
  sumW3: number;
  /** Σ wᵢ(yᵢ − μ̂)², Cochran's Q when τ² = 0. */
  weightedRss: number;
  /** Σ wᵢ²(yᵢ − μ̂)² */
  squaredWeightedRss: number;
  /** Σ log(vᵢ + τ²) */
  sumLogVariance: number;
}

export function weightedFit(yi: Float64Array, vi: Float64Array, tau2: number): WeightedFit {
  const k = yi.length;
  let sumW = 0;
  let sumW2 = 0;
  let sumW3 = 0;
  let sumWy = 0;
  let sumLogVariance = 0;
  for (let i = 0; i < k; i++) {
    const total = vi[i]! + tau2;
    const w = 1 / total;
    sumW += w;
    sumW2 += w * w;
    sumW3 += w * w * w;
    sumWy += w * yi[i]!;
    sumLogVariance += Math.log(total);
  }
  const mean = sumWy / sumW;
  let weightedRss = 0;
  let squaredWeightedRss = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i]! + tau2);
    const r = yi[i]! - mean;
    weightedRss += w * r * r;
    squaredWeightedRss += w * w * r * r;
  }
  return { mean, sumW, sumW2, sumW3, weightedRss, squaredWeightedRss, sumLogVariance };
}

/** tr P = Σw − Σw²/Σw */
export function traceP(fit: WeightedFit): number {
  return fit.sumW - fit.sumW2 / fit.sumW;
}

/** tr PP = Σᵢⱼ P²ᵢⱼ (P is symmetric) */
export function tracePP(fit: WeightedFit): number {
  const ratio = fit.sumW2 / fit.sumW;
  return fit.sumW2 - (2 * fit.sumW3) / fit.sumW + ratio * ratio;
}
