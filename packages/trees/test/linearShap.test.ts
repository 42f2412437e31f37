import { describe, expect, it } from "vitest";
import { type LinearShapModel, linearShap } from "../src/explain/linearShap.js";
import { FeatureRowsError } from "../src/predict/featureRows.js";
import { bruteForceShapley } from "./syntheticModels.js";
import { worstAbsolute } from "./xgboostFixtures.js";

const features = ["ageYears", "ldhRatio", "ecog", "ctdnaLogHgePerMl"];
const background = [
  [61, 1.2, 0, 2.1],
  [55, 0.8, 1, 1.4],
  [70, 2.5, 1, 3.3],
  [48, 1.0, 0, 0.7],
  [66, 1.9, 2, 2.8],
];
const rows = [
  [58, 3.1, 1, 2.9],
  [72, 0.7, 0, 1.1],
];

function margin(model: LinearShapModel, x: readonly number[]): number {
  let m = model.intercept ?? 0;
  for (let j = 0; j < x.length; j++) m += model.coefficients[j]! * x[j]!;
  return m;
}

describe("exact SHAP for linear margins under feature independence", () => {
  for (const model of [
    { kind: "logistic", featureNames: features, coefficients: [0.02, 0.6, 0.4, 0.3], intercept: -2.5 },
    { kind: "cox", featureNames: features, coefficients: [0.01, 0.45, 0.35, 0.5] },
    { kind: "linear", featureNames: features, coefficients: [-0.1, 2, 0, 1.5], intercept: 10 },
  ] as LinearShapModel[]) {
    it(`${model.kind}: equals brute-force Shapley values of the mean margin over hybrids with the background`, () => {
      const shap = linearShap(model, rows, background);
      expect(shap.method).toBe("linear-independent");
      rows.forEach((x, i) => {
        const phi = bruteForceShapley(4, (coalition) => {
          let sum = 0;
          for (const r of background)
            sum += margin(
              model,
              r.map((v, j) => ((coalition >> j) & 1 ? x[j]! : v)),
            );
          return sum / background.length;
        });
        expect(worstAbsolute(shap.values.subarray(i * 4, i * 4 + 4), phi).diff).toBeLessThanOrEqual(1e-12);
        let total = shap.expectedValue;
        for (let j = 0; j < 4; j++) total += shap.values[i * 4 + j]!;
        expect(total).toBeCloseTo(margin(model, x), 12);
      });
    });
  }

  it("gives a group the sum of its members' values", () => {
    const model: LinearShapModel = {
      kind: "cox",
      featureNames: features,
      coefficients: [0.01, 0.45, 0.35, 0.5],
    };
    const groups = [
      { name: "clinical", features: ["ageYears", "ldhRatio", "ecog"] },
      { name: "ctDNA", features: ["ctdnaLogHgePerMl"] },
    ];
    const single = linearShap(model, rows, background).values;
    const grouped = linearShap(model, rows, background, { groups });
    expect(grouped.names).toEqual(["clinical", "ctDNA"]);
    expect(grouped.values[0]).toBeCloseTo(single[0]! + single[1]! + single[2]!, 14);
    expect(grouped.values[3]).toBe(single[7]);
  });

  it("refuses missing values, naming the row and feature, and a Cox model with an intercept", () => {
    const model: LinearShapModel = {
      kind: "cox",
      featureNames: features,
      coefficients: [0.01, 0.45, 0.35, 0.5],
    };
    expect(() => linearShap(model, [[58, Number.NaN, 1, 2]], background)).toThrow(
      new FeatureRowsError("rows[0]: ldhRatio is NaN; a linear model needs every value"),
    );
    expect(() => linearShap(model, rows, [...background, [60, 1, Number.NaN, 2]])).toThrow(
      "background[5]: ecog is NaN; a linear model needs every value",
    );
    expect(() => linearShap({ ...model, intercept: 1 }, rows, background)).toThrow(
      /^intercept: a Cox model has none/,
    );
    expect(() => linearShap({ ...model, coefficients: [1, 2, 3] }, rows, background)).toThrow(
      "coefficients: expected 4, one per feature, got 3",
    );
  });
});
