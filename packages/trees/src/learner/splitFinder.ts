import { type SplitScratch, screenBins, screenFloor, screenMarked } from "./splitScreen.js";

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
 * Scans the nb bins of feature f, whose sums start at slot `first` of `hist` (its missing values
 * in slot first + nb), and records in `best` any split whose loss change exceeds best.lossChange;
 * a node's search resets `best` (loss change 0) and scans its features in increasing order, so the
 * first best split is kept. parentGain is nodeGain of the node; `occupied` holds the marks of a
 * tracked histogram (histogram.ts), or is null to visit every bin.
 */
export function scanFeature(
  p: SplitParams,
  hist: Float64Array,
  occupied: Uint32Array | null,
  first: number,
  nb: number,
  f: number,
  sumGrad: number,
  sumHess: number,
  lower: number,
  upper: number,
  parentGain: number,
  best: SplitCandidate,
  scratch: SplitScratch,
): void {
  const missing = (first + nb) << 1;
  const hasMissing = hist[missing] !== 0 || hist[missing + 1] !== 0;
  if (p.maxDeltaStep !== 0 || p.monotone !== null) {
    scanConstrained(p, hist, f, first, nb, hasMissing, sumGrad, sumHess, lower, upper, parentGain, best);
    return;
  }
  // forward: bins 0 … b left, the rest and missing right (without missing values, the last bin
  // would leave the right side empty)
  const forward = hasMissing ? nb : nb - 1;
  scanBins(p, hist, occupied, f, first, first, forward, false, sumGrad, sumHess, parentGain, best, scratch);
  // backward: bins b … nb − 1 right, the lower bins and missing left
  if (hasMissing)
    scanBins(
      p,
      hist,
      occupied,
      f,
      first,
      first + nb - 1,
      nb,
      true,
      sumGrad,
      sumHess,
      parentGain,
      best,
      scratch,
    );
}

/**
 * One direction of the scan over `count` bins from slot `start` (upwards, or downwards when
 * `backward`), accumulating the side the visited bins go to: left going forward, right going
 * backward; `first` is the feature's first slot. Both directions run the same loops, so that V8
 * optimises them on the type feedback of both (a direction-specific copy that rarely runs
 * deoptimises over and over).
 *
 * Empty bins are not skipped: they leave the sums unchanged, so their candidate repeats the one
 * before (which the strict > never prefers) or, before any row, puts every row on one side, whose
 * gain is the parent's and whose loss change is 0. Branching on emptiness costs more, as it is
 * unpredictable in the sparse histograms of deep nodes.
 *
 * With min_child_weight > 0 (every candidate then has positive hessian sums on both sides) a tight
 * loop first screens the bins (splitScreen.ts), visiting only the marked slots when `occupied`
 * gives a tracked histogram's marks, and the few candidates that pass are then computed exactly,
 * in bin order; otherwise one loop does both, over every bin.
 */
function scanBins(
  p: SplitParams,
  hist: Float64Array,
  occupied: Uint32Array | null,
  f: number,
  first: number,
  start: number,
  count: number,
  backward: boolean,
  sumGrad: number,
  sumHess: number,
  parentGain: number,
  best: SplitCandidate,
  scratch: SplitScratch,
): void {
  const mcw = p.minChildWeight;
  const lambda = p.lambda;
  const alpha = p.alpha;
  const step = backward ? -2 : 2;
  const end = (start << 1) + count * step;
  if (mcw > 0) {
    const values = scratch.values;
    values[0] = sumGrad;
    values[1] = sumHess;
    values[2] = mcw;
    values[3] = lambda;
    values[4] = screenFloor(best.lossChange, parentGain);
    const passed = occupied
      ? screenMarked(
          hist,
          occupied,
          backward ? start - count + 1 : start,
          backward ? start : start + count - 1,
          backward,
          scratch,
        )
      : screenBins(hist, start << 1, end, step, scratch);
    for (let c = 0; c < passed; c++) {
      const ag = scratch.grad[c]!;
      const ah = scratch.hess[c]!;
      const og = sumGrad - ag;
      const oh = sumHess - ah;
      const ta = alpha === 0 ? ag : thresholdL1(ag, alpha);
      const to = alpha === 0 ? og : thresholdL1(og, alpha);
      // left + right in either direction (float addition commutes)
      const loss = f32(f32(f32((ta * ta) / (ah + lambda)) + f32((to * to) / (oh + lambda))) - parentGain);
      if (loss > best.lossChange)
        recordScanned(best, loss, f, (scratch.slot[c]! >> 1) - first, backward, ag, ah, og, oh);
    }
    return;
  }
  let bestLoss = best.lossChange;
  let floor = screenFloor(bestLoss, parentGain);
  let ag = 0;
  let ah = 0;
  for (let k = start << 1; k !== end; k = (k + step) | 0) {
    ag += hist[k]!;
    ah += hist[k | 1]!;
    const oh = sumHess - ah;
    if (ah < mcw || oh < mcw) continue;
    const og = sumGrad - ag;
    // without an L1 penalty the threshold is the identity (and its sign branches cost)
    const ta = alpha === 0 ? ag : thresholdL1(ag, alpha);
    const to = alpha === 0 ? og : thresholdL1(og, alpha);
    const da = ah + lambda;
    const dO = oh + lambda;
    if (ah > 0 && oh > 0 && ag * ag * dO + og * og * da < floor * (da * dO)) continue;
    const ga = ah <= 0 ? 0 : f32((ta * ta) / da);
    const go = oh <= 0 ? 0 : f32((to * to) / dO);
    const loss = f32(f32(ga + go) - parentGain);
    if (loss > bestLoss) {
      bestLoss = loss;
      floor = screenFloor(bestLoss, parentGain);
      recordScanned(best, loss, f, (k >> 1) - first, backward, ag, ah, og, oh);
    }
  }
}

/**
 * Records a scanned candidate: the last bin going left is the visited one going forward and the
 * one below it going backward, when the visited side is the right one.
 */
function recordScanned(
  best: SplitCandidate,
  loss: number,
  f: number,
  visited: number,
  backward: boolean,
  ag: number,
  ah: number,
  og: number,
  oh: number,
): void {
  if (backward) record(best, loss, f, visited - 1, true, og, oh, ag, ah);
  else record(best, loss, f, visited, false, ag, ah, og, oh);
}

/** The scan under a monotone constraint or max_delta_step: leaf weights bounded, no screening. */
function scanConstrained(
  p: SplitParams,
  hist: Float64Array,
  f: number,
  first: number,
  nb: number,
  hasMissing: boolean,
  sumGrad: number,
  sumHess: number,
  lower: number,
  upper: number,
  parentGain: number,
  best: SplitCandidate,
): void {
  const mcw = p.minChildWeight;
  const constraint = p.monotone === null ? 0 : p.monotone[f]!;
  let bestLoss = best.lossChange;
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
    const loss = constrainedLoss(p, constraint, lg, lh, rg, rh, lower, upper, parentGain);
    if (loss > bestLoss) {
      bestLoss = loss;
      record(best, loss, f, b, false, lg, lh, rg, rh);
    }
  }
  if (!hasMissing) return;
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
    const loss = constrainedLoss(p, constraint, lg2, lh2, rg, rh, lower, upper, parentGain);
    if (loss > bestLoss) {
      bestLoss = loss;
      record(best, loss, f, b - 1, true, lg2, lh2, rg, rh);
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
