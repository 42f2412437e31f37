// Seeds the demo study into a fresh SQLite store and prints time and peak memory as JSON (run by store.js).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { localOperator, openStore, seedDemo, systemClock } from "@carta/engine";
import { generateSyntheticStudy } from "@carta/synthetic";

const dir = mkdtempSync(join(tmpdir(), "carta-bench-seed-"));
const g0 = performance.now();
generateSyntheticStudy({ seed: 20260101 });
const generateSeconds = (performance.now() - g0) / 1000;
const t0 = performance.now();
const store = await openStore({ dataDir: dir });
const operator = await localOperator(store.db, "bench", systemClock());
const summary = await seedDemo(store, operator, systemClock, { seed: 20260101 });
const seconds = (performance.now() - t0) / 1000;
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({
    seconds,
    generateSeconds,
    patients: summary.patients,
    observations: summary.observations,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
