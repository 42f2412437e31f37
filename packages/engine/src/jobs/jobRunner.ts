import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Store } from "../store/openStore.js";
import {
  claimNextJob,
  completeJob,
  failJob,
  type JobClaim,
  releaseJob,
  renewLease,
  reportProgress,
  requeueExpiredLeases,
} from "./jobClaims.js";
import { jobsDb } from "./jobTable.js";
import { JOB_WORKER_SOURCE, type WorkerMessage } from "./jobWorkerSource.js";

/**
 * Runs queued jobs in worker threads (DESIGN.md "Deployment": worker threads for heavy analyses on one
 * machine; the same runner on other machines against PostgreSQL). Every `pollMs` it requeues jobs whose
 * lease ran out, checks that its own jobs are still its own (a cancelled job's worker is terminated),
 * renews leases and claims new jobs up to `concurrency`. The main thread does every database write; a
 * worker only computes and posts messages.
 */
export interface JobRunnerOptions {
  /** Handler module of each job kind: a file URL, or a path, of a module exporting run(spec, progress). */
  handlers: Readonly<Record<string, string | URL>>;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** Milliseconds between polls of the queue (default 500). */
  pollMs?: number;
  /** Lease length (default 60 s); renewed while the worker lives, so it bounds how long a dead worker's job waits. */
  leaseMs?: number;
  /** Claims of one job before a lost lease fails it instead of requeuing it (default 3). */
  maxAttempts?: number;
  now?: () => string;
  /** Called with errors of the runner's own database work (the runner keeps going); default stderr. */
  onError?: (err: unknown) => void;
}

export interface JobRunner {
  /** Ids of the jobs this runner's workers are running now. */
  activeJobs(): string[];
  /** Stops claiming, terminates the workers and gives their unfinished jobs back to the queue. */
  stop(): Promise<void>;
}

interface RunningJob {
  claim: JobClaim;
  worker: Worker;
  /** This job's database writes, in order: progress before completion. */
  chain: Promise<void>;
  pendingProgress: { fraction: number; message: string | null } | null;
  progressQueued: boolean;
  /** A result or error has been received (or the worker died): the outcome write is queued. */
  settled: boolean;
  /** Terminated on purpose: cancelled, lease lost, or the runner stopping. */
  abandoned: boolean;
  releaseOnExit: boolean;
  renewedAt: number;
  done: Promise<void>;
}

function handlerUrl(handler: string | URL): string {
  if (handler instanceof URL) return handler.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(handler) && !/^[a-z]:[\\/]/i.test(handler)
    ? handler
    : pathToFileURL(resolve(handler)).href;
}

export function startJobRunner(store: Store, options: JobRunnerOptions): JobRunner {
  const concurrency = options.concurrency ?? 1;
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const now = options.now ?? (() => new Date().toISOString());
  const onError =
    options.onError ??
    ((err: unknown) =>
      process.stderr.write(`carta job runner: ${err instanceof Error ? err.message : err}\n`));
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be ≥ 1");
  if (!(pollMs > 0) || !(leaseMs > 0)) throw new RangeError("pollMs and leaseMs must be positive");
  const handlers = new Map(Object.entries(options.handlers).map(([kind, h]) => [kind, handlerUrl(h)]));
  const kinds = [...handlers.keys()];
  const running = new Map<string, RunningJob>();
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let again = false;

  const enqueueWrite = (job: RunningJob, write: () => Promise<void>) => {
    job.chain = job.chain.then(write).catch(onError);
  };

  const abandon = (job: RunningJob, release: boolean) => {
    if (job.abandoned) return;
    job.abandoned = true;
    job.releaseOnExit = release && !job.settled;
    void job.worker.terminate();
  };

  const settle = (job: RunningJob, write: () => Promise<boolean>) => {
    if (job.settled || job.abandoned) return;
    job.settled = true;
    enqueueWrite(job, async () => {
      await write();
    });
    void job.worker.terminate();
  };

  const start = (claim: JobClaim) => {
    const worker = new Worker(JOB_WORKER_SOURCE, {
      eval: true,
      workerData: { handlerUrl: handlers.get(claim.kind), spec: claim.spec },
    });
    let exited: () => void = () => {};
    const job: RunningJob = {
      claim,
      worker,
      chain: Promise.resolve(),
      pendingProgress: null,
      progressQueued: false,
      settled: false,
      abandoned: false,
      releaseOnExit: false,
      renewedAt: Date.parse(claim.leasedUntil) - leaseMs,
      done: new Promise<void>((r) => (exited = r)),
    };
    running.set(claim.id, job);
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") {
        if (job.settled || job.abandoned || !Number.isFinite(m.fraction)) return;
        // Only the newest report matters: while one write is waiting, later reports replace it.
        job.pendingProgress = { fraction: Math.min(1, Math.max(0, m.fraction)), message: m.message };
        if (job.progressQueued) return;
        job.progressQueued = true;
        enqueueWrite(job, async () => {
          job.progressQueued = false;
          const p = job.pendingProgress;
          job.pendingProgress = null;
          // Reports posted before the result are still written (they precede it in this chain).
          if (!p || job.abandoned) return;
          const stillOurs = await reportProgress(store, now, claim, { ...p, leaseMs });
          if (stillOurs) job.renewedAt = Date.parse(now());
          else abandon(job, false);
        });
      } else if (m.type === "result") {
        settle(job, () => completeJob(store, now, claim, m.result));
      } else {
        settle(job, () => failJob(store, now, claim, m.message));
      }
    });
    worker.on("error", (err) => settle(job, () => failJob(store, now, claim, err.message)));
    worker.on("exit", (code) => {
      settle(job, () =>
        failJob(store, now, claim, `the job's worker exited (code ${code}) before reporting a result`),
      );
      enqueueWrite(job, async () => {
        if (job.releaseOnExit) await releaseJob(store, claim);
      });
      void job.chain.then(() => {
        running.delete(claim.id);
        exited();
        wake();
      });
    });
  };

  /** Terminates workers whose job was cancelled or taken away; renews the others' leases. */
  const checkRunning = async () => {
    const jobs = [...running.values()].filter((j) => !j.settled && !j.abandoned);
    if (jobs.length === 0) return;
    const rows = await jobsDb(store.db)
      .selectFrom("jobs")
      .select(["id", "status", "lease_token"])
      .where(
        "id",
        "in",
        jobs.map((j) => j.claim.id),
      )
      .execute();
    const current = new Map(rows.map((r) => [r.id, r]));
    for (const job of jobs) {
      const row = current.get(job.claim.id);
      if (row?.status !== "running" || row.lease_token !== job.claim.leaseToken) {
        abandon(job, false);
        continue;
      }
      const at = Date.parse(now());
      if (at - job.renewedAt >= leaseMs / 3) {
        if (await renewLease(store, now, job.claim, leaseMs)) job.renewedAt = at;
        else abandon(job, false);
      }
    }
  };

  const tick = async () => {
    try {
      await requeueExpiredLeases(store, now, { maxAttempts });
      await checkRunning();
      while (!stopping && running.size < concurrency) {
        const claim = await claimNextJob(store, now, { kinds, leaseMs });
        if (!claim) break;
        start(claim);
      }
    } catch (err) {
      onError(err);
    }
  };

  const loop = async () => {
    timer = null;
    do {
      again = false;
      ticking = tick();
      await ticking;
      ticking = null;
    } while (again && !stopping);
    if (!stopping) timer = setTimeout(loop, pollMs);
  };

  /** Polls now rather than at the next interval (a job just finished, so a slot is free). */
  function wake() {
    if (stopping) return;
    if (ticking) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    void loop();
  }

  void loop();

  return {
    activeJobs: () => [...running.keys()],
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking;
      const jobs = [...running.values()];
      for (const job of jobs) abandon(job, true);
      await Promise.all(jobs.map((j) => j.done));
    },
  };
}
