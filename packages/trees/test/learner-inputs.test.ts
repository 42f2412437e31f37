import { describe, expect, it } from "vitest";
import { trainGradientBoosting } from "../src/learner/boost.js";
import type { GradientBoostingOptions } from "../src/learner/options.js";

const rows = 6;
const values = [1, 5, 2, 4, 3, 3, 4, 2, 5, 1, 6, 0];
const base: GradientBoostingOptions = {
  objective: "binary:logistic",
  features: { values, rows, columns: 2 },
  labels: [0, 0, 1, 0, 1, 1],
  rounds: 2,
};

function fails(change: Partial<GradientBoostingOptions>, message: RegExp): void {
  expect(() => trainGradientBoosting({ ...base, ...change })).toThrow(message);
}

describe("bad input gives errors that say what and where", () => {
  it("labels", () => {
    fails({ labels: [0, 0, Number.NaN, 0, 1, 1] }, /labels\[2\] is NaN; labels must be finite/);
    fails({ labels: [0, 1, 1] }, /labels has 3 values but there are 6 rows/);
    fails({ labels: [0, 0, 2, 0, 1, 1] }, /labels\[2\] is 2; binary:logistic needs labels in \[0, 1\]/);
    fails(
      { objective: "survival:cox", labels: [3, -2, 0, 4, 1, 2] },
      /labels\[2\] is 0; survival:cox labels are the event time/,
    );
    fails({ objective: "survival:cox", labels: [-3, -2, -1, -4, -1, -2] }, /no events/);
  });

  it("features", () => {
    fails(
      { features: { values: values.slice(1), rows, columns: 2 } },
      /features.values has 11 entries; expected rows × columns = 6 × 2 = 12/,
    );
    fails(
      { features: { values: [1, 5, 2, Number.POSITIVE_INFINITY, 3, 3, 4, 2, 5, 1, 6, 0], rows, columns: 2 } },
      /features: row 1, column 1 is Infinity; use NaN for a missing value/,
    );
    fails({ features: { values, rows: 0, columns: 2 } }, /features.rows must be an integer ≥ 1/);
    fails(
      { features: { values: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2], rows, columns: 2 } },
      /every feature is constant/,
    );
    fails({ featureNames: ["age"] }, /featureNames has 1 names but the features have 2 columns/);
    fails({ featureNames: ["age", "age"] }, /featureNames\[1\] repeats the name "age"/);
    fails({ weights: [1, 1, -1, 1, 1, 1] }, /weights\[2\] is -1; weights must be finite and ≥ 0/);
    fails({ weights: [0, 0, 0, 0, 0, 0] }, /every weight is 0/);
  });

  it("hyperparameters", () => {
    fails({ rounds: 0 }, /rounds must be an integer ≥ 1; got 0/);
    fails({ learningRate: 0 }, /learningRate must be a finite number > 0/);
    fails({ maxDepth: 0 }, /maxDepth and maxLeaves cannot both be 0/);
    fails({ lambda: -1 }, /lambda must be a finite number ≥ 0; got -1/);
    fails({ subsample: 0 }, /subsample must be in \(0, 1\]; got 0/);
    fails({ colsampleByNode: 1.5 }, /colsampleByNode must be in \(0, 1\]; got 1.5/);
    fails({ maxBin: 1 }, /maxBin must be an integer in \[2, 65535\]; got 1/);
    fails({ monotoneConstraints: [1] }, /monotoneConstraints has 1 entries but the features have 2 columns/);
    fails({ monotoneConstraints: [1, 2] }, /monotoneConstraints\[1\] is 2; expected -1, 0 or 1/);
    fails({ baseScore: 1 }, /baseScore for binary:logistic is a probability in \(0, 1\); got 1/);
    fails(
      { evalMetric: "cindex" },
      /evalMetric cindex does not apply to binary:logistic; use logloss or auc/,
    );
    fails({ earlyStoppingRounds: 3 }, /earlyStoppingRounds needs a validation set/);
    fails(
      { objective: "multi:softmax" as never },
      /objective must be one of binary:logistic, survival:cox, reg:squarederror/,
    );
    fails({ growPolicy: "breadth" as never }, /growPolicy must be "depthwise" or "lossguide"/);
  });

  it("validation set", () => {
    fails(
      { validation: { features: { values: [1, 2, 3], rows: 1, columns: 3 }, labels: [1] } },
      /validation.features has 3 columns but the training features have 2/,
    );
    fails(
      { validation: { features: { values: [1, 2, 3, 4], rows: 2, columns: 2 }, labels: [1] } },
      /validation.labels has 1 values but there are 2 rows/,
    );
    fails(
      {
        evalMetric: "auc",
        validation: { features: { values: [1, 2, 3, 4], rows: 2, columns: 2 }, labels: [1, 1] },
      },
      /validation.labels hold a single class, so the auc metric is undefined/,
    );
  });

  it("accepts the smallest sensible problem", () => {
    const { model, evaluationLog } = trainGradientBoosting(base);
    expect(model.trees).toHaveLength(2);
    expect(model.featureNames).toEqual(["f0", "f1"]);
    expect(evaluationLog.validation).toBeNull();
    expect(evaluationLog.bestIteration).toBeNull();
  });
});
