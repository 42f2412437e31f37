import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Actor, type CartaConfig, localOperator, openStore, type Store, seedDemo } from "@carta/engine";
import { Command } from "commander";
import type { StatsIo } from "../src/commands/stats/shared.js";

/**
 * A data folder with the synthetic demo study seeded once (a few seconds), for CLI tests that run
 * commands in-process against it; `prepare` runs more setup on the same store as the local operator.
 */
export interface DemoStore {
  dir: string;
  config: CartaConfig;
  clock: () => string;
  dispose(): void;
}

export async function seededDemoStore(
  name: string,
  localUser: string,
  prepare?: (store: Store, operator: Actor, clock: () => string) => Promise<void>,
): Promise<DemoStore> {
  const dir = mkdtempSync(join(tmpdir(), `carta-${name}-`));
  let tick = 0;
  const clock = () => new Date(Date.UTC(2026, 0, 1) + ++tick * 1000).toISOString();
  const config: CartaConfig = {
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    databaseUrl: null,
    localUser,
  };
  const store = await openStore({ dataDir: config.dataDir, now: clock });
  try {
    const operator = await localOperator(store.db, localUser, clock());
    await seedDemo(store, operator, clock, { seed: 11 });
    await prepare?.(store, operator, clock);
  } finally {
    await store.close();
  }
  return { dir, config, clock, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CommandRun {
  out: string;
  err: string;
  error: Error | null;
}

/** Runs `carta <command> …args` in-process with the commands `register` adds, capturing its output. */
export async function runCommand(
  register: (program: Command, io: StatsIo) => void,
  command: string,
  args: string[],
): Promise<CommandRun> {
  let out = "";
  let err = "";
  const program = new Command("carta")
    .exitOverride()
    .configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  register(program, { out: (t) => (out += t), err: (t) => (err += t) });
  try {
    await program.parseAsync([command, ...args], { from: "user" });
    return { out, err, error: null };
  } catch (error) {
    return { out, err, error: error as Error };
  }
}
