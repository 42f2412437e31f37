import { describe, expect, it } from "vitest";
import { trainGradientBoosting } from "../src/learner/boost.js";
import { loadExactFixture, optionsFromXgboost } from "./learner-fixtures.js";

/**
 * The learner reproduces XGBoost 1.7.4's hist trees node by node on small data (500 rows, a
 * feature of 60 values, one of ~200 with 10% missing, one continuous that goes through the quantile
 * sketch's pruning, a binary one with missing values), with and without case weights: same node
 * ids and children, split feature,
 * float32 split condition, learned default direction, leaf value and sum of hessians.
 */
const fixture = loadExactFixture();

describe("learner matches XGBoost tree by tree", () => {
  for (const run of fixture.runs) {
    it(`${run.name}: ${run.rounds} trees, ${JSON.stringify(run.params)}`, () => {
      const { model } = trainGradientBoosting({
        objective: run.objective,
        features: { values: fixture.features, rows: fixture.rows, columns: fixture.columns },
        labels: fixture.labels[run.objective]!,
        ...(run.weighted ? { weights: fixture.weights } : {}),
        rounds: run.rounds,
        ...optionsFromXgboost(run.params),
      });
      expect(model.trees).toHaveLength(run.trees.length);
      run.trees.forEach((expected, t) => {
        const tree = model.trees[t]!;
        const where = `${run.name} tree ${t}`;
        expect(Array.from(tree.left), where).toEqual(expected.left);
        expect(Array.from(tree.right), where).toEqual(expected.right);
        for (let node = 0; node < expected.left.length; node++) {
          const at = `${where} node ${node}`;
          expect(tree.cover[node], at).toBeCloseTo(expected.cover[node]!, 4);
          if (expected.left[node] === -1) {
            // XGBoost keeps the leaf value in split_conditions
            expect(Math.abs(tree.leafValue[node]! - expected.condition[node]!), at).toBeLessThanOrEqual(
              1e-6 * Math.max(1, Math.abs(expected.condition[node]!)),
            );
          } else {
            expect(tree.splitFeature[node], at).toBe(expected.feature[node]);
            expect(tree.splitCondition[node], at).toBe(Math.fround(expected.condition[node]!));
            expect(tree.defaultLeft[node], at).toBe(expected.defaultLeft[node]);
            expect(tree.leafValue[node], at).toBe(0);
          }
        }
      });
    });
  }

  it("covers every objective and the constraints the fixture claims", () => {
    const names = fixture.runs.map((r) => r.name);
    expect(new Set(fixture.runs.map((r) => r.objective))).toEqual(
      new Set(["binary:logistic", "survival:cox", "reg:squarederror"]),
    );
    expect(names).toContain("logistic-monotone");
    expect(names).toContain("logistic-lossguide");
    expect(fixture.runs.filter((r) => r.weighted).map((r) => r.objective)).toEqual([
      "binary:logistic",
      "survival:cox",
    ]);
    // the monotone run really has splits on its constrained features, with missing values routed
    const monotone = fixture.runs.find((r) => r.name === "logistic-monotone")!;
    const splitFeatures = new Set(
      monotone.trees.flatMap((t) => t.feature.filter((_, i) => t.left[i] !== -1)),
    );
    expect(splitFeatures.has(0) && splitFeatures.has(2)).toBe(true);
    const defaultLefts = monotone.trees.flatMap((t) => t.defaultLeft.filter((_, i) => t.left[i] !== -1));
    expect(defaultLefts).toContain(1);
  });
});
