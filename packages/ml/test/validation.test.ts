import { describe, expect, it } from "vitest";
import {
  type BinaryLearner,
  binaryOptimism,
  boostedTreesLearner,
  type ElasticNetModel,
  type ElasticNetParams,
  elasticNetLearner,
  leaveOneCenterOut,
  nestedCrossValidation,
  SMALL_CENTRES,
} from "../src/index.js";
import { syntheticCohort } from "./synthetic.js";

/** Wraps a learner so the test sees every row it was asked to fit. */
function instrumented<M, P>(learner: BinaryLearner<M, P>) {
  const fits: Uint32Array[] = [];
  const wrapped: BinaryLearner<M, P> = {
    name: `instrumented ${learner.name}`,
    fit(x, y, rows, params) {
      fits.push(rows.slice());
      return learner.fit(x, y, rows, params);
    },
    predictProbability: (model, x, rows) => learner.predictProbability(model, x, rows),
  };
  return { wrapped, fits };
}

describe("nested cross-validation", () => {
  const cohort = syntheticCohort(400, 21);
  const grid: ElasticNetParams[] = [
    { lambda: 0.3, alpha: 1 },
    { lambda: 0.01, alpha: 1 },
    { lambda: 0.001, alpha: 0.5 },
  ];

  it("never fits on an outer test row while tuning, and predicts each row once out of fold", () => {
    const { wrapped, fits } = instrumented<ElasticNetModel, ElasticNetParams>(elasticNetLearner);
    const result = nestedCrossValidation({
      learner: wrapped,
      table: cohort.table,
      outcome: cohort.outcome,
      grid,
      outerFolds: 4,
      innerFolds: 3,
      seed: 7,
    });
    // Per outer fold: 3 grid entries × 3 inner folds, then one refit.
    expect(fits.length).toBe(4 * (3 * 3 + 1));
    for (let fold = 0; fold < 4; fold++) {
      const testRows = new Set<number>();
      result.outerAssignment.forEach((f, i) => {
        if (f === fold) testRows.add(result.rows[i]!);
      });
      const foldFits = fits.slice(fold * 10, fold * 10 + 10);
      for (const rows of foldFits) for (const row of rows) expect(testRows.has(row)).toBe(false);
      // The refit uses the whole outer training set.
      expect(foldFits[9]!.length).toBe(400 - testRows.size);
    }
    expect(result.predicted.every((p) => p > 0 && p < 1)).toBe(true);
    expect(result.performance.n).toBe(400);
  });

  it("tunes inside: the heavily penalised model loses on inner log loss", () => {
    const result = nestedCrossValidation({
      learner: elasticNetLearner,
      table: cohort.table,
      outcome: cohort.outcome,
      grid,
      outerFolds: 3,
      innerFolds: 3,
      seed: 3,
    });
    for (const fold of result.folds) {
      expect(fold.chosenIndex).not.toBe(0);
      expect(fold.innerScores[0]).toBeGreaterThan(fold.innerScores[fold.chosenIndex]!);
    }
    expect(result.performance.auc.auc).toBeGreaterThan(0.7);
    expect(result.performance.auc.lower).toBeLessThan(result.performance.auc.auc);
    expect(result.performance.calibration!.slope).toBeGreaterThan(0.6);
  });

  it("refuses an empty grid", () => {
    expect(() =>
      nestedCrossValidation({
        learner: elasticNetLearner,
        table: cohort.table,
        outcome: cohort.outcome,
        grid: [],
        seed: 1,
      }),
    ).toThrow(/grid is empty/);
  });
});

describe("bootstrap optimism", () => {
  it("finds optimism in an overfitted tree model and little in a small logistic model", () => {
    const cohort = syntheticCohort(200, 8);
    const trees = binaryOptimism({
      learner: boostedTreesLearner,
      table: cohort.table,
      outcome: cohort.outcome,
      params: { rounds: 30, maxDepth: 3, learningRate: 0.3 },
      replicates: 15,
      seed: 4,
    });
    const row = (table: typeof trees, index: string) => table.rows.find((r) => r.index === index)!;
    expect(trees.rows.map((r) => r.index)).toEqual(["AUC", "Brier", "Intercept", "Slope"]);
    expect(trees.fitted).toBe(15);
    expect(row(trees, "AUC").optimism).toBeGreaterThan(0.05);
    expect(row(trees, "AUC").indexCorrected).toBeLessThan(row(trees, "AUC").indexOrig);
    expect(row(trees, "Brier").optimism).toBeLessThan(-0.02);
    // The slope is estimated, not fixed at 1: trees rank their own training rows almost perfectly,
    // so the slope there is far above the one on the original rows.
    expect(row(trees, "Slope").n).toBeGreaterThan(10);
    expect(row(trees, "Slope").optimism).toBeGreaterThan(0.3);
    const logistic = binaryOptimism({
      learner: elasticNetLearner,
      table: cohort.table,
      outcome: cohort.outcome,
      params: { lambda: 1e-4, alpha: 1 },
      replicates: 15,
      seed: 4,
    });
    expect(row(logistic, "AUC").optimism).toBeLessThan(row(trees, "AUC").optimism);
    expect(row(logistic, "AUC").optimism).toBeGreaterThan(-0.02);
  });
});

describe("leave-one-centre-out", () => {
  const cohort = syntheticCohort(900, 31);
  // Six centres of 140 rows and three of 20, which have fewer than minEvents = 12 events or non-events.
  const centers = Array.from({ length: 900 }, (_, i) => {
    if (i < 840) return `C${Math.floor(i / 140) + 1}`;
    return `S${Math.floor((i - 840) / 20) + 1}`;
  });

  it("pools centres with too few events into one group and meta-analyses the rest", () => {
    const result = leaveOneCenterOut({
      learner: elasticNetLearner,
      table: cohort.table,
      outcome: cohort.outcome,
      centers,
      params: { lambda: 0.001, alpha: 1 },
      minEvents: 12,
    });
    const small = result.groups.find((g) => g.label === SMALL_CENTRES)!;
    expect(small.centers).toEqual(["S1", "S2", "S3"]);
    expect(small.n).toBe(60);
    expect(result.groups.map((g) => g.label).filter((l) => l !== SMALL_CENTRES)).toEqual([
      "C1",
      "C2",
      "C3",
      "C4",
      "C5",
      "C6",
    ]);
    const auc = result.pooledAuc!;
    expect(auc.k).toBe(7);
    expect(auc.estimate).toBeGreaterThan(0.7);
    expect(auc.ciLower).toBeLessThan(auc.estimate);
    expect(auc.piLower!).toBeLessThanOrEqual(auc.ciLower);
    expect(auc.piUpper!).toBeGreaterThanOrEqual(auc.ciUpper);
    expect(auc.piUpper!).toBeLessThan(1);
    expect(result.pooledSlope!.estimate).toBeGreaterThan(0.7);
    expect(result.pooledSlope!.estimate).toBeLessThan(1.3);
    expect(result.pooledSlope!.piLower).not.toBeNull();
  });

  it("reports a pooled group with a single event without performance instead of failing", () => {
    // Make the small centres' 60 rows hold exactly one event between them.
    const outcome = Array.from(cohort.outcome);
    let kept = false;
    centers.forEach((c, i) => {
      if (!c.startsWith("S") || outcome[i] !== 1) return;
      if (kept) outcome[i] = 0;
      kept = true;
    });
    const result = leaveOneCenterOut({
      learner: elasticNetLearner,
      table: cohort.table,
      outcome,
      centers,
      params: { lambda: 0.001, alpha: 1 },
      minEvents: 12,
    });
    const small = result.groups.find((g) => g.label === SMALL_CENTRES)!;
    expect(small.nEvents).toBe(1);
    expect(small.belowMinimum).toBe(true);
    expect(small.performance).toBeNull();
    expect(result.pooledAuc!.k).toBe(6);
  });

  it("never fits on the held-out centre", () => {
    const { wrapped, fits } = instrumented<ElasticNetModel, ElasticNetParams>(elasticNetLearner);
    const result = leaveOneCenterOut({
      learner: wrapped,
      table: cohort.table,
      outcome: cohort.outcome,
      centers,
      params: { lambda: 0.001, alpha: 1 },
      minEvents: 12,
    });
    expect(fits.length).toBe(result.groups.length);
    result.groups.forEach((group, g) => {
      for (const row of fits[g]!) expect(group.centers).not.toContain(centers[row]);
    });
  });
});
