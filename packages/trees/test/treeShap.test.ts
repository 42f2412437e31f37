import { describe, expect, it } from "vitest";
import { createTreeShapExplainer, type TreeShapAlgorithm, treeShap } from "../src/explain/treeShap.js";
import type { TreeEnsemble } from "../src/model/types.js";
import { FeatureRowsError } from "../src/predict/featureRows.js";
import { predictMargin } from "../src/predict/margin.js";
import { importXgboostModel } from "../src/xgboost/importXgboostModel.js";
import {
  bruteForceShapley,
  marginFloat64,
  pathDependentValue,
  syntheticEnsemble,
  syntheticRows,
} from "./syntheticModels.js";
import { rowValues, worstAbsolute, XGB_FIXTURE_NAMES, xgbFixture } from "./xgboostFixtures.js";

// The issue's tolerance for SHAP values against XGBoost (which computes them in float32).
const SHAP_TOL = 1e-5;
const ALGORITHMS: TreeShapAlgorithm[] = ["leaf-paths", "path-recursion"];

describe("path-dependent TreeSHAP against XGBoost's pred_contribs", () => {
  for (const name of XGB_FIXTURE_NAMES) {
    describe(name, () => {
      const f = xgbFixture(name);
      const model = importXgboostModel(f.model_text, name);
      const x = rowValues(f.rows);
      const p = model.featureNames.length;

      for (const algorithm of ALGORITHMS) {
        it(`matches contribs and the bias column (${algorithm})`, () => {
          const shap = treeShap(model, x, { algorithm });
          expect(shap.method).toBe("tree-path-dependent");
          expect(shap.names).toEqual(model.featureNames);
          const expected = f.contribs.flatMap((row) => row.slice(0, p));
          const worst = worstAbsolute(shap.values, expected);
          expect(worst.diff, `row ${Math.floor(worst.at / p)}, feature ${worst.at % p}`).toBeLessThanOrEqual(
            SHAP_TOL,
          );
          for (const row of f.contribs)
            expect(Math.abs(shap.expectedValue - row[p]!)).toBeLessThanOrEqual(SHAP_TOL);
        });
      }

      it("adds up to the margin: exactly the float64 leaf sum, and XGBoost's float32 margin to 1e-5", () => {
        const shap = treeShap(model, x);
        const margins = predictMargin(model, x);
        for (let i = 0; i < f.rows.length; i++) {
          let total = shap.expectedValue;
          for (let j = 0; j < p; j++) total += shap.values[i * p + j]!;
          expect(Math.abs(total - marginFloat64(model, x, i))).toBeLessThanOrEqual(
            1e-12 * (1 + Math.abs(total)),
          );
          expect(Math.abs(total - margins[i]!)).toBeLessThanOrEqual(SHAP_TOL);
        }
      });
    });
  }
});

describe("path-dependent TreeSHAP on synthetic ensembles", () => {
  // Deep trees over few features repeat features on a path; categorical splits sit anywhere.
  const model = syntheticEnsemble({
    seed: 11,
    trees: 25,
    depth: 7,
    features: 4,
    categorical: [2],
    leafChance: 0.15,
  });
  const x = syntheticRows(model, 30, 12);
  const p = 4;

  it("equals brute-force Shapley values of the path-dependent value function", () => {
    const shap = treeShap(model, x);
    const identity = Int32Array.from([0, 1, 2, 3]);
    for (let i = 0; i < 30; i++) {
      const phi = bruteForceShapley(p, (s) => pathDependentValue(model, x, i * p, identity, s));
      const worst = worstAbsolute(shap.values.subarray(i * p, (i + 1) * p), phi);
      expect(worst.diff, `row ${i}`).toBeLessThanOrEqual(1e-12);
    }
    expect(shap.expectedValue).toBeCloseTo(pathDependentValue(model, x, 0, identity, 0), 12);
  });

  it("gives the same values by leaf paths and by recursion", () => {
    const recursion = treeShap(model, x, { algorithm: "path-recursion" }).values;
    const leafPaths = treeShap(model, x, { algorithm: "leaf-paths" }).values;
    expect(worstAbsolute(leafPaths, recursion).diff).toBeLessThanOrEqual(1e-12);
  });

  it("explains row by row with one explainer as in one call", () => {
    const explainer = createTreeShapExplainer(model);
    const all = explainer.explain(x).values;
    for (let i = 0; i < 30; i++) {
      const one = explainer.explain(x.subarray(i * p, (i + 1) * p));
      expect(Array.from(one.values)).toEqual(Array.from(all.subarray(i * p, (i + 1) * p)));
    }
  });

  it("gives a model of single leaves no attributions and its leaf sum as expected value", () => {
    const leaves: TreeEnsemble = {
      ...model,
      trees: [0.5, -0.2].map((v) => ({
        left: Int32Array.of(-1),
        right: Int32Array.of(-1),
        splitFeature: Int32Array.of(-1),
        splitCondition: Float32Array.of(0),
        defaultLeft: Uint8Array.of(0),
        leafValue: Float64Array.of(v),
        cover: Float64Array.of(10),
      })),
    };
    for (const algorithm of ALGORITHMS) {
      const shap = treeShap(leaves, x.subarray(0, 8), { algorithm });
      expect(Array.from(shap.values)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(shap.expectedValue).toBeCloseTo(-0.25 + 0.3, 15);
    }
  });

  it("refuses rows that do not have one value per feature, naming the row", () => {
    expect(() =>
      treeShap(model, [
        [1, 2, 3, 4],
        [1, 2, 3],
      ]),
    ).toThrow(
      new FeatureRowsError("rows[1]: expected 4 values, one per model feature (x0, x1, x2, x3), got 3"),
    );
    expect(() => createTreeShapExplainer(model).explain(new Float64Array(6))).toThrow(
      /^rows: 6 values is not a whole number of rows of the model's 4 features/,
    );
  });

  it("refuses a split whose node has no cover, naming it", () => {
    const tree = model.trees[0]!;
    const cover = Float64Array.from(tree.cover);
    cover[0] = 0;
    expect(() => treeShap({ ...model, trees: [{ ...tree, cover }] }, x)).toThrow(
      "model: trees[0].cover[0]: a split with zero cover cannot weigh its branches for path-dependent TreeSHAP",
    );
  });
});
