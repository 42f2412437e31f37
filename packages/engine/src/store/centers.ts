import { AccessDenied, type Actor, canAdminister } from "./actors.js";
import { auditedWrite } from "./audit.js";
import type { Store } from "./openStore.js";

export interface CenterInput {
  id: string;
  name: string;
  /** The centre laboratory's LDH upper limit of normal (U/L); methods differ between centres. */
  ldhUlnUPerL?: number | null;
}

export const CENTER_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** Creates centres (study coordinators only) as one audited write. */
export async function addCenters(
  store: Store,
  actor: Actor,
  now: () => string,
  centers: readonly CenterInput[],
): Promise<number> {
  if (!canAdminister(actor)) throw new AccessDenied("creating centres needs the study-wide coordinator role");
  for (const c of centers) {
    if (!CENTER_ID_PATTERN.test(c.id))
      throw new Error(`centre id "${c.id}" must be 1–40 letters, digits, - or _`);
  }
  return auditedWrite(
    store,
    now,
    {
      actor: actor.userId,
      action: "create",
      entity: "centers",
      entityId: centers.map((c) => c.id).join(","),
      detail: { count: centers.length },
    },
    async (trx, seq, at) => {
      await trx
        .insertInto("centers")
        .values(
          centers.map((c) => ({
            id: c.id,
            name: c.name,
            ldh_uln_u_per_l: c.ldhUlnUPerL ?? null,
            created_at: at,
            audit_seq: seq,
          })),
        )
        .execute();
      return centers.length;
    },
  );
}
