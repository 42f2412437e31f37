import {
  type BoostingSample,
  CycleStopper,
  meanLogLoss,
  refreshGradients,
  type TrainingSample,
} from "./boosting.js";
import { MainTreeFitter } from "./mainTree.js";
import type { ResolvedEbmParams } from "./params.js";

/** The inner split's rows binned per feature, column-major: feature f, row i at f · n + i. */
export interface BinnedSamples {
  readonly train: TrainingSample;
  readonly validation: BoostingSample;
  readonly trainBins: Uint16Array;
  readonly validationBins: Uint16Array;
  /** Bins of each feature, the missing bin included. */
  readonly binCounts: Int32Array;
  /** 1 for a numeric feature (bins in value order), 0 for a binary or categorical one. */
  readonly valueOrder: Uint8Array;
}

export interface MainEffectsResult {
  /** Per feature, the score of each bin (missing first), uncentred. */
  readonly scores: Float64Array[];
  /** Cycles of the kept model (the validation loss's minimum, or all cycles without validation). */
  readonly cycles: number;
}

/**
 * Cyclic boosting of the main effects (Lou, Caruana & Gehrke, KDD 2012; the first stage of GA2M):
 * each cycle visits the features in turn and boosts one shallow tree on that feature alone against
 * the current residuals, so with a small learning rate no feature can take credit that belongs to
 * another just because it was visited first. The validation margins are kept in step so early
 * stopping can watch the loss after every cycle. On return both samples' margins and the training
 * gradients are those of the model kept.
 */
export function boostMainEffects(
  data: BinnedSamples,
  baseMargin: number,
  params: ResolvedEbmParams,
): MainEffectsResult {
  const { train, validation, trainBins, validationBins, binCounts, valueOrder } = data;
  const features = binCounts.length;
  const nt = train.n;
  const nv = validation.n;
  let widest = 1;
  for (let f = 0; f < features; f++) widest = Math.max(widest, binCounts[f]!);
  const scores = Array.from(binCounts, (bins) => new Float64Array(bins));
  const kept = Array.from(binCounts, (bins) => new Float64Array(bins));
  const counts = Array.from(binCounts, (bins) => new Float64Array(bins));
  const active: number[] = [];
  for (let f = 0; f < features; f++) {
    const c = counts[f]!;
    for (let i = 0; i < nt; i++) c[trainBins[f * nt + i]!]!++;
    if (c.filter((x) => x > 0).length >= 2) active.push(f);
  }
  const g = new Float64Array(widest);
  const h = new Float64Array(widest);
  const update = new Float64Array(widest);
  const expUpdate = new Float64Array(widest);
  const fitter = new MainTreeFitter(widest, params.maxLeaves);
  const stopper = new CycleStopper(params.earlyStoppingRounds, params.earlyStoppingTolerance);
  const { gradient, hessian, expNegMargin: em } = train;
  const tm = train.margin;
  const ty = train.y;
  const vm = validation.margin;
  let cycle = 0;
  while (cycle < params.cycles && !(nv > 0 && stopper.stop)) {
    cycle++;
    // Keeps exp(−margin) from drifting away from the margins through the products.
    refreshGradients(train);
    for (const f of active) {
      const bins = binCounts[f]!;
      const off = f * nt;
      g.fill(0, 0, bins);
      h.fill(0, 0, bins);
      for (let i = 0; i < nt; i++) {
        const b = trainBins[off + i]!;
        g[b]! += gradient[i]!;
        h[b]! += hessian[i]!;
      }
      const fitted = fitter.fit(
        g,
        h,
        counts[f]!,
        bins,
        valueOrder[f] === 1,
        params.learningRate,
        params.minSamplesLeaf,
        update,
      );
      if (!fitted) continue;
      const s = scores[f]!;
      for (let b = 0; b < bins; b++) s[b]! += update[b]!;
      for (let b = 0; b < bins; b++) expUpdate[b] = Math.exp(-update[b]!);
      for (let i = 0; i < nt; i++) {
        const b = trainBins[off + i]!;
        tm[i]! += update[b]!;
        const p = 1 / (1 + (em[i]! *= expUpdate[b]!));
        gradient[i] = p - ty[i]!;
        hessian[i] = p * (1 - p);
      }
      const voff = f * nv;
      for (let i = 0; i < nv; i++) vm[i]! += update[validationBins[voff + i]!]!;
    }
    if (nv > 0 && stopper.record(cycle, meanLogLoss(validation))) {
      for (let f = 0; f < features; f++) kept[f]!.set(scores[f]!);
    }
  }
  if (nv === 0) return { scores, cycles: cycle };
  restoreMargins(train.margin, trainBins, kept, baseMargin);
  restoreMargins(validation.margin, validationBins, kept, baseMargin);
  refreshGradients(train);
  return { scores: kept, cycles: stopper.bestCycle };
}

function restoreMargins(margin: Float64Array, bins: Uint16Array, scores: Float64Array[], base: number): void {
  const n = margin.length;
  margin.fill(base);
  scores.forEach((s, f) => {
    const off = f * n;
    for (let i = 0; i < n; i++) margin[i]! += s[bins[off + i]!]!;
  });
}
