import { describe, expect, it } from "vitest";
import type { Tree, TreeEnsemble } from "../src/model/types.js";
import { FeatureRowsError } from "../src/predict/featureRows.js";
import { predictMargin } from "../src/predict/margin.js";
import { predict } from "../src/predict/predict.js";

/** One split on x0 (numeric) then, on the right, one on x1 (categorical {2, 5} → right). */
const tree: Tree = {
  left: Int32Array.of(1, -1, 3, -1, -1),
  right: Int32Array.of(2, -1, 4, -1, -1),
  splitFeature: Int32Array.of(0, -1, 1, -1, -1),
  splitCondition: Float32Array.of(0.1, 0, 0, 0, 0),
  defaultLeft: Uint8Array.of(1, 0, 0, 0, 0),
  leafValue: Float64Array.of(0, -1, 0, 2, 3),
  cover: Float64Array.of(10, 4, 6, 3, 3),
  categories: [null, null, Int32Array.of(2, 5), null, null],
};

function model(objective: TreeEnsemble["objective"]): TreeEnsemble {
  return {
    objective,
    featureNames: ["ldhRatio", "histology"],
    categoricalFeatures: [1],
    baseMargin: 0.5,
    trees: [tree],
    training: { source: "carta", parameters: {} },
  };
}

describe("tree walking follows XGBoost's split rules", () => {
  const m = model("reg:squarederror");
  const margin = (x0: number, x1: number) => predictMargin(m, [[x0, x1]])[0];

  it("goes left when float32(x) < the float32 threshold, so x equal to it goes right", () => {
    expect(margin(0.05, 0)).toBe(-0.5);
    expect(margin(Math.fround(0.1), 2)).toBe(3.5);
    // 0.1 as a double is above float32(0.1) but rounds to it: right, as in XGBoost.
    expect(margin(0.1, 2)).toBe(3.5);
    // Below float32(0.1) as doubles: the first rounds to it (right), the second below it (left).
    expect(margin(0.099999999, 2)).toBe(3.5);
    expect(margin(0.09999999, 2)).toBe(-0.5);
  });

  it("sends missing values the default way", () => {
    expect(margin(Number.NaN, 5)).toBe(-0.5);
    // the categorical node's default is right, where its categories go
    expect(margin(1, Number.NaN)).toBe(3.5);
  });

  it("sends a node's categories right and every other code left, unseen and negative codes included", () => {
    expect(margin(1, 2)).toBe(3.5);
    expect(margin(1, 5)).toBe(3.5);
    expect(margin(1, 5.7)).toBe(3.5);
    for (const code of [0, 3, 4, 6, 31, 32, 64, 1000, -1, -0.5]) expect(margin(1, code)).toBe(2.5);
  });
});

describe("predict gives XGBoost's output scale for each objective", () => {
  const rows = new Float64Array([0, 0, 1, 2]);

  it("probability for binary:logistic", () => {
    const p = predict(model("binary:logistic"), rows);
    expect(p.scale).toBe("probability");
    expect(Array.from(p.margin)).toEqual([-0.5, 3.5]);
    expect(p.values[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
    expect(p.values[1]).toBeCloseTo(1 / (1 + Math.exp(-3.5)), 15);
  });

  it("relative hazard exp(margin) for survival:cox, the margin for squared error", () => {
    const cox = predict(model("survival:cox"), rows);
    expect(cox.scale).toBe("hazard-ratio");
    expect(cox.values[1]).toBeCloseTo(Math.exp(3.5), 12);
    const reg = predict(model("reg:squarederror"), rows);
    expect(reg.scale).toBe("response");
    expect(Array.from(reg.values)).toEqual([-0.5, 3.5]);
  });

  it("sums in float32 from float32(baseMargin)", () => {
    const m = { ...model("reg:squarederror"), baseMargin: 0.1 };
    expect(predictMargin(m, [[0, 0]])[0]).toBe(Math.fround(Math.fround(0.1) - 1));
  });
});

describe("rows that do not fit the model are refused with the row named", () => {
  const m = model("binary:logistic");

  it("names the row of an array of rows with the wrong number of values", () => {
    expect(() => predictMargin(m, [[1, 2], [1]])).toThrow(
      new FeatureRowsError("rows[1]: expected 2 values, one per model feature (ldhRatio, histology), got 1"),
    );
  });

  it("refuses a flat array that is not whole rows", () => {
    expect(() => predict(m, new Float32Array(3))).toThrow(
      "rows: 3 values is not a whole number of rows of the model's 2 features (ldhRatio, histology)",
    );
  });

  it("predicts nothing for no rows", () => {
    expect(predict(m, new Float64Array(0)).nRows).toBe(0);
  });
});
