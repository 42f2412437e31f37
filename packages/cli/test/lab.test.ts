import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FeatureTable } from "@carta/clinical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerLabCommands } from "../src/commands/lab.js";
import { type DemoStore, runCommand, seededDemoStore } from "./demoStore.js";

/**
 * `carta lab features` run in-process against a store seeded once with the synthetic demo study
 * (seeding takes a few seconds; every command below reads the same store).
 */
let demo: DemoStore;
let dir: string;

beforeAll(async () => {
  demo = await seededDemoStore("lab", "lab-tester");
  dir = demo.dir;
});
afterAll(() => demo.dispose());

const carta = (args: string[]) =>
  runCommand((program, io) => registerLabCommands(program, { config: demo.config, io }), "lab", args);

describe("carta lab features", () => {
  it("prints the table as JSON: columns with their time points, 2L rows, the endpoint from the landmark", async () => {
    const r = await carta([
      "features",
      "--landmark",
      "lymphodepletion",
      "--variables",
      "ldh_u_per_l,ecog_ps,ctdna_log10_hge_per_ml@apheresis",
      "--derived",
      "ipi,hematotox",
      "--endpoint",
      "pfs_event_by_12m",
      "--cohort",
      "2L",
      "--json",
    ]);
    expect(r.error).toBeNull();
    const table = JSON.parse(r.out) as FeatureTable;
    expect(table).toMatchObject({ format: "carta.feature-table", version: 1, landmark: "lymphodepletion" });
    expect(table.columns.map((c) => [c.name, c.timePoint, c.modality])).toEqual([
      ["ecog_ps", "pre_ld", "clinical"],
      ["ldh_u_per_l", "pre_ld", "clinical"],
      ["ctdna_log10_hge_per_ml_at_apheresis", "apheresis", "ctdna"],
      ["ipi_points", "pre_ld", "clinical"],
      ["hematotox_score", "pre_ld", "clinical"],
    ]);
    expect(table.rows.length).toBeGreaterThan(100);
    expect(table.rows.every((row) => row.cohort === "2L")).toBe(true);
    expect(table.rows.every((row) => row.outcome?.kind === "binary")).toBe(true);
    expect(table.counts.excluded.censored_before_horizon).toBeGreaterThan(0);
    expect(table.counts.rows + table.excluded.length).toBe(table.counts.patients);
    expect(table.endpoint).toMatchObject({ id: "pfs_event_by_12m", landmarkDay: 0 });
    expect(r.err).toMatch(
      /^feature table at landmark "lymphodepletion" \(values up to pre_ld\): \d+ rows × 5 features; endpoint pfs_event_by_12m counted from day 0( \(\d+ not computable\))?; left out: .*\d+ censored before horizon\n$/,
    );
  });

  it("writes CSV to a file: missing values are empty cells, the endpoint in the last columns", async () => {
    const out = join(dir, "day7.csv");
    const r = await carta([
      "features",
      "--landmark",
      "day7",
      "--modalities",
      "flow_product",
      "--endpoint",
      "os",
      "--out",
      out,
    ]);
    expect(r.error).toBeNull();
    expect(r.out).toBe("");
    expect(r.err).toContain(`; written to ${out}`);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "patient_id,cohort,center,product_naive_like_cd8_pct,product_tscm_cd8_pct,product_tcm_cd8_pct," +
        "product_pd1_cd8_pct,product_cd4_cd8_ratio,product_viability_pct,os_time_months,os_status",
    );
    const json = JSON.parse(
      (
        await carta([
          "features",
          "--landmark",
          "day7",
          "--modalities",
          "flow_product",
          "--endpoint",
          "os",
          "--json",
        ])
      ).out,
    ) as FeatureTable;
    expect(lines.length - 1).toBe(json.rows.length);
    const first = lines[1]!.split(",");
    expect(first[0]).toBe(json.rows[0]!.patientId);
    expect(first.slice(3, 9)).toEqual(json.rows[0]!.values.map((v) => (v === null ? "" : String(v))));
    // the product phenotypes the generator does not produce (Tscm, PD-1) stay empty, never 0
    expect(lines.slice(1).every((l) => l.split(",")[4] === "")).toBe(true);
  });

  it("reads a spec file, and refuses a command-line landmark that contradicts it", async () => {
    const specFile = join(dir, "spec.json");
    writeFileSync(
      specFile,
      JSON.stringify({
        format: "carta.feature-spec",
        version: 1,
        landmark: "infusion",
        modalities: ["ctdna"],
        derived: ["m_easix"],
        endpoint: "crs_grade3",
      }),
    );
    const r = await carta(["features", "--spec", specFile, "--cohort", "3L+", "--json"]);
    expect(r.error).toBeNull();
    const table = JSON.parse(r.out) as FeatureTable;
    expect(table.spec).toEqual({
      landmark: "infusion",
      modalities: ["ctdna"],
      derived: ["m_easix"],
      endpoint: "crs_grade3",
    });
    expect(table.columns.at(-1)).toMatchObject({ name: "m_easix", timePoint: "pre_ld" });
    expect(table.rows.every((row) => row.cohort === "3L+")).toBe(true);

    const contradicted = await carta(["features", "--spec", specFile, "--landmark", "day7"]);
    expect(contradicted.error).toMatchObject({ exitCode: 2 });
    expect(contradicted.err).toBe(
      `carta lab features: --landmark day7 contradicts landmark "infusion" in ${specFile}\n`,
    );
  });

  it("refuses a variable from after the landmark by name and writes nothing", async () => {
    const out = join(dir, "leak.csv");
    const r = await carta([
      "features",
      "--landmark",
      "infusion",
      "--variables",
      "ldh_u_per_l,response_d28",
      "--endpoint",
      "cr_day90",
      "--out",
      out,
    ]);
    expect(r.error?.message).toBe(
      'feature spec refused: response_d28 is recorded at d28 (Day +28), known from the landmark "day28", after the landmark "infusion"',
    );
    expect(r.err).toBe(
      'carta lab features: response_d28 is recorded at d28 (Day +28), known from the landmark "day28", after the landmark "infusion"\n',
    );
    expect(existsSync(out)).toBe(false);
    const unknown = await carta(["features", "--landmark", "followup"]);
    expect(unknown.error).toMatchObject({ exitCode: 1 });
    expect(unknown.err).toMatch(
      /argument 'followup' is invalid\. Allowed choices are decision, lymphodepletion, infusion, day7, day28/,
    );
  });
});
