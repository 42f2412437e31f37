import { userInfo } from "node:os";
import { resolve } from "node:path";

/**
 * Runtime configuration, read once from the environment (the server and the CLI share it).
 * PORT (default 3000), CARTA_DATA_DIR (default ./data: the embedded database carta.sqlite and the blob
 * folder), CARTA_DATABASE_URL (postgres://… to use PostgreSQL instead of the embedded SQLite file),
 * CARTA_USER (the local operator the CLI acts as; default the OS user).
 */
export interface CartaConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  localUser: string;
}

export const DEFAULT_PORT = 3000;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CartaConfig {
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0–65535), got "${env.PORT}"`);
  }
  let localUser = env.CARTA_USER;
  if (!localUser) {
    try {
      localUser = userInfo().username;
    } catch {
      localUser = "operator";
    }
  }
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir: resolve(env.CARTA_DATA_DIR ?? "data"),
    databaseUrl: env.CARTA_DATABASE_URL || null,
    localUser,
  };
}
