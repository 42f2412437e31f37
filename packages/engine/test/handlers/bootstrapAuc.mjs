// @ts-check
/**
 * A job handler for the runner tests: a bootstrap percentile interval of the AUC (Efron & Tibshirani
 * 1993, ch. 13), resampled within outcome strata so every replicate keeps both classes, reporting
 * progress every `progressEvery` replicates. JavaScript, not TypeScript, because worker threads load it
 * with plain Node (the test runner's TypeScript transform does not reach them).
 *
 * Spec: { predicted: number[], outcome: (0|1)[], replicates: number, seed: number, progressEvery: number }
 */
import { auc, bootstrapResampler, quantileSorted } from "@carta/stats";

/**
 * @param {{ predicted: number[], outcome: number[], replicates: number, seed: number, progressEvery: number }} spec
 * @param {(fraction: number, message?: string) => void} progress
 */
export function run(spec, progress) {
  const { predicted, outcome, replicates, seed, progressEvery } = spec;
  const n = predicted.length;
  const resample = bootstrapResampler({ n, seed, strata: outcome });
  const p = new Float64Array(n);
  const y = new Float64Array(n);
  const aucs = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    const rows = resample(b);
    for (let i = 0; i < n; i++) {
      p[i] = predicted[rows[i] ?? 0] ?? Number.NaN;
      y[i] = outcome[rows[i] ?? 0] ?? Number.NaN;
    }
    aucs[b] = auc({ predicted: p, outcome: y }).auc;
    if ((b + 1) % progressEvery === 0) progress((b + 1) / replicates, `${b + 1} of ${replicates} replicates`);
  }
  const sorted = Float64Array.from(aucs).sort();
  let mean = 0;
  for (const a of aucs) mean += a / replicates;
  let ss = 0;
  for (const a of aucs) ss += (a - mean) ** 2;
  return {
    auc: auc({ predicted, outcome }).auc,
    replicates,
    bootstrapStdErr: Math.sqrt(ss / (replicates - 1)),
    lower: quantileSorted(sorted, 0.025),
    upper: quantileSorted(sorted, 0.975),
  };
}
