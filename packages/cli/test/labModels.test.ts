import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore, verifyAudit } from "@carta/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerLabCommands } from "../src/commands/lab.js";
import { type DemoStore, runCommand, seededDemoStore } from "./demoStore.js";

/**
 * `carta lab train | validate | transport` run in-process against a store seeded once with the
 * synthetic demo study, with a small, fast model spec.
 */
let demo: DemoStore;
let specFile: string;

const SPEC = {
  format: "carta.model-spec",
  version: 1,
  name: "cr90-infusion",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: { variables: ["ldh_u_per_l", "ecog_ps"], derived: ["ipi"] },
  learner: { kind: "boosted-trees", grid: [{ rounds: 5, maxDepth: 2, learningRate: 0.3 }] },
  validation: {
    outerFolds: 3,
    innerFolds: 2,
    bootstrapReplicates: 2,
    locoMinEvents: 3,
    transport: { development: "3L+", target: "2L" },
    seed: 3,
  },
};

beforeAll(async () => {
  demo = await seededDemoStore("lab-models", "modeller");
  specFile = join(demo.dir, "spec.json");
  writeFileSync(specFile, JSON.stringify(SPEC));
});
afterAll(() => demo.dispose());

const carta = (args: string[]) =>
  runCommand((program, io) => registerLabCommands(program, { config: demo.config, io }), "lab", args);

describe("carta lab train / validate / transport", () => {
  it("validate refuses a spec never trained", async () => {
    const r = await carta(["validate", specFile, "--json"]);
    expect(r.error?.message).toMatch(/no version trained from this spec; train it first/);
    expect(r.out).toBe("");
  });

  it("train saves version 1, then 2, as JSON", async () => {
    const first = await carta(["train", specFile, "--json"]);
    expect(first.error).toBeNull();
    const model = JSON.parse(first.out);
    expect(model).toMatchObject({ name: "cr90-infusion", version: 1, status: "trained" });
    expect(model.metrics.endpoint).toBe("cr_day90");
    expect(model.metrics.event).toBe("complete metabolic response at day +90");
    expect(model.model.kind).toBe("boosted-trees");
    expect(model.dataSnapshotHash).toMatch(/^[0-9a-f]{64}$/);
    const second = JSON.parse((await carta(["train", specFile, "--json"])).out);
    expect(second.version).toBe(2);
  });

  it("validate stores a run and shows progress on stderr", async () => {
    const r = await carta(["validate", specFile, "--json"]);
    expect(r.error).toBeNull();
    const run = JSON.parse(r.out);
    expect(run).toMatchObject({ modelName: "cr90-infusion", modelVersion: 2, kind: "validate", jobId: null });
    const v = run.result.validation;
    expect(v.nestedCv.performance.auc).toBeGreaterThanOrEqual(0);
    expect(v.nestedCv.performance.auc).toBeLessThanOrEqual(1);
    expect(v.optimism.indexes).toHaveLength(4);
    expect(v.loco.groups.length).toBeGreaterThan(1);
    expect(v.transport.predictors.length).toBe(3);
    expect(r.err).toMatch(/carta lab validate: 0% nested cross-validation/);
    expect(r.err).toMatch(/carta lab validate: 100% done/);
  });

  it("transport prints effects per cohort, shift, 2L performance and a headline", async () => {
    const r = await carta(["transport", specFile, "--json"]);
    expect(r.error).toBeNull();
    const doc = JSON.parse(r.out);
    expect(doc.model).toEqual({ name: "cr90-infusion", version: 2 });
    expect(doc.predictors.map((p: { name: string }) => p.name)).toEqual([
      "ecog_ps",
      "ldh_u_per_l",
      "ipi_points",
    ]);
    for (const p of doc.predictors) {
      expect(Object.keys(p).sort()).toEqual(["effect_2l", "effect_3l", "interaction_p", "name", "scale"]);
      expect(Object.keys(p.effect_3l).sort()).toEqual(["estimate", "lower", "upper"]);
    }
    expect(doc.predictors.find((p: { name: string }) => p.name === "ldh_u_per_l").scale).toBe("per SD");
    expect(doc.shift.domain_auc).toBeGreaterThanOrEqual(0);
    expect(doc.shift.smd.map((s: { name: string }) => s.name)).toEqual([
      "ecog_ps",
      "ldh_u_per_l",
      "ipi_points",
    ]);
    expect(Object.keys(doc.performance_2l)).toEqual(
      expect.arrayContaining(["auc", "calibration_slope", "calibration_intercept"]),
    );
    expect(doc.headline).toMatch(/interaction tests/);
    const store = await openStore({ dataDir: demo.config.dataDir, now: demo.clock });
    try {
      expect((await verifyAudit(store.db)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("trains, validates and transports a Cox model of PFS, naming Harrell's C and the horizon", async () => {
    const coxFile = join(demo.dir, "pfs-cox.json");
    writeFileSync(
      coxFile,
      JSON.stringify({
        ...SPEC,
        name: "pfs-cox",
        endpoint: "pfs",
        horizonMonths: 12,
        learner: { kind: "elastic-net-cox", grid: [{ lambda: 0.02, alpha: 0.5 }] },
      }),
    );
    const trained = await carta(["train", coxFile]);
    expect(trained.error).toBeNull();
    expect(trained.out).toMatch(
      /pfs-cox v1: elastic-net-cox for pfs \(progression or death within 12 months of the landmark\) at infusion, \d+ rows, \d+ events; apparent Harrell's C 0\.\d+ \(0\.\d+–0\.\d+\), time-dependent AUC at 12 months/,
    );
    const validated = await carta(["validate", coxFile]);
    expect(validated.error).toBeNull();
    expect(validated.out).toMatch(
      /nested-CV Harrell's C 0\.\d+ .*optimism-corrected Harrell's C 0\.\d+; leave-one-centre-out pooled Harrell's C/,
    );
    const transported = JSON.parse((await carta(["transport", coxFile, "--json"])).out);
    expect(transported.performance_2l.c_index).toBeGreaterThan(0.4);
    expect(transported.headline).toMatch(/C-index/);
  });

  it("refuses a bad spec naming the field, and a post-landmark variable by name", async () => {
    const bad = join(demo.dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...SPEC, learner: { kind: "random-forest", grid: [] } }));
    const r = await carta(["train", bad]);
    expect(r.error).not.toBeNull();
    expect(r.err).toContain("learner.kind must be one of boosted-trees, elastic-net-logistic");
    const leaky = join(demo.dir, "leaky.json");
    writeFileSync(
      leaky,
      JSON.stringify({ ...SPEC, name: "leaky", features: { variables: ["response_d28"] } }),
    );
    const l = await carta(["train", leaky]);
    expect(l.err).toContain(
      'response_d28 is recorded at d28 (Day +28), known from the landmark "day28", after the landmark "infusion"',
    );
  });
});
