import { FeatureSpecError, type FeatureTable } from "@carta/clinical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  ANONYMOUS_DEMO_VISITOR,
  currentValuesInScope,
  importObservationsCsv,
  localOperator,
  seedDemo,
} from "../src/index.js";
import { featureTableFromStore } from "../src/lab/featureTable.js";
import { openTestStore, type TestStore, testClock } from "./stores.js";

/**
 * Feature tables from a seeded demo store (seeded once for the file: seeding takes a few seconds), plus
 * one real (non-synthetic) patient enrolled by import, and one planted day-7 value.
 */
const REAL_PATIENT = "REAL-0001";
const PLANTED_LDH = 9999;

let t: TestStore;
let operator: Actor;
let plantedPatient: string;

beforeAll(async () => {
  t = await openTestStore("sqlite");
  operator = await localOperator(t.store.db, "tester", testClock());
  await seedDemo(t.store, operator, testClock, { seed: 7 });
  const csv = [
    "patient_id,time_point,center,cohort,decision_date,apheresis_date,infusion_date,age_years,sex,ldh_u_per_l,last_contact_date,last_disease_assessment_date",
    `${REAL_PATIENT},decision,C01,2L,2025-01-06,,,58,F,,,`,
    `${REAL_PATIENT},apheresis,C01,2L,,2025-02-03,,,,,,`,
    `${REAL_PATIENT},d0,C01,2L,,,2025-03-10,,,310,,`,
    `${REAL_PATIENT},outcome,C01,2L,,,,,,,2025-12-01,2025-11-20`,
  ].join("\n");
  await importObservationsCsv(t.store, operator, testClock, { fileName: "real.csv", text: csv });
  // a day-7 LDH far above anything simulated, for an infused demo patient on study at day 7
  const infused = await currentValuesInScope(t.store.db, operator, {
    variables: ["ldh_u_per_l"],
    timePoints: ["d7"],
  });
  plantedPatient = [...infused.values()].find(
    (c) => c.value !== null && c.patientId.startsWith("SYN-"),
  )!.patientId;
  await importObservationsCsv(t.store, operator, testClock, {
    fileName: "planted.csv",
    text: `patient_id,time_point,ldh_u_per_l\n${plantedPatient},d7,${PLANTED_LDH}\n`,
  });
});
afterAll(async () => {
  await t?.dispose();
});

/** Infused, consenting patients the actor reads, counted apart from the feature builder. */
async function infusedPatients(actor: Actor): Promise<Set<string>> {
  const values = await currentValuesInScope(t.store.db, actor, { variables: ["infusion_date"] });
  const withdrawn = new Set(
    (await t.store.db.selectFrom("patients").select("id").where("consent", "=", "withdrawn").execute()).map(
      (p) => p.id,
    ),
  );
  return new Set(
    [...values.values()]
      .filter((c) => c.value !== null && !withdrawn.has(c.patientId))
      .map((c) => c.patientId),
  );
}

function column(table: FeatureTable, name: string): (number | string | null)[] {
  const j = table.columns.findIndex((c) => c.name === name);
  expect(j).toBeGreaterThanOrEqual(0);
  return table.rows.map((r) => r.values[j]!);
}

describe("feature tables from the store", () => {
  it("one row per readable infused patient, minus those whose event or censoring came before the landmark", async () => {
    const table = await featureTableFromStore(t.store, operator, {
      landmark: "day28",
      modalities: ["ctdna", "flow_blood"],
      derived: ["ipi", "hematotox"],
      endpoint: "pfs",
    });
    const infused = await infusedPatients(operator);
    const landmarkExclusions =
      table.counts.excluded.event_before_landmark + table.counts.excluded.censored_before_landmark;
    expect(landmarkExclusions).toBeGreaterThan(0);
    expect(table.rows.length).toBe(infused.size - landmarkExclusions);
    expect(table.rows.every((r) => infused.has(r.patientId))).toBe(true);
    expect(table.counts.rows + table.excluded.length).toBe(table.counts.patients);
    for (const e of table.excluded.filter((x) => x.rule === "event_before_landmark"))
      expect(e.reason).toMatch(/^excluded at landmark day 28: event: /);
    expect(table.rows.map((r) => r.patientId)).toEqual([...table.rows.map((r) => r.patientId)].sort());
    // every time counts from day 28 and no row has a negative one
    expect(
      table.rows.every((r) => r.outcome!.kind === "time_to_event" && (r.outcome.timeDays ?? 0) >= 0),
    ).toBe(true);

    // ctDNA and blood flow at day 28; the pre-CAR-T scores at pre-LD
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    expect(byName.get("ctdna_log10_hge_per_ml")).toMatchObject({
      timePoint: "d28",
      modality: "ctdna",
      type: "numeric",
    });
    expect(byName.get("car_t_per_ul")).toMatchObject({ timePoint: "d28", modality: "flow_blood" });
    expect(byName.get("hematotox_score")).toMatchObject({ timePoint: "pre_ld", modality: "clinical" });
    // missing values stay missing: the 3L+ registry rarely collects ctDNA (§D.4)
    const ctdna = column(table, "ctdna_log10_hge_per_ml");
    expect(byName.get("ctdna_log10_hge_per_ml")!.missing).toBe(ctdna.filter((v) => v === null).length);
    expect(ctdna.filter((v) => v === null).length).toBeGreaterThan(table.rows.length / 2);
    expect(ctdna.some((v) => typeof v === "number")).toBe(true);
  });

  it("refuses a spec with a variable from after the landmark, naming it, before reading anything", async () => {
    await expect(
      featureTableFromStore(t.store, operator, {
        landmark: "infusion",
        variables: ["ldh_u_per_l", "car_t_per_ul"],
        endpoint: "crs_grade3",
      }),
    ).rejects.toThrow(
      new FeatureSpecError([
        'car_t_per_ul is recorded at d7 (Day +7) at the earliest, known from the landmark "day7", after the landmark "infusion"',
      ]),
    );
  });

  it("reads a later visit only from its landmark on: a planted day-7 value is absent at infusion", async () => {
    const spec = { variables: ["ldh_u_per_l"] };
    const atInfusion = await featureTableFromStore(t.store, operator, { landmark: "infusion", ...spec });
    const atDay7 = await featureTableFromStore(t.store, operator, { landmark: "day7", ...spec });
    const row = (table: FeatureTable) => table.rows.find((r) => r.patientId === plantedPatient)!;
    expect(atInfusion.columns[0]).toMatchObject({ name: "ldh_u_per_l", timePoint: "d0" });
    expect(column(atInfusion, "ldh_u_per_l")).not.toContain(PLANTED_LDH);
    expect(row(atDay7).values).toEqual([PLANTED_LDH]);
    expect(row(atInfusion).values[0]).not.toBe(PLANTED_LDH);
  });

  it("the anonymous demo visitor gets synthetic patients only; filters narrow the population", async () => {
    const spec = { landmark: "lymphodepletion" as const, variables: ["age_years", "ldh_u_per_l"] };
    const asOperator = await featureTableFromStore(t.store, operator, spec);
    const asVisitor = await featureTableFromStore(t.store, ANONYMOUS_DEMO_VISITOR, spec);
    const real = asOperator.rows.find((r) => r.patientId === REAL_PATIENT);
    expect(real).toMatchObject({ cohort: "2L", center: "C01", values: [58, null] });
    expect(asVisitor.rows.some((r) => r.patientId === REAL_PATIENT)).toBe(false);
    expect(asVisitor.rows.every((r) => r.patientId.startsWith("SYN-"))).toBe(true);
    expect(asVisitor.rows.length).toBe(asOperator.rows.length - 1);

    const secondLine = await featureTableFromStore(t.store, operator, spec, { cohort: "2L", center: "C01" });
    expect(secondLine.rows.length).toBeGreaterThan(1);
    expect(secondLine.rows.every((r) => r.cohort === "2L" && r.center === "C01")).toBe(true);
    await expect(featureTableFromStore(t.store, operator, spec, { center: "C99" })).rejects.toThrow(
      'unknown centre "C99"',
    );
  });
});
