import type { BinnedMatrix } from "./binning.js";

/**
 * Split finding on gradient histograms, as XGBoost's hist (src/tree/hist/evaluate_splits.h,
 * src/tree/split_evaluator.h, src/tree/param.h; Chen & Guestrin, KDD 2016, eqs. 5–7 and Alg. 3).
 *
 * Leaf weight w* = −T_α(G) / (H + λ), with T_α the soft threshold of the L1 penalty, capped at
 * ±max_delta_step; the structure score of a node is T_α(G)² / (H + λ), or −(2Gw + (H + λ)w²) at the
 * (bounded) weight w when a monotone constraint or max_delta_step is in force; a split's loss change
 * is left + right − parent. Missing values are tried on both sides: a forward scan over the bins puts
 * them right, and, when the node has any, a backward scan puts them left; the better direction is
 * the node's learned default. Arithmetic is rounded to float32 where XGBoost's is, so that ties
 * between candidate splits are broken the same way: the first best is kept (lower feature, then
 * lower bin going forward, higher bin going backward).
 *
 * Monotone constraints follow XGBoost's TreeEvaluator: child weights are clamped to the node's
 * [lower, upper] bounds, a split whose left weight exceeds its right one (for +1; the reverse for −1)
 * is rejected, and the children inherit the bounds split at the mean of the two weights.
 */
export interface SplitParams {
  readonly lambda: number;
  readonly alpha: number;
  readonly minChildWeight: number;
  readonly maxDeltaStep: number;
  /** Per feature −1 / 0 / 1, or null when nothing is constrained. */
  readonly monotone: Int8Array | null;
}

/** The best split of a node; `splitBin` is the last bin going left (−1: only missing values go left). */
export class SplitCandidate {
  lossChange = 0;
  feature = -1;
  splitBin = -1;
  defaultLeft = false;
  leftGrad = 0;
  leftHess = 0;
  rightGrad = 0;
  rightHess = 0;

  reset(): void {
    this.lossChange = 0;
    this.feature = -1;
    this.splitBin = -1;
    this.defaultLeft = false;
    this.leftGrad = 0;
    this.leftHess = 0;
    this.rightGrad = 0;
    this.rightHess = 0;
  }
}

const f32 = Math.fround;

function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/** XGBoost's CalcWeight: the optimal leaf value of a node with gradient sum G and hessian sum H. */
export function leafWeight(p: SplitParams, sumGrad: number, sumHess: number): number {
  if (sumHess < p.minChildWeight || sumHess <= 0) return 0;
  let w = -thresholdL1(sumGrad, p.alpha) / (sumHess + p.lambda);
  if (p.maxDeltaStep !== 0 && Math.abs(w) > p.maxDeltaStep) w = w > 0 ? p.maxDeltaStep : -p.maxDeltaStep;
  return f32(w);
}

/** The leaf weight clamped to a node's monotone bounds. */
export function boundedWeight(
  p: SplitParams,
  sumGrad: number,
  sumHess: number,
  lower: number,
  upper: number,
): number {
  const w = leafWeight(p, sumGrad, sumHess);
  if (p.monotone === null) return w;
  if (w < lower) return lower;
  if (w > upper) return upper;
  return w;
}

/** Structure score of a node at leaf weight w (SplitEvaluator::CalcGainGivenWeight). */
export function gainGivenWeight(p: SplitParams, sumGrad: number, sumHess: number, w: number): number {
  if (sumHess <= 0) return 0;
  if (p.maxDeltaStep === 0 && p.monotone === null) {
    const t = thresholdL1(sumGrad, p.alpha);
    return f32((t * t) / (sumHess + p.lambda));
  }
  const g = f32(sumGrad);
  const h = f32(sumHess);
  return f32(-f32(f32(f32(2 * g) * w) + f32(f32(h + p.lambda) * f32(w * w))));
}

/** Structure score of a node at its own (bounded) weight: XGBoost's root_gain. */
export function nodeGain(
  p: SplitParams,
  sumGrad: number,
  sumHess: number,
  lower: number,
  upper: number,
): number {
  return gainGivenWeight(p, sumGrad, sumHess, boundedWeight(p, sumGrad, sumHess, lower, upper));
}

/**
 * Scans the node's histogram over `features` and leaves in `best` the split with the largest loss
 * change above 0 (best.feature = −1 if there is none).
 */
export function findBestSplit(
  p: SplitParams,
  hist: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
  sumGrad: number,
  sumHess: number,
  lower: number,
  upper: number,
  best: SplitCandidate,
): void {
  best.reset();
  const { binCounts, slotOffsets } = binned;
  const parentGain = nodeGain(p, sumGrad, sumHess, lower, upper);
  const mcw = p.minChildWeight;
  const lambda = p.lambda;
  const alpha = p.alpha;
  const simple = p.maxDeltaStep === 0 && p.monotone === null;
  let bestLoss = 0;
  for (let j = 0; j < features.length; j++) {
    const f = features[j]!;
    const first = slotOffsets[f]!;
    const nb = binCounts[f]!;
    const missing = (first + nb) << 1;
    const hasMissing = hist[missing] !== 0 || hist[missing + 1] !== 0;
    const constraint = p.monotone === null ? 0 : p.monotone[f]!;
    // forward: bins 0 … b left, the rest and missing right (without missing values, the last bin
    // would leave the right side empty)
    const lastForward = hasMissing ? nb : nb - 1;
    let lg = 0;
    let lh = 0;
    for (let b = 0; b < lastForward; b++) {
      const k = (first + b) << 1;
      const bg = hist[k]!;
      const bh = hist[k + 1]!;
      if (bg === 0 && bh === 0) continue;
      lg += bg;
      lh += bh;
      if (lh < mcw) continue;
      const rg = sumGrad - lg;
      const rh = sumHess - lh;
      if (rh < mcw) continue;
      let loss: number;
      if (simple) {
        // without an L1 penalty the threshold is the identity (and its sign branches cost)
        const tl = alpha === 0 ? lg : thresholdL1(lg, alpha);
        const tr = alpha === 0 ? rg : thresholdL1(rg, alpha);
        const gl = lh <= 0 ? 0 : f32((tl * tl) / (lh + lambda));
        const gr = rh <= 0 ? 0 : f32((tr * tr) / (rh + lambda));
        loss = f32(f32(gl + gr) - parentGain);
      } else loss = constrainedLoss(p, constraint, lg, lh, rg, rh, lower, upper, parentGain);
      if (loss > bestLoss) {
        bestLoss = loss;
        record(best, loss, f, b, false, lg, lh, rg, rh);
      }
    }
    if (!hasMissing) continue;
    // backward: bins b … nb − 1 right, the lower bins and missing left
    let rg = 0;
    let rh = 0;
    for (let b = nb - 1; b >= 0; b--) {
      const k = (first + b) << 1;
      const bg = hist[k]!;
      const bh = hist[k + 1]!;
      if (bg === 0 && bh === 0) continue;
      rg += bg;
      rh += bh;
      if (rh < mcw) continue;
      const lg2 = sumGrad - rg;
      const lh2 = sumHess - rh;
      if (lh2 < mcw) continue;
      let loss: number;
      if (simple) {
        const tl = alpha === 0 ? lg2 : thresholdL1(lg2, alpha);
        const tr = alpha === 0 ? rg : thresholdL1(rg, alpha);
        const gl = lh2 <= 0 ? 0 : f32((tl * tl) / (lh2 + lambda));
        const gr = rh <= 0 ? 0 : f32((tr * tr) / (rh + lambda));
        loss = f32(f32(gl + gr) - parentGain);
      } else loss = constrainedLoss(p, constraint, lg2, lh2, rg, rh, lower, upper, parentGain);
      if (loss > bestLoss) {
        bestLoss = loss;
        record(best, loss, f, b - 1, true, lg2, lh2, rg, rh);
      }
    }
  }
}

function constrainedLoss(
  p: SplitParams,
  constraint: number,
  lg: number,
  lh: number,
  rg: number,
  rh: number,
  lower: number,
  upper: number,
  parentGain: number,
): number {
  const wl = boundedWeight(p, lg, lh, lower, upper);
  const wr = boundedWeight(p, rg, rh, lower, upper);
  if ((constraint > 0 && wl > wr) || (constraint < 0 && wl < wr)) return Number.NEGATIVE_INFINITY;
  const gain = f32(gainGivenWeight(p, lg, lh, wl) + gainGivenWeight(p, rg, rh, wr));
  return f32(gain - parentGain);
}

function record(
  best: SplitCandidate,
  loss: number,
  feature: number,
  splitBin: number,
  defaultLeft: boolean,
  lg: number,
  lh: number,
  rg: number,
  rh: number,
): void {
  best.lossChange = loss;
  best.feature = feature;
  best.splitBin = splitBin;
  best.defaultLeft = defaultLeft;
  best.leftGrad = lg;
  best.leftHess = lh;
  best.rightGrad = rg;
  best.rightHess = rh;
}
