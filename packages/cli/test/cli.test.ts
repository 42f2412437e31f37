import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/carta.js");

function carta(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CARTA_DATA_DIR: dataDir, CARTA_USER: "cli-tester", CARTA_DATABASE_URL: "" },
    encoding: "utf8",
    input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("carta CLI", () => {
  let dir: string;
  let dataDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "carta-cli-"));
    dataDir = join(dir, "data");
    expect(carta(dataDir, ["init"]).code).toBe(0);
    const demo = carta(dataDir, ["demo", "--seed", "11", "--json"]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ seed: 11, centers: 25 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses to seed the demo twice", () => {
    const again = carta(dataDir, ["demo"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds \d+ patients/);
  });

  it("exports patients with the synthetic mark, and observations in the import format", () => {
    const patients = carta(dataDir, ["export", "patients", "--csv"]);
    expect(patients.code).toBe(0);
    const lines = patients.stdout.trim().split("\n");
    expect(lines[0]).toBe("id,center,cohort,consent,synthetic");
    expect(lines.slice(1).every((l) => l.endsWith(",true"))).toBe(true);
    const out = join(dir, "obs.csv");
    expect(carta(dataDir, ["export", "observations", "--csv", "--out", out]).code).toBe(0);
    const header = readFileSync(out, "utf8").split("\n", 1)[0]!;
    expect(header.startsWith("patient_id,synthetic,time_point,decision_date,")).toBe(true);
    // re-importing the export changes nothing
    const reimport = carta(dataDir, ["import", "observations", "--csv", out, "--json"]);
    expect(reimport.code, reimport.stderr).toBe(0);
    expect(JSON.parse(reimport.stdout)).toMatchObject({ newVersions: 0, auditSeq: null });
  });

  it("imports a clean file and refuses a bad one with every error, leaving the audit head unchanged", () => {
    const patientId = carta(dataDir, ["export", "patients"]).stdout.split("\n")[1]!.split(",")[0]!;
    const good = join(dir, "good.csv");
    writeFileSync(good, `patient_id,time_point,ice_score\n${patientId},d5,9\n`);
    const ok = carta(dataDir, ["import", "observations", "--csv", good, "--reason", "source document check"]);
    expect(ok.code, ok.stderr).toBe(0);
    const headBefore = carta(dataDir, ["audit", "verify", "--json"]);
    expect(JSON.parse(headBefore.stdout).ok).toBe(true);

    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      `patient_id,time_point,ecog_ps,creatinine_mg_dl\n${patientId},pre_ld,7,15\n${patientId},pre_ld,1,1\n`,
    );
    const refused = carta(dataDir, ["import", "observations", "--csv", bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}, line 2`);
    expect(refused.stderr).toMatch(/line 2, byte \d+, column ecog_ps: outside 0–4 \(value "7"\)/);
    expect(refused.stderr).toMatch(/column creatinine_mg_dl: outside 0\.3–10 mg\/dL \(value "15"\)/);
    expect(refused.stderr).toMatch(/line 3, byte \d+, column time_point: duplicate row/);
    expect(refused.stderr).toMatch(/nothing was stored/);
    const headAfter = carta(dataDir, ["audit", "verify", "--json"]);
    expect(JSON.parse(headAfter.stdout).headHash).toBe(JSON.parse(headBefore.stdout).headHash);
  });

  it("audit verify fails on an entry edited in the database file and names it", () => {
    const db = new Database(join(dataDir, "carta.sqlite"));
    db.prepare("update audit_log set actor = 'someone-else' where seq = 1").run();
    db.close();
    const r = carta(dataDir, ["audit", "verify"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audit chain broken at entry 1: entry was altered/);
  });

  it("exports a REDCap data dictionary and explains bad usage", () => {
    const r = carta(dataDir, ["dictionary", "export", "--format", "redcap"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n", 1)[0]).toMatch(
      /^Variable \/ Field Name,Form Name,Section Header,Field Type,/,
    );
    const bad = carta(dataDir, ["dictionary", "export", "--format", "xml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are redcap, redcap-mapping, json/);
  });
});
