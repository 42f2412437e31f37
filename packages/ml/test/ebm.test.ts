import { auc, SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import type { LearningTable } from "../src/data.js";
import { ebmContributions } from "../src/learners/ebm/contributions.js";
import { ebmLearner } from "../src/learners/ebm/ebmLearner.js";
import { ebmMargin } from "../src/learners/ebm/model.js";
import { ebmShapeFunctions } from "../src/learners/ebm/shapeFunctions.js";
import { range } from "./synthetic.js";

/**
 * A cohort whose log-odds are known term by term:
 *   −0.3 + sin(x1) + 0.9·[x2 > 0.3] (1.2 when x2 is missing) + group effect + 0.8·x3·x4,
 * with a binary flag and four numeric noise columns that carry nothing. x3 and x4 are independent
 * and symmetric about 0, so x3·x4 is a pure interaction: it has no main effect to leak.
 */
const GROUP_EFFECT: Record<string, number> = { a: 0, b: 0.8, c: -0.6, d: 0.3 };

interface KnownCohort {
  table: LearningTable;
  outcome: Float64Array;
  eta: Float64Array;
}

function knownCohort(n: number, seed: number): KnownCohort {
  const rng = new SeededRandom(seed);
  const rows: (number | string | null)[][] = [];
  const outcome = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = -3 + 6 * rng.uniform();
    const x2 = rng.normal();
    const x2Missing = rng.uniform() < 0.1;
    const group = "abcd"[rng.integer(4)]!;
    const x3 = -2 + 4 * rng.uniform();
    const x4 = -2 + 4 * rng.uniform();
    const flag = rng.bernoulli(0.4) ? 1 : 0;
    const noise = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    eta[i] =
      -0.3 + Math.sin(x1) + (x2Missing ? 1.2 : x2 > 0.3 ? 0.9 : 0) + GROUP_EFFECT[group]! + 0.8 * x3 * x4;
    outcome[i] = rng.bernoulli(1 / (1 + Math.exp(-eta[i]!))) ? 1 : 0;
    rows.push([x1, x2Missing ? null : x2, group, x3, x4, ...noise, flag]);
  }
  return {
    table: {
      columns: [
        { name: "x1", type: "numeric" },
        { name: "x2", type: "numeric" },
        { name: "group", type: "categorical", levels: ["a", "b", "c", "d"] },
        { name: "x3", type: "numeric" },
        { name: "x4", type: "numeric" },
        { name: "noise1", type: "numeric" },
        { name: "noise2", type: "numeric" },
        { name: "noise3", type: "numeric" },
        { name: "noise4", type: "numeric" },
        { name: "flag", type: "binary" },
      ],
      rows,
    },
    outcome,
    eta,
  };
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

const cohort = knownCohort(5000, 2024);
const train = range(0, 3000);
const test = range(3000, 5000);
const model = ebmLearner.fit(cohort.table, cohort.outcome, train, {});
const trainingContributions = Array.from(train, (i) => ebmContributions(model, cohort.table.rows[i]!));

/** The learned term's value for each training row next to the true one (rows where truth is defined). */
function learnedVsTrue(term: string, truth: (row: readonly (number | string | null)[]) => number | null) {
  const learned: number[] = [];
  const expected: number[] = [];
  train.forEach((rowIndex, k) => {
    const t = truth(cohort.table.rows[rowIndex]!);
    if (t === null) return;
    const found = trainingContributions[k]!.terms.find((c) => c.term === term);
    if (found === undefined) throw new Error(`no term ${term}`);
    learned.push(found.contribution);
    expected.push(t);
  });
  return { learned, expected };
}

describe("explainable boosting machine on a cohort with a known additive truth", () => {
  it("learns each shape function (correlation with the true effect > 0.9)", () => {
    const checks: [string, (row: readonly (number | string | null)[]) => number | null][] = [
      ["x1", (row) => Math.sin(row[0] as number)],
      ["x2", (row) => (row[1] === null ? null : (row[1] as number) > 0.3 ? 0.9 : 0)],
      ["group", (row) => GROUP_EFFECT[row[2] as string]!],
      ["x3 × x4", (row) => 0.8 * (row[3] as number) * (row[4] as number)],
    ];
    for (const [term, truth] of checks) {
      const { learned, expected } = learnedVsTrue(term, truth);
      expect(correlation(learned, expected), term).toBeGreaterThan(0.9);
    }
  });

  it("ranks x3 × x4 first by FAST, far ahead of every spurious pair, which stays small", () => {
    const names = (k: number) => model.pairs[k]!.features.map((f) => model.features[f]!.name);
    expect(names(0)).toEqual(["x3", "x4"]);
    // interactions defaults to 10: the other nine are the best of the spurious pairs.
    expect(model.pairs).toHaveLength(10);
    const shapes = ebmShapeFunctions(model, cohort.table, train);
    const interaction = shapes.pairs[0]!;
    for (let k = 1; k < model.pairs.length; k++) {
      expect(names(k)).not.toEqual(["x3", "x4"]);
      expect(model.pairs[k]!.strength).toBeLessThan(model.pairs[0]!.strength / 5);
      expect(shapes.pairs[k]!.importance).toBeLessThan(interaction.importance / 3);
    }
  });

  it("gives the missing bin the effect of being missing", () => {
    const x2 = model.features[1]!;
    expect(x2.name).toBe("x2");
    // Truth: missing adds 1.2 over the x2 ≤ 0.3 rows, observed x2 > 0.3 adds 0.9.
    const edges = x2.binning.type === "numeric" ? x2.binning.edges : new Float64Array(0);
    let low = 0;
    let lowBins = 0;
    for (let k = 0; k < x2.scores.length; k++) {
      if (edges[k + 1]! <= 0.2 && edges[k]! >= -1) {
        low += x2.scores[k]!;
        lowBins++;
      }
    }
    expect(x2.missingScore - low / lowBins).toBeGreaterThan(1.2 - 0.4);
    expect(x2.missingScore - low / lowBins).toBeLessThan(1.2 + 0.4);
    const missingRow = Array.from(train).find((i) => cohort.table.rows[i]![1] === null)!;
    const contributions = ebmContributions(model, cohort.table.rows[missingRow]!);
    expect(contributions.terms[1]!.contribution).toBe(x2.missingScore);
  });

  it("puts the base value at the mean training margin, every term centred on the training rows", () => {
    const margins = ebmMargin(model, cohort.table, train);
    const meanMargin = margins.reduce((s, m) => s + m, 0) / margins.length;
    expect(model.intercept).toBeCloseTo(meanMargin, 10);
    const terms = trainingContributions[0]!.terms.length;
    for (let t = 0; t < terms; t++) {
      const mean = trainingContributions.reduce((s, c) => s + c.terms[t]!.contribution, 0) / train.length;
      expect(Math.abs(mean), trainingContributions[0]!.terms[t]!.term).toBeLessThan(1e-10);
    }
  });

  it("purifies each pair: its weighted row and column means over the training rows are zero", () => {
    const shapes = ebmShapeFunctions(model, cohort.table, train);
    for (const pair of shapes.pairs) {
      pair.scores.forEach((row, r) => {
        const weight = pair.counts[r]!.reduce((s, v) => s + v, 0);
        if (weight === 0) return;
        const mean = row.reduce((s, v, c) => s + v * pair.counts[r]![c]!, 0) / weight;
        expect(Math.abs(mean)).toBeLessThan(1e-9);
      });
      pair.columns.forEach((_, c) => {
        const weight = pair.counts.reduce((s, row) => s + row[c]!, 0);
        if (weight === 0) return;
        const mean = pair.scores.reduce((s, row, r) => s + row[c]! * pair.counts[r]![c]!, 0) / weight;
        expect(Math.abs(mean)).toBeLessThan(1e-9);
      });
    }
  });

  it("discriminates held-out patients nearly as well as the true model, and better than mains alone", () => {
    const outcome = Float64Array.from(test, (i) => cohort.outcome[i]!);
    const learned = auc({ predicted: ebmLearner.predictProbability(model, cohort.table, test), outcome }).auc;
    const truth = auc({ predicted: Float64Array.from(test, (i) => cohort.eta[i]!), outcome }).auc;
    expect(learned).toBeGreaterThan(truth - 0.04);
    const mainsOnly = ebmLearner.fit(cohort.table, cohort.outcome, train, { interactions: 0 });
    const additive = auc({
      predicted: ebmLearner.predictProbability(mainsOnly, cohort.table, test),
      outcome,
    }).auc;
    expect(learned).toBeGreaterThan(additive + 0.01);
  });

  it("plots each feature's shape over its bins with the rows counted", () => {
    const shapes = ebmShapeFunctions(model, cohort.table, train);
    const x1 = shapes.features[0]!;
    expect(x1.type).toBe("numeric");
    expect(x1.bins.length).toBeLessThanOrEqual(64);
    for (let k = 1; k < x1.bins.length; k++) {
      expect(x1.bins[k]!.x as number).toBeGreaterThan(x1.bins[k - 1]!.x as number);
      expect(x1.bins[k]!.lower).toBe(x1.bins[k - 1]!.upper);
    }
    for (const feature of shapes.features) {
      expect(feature.bins.reduce((s, b) => s + b.count, 0) + feature.missing.count).toBe(train.length);
    }
    const missingX2 = Array.from(train).filter((i) => cohort.table.rows[i]![1] === null).length;
    expect(shapes.features[1]!.missing.count).toBe(missingX2);
    expect(shapes.features[2]!.bins.map((b) => b.x)).toEqual(["a", "b", "c", "d"]);
    // The sine's peak near π/2 and trough near −π/2.
    const peak = x1.bins.reduce((a, b) => (b.score > a.score ? b : a));
    const trough = x1.bins.reduce((a, b) => (b.score < a.score ? b : a));
    expect(Math.abs((peak.x as number) - Math.PI / 2)).toBeLessThan(0.8);
    expect(Math.abs((trough.x as number) + Math.PI / 2)).toBeLessThan(0.8);
  });
});
