import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Every prediction carta shows is kept with its explanation (issue 6 "explanations stored with every
 * prediction"): which model version, which patient, who asked, the what-if inputs, and the whole
 * document that was returned (probability, interval, conformal set, SHAP, modalities, reasons,
 * missing inputs, similar patients). A printed report can then be traced back to exactly what was
 * computed. Append-only: rows are never updated or deleted.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before a typed schema exists
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("predictions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("model_name", "text", (c) => c.notNull())
    .addColumn("model_version", "integer", (c) => c.notNull())
    .addColumn("patient_id", "text", (c) => c.notNull())
    .addColumn("what_if", "text")
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("result_sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addForeignKeyConstraint("predictions_model", ["model_name", "model_version"], "models", [
      "name",
      "version",
    ])
    .execute();
  await db.schema
    .createIndex("predictions_patient_idx")
    .on("predictions")
    .columns(["patient_id", "created_at"])
    .execute();
}
