import { checkValue, findTimePoint, findVariable } from "@carta/clinical";
import { generateSyntheticStudy, type SyntheticStudy } from "@carta/synthetic";
import { AccessDenied, type Actor, canAdminister } from "../store/actors.js";
import { auditedWrite } from "../store/audit.js";
import { sha256Hex } from "../store/hash.js";
import { appendVersions } from "../store/observations.js";
import type { Store } from "../store/openStore.js";

export const DEFAULT_DEMO_SEED = 20260101;

export interface DemoSeedSummary {
  seed: number;
  centers: number;
  patients: number;
  observations: number;
  auditSeq: number;
  studySha256: string;
}

/**
 * Every generated value must satisfy the dictionary, exactly as an imported one would; a generator
 * bug must not slip values past the rules users are held to.
 */
export function checkStudyAgainstDictionary(study: SyntheticStudy): void {
  for (const o of study.observations) {
    const v = findVariable(o.variable);
    if (!v) throw new Error(`synthetic study: unknown variable ${o.variable}`);
    if (!findTimePoint(o.timePoint) || !v.timePoints.includes(o.timePoint)) {
      throw new Error(
        `synthetic study: ${o.variable} is not collected at ${o.timePoint} (patient ${o.patientId})`,
      );
    }
    const r = checkValue(v, o.value);
    if (!r.ok)
      throw new Error(
        `synthetic study: ${o.patientId} ${o.timePoint} ${o.variable}=${String(o.value)}: ${r.message}`,
      );
  }
}

/**
 * Seeds the synthetic demo study (clinical-reference.md §D) into an empty store as one audited bulk
 * write. Refuses a store that already holds patients: the demo never mixes with real data.
 */
export async function seedDemo(
  store: Store,
  actor: Actor,
  now: () => string,
  options: { seed?: number } = {},
): Promise<DemoSeedSummary> {
  if (!canAdminister(actor))
    throw new AccessDenied("seeding the demo study needs the study-wide coordinator role");
  const existing = await store.db
    .selectFrom("patients")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    throw new Error(
      `the store at ${store.location} already holds ${existing.n} patients; the demo study needs an empty store`,
    );
  }
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const study = generateSyntheticStudy({ seed });
  checkStudyAgainstDictionary(study);
  const studySha256 = sha256Hex(JSON.stringify({ seed, parameters: study.parameters }));
  return auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "seed_demo",
      entity: "study",
      entityId: `synthetic:${seed}`,
      detail: {
        seed,
        centers: study.centers.length,
        patients: study.patients.length,
        observations: study.observations.length,
        generator: "@carta/synthetic",
        parametersSha256: studySha256,
      },
    },
    async (trx, seq, at) => {
      const centers = study.centers.map((c) => ({
        id: c.id,
        name: c.name,
        ldh_uln_u_per_l: c.ldhUlnUPerL,
        created_at: at,
        audit_seq: seq,
      }));
      await trx.insertInto("centers").values(centers).execute();
      const patients = study.patients.map((p) => ({
        id: p.id,
        center_id: p.center,
        cohort: p.cohort,
        consent: p.consent,
        synthetic: 1,
        created_at: at,
        created_by: actor.userId,
        audit_seq: seq,
      }));
      await store.bulkInsert(trx, "patients", patients);
      const written = await appendVersions(store, trx, study.observations, new Map(), {
        at,
        by: actor.userId,
        reason: `synthetic demo study, seed ${seed}`,
        auditSeq: seq,
      });
      await trx
        .insertInto("study_meta")
        .values({ key: "demo", value: JSON.stringify({ seed, parameters: study.parameters, seededAt: at }) })
        .execute();
      return {
        seed,
        centers: centers.length,
        patients: patients.length,
        observations: written,
        auditSeq: seq,
        studySha256,
      };
    },
  );
}
