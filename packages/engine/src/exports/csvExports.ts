import { enteredVariables, formatCsv, STUDY_DICTIONARY } from "@carta/clinical";
import type { Actor } from "../store/actors.js";
import { currentValues } from "../store/observations.js";
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
  // patient → time point → variable → value, so each row is filled by column index without building keys
  const column = new Map(variables.map((v, i) => [v.id, i]));
  const rowsByPatient = new Map<string, Map<string, string[]>>();
  for (const c of current.values()) {
    const i = column.get(c.variable);
    if (c.value === null || i === undefined) continue;
    let byTimePoint = rowsByPatient.get(c.patientId);
    if (!byTimePoint) rowsByPatient.set(c.patientId, (byTimePoint = new Map()));
    let cells = byTimePoint.get(c.timePoint);
    if (!cells) byTimePoint.set(c.timePoint, (cells = new Array<string>(variables.length).fill("")));
    cells[i] = c.value;
  }
  const out: string[][] = [["patient_id", "synthetic", "time_point", ...variables.map((v) => v.id)]];
  for (const p of included) {
    const byTimePoint = rowsByPatient.get(p.id);
    if (!byTimePoint) continue;
    for (const tp of STUDY_DICTIONARY.timePoints) {
      const cells = byTimePoint.get(tp.id);
      if (cells) out.push([p.id, p.synthetic ? "true" : "false", tp.id, ...cells]);
    }
  }
  return {
    csv: formatCsv(out),
    patients: included.length,
    rows: out.length - 1,
    withdrawnExcluded: patients.length - included.length,
  };
}
