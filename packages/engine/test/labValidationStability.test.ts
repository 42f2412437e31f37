import {
  type BoostedTreesModel,
  type BootstrapRefit,
  binaryOptimism,
  binaryOptimismRunner,
  boostedTreesLearner,
  designMatrix,
  type ElasticNetModel,
  elasticNetLearner,
  everyRow,
  featureImportance,
  importanceRanks,
  predictorStability,
  readModelSpec,
  STABILITY_SHAP_ROWS,
} from "@carta/ml";
import { bootstrapResampler, summarizeOptimism } from "@carta/stats";
import { createTreeShapExplainer } from "@carta/trees";
import { describe, expect, it } from "vitest";
import { syntheticCohort } from "../../ml/test/synthetic.js";
import type { LearningData } from "../src/lab/learningData.js";
import { runModelValidation } from "../src/lab/modelValidation.js";

const cohort = syntheticCohort(240, 5);
const FEATURES = cohort.table.columns.map((c) => c.name);

describe("ranks and their summaries", () => {
  it("rank by decreasing importance; ties share their mean rank", () => {
    expect(Array.from(importanceRanks([3, 1, 1, 0, 0, 0]))).toEqual([1, 2.5, 2.5, 5, 5, 5]);
    expect(Array.from(importanceRanks([0.2, 0.9]))).toEqual([2, 1]);
  });

  it("summarise the refits per feature: selection share, median and 2.5/97.5% ranks, top-5 share", () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    const replicates = [0, 1, 2, 3].map((replicate) => ({
      replicate,
      measure: "test",
      // a is always first; f is unused except in replicate 3, where it ranks second.
      importance: Float64Array.from([10, 5 - replicate, 4, 3, 2, replicate === 3 ? 6 : 0]),
      selected: Uint8Array.from([1, 1, 1, 1, 1, replicate === 3 ? 1 : 0]),
    }));
    const rows = predictorStability(names, replicates);
    // Ranks per replicate — 0: a1 b2 c3 d4 e5 f6; 1: b and c tie (2.5 each); 2: c2, b and d tie
    // (3.5); 3: a1 f2 c3 d4, b and e tie (5.5). Medians: a 1, c 2.75, b 3, d 4, e 5, f 6.
    expect(rows.map((r) => [r.feature, r.medianRank])).toEqual([
      ["a", 1],
      ["c", 2.75],
      ["b", 3],
      ["d", 4],
      ["e", 5],
      ["f", 6],
    ]);
    const f = rows.find((r) => r.feature === "f")!;
    expect(f.selectedFraction).toBe(0.25);
    // f's ranks sorted: 2, 6, 6, 6; R's type-7 2.5% quantile is 2 + 0.075 × (6 − 2).
    expect(f.rankLower).toBeCloseTo(2.3, 14);
    expect(f.rankUpper).toBe(6);
    expect(f.top5Fraction).toBe(0.25);
    expect(rows[0]).toEqual({
      feature: "a",
      selectedFraction: 1,
      medianRank: 1,
      rankLower: 1,
      rankUpper: 1,
      top5Fraction: 1,
    });
    // b ranks 5.5 once (tied with e): outside the top five there.
    expect(rows.find((r) => r.feature === "b")!.top5Fraction).toBe(0.75);
    expect(() => predictorStability(names, [])).toThrow(/no refits/);
  });
});

describe("feature importance of one refit", () => {
  const rows = everyRow(240);

  it("elastic net: |coefficient × SD| summed over a categorical feature's indicators; selected = nonzero", () => {
    const model = elasticNetLearner.fit(cohort.table, cohort.outcome, rows, { lambda: 0.06, alpha: 1 });
    const imp = featureImportance(model, cohort.table, rows)!;
    expect(imp.measure).toMatch(/coefficient × training SD/);
    const b = (name: string) => Math.abs(model.standardizedCoefficients[model.encoding.names.indexOf(name)]!);
    expect(imp.importance[0]).toBe(b("x1"));
    expect(imp.importance[5]).toBe(b("group=b") + b("group=c"));
    const zero = model.encoding.names.filter((_, j) => model.coefficients[j] === 0);
    expect(zero.length).toBeGreaterThan(0);
    for (const [f, name] of FEATURES.entries()) {
      const cols = model.encoding.columns.filter((c) => c.feature === f);
      const nonzero = cols.some((c) => model.coefficients[model.encoding.columns.indexOf(c)] !== 0);
      expect(imp.selected[f], name).toBe(nonzero ? 1 : 0);
    }
  });

  it("boosted trees: used in a split; mean |TreeSHAP| on at most 200 training rows", () => {
    const model: BoostedTreesModel = boostedTreesLearner.fit(cohort.table, cohort.outcome, rows, {
      rounds: 6,
      maxDepth: 2,
      learningRate: 0.3,
    });
    const used = new Set<number>();
    for (const tree of model.ensemble.trees) {
      tree.left.forEach((l, node) => {
        if (l !== -1) used.add(model.encoding.columns[tree.splitFeature[node]!]!.feature);
      });
    }
    const imp = featureImportance(model, cohort.table, rows)!;
    expect(Array.from(imp.selected)).toEqual(FEATURES.map((_, f) => (used.has(f) ? 1 : 0)));
    expect(used.size).toBeLessThan(FEATURES.length);
    // Evenly spaced through the rows: 200 of 240.
    const sub = Uint32Array.from({ length: STABILITY_SHAP_ROWS }, (_, k) => Math.floor((k * 240) / 200));
    const shap = createTreeShapExplainer(model.ensemble).explain(
      designMatrix(model.encoding, cohort.table, sub),
    );
    const p = shap.names.length;
    const x1 = model.encoding.names.indexOf("x1");
    let mean = 0;
    for (let i = 0; i < 200; i++) mean += Math.abs(shap.values[i * p + x1]!) / 200;
    expect(imp.importance[0]).toBeCloseTo(mean, 14);
    FEATURES.forEach((_, f) => {
      if (!used.has(f)) expect(imp.importance[f]).toBe(0);
    });
  });

  it("is null for a model kind it cannot read", () => {
    expect(featureImportance({ kind: "random-forest" }, cohort.table, rows)).toBeNull();
  });
});

describe("refits of the bootstrap optimism", () => {
  const options = {
    learner: elasticNetLearner,
    table: cohort.table,
    outcome: cohort.outcome,
    params: { lambda: 0.02, alpha: 1 },
    replicates: 6,
    seed: 3,
  };

  it("are handed to onRefit once per fitted replicate without changing the optimism table", () => {
    const refits: BootstrapRefit<ElasticNetModel>[] = [];
    const withCallback = binaryOptimism({ ...options, onRefit: (r) => refits.push(r) });
    expect(withCallback).toEqual(binaryOptimism(options));
    expect(refits.map((r) => r.replicate)).toEqual([0, 1, 2, 3, 4, 5]);
    const resample = bootstrapResampler({ n: 240, seed: 3 });
    for (const r of refits) {
      expect(r.rows).toEqual(resample(r.replicate));
      expect(r.model.coefficients).toEqual(
        elasticNetLearner.fit(cohort.table, cohort.outcome, r.rows, options.params).coefficients,
      );
    }
  });

  it("give the same table whichever order the replicates are run in (the parallel merge)", () => {
    const runner = binaryOptimismRunner(options);
    const backwards = [5, 4, 3, 2, 1, 0].map((b) => runner.replicate(b));
    expect(summarizeOptimism(runner.apparent(), backwards)).toEqual(binaryOptimism(options));
  });
});

describe("the validation run's stability block", () => {
  const data: LearningData = {
    columns: cohort.table.columns.map((c) => ({ ...c })),
    rows: cohort.table.rows.map((r) => [...r]),
    outcome: Array.from(cohort.outcome),
    centers: cohort.table.rows.map((_, i) => `C${i % 3}`),
    cohorts: cohort.table.rows.map(() => "3L+"),
    dropped: { endpointMissing: 0, incomplete: 0 },
  };

  it("ranks the true predictors first across the refits (elastic net)", () => {
    const spec = readModelSpec({
      format: "carta.model-spec",
      version: 1,
      name: "stability",
      endpoint: "cr_day90",
      landmark: "infusion",
      learner: { kind: "elastic-net-logistic", grid: [{ lambda: 0.03, alpha: 1 }] },
      validation: {
        outerFolds: 2,
        innerFolds: 2,
        bootstrapReplicates: 20,
        leaveOneCenterOut: false,
        seed: 2,
      },
    });
    const v = runModelValidation(spec, data, () => {});
    const s = v.stability!;
    expect(s.replicates).toBe(v.optimism.fitted);
    expect(s.method).toMatch(/coefficient × training SD/);
    expect(s.features.map((f) => f.feature).sort()).toEqual([...FEATURES].sort());
    const medians = s.features.map((f) => f.medianRank);
    expect(medians).toEqual([...medians].sort((a, b) => a - b));
    // True model: x1 (1.2), x2 (−0.9), group b (0.8); noise1, noise2 and flag carry nothing.
    expect(
      s.features
        .slice(0, 2)
        .map((f) => f.feature)
        .sort(),
    ).toEqual(["x1", "x2"]);
    const x1 = s.features.find((f) => f.feature === "x1")!;
    expect(x1.selectedFraction).toBe(1);
    expect(x1.top5Fraction).toBe(1);
    const noise2 = s.features.find((f) => f.feature === "noise2")!;
    expect(noise2.selectedFraction).toBeLessThan(1);
    expect(noise2.medianRank).toBeGreaterThan(3);
    for (const f of s.features) {
      expect(f.rankLower).toBeLessThanOrEqual(f.medianRank);
      expect(f.rankUpper).toBeGreaterThanOrEqual(f.medianRank);
    }
  });
});
