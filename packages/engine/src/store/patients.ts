import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Cohort, ConsentStatus } from "../views/types.js";
import { type Actor, readableCenters } from "./actors.js";
import type { Store } from "./openStore.js";
import type { Database } from "./schema.js";

export interface PatientRecord {
  id: string;
  center: string;
  cohort: Cohort;
  consent: ConsentStatus;
  synthetic: boolean;
}

/** Pseudonymous study ids only: letters, digits, '-' and '_' (no names, no hospital record numbers). */
export const PATIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;

/** Restricts a query on `patients` to what the actor may read (centres, synthetic-only visitors). */
export function scopePatients<O>(
  query: SelectQueryBuilder<Database, "patients", O>,
  actor: Actor,
): SelectQueryBuilder<Database, "patients", O> {
  let q = query;
  const centers = readableCenters(actor);
  if (centers !== "all")
    q = centers.length ? q.where("patients.center_id", "in", centers) : q.where(sql<boolean>`1 = 0`);
  if (actor.syntheticOnly) q = q.where("patients.synthetic", "=", 1);
  return q;
}

export function toPatientRecord(r: {
  id: string;
  center_id: string;
  cohort: string;
  consent: string;
  synthetic: number;
}): PatientRecord {
  return {
    id: r.id,
    center: r.center_id,
    cohort: r.cohort as Cohort,
    consent: r.consent as ConsentStatus,
    synthetic: r.synthetic === 1,
  };
}

/** The patients among `ids` that exist, whatever the actor may see (used to refuse duplicates). */
export async function existingPatients(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, PatientRecord>> {
  const out = new Map<string, PatientRecord>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("patients")
      .select(["id", "center_id", "cohort", "consent", "synthetic"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, toPatientRecord(r));
  }
  return out;
}

/** The readable patients with their centre's name: the base of every patient view. */
export function readablePatientsWithCenter(store: Store, actor: Actor) {
  return scopePatients(
    store.db
      .selectFrom("patients")
      .innerJoin("centers", "centers.id", "patients.center_id")
      .select([
        "patients.id",
        "patients.center_id",
        "centers.name as center_name",
        "patients.cohort",
        "patients.consent",
        "patients.synthetic",
      ]),
    actor,
  );
}
