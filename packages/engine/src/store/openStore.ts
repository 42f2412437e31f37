import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { type Insertable, Kysely, PostgresDialect, SqliteDialect } from "kysely";
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
  /**
   * Inserts many rows of one table inside the caller's transaction. On SQLite this reuses one prepared
   * statement on the embedded connection (the transaction holds that connection, so the rows land in
   * it) — several times faster than multi-row statements compiled per chunk; on PostgreSQL it sends
   * multi-row inserts through Kysely. `trx` must be the running transaction.
   */
  bulkInsert<T extends keyof Database & string>(
    trx: Kysely<Database>,
    table: T,
    rows: readonly Insertable<Database[T]>[],
  ): Promise<void>;
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
  let bulkInsert: Store["bulkInsert"];
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error(
        `CARTA_DATABASE_URL must start with postgres:// (got ${redactUrl(options.databaseUrl)})`,
      );
    }
    dialect = "postgres";
    location = redactUrl(options.databaseUrl);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8 });
    // An idle pooled connection that the server ends (restart, administrator termination) emits an
    // error on the pool; without a listener node-postgres rethrows it and the process dies. The pool
    // drops that client and the next query opens a fresh one, so there is nothing else to do.
    pool.on("error", () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    bulkInsert = async (trx, table, rows) => {
      // 65,535 bound parameters at most per statement
      const width = rows[0] ? Object.keys(rows[0]).length : 1;
      const chunk = Math.max(1, Math.floor(60_000 / width));
      for (let i = 0; i < rows.length; i += chunk) {
        // biome-ignore lint/suspicious/noExplicitAny: generic over the table
        await (trx as Kysely<any>)
          .insertInto(table)
          .values(rows.slice(i, i + chunk))
          .execute();
      }
    };
  } else {
    dialect = "sqlite";
    location = join(options.dataDir, SQLITE_FILE);
    const sqlite = new SqliteDatabase(location);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("busy_timeout = 5000");
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const statements = new Map<string, SqliteDatabase.Statement>();
    bulkInsert = async (_trx, table, rows) => {
      if (!sqlite.inTransaction) throw new Error("bulkInsert must run inside a transaction");
      const first = rows[0];
      if (!first) return;
      const columns = Object.keys(first);
      const key = `${table}(${columns.join(",")})`;
      let statement = statements.get(key);
      if (!statement) {
        statement = sqlite.prepare(
          `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")})`,
        );
        statements.set(key, statement);
      }
      const values = new Array<unknown>(columns.length);
      for (const row of rows) {
        const r = row as Record<string, unknown>;
        for (let j = 0; j < columns.length; j++) values[j] = r[columns[j]!];
        statement.run(values);
      }
    };
  }
  try {
    await migrateToLatest(db, dialect, now());
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect, blobDir, location, bulkInsert, close: () => db.destroy() };
}
