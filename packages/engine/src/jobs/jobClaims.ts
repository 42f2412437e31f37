import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { auditedWrite } from "../store/audit.js";
import { sha256Hex } from "../store/hash.js";
import type { Store } from "../store/openStore.js";
import { isoPlus, type JobsDatabase, jobsDb } from "./jobTable.js";

/**
 * The worker side of background jobs. A claim moves one queued job to running under a lease
 * (leased_until) and a fresh lease token; every later write for the job names that token, so a worker
 * whose job was cancelled, or requeued after its lease ran out, can no longer touch it. Completion and
 * failure are audited; progress reports are not, because they are not user data, only a display of how
 * far a computation has got, and are overwritten many times a minute.
 */

/** Audit actor of what the runner records: no user performs completions. */
export const JOB_RUNNER_ACTOR = "system:job-runner";

export interface JobClaim {
  id: string;
  kind: string;
  spec: unknown;
  attempt: number;
  leaseToken: string;
  leasedUntil: string;
}

export interface ClaimOptions {
  /** Job kinds this worker can run. */
  kinds: readonly string[];
  /** How long the lease lasts before it must be renewed (progress reports and renewLease renew it). */
  leaseMs: number;
}

class LeaseLost extends Error {}

/**
 * Claims the oldest queued job of the given kinds, or returns null. One UPDATE whose WHERE picks the
 * job and re-checks it is still queued, so two claimers never get the same job: SQLite runs the
 * statement under its write lock; on PostgreSQL the inner SELECT locks the row FOR UPDATE SKIP LOCKED,
 * so concurrent claimers pass over it to the next job instead of waiting.
 */
export async function claimNextJob(
  store: Store,
  now: () => string,
  options: ClaimOptions,
): Promise<JobClaim | null> {
  if (options.kinds.length === 0) return null;
  if (!(options.leaseMs > 0)) throw new RangeError("leaseMs must be positive");
  const db = jobsDb(store.db);
  const at = now();
  const leaseToken = randomUUID();
  const leasedUntil = isoPlus(at, options.leaseMs);
  const row = await db
    .updateTable("jobs")
    .set((eb) => ({
      status: "running",
      started_at: at,
      progress: 0,
      progress_message: null,
      attempt: eb("attempt", "+", 1),
      leased_until: leasedUntil,
      lease_token: leaseToken,
    }))
    .where((eb) => {
      let next = eb
        .selectFrom("jobs as j")
        .select("j.id")
        .where("j.status", "=", "queued")
        .where("j.kind", "in", [...options.kinds])
        .orderBy("j.created_at")
        .orderBy("j.id")
        .limit(1);
      if (store.dialect === "postgres") next = next.forUpdate().skipLocked();
      return eb.and([eb("id", "=", next), eb("status", "=", "queued")]);
    })
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    spec: JSON.parse(row.spec),
    attempt: Number(row.attempt),
    leaseToken,
    leasedUntil,
  };
}

function ownedBy(db: Kysely<JobsDatabase>, claim: JobClaim) {
  return db
    .updateTable("jobs")
    .where("id", "=", claim.id)
    .where("lease_token", "=", claim.leaseToken)
    .where("status", "=", "running");
}

/**
 * Records how far the job has got and renews its lease. Returns false when the job is no longer this
 * claim's (cancelled, or requeued after the lease ran out): the worker should stop.
 */
export async function reportProgress(
  store: Store,
  now: () => string,
  claim: JobClaim,
  progress: { fraction: number; message?: string | null; leaseMs: number },
): Promise<boolean> {
  const { fraction } = progress;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`progress must be within 0–1, got ${fraction}`);
  const result = await ownedBy(jobsDb(store.db), claim)
    .set({
      progress: fraction,
      progress_message: progress.message ?? null,
      leased_until: isoPlus(now(), progress.leaseMs),
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends the lease without new progress (a heartbeat); false when the job is no longer this claim's. */
export async function renewLease(
  store: Store,
  now: () => string,
  claim: JobClaim,
  leaseMs: number,
): Promise<boolean> {
  const result = await ownedBy(jobsDb(store.db), claim)
    .set({ leased_until: isoPlus(now(), leaseMs) })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function finish(
  store: Store,
  now: () => string,
  claim: JobClaim,
  outcome: { status: "succeeded"; result: string } | { status: "failed"; error: string },
): Promise<boolean> {
  try {
    await auditedWrite(
      store,
      now,
      {
        actor: JOB_RUNNER_ACTOR,
        action: outcome.status === "succeeded" ? "complete" : "fail",
        entity: "jobs",
        entityId: claim.id,
        detail: {
          kind: claim.kind,
          attempt: claim.attempt,
          ...(outcome.status === "succeeded" ? { resultSha256: sha256Hex(outcome.result) } : {}),
        },
      },
      async (trx, _seq, at) => {
        const result = await ownedBy(jobsDb(trx), claim)
          .set({
            status: outcome.status,
            finished_at: at,
            result: outcome.status === "succeeded" ? outcome.result : null,
            error: outcome.status === "failed" ? outcome.error : null,
            progress: outcome.status === "succeeded" ? 1 : undefined,
            leased_until: null,
            lease_token: null,
          })
          .executeTakeFirst();
        // Not ours any more: throwing rolls back the audit entry too.
        if (Number(result.numUpdatedRows) !== 1) throw new LeaseLost();
      },
    );
    return true;
  } catch (err) {
    if (err instanceof LeaseLost) return false;
    throw err;
  }
}

/** Records the job's result (JSON); false when the job is no longer this claim's. */
export async function completeJob(
  store: Store,
  now: () => string,
  claim: JobClaim,
  result: unknown,
): Promise<boolean> {
  return finish(store, now, claim, { status: "succeeded", result: JSON.stringify(result ?? null) });
}

/** Records why the job failed; false when the job is no longer this claim's. */
export async function failJob(
  store: Store,
  now: () => string,
  claim: JobClaim,
  error: string,
): Promise<boolean> {
  return finish(store, now, claim, { status: "failed", error });
}

/**
 * Gives a claimed job back to the queue unfinished (a runner shutting down cleanly). Not audited: the
 * job's outcome is still to come and will be.
 */
export async function releaseJob(store: Store, claim: JobClaim): Promise<boolean> {
  const result = await ownedBy(jobsDb(store.db), claim)
    .set({ status: "queued", leased_until: null, lease_token: null, started_at: null })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface RequeueOutcome {
  /** Jobs put back in the queue. */
  requeued: string[];
  /** Jobs that had used up their attempts and were marked failed instead. */
  failed: string[];
}

/**
 * Running jobs whose lease ran out (their worker died or hung) go back to the queue, or fail once
 * they have been claimed `maxAttempts` times, so a job that kills its worker cannot loop forever.
 * One audited write when anything changed.
 */
export async function requeueExpiredLeases(
  store: Store,
  now: () => string,
  options: { maxAttempts?: number } = {},
): Promise<RequeueOutcome> {
  const maxAttempts = options.maxAttempts ?? 3;
  const at = now();
  const expired = async (db: Kysely<JobsDatabase>, lock: boolean) => {
    let q = db
      .selectFrom("jobs")
      .select(["id", "attempt"])
      .where("status", "=", "running")
      .where("leased_until", "<", at)
      .orderBy("id");
    if (lock && store.dialect === "postgres") q = q.forUpdate().skipLocked();
    return q.execute();
  };
  if ((await expired(jobsDb(store.db), false)).length === 0) return { requeued: [], failed: [] };
  const outcome: RequeueOutcome = { requeued: [], failed: [] };
  // The ids are known only inside the transaction (another runner may requeue some first); the entry's
  // detail holds the arrays filled below, which auditedWrite serialises after the write has run.
  const detail = { requeued: outcome.requeued, failed: outcome.failed };
  try {
    await auditedWrite(
      store,
      now,
      { actor: JOB_RUNNER_ACTOR, action: "requeue", entity: "jobs", entityId: "*", detail },
      async (trx, _seq, finishedAt) => {
        const db = jobsDb(trx);
        const rows = await expired(db, true);
        if (rows.length === 0) throw new LeaseLost();
        for (const r of rows) {
          const failed = Number(r.attempt) >= maxAttempts;
          await db
            .updateTable("jobs")
            .set(
              failed
                ? {
                    status: "failed",
                    error: `the worker stopped renewing its lease on attempt ${r.attempt} of ${maxAttempts}`,
                    finished_at: finishedAt,
                    leased_until: null,
                    lease_token: null,
                  }
                : { status: "queued", leased_until: null, lease_token: null, started_at: null },
            )
            .where("id", "=", r.id)
            .where("status", "=", "running")
            .execute();
          (failed ? outcome.failed : outcome.requeued).push(r.id);
        }
      },
    );
  } catch (err) {
    if (err instanceof LeaseLost) return { requeued: [], failed: [] };
    throw err;
  }
  return outcome;
}
