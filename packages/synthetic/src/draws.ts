import { normalCdf, normalQuantile, type SeededRandom } from "@carta/stats";

/** Distribution shapes of the recipe (clinical-reference.md §D.2) and the draws they need. */

export interface LogNormal {
  median: number;
  sdLog: number;
}

export interface Normal {
  mean: number;
  sd: number;
}

export interface TruncatedNormal extends Normal {
  min: number;
  max: number;
}

export interface LogitNormal {
  /** Median as a fraction in (0, 1). */
  median: number;
  sdLogit: number;
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Rounds to a number of decimals; ties away from zero, and never returns -0. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Rounds to a number of significant digits (doses in the 10⁶–10⁸ range). */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0) return 0;
  const exponent = Math.floor(Math.log10(Math.abs(value))) - digits + 1;
  const factor = 10 ** exponent;
  return Math.round(value / factor) * factor;
}

/**
 * Maps a standard-normal latent z to a normal truncated to [min, max] by quantile transform, so a
 * Gaussian-copula variable keeps its latent rank correlations (rejection sampling would not).
 */
export function truncatedNormalFromLatent(z: number, shape: TruncatedNormal): number {
  const lower = normalCdf((shape.min - shape.mean) / shape.sd);
  const upper = normalCdf((shape.max - shape.mean) / shape.sd);
  const u = lower + (upper - lower) * normalCdf(z);
  return clamp(shape.mean + shape.sd * normalQuantile(u), shape.min, shape.max);
}

/** Index of the category a standard-normal latent falls in, with category probabilities `weights`. */
export function categoryFromLatent(z: number, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const u = normalCdf(z) * total;
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    if (u < cumulative) return i;
  }
  return weights.length - 1;
}

export function logNormal(rng: SeededRandom, shape: LogNormal): number {
  return shape.median * Math.exp(rng.normal(0, shape.sdLog));
}

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (ACM TOMS 2000;26:363), with the shape < 1 boost
 * Gamma(a) = Gamma(a + 1)·U^(1/a).
 */
export function gamma(rng: SeededRandom, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * rng.uniformOpen() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.uniformOpen();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta with the given mean and concentration κ = α + β (α = mean·κ, β = (1 − mean)·κ). */
export function beta(rng: SeededRandom, mean: number, concentration: number): number {
  const a = gamma(rng, mean * concentration);
  const b = gamma(rng, (1 - mean) * concentration);
  return a / (a + b);
}

/** Piecewise-constant hazard: `rates[i]` applies on [breaks[i], breaks[i + 1]) and the last rate beyond. */
export interface PiecewiseHazard {
  breaks: readonly number[];
  rates: readonly number[];
}

/**
 * Time at which the cumulative hazard scale·H₀(t) reaches `target` (inversion of the survival
 * function: with target = −ln U this draws from the proportional-hazards model).
 */
export function invertCumulativeHazard(hazard: PiecewiseHazard, scale: number, target: number): number {
  let remaining = target / scale;
  for (let i = 0; i < hazard.rates.length; i++) {
    const start = hazard.breaks[i]!;
    const end = hazard.breaks[i + 1] ?? Number.POSITIVE_INFINITY;
    const rate = hazard.rates[i]!;
    const capacity = rate * (end - start);
    if (remaining <= capacity) return start + remaining / rate;
    remaining -= capacity;
  }
  return Number.POSITIVE_INFINITY;
}
