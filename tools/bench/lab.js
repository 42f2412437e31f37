// Model-lab benchmark (issue 6): full validation of one boosted-tree model (300 trees, depth ≤ 4) on
// 1,000 patients × 200 features — 5×5 nested cross-validation over a grid of 8 settings, then 200
// bootstrap replicates refitted for optimism correction — with peak memory. Target: under 3 minutes
// on the 2-core machine. It runs what the product runs (validateModel and the "lab.validate" job
// handler): the engine's runModelValidationParallel on a model spec and learning data, its tasks
// (outer folds, blocks of replicates) on worker threads, one per core. `--threads=1` runs the same
// tasks one after another in this thread, for comparison. The reference is one fit of the same
// model (grid[0]) in the same run, so the figure reads as "the whole validation costs N single fits".
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { boostedTreesLearner, everyRow, readModelSpec } from "@carta/ml";
import { SeededRandom } from "@carta/stats";
// @carta/engine exports only the result types of the validation (src/index.ts), so the run itself
// is taken from the engine's build, which `npx tsc -b` writes; its workers load that same module.
import { runModelValidationParallel } from "../../packages/engine/dist/lab/modelValidation.js";

const PATIENTS = 1000;
const FEATURES = 200;
const ROUNDS = 300;
const OUTER_FOLDS = 5;
const INNER_FOLDS = 5;
const REPLICATES = 200;
const TARGET_SECONDS = 180;
const CENTERS = 10;

/** Patients with 10 informative features among 200 (some categorical, 10 % missing in 20 of them). */
function cohort(seed) {
  const rng = new SeededRandom(seed);
  const columns = Array.from({ length: FEATURES }, (_, j) =>
    j % 25 === 24
      ? { name: `f${j + 1}`, type: "categorical", levels: ["a", "b", "c"] }
      : { name: `f${j + 1}`, type: "numeric" },
  );
  const rows = [];
  const outcome = [];
  for (let i = 0; i < PATIENTS; i++) {
    const row = columns.map((c) => (c.type === "categorical" ? c.levels[rng.integer(3)] : rng.normal()));
    let lp = -0.3;
    for (let j = 0; j < 10; j++) lp += (j % 2 ? -0.5 : 0.5) * row[j];
    lp += row[24] === "b" ? 0.6 : 0;
    outcome.push(rng.uniform() < 1 / (1 + Math.exp(-lp)) ? 1 : 0);
    for (let j = 180; j < 200; j++) if (rng.uniform() < 0.1) row[j] = null;
    rows.push(row);
  }
  // Centres and cohorts are carried as the engine's LearningData has them; this design (no
  // leave-one-centre-out, no transport) does not read them.
  const centers = outcome.map((_, i) => `centre-${(i % CENTERS) + 1}`);
  const cohorts = outcome.map((_, i) => (i % 2 ? "3L+" : "2L"));
  return {
    columns,
    rows,
    outcome,
    time: null,
    centers,
    cohorts,
    dropped: { endpointMissing: 0, incomplete: 0 },
  };
}

// The product refits the bootstrap replicates with the spec's first grid entry (the model
// trainModel fits), not with the setting the nested CV chose most often. The grid lists the shallow
// trees first, as the demo specs do; on this cohort the nested CV chooses depth 2 at learning rate
// 0.05 in every outer fold, so grid[0] is of the depth and rate it selects.
const GRID = [];
for (const maxDepth of [2, 4])
  for (const learningRate of [0.05, 0.1])
    for (const minChildWeight of [1, 5])
      GRID.push({ rounds: ROUNDS, maxDepth, learningRate, minChildWeight, seed: 1 });

const SPEC = readModelSpec(
  {
    format: "carta.model-spec",
    version: 1,
    name: "bench-lab",
    endpoint: "cr_day90",
    landmark: "infusion",
    learner: { kind: "boosted-trees", grid: GRID },
    validation: {
      outerFolds: OUTER_FOLDS,
      innerFolds: INNER_FOLDS,
      bootstrapReplicates: REPLICATES,
      leaveOneCenterOut: false,
      transport: null,
      seed: 1,
    },
  },
  "bench model spec",
);

/** `--threads=N` (default: the machine's parallelism, as runModelValidationParallel takes it). */
function threadsOption() {
  const option = process.argv.find((a) => a.startsWith("--threads="));
  if (!option) return availableParallelism();
  const threads = Number(option.slice("--threads=".length));
  if (!Number.isInteger(threads) || threads < 1) {
    console.error(`lab: --threads must be an integer ≥ 1, got "${option}"`);
    process.exit(2);
  }
  return threads;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

export async function run() {
  const threads = threadsOption();
  const verbose = process.argv.includes("--progress");
  console.log(
    `# model-lab benchmark: validation of boosted trees (${ROUNDS} trees, depth ≤ 4), ${PATIENTS.toLocaleString("en")} patients × ${FEATURES} features, runModelValidationParallel with ${threads} thread${threads === 1 ? " (sequential path, this thread)" : "s (worker threads)"}`,
  );
  const data = cohort(1);
  const table = { columns: data.columns, rows: data.rows };
  const outcome = Float64Array.from(data.outcome);

  const loadBefore = load();
  // The reference is the best of 3 fits after a warm-up: the validation's fits run in warmed-up
  // workers, and a single cold fit swings with the JIT and with the other work on the machine.
  const all = everyRow(PATIENTS);
  boostedTreesLearner.fit(table, outcome, all, GRID[0]);
  let reference = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    boostedTreesLearner.fit(table, outcome, all, GRID[0]);
    reference = Math.min(reference, (performance.now() - t) / 1000);
  }

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const validation = await runModelValidationParallel(
    SPEC,
    data,
    (fraction, message) => {
      if (fraction === 0) console.log(`plan: ${message}`);
      else if (verbose)
        console.log(
          `  ${((performance.now() - t0) / 1000).toFixed(1)} s ${(fraction * 100).toFixed(0)} % ${message}`,
        );
    },
    { threads },
  );
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  const loadAfter = load();

  const cv = validation.nestedCv;
  const auc = validation.optimism.indexes.find((r) => r.index === "AUC");
  // Per outer fold: inner CV over the grid, the refit with the chosen setting, the conformal refit.
  const fits = OUTER_FOLDS * (INNER_FOLDS * GRID.length + 2) + REPLICATES + 1;
  console.log(
    `nested ${OUTER_FOLDS}×${INNER_FOLDS} CV over ${GRID.length} settings: out-of-fold AUC ${cv.performance.auc.toFixed(3)}, chosen ${cv.chosen.join(" ")}; ` +
      `bootstrap optimism, ${validation.optimism.fitted}/${REPLICATES} replicates refitted with grid[0]: AUC apparent ${auc.apparent.toFixed(3)}, corrected ${auc.corrected.toFixed(3)}`,
  );
  console.log(
    `full validation: ${wall.toFixed(1)} s wall for ${fits} fits; reference one fit of grid[0] (best of 3) on all ${PATIENTS.toLocaleString("en")} patients ${reference.toFixed(2)} s → ratio ${(wall / reference).toFixed(0)}× [target < ${TARGET_SECONDS} s: ${wall < TARGET_SECONDS ? "met" : "NOT met"}]`,
  );
  // CPU time is process-wide too: on a machine shared with other work, cpu / threads is the wall
  // time the run would take with the cores to itself and perfect balance.
  console.log(
    `CPU time of the validation, all threads: ${cpu.toFixed(1)} s (÷ ${threads} thread${threads === 1 ? "" : "s"} = ${(cpu / threads).toFixed(1)} s, the wall time with idle cores and perfect balance)`,
  );
  console.log(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (${threads === 1 ? "this process, no worker threads" : "process-wide: includes the worker threads, which share this process"}); ` +
      `load average (1, 5, 15 min) before ${loadBefore}, after ${loadAfter}`,
  );
}
