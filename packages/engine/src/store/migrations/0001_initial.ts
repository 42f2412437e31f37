import { type Kysely, sql } from "kysely";
import type { Dialect } from "../dialect.js";
import { GENESIS_HASH } from "../hash.js";

/** Initial schema. Portable types only (text, integer, double precision) so SQLite and PostgreSQL agree. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before a typed schema exists
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("centers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("ldh_uln_u_per_l", "double precision")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("center_id", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("memberships_pk", ["user_id", "center_id", "role"])
    .execute();

  await db.schema
    .createTable("patients")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("center_id", "text", (c) => c.notNull().references("centers.id"))
    .addColumn("cohort", "text", (c) => c.notNull().check(sql`cohort in ('2L', '3L+')`))
    .addColumn("consent", "text", (c) => c.notNull().check(sql`consent in ('consented', 'withdrawn')`))
    .addColumn("synthetic", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("patients_center").on("patients").columns(["center_id", "cohort"]).execute();

  await db.schema
    .createTable("observations")
    .addColumn("id", dialect === "postgres" ? "serial" : "integer", (c) =>
      dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn("patient_id", "text", (c) => c.notNull().references("patients.id"))
    .addColumn("time_point", "text", (c) => c.notNull())
    .addColumn("variable", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("value", "text")
    .addColumn("value_number", "double precision")
    .addColumn("deleted", "integer", (c) => c.notNull())
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("observations_version")
    .on("observations")
    .columns(["patient_id", "variable", "time_point", "version"])
    .unique()
    .execute();
  await db.schema.createIndex("observations_audit").on("observations").column("audit_seq").execute();

  await db.schema
    .createTable("samples")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("patient_id", "text", (c) => c.notNull().references("patients.id"))
    .addColumn("sample_type", "text", (c) => c.notNull())
    .addColumn("time_point", "text", (c) => c.notNull())
    .addColumn("collected_at", "text")
    .addColumn("location", "text")
    .addColumn("parent_id", "text", (c) => c.references("samples.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("blobs")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("assay_files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sample_id", "text", (c) => c.notNull().references("samples.id"))
    .addColumn("blob_sha256", "text", (c) => c.notNull().references("blobs.sha256"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("assay_type", "text", (c) => c.notNull())
    .addColumn("parser_version", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("audit_seq", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("rows_hash", "text")
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_head")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();

  await db.insertInto("audit_head").values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();

  await db.schema
    .createTable("study_meta")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
