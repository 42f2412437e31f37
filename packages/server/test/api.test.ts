import { addCenters, importObservationsCsv, localOperator, seedDemo } from "@carta/engine";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, type TestStore, testClock } from "../../engine/test/stores.js";
import { buildServer } from "../src/index.js";

describe("HTTP API over the demo study", () => {
  let t: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await openTestStore("sqlite");
    const operator = await localOperator(t.store.db, "tester", testClock());
    await seedDemo(t.store, operator, testClock, { seed: 7 });
    // One real (non-synthetic) patient: the anonymous API must never show it.
    await addCenters(t.store, operator, testClock, [{ id: "R01", name: "Real centre" }]);
    await importObservationsCsv(t.store, operator, testClock, {
      fileName: "real.csv",
      text: "patient_id,center,cohort,time_point,age_years\nREAL-0001,R01,2L,decision,70\n",
    });
    app = await buildServer({ store: t.store, webDir: "/nonexistent" });
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it("lists synthetic patients page by page, filtered by cohort and centre", async () => {
    const res = await app.inject("/api/patients?limit=10&offset=5&cohort=2L");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.patients).toHaveLength(10);
    expect(body.total).toBeGreaterThan(300);
    expect(body.total).toBeLessThan(380);
    for (const p of body.patients) {
      expect(p).toMatchObject({ cohort: "2L", synthetic: true });
      expect(Object.keys(p)).toEqual(expect.arrayContaining(["id", "center", "cohort", "synthetic"]));
    }
    const centre = body.patients[0].center;
    const byCentre = (await app.inject(`/api/patients?center=${centre}&limit=500`)).json();
    expect(byCentre.patients.every((p: { center: string }) => p.center === centre)).toBe(true);
    const all = (await app.inject("/api/patients?limit=500&offset=0")).json();
    const rest = (await app.inject("/api/patients?limit=500&offset=500")).json();
    const ids = [...all.patients, ...rest.patients].map((p: { id: string }) => p.id);
    expect(ids).toHaveLength(all.total);
    expect(ids).not.toContain("REAL-0001");
  });

  it("validates query parameters against the schema", async () => {
    expect((await app.inject("/api/patients?cohort=4L")).statusCode).toBe(400);
    expect((await app.inject("/api/patients?limit=0")).statusCode).toBe(400);
    expect((await app.inject("/api/patients?colour=blue")).statusCode).toBe(400);
  });

  it("summarises the cohorts", async () => {
    const body = (await app.inject("/api/cohort/summary")).json();
    expect(body.centers).toBe(25);
    expect(body.allSynthetic).toBe(true);
    expect(body.cohorts["2L"].patients + body.cohorts["3L+"].patients).toBe(body.syntheticPatients);
    expect(body.cohorts["3L+"].patients).toBeGreaterThan(550);
    const age = body.table1.find((r: { variable: string }) => r.variable === "age_years");
    expect(age.kind).toBe("continuous");
    expect(age.stats["2L"].median).toBeGreaterThan(55);
    expect(age.stats["2L"].q1).toBeLessThan(age.stats["2L"].median);
    const product = body.table1.find((r: { variable: string }) => r.variable === "product");
    const tisa = product.levels.find((l: { code: string }) => l.code === "tisa_cel");
    expect(tisa.counts["2L"].n).toBe(0); // tisa-cel is not approved in 2L
    expect(body.enrolment.length).toBeGreaterThan(12);
  });

  it("shows one patient with derived scores and their reasons, a timeline and labs", async () => {
    const list = (await app.inject("/api/patients?limit=1&cohort=3L%2B")).json();
    const id = list.patients[0].id;
    const res = await app.inject(`/api/patients/${id}`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ id, synthetic: true, cohort: "3L+" });
    const ipi = p.derived.find((d: { variable: string }) => d.variable === "ipi_points");
    expect(ipi.reason.length).toBeGreaterThan(10);
    const pfs = p.derived.find((d: { variable: string }) => d.variable === "pfs");
    expect(pfs.display).toMatch(/months, (event|censored)|not computable/);
    expect(pfs.reason).toMatch(/event|censored|missing|not computable/);
    expect(p.timeline.map((e: { event: string }) => e.event)).toContain("decision");
    expect(p.sections.map((s: { form: string }) => s.form)).toContain("baseline");
    expect(p.labs.length).toBeGreaterThan(3);
    expect((await app.inject("/api/patients/REAL-0001")).statusCode).toBe(404);
    expect((await app.inject("/api/patients/NOPE-404")).statusCode).toBe(404);
  });

  it("shows the CT-based response derived from the target lesions, with the SPD in its reason", async () => {
    const list = (await app.inject("/api/patients?limit=30")).json();
    let found: { value: unknown; reason: string } | undefined;
    for (const { id } of list.patients) {
      const p = (await app.inject(`/api/patients/${id}`)).json();
      found = p.derived.find((d: { variable: string }) => d.variable === "ct_response_d28");
      if (found) break;
    }
    expect(found).toBeDefined();
    expect(["CR", "PR", "SD", "PD"]).toContain(found!.value);
    expect(found!.reason).toMatch(/target lesions?, SPD [\d.]+ cm² at baseline/);
  });

  it("flags a grade the site entered that differs from the grade derived from the recorded signs", async () => {
    const list = (await app.inject("/api/patients?limit=40")).json();
    let target: { id: string; timePoint: string; value: number } | undefined;
    for (const { id } of list.patients) {
      const p = (await app.inject(`/api/patients/${id}`)).json();
      const crs = p.derived.find(
        (d: { variable: string; value: unknown }) => d.variable === "crs_grade" && d.value === 2,
      );
      if (crs) {
        expect(crs.entered).toEqual({ display: "2", agrees: true });
        target = { id, timePoint: crs.timePoint, value: crs.value };
        break;
      }
    }
    expect(target).toBeDefined();
    const operator = await localOperator(t.store.db, "tester", testClock());
    const patient = list.patients.find((p: { id: string }) => p.id === target!.id);
    await importObservationsCsv(t.store, operator, testClock, {
      fileName: "correction.csv",
      text: `patient_id,center,cohort,time_point,crs_grade\n${target!.id},${patient.center},${patient.cohort},${target!.timePoint},1\n`,
    });
    const after = (await app.inject(`/api/patients/${target!.id}`)).json();
    const crs = after.derived.find(
      (d: { variable: string; timePoint: string }) =>
        d.variable === "crs_grade" && d.timePoint === target!.timePoint,
    );
    expect(crs.value).toBe(2);
    expect(crs.entered).toEqual({ display: "1", agrees: false });
  });

  it("documents itself with OpenAPI", async () => {
    const spec = (await app.inject("/api/docs/json")).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/api/patients",
        "/api/patients/{id}",
        "/api/cohort/summary",
        "/api/dictionary",
      ]),
    );
    expect((await app.inject("/api/docs")).statusCode).toBeLessThan(400);
  });
});

describe("clinical calculators over HTTP", () => {
  let t: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await openTestStore("sqlite");
    app = await buildServer({ store: t.store, webDir: "/nonexistent" });
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it("lists every scale with its fields and citation", async () => {
    const body = (await app.inject("/api/scales")).json();
    expect(body.scales.map((s: { scale: string }) => s.scale)).toEqual([
      "crs",
      "icans",
      "icaht-early",
      "icaht-late",
      "lugano-pet",
      "lugano-ct",
      "lugano-lesion",
      "ipi",
      "aaipi",
      "hematotox",
      "easix",
      "m-easix",
    ]);
    const crs = body.scales[0];
    expect(crs.citation).toMatch(/Lee DW/);
    expect(crs.fields.map((f: { name: string }) => f.name)).toContain("temperature_max_c");
  });

  it("scores worked example B.1(2) and refuses a temperature of 80 °C naming the field", async () => {
    const ok = await app.inject({
      method: "POST",
      url: "/api/scales/crs",
      payload: {
        temperature_max_c: 39.5,
        hypotension_present: true,
        vasopressors_in_use: ["norepinephrine"],
        oxygen_delivery_device: "none",
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ crs_grade: 3 });
    expect(ok.json().reason).toMatch(/vasopressor/i);
    const bad = await app.inject({
      method: "POST",
      url: "/api/scales/crs",
      payload: { temperature_max_c: 80 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({ field: "temperature_max_c", rule: "physical_range" });
    expect((await app.inject({ method: "POST", url: "/api/scales/nope", payload: {} })).statusCode).toBe(400);
  });
});
