import {
  type BinaryLearner,
  calibrationSplit,
  type ElasticNetModel,
  type ElasticNetParams,
  elasticNetLearner,
  everyRow,
  foldConformal,
  nestedCvConformal,
  readModelSpec,
  summarizeConformal,
} from "@carta/ml";
import { kFoldAssignment } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { syntheticCohort } from "../../ml/test/synthetic.js";
import type { LearningData } from "../src/lab/learningData.js";
import { CONFORMAL_ALPHA, runModelValidation } from "../src/lab/modelValidation.js";

const PARAMS: ElasticNetParams = { lambda: 0.01, alpha: 1 };

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

describe("the calibration split", () => {
  const outcome = Array.from({ length: 90 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const eligible = Array.from({ length: 90 }, (_, i) => i).filter((i) => i % 10 !== 7);

  it("partitions the eligible rows, keeps a third of each class for calibration, and is seeded", () => {
    const { proper, calibration } = calibrationSplit(outcome, eligible, 1 / 3, 4, 2);
    expect([...proper, ...calibration].sort((a, b) => a - b)).toEqual(eligible);
    expect(new Set([...proper].filter((i) => calibration.includes(i))).size).toBe(0);
    const events = (rows: Uint32Array) => [...rows].filter((i) => outcome[i] === 1).length;
    const eligibleEvents = eligible.filter((i) => outcome[i] === 1).length;
    expect(events(calibration)).toBe(Math.round(eligibleEvents / 3));
    expect(calibration.length - events(calibration)).toBe(Math.round((eligible.length - eligibleEvents) / 3));
    expect(calibrationSplit(outcome, eligible, 1 / 3, 4, 2)).toEqual({ proper, calibration });
    // Each outer fold has its own stream: another replicate, or none, gives another split.
    expect(calibrationSplit(outcome, eligible, 1 / 3, 4, 3).calibration).not.toEqual(calibration);
    expect(calibrationSplit(outcome, eligible, 1 / 3, 4).calibration).not.toEqual(calibration);
  });

  it("refuses a fraction outside (0, 1)", () => {
    expect(() => calibrationSplit(outcome, eligible, 1, 4)).toThrow(/calibration fraction/);
  });
});

describe("conformal sets inside the outer folds", () => {
  it("fits only on the proper part: neither calibration nor held-out rows ever fit the model", () => {
    const cohort = syntheticCohort(150, 3);
    const { wrapped, fits } = instrumented<ElasticNetModel, ElasticNetParams>(elasticNetLearner);
    const trainRows = everyRow(100);
    const testRows = Uint32Array.from({ length: 50 }, (_, i) => 100 + i);
    const fold = foldConformal({
      learner: wrapped,
      table: cohort.table,
      outcome: cohort.outcome,
      trainRows,
      testRows,
      params: PARAMS,
      alpha: 0.1,
      seed: 9,
      fold: 0,
    });
    const { proper, calibration } = calibrationSplit(cohort.outcome, trainRows, 1 / 3, 9, 0);
    expect(fits).toEqual([proper]);
    expect(fold.properRows + fold.calibrationRows).toBe(100);
    expect(fold.calibrationRows).toBe(calibration.length);
    expect(fold.n).toBe(50);
    expect(fold.empty + fold.single + fold.both).toBe(50);
    expect(fold.covered).toBeLessThanOrEqual(50);
    expect(fold.threshold).toBeGreaterThan(0);
  });

  it("covers 90% of held-out outcomes within ±3 points, averaged over repeated seeds (issue 6)", () => {
    // A cohort with a known logistic true model; the elastic net is of the right form. Each seed
    // redraws the patients, the outer folds and the calibration splits.
    const coverages: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const cohort = syntheticCohort(300, 1000 + seed);
      const rows = everyRow(300);
      const outerAssignment = kFoldAssignment({ n: 300, k: 5, seed, strata: cohort.outcome });
      const result = nestedCvConformal({
        learner: elasticNetLearner,
        table: cohort.table,
        outcome: cohort.outcome,
        cv: { rows, outerAssignment, folds: [0, 1, 2, 3, 4].map((fold) => ({ fold, chosen: PARAMS })) },
        alpha: 0.1,
        seed,
      });
      expect(result.n).toBe(300);
      expect(result.setSizes.empty + result.setSizes.single + result.setSizes.both).toBe(300);
      expect(result.coverageLower).toBeLessThanOrEqual(result.empiricalCoverage);
      expect(result.coverageUpper).toBeGreaterThanOrEqual(result.empiricalCoverage);
      coverages.push(result.empiricalCoverage);
    }
    const mean = coverages.reduce((a, b) => a + b, 0) / coverages.length;
    expect(Math.abs(mean - 0.9)).toBeLessThan(0.03);
  });

  it("pools the folds: coverage is covered / n over every held-out row, with Wilson's interval", () => {
    const folds = [
      { fold: 1, calibrationFraction: 1 / 3, properRows: 60, calibrationRows: 30, threshold: 0.6 },
      { fold: 0, calibrationFraction: 1 / 3, properRows: 60, calibrationRows: 30, threshold: 0.7 },
    ].map((f, k) => ({ ...f, n: 25, covered: k === 0 ? 22 : 23, empty: 0, single: 15 + k, both: 10 - k }));
    const summary = summarizeConformal(folds, 0.1);
    expect(summary.folds.map((f) => f.fold)).toEqual([0, 1]);
    expect(summary).toMatchObject({ n: 50, covered: 45, empiricalCoverage: 0.9, targetCoverage: 0.9 });
    expect(summary.setSizes).toEqual({ empty: 0, single: 31, both: 19 });
    // R: prop.test(45, 50, correct = FALSE)$conf.int
    expect(summary.coverageLower).toBeCloseTo(0.78639768562520351, 12);
    expect(summary.coverageUpper).toBeCloseTo(0.95652423506810969, 12);
  });
});

describe("the validation run's conformal block", () => {
  it("checks every row once, at α = 0.1", () => {
    const cohort = syntheticCohort(120, 41);
    const data: LearningData = {
      columns: cohort.table.columns.map((c) => ({ ...c })),
      rows: cohort.table.rows.map((r) => [...r]),
      outcome: Array.from(cohort.outcome),
      centers: cohort.table.rows.map((_, i) => `C${i % 3}`),
      cohorts: cohort.table.rows.map(() => "3L+"),
      dropped: { endpointMissing: 0, incomplete: 0 },
    };
    const spec = readModelSpec({
      format: "carta.model-spec",
      version: 1,
      name: "conformal-check",
      endpoint: "cr_day90",
      landmark: "infusion",
      learner: { kind: "elastic-net-logistic", grid: [{ lambda: 0.02, alpha: 1 }] },
      validation: { outerFolds: 3, innerFolds: 2, bootstrapReplicates: 2, leaveOneCenterOut: false, seed: 3 },
    });
    const v = runModelValidation(spec, data, () => {});
    expect(v.conformal).not.toBeNull();
    const c = v.conformal!;
    expect(c.alpha).toBe(CONFORMAL_ALPHA);
    expect(c.targetCoverage).toBeCloseTo(0.9, 15);
    expect(c.n).toBe(120);
    expect(c.setSizes.empty + c.setSizes.single + c.setSizes.both).toBe(120);
    expect(c.empiricalCoverage).toBeGreaterThan(0.75);
    expect(c.coverageLower).toBeLessThan(c.empiricalCoverage);
    expect(c.coverageUpper).toBeGreaterThan(c.empiricalCoverage);
    expect(c.method).toMatch(/split-conformal inside each outer fold/);
  });
});
