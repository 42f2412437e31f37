import { describe, expect, it } from "vitest";
import { treeShapInteractions } from "../src/explain/interactions.js";
import { treeShap } from "../src/explain/treeShap.js";
import { importXgboostModel } from "../src/xgboost/importXgboostModel.js";
import { syntheticEnsemble, syntheticRows } from "./syntheticModels.js";
import { rowValues, worstAbsolute, XGB_FIXTURE_NAMES, xgbFixture } from "./xgboostFixtures.js";

const SHAP_TOL = 1e-5;

describe("SHAP interaction values against XGBoost's pred_interactions", () => {
  const withInteractions = XGB_FIXTURE_NAMES.filter((name) => xgbFixture(name).interactions !== undefined);

  it("has the small models the comparison needs", () => {
    expect(withInteractions).toEqual([
      "logistic-stump",
      "logistic-depth3-missing",
      "regression-depth8-monotone",
      "logistic-categorical",
    ]);
  });

  for (const name of withInteractions) {
    it(`${name}: matches every feature pair, and the bias row and column hold only the expected value`, () => {
      const f = xgbFixture(name);
      const model = importXgboostModel(f.model_text, name);
      const p = model.featureNames.length;
      const result = treeShapInteractions(model, rowValues(f.rows));
      expect(result.names).toEqual(model.featureNames);
      const expected: number[] = [];
      f.interactions!.forEach((matrix) => {
        for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) expected.push(matrix[i]![j]!);
        for (let k = 0; k < p; k++) {
          expect(matrix[p]![k]).toBe(0);
          expect(matrix[k]![p]).toBe(0);
        }
        expect(Math.abs(matrix[p]![p]! - result.expectedValue)).toBeLessThanOrEqual(SHAP_TOL);
      });
      const worst = worstAbsolute(result.values, expected);
      const at = worst.at;
      expect(
        worst.diff,
        `row ${Math.floor(at / (p * p))}, [${Math.floor(at / p) % p}][${at % p}]`,
      ).toBeLessThanOrEqual(SHAP_TOL);
    });
  }
});

describe("SHAP interaction values on a synthetic ensemble", () => {
  const model = syntheticEnsemble({
    seed: 5,
    trees: 12,
    depth: 6,
    features: 5,
    categorical: [4],
    leafChance: 0.1,
  });
  const x = syntheticRows(model, 10, 6);
  const p = 5;
  const interactions = treeShapInteractions(model, x);
  const shap = treeShap(model, x);

  it("is symmetric, and each matrix row sums to that feature's SHAP value", () => {
    for (let r = 0; r < 10; r++) {
      const base = r * p * p;
      for (let i = 0; i < p; i++) {
        let rowSum = 0;
        for (let j = 0; j < p; j++) {
          rowSum += interactions.values[base + i * p + j]!;
          expect(interactions.values[base + i * p + j]).toBeCloseTo(
            interactions.values[base + j * p + i]!,
            12,
          );
        }
        expect(rowSum).toBeCloseTo(shap.values[r * p + i]!, 12);
      }
    }
    expect(interactions.expectedValue).toBeCloseTo(shap.expectedValue, 14);
  });

  it("gives a tree without a pair of features no interaction between them", () => {
    const additive = syntheticEnsemble({ seed: 8, trees: 20, depth: 1, features: 3 });
    const result = treeShapInteractions(additive, syntheticRows(additive, 5, 9));
    for (let r = 0; r < 5; r++) {
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) if (i !== j) expect(result.values[r * 9 + i * 3 + j]).toBe(0);
    }
  });
});
