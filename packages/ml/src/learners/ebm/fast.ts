import { PairHistogram } from "./pairHistogram.js";

/** A pair of features and its FAST interaction strength. */
export interface PairCandidate {
  readonly a: number;
  readonly b: number;
  /**
   * The best 2 × 2 cut's reduction of the training log loss (summed over rows, to second order)
   * beyond what the same two cuts give additively.
   */
  readonly strength: number;
}

/** Coarse (pair) bins of the training rows, column-major: feature f, row i at f · n + i. */
export interface CoarseBins {
  readonly bins: Uint8Array;
  readonly n: number;
  /** Coarse bins of each feature, the missing bin included. */
  readonly binCounts: Int32Array;
}

/**
 * FAST (Lou, Caruana, Gehrke & Hooker, KDD 2013, §4.1): every pair of eligible features is scored
 * by the best model that cuts each of the two features once and fits one constant per quadrant to
 * the residuals of the main-effect model. With 2-D prefix sums each of the (b₁ − 1)(b₂ − 1) cut
 * pairs costs O(1), so ranking all pairs costs one pass over the rows per pair.
 *
 * The paper scores the quadrant model by its residual sum of squares, trusting the mains to have
 * converged. Here they stop early, so some of each feature's own effect is still in the residuals,
 * and two strong main effects cut together would pass for an interaction. So the score is the part
 * of the quadrant model's gain that the same two cuts cannot give additively: in the Newton metric
 * of the logistic loss (gradient sums G_q, hessian sums H_q per quadrant) that is the weighted 2 × 2
 * table's one-degree-of-freedom interaction contrast, ½ ψ² / Σ_q 1/H_q with
 * ψ = G₀₀/H₀₀ − G₀₁/H₀₁ − G₁₀/H₁₀ + G₁₁/H₁₁ — the saturated model's loss reduction ½ Σ G_q²/H_q
 * minus the additive one's. Every quadrant must hold minSamplesLeaf rows. Pairs are returned
 * strongest first; equal strengths keep feature order.
 */
export function rankPairs(
  coarse: CoarseBins,
  gradient: Float64Array,
  hessian: Float64Array,
  eligible: readonly number[],
  minSamplesLeaf: number,
): PairCandidate[] {
  let widest = 1;
  for (const f of eligible) widest = Math.max(widest, coarse.binCounts[f]!);
  const hist = new PairHistogram(widest, widest);
  const out: PairCandidate[] = [];
  for (let x = 0; x < eligible.length; x++) {
    for (let z = x + 1; z < eligible.length; z++) {
      const a = eligible[x]!;
      const b = eligible[z]!;
      const rows = coarse.binCounts[a]!;
      const columns = coarse.binCounts[b]!;
      hist.fill(coarse.bins, a * coarse.n, b * coarse.n, coarse.n, rows, columns, gradient, hessian);
      let best = 0;
      for (let r = 1; r < rows; r++) {
        for (let c = 1; c < columns; c++) {
          let contrast = 0;
          let variance = 0;
          let valid = true;
          for (let q = 0; q < 4 && valid; q++) {
            const low = q < 2;
            const left = q % 2 === 0;
            hist.rect(low ? 0 : r, low ? r : rows, left ? 0 : c, left ? c : columns);
            if (hist.c < minSamplesLeaf || !(hist.h > 1e-12)) valid = false;
            contrast += (low === left ? 1 : -1) * (hist.g / hist.h);
            variance += 1 / hist.h;
          }
          if (!valid) continue;
          const gain = (contrast * contrast) / variance / 2;
          if (gain > best) best = gain;
        }
      }
      out.push({ a, b, strength: best });
    }
  }
  return out.sort((p, q) => q.strength - p.strength);
}
