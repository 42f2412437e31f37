import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Dialect } from "./dialect.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";

// PostgreSQL returns int8 (count(*), sums) as text to avoid precision loss; carta's counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where raw files live, by sha256 (content-addressed). */
  blobDir: string;
  /** Human description of where the data is (file path or database URL without password). */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string | null;
  /** Clock for the migration record; the engine passes its clock so tests can pin it. */
  now?: () => string;
}

export const SQLITE_FILE = "carta.sqlite";

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable database URL)";
  }
}

/** Opens (and migrates) the store: PostgreSQL when a URL is given, else the embedded SQLite file. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date().toISOString());
  mkdirSync(options.dataDir, { recursive: true });
  const blobDir = join(options.dataDir, "blobs");
  let db: Kysely<Database>;
  let dialect: Dialect;
  let location: string;
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error(`CARTA_DATABASE_URL must start with postgres:// (got ${redactUrl(options.databaseUrl)})`);
    }
    dialect = "postgres";
    location = redactUrl(options.databaseUrl);
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 8 }) }),
    });
  } else {
    dialect = "sqlite";
    location = join(options.dataDir, SQLITE_FILE);
    const sqlite = new SqliteDatabase(location);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("busy_timeout = 5000");
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  try {
    await migrateToLatest(db, dialect, now());
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect, blobDir, location, close: () => db.destroy() };
}
