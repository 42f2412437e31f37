import { type Kysely, sql } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * Background jobs (DESIGN.md "Store": the model lab's long work). The queue lives in the store itself so
 * the embedded deployment needs no second server and the multi-centre one shares one PostgreSQL-backed
 * queue between API processes and workers. A running job holds a lease (leased_until, lease_token): a
 * worker that dies stops renewing it, and the job can be requeued; the token lets a late worker's
 * writes be refused once its job was taken away.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before a typed schema exists
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("spec", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
    )
    .addColumn("progress", "double precision", (c) => c.notNull().check(sql`progress >= 0 and progress <= 1`))
    .addColumn("progress_message", "text")
    .addColumn("result", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("leased_until", "text")
    .addColumn("lease_token", "text")
    .execute();
  await db.schema.createIndex("jobs_queue").on("jobs").columns(["status", "kind", "created_at"]).execute();
  await db.schema.createIndex("jobs_creator").on("jobs").columns(["created_by", "created_at"]).execute();
}
