// Model-lab benchmark (issue 6): full validation of one boosted-tree model (300 trees, depth ≤ 4) on
// 1,000 patients × 200 features — 5×5 nested cross-validation over a grid of 8 settings, then 200
// bootstrap replicates refitted with the selected settings for optimism correction — with peak memory.
// Target: under 3 minutes on the 2-core machine. The reference run is one fit of the same model, so
// the figure reads as "the whole validation costs N single fits". Runs in this process (one thread);
// the engine's job runner is what spreads replicates over worker threads.
import { performance } from "node:perf_hooks";
import { binaryOptimism, boostedTreesLearner, everyRow, nestedCrossValidation } from "@carta/ml";
import { SeededRandom } from "@carta/stats";

const PATIENTS = 1000;
const FEATURES = 200;
const ROUNDS = 300;
const REPLICATES = 200;
const TARGET_SECONDS = 180;

/** Patients with 10 informative features among 200 (some categorical, 10 % missing in 20 of them). */
function cohort(seed) {
  const rng = new SeededRandom(seed);
  const columns = Array.from({ length: FEATURES }, (_, j) =>
    j % 25 === 24
      ? { name: `f${j + 1}`, type: "categorical", levels: ["a", "b", "c"] }
      : { name: `f${j + 1}`, type: "numeric" },
  );
  const rows = [];
  const outcome = new Float64Array(PATIENTS);
  for (let i = 0; i < PATIENTS; i++) {
    const row = columns.map((c) => (c.type === "categorical" ? c.levels[rng.integer(3)] : rng.normal()));
    let lp = -0.3;
    for (let j = 0; j < 10; j++) lp += (j % 2 ? -0.5 : 0.5) * row[j];
    lp += row[24] === "b" ? 0.6 : 0;
    outcome[i] = rng.uniform() < 1 / (1 + Math.exp(-lp)) ? 1 : 0;
    for (let j = 180; j < 200; j++) if (rng.uniform() < 0.1) row[j] = null;
    rows.push(row);
  }
  return { table: { columns, rows }, outcome };
}

const GRID = [];
for (const maxDepth of [2, 4])
  for (const learningRate of [0.05, 0.1])
    for (const minChildWeight of [1, 5])
      GRID.push({ rounds: ROUNDS, maxDepth, learningRate, minChildWeight, seed: 1 });

function seconds(run) {
  const t0 = performance.now();
  const value = run();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

export async function run() {
  console.log(
    `# model-lab benchmark: boosted trees (${ROUNDS} trees, depth ≤ 4), ${PATIENTS.toLocaleString("en")} patients × ${FEATURES} features, one thread`,
  );
  const { table, outcome } = cohort(1);
  const all = everyRow(PATIENTS);
  const single = seconds(() => boostedTreesLearner.fit(table, outcome, all, GRID[3]));
  const nested = seconds(() =>
    nestedCrossValidation({
      learner: boostedTreesLearner,
      table,
      outcome,
      grid: GRID,
      outerFolds: 5,
      innerFolds: 5,
      seed: 1,
    }),
  );
  const chosen = nested.value.folds.map((f) => f.chosenIndex);
  const counts = GRID.map((_, k) => chosen.filter((c) => c === k).length);
  const selected = GRID[counts.indexOf(Math.max(...counts))];
  const optimism = seconds(() =>
    binaryOptimism({
      learner: boostedTreesLearner,
      table,
      outcome,
      params: selected,
      replicates: REPLICATES,
      seed: 1,
    }),
  );
  const total = nested.seconds + optimism.seconds;
  const fits = 5 * (5 * GRID.length + 1) + REPLICATES + 1;
  console.log(`reference: one fit on all ${PATIENTS} patients ${single.seconds.toFixed(2)} s`);
  console.log(
    `nested 5×5 CV over ${GRID.length} settings: ${nested.seconds.toFixed(1)} s (out-of-fold AUC ${nested.value.performance.auc.auc.toFixed(3)})`,
  );
  const auc = optimism.value.rows.find((r) => r.index === "AUC");
  console.log(
    `bootstrap optimism, ${REPLICATES} replicates: ${optimism.seconds.toFixed(1)} s (AUC apparent ${auc.indexOrig.toFixed(3)}, corrected ${auc.indexCorrected.toFixed(3)})`,
  );
  console.log(
    `full validation: ${total.toFixed(1)} s = ${(total / single.seconds).toFixed(0)} single fits for ${fits} fits [target < ${TARGET_SECONDS} s: ${total < TARGET_SECONDS ? "met" : "NOT met"}]; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
}
