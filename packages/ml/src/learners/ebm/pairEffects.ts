import {
  type BoostingSample,
  CycleStopper,
  meanLogLoss,
  refreshGradients,
  type TrainingSample,
} from "./boosting.js";
import type { PairCandidate } from "./fast.js";
import { PairHistogram } from "./pairHistogram.js";
import { PairTreeFitter } from "./pairTree.js";
import type { ResolvedEbmParams } from "./params.js";

/** Both sides of the inner split in coarse bins (column-major), with each feature's coarse bin count. */
export interface CoarseSamples {
  readonly train: TrainingSample;
  readonly validation: BoostingSample;
  readonly trainBins: Uint8Array;
  readonly validationBins: Uint8Array;
  readonly binCounts: Int32Array;
}

export interface PairEffectsResult {
  /** Per pair, its table (rows: first feature's coarse bins, columns: the second's; missing first). */
  readonly scores: Float64Array[];
  readonly cycles: number;
}

/**
 * The second stage of GA2M: with the main effects frozen, the selected pairs are boosted cyclically
 * on the residuals, one small 2-D tree per pair per cycle, with the same learning rate and early
 * stopping as the mains (Lou et al. KDD 2013, §3). Training margins and gradients move with the
 * pairs; the returned tables are those at the lowest validation loss.
 */
export function boostPairs(
  data: CoarseSamples,
  pairs: readonly PairCandidate[],
  params: ResolvedEbmParams,
): PairEffectsResult {
  const { train, validation, trainBins, validationBins, binCounts } = data;
  const nt = train.n;
  const nv = validation.n;
  let widest = 1;
  for (const { a, b } of pairs) widest = Math.max(widest, binCounts[a]!, binCounts[b]!);
  const scores = pairs.map(({ a, b }) => new Float64Array(binCounts[a]! * binCounts[b]!));
  const kept = scores.map((s) => new Float64Array(s.length));
  const hist = new PairHistogram(widest, widest);
  const fitter = new PairTreeFitter();
  const update = new Float64Array(widest * widest);
  const expUpdate = new Float64Array(widest * widest);
  const stopper = new CycleStopper(params.earlyStoppingRounds, params.earlyStoppingTolerance);
  const { gradient, hessian, y, expNegMargin: em } = train;
  const tm = train.margin;
  const vm = validation.margin;
  let cycle = 0;
  while (cycle < params.cycles && !(nv > 0 && stopper.stop)) {
    cycle++;
    refreshGradients(train);
    pairs.forEach(({ a, b }, k) => {
      const rows = binCounts[a]!;
      const columns = binCounts[b]!;
      hist.fill(trainBins, a * nt, b * nt, nt, rows, columns, gradient, hessian);
      if (!fitter.fit(hist, params.learningRate, params.minSamplesLeaf, update)) return;
      const s = scores[k]!;
      for (let cell = 0; cell < rows * columns; cell++) s[cell]! += update[cell]!;
      const ta = a * nt;
      const tb = b * nt;
      for (let cell = 0; cell < rows * columns; cell++) expUpdate[cell] = Math.exp(-update[cell]!);
      for (let i = 0; i < nt; i++) {
        const cell = trainBins[ta + i]! * columns + trainBins[tb + i]!;
        tm[i]! += update[cell]!;
        const p = 1 / (1 + (em[i]! *= expUpdate[cell]!));
        gradient[i] = p - y[i]!;
        hessian[i] = p * (1 - p);
      }
      const va = a * nv;
      const vb = b * nv;
      for (let i = 0; i < nv; i++)
        vm[i]! += update[validationBins[va + i]! * columns + validationBins[vb + i]!]!;
    });
    if (nv > 0 && stopper.record(cycle, meanLogLoss(validation))) {
      scores.forEach((s, k) => {
        kept[k]!.set(s);
      });
    }
  }
  return nv === 0 ? { scores, cycles: cycle } : { scores: kept, cycles: stopper.bestCycle };
}
