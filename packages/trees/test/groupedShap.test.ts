import { describe, expect, it } from "vitest";
import { FeatureGroupError } from "../src/explain/players.js";
import { createTreeShapExplainer, treeShap } from "../src/explain/treeShap.js";
import { importXgboostModel } from "../src/xgboost/importXgboostModel.js";
import {
  bruteForceShapley,
  pathDependentValue,
  syntheticEnsemble,
  syntheticRows,
} from "./syntheticModels.js";
import { type GroupedFixture, readFixture, rowValues, worstAbsolute } from "./xgboostFixtures.js";

describe("grouped path-dependent TreeSHAP against brute force over groups (Python, from the XGBoost model)", () => {
  const f = readFixture<GroupedFixture>("grouped.json");
  const model = importXgboostModel(f.model_text, "grouped.json");
  const x = rowValues(f.rows);

  for (const algorithm of ["leaf-paths", "path-recursion"] as const) {
    it(`gives each group its Shapley value as one player (${algorithm})`, () => {
      const shap = treeShap(model, x, { groups: f.groups, algorithm });
      expect(shap.playerKind).toBe("group");
      expect(shap.names).toEqual(["interaction pair", "single", "rest"]);
      const worst = worstAbsolute(shap.values, f.shap.flat());
      expect(worst.diff, `row ${Math.floor(worst.at / 3)}, group ${worst.at % 3}`).toBeLessThanOrEqual(1e-10);
      expect(shap.expectedValue).toBeCloseTo(f.expected_value, 6);
    });
  }

  it("differs from the sum of the members' own SHAP values when groups interact", () => {
    const grouped = treeShap(model, x, { groups: f.groups }).values;
    const single = treeShap(model, x).values;
    let largest = 0;
    for (let i = 0; i < f.rows.length; i++) {
      largest = Math.max(largest, Math.abs(grouped[i * 3]! - (single[i * 6]! + single[i * 6 + 1]!)));
    }
    expect(largest).toBeGreaterThan(1e-3);
  });
});

describe("grouped path-dependent TreeSHAP on a synthetic ensemble", () => {
  const model = syntheticEnsemble({
    seed: 31,
    trees: 20,
    depth: 6,
    features: 7,
    categorical: [6],
    leafChance: 0.1,
  });
  const x = syntheticRows(model, 12, 32);
  const groups = [
    { name: "a", features: [0, 4] },
    { name: "b", features: [1, 2, 6] },
    { name: "c", features: [3] },
    { name: "d", features: [5] },
  ];
  const playerOf = Int32Array.from([0, 1, 1, 2, 0, 3, 1]);

  it("equals brute-force Shapley values over groups of the path-dependent value function", () => {
    const shap = treeShap(model, x, { groups });
    for (let i = 0; i < 12; i++) {
      const phi = bruteForceShapley(4, (s) => pathDependentValue(model, x, i * 7, playerOf, s));
      expect(worstAbsolute(shap.values.subarray(i * 4, i * 4 + 4), phi).diff, `row ${i}`).toBeLessThanOrEqual(
        1e-12,
      );
    }
  });

  it("with one feature per group equals plain TreeSHAP", () => {
    const singletons = model.featureNames.map((name) => ({ name, features: [name] }));
    expect(
      worstAbsolute(treeShap(model, x, { groups: singletons }).values, treeShap(model, x).values).diff,
    ).toBe(0);
  });

  it("refuses groups that are not a partition of the features, naming the problem", () => {
    const explain = (g: { name: string; features: (number | string)[] }[]) => () =>
      createTreeShapExplainer(model, { groups: g });
    expect(explain([{ name: "a", features: [0, 1, 2, 3, 4, 5] }])).toThrow(
      new FeatureGroupError('groups: feature "x6" in no group'),
    );
    expect(explain([...groups, { name: "e", features: ["x4"] }])).toThrow(
      'groups[4].features[0]: feature "x4" is already in group "a"',
    );
    expect(explain([{ name: "a", features: ["ldh", 0] }])).toThrow(
      'groups[0].features[0]: the model has no feature "ldh"',
    );
    expect(explain([{ name: "a", features: [7] }])).toThrow(
      "groups[0].features[0]: 7 is not a feature index (the model has 7)",
    );
    expect(explain([...groups.slice(0, 3), { name: "a", features: [5] }])).toThrow(
      'groups[3].name: duplicate group "a"',
    );
  });
});
