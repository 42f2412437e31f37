import { describe, expect, it } from "vitest";
import { TreeModelError } from "../src/model/errors.js";
import { predictMargin } from "../src/predict/margin.js";
import { predict } from "../src/predict/predict.js";
import { importXgboostModel } from "../src/xgboost/importXgboostModel.js";
import { rowValues, worstAbsolute, worstRelative, XGB_FIXTURE_NAMES, xgbFixture } from "./xgboostFixtures.js";

// The tolerances: margins 1e-5 absolute, predictions 1e-5 relative.
const MARGIN_TOL = 1e-5;
const PREDICTION_REL_TOL = 1e-5;

describe("importXgboostModel against XGBoost 1.7.4", () => {
  for (const name of XGB_FIXTURE_NAMES) {
    describe(name, () => {
      const f = xgbFixture(name);
      const model = importXgboostModel(f.model_text, `xgb-${name}.json`);
      const x = rowValues(f.rows);

      it("reads the model's shape and provenance", () => {
        expect(model.trees.length).toBe(f.rounds);
        expect(model.objective).toBe(f.params["objective"]);
        expect(model.featureNames.length).toBe(f.rows[0]!.length);
        expect(model.training.source).toBe("xgboost");
        expect(model.training.trainedWith).toBe("XGBoost 1.7.4");
        expect(model.training.bestIteration).toBe(f.rounds - 1);
      });

      it("gives XGBoost's margins (output_margin=True)", () => {
        const worst = worstAbsolute(predictMargin(model, x), f.margins);
        expect(worst.diff, `row ${worst.at}`).toBeLessThanOrEqual(MARGIN_TOL);
      });

      it("gives XGBoost's predictions on the objective's scale", () => {
        const prediction = predict(model, x);
        const worst = worstRelative(prediction.values, f.predictions);
        expect(worst.diff, `row ${worst.at}`).toBeLessThanOrEqual(PREDICTION_REL_TOL);
      });

      it("predicts the same from Float32Array rows and from arrays of rows", () => {
        const margins = predictMargin(model, x);
        expect(predictMargin(model, Float32Array.from(x))).toEqual(margins);
        expect(
          predictMargin(
            model,
            f.rows.map((row) => row.map((v) => v ?? Number.NaN)),
          ),
        ).toEqual(margins);
      });
    });
  }

  it("sums margins in float32 as XGBoost does: 500 trees agree to the last float32 bit", () => {
    const f = xgbFixture("cox-500-stumps");
    const model = importXgboostModel(f.model_text, "cox-500-stumps");
    const margins = predictMargin(model, rowValues(f.rows));
    expect(Array.from(margins)).toEqual(f.margins);
  });

  it("reads binary:logistic's base_score 0.3 as the float32 logit", () => {
    const model = importXgboostModel(xgbFixture("logistic-depth3-missing").model_text, "m.json");
    expect(model.baseMargin).toBe(Math.fround(-Math.log(Math.fround(Math.fround(1 / Math.fround(0.3)) - 1))));
    expect(model.baseMargin).toBeCloseTo(Math.log(0.3 / 0.7), 6);
    expect(model.training.parameters["base_score"]).toBe(Math.fround(0.3));
  });

  it("reads survival:cox's base_score 0.5 as log(0.5) and gives hazard ratios", () => {
    const f = xgbFixture("cox-depth4-missing");
    const model = importXgboostModel(f.model_text, "cox.json");
    expect(model.baseMargin).toBe(Math.fround(Math.log(0.5)));
    const prediction = predict(model, rowValues(f.rows));
    expect(prediction.scale).toBe("hazard-ratio");
    expect(prediction.values[0]).toBeCloseTo(Math.exp(prediction.margin[0]!), 12);
  });

  it("marks categorical features and keeps each node's right-going categories", () => {
    const model = importXgboostModel(xgbFixture("logistic-categorical").model_text, "cat.json");
    expect(model.categoricalFeatures).toEqual([1, 2]);
    const sets = model.trees.flatMap((t) => (t.categories ?? []).filter((c) => c !== null));
    expect(sets.length).toBeGreaterThan(20);
    for (const set of sets) for (let k = 1; k < set.length; k++) expect(set[k]).toBeGreaterThan(set[k - 1]!);
  });

  it("names unnamed features f0, f1, … as XGBoost does", () => {
    expect(importXgboostModel(xgbFixture("logistic-stump").model_text, "s.json").featureNames).toEqual([
      "f0",
      "f1",
      "f2",
      "f3",
      "f4",
    ]);
  });

  it("accepts the already-parsed object as well as the text", () => {
    const text = xgbFixture("logistic-stump").model_text;
    expect(importXgboostModel(JSON.parse(text), "s.json")).toEqual(importXgboostModel(text, "s.json"));
  });
});

describe("importXgboostModel refuses what it cannot reproduce", () => {
  const text = xgbFixture("logistic-stump").model_text;
  // biome-ignore lint/suspicious/noExplicitAny: edits of a parsed model file
  const edited = (edit: (m: any) => void) => {
    const model = JSON.parse(text);
    edit(model);
    return model;
  };
  const refusal = (json: unknown) => {
    try {
      importXgboostModel(json, "model.json");
    } catch (err) {
      expect(err).toBeInstanceOf(TreeModelError);
      return (err as Error).message;
    }
    throw new Error("the model was accepted");
  };

  it("refuses DART and linear boosters", () => {
    expect(refusal(edited((m) => (m.learner.gradient_booster.name = "dart")))).toBe(
      "model.json: learner.gradient_booster.name: DART boosters are not supported (their trees are reweighted by dropout); carta imports gbtree models",
    );
    expect(refusal(edited((m) => (m.learner.gradient_booster = { name: "gblinear", model: {} })))).toMatch(
      /^model\.json: learner\.gradient_booster\.name: linear boosters \(gblinear\)/,
    );
  });

  it("refuses an unknown objective, naming it and the supported ones", () => {
    expect(refusal(edited((m) => (m.learner.objective.name = "multi:softprob")))).toBe(
      'model.json: learner.objective.name: unknown objective "multi:softprob" (carta supports binary:logistic, survival:cox, reg:squarederror)',
    );
  });

  it("refuses multi-class models", () => {
    expect(refusal(edited((m) => (m.learner.learner_model_param.num_class = "3")))).toMatch(
      /learner\.learner_model_param\.num_class: multi-class models \(3 classes\)/,
    );
    expect(refusal(edited((m) => (m.learner.gradient_booster.model.tree_info = [1])))).toMatch(
      /tree_info\[0\]: output group 1/,
    );
  });

  it("names a missing field", () => {
    expect(refusal(edited((m) => delete m.learner.gradient_booster.model.trees[0].sum_hessian))).toBe(
      "model.json: learner.gradient_booster.model.trees[0].sum_hessian: missing",
    );
    expect(refusal(edited((m) => delete m.learner.learner_model_param.base_score))).toBe(
      "model.json: learner.learner_model_param.base_score: missing",
    );
  });

  it("names arrays of the wrong length and bad entries", () => {
    expect(refusal(edited((m) => m.learner.gradient_booster.model.trees[0].split_conditions.pop()))).toBe(
      "model.json: learner.gradient_booster.model.trees[0].split_conditions: expected 3 numbers, got 2",
    );
    expect(refusal(edited((m) => (m.learner.gradient_booster.model.trees[0].left_children[0] = 7)))).toBe(
      "model.json: learner.gradient_booster.model.trees[0].left_children[0]: child 7 is not another node of this 3-node tree",
    );
    expect(refusal(edited((m) => (m.learner.gradient_booster.model.trees[0].split_indices[0] = 9)))).toBe(
      "model.json: learner.gradient_booster.model.trees[0].split_indices[0]: feature 9 is not one of the model's 5",
    );
    expect(refusal(edited((m) => (m.learner.learner_model_param.base_score = "often")))).toMatch(
      /base_score: expected a number written as a string, got "often"/,
    );
    expect(refusal(edited((m) => (m.learner.learner_model_param.base_score = "1.5E0")))).toMatch(
      /base_score: 1\.5 is not a probability in \(0, 1\)/,
    );
  });

  it("refuses a file that is not JSON, and XGBoost 3 files", () => {
    expect(refusal('{"learner": ')).toMatch(/^model\.json: not XGBoost JSON \(/);
    expect(refusal(edited((m) => (m.version = [3, 0, 0])))).toMatch(
      /version: XGBoost 3\.0\.0 model files are not supported/,
    );
  });

  it("reads default directions written as booleans, as XGBoost did before 1.6", () => {
    const model = importXgboostModel(text, "m.json");
    const booleans = edited((m) => {
      const tree = m.learner.gradient_booster.model.trees[0];
      tree.default_left = tree.default_left.map((v: number) => v === 1);
    });
    expect(importXgboostModel(booleans, "m.json")).toEqual(model);
    expect(refusal(edited((m) => (m.learner.gradient_booster.model.trees[0].default_left[1] = 2)))).toBe(
      "model.json: learner.gradient_booster.model.trees[0].default_left[1]: 2 is outside 0…1",
    );
  });

  it("reads bare NaN tokens only outside strings", () => {
    const withNaNName = text.replace('"feature_names":[]', '"feature_names":["NaN","a","b","c","Infinity"]');
    expect(importXgboostModel(withNaNName, "m.json").featureNames).toEqual([
      "NaN",
      "a",
      "b",
      "c",
      "Infinity",
    ]);
  });
});
