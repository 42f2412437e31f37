import { FEATURE_ENDPOINTS, FeatureSpecError, PREDICTION_LANDMARKS } from "@carta/clinical";
import { BINARY_MODEL_ENDPOINTS, MODEL_LANDMARKS, type ModelSpec, readModelSpec } from "@carta/ml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, ANONYMOUS_DEMO_VISITOR, localOperator, seedDemo, verifyAudit } from "../src/index.js";
import { getJob } from "../src/jobs/jobQueue.js";
import { startJobRunner } from "../src/jobs/jobRunner.js";
import {
  enqueueModelValidation,
  getModel,
  listModelRuns,
  listModels,
  recordValidationJob,
  trainModel,
  transportModel,
  VALIDATE_JOB_KIND,
  validateModel,
} from "../src/lab/models.js";
import { openTestStore, type TestStore, testClock } from "./stores.js";

/** The model registry on a demo store seeded once for the file (seeding takes a few seconds). */
let t: TestStore;
let operator: Actor;

const SPEC_JSON = {
  format: "carta.model-spec",
  version: 1,
  name: "cr90-infusion-gbm",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: { variables: ["ecog_ps", "ldh_u_per_l", "ctdna_log10_hge_per_ml"], derived: ["ipi"] },
  learner: { kind: "boosted-trees", grid: [{ rounds: 8, maxDepth: 2, learningRate: 0.3 }] },
  validation: { outerFolds: 3, innerFolds: 2, bootstrapReplicates: 3, locoMinEvents: 3, seed: 5 },
};
const spec: ModelSpec = readModelSpec(SPEC_JSON);

beforeAll(async () => {
  t = await openTestStore("sqlite");
  operator = await localOperator(t.store.db, "modeller", testClock());
  await seedDemo(t.store, operator, testClock, { seed: 7 });
});
afterAll(async () => {
  await t?.dispose();
});

describe("model specs and the clinical rules", () => {
  it("name the clinical layer's landmarks and binary endpoints", () => {
    expect([...MODEL_LANDMARKS]).toEqual([...PREDICTION_LANDMARKS]);
    expect(BINARY_MODEL_ENDPOINTS.map((e) => e.id)).toEqual(
      FEATURE_ENDPOINTS.filter((e) => e.kind === "binary").map((e) => e.id),
    );
  });
});

describe("the model registry", () => {
  it("trains versions that increment and keeps every one", async () => {
    const first = await trainModel(t.store, operator, testClock, spec);
    const second = await trainModel(t.store, operator, testClock, spec);
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.dataSnapshotHash).toBe(first.dataSnapshotHash);
    expect(second.specHash).toBe(first.specHash);
    expect(first.model.kind).toBe("boosted-trees");
    expect(first.model.encoding.names).toEqual([
      "ecog_ps",
      "ldh_u_per_l",
      "ctdna_log10_hge_per_ml",
      "ipi_points",
    ]);
    expect(first.metrics.n).toBeGreaterThan(20);
    expect(first.metrics.nEvents).toBeGreaterThan(0);
    expect(first.metrics.apparent.auc).toBeGreaterThan(0.5);
    expect(Object.keys(first.metrics.byCohort).sort()).toEqual(["2L", "3L+"]);
    const stored = await getModel(t.store, spec.name, 1);
    expect(stored?.model).toEqual(first.model);
    expect((await getModel(t.store, spec.name))?.version).toBe(2);
    expect((await listModels(t.store, spec.name)).map((m) => m.version)).toEqual([2, 1]);
  });

  it("refuses a spec that uses a variable recorded after its landmark, by name, and stores nothing", async () => {
    const leaky = readModelSpec({
      ...SPEC_JSON,
      name: "leaky",
      features: { variables: ["ldh_u_per_l", "crs_max_grade"] },
    });
    const err = await trainModel(t.store, operator, testClock, leaky).catch((e) => e);
    expect(err).toBeInstanceOf(FeatureSpecError);
    expect((err as FeatureSpecError).errors).toEqual([
      'crs_max_grade is recorded at outcome (Outcomes and events), after the landmark "infusion"',
    ]);
    expect(await listModels(t.store, "leaky")).toEqual([]);
  });

  it("refuses training by the anonymous demo visitor", async () => {
    await expect(trainModel(t.store, ANONYMOUS_DEMO_VISITOR, testClock, spec)).rejects.toThrow(/may write/);
  });

  it("stores a validation run: nested CV AUC in [0, 1], optimism, leave-one-centre-out groups", async () => {
    const messages: string[] = [];
    const run = await validateModel(t.store, operator, testClock, spec, (_f, m) => messages.push(m));
    expect(run.modelVersion).toBe(2);
    expect(run.kind).toBe("validate");
    expect(run.result.sameDataAsModel).toBe(true);
    const v = run.result.validation!;
    expect(v.nestedCv.performance.auc).toBeGreaterThanOrEqual(0);
    expect(v.nestedCv.performance.auc).toBeLessThanOrEqual(1);
    expect(v.nestedCv.chosen).toEqual([0, 0, 0]);
    expect(v.optimism.indexes.map((i) => i.index)).toEqual(["AUC", "Brier", "Intercept", "Slope"]);
    expect(v.loco!.groups.length).toBeGreaterThan(1);
    expect(v.loco!.groups.reduce((s, g) => s + g.n, 0) + (v.loco!.leftOut?.n ?? 0)).toBe(v.n);
    expect(v.transport).toBeNull();
    expect(messages[0]).toMatch(/^nested cross-validation/);
    expect(messages.at(-1)).toBe("done");
    const runs = await listModelRuns(t.store, spec.name, 2);
    expect(runs.map((r) => r.id)).toContain(run.id);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  it("the job path (worker thread) stores the same validation as the in-process path", async () => {
    const job = await enqueueModelValidation(t.store, operator, testClock, spec);
    const runner = startJobRunner(t.store, {
      handlers: { [VALIDATE_JOB_KIND]: new URL("../dist/lab/validateHandler.js", import.meta.url) },
      pollMs: 20,
    });
    try {
      const deadline = Date.now() + 8000;
      while ((await getJob(t.store, operator, job.id)).status !== "succeeded") {
        const status = (await getJob(t.store, operator, job.id)).status;
        if (status === "failed" || Date.now() > deadline)
          throw new Error(`job ${status}: ${(await getJob(t.store, operator, job.id)).error}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await runner.stop();
    }
    const fromJob = await recordValidationJob(t.store, operator, testClock, job.id);
    expect(fromJob.jobId).toBe(job.id);
    const inProcess = (await listModelRuns(t.store, spec.name, 2)).find((r) => r.jobId === null)!;
    expect(fromJob.result).toEqual(inProcess.result);
    await expect(recordValidationJob(t.store, operator, testClock, job.id)).rejects.toThrow(
      /already recorded/,
    );
  });

  it("stores a transport run with per-predictor effects in both cohorts and an honest headline", async () => {
    const run = await transportModel(t.store, operator, testClock, spec);
    const tr = run.result.transport!;
    expect(run.kind).toBe("transport");
    expect(tr.predictors.map((p) => p.name)).toEqual([
      "ecog_ps",
      "ldh_u_per_l",
      "ctdna_log10_hge_per_ml",
      "ipi_points",
    ]);
    for (const p of tr.predictors) {
      expect(p.interaction_p).toBeGreaterThanOrEqual(0);
      expect(p.interaction_p).toBeLessThanOrEqual(1);
      expect(p.effect_3l.lower).toBeLessThanOrEqual(p.effect_3l.estimate);
      expect(p.effect_2l.upper).toBeGreaterThanOrEqual(p.effect_2l.estimate);
    }
    expect(tr.shift.smd.map((s) => s.name)).toEqual(tr.predictors.map((p) => p.name));
    expect(tr.performance_2l.auc).toBeGreaterThanOrEqual(0);
    expect(tr.headline).toMatch(/interaction tests?/);
    const anySignificant = tr.predictors.some((p) => p.interaction_p < 0.05);
    expect(tr.headline.includes("None of the")).toBe(!anySignificant);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });
});
