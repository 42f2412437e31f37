import {
  baselineCumulativeHazardAt,
  causeSpecificLearner,
  elasticNetCoxLearner,
  everyRow,
  readModelSpec,
} from "@carta/ml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, localOperator, seedDemo } from "../src/index.js";
import { learningDataOf } from "../src/lab/learningData.js";
import {
  type ModelRecord,
  modelFeatureTable,
  trainModel,
  transportModel,
  validateModel,
} from "../src/lab/models.js";
import { learningTable } from "../src/lab/modelValidation.js";
import { type PatientPrediction, predictPatient } from "../src/lab/predict.js";
import { loadStoredModel } from "../src/lab/storedModel.js";
import { openTestStore, type TestStore, testClock } from "./stores.js";

/**
 * Time-to-event model specs end to end on a demo store: an elastic-net Cox model of PFS at 12 months
 * and boosted Cox trees of OS, trained, predicted for one patient and validated.
 */
let t: TestStore;
let operator: Actor;
let pfsModel: ModelRecord;

const specOf = (overrides: Record<string, unknown>) =>
  readModelSpec({
    format: "carta.model-spec",
    version: 1,
    name: "pfs-cox",
    endpoint: "pfs",
    horizonMonths: 12,
    cohort: "both",
    landmark: "infusion",
    features: { variables: ["ecog_ps", "ldh_u_per_l", "crp_mg_l"], derived: ["ipi"] },
    learner: { kind: "elastic-net-cox", grid: [{ lambda: 0.01, alpha: 0.5 }] },
    validation: { outerFolds: 3, innerFolds: 2, bootstrapReplicates: 4, locoMinEvents: 5, seed: 3 },
    ...overrides,
  });
const PFS = specOf({});
const OS = specOf({
  name: "os-cox-trees",
  endpoint: "os",
  horizonMonths: 24,
  features: { variables: ["ecog_ps", "ldh_u_per_l", "ctdna_log10_hge_per_ml"], derived: ["ipi"] },
  learner: { kind: "boosted-trees-cox", grid: [{ rounds: 20, maxDepth: 2, learningRate: 0.1 }] },
});

beforeAll(async () => {
  t = await openTestStore("sqlite");
  operator = await localOperator(t.store.db, "modeller", testClock());
  await seedDemo(t.store, operator, testClock, { seed: 7 });
  pfsModel = await trainModel(t.store, operator, testClock, PFS);
});
afterAll(async () => {
  await t?.dispose();
});

describe("time-to-event model specs", () => {
  it("need a Cox learner and a horizon, and refuse a horizon on a binary endpoint", () => {
    expect(() => specOf({ learner: { kind: "boosted-trees", grid: [{ rounds: 5 }] } })).toThrow(
      /time-to-event endpoint "pfs" needs elastic-net-cox or boosted-trees-cox/,
    );
    expect(() => specOf({ horizonMonths: undefined })).toThrow(/horizonMonths must be a number of months/);
    expect(() =>
      specOf({ endpoint: "cr_day90", learner: { kind: "boosted-trees", grid: [{ rounds: 5 }] } }),
    ).toThrow(/horizonMonths is for time-to-event endpoints/);
    expect(() => specOf({ endpoint: "cr_day90" })).toThrow(/binary endpoint "cr_day90" needs one of/);
    expect(PFS.horizonMonths).toBe(12);
  });
});

describe("an elastic-net Cox model of PFS", () => {
  it("is stored with its Breslow baseline and its apparent C statistics", () => {
    expect(pfsModel.model.kind).toBe("elastic-net-cox");
    expect(pfsModel.metrics.event).toBe("progression or death within 12 months of the landmark");
    const survival = pfsModel.metrics.apparent.survival!;
    expect(survival.horizonMonths).toBe(12);
    expect(survival.harrellC!.estimate).toBeGreaterThan(0.55);
    expect(pfsModel.metrics.nEvents).toBeGreaterThan(50);
  });

  it("predicts the risk by the horizon the learner's own survival curve gives, explained on the log hazard", async () => {
    const table = await modelFeatureTable(t.store, operator, PFS);
    const data = learningDataOf(table, PFS);
    const x = learningTable(data);
    // The learner refitted on the same rows predicts S(12 | x) through its own path; the stored
    // model (JSON coefficients and baseline) must give the same risk through the registry.
    const refit = elasticNetCoxLearner.fit(x, data.time!, data.outcome, everyRow(data.rows.length), {
      lambda: 0.01,
      alpha: 0.5,
    });
    const complete = table.rows.find((r) => r.values.every((v) => v !== null) && r.outcome)!;
    const row = data.rows.findIndex((r) => JSON.stringify(r) === JSON.stringify(complete.values));
    const expected = 1 - elasticNetCoxLearner.predictSurvival(refit, x, Uint32Array.of(row), 12)[0]!;
    const p: PatientPrediction = await predictPatient(t.store, operator, PFS.name, complete.patientId, {
      bootstrapReplicates: 8,
    });
    expect(p.probability).toBeCloseTo(expected, 10);
    expect(p.model.horizon_months).toBe(12);
    expect(p.model.margin_scale).toBe("log relative hazard");
    expect(p.model.cause).toBeNull();
    // The reasons start at base_probability and, every feature listed, end at the probability.
    if (p.reasons.length === p.shap.filter((a) => a.shap !== 0).length)
      expect(p.base_probability + p.reasons.reduce((sum, r) => sum + r.points, 0) / 100).toBeCloseTo(
        p.probability,
        10,
      );
    const sum = p.shap.reduce((s, a) => s + a.shap, p.base_margin);
    expect(sum).toBeCloseTo(p.margin, 10);
    // The link: risk = 1 − exp(−Λ₀(12)·exp(η − c)) with the stored baseline.
    const stored = loadStoredModel(pfsModel);
    if (stored.kind !== "elastic-net-cox") throw new Error("expected an elastic-net Cox model");
    const h0 = baselineCumulativeHazardAt(stored.baseline, 12);
    expect(p.probability).toBeCloseTo(1 - Math.exp(-h0 * Math.exp(p.margin - stored.baseline.center)), 12);
    // Reasons on the risk scale: their points add up to risk − base risk when every feature is listed.
    const base = 1 - Math.exp(-h0 * Math.exp(p.base_margin - stored.baseline.center));
    expect(p.base_probability).toBeCloseTo(base, 12);
    const listed = p.reasons.reduce((s, r) => s + r.points, 0);
    if (p.reasons.length === p.shap.filter((a) => a.shap !== 0).length)
      expect(listed / 100).toBeCloseTo(p.probability - base, 10);
    expect(p.reasons[0]!.text).toMatch(/the probability of progression or death within 12 months/);
    expect(p.interval.lower).toBeLessThanOrEqual(p.probability + 0.2);
    expect(p.similar_patients[0]!.time_months).toBeGreaterThanOrEqual(0);
  });

  it("validates with C statistics, calibration at the horizon, a decision curve and leave-one-centre-out", async () => {
    const run = await validateModel(t.store, operator, testClock, PFS);
    const v = run.result.validation!;
    const perf = v.nestedCv.performance;
    expect(perf.survival!.harrellC!.estimate).toBeGreaterThan(0.5);
    expect(perf.auc).toBeGreaterThan(0.5);
    expect(perf.calibrationSlope).not.toBeNull();
    expect(v.nestedCv.calibrationGroups.length).toBeGreaterThan(2);
    expect(v.nestedCv.decisionCurve.thresholds.length).toBe(19);
    expect(v.optimism.indexes.map((i) => i.index)).toEqual(["HarrellC", "UnoC", "Slope"]);
    expect(v.conformal!.n).toBeGreaterThan(50);
    expect(v.loco!.pooledHarrellC).not.toBeNull();
    expect(v.stability!.features.map((f) => f.feature)).toContain("ldh_u_per_l");
  });
});

describe("the 3L+ → 2L transport of a Cox model", () => {
  it("compares log hazard ratios per cohort, gives Harrell's C in 2L and compares updates by net benefit", async () => {
    const run = await transportModel(t.store, operator, testClock, PFS);
    const r = run.result.transport!;
    expect(r.event).toBe("progression or death within 12 months of the landmark");
    expect(r.predictors.map((p) => p.name)).toContain("ldh_u_per_l");
    for (const p of r.predictors) {
      expect(p.effect_3l.lower).toBeLessThanOrEqual(p.effect_3l.estimate);
      expect(p.interaction_p).toBeGreaterThanOrEqual(0);
    }
    expect(r.performance_2l.c_index).toBeGreaterThan(0.5);
    expect(r.performance_2l.horizon_months).toBe(12);
    expect(r.recalibration.map((c) => c.method)).toEqual(["original", "baseline", "slope"]);
    expect(r.recalibration[0]!.net_benefit.thresholds.length).toBe(
      r.recalibration[0]!.net_benefit.model.length,
    );
    expect(r.headline).toMatch(/^In 2L the 3L\+ model has C-index 0\.\d\d/);
  });
});

describe("a cause-specific Cox model of non-relapse mortality (relapse_vs_nrm)", () => {
  const NRM = specOf({
    name: "nrm-cox",
    endpoint: "relapse_vs_nrm",
    cause: "nrm",
    validation: { outerFolds: 3, innerFolds: 2, bootstrapReplicates: 4, locoMinEvents: 3, seed: 3 },
  });

  it("needs a cause, and refuses one elsewhere", () => {
    expect(() => specOf({ endpoint: "relapse_vs_nrm" })).toThrow(/cause must be "relapse" or "nrm"/);
    expect(() => specOf({ cause: "nrm" })).toThrow(/cause is for the competing-risks endpoint/);
  });

  it("predicts the cumulative incidence of NRM that the cause-specific learner gives, explained on its log hazard", async () => {
    const model = await trainModel(t.store, operator, testClock, NRM);
    expect(model.model.kind).toBe("cause-specific-cox");
    expect(model.metrics.event).toMatch(/^non-relapse mortality.*within 12 months of the landmark$/);
    const table = await modelFeatureTable(t.store, operator, NRM);
    const data = learningDataOf(table, NRM);
    expect(model.metrics.nEvents).toBe(data.outcome.filter((s) => s === 2).length);
    expect(model.metrics.nEvents).toBeGreaterThan(5);
    const x = learningTable(data);
    const refit = causeSpecificLearner(elasticNetCoxLearner).fit(
      x,
      data.time!,
      data.outcome,
      everyRow(data.rows.length),
      { lambda: 0.01, alpha: 0.5 },
    );
    const complete = table.rows.find((r) => r.values.every((v) => v !== null) && r.outcome)!;
    const row = data.rows.findIndex((r) => JSON.stringify(r) === JSON.stringify(complete.values));
    const expected = causeSpecificLearner(elasticNetCoxLearner).predictAbsoluteRisk(
      refit,
      x,
      Uint32Array.of(row),
      12,
      2,
    )[0]!;
    const p = await predictPatient(t.store, operator, NRM.name, complete.patientId, {
      bootstrapReplicates: 6,
    });
    expect(p.probability).toBeCloseTo(expected, 10);
    expect(p.shap.reduce((sum, a) => sum + a.shap, p.base_margin)).toBeCloseTo(p.margin, 10);
    expect(p.shap_method).toMatch(/cause-specific Cox model/);
    expect(p.model.margin_scale).toBe("log relative hazard");
    expect(p.model.cause).toBe("nrm");
    // The reasons start at base_probability and, every feature listed, end at the probability.
    if (p.reasons.length === p.shap.filter((a) => a.shap !== 0).length)
      expect(p.base_probability + p.reasons.reduce((sum, r) => sum + r.points, 0) / 100).toBeCloseTo(
        p.probability,
        10,
      );
    expect(p.reasons[0]!.text).toMatch(/non-relapse mortality/);
  });

  it("validates with Wolbers' C, the competing-risks AUC and Brier, and Aalen–Johansen calibration", async () => {
    const run = await validateModel(t.store, operator, testClock, NRM);
    const v = run.result.validation!;
    const competing = v.nestedCv.performance.survival!.competing!;
    expect(competing.cause).toBe("nrm");
    expect(competing.wolbersC).toBeGreaterThan(0.3);
    expect(v.nestedCv.performance.survival!.harrellC).toBeNull();
    expect(v.optimism.indexes.map((i) => i.index)).toEqual(["WolbersC", "AUC", "Brier"]);
    expect(v.nestedCv.calibrationGroups[0]!.observedUpper).toBeGreaterThanOrEqual(
      v.nestedCv.calibrationGroups[0]!.observedLower,
    );
    expect(v.loco!.groups.length).toBeGreaterThan(1);
    // Transport 3L+ → 2L: cause-specific log hazard ratios, the cause's AUC and Wolbers' C in 2L,
    // and the two updates compared by net benefit with the Aalen–Johansen incidence.
    const transport = (await transportModel(t.store, operator, testClock, NRM)).result.transport!;
    expect(transport.event).toMatch(/^non-relapse mortality/);
    expect(transport.performance_2l.cause).toBe("nrm");
    expect(transport.performance_2l.wolbers_c).not.toBeUndefined();
    expect(transport.performance_2l.calibration_slope).toBeNull();
    expect(transport.headline).toMatch(
      /^In 2L the 3L\+ model of non-relapse mortality \(the other cause competing\) has time-dependent AUC .* at 12 months and Wolbers' C/,
    );
    expect(transport.predictors.map((q) => q.name)).toContain("ldh_u_per_l");
    expect(transport.recalibration.map((c) => c.method)).toEqual(["original", "baseline", "slope"]);
    const everyone = transport.recalibration[0]!.net_benefit;
    expect(everyone.treat_all.length).toBe(everyone.thresholds.length);
    // Treat-all's net benefit at a threshold t is F(τ) − (1 − F(τ))·t/(1 − t) with the Aalen–Johansen F.
    const observed = v.nestedCv.performance.survival!.observedRisk.estimate;
    const threshold = v.nestedCv.decisionCurve.thresholds[0]!;
    expect(v.nestedCv.decisionCurve.treatAll[0]).toBeCloseTo(
      observed - (1 - observed) * (threshold / (1 - threshold)),
      10,
    );
  });
});

describe("elastic-net Cox on multiply imputed data", () => {
  const IMPUTED = specOf({
    name: "pfs-imputed-cox",
    features: { variables: ["ecog_ps", "ldh_u_per_l", "ctdna_log10_hge_per_ml"], derived: ["ipi"] },
    learner: { kind: "imputed-elastic-net-cox", grid: [{ lambda: 0.01, alpha: 0.5, imputations: 3 }] },
  });

  it("keeps the incomplete rows, predicts a patient with a missing input and explains the pooled log hazard exactly", async () => {
    const model = await trainModel(t.store, operator, testClock, IMPUTED);
    expect(model.model.kind).toBe("imputed-elastic-net-cox");
    const complete = await trainModel(
      t.store,
      operator,
      testClock,
      specOf({ name: "pfs-cc-cox", features: IMPUTED.features }),
    );
    // The complete-case elastic net drops every row without ctDNA; the imputed one keeps them.
    expect(model.metrics.n).toBeGreaterThan(complete.metrics.n);
    expect(complete.metrics.dropped.incomplete).toBeGreaterThan(0);
    const table = await modelFeatureTable(t.store, operator, IMPUTED);
    const ctdna = table.columns.findIndex((c) => c.name === "ctdna_log10_hge_per_ml");
    const patient = table.rows.find((r) => r.values[ctdna] === null && r.outcome)!.patientId;
    const p = await predictPatient(t.store, operator, IMPUTED.name, patient, { bootstrapReplicates: 4 });
    expect(p.probability).toBeGreaterThan(0);
    expect(p.shap_method).toMatch(/for each of the m imputations/);
    expect(p.shap.reduce((sum, a) => sum + a.shap, p.base_margin)).toBeCloseTo(p.margin, 10);
    expect(p.missing_inputs.map((m) => m.feature)).toContain("ctdna_log10_hge_per_ml");
    await expect(predictPatient(t.store, operator, "pfs-cc-cox", patient)).rejects.toThrow(
      /misses ctdna_log10_hge_per_ml/,
    );
    const v = (await validateModel(t.store, operator, testClock, IMPUTED)).result.validation!;
    expect(v.n).toBe(model.metrics.n);
    expect(v.nestedCv.performance.survival!.harrellC!.estimate).toBeGreaterThan(0.5);
    expect(v.stability!.method).toMatch(/imputation|pooled/);
  });
});

describe("boosted Cox trees of OS", () => {
  it("train, predict and explain with TreeSHAP on the log hazard", async () => {
    const model = await trainModel(t.store, operator, testClock, OS);
    expect(model.model.kind).toBe("boosted-trees-cox");
    const table = await modelFeatureTable(t.store, operator, OS);
    const patient = table.rows.find((r) => r.outcome)!.patientId;
    const p = await predictPatient(t.store, operator, OS.name, patient, { bootstrapReplicates: 6 });
    expect(p.shap_method).toMatch(/TreeSHAP on the log relative hazard/);
    expect(p.shap.reduce((s, a) => s + a.shap, p.base_margin)).toBeCloseTo(p.margin, 6);
    expect(p.probability).toBeGreaterThan(0);
    expect(p.probability).toBeLessThan(1);
    expect(p.conformal_set.length).toBeGreaterThan(0);
  });
});
