import { auc, bootstrapResampler, quantileSorted } from "@carta/stats";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AccessDenied,
  type Actor,
  ANONYMOUS_DEMO_VISITOR,
  localOperator,
  openStore,
  type Store,
  verifyAudit,
} from "../src/index.js";
import {
  claimNextJob,
  completeJob,
  type JobClaim,
  reportProgress,
  requeueExpiredLeases,
} from "../src/jobs/jobClaims.js";
import { cancelJob, enqueueJob, getJob, JobNotFound, listJobs } from "../src/jobs/jobQueue.js";
import { type JobRunner, startJobRunner } from "../src/jobs/jobRunner.js";
import type { JobRecord } from "../src/jobs/jobTable.js";
import { openTestStore, STORE_KINDS, type TestStore, testClock } from "./stores.js";

const HANDLER = new URL("./handlers/bootstrapAuc.mjs", import.meta.url);
const KIND = "lab.bootstrap-auc";
const systemClock = () => new Date().toISOString();

/** A small deterministic validation set: 200 patients, 40% events, scores that separate them. */
function validationSet(n = 200) {
  const outcome: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 5 < 2 ? 1 : 0;
    outcome.push(y);
    predicted.push(((i * 37) % 101) / 101 + 0.35 * y);
  }
  return { predicted, outcome };
}

function bootstrapSpec(replicates: number, progressEvery: number) {
  return { ...validationSet(), replicates, seed: 20260101, progressEvery };
}

/** What the handler must return, computed here in the test's own thread. */
function expectedBootstrap(spec: ReturnType<typeof bootstrapSpec>) {
  const n = spec.predicted.length;
  const resample = bootstrapResampler({ n, seed: spec.seed, strata: spec.outcome });
  const aucs = new Float64Array(spec.replicates);
  for (let b = 0; b < spec.replicates; b++) {
    const rows = resample(b);
    aucs[b] = auc({
      predicted: Array.from(rows, (r) => spec.predicted[r]!),
      outcome: Array.from(rows, (r) => spec.outcome[r]!),
    }).auc;
  }
  const sorted = Float64Array.from(aucs).sort();
  return {
    auc: auc(spec).auc,
    lower: quantileSorted(sorted, 0.025),
    upper: quantileSorted(sorted, 0.975),
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 8000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(STORE_KINDS)("background jobs on %s", (kind) => {
  let t: TestStore;
  let operator: Actor;
  let runner: JobRunner | null = null;
  const extraStores: Store[] = [];

  beforeEach(async () => {
    t = await openTestStore(kind);
    operator = await localOperator(t.store.db, "tester", testClock());
  });
  afterEach(async () => {
    await runner?.stop();
    runner = null;
    for (const s of extraStores.splice(0)) await s.close();
    await t.dispose();
  });

  const run = (options: { concurrency?: number; leaseMs?: number } = {}) => {
    runner = startJobRunner(t.store, {
      handlers: { [KIND]: HANDLER },
      pollMs: 10,
      onError: (err) => {
        throw err;
      },
      ...options,
    });
    return runner;
  };

  const finished = (id: string) =>
    waitFor(`job ${id} to finish`, async () => {
      const job = await getJob(t.store, operator, id);
      return job.status !== "queued" && job.status !== "running" ? job : null;
    });

  it("runs a job in a worker thread, records its progress, and stores its result", async () => {
    const spec = bootstrapSpec(3000, 100);
    const queued = await enqueueJob(t.store, operator, testClock, { kind: KIND, spec });
    expect(queued).toMatchObject({ status: "queued", progress: 0, attempt: 0, createdBy: operator.userId });
    run();
    const seen: JobRecord[] = [];
    const done = await waitFor("the job to succeed", async () => {
      const job = await getJob(t.store, operator, queued.id);
      if (job.status === "running" && job.progress > 0 && job.progress < 1) seen.push(job);
      return job.status === "succeeded" ? job : null;
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.progressMessage).toMatch(/^\d+ of 3000 replicates$/);
    expect(done).toMatchObject({ progress: 1, progressMessage: "3000 of 3000 replicates", error: null });
    expect(done.attempt).toBe(1);
    expect(done.startedAt! <= done.finishedAt!).toBe(true);
    const result = done.result as { auc: number; lower: number; upper: number; replicates: number };
    const expected = expectedBootstrap(spec);
    expect(result.replicates).toBe(3000);
    expect(result.auc).toBeCloseTo(expected.auc, 12);
    expect(result.lower).toBeCloseTo(expected.lower, 12);
    expect(result.upper).toBeCloseTo(expected.upper, 12);
    expect(result.lower).toBeLessThan(result.auc);
    expect(result.upper).toBeGreaterThan(result.auc);

    const audit = await t.store.db
      .selectFrom("audit_log")
      .select(["action", "actor", "detail"])
      .where("entity", "=", "jobs")
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "complete"]);
    expect(audit[0]!.actor).toBe(operator.userId);
    // The spec (here model scores; in general analysis settings) stays out of the audit trail.
    expect(audit[0]!.detail).not.toContain("predicted");
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
  });

  it("marks a job failed with the handler's error message", async () => {
    const spec = { ...bootstrapSpec(10, 5), outcome: [1, 0, 1] };
    const queued = await enqueueJob(t.store, operator, testClock, { kind: KIND, spec });
    run();
    const done = await finished(queued.id);
    expect(done.status).toBe("failed");
    expect(done.error).toBe("bootstrap: n is 200 but strata has 3 values");
    expect(done.result).toBeNull();
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
  });

  it("cancels a running job by terminating its worker, then runs the next one", async () => {
    const long = await enqueueJob(t.store, operator, testClock, {
      kind: KIND,
      spec: bootstrapSpec(10_000_000, 50),
    });
    const next = await enqueueJob(t.store, operator, testClock, { kind: KIND, spec: bootstrapSpec(20, 10) });
    const r = run({ concurrency: 1 });
    await waitFor("the long job to report progress", async () => {
      const job = await getJob(t.store, operator, long.id);
      return job.status === "running" && job.progress > 0;
    });
    const cancelled = await cancelJob(t.store, operator, testClock, long.id);
    expect(cancelled.status).toBe("cancelled");
    expect((await finished(next.id)).status).toBe("succeeded");
    expect(r.activeJobs()).not.toContain(long.id);
    const after = await getJob(t.store, operator, long.id);
    expect(after).toMatchObject({ status: "cancelled", result: null, error: null });
    await expect(cancelJob(t.store, operator, testClock, long.id)).rejects.toThrow(/already cancelled/);
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
  });

  it("gives unfinished jobs back to the queue when the runner stops", async () => {
    const long = await enqueueJob(t.store, operator, testClock, {
      kind: KIND,
      spec: bootstrapSpec(10_000_000, 50),
    });
    const r = run();
    await waitFor(
      "the job to report progress",
      async () => (await getJob(t.store, operator, long.id)).progress > 0,
    );
    await r.stop();
    runner = null;
    expect(r.activeJobs()).toEqual([]);
    expect(await getJob(t.store, operator, long.id)).toMatchObject({
      status: "queued",
      attempt: 1,
      startedAt: null,
    });
  });

  it("fails a job whose handler module cannot be loaded", async () => {
    const queued = await enqueueJob(t.store, operator, testClock, { kind: "lab.missing", spec: {} });
    runner = startJobRunner(t.store, {
      handlers: { "lab.missing": new URL("./handlers/noSuchHandler.mjs", import.meta.url) },
      pollMs: 10,
    });
    const done = await finished(queued.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/noSuchHandler\.mjs/);
  });

  it("requeues a job whose worker stopped renewing its lease, and refuses the dead worker's late writes", async () => {
    const spec = bootstrapSpec(20, 10);
    const queued = await enqueueJob(t.store, operator, testClock, { kind: KIND, spec });
    const dead = (await claimNextJob(t.store, testClock, { kinds: [KIND], leaseMs: 60_000 }))!;
    expect(dead).toMatchObject({ id: queued.id, attempt: 1 });
    // Within the lease nothing happens.
    expect(await requeueExpiredLeases(t.store, () => dead.leasedUntil)).toEqual({
      requeued: [],
      failed: [],
    });
    const later = () => new Date(Date.parse(dead.leasedUntil) + 1000).toISOString();
    expect(await requeueExpiredLeases(t.store, later)).toEqual({ requeued: [queued.id], failed: [] });
    expect((await getJob(t.store, operator, queued.id)).status).toBe("queued");
    expect(await reportProgress(t.store, later, dead, { fraction: 0.5, leaseMs: 1000 })).toBe(false);
    expect(await completeJob(t.store, later, dead, { auc: 0 })).toBe(false);

    // A live runner picks it up again as the second attempt.
    run();
    const done = await finished(queued.id);
    expect(done).toMatchObject({ status: "succeeded", attempt: 2 });
    const requeueEntry = await t.store.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "requeue")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(requeueEntry.detail)).toEqual({ requeued: [queued.id], failed: [] });
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
  });

  it("fails a job instead of requeuing it once it has used up its attempts", async () => {
    const queued = await enqueueJob(t.store, operator, testClock, { kind: KIND, spec: bootstrapSpec(5, 5) });
    let claim: JobClaim | null = null;
    for (let attempt = 1; attempt <= 2; attempt++) {
      claim = await claimNextJob(t.store, testClock, { kinds: [KIND], leaseMs: 1 });
      expect(claim?.attempt).toBe(attempt);
      const outcome = await requeueExpiredLeases(t.store, testClock, { maxAttempts: 2 });
      expect(outcome).toEqual(
        attempt === 1 ? { requeued: [queued.id], failed: [] } : { requeued: [], failed: [queued.id] },
      );
    }
    const job = await getJob(t.store, operator, queued.id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/stopped renewing its lease on attempt 2 of 2/);
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
  });

  it("never gives one job to two claimers", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) {
      ids.add((await enqueueJob(t.store, operator, testClock, { kind: KIND, spec: { i } })).id);
    }
    // SQLite: a second connection to the same file; PostgreSQL: the pool's parallel connections.
    const other = kind === "sqlite" ? await openStore({ dataDir: t.dataDir, now: testClock }) : t.store;
    if (other !== t.store) extraStores.push(other);
    const claims = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        claimNextJob(i % 2 === 0 ? t.store : other, systemClock, { kinds: [KIND], leaseMs: 60_000 }),
      ),
    );
    const got = claims.filter((c): c is JobClaim => c !== null).map((c) => c.id);
    expect(got).toHaveLength(12);
    expect(new Set(got)).toEqual(ids);
    expect(await claimNextJob(t.store, systemClock, { kinds: [KIND], leaseMs: 60_000 })).toBeNull();
    expect(await listJobs(t.store, operator, { status: "running" })).toHaveLength(12);
    expect(await listJobs(t.store, operator, { status: "queued" })).toHaveLength(0);
  });

  it("lets writing roles and statisticians enqueue, and only the creator and study-wide members read", async () => {
    const manager: Actor = {
      userId: "u:dm-c01",
      username: "dm-c01",
      memberships: [{ centerId: "C01", role: "data_manager" }],
      syntheticOnly: false,
    };
    const physician: Actor = {
      ...manager,
      userId: "u:md",
      memberships: [{ centerId: "C01", role: "physician" }],
    };
    const statistician: Actor = {
      ...manager,
      userId: "u:stat",
      memberships: [{ centerId: "*", role: "statistician" }],
    };
    const request = { kind: KIND, spec: bootstrapSpec(5, 5) };
    const analysis = await enqueueJob(t.store, statistician, testClock, request);
    expect((await cancelJob(t.store, statistician, testClock, analysis.id)).status).toBe("cancelled");
    await expect(enqueueJob(t.store, ANONYMOUS_DEMO_VISITOR, testClock, request)).rejects.toThrow(
      AccessDenied,
    );
    await expect(enqueueJob(t.store, physician, testClock, request)).rejects.toThrow(AccessDenied);
    await expect(
      enqueueJob(t.store, operator, testClock, { kind: "Lab Validate", spec: {} }),
    ).rejects.toThrow(/dotted lower-case/);
    await expect(enqueueJob(t.store, operator, testClock, { kind: KIND, spec: [1] })).rejects.toThrow(
      /JSON object/,
    );
    const mine = await enqueueJob(t.store, manager, testClock, request);
    const operators = await enqueueJob(t.store, operator, testClock, request);
    expect((await getJob(t.store, manager, mine.id)).id).toBe(mine.id);
    expect((await getJob(t.store, operator, mine.id)).id).toBe(mine.id);
    await expect(getJob(t.store, manager, operators.id)).rejects.toThrow(JobNotFound);
    await expect(getJob(t.store, ANONYMOUS_DEMO_VISITOR, mine.id)).rejects.toThrow(JobNotFound);
    expect((await listJobs(t.store, manager)).map((j) => j.id)).toEqual([mine.id]);
    expect(await listJobs(t.store, operator, { kind: KIND })).toHaveLength(3);
    await expect(cancelJob(t.store, physician, testClock, mine.id)).rejects.toThrow(JobNotFound);
    expect((await cancelJob(t.store, operator, testClock, mine.id)).status).toBe("cancelled");
  });
});
