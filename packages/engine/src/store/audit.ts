import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { sha256Hex } from "./hash.js";
import type { Store } from "./openStore.js";
import type { Database } from "./schema.js";

/**
 * Append-only, hash-chained audit trail. Every write runs inside `auditedWrite`: one transaction that
 * takes the next sequence number, lets the caller write its rows stamped with that number, hashes
 * exactly those rows (so a bulk write — an import, the demo seeding — is one entry covering all its
 * rows) and appends an entry whose hash covers the previous entry's hash. `verifyAudit` recomputes
 * the whole chain and every entry's rows.
 */
export interface AuditMeta {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
}

/** Tables whose rows carry audit_seq, in the order their rows enter an entry's rows hash. */
const AUDITED_TABLES = [
  { table: "centers", order: "id", columns: ["id", "name", "ldh_uln_u_per_l", "created_at"] },
  {
    table: "patients",
    order: "id",
    columns: ["id", "center_id", "cohort", "consent", "synthetic", "created_at", "created_by"],
  },
  {
    table: "observations",
    order: "id",
    columns: [
      "patient_id",
      "time_point",
      "variable",
      "version",
      "value",
      "deleted",
      "recorded_at",
      "recorded_by",
      "reason",
    ],
  },
  {
    table: "samples",
    order: "id",
    columns: [
      "id",
      "patient_id",
      "sample_type",
      "time_point",
      "collected_at",
      "location",
      "parent_id",
      "status",
    ],
  },
  {
    table: "assay_files",
    order: "id",
    columns: ["id", "sample_id", "blob_sha256", "file_name", "assay_type", "parser_version", "created_by"],
  },
] as const;

function entryHash(e: {
  prev_hash: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  rows_hash: string | null;
}): string {
  return sha256Hex(
    [e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.detail, e.rows_hash ?? ""].join(
      "\n",
    ),
  );
}

/** sha256 over every row stamped with this audit sequence number, or null when there are none. */
export async function rowsHash(db: Kysely<Database>, seq: number): Promise<string | null> {
  const h = createHash("sha256");
  let count = 0;
  for (const t of AUDITED_TABLES) {
    // biome-ignore lint/suspicious/noExplicitAny: one generic query over several audited tables
    const rows = await (db as Kysely<any>)
      .selectFrom(t.table)
      .select([...t.columns])
      .where("audit_seq", "=", seq)
      .orderBy(t.order)
      .execute();
    for (const r of rows) {
      h.update(t.table);
      h.update(JSON.stringify(t.columns.map((c) => normalise(r[c]))));
      h.update("\n");
      count++;
    }
  }
  return count === 0 ? null : h.digest("hex");
}

/** PostgreSQL and SQLite return the same stored values with the same JS types, except numeric text. */
function normalise(v: unknown): unknown {
  return typeof v === "bigint" ? Number(v) : v;
}

export async function auditedWrite<T>(
  store: Store,
  now: () => string,
  meta: AuditMeta,
  write: (trx: Transaction<Database>, seq: number, at: string) => Promise<T>,
): Promise<T> {
  return store.db.transaction().execute(async (trx) => {
    let headQuery = trx.selectFrom("audit_head").selectAll().where("id", "=", 1);
    if (store.dialect === "postgres") headQuery = headQuery.forUpdate();
    const head = await headQuery.executeTakeFirstOrThrow();
    const seq = head.seq + 1;
    const at = now();
    const result = await write(trx, seq, at);
    const entry = {
      seq,
      at,
      actor: meta.actor,
      action: meta.action,
      entity: meta.entity,
      entity_id: meta.entityId,
      detail: JSON.stringify(meta.detail),
      rows_hash: await rowsHash(trx, seq),
      prev_hash: head.hash,
    };
    const hash = entryHash(entry);
    await trx
      .insertInto("audit_log")
      .values({ ...entry, hash })
      .execute();
    await trx.updateTable("audit_head").set({ seq, hash }).where("id", "=", 1).execute();
    return result;
  });
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  /** The first entry that does not verify, and why. */
  firstBad: { seq: number; problem: string } | null;
}

export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  const head = await db.selectFrom("audit_head").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  let prevHash = "0".repeat(64);
  let expectedSeq = 1;
  let entries = 0;
  const pageSize = 1000;
  const fail = (seq: number, problem: string): AuditVerification => ({
    ok: false,
    entries,
    headSeq: head.seq,
    headHash: head.hash,
    firstBad: { seq, problem },
  });
  for (let after = 0; ; ) {
    const page = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    for (const e of page) {
      if (e.seq !== expectedSeq)
        return fail(expectedSeq, `entry ${expectedSeq} is missing (next is ${e.seq})`);
      if (e.prev_hash !== prevHash) return fail(e.seq, "prev_hash does not match the previous entry's hash");
      if (entryHash(e) !== e.hash)
        return fail(e.seq, "entry was altered: its hash does not match its content");
      const actual = await rowsHash(db, e.seq);
      if (actual !== e.rows_hash) {
        return fail(e.seq, "rows written by this entry were altered, added or removed (rows hash mismatch)");
      }
      prevHash = e.hash;
      expectedSeq++;
      entries++;
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.seq;
  }
  if (head.seq !== entries || head.hash !== prevHash) {
    return fail(head.seq, `audit head (seq ${head.seq}) does not match the last entry (seq ${entries})`);
  }
  return { ok: true, entries, headSeq: head.seq, headHash: head.hash, firstBad: null };
}
