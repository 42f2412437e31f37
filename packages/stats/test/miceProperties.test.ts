import { describe, expect, it } from "vitest";
import { completedDatasets, fitChainedImputation, imputeWith } from "../src/imputation/mice.js";
import type { ImputationColumn, ImputationValue } from "../src/imputation/miceTypes.js";
import { poolLinearRegression } from "../src/imputation/pooledLinear.js";
import { SeededRandom } from "../src/random/rng.js";

const columns: ImputationColumn[] = [
  { name: "ageYears", type: "numeric" },
  { name: "ldh", type: "numeric" },
  { name: "bulky", type: "binary" },
  { name: "stage", type: "categorical", levels: ["I-II", "III", "IV"] },
];

/** Correlated mixed-type rows with about 20 % of each of ldh, bulky and stage missing at random. */
function makeRows(n: number, seed: number): ImputationValue[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => {
    const age = Math.round(rng.normal(60, 10));
    const stage = rng.categorical([0.3, 0.3, 0.4]);
    const ldh = Math.round(200 + 2 * (age - 60) + 60 * stage + rng.normal(0, 40));
    const bulky = rng.bernoulli(1 / (1 + Math.exp(-(-1 + 0.01 * (ldh - 250))))) ? 1 : 0;
    return [
      age,
      rng.bernoulli(0.2) ? null : ldh,
      rng.bernoulli(0.2) ? null : bulky,
      rng.bernoulli(0.2) ? null : stage,
    ];
  });
}

const train = makeRows(120, 1);
const imputer = fitChainedImputation({ columns, rows: train, m: 4, iterations: 5, seed: 42 });
const training = completedDatasets(imputer);

describe("fitChainedImputation: structure", () => {
  it("keeps observed values, imputes valid codes and only observed donor values for numeric columns", () => {
    const observedLdh = new Set(train.map((r) => r[1]).filter((v) => v !== null));
    for (const data of training) {
      for (let i = 0; i < train.length; i++) {
        for (let j = 0; j < columns.length; j++) {
          const given = train[i]![j];
          const value = data[j]![i]!;
          if (given !== null) expect(value).toBe(given);
        }
        expect(observedLdh.has(data[1]![i]!)).toBe(true);
        expect([0, 1]).toContain(data[2]![i]);
        expect([0, 1, 2]).toContain(data[3]![i]);
      }
    }
    expect(imputer.missingCount[0]).toBe(0);
    expect(imputer.models.length).toBe(4);
    for (const models of imputer.models)
      expect(models.map((model) => model.kind)).toEqual(["pmm", "pmm", "logreg", "polytomous"]);
  });

  it("the m imputations differ from one another where values are missing", () => {
    const missingRow = train.findIndex((r) => r[1] === null);
    const draws = new Set(training.map((d) => d[1]![missingRow]));
    const all = training.flatMap((d) => Array.from(d[1]!));
    expect(draws.size + new Set(all).size).toBeGreaterThan(2);
    expect(training[0]).not.toEqual(training[1]);
  });

  it("is deterministic for a seed and changes with it", () => {
    const again = fitChainedImputation({ columns, rows: train, m: 4, iterations: 5, seed: 42 });
    expect(completedDatasets(again)).toEqual(training);
    const other = fitChainedImputation({ columns, rows: train, m: 4, iterations: 5, seed: 43 });
    expect(completedDatasets(other)).not.toEqual(training);
  });

  it("accepts category labels for binary and categorical columns", () => {
    const labelled = train.map((r) => [
      r[0]!,
      r[1]!,
      r[2]!,
      r[3] === null ? null : ["I-II", "III", "IV"][r[3] as number]!,
    ]);
    const fromLabels = fitChainedImputation({ columns, rows: labelled, m: 4, iterations: 5, seed: 42 });
    expect(completedDatasets(fromLabels)).toEqual(training);
  });
});

describe("imputeWith: new rows from the stored models only", () => {
  const testA = makeRows(30, 2);
  const testB = makeRows(30, 3);

  it("imputing any test fold leaves the imputer and the training imputations unchanged", () => {
    const snapshot = structuredClone(imputer);
    imputeWith(imputer, testA);
    imputeWith(imputer, testB);
    expect(imputer).toEqual(snapshot);
    expect(completedDatasets(imputer)).toEqual(training);
  });

  it("a row's imputations do not depend on the other test rows", () => {
    const mixed = [...testA.slice(0, 10), ...testB.slice(10)];
    const fromA = imputeWith(imputer, testA);
    const fromMixed = imputeWith(imputer, mixed);
    for (let l = 0; l < imputer.m; l++) {
      for (let j = 0; j < columns.length; j++) {
        expect(Array.from(fromMixed[l]![j]!.subarray(0, 10))).toEqual(
          Array.from(fromA[l]![j]!.subarray(0, 10)),
        );
      }
    }
  });

  it("keeps observed values, returns valid codes and training donors, also for a column complete in training", () => {
    const observedLdh = new Set(train.map((r) => r[1]).filter((v) => v !== null));
    const rows: ImputationValue[][] = [
      [null, 250, 1, 2],
      [70, null, null, null],
      [null, null, null, null],
    ];
    const out = imputeWith(imputer, rows, { seed: 9 });
    for (const data of out) {
      expect(data[1]![0]).toBe(250);
      expect(data[3]![0]).toBe(2);
      expect(data[0]![1]).toBe(70);
      expect(observedLdh.has(data[1]![1]!)).toBe(true);
      expect(observedLdh.has(data[1]![2]!)).toBe(true);
      expect([0, 1]).toContain(data[2]![2]);
      expect([0, 1, 2]).toContain(data[3]![2]);
      const trainAges = new Set(train.map((r) => r[0]));
      expect(trainAges.has(data[0]![0]!)).toBe(true);
    }
    expect(imputeWith(imputer, rows, { seed: 9 })).toEqual(out);
  });
});

describe("bad input", () => {
  const base = { columns, m: 2, iterations: 2, seed: 1 };
  it("names a column that is entirely missing or has fewer than 2 observed values", () => {
    const allMissing = train.map((r) => [r[0]!, null, r[2]!, r[3]!]);
    expect(() => fitChainedImputation({ ...base, rows: allMissing })).toThrow(
      /column "ldh" is entirely missing/,
    );
    const oneObserved = train.map((r, i) => [r[0]!, r[1]!, i === 0 ? 1 : null, r[3]!]);
    expect(() => fitChainedImputation({ ...base, rows: oneObserved })).toThrow(RangeError);
    expect(() => fitChainedImputation({ ...base, rows: oneObserved })).toThrow(
      /column "bulky" has 1 observed value/,
    );
  });
  it("rejects unknown types, bad codes and ragged rows", () => {
    const weird = [...columns.slice(0, 3), { name: "stage", type: "ordinal" } as unknown as ImputationColumn];
    expect(() => fitChainedImputation({ ...base, columns: weird, rows: train })).toThrow(
      /column "stage" has unknown type "ordinal"/,
    );
    const badCode = train.map((r, i) => (i === 3 ? [r[0]!, r[1]!, 2, r[3]!] : r));
    expect(() => fitChainedImputation({ ...base, rows: badCode })).toThrow(
      /column "bulky", row 3: 2 is not a category code/,
    );
    expect(() => fitChainedImputation({ ...base, rows: [[1, 2, 0]] })).toThrow(
      /row 0 has 3 values; expected 4/,
    );
    expect(() =>
      fitChainedImputation({ ...base, columns: [{ name: "stage", type: "categorical" }], rows: [[0]] }),
    ).toThrow(/needs at least 2 levels/);
  });
});

describe("poolLinearRegression", () => {
  it("pools lm on each completed data set with dfCom = n − coefficients", () => {
    const pooled = poolLinearRegression(
      training.map((d) => ({ outcome: d[1]!, x: d[0]!, names: ["ageYears"] })),
    );
    expect(pooled.map((t) => t.term)).toEqual(["(Intercept)", "ageYears"]);
    expect(pooled[1]!.dfCom).toBe(118);
    expect(pooled[1]!.estimate).toBeGreaterThan(0.5);
    expect(pooled[1]!.betweenVariance).toBeGreaterThan(0);
  });
});
