import { readModelSpec } from "@carta/ml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, importObservationsCsv, localOperator, seedDemo } from "../src/index.js";
import { learningDataOf } from "../src/lab/learningData.js";
import { getModel, type ModelRecord, modelFeatureTable, trainModel } from "../src/lab/models.js";
import { learnerOf, learningTable } from "../src/lab/modelValidation.js";
import { PatientNotFound, type PatientPrediction, predictPatient, WhatIfError } from "../src/lab/predict.js";
import {
  bootstrapInterval,
  bootstrapIntervalFromRefits,
  fitBootstrapRefits,
} from "../src/lab/predictionUncertainty.js";
import { gowerNeighbours } from "../src/lab/similarPatients.js";
import { loadStoredModel, logistic, storedMargins } from "../src/lab/storedModel.js";
import { openTestStore, type TestStore, testClock } from "./stores.js";

/** One patient's prediction from a registry model, on a demo store seeded once for the file. */
let t: TestStore;
let operator: Actor;
let model: ModelRecord;
let patientWithMissing: string;
let prediction: PatientPrediction;

const SPEC = readModelSpec({
  format: "carta.model-spec",
  version: 1,
  name: "cr90-infusion-predict",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: {
    variables: ["ecog_ps", "ldh_u_per_l", "ctdna_log10_hge_per_ml", "cell_of_origin", "product"],
    modalities: ["flow_product"],
    derived: ["ipi"],
  },
  learner: { kind: "boosted-trees", grid: [{ rounds: 8, maxDepth: 2, learningRate: 0.3 }] },
  validation: { seed: 5 },
});
const OPTIONS = { bootstrapReplicates: 12 };

beforeAll(async () => {
  t = await openTestStore("sqlite");
  operator = await localOperator(t.store.db, "modeller", testClock());
  await seedDemo(t.store, operator, testClock, { seed: 7 });
  model = await trainModel(t.store, operator, testClock, SPEC);
  const table = await modelFeatureTable(t.store, operator, SPEC);
  const coo = table.columns.findIndex((c) => c.name === "cell_of_origin");
  const ctdna = table.columns.findIndex((c) => c.name === "ctdna_log10_hge_per_ml");
  patientWithMissing = table.rows.find((r) => r.values[coo] === null && r.values[ctdna] === null)!.patientId;
  prediction = await predictPatient(t.store, operator, SPEC.name, patientWithMissing, OPTIONS);
});
afterAll(async () => {
  await t?.dispose();
});

describe("gowerNeighbours", () => {
  it("averages range-scaled numeric and mismatch categorical distances over the features both have", () => {
    const columns = [
      { name: "ldh", type: "numeric" as const },
      { name: "product", type: "categorical" as const, levels: ["a", "b"] },
      { name: "bulky", type: "binary" as const },
    ];
    const reference = [
      [100, "a", 1],
      [300, "b", null],
      [200, "a", 0],
      [null, null, null],
    ];
    const near = gowerNeighbours(columns, [150, "a", 1], reference, 5, new Set([2]));
    // row 0: (50/200 + 0 + 0) / 3; row 1: (150/200 + 1) / 2; row 3 shares nothing; row 2 skipped.
    expect(near.map((n) => n.row)).toEqual([0, 1]);
    expect(near[0]!.distance).toBeCloseTo(0.25 / 3, 14);
    expect(near[1]!.distance).toBeCloseTo(1.75 / 2, 14);
    expect(near.map((n) => n.compared)).toEqual([3, 2]);
  });
});

describe("loadStoredModel", () => {
  it("rebuilds the stored trees: the same probabilities as the learner refitted on the same rows", async () => {
    const stored = loadStoredModel((await getModel(t.store, SPEC.name))!);
    const data = learningDataOf(await modelFeatureTable(t.store, operator, SPEC), SPEC);
    const rows = Uint32Array.from(data.rows.keys());
    const { learner, grid } = learnerOf(SPEC);
    const refit = learner.fit(learningTable(data), data.outcome, rows, grid[0]);
    const expected = learner.predictProbability(refit, learningTable(data), rows);
    const got = storedMargins(stored, learningTable(data), rows).map(logistic);
    for (let i = 0; i < rows.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 12);
  });
});

describe("predictPatient", () => {
  it("predicts the probability of the spec's event from the stored version", () => {
    expect(prediction.model).toMatchObject({
      name: SPEC.name,
      version: model.version,
      kind: "boosted-trees",
      endpoint: "cr_day90",
      landmark: "infusion",
    });
    expect(prediction.probability).toBeGreaterThan(0);
    expect(prediction.probability).toBeLessThan(1);
    expect(prediction.probability).toBeCloseTo(logistic(prediction.margin), 12);
    expect(prediction.training_data.same_as_model).toBe(true);
    expect(prediction.training_data.rows).toBe(model.metrics.n);
  });

  it("SHAP per source feature adds up to the margin; a categorical feature is one entry", () => {
    const total = prediction.shap.reduce((s, a) => s + a.shap, 0);
    expect(prediction.base_margin + total).toBeCloseTo(prediction.margin, 5);
    const names = prediction.shap.map((a) => a.feature);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("cell_of_origin");
    expect(names.some((n) => n.includes("="))).toBe(false);
  });

  it("modality attributions (each modality one player) add up to the same total", () => {
    const total = prediction.shap.reduce((s, a) => s + a.shap, 0);
    const byModality = prediction.modalities.reduce((s, m) => s + m.shap, 0);
    expect(byModality).toBeCloseTo(total, 5);
    expect(prediction.modalities.map((m) => m.modality).sort()).toEqual(
      [...new Set(prediction.shap.map((a) => a.modality))].sort(),
    );
    expect(prediction.modalities.reduce((s, m) => s + m.features, 0)).toBe(prediction.shap.length);
  });

  it("lists each missing input with the probability range it could move to", () => {
    const missing = prediction.shap.filter((a) => a.value === null).map((a) => a.feature);
    expect(missing.length).toBeGreaterThan(0);
    expect(prediction.missing_inputs.map((m) => m.feature)).toEqual(missing);
    const ctdna = prediction.missing_inputs.find((m) => m.feature === "ctdna_log10_hge_per_ml")!;
    expect(ctdna.tried).toHaveLength(2);
    expect(ctdna.tried[0]).toBeLessThan(ctdna.tried[1] as number);
    const coo = prediction.missing_inputs.find((m) => m.feature === "cell_of_origin")!;
    expect(coo.tried).toEqual(["GCB", "non_GCB", "unclassifiable"]);
    for (const m of prediction.missing_inputs) {
      if (m.tried.length === 0) {
        expect(m.note).toMatch(/no training patient has a value/);
        expect(m.min_probability).toBe(prediction.probability);
      } else expect(m.note).toBeNull();
      expect(m.min_probability).toBeLessThanOrEqual(m.max_probability);
      expect(m.min_probability).toBeGreaterThan(0);
      expect(m.max_probability).toBeLessThan(1);
    }
  });

  it("gives the nearest training patients by Gower distance, never the patient itself", () => {
    const similar = prediction.similar_patients;
    expect(similar).toHaveLength(5);
    expect(similar.map((s) => s.patient_id)).not.toContain(patientWithMissing);
    for (let i = 1; i < similar.length; i++)
      expect(similar[i]!.distance).toBeGreaterThanOrEqual(similar[i - 1]!.distance);
    for (const s of similar) {
      expect([0, 1]).toContain(s.outcome);
      expect(s.distance).toBeGreaterThanOrEqual(0);
      expect(s.distance).toBeLessThanOrEqual(1);
    }
  });

  it("a bootstrap interval around the estimate and a split-conformal set", () => {
    const { interval, conformal } = prediction;
    expect(interval.lower).toBeLessThanOrEqual(interval.upper);
    expect(interval.lower).toBeGreaterThan(0);
    expect(interval.upper).toBeLessThan(1);
    expect(interval.replicates).toBe(12);
    expect(interval.replicates_used).toBe(12);
    expect(prediction.probability).toBeGreaterThan(interval.lower - 0.2);
    expect(prediction.probability).toBeLessThan(interval.upper + 0.2);
    expect([[], [0], [1], [0, 1]]).toContainEqual(prediction.conformal_set);
    expect(conformal.coverage).toBeCloseTo(0.9, 12);
    // A past patient who is a calibration row has their own score left out; otherwise the split
    // model saw them and the note says the set is illustrative.
    const own = conformal.note?.includes("calibration row") ? 1 : 0;
    expect(conformal.note).not.toBeNull();
    expect(conformal.calibration_rows + conformal.proper_training_rows).toBe(
      prediction.training_data.rows - own,
    );
  });

  it("is deterministic for a seed", async () => {
    const again = await predictPatient(t.store, operator, SPEC.name, patientWithMissing, OPTIONS);
    expect(again).toEqual(prediction);
  });

  it("refuses a patient of a centre the actor cannot read as not found", async () => {
    const table = await modelFeatureTable(t.store, operator, SPEC);
    const [first, other] = [...new Set(table.rows.map((r) => r.center))];
    const physician: Actor = {
      userId: operator.userId,
      username: "physician",
      memberships: [{ centerId: first!, role: "physician" }],
      syntheticOnly: false,
    };
    const outside = table.rows.find((r) => r.center === other)!.patientId;
    await expect(predictPatient(t.store, physician, SPEC.name, outside, OPTIONS)).rejects.toBeInstanceOf(
      PatientNotFound,
    );
    await expect(predictPatient(t.store, operator, SPEC.name, "NO-SUCH-PATIENT")).rejects.toThrow(
      /no patient "NO-SUCH-PATIENT"/,
    );
  });

  it("refuses an unknown model or version", async () => {
    await expect(predictPatient(t.store, operator, "nope", patientWithMissing)).rejects.toThrow(/no model/);
    await expect(
      predictPatient(t.store, operator, SPEC.name, patientWithMissing, { version: 99 }),
    ).rejects.toThrow(/has no version 99/);
  });
});

describe("predictPatient with an elastic net", () => {
  it("explains by linear SHAP against the training means; modalities are sums of their features", async () => {
    const spec = readModelSpec({
      format: "carta.model-spec",
      version: 1,
      name: "cr90-infusion-enet",
      endpoint: "cr_day90",
      cohort: "both",
      landmark: "infusion",
      features: { variables: ["ecog_ps", "ldh_u_per_l", "product"], derived: ["ipi"] },
      learner: { kind: "elastic-net-logistic", grid: [{ lambda: 0.01, alpha: 0.5 }] },
      validation: { seed: 2 },
    });
    const trained = await trainModel(t.store, operator, testClock, spec);
    const table = await modelFeatureTable(t.store, operator, spec);
    const complete = table.rows.find((r) => r.values.every((v) => v !== null))!.patientId;
    const p = await predictPatient(t.store, operator, spec.name, complete, { bootstrapReplicates: 4 });
    expect(p.model.kind).toBe("elastic-net-logistic");
    const total = p.shap.reduce((s, a) => s + a.shap, 0);
    expect(p.base_margin + total).toBeCloseTo(p.margin, 10);
    expect(p.modalities.reduce((s, m) => s + m.shap, 0)).toBeCloseTo(total, 10);
    const m = trained.model as Extract<ModelRecord["model"], { kind: "elastic-net-logistic" }>;
    const ldh = m.encoding.names.indexOf("ldh_u_per_l");
    const data = learningDataOf(table, spec);
    const j = data.columns.findIndex((c) => c.name === "ldh_u_per_l");
    const mean = data.rows.reduce((s, r) => s + (r[j] as number), 0) / data.rows.length;
    const value = p.shap.find((a) => a.feature === "ldh_u_per_l")!;
    expect(value.shap).toBeCloseTo(m.coefficients[ldh]! * ((value.value as number) - mean), 10);
    expect(p.missing_inputs).toEqual([]);
    const incomplete = table.rows.find((r) => r.values.some((v) => v === null));
    if (incomplete) {
      await expect(predictPatient(t.store, operator, spec.name, incomplete.patientId)).rejects.toThrow(
        /needs every value and does not fill them in/,
      );
    }
  });
});

describe("what-if, reasons and the prediction kit", () => {
  it("reasons are the largest contributions in words; their steps add up on the probability scale", () => {
    const { reasons, shap, base_margin } = prediction;
    expect(reasons.length).toBe(Math.min(5, shap.filter((a) => a.shap !== 0).length));
    const top = [...shap].sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap)).slice(0, reasons.length);
    expect(reasons.map((r) => r.feature)).toEqual(top.map((a) => a.feature));
    const total = reasons.reduce((sum, r) => sum + r.points, 0);
    const margin = base_margin + top.reduce((sum, a) => sum + a.shap, 0);
    expect(total).toBeCloseTo(100 * (logistic(margin) - logistic(base_margin)), 10);
    for (const r of reasons) {
      expect(r.text).toContain(r.label);
      expect(r.text).toMatch(
        r.points >= 0 ? /raised the probability of complete/ : /lowered the probability of complete/,
      );
    }
  });

  it("a what-if edit predicts the edited row with the stored model and says what changed", async () => {
    const ldh = prediction.shap.find((a) => a.feature === "ldh_u_per_l")!;
    const edited = await predictPatient(t.store, operator, SPEC.name, patientWithMissing, {
      ...OPTIONS,
      whatIf: { ldh_u_per_l: 2000, cell_of_origin: "GCB" },
    });
    expect(edited.what_if).toEqual([
      { feature: "ldh_u_per_l", recorded: ldh.value, used: 2000 },
      { feature: "cell_of_origin", recorded: null, used: "GCB" },
    ]);
    const table = await modelFeatureTable(t.store, operator, SPEC);
    const row = table.rows.find((r) => r.patientId === patientWithMissing)!;
    const values = [...row.values];
    values[table.columns.findIndex((c) => c.name === "ldh_u_per_l")] = 2000;
    values[table.columns.findIndex((c) => c.name === "cell_of_origin")] = "GCB";
    const stored = loadStoredModel(model);
    const columns = table.columns.map((c) => ({ name: c.name, type: c.type, levels: c.levels }));
    expect(edited.probability).toBeCloseTo(
      logistic(storedMargins(stored, { columns, rows: [values] }, Uint32Array.of(0))[0]!),
      14,
    );
    expect(edited.missing_inputs.map((m) => m.feature)).not.toContain("cell_of_origin");
    expect(prediction.what_if).toEqual([]);
  });

  it("refuses a what-if input the model does not have, or of the wrong type or level", async () => {
    const ask = (whatIf: Record<string, unknown>) =>
      predictPatient(t.store, operator, SPEC.name, patientWithMissing, { ...OPTIONS, whatIf });
    await expect(ask({ crs_max_grade: 3 })).rejects.toThrow(WhatIfError);
    await expect(ask({ crs_max_grade: 3 })).rejects.toThrow(/has no input "crs_max_grade"/);
    await expect(ask({ ldh_u_per_l: "high" })).rejects.toThrow(/ldh_u_per_l: expected a number in U\/L/);
    await expect(ask({ cell_of_origin: "XYZ" })).rejects.toThrow(/cell_of_origin: expected one of GCB/);
  });

  it("the kit's refits give exactly the interval of refitting per patient", async () => {
    const data = learningDataOf(await modelFeatureTable(t.store, operator, SPEC), SPEC);
    const { learner, grid } = learnerOf(SPEC);
    const patient = { columns: data.columns, rows: [data.rows[3]!] };
    const direct = bootstrapInterval(
      learner,
      grid[0],
      { training: learningTable(data), outcome: data.outcome, patient },
      {
        replicates: 8,
        level: 0.9,
        seed: 11,
      },
    );
    const refits = fitBootstrapRefits(learner, grid[0], learningTable(data), data.outcome, {
      replicates: 8,
      seed: 11,
    });
    expect(bootstrapIntervalFromRefits(learner, refits, patient, { level: 0.9, seed: 11 })).toEqual(direct);
  });

  it("a change to the data is seen by the next prediction (the kit is rebuilt)", async () => {
    const before = await predictPatient(t.store, operator, SPEC.name, patientWithMissing, OPTIONS);
    expect(before.shap.find((a) => a.feature === "ldh_u_per_l")!.value).not.toBe(1990);
    const table = await modelFeatureTable(t.store, operator, SPEC);
    const row = table.rows.find((r) => r.patientId === patientWithMissing)!;
    const ldh = table.columns.find((c) => c.name === "ldh_u_per_l")!;
    const csv = [
      "patient_id,time_point,center,cohort,ldh_u_per_l",
      `${patientWithMissing},${ldh.timePoint},${row.center},${row.cohort},1990`,
    ].join("\n");
    await importObservationsCsv(t.store, operator, testClock, { fileName: "ldh.csv", text: csv });
    const after = await predictPatient(t.store, operator, SPEC.name, patientWithMissing, OPTIONS);
    expect(after.shap.find((a) => a.feature === "ldh_u_per_l")!.value).toBe(1990);
    expect(after.training_data.same_as_model).toBe(false);
  });
});

describe("an explainable boosting machine in the registry", () => {
  const EBM_SPEC = readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name: "cr90-infusion-ebm",
    endpoint: "cr_day90",
    cohort: "both",
    landmark: "infusion",
    features: { variables: ["ecog_ps", "ldh_u_per_l", "ctdna_log10_hge_per_ml", "product", "mtv_ml"] },
    learner: { kind: "ebm", grid: [{ interactions: 2, cycles: 300, learningRate: 0.05, seed: 3 }] },
    validation: { seed: 5 },
  });

  it("trains, stores and predicts with additive explanations that add up to the margin", async () => {
    const record = await trainModel(t.store, operator, testClock, EBM_SPEC);
    expect(record.model.kind).toBe("ebm");
    const p = await predictPatient(t.store, operator, EBM_SPEC.name, patientWithMissing, OPTIONS);
    expect(p.model.kind).toBe("ebm");
    const total = p.shap.reduce((s, a) => s + a.shap, 0);
    expect(p.base_margin + total).toBeCloseTo(p.margin, 10);
    const byModality = p.modalities.reduce((s, m) => s + m.shap, 0);
    expect(byModality).toBeCloseTo(total, 10);
    expect(p.shap.map((a) => a.feature).sort()).toEqual([
      "ctdna_log10_hge_per_ml",
      "ecog_ps",
      "ldh_u_per_l",
      "mtv_ml",
      "product",
    ]);
    expect(p.shap_method).toMatch(/EBM's additive terms/);
    // The stored EBM gives the same probability as the learner's own prediction on the same row.
    const table = await modelFeatureTable(t.store, operator, EBM_SPEC);
    const row = table.rows.find((r) => r.patientId === patientWithMissing)!;
    const stored = loadStoredModel(record);
    const columns = table.columns.map((c) => ({ name: c.name, type: c.type, levels: c.levels }));
    expect(p.probability).toBeCloseTo(
      logistic(storedMargins(stored, { columns, rows: [[...row.values]] }, Uint32Array.of(0))[0]!),
      14,
    );
  });
});
