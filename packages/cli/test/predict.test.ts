import { modelFeatureTable, readModelSpec, trainModel } from "@carta/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerPredictCommand } from "../src/commands/predict.js";
import { type DemoStore, runCommand, seededDemoStore } from "./demoStore.js";

/** `carta predict` in-process against a demo store seeded once, with a small trained model. */
let demo: DemoStore;
let patientId: string;

const SPEC = readModelSpec({
  format: "carta.model-spec",
  version: 1,
  name: "cr90-predict",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: { variables: ["ldh_u_per_l", "ecog_ps", "ctdna_log10_hge_per_ml", "product"], derived: ["ipi"] },
  learner: { kind: "boosted-trees", grid: [{ rounds: 5, maxDepth: 2, learningRate: 0.3 }] },
  validation: { seed: 3 },
});

beforeAll(async () => {
  demo = await seededDemoStore("predict", "modeller", async (store, operator, clock) => {
    await trainModel(store, operator, clock, SPEC);
    patientId = (await modelFeatureTable(store, operator, SPEC)).rows[0]!.patientId;
  });
});
afterAll(() => demo.dispose());

const carta = (args: string[]) =>
  runCommand((program, io) => registerPredictCommand(program, { config: demo.config, io }), "predict", args);

describe("carta predict", () => {
  it("prints one JSON document with every output", async () => {
    const r = await carta(["--patient", patientId, "--model", "cr90-predict", "--bootstrap", "6", "--json"]);
    expect(r.error).toBeNull();
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining([
        "probability",
        "interval",
        "conformal_set",
        "shap",
        "modalities",
        "similar_patients",
        "missing_inputs",
      ]),
    );
    expect(doc.patient_id).toBe(patientId);
    expect(doc.model).toMatchObject({ name: "cr90-predict", version: 1, endpoint: "cr_day90" });
    expect(doc.probability).toBeGreaterThan(0);
    expect(doc.probability).toBeLessThan(1);
    expect(Object.keys(doc.interval)).toEqual(expect.arrayContaining(["lower", "upper", "level"]));
    expect(doc.interval.lower).toBeLessThanOrEqual(doc.interval.upper);
    expect(doc.interval.replicates).toBe(6);
    expect([[], [0], [1], [0, 1]]).toContainEqual(doc.conformal_set);
    expect(doc.shap.map((a: { feature: string }) => a.feature).sort()).toEqual([
      "ctdna_log10_hge_per_ml",
      "ecog_ps",
      "ipi_points",
      "ldh_u_per_l",
      "product",
    ]);
    for (const a of doc.shap)
      expect(Object.keys(a).sort()).toEqual([
        "feature",
        "label",
        "levels",
        "modality",
        "shap",
        "type",
        "unit",
        "value",
      ]);
    expect(doc.modalities.map((m: { modality: string }) => m.modality).sort()).toEqual(["clinical", "ctdna"]);
    expect(doc.similar_patients).toHaveLength(5);
    for (const s of doc.similar_patients) {
      expect(Object.keys(s).sort()).toEqual([
        "cohort",
        "distance",
        "features_compared",
        "outcome",
        "patient_id",
      ]);
    }
    expect(Array.isArray(doc.missing_inputs)).toBe(true);
  });

  it("prints the plain-text form with the event named", async () => {
    const r = await carta(["--patient", patientId, "--model", "cr90-predict", "--bootstrap", "4"]);
    expect(r.error).toBeNull();
    expect(r.out).toMatch(/^patient .*, model cr90-predict v1 \(boosted-trees\) at the infusion landmark\n/);
    expect(r.out).toMatch(/P\(complete metabolic response at day \+90\) = \d+\.\d %/);
    expect(r.out).toMatch(/90 % conformal set: \{/);
  });

  it("refuses an unknown patient and an unknown model version", async () => {
    const unknown = await carta(["--patient", "NO-SUCH", "--model", "cr90-predict", "--json"]);
    expect(unknown.error?.message).toMatch(/no patient "NO-SUCH"/);
    expect(unknown.out).toBe("");
    const version = await carta(["--patient", patientId, "--model", "cr90-predict", "--version", "7"]);
    expect(version.error?.message).toMatch(/has no version 7/);
  });
});
