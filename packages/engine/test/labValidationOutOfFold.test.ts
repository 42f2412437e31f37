import {
  calibrationGroups,
  elasticNetLearner,
  type ModelSpec,
  nestedCrossValidation,
  readModelSpec,
  wilsonInterval,
} from "@carta/ml";
import { calibrationCurve } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { syntheticCohort } from "../../ml/test/synthetic.js";
import type { LearningData } from "../src/lab/learningData.js";
import { runModelValidation, type ValidationJson } from "../src/lab/modelValidation.js";

describe("Wilson's interval", () => {
  // R 4.2: prop.test(x, n, correct = FALSE)$conf.int, printed with 17 significant digits.
  const cases: [number, number, number, number][] = [
    [0, 10, 0, 0.27753279986288915],
    [3, 10, 0.10779126740630104, 0.60322185253885452],
    [10, 10, 0.72246720013711085, 1],
    [270, 300, 0.8608335376153784, 0.92905208540498474],
    [1, 1, 0.2065493143772375, 1],
  ];
  it.each(cases)("%i of %i matches prop.test", (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n);
    expect(ci.estimate).toBe(x / n);
    expect(ci.lower).toBeCloseTo(lower, 13);
    expect(ci.upper).toBeCloseTo(upper, 13);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(4, 3)).toThrow(/successes/);
    expect(() => wilsonInterval(0, 0)).toThrow(/n must be/);
  });
});

describe("calibration groups", () => {
  it("cuts 250 predictions into deciles of risk with the observed proportion and its Wilson interval", () => {
    const predicted = Array.from({ length: 250 }, (_, i) => ((i * 37) % 250) / 250);
    const outcome = predicted.map((p, i) => (i % 4 === 0 || p > 0.8 ? 1 : 0));
    const groups = calibrationGroups(predicted, outcome);
    expect(groups.map((g) => g.n)).toEqual(new Array(10).fill(25));
    expect(groups[0]).toMatchObject({ lower: 0, upper: 24 / 250 });
    for (const [k, g] of groups.entries()) {
      const members = predicted
        .map((p, i) => ({ p, y: outcome[i]! }))
        .filter((m) => m.p >= g.lower && m.p <= g.upper);
      expect(members.length).toBe(g.n);
      const events = members.filter((m) => m.y === 1).length;
      expect(g.meanPredicted).toBeCloseTo(members.reduce((s, m) => s + m.p, 0) / g.n, 14);
      expect(g.observed).toBe(events / g.n);
      const ci = wilsonInterval(events, g.n);
      expect([g.observedLower, g.observedUpper]).toEqual([ci.lower, ci.upper]);
      if (k > 0) expect(g.lower).toBeGreaterThan(groups[k - 1]!.upper);
    }
  });

  it("uses fewer groups below 100 rows, at least ten patients each", () => {
    const predicted = Array.from({ length: 57 }, (_, i) => i / 57);
    const groups = calibrationGroups(
      predicted,
      predicted.map((_, i) => i % 2),
    );
    expect(groups.map((g) => g.n)).toEqual([11, 11, 11, 12, 12]);
    expect(calibrationGroups([0.2, 0.4, 0.3], [0, 1, 0])).toHaveLength(1);
  });

  it("never splits patients with the same predicted risk across groups", () => {
    // 40 patients at 0.1, then 80 distinct risks: the first boundary (rank 12) moves past the tie.
    const predicted = [...new Array(40).fill(0.1), ...Array.from({ length: 80 }, (_, i) => 0.2 + i / 200)];
    const groups = calibrationGroups(
      predicted,
      predicted.map((_, i) => (i % 3 === 0 ? 1 : 0)),
    );
    expect(groups[0]).toMatchObject({ lower: 0.1, upper: 0.1, n: 40 });
    // The 80 others share the 9 groups left at ten or more each: 8 groups of 10.
    expect(groups.slice(1).map((g) => g.n)).toEqual(new Array(8).fill(10));
    for (let k = 1; k < groups.length; k++) expect(groups[k]!.lower).toBeGreaterThan(groups[k - 1]!.upper);
  });
});

describe("the out-of-fold curves of a validation run", () => {
  const cohort = syntheticCohort(200, 17);
  const data: LearningData = {
    columns: cohort.table.columns.map((c) => ({ ...c })),
    rows: cohort.table.rows.map((r) => [...r]),
    outcome: Array.from(cohort.outcome),
    centers: cohort.table.rows.map((_, i) => `C${i % 4}`),
    cohorts: cohort.table.rows.map(() => "3L+"),
    dropped: { endpointMissing: 0, incomplete: 0 },
  };
  const grid = [
    { lambda: 0.05, alpha: 1 },
    { lambda: 0.005, alpha: 0.5 },
  ];
  const spec: ModelSpec = readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name: "oof-curves",
    endpoint: "pfs_event_by_12m",
    landmark: "lymphodepletion",
    learner: { kind: "elastic-net-logistic", grid },
    validation: { outerFolds: 4, innerFolds: 3, bootstrapReplicates: 2, leaveOneCenterOut: false, seed: 8 },
  });
  const v: ValidationJson = runModelValidation(spec, data, () => {});
  // The same nested CV through @carta/ml's one-call function gives the out-of-fold predictions.
  const cv = nestedCrossValidation({
    learner: elasticNetLearner,
    table: cohort.table,
    outcome: cohort.outcome,
    grid,
    outerFolds: 4,
    innerFolds: 3,
    seed: 8,
  });
  const p = cv.predicted;
  const y = cohort.outcome;

  it("are those of the same out-of-fold predictions as nestedCrossValidation's", () => {
    expect(v.nestedCv.chosen).toEqual(cv.folds.map((f) => f.chosenIndex));
    expect(v.nestedCv.performance.auc).toBe(cv.performance.auc.auc);
    expect(v.nestedCv.performance.brier).toBe(cv.performance.brier);
  });

  it("give the lowess calibration curve at 100 risks spanning the predictions", () => {
    const curve = v.nestedCv.calibrationCurve!;
    expect(curve.method).toMatch(/^lowess\(.*iter = 0.*rms::val\.prob/);
    expect(curve.points).toHaveLength(100);
    const lo = Math.min(...p);
    const hi = Math.max(...p);
    expect(curve.points[0]!.predicted).toBe(lo);
    expect(curve.points[99]!.predicted).toBe(hi);
    const at = calibrationCurve({ predicted: p, outcome: y, grid: curve.points.map((q) => q.predicted) });
    expect(curve.points.map((q) => q.observed)).toEqual(at.grid!.observed);
  });

  it("give deciles of out-of-fold risk", () => {
    expect(v.nestedCv.calibrationGroups).toEqual(calibrationGroups(p, y));
    expect(v.nestedCv.calibrationGroups).toHaveLength(10);
  });

  it("give net benefit at thresholds 0.05 … 0.95 (Vickers & Elkin 2006)", () => {
    const dca = v.nestedCv.decisionCurve;
    expect(dca.thresholds).toHaveLength(19);
    expect(dca.thresholds[0]).toBe(0.05);
    expect(dca.thresholds[18]).toBe(0.95);
    const n = p.length;
    const prevalence = y.reduce((s, e) => s + e, 0) / n;
    dca.thresholds.forEach((t, k) => {
      let tp = 0;
      let fp = 0;
      p.forEach((risk, i) => {
        if (risk >= t) {
          if (y[i] === 1) tp++;
          else fp++;
        }
      });
      expect(dca.model[k]).toBeCloseTo(tp / n - (fp / n) * (t / (1 - t)), 14);
      expect(dca.treatAll[k]).toBeCloseTo(prevalence - (1 - prevalence) * (t / (1 - t)), 14);
      expect(dca.treatNone[k]).toBe(0);
    });
  });
});
