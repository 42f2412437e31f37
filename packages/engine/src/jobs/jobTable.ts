import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";

/** Row of `jobs` (migration 0002_jobs). Spec and result are JSON text. */
export interface JobsTable {
  id: string;
  kind: string;
  spec: string;
  status: string;
  /** Fraction done, 0–1. */
  progress: number;
  progress_message: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  created_by: string;
  started_at: string | null;
  finished_at: string | null;
  /** How many times a worker has claimed the job. */
  attempt: number;
  leased_until: string | null;
  lease_token: string | null;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

/** Statuses a job never leaves. */
export const FINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(["succeeded", "failed", "cancelled"]);

/** The store's schema with the jobs table (kept here so the jobs module owns its table's types). */
export type JobsDatabase = Database & { jobs: JobsTable };

export function jobsDb(db: Kysely<Database>): Kysely<JobsDatabase> {
  return db as unknown as Kysely<JobsDatabase>;
}

export interface JobRecord {
  id: string;
  kind: string;
  spec: unknown;
  status: JobStatus;
  progress: number;
  progressMessage: string | null;
  result: unknown;
  error: string | null;
  createdAt: string;
  createdBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempt: number;
  leasedUntil: string | null;
}

export function toJobRecord(r: JobsTable): JobRecord {
  return {
    id: r.id,
    kind: r.kind,
    spec: JSON.parse(r.spec),
    status: r.status as JobStatus,
    progress: Number(r.progress),
    progressMessage: r.progress_message,
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.error,
    createdAt: r.created_at,
    createdBy: r.created_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    attempt: Number(r.attempt),
    leasedUntil: r.leased_until,
  };
}

/** ISO timestamp `ms` milliseconds after `iso`. */
export function isoPlus(iso: string, ms: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO timestamp: "${iso}"`);
  return new Date(t + ms).toISOString();
}
