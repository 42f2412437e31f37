import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import * as initial from "./migrations/0001_initial.js";
import * as jobs from "./migrations/0002_jobs.js";
import * as models from "./migrations/0003_models.js";
import * as predictions from "./migrations/0004_predictions.js";

/**
 * Migrations, applied in order, each once, inside one transaction per migration. Kept in code (not
 * read from a folder at run time) so the compiled package carries them; `schema_migrations` records
 * what was applied.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before a typed schema exists
const MIGRATIONS: { id: string; up: (db: Kysely<any>, dialect: Dialect) => Promise<void> }[] = [
  { id: "0001_initial", up: initial.up },
  { id: "0002_jobs", up: jobs.up },
  { id: "0003_models", up: models.up },
  { id: "0004_predictions", up: predictions.up },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before a typed schema exists
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, now: string): Promise<string[]> {
  await db.schema
    .createTable("schema_migrations")
    .ifNotExists()
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("applied_at", "text", (c) => c.notNull())
    .execute();
  const untyped = db;
  const done = new Set(
    (await untyped.selectFrom("schema_migrations").select("id").execute()).map((r: { id: string }) => r.id),
  );
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    await untyped.transaction().execute(async (trx) => {
      await m.up(trx, dialect);
      await trx.insertInto("schema_migrations").values({ id: m.id, applied_at: now }).execute();
    });
    applied.push(m.id);
  }
  return applied;
}
