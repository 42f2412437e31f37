import {
  DemoModelTrainer,
  demoModelSpecs,
  localOperator,
  seedDemo,
  startJobRunner,
  trainModel,
  VALIDATE_HANDLER_URL,
  VALIDATE_JOB_KIND,
} from "@carta/engine";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, type TestStore, testClock } from "../../engine/test/stores.js";
import { buildServer } from "../src/index.js";

/**
 * The model lab over HTTP on the demo study: the demo models trained (small "quick" designs) and
 * validated by the background trainer through the job runner, exactly as a first `npm start` does.
 */
describe("model lab and decision support API", () => {
  let t: TestStore;
  let app: FastifyInstance;
  let trainer: DemoModelTrainer;
  let patient: string;
  let stopRunner: () => Promise<void>;

  beforeAll(async () => {
    t = await openTestStore("sqlite");
    const operator = await localOperator(t.store.db, "tester", testClock());
    await seedDemo(t.store, operator, testClock, { seed: 7 });
    const runner = startJobRunner(t.store, {
      handlers: { [VALIDATE_JOB_KIND]: VALIDATE_HANDLER_URL },
      pollMs: 50,
    });
    stopRunner = () => runner.stop();
    trainer = new DemoModelTrainer(t.store, operator, testClock, { quick: true, pollMs: 50 });
    app = await buildServer({ store: t.store, webDir: "/nonexistent", demoTraining: () => trainer.status() });
    expect(trainer.status().state).toBe("none");
    await trainer.start();
    const rows = await t.store.db
      .selectFrom("patients")
      .select("id")
      .where("cohort", "=", "2L")
      .orderBy("id")
      .execute();
    patient = rows[3]!.id;
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await stopRunner?.();
    await t?.dispose();
  });

  it("the background trainer trains and validates the four demo models as jobs", async () => {
    const status = trainer.status();
    expect(status.state).toBe("ready");
    expect(status.models.map((m) => [m.name, m.stage, m.progress])).toEqual([
      ["cr-day90", "ready", 1],
      ["pfs-12m", "ready", 1],
      ["crs-grade3", "ready", 1],
      ["icans-grade3", "ready", 1],
    ]);
    const body = (await app.inject("/api/lab/models")).json();
    expect(body.demoTraining.state).toBe("ready");
    expect(body.models.map((m: { name: string }) => m.name).sort()).toEqual([
      "cr-day90",
      "crs-grade3",
      "icans-grade3",
      "pfs-12m",
    ]);
    for (const m of body.models) {
      expect(m.validation.auc).toBeGreaterThan(0.5);
      expect(m.validation.aucLower).toBeLessThan(m.validation.auc);
      expect(m.transportRunId).toBe(m.validation.runId);
    }
  });

  it("a second start finds the models validated and does nothing again", async () => {
    const operator = await localOperator(t.store.db, "tester", testClock());
    const again = new DemoModelTrainer(t.store, operator, testClock, { quick: true, pollMs: 50 });
    await again.start();
    expect(
      again.status().models.every((m) => m.stage === "ready" && m.message === "trained and validated"),
    ).toBe(true);
    const versions = await t.store.db.selectFrom("models").select(["name", "version"]).execute();
    expect(versions).toHaveLength(4);
  });

  it("one model: spec, runs, newest validation and transport, global SHAP importance", async () => {
    const res = await app.inject("/api/lab/models/cr-day90");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.model.spec.endpoint).toBe("cr_day90");
    expect(body.versions).toEqual([{ version: 1, createdAt: expect.any(String) }]);
    expect(body.runs.map((r: { kind: string }) => r.kind)).toEqual(["validate"]);
    expect(body.runs[0].jobId).toEqual(expect.any(String));
    expect(body.validation.result.nestedCv.performance.auc).toBeGreaterThan(0.5);
    expect(body.transport.result.predictors.length).toBeGreaterThan(5);
    const importance = body.explanations.features.map((f: { meanAbsShap: number }) => f.meanAbsShap);
    expect(importance).toEqual([...importance].sort((a, b) => b - a));
    expect(body.explanations.features[0].points.length).toBeGreaterThan(100);
    // §D.6 item 3: the demo's centre-driven missingness must not dominate the explanation.
    const features = body.explanations.features as {
      meanAbsShap: number;
      missing: { rows: number; shareOfShap: number };
    }[];
    expect(features.some((f) => f.missing.rows > 0)).toBe(true);
    const total = features.reduce((s, f) => s + f.meanAbsShap, 0);
    const missing = features.reduce((s, f) => s + f.meanAbsShap * f.missing.shareOfShap, 0);
    expect(body.explanations.missingShare).toBeCloseTo(missing / total, 12);
    expect(body.explanations.missingShare).toBeLessThan(0.2);
    expect((await app.inject("/api/lab/models/no-such-model")).statusCode).toBe(404);
  });

  it("predicts for one patient with every output, logs it, and answers a what-if", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/lab/predict",
      payload: { patient, model: "cr-day90" },
    });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    for (const key of [
      "probability",
      "interval",
      "conformal_set",
      "shap",
      "modalities",
      "similar_patients",
      "missing_inputs",
      "reasons",
    ])
      expect(p).toHaveProperty(key);
    expect(p.model.validation.auc).toBeGreaterThan(0.5);
    expect(p.model.intended_use).toMatch(/Not for clinical use/);
    const logged = await t.store.db
      .selectFrom("predictions" as never)
      .selectAll()
      .where("id" as never, "=", p.prediction_id as never)
      .executeTakeFirstOrThrow();
    expect(JSON.parse((logged as { result: string }).result).probability).toBe(p.probability);

    const ldh = p.shap.find((a: { feature: string }) => a.feature === "ldh_u_per_l");
    const edited = (
      await app.inject({
        method: "POST",
        url: "/api/lab/predict",
        payload: { patient, model: "cr-day90", whatIf: { ldh_u_per_l: 4000 } },
      })
    ).json();
    expect(edited.what_if).toEqual([{ feature: "ldh_u_per_l", recorded: ldh.value, used: 4000 }]);
    expect(edited.shap.find((a: { feature: string }) => a.feature === "ldh_u_per_l").value).toBe(4000);
  });

  it("refuses bad what-if inputs, unknown models and unknown patients with the reason", async () => {
    const ask = (payload: object) => app.inject({ method: "POST", url: "/api/lab/predict", payload });
    const bad = await ask({ patient, model: "cr-day90", whatIf: { ldh_u_per_l: "very high" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/ldh_u_per_l: expected a number in U\/L/);
    expect((await ask({ patient, model: "cr-day90", whatIf: { crs_max_grade: 2 } })).json().message).toMatch(
      /has no input "crs_max_grade"/,
    );
    expect((await ask({ patient, model: "no-such-model" })).statusCode).toBe(404);
    expect((await ask({ patient: "SYN-C99-9999", model: "cr-day90" })).statusCode).toBe(404);
    expect((await ask({ patient, model: "cr-day90", extra: 1 })).statusCode).toBe(400);
  });

  it("the patient's predictions from every demo model", async () => {
    const body = (await app.inject(`/api/patients/${patient}/predictions`)).json();
    expect(body.predictions.map((p: { model: string }) => p.model)).toEqual([
      "cr-day90",
      "pfs-12m",
      "crs-grade3",
      "icans-grade3",
    ]);
    for (const p of body.predictions) expect(p.prediction.probability).toBeGreaterThan(0);
    expect((await app.inject("/api/patients/SYN-C99-9999/predictions")).statusCode).toBe(404);
  });

  it("trainModel of a demo spec is what the trainer stored (same spec hash)", async () => {
    const operator = await localOperator(t.store.db, "tester", testClock());
    const spec = demoModelSpecs({ quick: true })[0]!;
    const v2 = await trainModel(t.store, operator, testClock, spec);
    expect(v2.version).toBe(2);
    const rows = await t.store.db
      .selectFrom("models")
      .select(["spec_hash"])
      .where("name", "=", "cr-day90")
      .execute();
    expect(new Set(rows.map((r) => r.spec_hash)).size).toBe(1);
  });

  it("serves the TRIPOD+AI study report of a validation run as HTML and PDF", async () => {
    const models = (await app.inject("/api/lab/models")).json().models;
    const runId = models.find((m: { name: string }) => m.name === "crs-grade3").validation.runId;
    const html = await app.inject(`/api/lab/runs/${runId}/report.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toMatch(/text\/html/);
    expect(html.body).toMatch(/TRIPOD\+AI/);
    expect(html.body).toContain("<svg");
    const pdf = await app.inject(`/api/lab/runs/${runId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(
      (await app.inject("/api/lab/runs/00000000-0000-0000-0000-000000000000/report.html")).statusCode,
    ).toBe(404);
  });

  it("prints the one-page decision report, with what-if inputs, and logs its predictions", async () => {
    const before = await t.store.db
      .selectFrom("predictions" as never)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const whatIf = encodeURIComponent(JSON.stringify({ ldh_u_per_l: 700, bridging_response: "PMD" }));
    const res = await app.inject(`/api/patients/${patient}/decision-report.pdf?whatIf=${whatIf}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const bytes = res.rawPayload.toString("latin1");
    expect(bytes.startsWith("%PDF-")).toBe(true);
    expect(bytes.match(/\/Type \/Page\b/g)).toHaveLength(1);
    const after = await t.store.db
      .selectFrom("predictions" as never)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(4);
    expect((await app.inject(`/api/patients/${patient}/decision-report.pdf?whatIf=nope`)).statusCode).toBe(
      400,
    );
    expect((await app.inject("/api/patients/SYN-C99-9999/decision-report.pdf")).statusCode).toBe(404);
  });
});
