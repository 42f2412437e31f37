import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Actor } from "../store/actors.js";
import { sha256Hex } from "../store/hash.js";
import type { Store } from "../store/openStore.js";
import { readablePatientsWithCenter } from "../store/patients.js";
import type { Database } from "../store/schema.js";
import type { PatientPrediction } from "./predict.js";

/**
 * The log of predictions shown (migration 0004): each one with its whole explanation, so that a
 * number on a screen or a printed report can be traced to the model version, the inputs (recorded
 * or what-if) and the computation behind it. Append-only.
 */
interface PredictionsTable {
  id: string;
  model_name: string;
  model_version: number;
  patient_id: string;
  what_if: string | null;
  result: string;
  result_sha256: string;
  created_at: string;
  created_by: string;
}

type PredictionsDatabase = Database & { predictions: PredictionsTable };

function predictionsDb(db: Kysely<Database>): Kysely<PredictionsDatabase> {
  return db as unknown as Kysely<PredictionsDatabase>;
}

export interface LoggedPrediction {
  id: string;
  createdAt: string;
  createdBy: string;
  resultSha256: string;
  prediction: PatientPrediction;
}

/** Stores a prediction as shown to `actor`; returns its id and the sha256 of the stored document. */
export async function logPrediction(
  store: Store,
  actor: Actor,
  now: () => string,
  prediction: PatientPrediction,
): Promise<{ id: string; resultSha256: string }> {
  const id = randomUUID();
  const result = JSON.stringify(prediction);
  const resultSha256 = sha256Hex(result);
  await predictionsDb(store.db)
    .insertInto("predictions")
    .values({
      id,
      model_name: prediction.model.name,
      model_version: prediction.model.version,
      patient_id: prediction.patient_id,
      what_if: prediction.what_if.length ? JSON.stringify(prediction.what_if) : null,
      result,
      result_sha256: resultSha256,
      created_at: now(),
      created_by: actor.userId,
    })
    .execute();
  return { id, resultSha256 };
}

/** The predictions logged for one patient the actor may read, newest first. */
export async function listPatientPredictions(
  store: Store,
  actor: Actor,
  patientId: string,
  limit = 50,
): Promise<LoggedPrediction[]> {
  const readable = await readablePatientsWithCenter(store, actor)
    .where("patients.id", "=", patientId)
    .executeTakeFirst();
  if (!readable) return [];
  const rows = await predictionsDb(store.db)
    .selectFrom("predictions")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    resultSha256: r.result_sha256,
    prediction: JSON.parse(r.result) as PatientPrediction,
  }));
}
