import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Actor,
  ANONYMOUS_DEMO_VISITOR,
  addAssayFile,
  addCenters,
  addSample,
  currentValues,
  exportObservationsCsv,
  exportPatientsCsv,
  ImportRejected,
  importObservationsCsv,
  listPatients,
  localOperator,
  observationKey,
  readBlob,
  verifyAudit,
} from "../src/index.js";
import { openTestStore, STORE_KINDS, type TestStore, testClock } from "./stores.js";

const HEADER =
  "patient_id,center,cohort,time_point,decision_date,apheresis_date,infusion_date,age_years,sex,ecog_ps,product";

function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join("\n")}\n`;
}

async function auditHead(t: TestStore) {
  return t.store.db.selectFrom("audit_head").selectAll().executeTakeFirstOrThrow();
}

async function tableCounts(t: TestStore) {
  const count = async (table: "patients" | "observations" | "audit_log") =>
    Number(
      (
        await t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    patients: await count("patients"),
    observations: await count("observations"),
    audit: await count("audit_log"),
  };
}

describe.each(STORE_KINDS)("store on %s", (kind) => {
  let t: TestStore;
  let operator: Actor;

  beforeEach(async () => {
    t = await openTestStore(kind);
    operator = await localOperator(t.store.db, "tester", testClock());
    await addCenters(t.store, operator, testClock, [
      { id: "C01", name: "Centre one", ldhUlnUPerL: 250 },
      { id: "C02", name: "Centre two", ldhUlnUPerL: 480 },
    ]);
  });
  afterEach(async () => t.dispose());

  const importText = (text: string, reason?: string) =>
    importObservationsCsv(t.store, operator, testClock, {
      fileName: "visit.csv",
      text,
      reason: reason ?? null,
    });

  it("imports a clean file, enrolling new patients, as one audit entry", async () => {
    const summary = await importText(
      csv(
        "P-001,C01,2L,decision,2025-01-10,,,64,F,1,",
        "P-001,,,apheresis,,2025-02-01,,,,1,axi_cel",
        "P-002,C02,3L+,decision,2024-05-02,,,55.5,M,0,",
      ),
    );
    expect(summary).toMatchObject({ rows: 3, values: 11, newVersions: 11, patientsEnrolled: 2 });
    const verification = await verifyAudit(t.store.db);
    expect(verification.ok).toBe(true);
    expect(verification.entries).toBe(2); // centres + import
    const values = await currentValues(t.store.db, ["P-001"]);
    expect(values.get(observationKey("P-001", "decision", "age_years"))?.value).toBe("64");
    expect(values.get(observationKey("P-001", "apheresis", "product"))?.value).toBe("axi_cel");
  });

  it("keeps every version: a changed value becomes version 2, an unchanged one writes nothing", async () => {
    await importText(csv("P-001,C01,2L,decision,2025-01-10,,,64,F,1,"));
    const again = await importText(csv("P-001,,,decision,2025-01-10,,,65,F,1,"), "age corrected from source");
    expect(again).toMatchObject({ newVersions: 1, unchanged: 3 });
    const rows = await t.store.db
      .selectFrom("observations")
      .select(["version", "value", "reason"])
      .where("patient_id", "=", "P-001")
      .where("variable", "=", "age_years")
      .orderBy("version")
      .execute();
    expect(rows).toEqual([
      { version: 1, value: "64", reason: "import visit.csv" },
      { version: 2, value: "65", reason: "age corrected from source" },
    ]);
    const noop = await importText(csv("P-001,,,decision,2025-01-10,,,65,F,1,"));
    expect(noop).toMatchObject({ newVersions: 0, auditSeq: null });
    expect((await verifyAudit(t.store.db)).entries).toBe(3);
  });

  it("refuses a bad file whole, listing every error with line, column and value, and changes nothing", async () => {
    await importText(
      csv("P-001,C01,2L,decision,2025-01-10,,,64,F,1,", "P-001,,,apheresis,,2025-02-01,,,,,axi_cel"),
    );
    const before = { head: await auditHead(t), counts: await tableCounts(t) };
    const bad = [
      "patient_id,center,cohort,time_point,age_years,ecog_ps,sex,infusion_date,apheresis_date,favourite_colour",
      "P-001,,,decision,200,1,F,,,",
      "P-001,,,decision,64,1,F,,,",
      "P-003,C01,2L,decision,sixty,1,X,,,",
      "P-004,C01,2L,d0,,,,2025-01-01,,",
      "P-001,,,apheresis,,,,,2025-01-01,",
      "P-005,C01,2L,decision,50,2.5",
    ].join("\n");
    let error: unknown;
    try {
      await importText(`${bad}\n`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportRejected);
    const issues = (error as ImportRejected).issues;
    const find = (column: string | null, line: number | null) =>
      issues.find((i) => i.column === column && i.line === line);
    expect(find("favourite_colour", 1)?.message).toMatch(/unknown column/);
    expect(issues.every((i) => i.file === "visit.csv")).toBe(true);
    // header problems stop before rows are read; fix the header and look at the rows
    expect(issues).toHaveLength(1);

    const rowsOnly = bad.replace(",favourite_colour", "").replace(/,$/gm, "");
    try {
      await importText(`${rowsOnly}\n`);
    } catch (e) {
      error = e;
    }
    const rowIssues = (error as ImportRejected).issues;
    const at = (column: string | null, line: number) =>
      rowIssues.find((i) => i.column === column && i.line === line);
    expect(at("age_years", 2)).toMatchObject({ value: "200", message: "outside 18–90 years" });
    expect(at("time_point", 3)?.message).toMatch(
      /duplicate row: patient P-001 at decision already on line 2/,
    );
    expect(at("age_years", 4)).toMatchObject({ value: "sixty", message: "expected a number" });
    expect(at("sex", 4)).toMatchObject({ value: "X" });
    expect(at("sex", 4)?.message).toMatch(/not one of the codes F, M/);
    expect(at("infusion_date", 5)).toBeUndefined(); // P-004 alone has no apheresis date to compare with
    expect(at("apheresis_date", 6)?.message).toMatch(
      /dates out of order for P-001: apheresis_date 2025-01-01 is before decision_date 2025-01-10/,
    );
    expect(at(null, 7)?.message).toMatch(/row has 6 fields, the header has 9/);
    expect(rowIssues.every((i) => i.byteOffset !== null)).toBe(true);
    expect({ head: await auditHead(t), counts: await tableCounts(t) }).toEqual(before);
  });

  it("refuses dates out of order against stored values (infusion before apheresis)", async () => {
    await importText(
      csv("P-001,C01,2L,decision,2025-01-10,,,64,F,1,", "P-001,,,apheresis,,2025-02-01,,,,,axi_cel"),
    );
    const before = await auditHead(t);
    await expect(importText(csv("P-001,,,d0,,,2025-01-20,,,,"))).rejects.toSatisfy((e: unknown) => {
      const issue = (e as ImportRejected).issues[0]!;
      return (
        issue.line === 2 &&
        issue.column === "infusion_date" &&
        issue.value === "2025-01-20" &&
        /infusion_date 2025-01-20 is before apheresis_date 2025-02-01/.test(issue.message)
      );
    });
    expect(await auditHead(t)).toEqual(before);
  });

  it("refuses a truncated file (an unclosed quote) and an unknown patient without centre", async () => {
    await expect(importText(`${HEADER}\nP-001,C01,2L,decision,"2025-01-10`)).rejects.toSatisfy((e: unknown) =>
      (e as ImportRejected).issues[0]!.message.includes("not closed"),
    );
    await expect(importText("patient_id,time_point,age_years\nP-404,decision,50\n")).rejects.toSatisfy(
      (e: unknown) => (e as ImportRejected).issues[0]!.message.includes("unknown patient"),
    );
    expect((await tableCounts(t)).patients).toBe(0);
  });

  it("scopes reads and writes to the caller's centres", async () => {
    await importText(
      csv("P-001,C01,2L,decision,2025-01-10,,,64,F,1,", "P-002,C02,3L+,decision,2024-05-02,,,55,M,0,"),
    );
    const manager: Actor = {
      userId: "u:giulia",
      username: "giulia",
      memberships: [{ centerId: "C01", role: "data_manager" }],
      syntheticOnly: false,
    };
    const list = await listPatients(t.store, manager);
    expect(list.patients.map((p) => p.id)).toEqual(["P-001"]);
    await expect(
      importObservationsCsv(t.store, manager, testClock, {
        fileName: "other.csv",
        text: "patient_id,time_point,age_years\nP-002,decision,56\n",
      }),
    ).rejects.toSatisfy((e: unknown) =>
      /may not write to centre C02/.test((e as ImportRejected).issues[0]!.message),
    );
    // The anonymous visitor sees synthetic patients only: none here.
    expect((await listPatients(t.store, ANONYMOUS_DEMO_VISITOR)).total).toBe(0);
  });

  it("exports patients and current observations deterministically, leaving withdrawn patients out", async () => {
    await importText(
      csv("P-002,C02,3L+,decision,2024-05-02,,,55,M,0,", "P-001,C01,2L,decision,2025-01-10,,,64,F,1,"),
    );
    const patients = await exportPatientsCsv(t.store, operator);
    expect(patients).toBe(
      "id,center,cohort,consent,synthetic\nP-001,C01,2L,consented,false\nP-002,C02,3L+,consented,false\n",
    );
    await t.store.db
      .updateTable("patients")
      .set({ consent: "withdrawn" })
      .where("id", "=", "P-002")
      .execute();
    const obs = await exportObservationsCsv(t.store, operator);
    expect(obs.withdrawnExcluded).toBe(1);
    const lines = obs.csv.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith("P-001,false,decision,2025-01-10,")).toBe(true);
    // the export is importable as it is: nothing changes
    const reimport = await importText(obs.csv);
    expect(reimport.newVersions).toBe(0);
  });

  it("detects an edited audit entry and an edited value, naming the first bad entry", async () => {
    await importText(csv("P-001,C01,2L,decision,2025-01-10,,,64,F,1,"));
    await importText(csv("P-001,,,decision,2025-01-10,,,65,F,1,"));
    expect((await verifyAudit(t.store.db)).ok).toBe(true);

    await t.store.db.updateTable("observations").set({ value: "70" }).where("value", "=", "65").execute();
    const afterValueEdit = await verifyAudit(t.store.db);
    expect(afterValueEdit.ok).toBe(false);
    expect(afterValueEdit.firstBad).toMatchObject({ seq: 3 });
    expect(afterValueEdit.firstBad!.problem).toMatch(/rows hash/);
    await t.store.db.updateTable("observations").set({ value: "65" }).where("value", "=", "70").execute();

    await sql`update audit_log set detail = ${'{"file":"forged.csv"}'} where seq = 2`.execute(t.store.db);
    const afterEntryEdit = await verifyAudit(t.store.db);
    expect(afterEntryEdit).toMatchObject({ ok: false, firstBad: { seq: 2 } });
    expect(afterEntryEdit.firstBad!.problem).toMatch(/altered/);
  });
});

describe.each(STORE_KINDS)("samples and content-addressed assay files on %s", (kind) => {
  let t: TestStore;
  let operator: Actor;
  beforeEach(async () => {
    t = await openTestStore(kind);
    operator = await localOperator(t.store.db, "tester", testClock());
    await addCenters(t.store, operator, testClock, [{ id: "C01", name: "Centre one" }]);
    await importObservationsCsv(t.store, operator, testClock, {
      fileName: "enrol.csv",
      text: "patient_id,center,cohort,time_point,age_years\nP-001,C01,2L,decision,60\n",
    });
  });
  afterEach(async () => t.dispose());

  it("stores the same bytes once, recognises the duplicate, and audits both uploads", async () => {
    await addSample(t.store, operator, testClock, {
      id: "S-1",
      patientId: "P-001",
      sampleType: "plasma",
      timePoint: "pre_ld",
    });
    const bytes = new TextEncoder().encode("##fileformat=VCFv4.2\n");
    const first = await addAssayFile(t.store, operator, testClock, {
      id: "F-1",
      sampleId: "S-1",
      fileName: "a.vcf",
      assayType: "ctdna_vcf",
      mediaType: "text/vcf",
      bytes,
    });
    const second = await addAssayFile(t.store, operator, testClock, {
      id: "F-2",
      sampleId: "S-1",
      fileName: "renamed.vcf",
      assayType: "ctdna_vcf",
      mediaType: "text/vcf",
      bytes,
    });
    expect(first).toMatchObject({ duplicateBytes: false, sizeBytes: bytes.length });
    expect(second).toMatchObject({ duplicateBytes: true, sha256: first.sha256 });
    expect(first.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(new TextDecoder().decode(readBlob(t.store, first.sha256))).toBe("##fileformat=VCFv4.2\n");
    const blobs = await t.store.db.selectFrom("blobs").selectAll().execute();
    expect(blobs).toHaveLength(1);
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    await expect(
      addAssayFile(t.store, operator, testClock, {
        id: "F-3",
        sampleId: "S-404",
        fileName: "x.fcs",
        assayType: "flow",
        mediaType: "application/vnd.isac.fcs",
        bytes,
      }),
    ).rejects.toThrow(/x.fcs: unknown sample S-404/);
  });
});
