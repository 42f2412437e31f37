import type { Actor } from "../store/actors.js";
import type { Store } from "../store/openStore.js";
import { scopePatients } from "../store/patients.js";
import type { Cohort, PatientList } from "./types.js";

export interface PatientQuery {
  limit?: number;
  offset?: number;
  cohort?: Cohort;
  center?: string;
}

export const MAX_PAGE = 500;

/** One page of the patients the actor may read, with the few values a list needs. */
export async function listPatients(
  store: Store,
  actor: Actor,
  query: PatientQuery = {},
): Promise<PatientList> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE);
  const offset = Math.max(query.offset ?? 0, 0);
  let base = scopePatients(store.db.selectFrom("patients"), actor);
  if (query.cohort) base = base.where("patients.cohort", "=", query.cohort);
  if (query.center) base = base.where("patients.center_id", "=", query.center);
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin("centers", "centers.id", "patients.center_id")
    .select([
      "patients.id",
      "patients.center_id",
      "centers.name as center_name",
      "patients.cohort",
      "patients.consent",
      "patients.synthetic",
    ])
    .orderBy("patients.id")
    .limit(limit)
    .offset(offset)
    .execute();
  const ids = rows.map((r) => r.id);
  const values = new Map<string, Record<string, string>>();
  if (ids.length) {
    const obs = await store.db
      .selectFrom("observations")
      .select(["patient_id", "variable", "version", "value", "deleted"])
      .where("patient_id", "in", ids)
      .where("time_point", "in", ["decision", "apheresis"])
      .where("variable", "in", ["decision_date", "product", "age_years"])
      .orderBy("version")
      .execute();
    for (const o of obs) {
      let m = values.get(o.patient_id);
      if (!m) values.set(o.patient_id, (m = {}));
      if (o.deleted || o.value === null) delete m[o.variable];
      else m[o.variable] = o.value;
    }
  }
  return {
    total: Number(total.n),
    limit,
    offset,
    patients: rows.map((r) => {
      const v = values.get(r.id) ?? {};
      return {
        id: r.id,
        center: r.center_id,
        centerName: r.center_name,
        cohort: r.cohort as Cohort,
        consent: r.consent as "consented" | "withdrawn",
        synthetic: r.synthetic === 1,
        enrolledOn: v.decision_date ?? null,
        product: v.product ?? null,
        ageYears: v.age_years !== undefined ? Number(v.age_years) : null,
      };
    }),
  };
}
