import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * Who is calling, and what they may touch. Every read and write in the engine takes an Actor and is
 * scoped by its memberships (user × centre × role). Until accounts and login arrive, two actors exist:
 * the local operator the CLI acts as (CARTA_USER, coordinator of every centre) and the anonymous web
 * visitor, who may read synthetic (demo) patients only and write nothing.
 */
export type Role = "coordinator" | "data_manager" | "lab_scientist" | "statistician" | "physician" | "viewer";

export const ALL_CENTERS = "*";

export interface Actor {
  userId: string;
  username: string;
  memberships: readonly { centerId: string; role: Role }[];
  /** Restricts reads to synthetic patients (the anonymous demo visitor). */
  syntheticOnly: boolean;
}

const WRITE_ROLES: ReadonlySet<Role> = new Set(["coordinator", "data_manager", "lab_scientist"]);

export class AccessDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessDenied";
  }
}

/** Centres the actor may read: "all" or an explicit list. */
export function readableCenters(actor: Actor): "all" | string[] {
  if (actor.memberships.some((m) => m.centerId === ALL_CENTERS)) return "all";
  return [...new Set(actor.memberships.map((m) => m.centerId))];
}

export function canWrite(actor: Actor, centerId: string): boolean {
  return actor.memberships.some(
    (m) => WRITE_ROLES.has(m.role) && (m.centerId === ALL_CENTERS || m.centerId === centerId),
  );
}

/**
 * Starting background work (validations, model training, long imports): the roles that write data and
 * the statistician, whose job is to train and validate models (DESIGN.md "Who uses it").
 */
export function canStartJobs(actor: Actor): boolean {
  return (
    !actor.syntheticOnly &&
    actor.memberships.some((m) => WRITE_ROLES.has(m.role) || m.role === "statistician")
  );
}

export function canAdminister(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === "coordinator" && m.centerId === ALL_CENTERS);
}

export const ANONYMOUS_DEMO_VISITOR: Actor = {
  userId: "anonymous",
  username: "anonymous",
  memberships: [{ centerId: ALL_CENTERS, role: "viewer" }],
  syntheticOnly: true,
};

/**
 * The local operator (CLI): ensured as a user with study-wide coordinator membership, so the audit
 * trail names a real user row and nothing changes in the schema when accounts land.
 */
export async function localOperator(db: Kysely<Database>, username: string, now: string): Promise<Actor> {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) {
    throw new Error(`CARTA_USER must be 1–64 letters, digits or . _ @ - (got "${username}")`);
  }
  const userId = `local:${username}`;
  await db
    .insertInto("users")
    .values({ id: userId, username, display_name: `${username} (local operator)`, created_at: now })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await db
    .insertInto("memberships")
    .values({ user_id: userId, center_id: ALL_CENTERS, role: "coordinator", created_at: now })
    .onConflict((oc) => oc.columns(["user_id", "center_id", "role"]).doNothing())
    .execute();
  const memberships = await db
    .selectFrom("memberships")
    .select(["center_id", "role"])
    .where("user_id", "=", userId)
    .execute();
  return {
    userId,
    username,
    memberships: memberships.map((m) => ({ centerId: m.center_id, role: m.role as Role })),
    syntheticOnly: false,
  };
}
