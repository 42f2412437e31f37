import { describe, expect, it } from "vitest";
import { TreeModelError } from "../src/model/errors.js";
import type { CartaTreeModelJson } from "../src/model/modelJson.js";
import { parseModel } from "../src/model/parseModel.js";
import { serializeModel } from "../src/model/serializeModel.js";
import type { TreeEnsemble } from "../src/model/types.js";
import { predictMargin } from "../src/predict/margin.js";
import { importXgboostModel } from "../src/xgboost/importXgboostModel.js";
import { syntheticEnsemble, syntheticRows } from "./syntheticModels.js";
import { rowValues, XGB_FIXTURE_NAMES, xgbFixture } from "./xgboostFixtures.js";

/** Save and load as a file would: through JSON text. */
function roundTrip(model: TreeEnsemble): TreeEnsemble {
  return parseModel(JSON.parse(JSON.stringify(serializeModel(model))), "model.json");
}

const carta: TreeEnsemble = {
  ...syntheticEnsemble({
    seed: 3,
    trees: 6,
    depth: 4,
    features: 4,
    categorical: [1],
    objective: "survival:cox",
  }),
  binning: {
    edges: [Float32Array.of(-1, 0.1, 2.5), Float32Array.of(), Float32Array.of(0.25), Float32Array.of(-3, 3)],
  },
  training: {
    source: "carta",
    parameters: {
      learning_rate: 0.1,
      max_depth: 4,
      subsample: 0.8,
      seed: 3,
      monotone: "(1,0,0,-1)",
      early_stop: true,
    },
    rows: 412,
    bestIteration: 5,
    bestScore: 0.7021,
    trainedWith: "carta 0.1.0",
  },
};

describe("carta's model JSON (format carta-tree-ensemble, version 1)", () => {
  it("writes a versioned, self-describing file with trees as parallel arrays", () => {
    const json = serializeModel(carta);
    expect(json.format).toBe("carta-tree-ensemble");
    expect(json.version).toBe(1);
    expect(json.objective).toBe("survival:cox");
    expect(json.feature_names).toEqual(["x0", "x1", "x2", "x3"]);
    expect(json.categorical_features).toEqual([1]);
    expect(json.training).toEqual({
      source: "carta",
      parameters: carta.training.parameters,
      rows: 412,
      best_iteration: 5,
      best_score: 0.7021,
      trained_with: "carta 0.1.0",
    });
    const tree = json.trees[0]!;
    expect(Object.keys(tree)).toEqual([
      "left",
      "right",
      "split_feature",
      "split_condition",
      "default_left",
      "leaf_value",
      "cover",
      ...(tree.categories ? ["categories"] : []),
    ]);
    expect(tree.left.length).toBe(carta.trees[0]!.left.length);
  });

  it("reads back exactly what it wrote, categories, binning and metadata included", () => {
    const back = roundTrip(carta);
    expect(back).toEqual(carta);
    const x = syntheticRows(carta, 40, 4);
    expect(predictMargin(back, x)).toEqual(predictMargin(carta, x));
  });

  for (const name of XGB_FIXTURE_NAMES) {
    it(`keeps the imported XGBoost model ${name} bit for bit`, () => {
      const f = xgbFixture(name);
      const model = importXgboostModel(f.model_text, name);
      const back = roundTrip(model);
      expect(back).toEqual(model);
      expect(Array.from(predictMargin(back, rowValues(f.rows)))).toEqual(
        Array.from(predictMargin(model, rowValues(f.rows))),
      );
    });
  }
});

describe("parseModel refuses what it does not understand, naming the field", () => {
  const good = serializeModel(carta);
  const edited = (edit: (json: CartaTreeModelJson & Record<string, unknown>) => void): unknown => {
    const json = JSON.parse(JSON.stringify(good));
    edit(json);
    return json;
  };
  const refusal = (json: unknown): string => {
    try {
      parseModel(json, "model.json");
    } catch (err) {
      expect(err).toBeInstanceOf(TreeModelError);
      return (err as Error).message;
    }
    throw new Error("the model was accepted");
  };

  it("names an array of the wrong length", () => {
    const json = edited((m) => {
      while (m.trees.length < 4) m.trees.push(m.trees[0]!);
      m.trees[3]!.split_condition.pop();
    });
    const n = good.trees[0]!.left.length;
    expect(refusal(json)).toBe(`model.json: trees[3].split_condition: expected ${n} numbers, got ${n - 1}`);
  });

  it("refuses another format, an unsupported version and an unknown objective", () => {
    expect(refusal(edited((m) => ((m as Record<string, unknown>)["format"] = "xgboost")))).toBe(
      'model.json: format: expected "carta-tree-ensemble", got "xgboost"',
    );
    expect(refusal(edited((m) => ((m as Record<string, unknown>)["version"] = 2)))).toBe(
      "model.json: version: unsupported version 2 (this carta reads version 1)",
    );
    expect(
      refusal(edited((m) => ((m as Record<string, unknown>)["objective"] = "reg:pseudohubererror"))),
    ).toBe(
      'model.json: objective: unknown objective "reg:pseudohubererror" (carta supports binary:logistic, survival:cox, reg:squarederror)',
    );
  });

  it("names a missing field and an unknown one", () => {
    expect(refusal(edited((m) => delete (m as Partial<CartaTreeModelJson>).base_margin))).toBe(
      "model.json: base_margin: missing",
    );
    expect(refusal(edited((m) => delete (m.trees[1] as Partial<CartaTreeModelJson["trees"][0]>).cover))).toBe(
      "model.json: trees[1].cover: missing",
    );
    expect(refusal(edited((m) => ((m as Record<string, unknown>)["learning_rate"] = 0.1)))).toMatch(
      /^model\.json: learning_rate: unknown field \(expected one of format, version/,
    );
    expect(refusal(edited((m) => ((m.training as unknown as Record<string, unknown>)["seed"] = 1)))).toMatch(
      /^model\.json: training\.seed: unknown field/,
    );
  });

  it("names malformed trees and values", () => {
    expect(refusal(edited((m) => (m.trees[0]!.left[0] = 0)))).toBe(
      `model.json: trees[0].left[0]: child 0 is not another node of this ${good.trees[0]!.left.length}-node tree`,
    );
    expect(refusal(edited((m) => (m.trees[0]!.split_feature[0] = 4)))).toBe(
      "model.json: trees[0].split_feature[0]: feature 4 is not one of the model's 4",
    );
    expect(refusal(edited((m) => (m.trees[0]!.split_condition[0] = 0.1)))).toBe(
      "model.json: trees[0].split_condition[0]: 0.1 is not a float32 value",
    );
    expect(refusal(edited((m) => (m.trees[0]!.cover[0] = -1)))).toBe(
      "model.json: trees[0].cover[0]: expected a non-negative cover, got -1",
    );
    expect(refusal(edited((m) => (m.trees[0]!.default_left[0] = 2)))).toBe(
      "model.json: trees[0].default_left[0]: 2 is outside 0…1",
    );
    expect(refusal(edited((m) => ((m.trees[0]!.leaf_value as unknown[])[2] = "0.5")))).toBe(
      'model.json: trees[0].leaf_value[2]: expected a finite number, got "0.5"',
    );
    expect(refusal(edited((m) => (m.feature_names[2] = "x0")))).toBe(
      'model.json: feature_names[2]: duplicate feature name "x0"',
    );
    expect(refusal(edited((m) => (m.binning!.edges[0] = [1, 0.5])))).toBe(
      "model.json: binning.edges[0][1]: bin edges must be strictly ascending",
    );
    expect(refusal([])).toBe("model.json: expected an object, got an array of 0");
  });
});
