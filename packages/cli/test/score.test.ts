import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { SCORE_SCALE_IDS } from "@carta/clinical";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerScoreCommand, ScoreRefused } from "../src/commands/score.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `carta score …` in-process on a fresh program, mapping errors to exit codes as main.ts does:
 * a CommanderError to its usage code 2, any other error to 1.
 */
async function carta(args: string[], stdin = ""): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const program = new Command("carta")
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerScoreCommand(program, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: () => Readable.from([Buffer.from(stdin)]),
    readFile: (path) => readFile(path, "utf8"),
  });
  try {
    await program.parseAsync(["node", "carta", ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, stdout, stderr };
    expect(err).toBeInstanceOf(ScoreRefused);
    return { code: 1, stdout, stderr: `${stderr}carta: ${(err as Error).message}\n` };
  }
}

describe("carta score", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "carta-score-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: unknown): string {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  }

  it("scores a file and prints one JSON object", async () => {
    const input = file("crs.json", {
      temperature_max_c: 38.9,
      oxygen_delivery_device: "nasal_cannula",
      oxygen_flow_l_per_min: 3,
    });
    const r = await carta(["score", "crs", "--input", input, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ crs_grade: 2 });
    expect(Object.keys(out)).toEqual(["crs_grade", "reason"]);
    expect(r.stderr).toBe("");
  });

  it("reads standard input with --input -, reporting conversions", async () => {
    const r = await carta(
      ["score", "hematotox", "--input", "-", "--json"],
      JSON.stringify({
        platelets_per_uL: 140000,
        anc_per_uL: 800,
        hemoglobin_g_per_l: 102,
        crp_mg_per_l: 11,
        ferritin_ng_per_ml: 900,
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ car_hematotox_score: 3, risk_group: "high", points_crp: 0 });
    expect(out.conversions.map((c: { field: string }) => c.field)).toEqual([
      "platelets_per_uL",
      "anc_per_uL",
      "hemoglobin_g_per_l",
      "crp_mg_per_l",
    ]);
  });

  it("prints a readable result without --json", async () => {
    const r = await carta(
      ["score", "ipi", "--input", "-"],
      JSON.stringify({
        age_years: 75,
        ann_arbor_stage_1_to_4: 3,
        ldh_u_per_l: 200,
        ldh_uln_u_per_l: 250,
        ecog_performance_status_0_to_4: 2,
        extranodal_sites_count: 1,
      }),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ipi_points: 3");
    expect(r.stdout).toContain("ipi_risk_group: high_intermediate");
    expect(r.stdout).toMatch(/^reason: IPI 3/m);
  });

  it("prints a missing result as null with the reason naming the field", async () => {
    const r = await carta(
      ["score", "easix", "--input", "-", "--json"],
      JSON.stringify({ ldh_u_per_l: 200, platelets_10e9_per_l: 220 }),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.easix).toBeNull();
    expect(out.reason).toContain("creatinine_mg_per_dl");
  });

  it("prints every scale's schema, as JSON or text", async () => {
    for (const scale of SCORE_SCALE_IDS) {
      const r = await carta(["score", scale, "--schema", "--json"]);
      expect(r.code, `${scale}: ${r.stderr}`).toBe(0);
      const schema = JSON.parse(r.stdout);
      expect(schema.scale).toBe(scale);
      expect(schema.fields.length).toBeGreaterThan(0);
      expect(
        schema.fields.every(
          (f: { name: string; unit: unknown }) => typeof f.name === "string" && "unit" in f,
        ),
      ).toBe(true);
    }
    const text = await carta(["score", "crs", "--schema"]);
    expect(text.stdout).toContain("temperature_max_c: number 25–45 °C; required");
    expect(text.stdout).toContain("Lee DW");
  });

  it("refuses bad input on standard error naming the field and rule, exit code 1", async () => {
    const r = await carta(
      ["score", "crs", "--input", "-", "--json"],
      JSON.stringify({ temperature_max_c: 80, colour: "red" }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("temperature_max_c: 80 is outside the physical range 25–45 °C");
    expect(r.stderr).toContain("[physical_range]");
    expect(r.stderr).toContain("colour: is not a crs input [unknown_field]");
    expect(r.stderr).toContain("crs input refused (2 problems)");
    expect(JSON.parse(r.stdout)).toMatchObject({
      scale: "crs",
      refused: true,
      errors: [{ field: "temperature_max_c" }, { field: "colour" }],
    });
  });

  it("refuses contradictions, wrong units and negative counts", async () => {
    const unarousable = await carta(
      ["score", "icans", "--input", "-"],
      JSON.stringify({ patient_unarousable_unable_to_perform_ice: true, ice_naming_points_0_to_3: 2 }),
    );
    expect(unarousable.code).toBe(1);
    expect(unarousable.stderr).toMatch(/ice_naming_points_0_to_3: .*unarousable.* \[contradiction\]/);
    const unit = await carta(
      ["score", "hematotox", "--input", "-"],
      JSON.stringify({ platelets_10e9_per_l: 150000 }),
    );
    expect(unit.code).toBe(1);
    expect(unit.stderr).toContain("send it as platelets_per_uL");
    const negative = await carta(["score", "m-easix", "--input", "-"], JSON.stringify({ ldh_u_per_l: -3 }));
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain("ldh_u_per_l: a negative value is impossible [physical_range]");
  });

  it("refuses unreadable files and invalid JSON with exit code 1", async () => {
    const missing = await carta(["score", "crs", "--input", join(dir, "nope.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read (ENOENT)");
    const broken = await carta(["score", "crs", "--input", file("broken.json", "{ temperature_max_c: 39 ")]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("not valid JSON");
    const list = await carta(["score", "crs", "--input", "-"], "[1, 2]");
    expect(list.code).toBe(1);
    expect(list.stderr).toContain("(input): must be a JSON object");
  });

  it("usage errors exit with code 2", async () => {
    const unknown = await carta(["score", "sofa", "--schema"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Allowed choices are crs, icans");
    const neither = await carta(["score", "crs"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("give --input FILE.json");
    const both = await carta(["score", "crs", "--schema", "--input", "-"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("not both");
  });
});
