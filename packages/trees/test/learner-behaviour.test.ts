import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { binMatrix, computeFeatureBinning, toColumns } from "../src/learner/binning.js";
import { trainGradientBoosting } from "../src/learner/boost.js";
import { logLoss } from "../src/learner/metrics.js";
import { type BinnedTree, leafOfBinnedRow } from "../src/learner/predictBinned.js";
import { parseModel } from "../src/model/parseModel.js";
import { serializeModel } from "../src/model/serializeModel.js";
import type { Tree, TreeEnsemble } from "../src/model/types.js";
import { predictMargin } from "../src/predict/margin.js";
import { leafOf, marginsOf, syntheticBinary } from "./learner-fixtures.js";

const data = syntheticBinary(3000, 11);
const features = { values: data.values, rows: data.rows, columns: data.columns };

function leaves(tree: Tree): number[] {
  return Array.from(tree.left.keys()).filter((i) => tree.left[i] === -1);
}

function splitFeatures(model: TreeEnsemble): Set<number> {
  return new Set(model.trees.flatMap((t) => Array.from(t.splitFeature).filter((f) => f >= 0)));
}

describe("predictions", () => {
  it("the learner's own margins are what walking the saved trees gives", () => {
    const validation = syntheticBinary(500, 12);
    const { model, evaluationLog } = trainGradientBoosting({
      objective: "binary:logistic",
      features,
      labels: data.labels,
      rounds: 25,
      maxDepth: 4,
      subsample: 0.6,
      logTrainingMetric: true,
      validation: {
        features: { values: validation.values, rows: validation.rows, columns: validation.columns },
        labels: validation.labels,
      },
    });
    const labels = Float32Array.from(data.labels);
    // training margins come from the row partition and, for rows not drawn, from the binned walk
    expect(logLoss(marginsOf(model, data.values, data.columns), labels, null)).toBe(
      evaluationLog.training![evaluationLog.training!.length - 1],
    );
    expect(
      logLoss(
        marginsOf(model, validation.values, validation.columns),
        Float32Array.from(validation.labels),
        null,
      ),
    ).toBe(evaluationLog.validation![evaluationLog.validation!.length - 1]);
    // and the package's predictor agrees
    const ours = marginsOf(model, data.values, data.columns);
    const predicted = predictMargin(model, Float32Array.from(data.values));
    expect(Float32Array.from(predicted)).toEqual(ours);
  });

  it("bin codes and raw values reach the same leaf: bin ≤ b exactly when x < edges[b]", () => {
    const { model } = trainGradientBoosting({
      objective: "binary:logistic",
      features,
      labels: data.labels,
      rounds: 10,
      maxDepth: 5,
      maxBin: 32,
    });
    const x = Float32Array.from(data.values);
    const binning = computeFeatureBinning(
      toColumns(x, data.rows, data.columns),
      data.rows,
      data.columns,
      32,
      null,
    );
    expect(model.binning!.edges).toEqual(binning.edges);
    const binned = binMatrix(x, data.rows, data.columns, binning);
    for (const tree of model.trees) {
      // the split bin is the edge the condition came from, or −1 below every edge
      const splitBin = Int32Array.from(tree.splitFeature, (f, node) =>
        f < 0 ? -1 : binning.edges[f]!.indexOf(tree.splitCondition[node]!),
      );
      const binnedTree: BinnedTree = {
        left: tree.left,
        right: tree.right,
        feature: tree.splitFeature,
        splitBin,
        defaultLeft: tree.defaultLeft,
        leafValue: tree.leafValue,
      };
      let disagreements = 0;
      for (let i = 0; i < data.rows; i++)
        if (leafOfBinnedRow(binnedTree, binned, i) !== leafOf(tree, data.values, i * data.columns))
          disagreements++;
      expect(disagreements).toBe(0);
    }
  });

  it("models round-trip through carta's model JSON", () => {
    const { model } = trainGradientBoosting({
      objective: "survival:cox",
      features,
      labels: Array.from(data.labels, (y, i) => (y === 1 ? 1 + (i % 17) : -(1 + (i % 13)))),
      rounds: 5,
      featureNames: ["ageYears", "ldhRatio", "noise", "ctdna"],
      monotoneConstraints: [0, 1, 0, 0],
    });
    const back = parseModel(JSON.parse(JSON.stringify(serializeModel(model))), "learner");
    expect(back.trees).toEqual(model.trees);
    expect(back.baseMargin).toBe(model.baseMargin);
    expect(back.training.parameters).toEqual(model.training.parameters);
    expect(model.training.source).toBe("carta");
    expect(model.training.rows).toBe(data.rows);
    expect(model.training.parameters["monotone_constraints"]).toBe("(0,1,0,0)");
  });
});

describe("monotone constraints", () => {
  const grid = Array.from({ length: 121 }, (_, k) => -12 + k * 0.2);
  const rows = Array.from({ length: 150 }, (_, k) => k * 20);

  /** Largest drop (increasing: +1) along the grid of `feature`, over the sampled rows. */
  function worstViolation(model: TreeEnsemble, feature: number, direction: 1 | -1): number {
    let worst = 0;
    const x = new Float64Array(grid.length * data.columns);
    for (const r of rows) {
      for (let k = 0; k < grid.length; k++) {
        x.set(data.values.subarray(r * data.columns, (r + 1) * data.columns), k * data.columns);
        x[k * data.columns + feature] = grid[k]!;
      }
      const m = marginsOf(model, x, data.columns);
      for (let k = 1; k < grid.length; k++) worst = Math.max(worst, direction * (m[k - 1]! - m[k]!));
    }
    return worst;
  }

  it("hold on a grid for every sampled row, where the unconstrained model is not monotone", () => {
    const settings = {
      objective: "binary:logistic" as const,
      features,
      labels: data.labels,
      rounds: 40,
      maxDepth: 5,
    };
    const free = trainGradientBoosting(settings).model;
    const constrained = trainGradientBoosting({ ...settings, monotoneConstraints: [1, -1, 0, 1] }).model;
    expect(worstViolation(free, 0, 1)).toBeGreaterThan(0.1);
    expect(worstViolation(free, 1, -1)).toBeGreaterThan(0.1);
    expect(worstViolation(constrained, 0, 1)).toBe(0);
    expect(worstViolation(constrained, 1, -1)).toBe(0);
    expect(worstViolation(constrained, 3, 1)).toBe(0);
    // the constrained features are still used
    expect(splitFeatures(constrained)).toEqual(new Set([0, 1, 2, 3]));
  });

  it("hold with loss-guided growth, subsampling and Cox", () => {
    const { model } = trainGradientBoosting({
      objective: "survival:cox",
      features,
      labels: Array.from(data.labels, (y, i) => (y === 1 ? 1 + (i % 29) : -(1 + (i % 31)))),
      rounds: 30,
      growPolicy: "lossguide",
      maxLeaves: 12,
      maxDepth: 0,
      subsample: 0.7,
      colsampleByNode: 0.75,
      monotoneConstraints: [-1, 1, 0, 0],
    });
    expect(worstViolation(model, 0, -1)).toBe(0);
    expect(worstViolation(model, 1, 1)).toBe(0);
  });
});

describe("missing values", () => {
  const rng = new SeededRandom(5);
  const n = 4000;
  const values = new Float64Array(n * 2);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const missing = rng.bernoulli(0.3);
    const x0 = missing ? Number.NaN : rng.uniform();
    values[2 * i] = x0;
    values[2 * i + 1] = rng.normal();
    labels[i] = rng.bernoulli(missing ? 0.85 : x0 > 0.5 ? 0.6 : 0.15) ? 1 : 0;
  }

  it("follow a learned default direction to the side that fits them", () => {
    const { model } = trainGradientBoosting({
      objective: "binary:logistic",
      features: { values, rows: n, columns: 2 },
      labels,
      rounds: 30,
      maxDepth: 2,
    });
    // the root of the first tree splits x0 and sends missing values left, with the high values
    const first = model.trees[0]!;
    expect(first.splitFeature[0]).toBe(0);
    const p = (x0: number) => 1 / (1 + Math.exp(-predictMargin(model, [[x0, 0]])[0]!));
    expect(p(Number.NaN)).toBeGreaterThan(0.75);
    expect(p(0.9)).toBeGreaterThan(0.5);
    expect(p(0.9)).toBeLessThan(0.7);
    expect(p(0.1)).toBeLessThan(0.25);
    expect(model.trees.some((t) => t.defaultLeft.some((d) => d === 1))).toBe(true);
  });

  it("seen only at prediction go right, as in XGBoost", () => {
    const complete = syntheticBinary(1500, 3);
    for (let i = 0; i < complete.rows; i++)
      if (Number.isNaN(complete.values[i * 4 + 3]!)) complete.values[i * 4 + 3] = 5;
    const { model } = trainGradientBoosting({
      objective: "binary:logistic",
      features: { values: complete.values, rows: complete.rows, columns: 4 },
      labels: complete.labels,
      rounds: 5,
    });
    for (const tree of model.trees)
      for (let node = 0; node < tree.left.length; node++)
        if (tree.left[node] !== -1) expect(tree.defaultLeft[node]).toBe(0);
  });
});

describe("regularisation", () => {
  // squared error from base 0.5 with splitting switched off (gamma): each tree is one leaf,
  // −T_alpha(G) / (H + lambda) × eta with G = Σ(margin − y) and H = n
  const y = [0.1, 2.2, 3.5, -0.4, 1.9, 4.1, 0.7, 2.8];
  const x = y.map((_, i) => i % 3);

  function singleLeaves(lambda: number, alpha: number): number[] {
    const { model } = trainGradientBoosting({
      objective: "reg:squarederror",
      features: { values: x, rows: y.length, columns: 1 },
      labels: y,
      rounds: 2,
      gamma: 1e9,
      lambda,
      alpha,
      learningRate: 0.5,
    });
    for (const tree of model.trees) expect(tree.left).toEqual(Int32Array.of(-1));
    expect(model.trees[0]!.cover[0]).toBe(y.length);
    return model.trees.map((t) => t.leafValue[0]!);
  }

  function expected(lambda: number, alpha: number): number[] {
    const out: number[] = [];
    let margin = 0.5;
    for (let round = 0; round < 2; round++) {
      const g = y.reduce((s, v) => s + (margin - v), 0);
      const t = g > alpha ? g - alpha : g < -alpha ? g + alpha : 0;
      const leaf = ((-t / (y.length + lambda)) * 0.5) as number;
      out.push(leaf);
      margin += leaf;
    }
    return out;
  }

  it("L2 and L1 penalties give XGBoost's leaf values", () => {
    for (const [lambda, alpha] of [
      [1, 0],
      [10, 0],
      [1, 3],
      [0, 5],
    ] as const) {
      const got = singleLeaves(lambda, alpha);
      const want = expected(lambda, alpha);
      for (let k = 0; k < 2; k++) expect(got[k]).toBeCloseTo(want[k]!, 5);
    }
    // an L1 penalty larger than the gradient sum leaves nothing to learn
    expect(singleLeaves(1, 100)).toEqual([0, 0]);
  });

  it("a larger lambda shrinks the trees; min_child_weight bounds every leaf's cover", () => {
    const settings = {
      objective: "binary:logistic" as const,
      features,
      labels: data.labels,
      rounds: 3,
      maxDepth: 4,
    };
    const size = (model: TreeEnsemble) =>
      model.trees.reduce((s, t) => s + leaves(t).reduce((a, l) => a + Math.abs(t.leafValue[l]!), 0), 0);
    expect(size(trainGradientBoosting({ ...settings, lambda: 50 }).model)).toBeLessThan(
      size(trainGradientBoosting(settings).model) / 1.5,
    );
    const { model } = trainGradientBoosting({ ...settings, minChildWeight: 40 });
    for (const tree of model.trees)
      for (const l of leaves(tree)) expect(tree.cover[l]).toBeGreaterThanOrEqual(40);
    expect(model.trees[0]!.left.length).toBeGreaterThan(3);
  });
});

describe("growth", () => {
  it("depthwise trees respect max_depth; lossguide trees respect max_leaves", () => {
    const depthwise = trainGradientBoosting({
      objective: "binary:logistic",
      features,
      labels: data.labels,
      rounds: 3,
      maxDepth: 3,
      minChildWeight: 0,
    }).model;
    for (const tree of depthwise.trees) expect(leaves(tree).length).toBe(8);
    const lossguide = trainGradientBoosting({
      objective: "binary:logistic",
      features,
      labels: data.labels,
      rounds: 3,
      growPolicy: "lossguide",
      maxLeaves: 5,
      maxDepth: 0,
    }).model;
    for (const tree of lossguide.trees) expect(leaves(tree).length).toBe(5);
  });

  it("is deterministic for a seed, with row and column subsampling", () => {
    const settings = {
      objective: "binary:logistic" as const,
      features,
      labels: data.labels,
      rounds: 8,
      subsample: 0.6,
      colsampleByTree: 0.75,
      colsampleByLevel: 0.75,
      colsampleByNode: 0.7,
    };
    const a = trainGradientBoosting({ ...settings, seed: 42 }).model;
    const b = trainGradientBoosting({ ...settings, seed: 42 }).model;
    const c = trainGradientBoosting({ ...settings, seed: 43 }).model;
    expect(b.trees).toEqual(a.trees);
    expect(c.trees).not.toEqual(a.trees);
    expect(a.training.parameters["seed"]).toBe(42);
  });

  it("treats a case weight of 2 as the row twice (binning, gradients and covers)", () => {
    const n = 1200;
    const weights = Array.from({ length: n }, (_, i) => 1 + (i % 2));
    const repeated = new Float64Array((n + n / 2) * data.columns);
    const repeatedLabels: number[] = [];
    let k = 0;
    for (let i = 0; i < n; i++)
      for (let copy = 0; copy < weights[i]!; copy++) {
        repeated.set(data.values.subarray(i * data.columns, (i + 1) * data.columns), k++ * data.columns);
        repeatedLabels.push(data.labels[i]!);
      }
    // with 256 bins the sketch of these 1,200 rows is exact; with fewer it is pruned at a size set by
    // the number of values, which differs between the two (so it does in XGBoost)
    const settings = { objective: "binary:logistic" as const, rounds: 6, maxDepth: 3 };
    const weighted = trainGradientBoosting({
      ...settings,
      features: { values: data.values.subarray(0, n * data.columns), rows: n, columns: data.columns },
      labels: data.labels.subarray(0, n),
      weights,
    }).model;
    const copies = trainGradientBoosting({
      ...settings,
      features: { values: repeated, rows: k, columns: data.columns },
      labels: repeatedLabels,
    }).model;
    expect(weighted.binning!.edges).toEqual(copies.binning!.edges);
    weighted.trees.forEach((tree, t) => {
      const other = copies.trees[t]!;
      expect(Array.from(tree.splitFeature)).toEqual(Array.from(other.splitFeature));
      expect(Array.from(tree.splitCondition)).toEqual(Array.from(other.splitCondition));
      for (let node = 0; node < tree.left.length; node++) {
        expect(tree.cover[node]).toBeCloseTo(other.cover[node]!, 3);
        expect(tree.leafValue[node]).toBeCloseTo(other.leafValue[node]!, 6);
      }
    });
  });

  it("lists constant features and never splits on them", () => {
    const n = 600;
    const values = new Float64Array(n * 4);
    const labels = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values.set([data.values[i * 4]!, 7, Number.NaN, i % 2 === 0 ? 1 : Number.NaN], i * 4);
      labels[i] = data.labels[i]!;
    }
    const result = trainGradientBoosting({
      objective: "binary:logistic",
      features: { values, rows: n, columns: 4 },
      labels,
      rounds: 5,
    });
    expect(result.constantFeatures).toEqual([1, 2]);
    for (const f of splitFeatures(result.model)) expect([0, 3]).toContain(f);
  });
});

describe("early stopping", () => {
  it("keeps the trees up to the best validation round", () => {
    const validation = syntheticBinary(800, 99);
    const { model, evaluationLog } = trainGradientBoosting({
      objective: "binary:logistic",
      features,
      labels: data.labels,
      rounds: 300,
      learningRate: 0.5,
      maxDepth: 6,
      validation: {
        features: { values: validation.values, rows: validation.rows, columns: validation.columns },
        labels: validation.labels,
      },
      earlyStoppingRounds: 5,
    });
    const log = evaluationLog.validation!;
    expect(evaluationLog.stoppedEarly).toBe(true);
    expect(evaluationLog.roundsTrained).toBe(log.length);
    const best = evaluationLog.bestIteration!;
    expect(log.indexOf(Math.min(...log))).toBe(best);
    expect(log.length).toBe(best + 1 + 5);
    expect(model.trees).toHaveLength(best + 1);
    expect(model.training.bestIteration).toBe(best);
    expect(model.training.bestScore).toBe(log[best]);
    // the kept model scores the validation rows at the best round's logloss
    const margins = marginsOf(model, validation.values, validation.columns);
    expect(logLoss(margins, Float32Array.from(validation.labels), null)).toBe(log[best]);
  });

  it("maximises auc and the C-index", () => {
    const validation = syntheticBinary(600, 98);
    const auc = trainGradientBoosting({
      objective: "binary:logistic",
      features,
      labels: data.labels,
      rounds: 60,
      learningRate: 0.6,
      evalMetric: "auc",
      validation: {
        features: { values: validation.values, rows: 600, columns: 4 },
        labels: validation.labels,
      },
      earlyStoppingRounds: 4,
    }).evaluationLog;
    expect(auc.higherIsBetter).toBe(true);
    expect(auc.validation!.indexOf(Math.max(...auc.validation!))).toBe(auc.bestIteration);
    const times = (labels: Float64Array) =>
      Array.from(labels, (y, i) => (y === 1 ? 1 + (i % 23) : -(2 + (i % 19))));
    const cindex = trainGradientBoosting({
      objective: "survival:cox",
      features,
      labels: times(data.labels),
      rounds: 40,
      learningRate: 0.5,
      evalMetric: "cindex",
      validation: {
        features: { values: validation.values, rows: 600, columns: 4 },
        labels: times(validation.labels),
      },
      earlyStoppingRounds: 4,
    }).evaluationLog;
    expect(cindex.metric).toBe("cindex");
    expect(cindex.bestScore!).toBeGreaterThan(0.55);
    expect(cindex.validation!.indexOf(Math.max(...cindex.validation!))).toBe(cindex.bestIteration);
  });
});
