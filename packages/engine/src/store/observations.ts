import { formatValue, type ObservationValue } from "@carta/clinical";
import type { Kysely } from "kysely";
import type { Actor } from "./actors.js";
import type { Store } from "./openStore.js";
import { scopePatients } from "./patients.js";
import type { Database } from "./schema.js";

/** The newest version of one value. */
export interface CurrentValue {
  patientId: string;
  timePoint: string;
  variable: string;
  version: number;
  /** Canonical text; null when the newest version is a deletion. */
  value: string | null;
  recordedAt: string;
  recordedBy: string;
}

export function observationKey(patientId: string, timePoint: string, variable: string): string {
  return `${patientId}\u0000${timePoint}\u0000${variable}`;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Newest version of every value of these patients (deleted values included, with value null). */
export async function currentValues(
  db: Kysely<Database>,
  patientIds: readonly string[],
  only: { variables?: readonly string[]; timePoints?: readonly string[] } = {},
): Promise<Map<string, CurrentValue>> {
  const current = new Map<string, CurrentValue>();
  for (const ids of chunks(patientIds, CHUNK)) {
    let query = db.selectFrom("observations").select(COLUMNS).where("patient_id", "in", ids);
    if (only.variables) query = query.where("variable", "in", only.variables);
    if (only.timePoints) query = query.where("time_point", "in", only.timePoints);
    keepNewest(current, await query.execute());
  }
  return current;
}

/**
 * Newest versions for every patient the actor may read, in one pass over the table (the study-wide
 * views: table 1, cohort summaries) instead of lists of patient ids.
 */
export async function currentValuesInScope(
  db: Kysely<Database>,
  actor: Actor,
  only: { variables?: readonly string[]; timePoints?: readonly string[] } = {},
): Promise<Map<string, CurrentValue>> {
  let query = scopePatients(db.selectFrom("patients"), actor)
    .innerJoin("observations", "observations.patient_id", "patients.id")
    .select(COLUMNS.map((c) => `observations.${c}` as const));
  if (only.variables) query = query.where("observations.variable", "in", only.variables);
  if (only.timePoints) query = query.where("observations.time_point", "in", only.timePoints);
  const current = new Map<string, CurrentValue>();
  keepNewest(current, await query.execute());
  return current;
}

const COLUMNS = [
  "patient_id",
  "time_point",
  "variable",
  "version",
  "value",
  "deleted",
  "recorded_at",
  "recorded_by",
] as const;

function keepNewest(
  current: Map<string, CurrentValue>,
  rows: readonly {
    patient_id: string;
    time_point: string;
    variable: string;
    version: number;
    value: string | null;
    deleted: number;
    recorded_at: string;
    recorded_by: string;
  }[],
): void {
  for (const r of rows) {
    const key = observationKey(r.patient_id, r.time_point, r.variable);
    const seen = current.get(key);
    if (seen && seen.version > r.version) continue;
    current.set(key, {
      patientId: r.patient_id,
      timePoint: r.time_point,
      variable: r.variable,
      version: r.version,
      value: r.deleted ? null : r.value,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    });
  }
}

export interface NewVersion {
  patientId: string;
  timePoint: string;
  variable: string;
  /** null writes a deletion version (soft delete: older versions stay). */
  value: ObservationValue | null;
}

/**
 * Appends versions (never updates a row). `previous` gives the current versions so the new rows get
 * version = previous + 1. Returns how many rows were written.
 */
export async function appendVersions(
  store: Store,
  trx: Kysely<Database>,
  versions: readonly NewVersion[],
  previous: ReadonlyMap<string, CurrentValue>,
  stamp: { at: string; by: string; reason: string | null; auditSeq: number },
): Promise<number> {
  const rows = versions.map((v) => {
    const prev = previous.get(observationKey(v.patientId, v.timePoint, v.variable));
    return {
      patient_id: v.patientId,
      time_point: v.timePoint,
      variable: v.variable,
      version: (prev?.version ?? 0) + 1,
      value: v.value === null ? null : formatValue(v.value),
      value_number: typeof v.value === "number" ? v.value : null,
      deleted: v.value === null ? 1 : 0,
      recorded_at: stamp.at,
      recorded_by: stamp.by,
      reason: stamp.reason,
      audit_seq: stamp.auditSeq,
    };
  });
  await store.bulkInsert(trx, "observations", rows);
  return rows.length;
}
