import { describe, expect, it } from "vitest";
import { interventionalTreeShap } from "../src/explain/interventional.js";
import { predictMargin } from "../src/predict/margin.js";
import { importXgboostModel } from "../src/xgboost/importXgboostModel.js";
import { bruteForceShapley, marginFloat64, syntheticEnsemble, syntheticRows } from "./syntheticModels.js";
import { type InterventionalFixture, readFixture, rowValues, worstAbsolute } from "./xgboostFixtures.js";

// The reference averages XGBoost's float32 margins over hybrid rows; 1e-5 is the SHAP tolerance.
const SHAP_TOL = 1e-5;

describe("interventional TreeSHAP against brute-force Shapley values over XGBoost's own margins", () => {
  const f = readFixture<InterventionalFixture>("interventional.json");
  const model = importXgboostModel(f.model_text, "interventional.json");
  const x = rowValues(f.rows);
  const background = rowValues(f.background);
  const p = model.featureNames.length;
  const shap = interventionalTreeShap(model, x, background);

  it("matches every row and feature", () => {
    expect(shap.method).toBe("tree-interventional");
    const worst = worstAbsolute(shap.values, f.shap.flat());
    expect(worst.diff, `row ${Math.floor(worst.at / p)}, feature ${worst.at % p}`).toBeLessThanOrEqual(
      SHAP_TOL,
    );
  });

  it("takes the background's mean margin as expected value, and adds up to each row's margin", () => {
    expect(Math.abs(shap.expectedValue - f.expected_value)).toBeLessThanOrEqual(SHAP_TOL);
    const margins = predictMargin(model, x);
    for (let i = 0; i < f.rows.length; i++) {
      let total = shap.expectedValue;
      for (let j = 0; j < p; j++) total += shap.values[i * p + j]!;
      expect(Math.abs(total - marginFloat64(model, x, i))).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(total - margins[i]!)).toBeLessThanOrEqual(SHAP_TOL);
    }
  });
});

describe("interventional TreeSHAP for groups of features", () => {
  const model = syntheticEnsemble({
    seed: 21,
    trees: 15,
    depth: 5,
    features: 6,
    categorical: [5],
    leafChance: 0.1,
  });
  const x = syntheticRows(model, 6, 22);
  const background = syntheticRows(model, 12, 23);
  const groups = [
    { name: "clinical", features: ["x0", "x3"] },
    { name: "ctDNA", features: [1] },
    { name: "immune", features: [2, 4, 5] },
  ];

  it("equals brute-force Shapley values over the groups of v(S) = mean margin of hybrid rows", () => {
    const shap = interventionalTreeShap(model, x, background, { groups });
    expect(shap.playerKind).toBe("group");
    expect(shap.names).toEqual(["clinical", "ctDNA", "immune"]);
    const members = [[0, 3], [1], [2, 4, 5]];
    for (let i = 0; i < 6; i++) {
      const phi = bruteForceShapley(3, (coalition) => {
        const hybrid = Float64Array.from(background);
        for (let g = 0; g < 3; g++) {
          if (!((coalition >> g) & 1)) continue;
          for (let r = 0; r < 12; r++) for (const j of members[g]!) hybrid[r * 6 + j] = x[i * 6 + j]!;
        }
        let sum = 0;
        for (let r = 0; r < 12; r++) sum += marginFloat64(model, hybrid, r);
        return sum / 12;
      });
      expect(worstAbsolute(shap.values.subarray(i * 3, i * 3 + 3), phi).diff, `row ${i}`).toBeLessThanOrEqual(
        1e-12,
      );
    }
  });

  it("refuses an empty background and background rows of the wrong width", () => {
    expect(() => interventionalTreeShap(model, x, new Float64Array(0))).toThrow(
      "background: expected at least one row",
    );
    expect(() => interventionalTreeShap(model, x, [[1, 2, 3]])).toThrow(
      /^background\[0\]: expected 6 values/,
    );
  });
});
