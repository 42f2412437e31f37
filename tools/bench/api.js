// Decision-support API benchmark (issue 6: "a decision-support prediction with explanation answers in
// under 50 ms (p99) through the API"). Seeds the demo study into a temporary embedded store, trains
// the shipped demo model cr-day90, starts the real server on a loopback port and times POST
// /api/lab/predict over HTTP — each request a different patient, half of them with a what-if edit,
// every answer logged in the store as in production. The first request builds the model's prediction
// kit (bootstrap refits, conformal split) and is reported apart. Reference run: GET /api/health on the
// same server in the same run, so the figure reads as "a prediction costs N trivial requests".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { demoModelSpecs, localOperator, openStore, seedDemo, systemClock, trainModel } from "@carta/engine";
import { buildServer } from "@carta/server";

const REQUESTS = 400;
const TARGET_P99_MS = 50;

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "carta-bench-api-"));
  const store = await openStore({ dataDir: dir, databaseUrl: null, now: systemClock });
  try {
    const operator = await localOperator(store.db, "bench", systemClock());
    await seedDemo(store, operator, systemClock);
    const spec = demoModelSpecs().find((s) => s.name === "cr-day90");
    await trainModel(store, operator, systemClock, spec);
    const patients = (await store.db.selectFrom("patients").select("id").orderBy("id").execute()).map(
      (p) => p.id,
    );
    const app = await buildServer({ store });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const predict = async (patient, whatIf) => {
      const res = await fetch(`${base}/api/lab/predict`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ patient, model: "cr-day90", ...(whatIf ? { whatIf } : {}) }),
      });
      const body = await res.json();
      if (res.status !== 200 && res.status !== 422)
        throw new Error(`predict ${patient}: ${res.status} ${body.message}`);
      return res.status;
    };
    const first = await timed(() => predict(patients[0]));
    const times = [];
    let answered = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const patient = patients[(i * 7) % patients.length];
      let status = 0;
      times.push(
        await timed(async () => (status = await predict(patient, i % 2 ? { ldh_u_per_l: 200 + i } : null))),
      );
      if (status === 200) answered++;
    }
    const health = [];
    for (let i = 0; i < REQUESTS; i++)
      health.push(await timed(() => fetch(`${base}/api/health`).then((r) => r.json())));
    await app.close();
    times.sort((a, b) => a - b);
    health.sort((a, b) => a - b);
    const p99 = percentile(times, 0.99);
    const hp99 = percentile(health, 0.99);
    console.log("api: POST /api/lab/predict, demo model cr-day90 (boosted trees), over loopback HTTP");
    console.log(`  first request (builds the prediction kit): ${first.toFixed(0)} ms`);
    console.log(
      `  ${REQUESTS} requests (${answered} predictions, the rest refused: no row at the landmark), half with a what-if edit:` +
        ` p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`,
    );
    console.log(
      `  reference GET /api/health: p50 ${percentile(health, 0.5).toFixed(2)} ms, p99 ${hp99.toFixed(2)} ms`,
    );
    console.log(
      `  p99 = ${(p99 / hp99).toFixed(1)} × the reference p99; target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? "met" : "NOT met"}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
