import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store } from "../src/index.js";

/**
 * The databases every store test runs against: the embedded SQLite file always, PostgreSQL when
 * CARTA_TEST_DATABASE_URL points at a server where the role may create databases (.ci/run starts one).
 * Each opened store gets a new empty database and is dropped afterwards.
 */
export const POSTGRES_URL = process.env.CARTA_TEST_DATABASE_URL || null;

export interface TestStore {
  store: Store;
  dataDir: string;
  dispose(): Promise<void>;
}

export type StoreKind = "sqlite" | "postgres";

export const STORE_KINDS: StoreKind[] = POSTGRES_URL ? ["sqlite", "postgres"] : ["sqlite"];

let counter = 0;
let clockTick = 0;

/** A deterministic clock for tests: strictly increasing ISO timestamps. */
export function testClock(): string {
  clockTick++;
  return new Date(Date.UTC(2026, 0, 1) + clockTick * 1000).toISOString();
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), "carta-test-"));
  if (kind === "sqlite") {
    const store = await openStore({ dataDir, now: testClock });
    return {
      store,
      dataDir,
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dbName = `carta_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL! });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${dbName}`;
  const store = await openStore({ dataDir, databaseUrl: url.toString(), now: testClock });
  return {
    store,
    dataDir,
    dispose: async () => {
      await store.close();
      const a = new pg.Client({ connectionString: POSTGRES_URL! });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
