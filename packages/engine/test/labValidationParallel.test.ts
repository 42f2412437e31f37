import { type ModelSpec, readModelSpec } from "@carta/ml";
import { describe, expect, it } from "vitest";
import { syntheticCohort } from "../../ml/test/synthetic.js";
import type { LearningData } from "../src/lab/learningData.js";
import type { ValidateJobSpec } from "../src/lab/models.js";
import {
  runModelValidation,
  runModelValidationParallel,
  type ValidationJson,
  validationTasks,
} from "../src/lab/modelValidation.js";
import { run as validateHandler } from "../src/lab/validateHandler.js";

/**
 * A demo-sized problem with every stage: boosted trees over a two-entry grid, 4 centres (leave-one-
 * centre-out) and both cohorts (transport). Workers load the compiled module (dist/), which
 * `npx tsc -b` builds before the tests run.
 */
const cohort = syntheticCohort(120, 12);
const data: LearningData = {
  columns: cohort.table.columns.map((c) => ({ ...c })),
  rows: cohort.table.rows.map((r) => [...r]),
  outcome: Array.from(cohort.outcome),
  centers: cohort.table.rows.map((_, i) => `C0${(i % 4) + 1}`),
  cohorts: cohort.table.rows.map((_, i) => (i % 3 === 0 ? "2L" : "3L+")),
  dropped: { endpointMissing: 0, incomplete: 0 },
};
const SPEC_JSON = {
  format: "carta.model-spec",
  version: 1,
  name: "parallel-check",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  learner: {
    kind: "boosted-trees",
    grid: [
      { rounds: 8, maxDepth: 2, learningRate: 0.3 },
      { rounds: 4, maxDepth: 3, learningRate: 0.3 },
    ],
  },
  validation: {
    outerFolds: 3,
    innerFolds: 2,
    bootstrapReplicates: 5,
    locoMinEvents: 5,
    transport: { development: "3L+", target: "2L" },
    seed: 4,
  },
};
const spec: ModelSpec = readModelSpec(SPEC_JSON);

const sequentialMessages: [number, string][] = [];
const sequential: ValidationJson = runModelValidation(spec, data, (f, m) => sequentialMessages.push([f, m]));

describe("the parallel validation run", () => {
  it("merges into exactly the sequential ValidationJson, whatever the number of threads", async () => {
    expect(sequential.loco).not.toBeNull();
    expect(sequential.transport).not.toBeNull();
    expect(sequential.conformal).not.toBeNull();
    expect(sequential.stability).not.toBeNull();
    const messages: [number, string][] = [];
    const two = await runModelValidationParallel(spec, data, (f, m) => messages.push([f, m]), { threads: 2 });
    expect(two).toEqual(sequential);
    // Three threads cut the replicates into other blocks and finish tasks in another order.
    expect(await runModelValidationParallel(spec, data, () => {}, { threads: 3 })).toEqual(sequential);

    // Progress: the plan first, one message per finished task, then "done"; fractions never fall.
    expect(messages[0]![0]).toBe(0);
    expect(messages[0]![1]).toMatch(
      /^nested cross-validation: 3 outer × 2 inner folds, 2 grid entries; .*\(2 worker threads\)$/,
    );
    expect(messages.at(-1)).toEqual([1, "done"]);
    // The split run: one tuning task per fold and grid entry, then one refit per fold.
    const tasks = validationTasks(spec, 4, true);
    expect(tasks.filter((t) => t.kind === "inner-score")).toHaveLength(3 * 2);
    expect(messages.length).toBe(tasks.length + 3 + 2);
    const fractions = messages.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(messages.map(([, m]) => m)).toEqual(
      expect.arrayContaining([
        "nested cross-validation: outer fold 2 of 3 done",
        "nested cross-validation: outer fold 3 of 3, tuning grid entry 2 of 2 done",
        "bootstrap optimism: replicate 1 of 5 done",
        "bootstrap optimism: replicates 4–5 of 5 done",
        "leave-one-centre-out done",
        "transport 3L+ → 2L done",
      ]),
    );
  });

  it("reports progress the same way when run in this thread", () => {
    expect(sequentialMessages[0]![1]).toMatch(/^nested cross-validation: 3 outer × 2 inner folds/);
    expect(sequentialMessages.at(-1)).toEqual([1, "done"]);
    expect(sequentialMessages.length).toBe(validationTasks(spec).length + 2);
  });

  it("is what the lab.validate job handler returns", async () => {
    const job: ValidateJobSpec = {
      model: { name: spec.name, version: 1 },
      spec: SPEC_JSON,
      dataSnapshotHash: "0".repeat(64),
      sameDataAsModel: true,
      data,
    };
    expect(await validateHandler(job, () => {})).toEqual(sequential);
  });

  it("fails as the sequential run does, with the task's error", async () => {
    const elasticNet = readModelSpec({
      ...SPEC_JSON,
      learner: { kind: "elastic-net-logistic", grid: [{ lambda: 0.05, alpha: 1 }] },
    });
    // The elastic net refuses missing values: every task fails on this row.
    const incomplete: LearningData = {
      ...data,
      rows: data.rows.map((r, i) => (i === 5 ? [null, ...r.slice(1)] : r)),
    };
    expect(() => runModelValidation(elasticNet, incomplete, () => {})).toThrow(RangeError);
    await expect(
      runModelValidationParallel(elasticNet, incomplete, () => {}, { threads: 2 }),
    ).rejects.toThrow(/elastic-net logistic cannot fit rows with missing values: x1/);
  });

  it("refuses a thread count that is not a positive integer", async () => {
    await expect(runModelValidationParallel(spec, data, () => {}, { threads: 0 })).rejects.toThrow(/threads/);
  });
});

describe("the tasks of a run", () => {
  it("cover every outer fold and every replicate exactly once", () => {
    for (const chunks of [1, 2, 4, 5, 20]) {
      const tasks = validationTasks(spec, chunks);
      const folds = tasks.flatMap((t) => (t.kind === "nested-cv-fold" ? [t.fold] : []));
      expect(folds).toEqual([0, 1, 2]);
      const replicates = tasks.flatMap((t) =>
        t.kind === "optimism" ? Array.from({ length: t.end - t.first }, (_, k) => t.first + k) : [],
      );
      expect(replicates).toEqual([0, 1, 2, 3, 4]);
      expect(tasks.filter((t) => t.kind === "optimism" && t.apparent)).toHaveLength(1);
      expect(tasks.filter((t) => t.kind === "loco" || t.kind === "transport")).toHaveLength(2);
      // Split: every (fold, grid entry) once, and no fold refit until the scores are in.
      const split = validationTasks(spec, chunks, true);
      expect(split.flatMap((t) => (t.kind === "inner-score" ? [`${t.fold}:${t.grid}`] : []))).toEqual([
        "0:0",
        "0:1",
        "1:0",
        "1:1",
        "2:0",
        "2:1",
      ]);
      expect(split.some((t) => t.kind === "nested-cv-fold")).toBe(false);
    }
  });
});
