import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { everyRow, type LearningTable } from "../src/data.js";
import { binColumn, learnBinning, quantileGroupStarts } from "../src/learners/ebm/binning.js";
import { ebmContributions } from "../src/learners/ebm/contributions.js";
import { ebmLearner } from "../src/learners/ebm/ebmLearner.js";
import { ebmMargin } from "../src/learners/ebm/model.js";
import { EBM_DEFAULTS, resolveEbmParams } from "../src/learners/ebm/params.js";
import { purifyPair } from "../src/learners/ebm/purify.js";
import { deserializeEbm, EbmModelError, serializeEbm } from "../src/learners/ebm/serialize.js";
import { validationSplit } from "../src/learners/ebm/validationSplit.js";
import { range, syntheticCohort } from "./synthetic.js";

const cohort = syntheticCohort(700, 5, { missingX1: 0.15 });
const rows = range(0, 600);
const model = ebmLearner.fit(cohort.table, cohort.outcome, rows, { interactions: 3, seed: 9 });

describe("EBM contributions", () => {
  it("add up to the margin: exactly per term, to rounding per feature (pairs split half and half)", () => {
    const margins = ebmMargin(model, cohort.table, range(0, 700));
    expect(model.pairs).toHaveLength(3);
    for (let i = 0; i < 700; i += 7) {
      const c = ebmContributions(model, cohort.table.rows[i]!);
      expect(c.baseValue).toBe(model.intercept);
      expect(c.margin).toBe(margins[i]);
      let sum = c.baseValue;
      for (const term of c.terms) sum += term.contribution;
      expect(sum).toBe(margins[i]);
      const byFeature = c.features.reduce((s, f) => s + f.contribution, c.baseValue);
      expect(byFeature).toBeCloseTo(margins[i]!, 12);
      const pairTerms = c.terms.slice(model.features.length);
      const pairTotal = c.features.reduce((s, f) => s + f.pairs, 0);
      expect(pairTotal).toBeCloseTo(
        pairTerms.reduce((s, t) => s + t.contribution, 0),
        12,
      );
      expect(c.probability).toBeCloseTo(1 / (1 + Math.exp(-margins[i]!)), 14);
      c.features.forEach((f, k) => {
        expect(f.main).toBe(c.terms[k]!.contribution);
      });
    }
  });

  it("split one pair's value equally between its two features", () => {
    const single = ebmLearner.fit(cohort.table, cohort.outcome, rows, { interactions: 1, seed: 9 });
    const [a, b] = single.pairs[0]!.features;
    const c = ebmContributions(single, cohort.table.rows[3]!);
    const pair = c.terms[single.features.length]!.contribution;
    expect(c.features[a]!.pairs).toBe(pair / 2);
    expect(c.features[b]!.pairs).toBe(pair / 2);
    expect(c.features[a]!.contribution).toBe(c.features[a]!.main + pair / 2);
  });

  it("route a missing value, and a level the training rows never had, to the missing bin", () => {
    const x1 = model.features[0]!;
    const group = model.features[5]!;
    expect(group.name).toBe("group");
    const patient = [...cohort.table.rows[0]!];
    patient[0] = null;
    patient[5] = "z";
    const c = ebmContributions(model, patient);
    expect(c.terms[0]!.contribution).toBe(x1.missingScore);
    expect(c.terms[5]!.contribution).toBe(group.missingScore);
    // x1 was missing in training, so its missing bin learned something; group never was.
    expect(x1.missingScore).not.toBe(0);
    expect(group.missingScore).toBe(0);
    const table: LearningTable = { columns: cohort.table.columns, rows: [patient] };
    expect(ebmMargin(model, table, Uint32Array.of(0))[0]).toBe(c.margin);
  });

  it("refuse cells of the wrong kind, naming the column", () => {
    const patient = [...cohort.table.rows[0]!];
    patient[4] = 2;
    expect(() => ebmContributions(model, patient)).toThrow(
      /column flag is binary \(0 or 1\) but has the value 2/,
    );
    patient[4] = 1;
    patient[1] = "high";
    expect(() => ebmContributions(model, patient)).toThrow(/column x2 is numeric/);
    expect(() => ebmContributions(model, patient.slice(1))).toThrow(RangeError);
  });
});

describe("EBM serialization", () => {
  it("round-trips through JSON text to identical predictions", () => {
    const text = JSON.stringify(serializeEbm(model));
    const back = deserializeEbm(text);
    const all = range(0, 700);
    expect(ebmMargin(back, cohort.table, all)).toEqual(ebmMargin(model, cohort.table, all));
    expect(JSON.stringify(serializeEbm(back))).toBe(text);
    expect(JSON.parse(text).format).toBe("carta.ebm-model");
    expect(JSON.parse(text).version).toBe(1);
  });

  it("refuses what it does not understand, naming the field", () => {
    const good = serializeEbm(model);
    const broken = (edit: (json: ReturnType<typeof serializeEbm>) => void): unknown => {
      const json = structuredClone(good);
      edit(json);
      return json;
    };
    const cases: [unknown, RegExp][] = [
      [
        broken((j) => Object.assign(j, { format: "carta-tree-ensemble" })),
        /format: expected "carta.ebm-model"/,
      ],
      [broken((j) => Object.assign(j, { version: 2 })), /version: unsupported version 2/],
      [broken((j) => j.features[0]!.scores.pop()), /features\[0\]\.scores: expected \d+ scores/],
      [
        broken((j) => Object.assign(j.features[1]!, { colour: "red" })),
        /features\[1\]\.colour: unknown field/,
      ],
      [broken((j) => Object.assign(j.features[2]!, { missingScore: "0" })), /features\[2\]\.missingScore/],
      [
        broken((j) => Object.assign(j.features[3]!, { name: j.features[0]!.name })),
        /features\[3\]\.name: duplicate/,
      ],
      [broken((j) => Object.assign(j.pairs[0]!, { features: [0, 99] })), /pairs\[0\]\.features\[1\]/],
      [broken((j) => j.pairs[1]!.scores[0]!.pop()), /pairs\[1\]\.scores\[0\]: expected \d+ scores/],
      [
        broken((j) => Object.assign(j.training.params, { learningRate: 0 })),
        /training\.params: ebm: learningRate/,
      ],
      [broken((j) => Object.assign(j, { intercept: null })), /intercept: expected a finite number, got null/],
      ["{not json", /not JSON/],
    ];
    for (const [json, message] of cases) {
      expect(() => deserializeEbm(json)).toThrow(EbmModelError);
      expect(() => deserializeEbm(json)).toThrow(message);
    }
  });
});

describe("EBM fitting", () => {
  it("validates its parameters with RangeErrors naming them", () => {
    expect(resolveEbmParams({})).toEqual(EBM_DEFAULTS);
    const cases: [Record<string, number>, RegExp][] = [
      [{ learningRate: 0 }, /learningRate must be a number greater than 0/],
      [{ maxBins: 1 }, /maxBins must be an integer at least 2/],
      [{ interactions: -1 }, /interactions must be an integer at least 0/],
      [{ interactions: 2.5 }, /interactions must be an integer/],
      [{ validationSize: 0.9 }, /validationSize must be a number at least 0 and at most 0.5/],
      [{ cycles: Number.NaN }, /cycles must be an integer at least 1 .*got NaN/],
      [{ maxbins: 32 }, /unknown parameter "maxbins"/],
    ];
    for (const [params, message] of cases) {
      expect(() => ebmLearner.fit(cohort.table, cohort.outcome, rows, params)).toThrow(RangeError);
      expect(() => ebmLearner.fit(cohort.table, cohort.outcome, rows, params)).toThrow(message);
    }
  });

  it("refuses rows with one outcome only, or none", () => {
    const events = Uint32Array.from(Array.from(rows).filter((i) => cohort.outcome[i] === 1));
    expect(() => ebmLearner.fit(cohort.table, cohort.outcome, events, {})).toThrow(/all events/);
    expect(() => ebmLearner.fit(cohort.table, cohort.outcome, new Uint32Array(0), {})).toThrow(/no rows/);
  });

  it("is reproducible from its seed, and fits main effects only when interactions is 0", () => {
    const again = ebmLearner.fit(cohort.table, cohort.outcome, rows, { interactions: 3, seed: 9 });
    expect(serializeEbm(again)).toEqual(serializeEbm(model));
    const mains = ebmLearner.fit(cohort.table, cohort.outcome, rows, { interactions: 0, seed: 9 });
    expect(mains.pairs).toEqual([]);
    expect(mains.training.pairCycles).toBe(0);
  });

  it("keeps every copy of a patient on one side of the early-stopping split (bootstrap rows)", () => {
    const rng = new SeededRandom(1);
    const boot = Uint32Array.from({ length: 600 }, () => rng.integer(600));
    const y = Float64Array.from(boot, (i) => cohort.outcome[i]!);
    const split = validationSplit(boot, y, 0.2, 4);
    const held = new Set(Array.from(split.validation, (p) => boot[p]!));
    for (const p of split.train) expect(held.has(boot[p]!)).toBe(false);
    expect(split.train.length + split.validation.length).toBe(600);
    const fitted = ebmLearner.fit(cohort.table, cohort.outcome, boot, { interactions: 2 });
    expect(fitted.training.rows).toBe(600);
    const p = ebmLearner.predictProbability(fitted, cohort.table, range(600, 700));
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it("fits 1,000 patients × 30 features in well under a few seconds", () => {
    const rng = new SeededRandom(3);
    const table: LearningTable = {
      columns: Array.from({ length: 30 }, (_, j) => ({ name: `v${j}`, type: "numeric" as const })),
      rows: Array.from({ length: 1000 }, () => Array.from({ length: 30 }, () => rng.normal())),
    };
    const y = Float64Array.from(table.rows, (r) => {
      const [a, b, c, d] = r as number[];
      return rng.bernoulli(1 / (1 + Math.exp(-(a! - b! + c! * d!)))) ? 1 : 0;
    });
    const start = performance.now();
    const wide = ebmLearner.fit(table, y, everyRow(1000), {});
    const seconds = (performance.now() - start) / 1000;
    expect(seconds).toBeLessThan(5);
    expect(wide.pairs[0]!.features).toEqual([2, 3]);
  });
});

describe("EBM building blocks", () => {
  it("cuts numeric features into quantile bins with missing values in bin 0", () => {
    const values = [5, 1, null, 3, 3, 3, 3, 9, 7, null];
    const table: LearningTable = {
      columns: [{ name: "ldh", type: "numeric" }],
      rows: values.map((v) => [v]),
    };
    const all = everyRow(values.length);
    const binning = learnBinning(table, 0, all, 64);
    expect(binning.type === "numeric" && Array.from(binning.edges)).toEqual([1, 2, 4, 6, 8, 9]);
    const bins = new Uint16Array(values.length);
    binColumn(binning, table, 0, all, bins);
    expect(Array.from(bins)).toEqual([3, 1, 0, 2, 2, 2, 2, 5, 4, 0]);
    // A tied value is never split: 3 appears four times among 8 values.
    expect(quantileGroupStarts([1, 4, 1, 1, 1], 2)).toEqual([2]);
    expect(quantileGroupStarts([1, 1, 1, 1, 1, 1], 3)).toEqual([2, 4]);
  });

  it("purifies a pair table without changing the function it adds to the mains", () => {
    const rng = new SeededRandom(8);
    const height = 4;
    const width = 5;
    const table = Float64Array.from({ length: height * width }, () => rng.normal());
    const original = table.slice();
    // Row 0 (say, the missing bin of a feature never missing in training) has no rows.
    const weights = Float64Array.from({ length: height * width }, (_, k) =>
      k < width ? 0 : 1 + rng.integer(9),
    );
    const mass = purifyPair(table, weights, height, width);
    const weightedMean = (cells: number[]) =>
      cells.reduce((s, k) => s + weights[k]! * table[k]!, 0) / cells.reduce((s, k) => s + weights[k]!, 0);
    for (let r = 1; r < height; r++) {
      expect(Math.abs(weightedMean(Array.from({ length: width }, (_, c) => r * width + c)))).toBeLessThan(
        1e-12,
      );
      for (let c = 0; c < width; c++) {
        const restored = table[r * width + c]! + mass.rowMass[r]! + mass.columnMass[c]! + mass.mean;
        expect(restored).toBeCloseTo(original[r * width + c]!, 12);
      }
    }
    for (let c = 0; c < width; c++) {
      expect(Math.abs(weightedMean(Array.from({ length: height }, (_, r) => r * width + c)))).toBeLessThan(
        1e-12,
      );
    }
    expect(Array.from(table.subarray(0, width))).toEqual([0, 0, 0, 0, 0]);
  });
});
