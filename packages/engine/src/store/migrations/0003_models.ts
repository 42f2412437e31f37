import { type Kysely, sql } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * The model registry (DESIGN.md "Store": models are versioned artefacts — spec, data snapshot hash,
 * metrics, serialized model). Append-only like observations: a new training of a name is a new
 * version, and a validation or transport analysis is a new row of model_runs; nothing is updated.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before a typed schema exists
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("models")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("spec", "text", (c) => c.notNull())
    .addColumn("spec_hash", "text", (c) => c.notNull())
    .addColumn("data_snapshot_hash", "text", (c) => c.notNull())
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("metrics", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('trained', 'retired')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("models_pk", ["name", "version"])
    .execute();
  await db.schema
    .createTable("model_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("model_name", "text", (c) => c.notNull())
    .addColumn("model_version", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('validate', 'transport')`))
    .addColumn("job_id", "text")
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .addForeignKeyConstraint("model_runs_model", ["model_name", "model_version"], "models", [
      "name",
      "version",
    ])
    .execute();
  await db.schema
    .createIndex("model_runs_model_idx")
    .on("model_runs")
    .columns(["model_name", "model_version", "created_at"])
    .execute();
}
