import { randomUUID } from "node:crypto";
import { AccessDenied, type Actor, ALL_CENTERS, canAdminister, canStartJobs } from "../store/actors.js";
import { auditedWrite } from "../store/audit.js";
import { sha256Hex } from "../store/hash.js";
import type { Store } from "../store/openStore.js";
import { JOB_STATUSES, type JobRecord, type JobStatus, jobsDb, toJobRecord } from "./jobTable.js";

/**
 * The user side of background jobs: enqueue, read, list, cancel. Creation and cancellation are audited
 * writes. The audit entry names the job, its kind and the sha256 of its spec, never the spec itself:
 * specs describe analyses (cohorts, landmarks, model settings) and must not carry patient identifiers,
 * and a hash still ties the entry to exactly what was asked.
 */

export const JOB_KIND_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

/**
 * A spec carries analysis settings and, for the lab's jobs, the learning arrays a worker computes on
 * (workers never touch the database): 16 MiB holds a study of tens of thousands of rows × a hundred
 * features; anything larger is a mistake.
 */
export const MAX_JOB_SPEC_BYTES = 16 * 1024 * 1024;

export class JobNotFound extends Error {
  constructor(id: string) {
    super(`no job "${id}"`);
    this.name = "JobNotFound";
  }
}

export interface JobRequest {
  kind: string;
  /** JSON-serialisable settings handed to the job's handler. */
  spec: unknown;
}

/** Enqueuing needs a role that may write somewhere (actors.ts WRITE roles). */
export function canEnqueueJobs(actor: Actor): boolean {
  return canStartJobs(actor);
}

/** A job is readable by whoever created it and by study-wide (all-centre) members. */
export function canReadJob(actor: Actor, job: { createdBy: string }): boolean {
  if (actor.syntheticOnly) return false;
  return job.createdBy === actor.userId || actor.memberships.some((m) => m.centerId === ALL_CENTERS);
}

function canCancelJob(actor: Actor, job: { createdBy: string }): boolean {
  return !actor.syntheticOnly && (job.createdBy === actor.userId || canAdminister(actor));
}

function specText(spec: unknown): string {
  const text = JSON.stringify(spec);
  if (text === undefined || typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new TypeError("a job spec must be a JSON object");
  }
  if (Buffer.byteLength(text) > MAX_JOB_SPEC_BYTES) {
    throw new RangeError(`a job spec must be at most ${MAX_JOB_SPEC_BYTES} bytes of JSON`);
  }
  return text;
}

export async function enqueueJob(
  store: Store,
  actor: Actor,
  now: () => string,
  request: JobRequest,
): Promise<JobRecord> {
  if (!canEnqueueJobs(actor))
    throw new AccessDenied("starting a background job needs a role that writes data or a statistician");
  if (!JOB_KIND_PATTERN.test(request.kind)) {
    throw new Error(`job kind "${request.kind}" must be dotted lower-case words, e.g. "lab.validate"`);
  }
  const spec = specText(request.spec);
  const id = randomUUID();
  return auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "create",
      entity: "jobs",
      entityId: id,
      detail: { kind: request.kind, specSha256: sha256Hex(spec) },
    },
    async (trx, _seq, at) => {
      const row = await jobsDb(trx)
        .insertInto("jobs")
        .values({
          id,
          kind: request.kind,
          spec,
          status: "queued",
          progress: 0,
          progress_message: null,
          result: null,
          error: null,
          created_at: at,
          created_by: actor.userId,
          started_at: null,
          finished_at: null,
          attempt: 0,
          leased_until: null,
          lease_token: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJobRecord(row);
    },
  );
}

export async function getJob(store: Store, actor: Actor, id: string): Promise<JobRecord> {
  const row = await jobsDb(store.db).selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  // An unreadable job is reported as missing, so ids cannot be probed.
  if (!row || !canReadJob(actor, { createdBy: row.created_by })) throw new JobNotFound(id);
  return toJobRecord(row);
}

export interface JobFilter {
  status?: JobStatus;
  kind?: string;
  /** Newest first; at most this many (default 200). */
  limit?: number;
}

export async function listJobs(store: Store, actor: Actor, filter: JobFilter = {}): Promise<JobRecord[]> {
  if (actor.syntheticOnly) return [];
  if (filter.status !== undefined && !JOB_STATUSES.includes(filter.status)) {
    throw new RangeError(`job status must be one of ${JOB_STATUSES.join(", ")}`);
  }
  let q = jobsDb(store.db).selectFrom("jobs").selectAll();
  if (!actor.memberships.some((m) => m.centerId === ALL_CENTERS))
    q = q.where("created_by", "=", actor.userId);
  if (filter.status !== undefined) q = q.where("status", "=", filter.status);
  if (filter.kind !== undefined) q = q.where("kind", "=", filter.kind);
  const rows = await q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map(toJobRecord);
}

/**
 * Cancels a queued or running job (its creator or a study coordinator). A running job's worker finds
 * the status changed at its next progress report or lease renewal and is stopped by its runner.
 */
export async function cancelJob(
  store: Store,
  actor: Actor,
  now: () => string,
  id: string,
): Promise<JobRecord> {
  const job = await getJob(store, actor, id);
  if (!canCancelJob(actor, job))
    throw new AccessDenied("only the job's creator or a coordinator may cancel it");
  if (job.status !== "queued" && job.status !== "running") {
    throw new Error(`job ${id} is already ${job.status}`);
  }
  return auditedWrite(
    store,
    now,
    { actor: actor.userId, action: "cancel", entity: "jobs", entityId: id, detail: { kind: job.kind } },
    async (trx, _seq, at) => {
      const row = await jobsDb(trx)
        .updateTable("jobs")
        .set({ status: "cancelled", finished_at: at, leased_until: null, lease_token: null })
        .where("id", "=", id)
        .where("status", "in", ["queued", "running"])
        .returningAll()
        .executeTakeFirst();
      // Finished between the read above and this write: roll the audit entry back with the error.
      if (!row) throw new Error(`job ${id} finished before it could be cancelled`);
      return toJobRecord(row);
    },
  );
}
