import {
  type FoldConformal,
  type FoldConformalOptions,
  featureImportance,
  foldConformal,
  type LearningTable,
  predictorStability,
  type ReplicateImportance,
  summarizeConformal,
} from "@carta/ml";
import { type IndexValues, type OptimismReplicate, summarizeOptimism } from "@carta/stats";
import type { ValidationJson } from "./modelValidation.js";

/**
 * The parts of a validation run that every endpoint family merges the same way from its tasks'
 * results: the conformal coverage of the outer folds, and the bootstrap optimism table with the
 * predictors' stability across the same refits.
 */

/** One block of bootstrap replicates as a task returns it. */
export interface OptimismChunk {
  /** The fit on every row's indexes (the block that was asked for it), else null. */
  apparent: IndexValues | null;
  replicates: OptimismReplicate[];
  /** Per fitted replicate; null when some refit is of a kind whose predictors cannot be read. */
  importance: ReplicateImportance[] | null;
}

/**
 * One outer fold's conformal check, or null when it cannot be done: the proper part is smaller than
 * the fold's training rows, so its refit can lack a level the held-out rows have (an elastic net then
 * refuses them); the check is reported as not done rather than failing the whole validation.
 */
export function foldConformalOrNull<M, P>(options: FoldConformalOptions<M, P>): FoldConformal | null {
  try {
    return foldConformal(options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return null;
  }
}

/**
 * Collects the predictors' importance of each bootstrap refit (for the stability), as an optimism
 * runner's onRefit; `modelOf` picks the model to read (a cause-specific fit's own cause). Once a refit
 * cannot be read the stability is not reported (null).
 */
export function refitImportance(table: LearningTable, modelOf: (refit: unknown) => unknown = (m) => m) {
  const collected: ReplicateImportance[] = [];
  let readable = true;
  return {
    onRefit(refit: { replicate: number; model: unknown; rows: Uint32Array }) {
      if (!readable) return;
      const measured = featureImportance(modelOf(refit.model), table, refit.rows);
      if (measured === null) readable = false;
      else collected.push({ replicate: refit.replicate, ...measured });
    },
    importance: (): ReplicateImportance[] | null => (readable ? collected : null),
  };
}

/** The outer folds' conformal checks pooled; null when any fold could not be checked. */
export function mergedConformal(
  folds: readonly (FoldConformal | null)[],
  alpha: number,
  methodNote = "",
): ValidationJson["conformal"] {
  if (!folds.every((c) => c !== null)) return null;
  const c = summarizeConformal(folds as FoldConformal[], alpha);
  return {
    alpha: c.alpha,
    targetCoverage: c.targetCoverage,
    empiricalCoverage: c.empiricalCoverage,
    coverageLower: c.coverageLower,
    coverageUpper: c.coverageUpper,
    n: c.n,
    setSizes: c.setSizes,
    method: `${c.method}${methodNote}`,
  };
}

/**
 * The optimism table from the blocks of replicates, and the predictors' stability across their
 * refits (`selection` says what "selected" means for the learner family and `scale` what the
 * importance is measured on).
 */
export function mergedOptimism(
  chunks: readonly OptimismChunk[],
  featureNames: readonly string[],
  selection: string,
  scale = "",
): { optimism: ValidationJson["optimism"]; stability: ValidationJson["stability"] } {
  const apparent = chunks.find((c) => c.apparent !== null)?.apparent;
  if (!apparent) throw new RangeError("merging a validation run: no task computed the apparent indexes");
  const table = summarizeOptimism(
    apparent,
    chunks.flatMap((c) => c.replicates),
  );
  const importance = chunks.every((c) => c.importance !== null) ? chunks.flatMap((c) => c.importance!) : [];
  const stability: ValidationJson["stability"] =
    importance.length === 0
      ? null
      : {
          replicates: importance.length,
          method: `refits of the first grid entry on the ${importance.length} fitted bootstrap optimism replicates; selected: ${selection}; importance: ${importance[0]!.measure}${scale}; rank 1 = most important, ties share their mean rank; rankLower/rankUpper: 2.5th/97.5th percentiles`,
          features: predictorStability([...featureNames], importance),
        };
  return {
    optimism: {
      replicates: table.replicates,
      fitted: table.fitted,
      failures: table.failures,
      indexes: table.rows.map((r) => ({
        index: r.index,
        apparent: r.indexOrig,
        optimism: r.optimism,
        corrected: r.indexCorrected,
        n: r.n,
      })),
    },
    stability,
  };
}
