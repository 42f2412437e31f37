import {
  type BinaryLearner,
  type ImputedElasticNetModel,
  type ImputedElasticNetParams,
  imputedElasticNetLearner,
  nestedCvOuterFold,
  nestedCvPlan,
  outerFoldRows,
  readModelSpec,
} from "@carta/ml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, localOperator, seedDemo } from "../src/index.js";
import { type LearningData, learningDataOf } from "../src/lab/learningData.js";
import { getModel, type ModelRecord, modelFeatureTable, trainModel } from "../src/lab/models.js";
import { learnerOf, learningTable, runModelValidation } from "../src/lab/modelValidation.js";
import { type PatientPrediction, predictPatient } from "../src/lab/predict.js";
import { loadStoredModel, logistic, storedMargins } from "../src/lab/storedModel.js";
import { openTestStore, type TestStore, testClock } from "./stores.js";

/**
 * The imputed elastic net end to end on a demo store: trained and stored with its imputer, rebuilt
 * from the registry, predicting a patient with missing inputs (whom the plain elastic net refuses),
 * explained exactly on the pooled log-odds scale, validated — and its imputation fitted inside each
 * training fold only.
 */
let t: TestStore;
let operator: Actor;
let model: ModelRecord;
let data: LearningData;
let patientWithMissing: string;
let prediction: PatientPrediction;

const FEATURES = {
  variables: ["ecog_ps", "ldh_u_per_l", "ctdna_log10_hge_per_ml", "cell_of_origin", "product"],
  derived: ["ipi"],
};
const SPEC = readModelSpec({
  format: "carta.model-spec",
  version: 1,
  name: "cr90-infusion-imputed",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: FEATURES,
  learner: {
    kind: "imputed-elastic-net-logistic",
    grid: [
      { lambda: 0.01, alpha: 0.5, imputations: 3, iterations: 3, seed: 4 },
      { lambda: 0.05, alpha: 1, imputations: 3, iterations: 3, seed: 4 },
    ],
  },
  validation: {
    outerFolds: 2,
    innerFolds: 2,
    bootstrapReplicates: 3,
    leaveOneCenterOut: false,
    transport: null,
    seed: 5,
  },
});
const PLAIN = readModelSpec({
  format: "carta.model-spec",
  version: 1,
  name: "cr90-infusion-plain",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: FEATURES,
  learner: { kind: "elastic-net-logistic", grid: [{ lambda: 0.01, alpha: 0.5 }] },
  validation: { seed: 5 },
});

beforeAll(async () => {
  t = await openTestStore("sqlite");
  operator = await localOperator(t.store.db, "modeller", testClock());
  await seedDemo(t.store, operator, testClock, { seed: 7 });
  model = await trainModel(t.store, operator, testClock, SPEC);
  const table = await modelFeatureTable(t.store, operator, SPEC);
  data = learningDataOf(table, SPEC);
  const coo = table.columns.findIndex((c) => c.name === "cell_of_origin");
  const ctdna = table.columns.findIndex((c) => c.name === "ctdna_log10_hge_per_ml");
  patientWithMissing = table.rows.find((r) => r.values[coo] === null && r.values[ctdna] === null)!.patientId;
  prediction = await predictPatient(t.store, operator, SPEC.name, patientWithMissing, {
    bootstrapReplicates: 4,
  });
});
afterAll(async () => {
  await t?.dispose();
});

describe("training and the registry", () => {
  it("keeps the incomplete rows (only the plain elastic net drops them)", () => {
    const incomplete = data.rows.filter((r) => r.some((v) => v === null)).length;
    expect(incomplete).toBeGreaterThan(5);
    expect(model.metrics.dropped.incomplete).toBe(0);
    expect(model.metrics.n).toBe(data.rows.length);
  });

  it("stores the imputer and the m fits, and the stored model predicts as the learner refitted", async () => {
    expect(model.model.kind).toBe("imputed-elastic-net-logistic");
    const stored = loadStoredModel((await getModel(t.store, SPEC.name))!);
    expect(stored.kind).toBe("imputed-elastic-net-logistic");
    const rows = Uint32Array.from(data.rows.keys());
    const { learner, grid } = learnerOf(SPEC);
    expect(learner).toBe(imputedElasticNetLearner);
    const refit = learner.fit(learningTable(data), data.outcome, rows, grid[0]);
    const expected = learner.predictProbability(refit, learningTable(data), rows);
    const got = storedMargins(stored, learningTable(data), rows).map(logistic);
    for (let i = 0; i < rows.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 13);
  });
});

describe("predicting a patient with missing inputs", () => {
  it("predicts (imputing them with the stored imputer) where the plain elastic net refuses", async () => {
    expect(prediction.model.kind).toBe("imputed-elastic-net-logistic");
    expect(prediction.probability).toBeGreaterThan(0);
    expect(prediction.probability).toBeLessThan(1);
    expect(prediction.probability).toBeCloseTo(logistic(prediction.margin), 14);
    const missing = prediction.missing_inputs.map((m) => m.feature);
    expect(missing).toEqual(expect.arrayContaining(["cell_of_origin", "ctdna_log10_hge_per_ml"]));
    await trainModel(t.store, operator, testClock, PLAIN);
    await expect(predictPatient(t.store, operator, PLAIN.name, patientWithMissing)).rejects.toThrow(
      /needs every value and does not fill them in/,
    );
  });

  it("the stored model's margin for the patient's row is the one reported", async () => {
    const table = await modelFeatureTable(t.store, operator, SPEC);
    const row = table.rows.find((r) => r.patientId === patientWithMissing)!;
    const stored = loadStoredModel(model);
    const margin = storedMargins(
      stored,
      { columns: data.columns, rows: [row.values] },
      Uint32Array.of(0),
    )[0]!;
    expect(prediction.margin).toBe(margin);
  });

  it("SHAP averaged over the imputations adds up to the pooled margin, by feature and by modality", () => {
    const total = prediction.shap.reduce((s, a) => s + a.shap, 0);
    expect(prediction.base_margin + total).toBeCloseTo(prediction.margin, 10);
    expect(prediction.modalities.reduce((s, m) => s + m.shap, 0)).toBeCloseTo(total, 10);
    expect(prediction.shap_method).toMatch(/averaged over the imputations/);
    expect(prediction.shap_method).toMatch(/base \+ Σ SHAP = margin exactly/);
    const coo = prediction.shap.find((a) => a.feature === "cell_of_origin")!;
    expect(coo.value).toBeNull();
  });

  it("has a bootstrap interval and a conformal set", () => {
    const { interval, conformal_set } = prediction;
    expect(interval.replicates_used).toBeGreaterThan(0);
    expect(interval.lower).toBeLessThanOrEqual(interval.upper);
    expect(interval.lower).toBeGreaterThanOrEqual(0);
    expect(interval.upper).toBeLessThanOrEqual(1);
    expect(Array.isArray(conformal_set)).toBe(true);
    expect(conformal_set.every((y) => y === 0 || y === 1)).toBe(true);
    expect(prediction.conformal).not.toBeNull();
  });
});

describe("validation", () => {
  it("runs nested CV, conformal check, optimism and stability on incomplete rows", () => {
    const v = runModelValidation(SPEC, data, () => {});
    expect(v.n).toBe(data.rows.length);
    expect(v.nestedCv.performance.auc).toBeGreaterThan(0);
    expect(v.nestedCv.chosen).toHaveLength(2);
    expect(v.conformal).not.toBeNull();
    expect(v.optimism.fitted).toBe(3);
    const s = v.stability!;
    expect(s.method).toMatch(/pooled coefficient/);
    expect(s.replicates).toBe(3);
    expect(s.features.map((f) => f.feature).sort()).toEqual(data.columns.map((c) => c.name).sort());
  });

  it("fits each fold's imputer on that fold's training rows only", () => {
    // A value planted in the held-out rows of outer fold 0 only, and tied to the outcome: were the
    // imputer to see those rows, its start value (the observed mean) and its PMM donors would carry it.
    const ldh = data.columns.findIndex((c) => c.name === "ldh_u_per_l");
    const options = {
      learner: imputedElasticNetLearner,
      table: learningTable(data),
      outcome: data.outcome,
      grid: SPEC.learner.grid as ImputedElasticNetParams[],
      outerFolds: SPEC.validation.outerFolds,
      innerFolds: SPEC.validation.innerFolds,
      seed: SPEC.validation.seed,
    };
    const plan = nestedCvPlan(options);
    const { train, test } = outerFoldRows(plan, 0);
    const PLANTED = 1e6;
    const rows = data.rows.map((r) => [...r]);
    for (const i of test) rows[i]![ldh] = PLANTED * (1 + data.outcome[i]!);
    const trainingValues = [...train].map((i) => rows[i]![ldh]).filter((v) => v !== null) as number[];
    expect(trainingValues.length).toBeLessThan(train.length);
    const fitted: { given: Uint32Array; model: ImputedElasticNetModel }[] = [];
    const recording: BinaryLearner<ImputedElasticNetModel, ImputedElasticNetParams> = {
      name: "recording",
      fit(x, y, given, params) {
        const m = imputedElasticNetLearner.fit(x, y, given, params);
        fitted.push({ given, model: m });
        return m;
      },
      predictProbability: (m, x, given) => imputedElasticNetLearner.predictProbability(m, x, given),
    };
    const table = { columns: data.columns, rows };
    nestedCvOuterFold({ ...options, learner: recording, table }, plan, 0);
    expect(fitted.length).toBe(options.grid.length * options.innerFolds + 1);
    for (const { given, model: m } of fitted) {
      const k = m.imputer.columns.findIndex((c) => c.name === "ldh_u_per_l");
      const observed = [...given].map((i) => rows[i]![ldh]).filter((v) => v !== null) as number[];
      expect(m.imputer.startValues[k]).toBeCloseTo(observed.reduce((a, b) => a + b, 0) / observed.length, 6);
      expect(m.imputer.startValues[k]).toBeLessThan(PLANTED);
      for (const imputation of m.imputer.models) {
        const pmm = imputation[k]!;
        if (pmm.kind !== "pmm") throw new Error("ldh is imputed by predictive mean matching");
        expect(Math.max(...pmm.donorValues)).toBeLessThan(PLANTED);
      }
    }
    // The same learner given the held-out rows as well does see the planted value.
    const leaky = imputedElasticNetLearner.fit(table, data.outcome, plan.rows, options.grid[0]!);
    const k = leaky.imputer.columns.findIndex((c) => c.name === "ldh_u_per_l");
    expect(leaky.imputer.startValues[k]).toBeGreaterThan(PLANTED / 10);
  });
});
