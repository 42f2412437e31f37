import { createHash } from "node:crypto";

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hash of the genesis: the chain's first entry points to it. */
export const GENESIS_HASH = "0".repeat(64);
