import { createTreeShapExplainer } from "@carta/trees";
import { describe, expect, it } from "vitest";
import {
  binaryPerformance,
  boostedTreesLearner,
  designMatrix,
  elasticNetLearner,
  learnEncoding,
  MissingValuesError,
} from "../src/index.js";
import { range, syntheticCohort, TRUE_PREDICTORS } from "./synthetic.js";

describe("design matrix", () => {
  it("one-hot encodes categories against the first level seen in the training rows", () => {
    const table = {
      columns: [
        { name: "age", type: "numeric" as const },
        { name: "stage", type: "categorical" as const, levels: ["I", "II", "III"] },
      ],
      rows: [
        [60, "II"],
        [70, "III"],
        [null, "II"],
        [50, "I"],
      ],
    };
    // Training rows 0–2 never have stage I: II is the reference, I unseen.
    const encoding = learnEncoding(table, Uint32Array.of(0, 1, 2));
    expect(encoding.names).toEqual(["age", "stage=III"]);
    const x = designMatrix(encoding, table, Uint32Array.of(0, 1, 2, 3));
    expect(Array.from(x.subarray(0, 6))).toEqual([60, 0, 70, 1, Number.NaN, 0]);
    // A level unknown to the training rows has no learned effect: missing, not the reference.
    expect(x[6]).toBe(50);
    expect(Number.isNaN(x[7]!)).toBe(true);
  });

  it("refuses text in a numeric column, naming the column", () => {
    const table = { columns: [{ name: "ldh", type: "numeric" as const }], rows: [["high"]] };
    const encoding = learnEncoding(table, Uint32Array.of(0));
    expect(() => designMatrix(encoding, table, Uint32Array.of(0))).toThrow(/ldh/);
  });
});

describe("elastic-net logistic learner", () => {
  const cohort = syntheticCohort(3000, 11);
  const train = range(0, 1500);
  const test = range(1500, 3000);

  it("puts its largest standardised coefficients on the true predictors", () => {
    const model = elasticNetLearner.fit(cohort.table, cohort.outcome, train, { lambda: 0.005, alpha: 0.5 });
    const names = model.encoding.names;
    const size = names.map((name, j) => ({ name, size: Math.abs(model.standardizedCoefficients[j]!) }));
    size.sort((a, b) => b.size - a.size);
    expect(
      size
        .slice(0, 3)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...TRUE_PREDICTORS].sort());
    expect(model.coefficients[names.indexOf("x1")]).toBeGreaterThan(0.9);
    expect(model.coefficients[names.indexOf("x2")]).toBeLessThan(-0.6);
  });

  it("is calibrated on a large held-out set when correctly specified (slope near 1)", () => {
    const model = elasticNetLearner.fit(cohort.table, cohort.outcome, train, { lambda: 1e-4, alpha: 1 });
    const p = elasticNetLearner.predictProbability(model, cohort.table, test);
    const perf = binaryPerformance(
      p,
      test.map((i) => cohort.outcome[i]!),
    );
    expect(perf.calibration!.slope).toBeGreaterThan(0.85);
    expect(perf.calibration!.slope).toBeLessThan(1.15);
    expect(Math.abs(perf.calibration!.intercept)).toBeLessThan(0.15);
    expect(perf.auc.auc).toBeGreaterThan(0.75);
  });

  it("refuses rows with missing values, naming the column, instead of imputing", () => {
    const withMissing = syntheticCohort(200, 3, { missingX1: 0.1 });
    let error: unknown;
    try {
      elasticNetLearner.fit(withMissing.table, withMissing.outcome, range(0, 200), {
        lambda: 0.01,
        alpha: 1,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingValuesError);
    expect((error as MissingValuesError).columns).toEqual(["x1"]);
    expect((error as Error).message).toMatch(/x1 \(\d+ of 200 rows\)/);
  });
});

describe("boosted-trees learner", () => {
  it("attributes the most SHAP importance to the true predictors, with missing values routed", () => {
    const cohort = syntheticCohort(1500, 5, { missingX1: 0.1 });
    const model = boostedTreesLearner.fit(cohort.table, cohort.outcome, range(0, 1500), {
      rounds: 40,
      maxDepth: 2,
      learningRate: 0.2,
    });
    const x = designMatrix(model.encoding, cohort.table, range(0, 500));
    const shap = createTreeShapExplainer(model.ensemble).explain(x);
    const p = shap.names.length;
    const importance = shap.names.map((name, j) => {
      let sum = 0;
      for (let i = 0; i < shap.nRows; i++) sum += Math.abs(shap.values[i * p + j]!);
      return { name, importance: sum / shap.nRows };
    });
    importance.sort((a, b) => b.importance - a.importance);
    expect(
      importance
        .slice(0, 3)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...TRUE_PREDICTORS].sort());
    const risk = boostedTreesLearner.predictProbability(model, cohort.table, range(0, 1500));
    expect(risk.every((r) => r > 0 && r < 1)).toBe(true);
  });
});
