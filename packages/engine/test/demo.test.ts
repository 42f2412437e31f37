import { afterAll, describe, expect, it } from "vitest";
import {
  exportObservationsCsv,
  exportPatientsCsv,
  localOperator,
  seedDemo,
  verifyAudit,
} from "../src/index.js";
import { openTestStore, type TestStore, testClock } from "./stores.js";

async function seeded(seed: number): Promise<{ t: TestStore; patients: string; observations: string }> {
  const t = await openTestStore("sqlite");
  const operator = await localOperator(t.store.db, "tester", testClock());
  await seedDemo(t.store, operator, testClock, { seed });
  return {
    t,
    patients: await exportPatientsCsv(t.store, operator),
    observations: (await exportObservationsCsv(t.store, operator)).csv,
  };
}

describe("demo study in the store", () => {
  const open: TestStore[] = [];
  afterAll(async () => {
    for (const t of open) await t.dispose();
  });

  it("same seed, same study byte for byte; another seed, another study; one verified audit entry", async () => {
    const a = await seeded(5);
    const b = await seeded(5);
    const c = await seeded(6);
    open.push(a.t, b.t, c.t);
    expect(a.patients).toBe(b.patients);
    expect(a.observations).toBe(b.observations);
    expect(c.observations).not.toBe(a.observations);
    const lines = a.patients.trim().split("\n").slice(1);
    expect(lines.length).toBeGreaterThan(900);
    expect(lines.every((l) => l.startsWith("SYN-") && l.endsWith(",true"))).toBe(true);
    const verification = await verifyAudit(a.t.store.db);
    expect(verification).toMatchObject({ ok: true, entries: 1 });
  });
});
