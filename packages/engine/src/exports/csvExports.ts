import { enteredVariables, formatCsv, STUDY_DICTIONARY } from "@carta/clinical";
import type { Actor } from "../store/actors.js";
import { currentValues, observationKey } from "../store/observations.js";
import type { Store } from "../store/openStore.js";
import { scopePatients, toPatientRecord } from "../store/patients.js";

/**
 * CSV exports. Deterministic: rows sorted by patient id and dictionary time-point order, columns in
 * dictionary order, so the same data always gives the same bytes. Every row carries `synthetic`.
 */
export async function exportPatientsCsv(store: Store, actor: Actor): Promise<string> {
  const rows = await scopePatients(
    store.db.selectFrom("patients").select(["id", "center_id", "cohort", "consent", "synthetic"]),
    actor,
  )
    .orderBy("id")
    .execute();
  return formatCsv([
    ["id", "center", "cohort", "consent", "synthetic"],
    ...rows.map((r) => {
      const p = toPatientRecord(r);
      return [p.id, p.center, p.cohort, p.consent, String(p.synthetic)];
    }),
  ]);
}

export interface ObservationExport {
  csv: string;
  patients: number;
  rows: number;
  /** Patients left out because they withdrew consent (they leave exports from that moment). */
  withdrawnExcluded: number;
}

/** Wide CSV in the import format: `patient_id, synthetic, time_point`, then every entered variable. */
export async function exportObservationsCsv(store: Store, actor: Actor): Promise<ObservationExport> {
  const patients = await scopePatients(
    store.db.selectFrom("patients").select(["id", "center_id", "cohort", "consent", "synthetic"]),
    actor,
  )
    .orderBy("id")
    .execute();
  const included = patients.filter((p) => p.consent !== "withdrawn");
  const variables = enteredVariables();
  const current = await currentValues(
    store.db,
    included.map((p) => p.id),
  );
  const timePointsWithData = new Map<string, Set<string>>();
  for (const c of current.values()) {
    if (c.value === null) continue;
    let s = timePointsWithData.get(c.patientId);
    if (!s) timePointsWithData.set(c.patientId, (s = new Set()));
    s.add(c.timePoint);
  }
  const out: string[][] = [["patient_id", "synthetic", "time_point", ...variables.map((v) => v.id)]];
  for (const p of included) {
    const tps = timePointsWithData.get(p.id);
    if (!tps) continue;
    for (const tp of STUDY_DICTIONARY.timePoints) {
      if (!tps.has(tp.id)) continue;
      out.push([
        p.id,
        p.synthetic ? "true" : "false",
        tp.id,
        ...variables.map((v) => current.get(observationKey(p.id, tp.id, v.id))?.value ?? ""),
      ]);
    }
  }
  return {
    csv: formatCsv(out),
    patients: included.length,
    rows: out.length - 1,
    withdrawnExcluded: patients.length - included.length,
  };
}
