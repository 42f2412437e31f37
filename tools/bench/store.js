// Store benchmarks (issue 2): demo seeding time and peak memory, observation import throughput,
// and /api/patients latency. References, run in the same process on the same machine:
//  - seeding and import: inserting the same rows with a bare better-sqlite3 prepared statement in one
//    transaction (the floor any store layer sits on);
//  - API latency: GET /api/health on the same server (the HTTP floor).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { importObservationsCsv, localOperator, openStore, seedDemo, systemClock } from "@carta/engine";
import { buildServer } from "@carta/server";
import { generateSyntheticStudy } from "@carta/synthetic";
import Database from "better-sqlite3";

const here = fileURLToPath(new URL(".", import.meta.url));
const fmt = (x, d = 2) => x.toFixed(d);

function rawInsertSeconds(rows) {
  const dir = mkdtempSync(join(tmpdir(), "carta-bench-raw-"));
  const db = new Database(join(dir, "raw.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(
    "create table observations (id integer primary key autoincrement, patient_id text, time_point text, variable text, version integer, value text, value_number real, deleted integer, recorded_at text, recorded_by text, reason text, audit_seq integer)",
  );
  db.exec("create unique index v on observations(patient_id, variable, time_point, version)");
  const insert = db.prepare(
    "insert into observations (patient_id, time_point, variable, version, value, value_number, deleted, recorded_at, recorded_by, reason, audit_seq) values (?,?,?,?,?,?,?,?,?,?,?)",
  );
  const t0 = performance.now();
  db.transaction(() => {
    for (const o of rows) {
      insert.run(
        o.patientId,
        o.timePoint,
        o.variable,
        1,
        String(o.value),
        typeof o.value === "number" ? o.value : null,
        0,
        "t",
        "u",
        null,
        1,
      );
    }
  })();
  const s = (performance.now() - t0) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return s;
}

/** Seeding runs in a child process so that its peak memory (max RSS) is its own. */
function seedInChild() {
  const r = spawnSync(process.execPath, [join(here, "seedChild.js")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`seeding child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function importCsv(study, nRows) {
  // 10,000 rows: patients × lab time points, 10 lab values each, as a data manager's export would be.
  const labs = [
    "crp_mg_l",
    "ferritin_ng_ml",
    "ldh_u_per_l",
    "albumin_g_dl",
    "platelets_10e9_l",
    "hemoglobin_g_dl",
    "anc_10e9_l",
    "creatinine_mg_dl",
    "il6_pg_ml",
    "wbc_10e9_l",
  ];
  const tps = ["apheresis", "pre_ld", "d0", "d3", "d7", "d14", "d28", "d90", "d180", "d365"];
  const lines = [`patient_id,center,cohort,time_point,${labs.join(",")}`];
  const rows = [];
  let k = 0;
  for (let i = 0; lines.length <= nRows; i++) {
    const id = `BENCH-${String(i).padStart(5, "0")}`;
    const center = study.centers[i % study.centers.length].id;
    for (const tp of tps) {
      if (lines.length > nRows) break;
      const vals = labs.map((v, j) => {
        const x = [12.5, 640, 260, 3.6, 180, 11.2, 3.1, 0.9, 9, 6.4][j] * (1 + ((k++ % 17) - 8) / 40);
        const value = Number(x.toFixed(2));
        rows.push({ patientId: id, timePoint: tp, variable: v, value });
        return value;
      });
      lines.push(`${id},${center},${i % 3 ? "3L+" : "2L"},${tp},${vals.join(",")}`);
    }
  }
  return { text: `${lines.join("\n")}\n`, rows };
}

async function latency(url, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n * 0.5)], p95: times[Math.floor(n * 0.95)] };
}

export async function run() {
  console.log("# store benchmarks");
  const seed = seedInChild();
  const study = generateSyntheticStudy({ seed: 20260101 });
  const rawSeed = rawInsertSeconds(study.observations);
  console.log(
    `demo seeding: ${fmt(seed.seconds)} s for ${seed.patients} patients / ${seed.observations} values ` +
      `(generation ${fmt(seed.generateSeconds)} s), peak RSS ${fmt(seed.maxRssMiB, 0)} MiB; ` +
      `reference bare insert of the same rows ${fmt(rawSeed)} s → ratio ${fmt(seed.seconds / rawSeed, 1)}× ` +
      `[target < 10 s: ${seed.seconds < 10 ? "met" : "NOT met"}]`,
  );

  const dir = mkdtempSync(join(tmpdir(), "carta-bench-"));
  const store = await openStore({ dataDir: dir });
  const operator = await localOperator(store.db, "bench", systemClock());
  await seedDemo(store, operator, systemClock, { seed: 20260101 });
  const { text, rows } = importCsv(study, 10_000);
  const t0 = performance.now();
  const summary = await importObservationsCsv(store, operator, systemClock, { fileName: "bench.csv", text });
  const importSeconds = (performance.now() - t0) / 1000;
  const rawImport = rawInsertSeconds(rows);
  const rate = summary.values / importSeconds;
  console.log(
    `import: ${summary.rows} rows, ${summary.values} values in ${fmt(importSeconds)} s = ${fmt(rate, 0)} values/s; ` +
      `reference bare insert ${fmt(rawImport, 3)} s → ratio ${fmt(importSeconds / rawImport, 1)}× ` +
      `[target ≥ 20,000 values/s: ${rate >= 20_000 ? "met" : "NOT met"}]`,
  );

  const app = await buildServer({ store });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  await latency(`${address}/api/patients?limit=50`, 20); // warm-up
  const health = await latency(`${address}/api/health`, 200);
  const patients = await latency(`${address}/api/patients?limit=50&offset=100`, 200);
  const summaryLatency = await latency(`${address}/api/cohort/summary`, 20);
  console.log(
    `GET /api/patients?limit=50: p50 ${fmt(patients.p50)} ms, p95 ${fmt(patients.p95)} ms; ` +
      `reference GET /api/health p50 ${fmt(health.p50)} ms → ratio ${fmt(patients.p50 / health.p50, 1)}×`,
  );
  console.log(
    `GET /api/cohort/summary: p50 ${fmt(summaryLatency.p50)} ms, p95 ${fmt(summaryLatency.p95)} ms`,
  );
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
