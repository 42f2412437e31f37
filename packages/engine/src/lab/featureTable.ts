import {
  buildFeatureTable,
  type FeaturePatient,
  type FeatureSpec,
  FeatureSpecError,
  type FeatureTable,
  findVariable,
  type ObservationValue,
  validateFeatureSpec,
  valuesRead,
} from "@carta/clinical";
import type { Actor } from "../store/actors.js";
import { currentValuesInScope, observationKey } from "../store/observations.js";
import type { Store } from "../store/openStore.js";
import { readablePatientsWithCenter } from "../store/patients.js";
import { typedValue } from "../views/patientDetail.js";
import { COHORTS, type Cohort } from "../views/types.js";

/** Which of the caller's patients the table is built for. */
export interface FeatureTableFilter {
  cohort?: Cohort;
  /** Centre id. */
  center?: string;
}

/**
 * A feature table at a landmark (packages/clinical `buildFeatureTable`) from the current values of the
 * patients the actor may read — their centres only, synthetic patients only for the anonymous demo
 * visitor. The spec is checked before anything is read: a variable known after the landmark is refused
 * with its name (FeatureSpecError). Rows come in patient-id order, so the same store gives the same table.
 */
export async function featureTableFromStore(
  store: Store,
  actor: Actor,
  spec: FeatureSpec,
  filter: FeatureTableFilter = {},
): Promise<FeatureTable> {
  const check = validateFeatureSpec(spec);
  if (!check.ok) throw new FeatureSpecError(check.errors);
  if (filter.cohort !== undefined && !COHORTS.includes(filter.cohort)) {
    throw new RangeError(`cohort must be one of ${COHORTS.join(", ")}, got ${JSON.stringify(filter.cohort)}`);
  }
  if (filter.center !== undefined) {
    const known = await store.db
      .selectFrom("centers")
      .select("id")
      .where("id", "=", filter.center)
      .executeTakeFirst();
    if (!known) throw new RangeError(`unknown centre ${JSON.stringify(filter.center)}`);
  }

  let query = readablePatientsWithCenter(store, actor);
  if (filter.cohort !== undefined) query = query.where("patients.cohort", "=", filter.cohort);
  if (filter.center !== undefined) query = query.where("patients.center_id", "=", filter.center);
  const patients = await query.orderBy("patients.id").execute();

  const current = await currentValuesInScope(store.db, actor, valuesRead(check.features, spec.endpoint));
  const wanted = new Set(patients.map((p) => p.id));
  const typed = new Map<string, ObservationValue>();
  for (const [key, c] of current) {
    if (c.value === null || !wanted.has(c.patientId)) continue;
    typed.set(key, typedValue(findVariable(c.variable)!, c.value));
  }

  const input: FeaturePatient[] = patients.map((p) => ({
    id: p.id,
    cohort: p.cohort,
    center: p.center_id,
    consent: p.consent as "consented" | "withdrawn",
    get: (variable, timePoint) => typed.get(observationKey(p.id, timePoint, variable)),
  }));
  return buildFeatureTable(input, spec);
}
