import { describe, expect, it } from "vitest";
import { binaryNonconformity } from "../src/conformal/binaryScore.js";
import {
  binaryPredictionSet,
  binaryPredictionSets,
  calibrateBinaryConformal,
} from "../src/conformal/binarySplitConformal.js";
import { empiricalCoverage } from "../src/conformal/coverage.js";
import { conformalQuantile } from "../src/conformal/quantile.js";

// Nine calibration patients. Scores 1 − p̂(true label): 1 − p for y = 1, p for y = 0.
//   p̂:  0.9  0.8  0.3  0.6  0.2  0.7  0.4  0.1  0.95
//   y:    1    1    0    1    0    0    1    0    1
//   s:  0.1  0.2  0.3  0.4  0.2  0.7  0.6  0.1  0.05
// sorted: 0.05 0.1 0.1 0.2 0.2 0.3 0.4 0.6 0.7
const predicted = [0.9, 0.8, 0.3, 0.6, 0.2, 0.7, 0.4, 0.1, 0.95];
const outcome = [1, 1, 0, 1, 0, 0, 1, 0, 1];

describe("conformalQuantile", () => {
  it("takes the ⌈(n + 1)(1 − α)⌉-th smallest score", () => {
    // α = 0.2: k = ⌈10 · 0.8⌉ = 8, level 8/9, q̂ = 8th smallest = 0.6.
    const scores = predicted.map((p, i) => binaryNonconformity(p, outcome[i] as 0 | 1));
    const q = conformalQuantile(scores, 0.2);
    expect(q).toEqual({ n: 9, alpha: 0.2, rank: 8, level: 8 / 9, threshold: 0.6 });
    // α = 0.5: k = ⌈10 · 0.5⌉ = 5 → 0.2; α = 0.1: k = 9 → the largest, 0.7.
    expect(conformalQuantile(scores, 0.5).threshold).toBe(0.2);
    expect(conformalQuantile(scores, 0.1).threshold).toBe(0.7);
  });

  it("is +∞ when the coverage asks for more scores than there are", () => {
    // α = 0.05 with n = 9: k = ⌈9.5⌉ = 10 > 9.
    const q = conformalQuantile([0.3, 0.1, 0.2, 0.5, 0.4, 0.6, 0.7, 0.8, 0.9], 0.05);
    expect(q.rank).toBe(10);
    expect(q.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(conformalQuantile([], 0.1).threshold).toBe(Number.POSITIVE_INFINITY);
  });

  it("does not let the rounding of 1 − α add one to the rank", () => {
    // n = 9, α = 0.7: (n + 1)(1 − α) = 3 exactly, but 10 · (1 − 0.7) is 3.0000000000000004 in doubles.
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    expect(10 * (1 - 0.7)).toBeGreaterThan(3);
    const q = conformalQuantile(scores, 0.7);
    expect(q.rank).toBe(3);
    expect(q.threshold).toBe(0.3);
  });

  it("checks its inputs", () => {
    for (const alpha of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => conformalQuantile([0.1, 0.2], alpha)).toThrow(/alpha is/);
    }
    expect(() => conformalQuantile([0.1, Number.NaN], 0.1)).toThrow(/scores\[1\] is NaN/);
  });
});

describe("split-conformal prediction sets for a binary outcome", () => {
  it("builds {0}, {1}, {0, 1} and ∅ sets from the marginal threshold", () => {
    const cal = calibrateBinaryConformal({ predicted, outcome, alpha: 0.2 });
    expect(cal.thresholds).toEqual([0.6, 0.6]);
    expect(cal.nByLabel).toEqual([4, 5]);
    // p = 0.35: s(0) = 0.35 ≤ 0.6, s(1) = 0.65 > 0.6 → {0}.
    expect(binaryPredictionSet(cal, 0.35)).toEqual([0]);
    // p = 0.7: s(0) = 0.7 > 0.6, s(1) = 0.3 → {1}.
    expect(binaryPredictionSet(cal, 0.7)).toEqual([1]);
    // p = 0.5: both scores 0.5 → {0, 1}.
    expect(binaryPredictionSet(cal, 0.5)).toEqual([0, 1]);
    // p = 0.4: s(1) = 1 − 0.4 = 0.6, exactly q̂: the set includes scores equal to the threshold.
    expect(binaryPredictionSet(cal, 0.4)).toEqual([0, 1]);
    // α = 0.5: q̂ = 0.2, and p = 0.5 gives scores 0.5 and 0.5, both above → ∅.
    const loose = calibrateBinaryConformal({ predicted, outcome, alpha: 0.5 });
    expect(binaryPredictionSet(loose, 0.5)).toEqual([]);
    expect(binaryPredictionSets(loose, [0.1, 0.5, 0.9])).toEqual([[0], [], [1]]);
  });

  it("gives every set both labels when the calibration set is too small for the coverage", () => {
    const cal = calibrateBinaryConformal({ predicted, outcome, alpha: 0.05 });
    expect(cal.thresholds).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(binaryPredictionSet(cal, 0.999)).toEqual([0, 1]);
  });

  it("calibrates each label separately under Mondrian calibration", () => {
    // y = 1 scores: 0.05 0.1 0.2 0.4 0.6 (n = 5), k = ⌈6 · 0.8⌉ = 5 → 0.6.
    // y = 0 scores: 0.1 0.2 0.3 0.7 (n = 4), k = ⌈5 · 0.8⌉ = 4 → 0.7.
    const cal = calibrateBinaryConformal({ predicted, outcome, alpha: 0.2, mondrian: true });
    expect(cal.thresholds).toEqual([0.7, 0.6]);
    expect(cal.quantiles.map((q) => [q.n, q.rank])).toEqual([
      [4, 4],
      [5, 5],
    ]);
    // p = 0.7: s(0) = 0.7 ≤ 0.7 and s(1) = 0.3 ≤ 0.6 → {0, 1}, where the marginal threshold gave {1}.
    expect(binaryPredictionSet(cal, 0.7)).toEqual([0, 1]);
    expect(binaryPredictionSet(cal, 0.2)).toEqual([0]);
    expect(binaryPredictionSet(cal, 0.9)).toEqual([1]);
  });

  it("always includes a label that no calibration patient had (Mondrian)", () => {
    const cal = calibrateBinaryConformal({
      predicted: [0.2, 0.3, 0.1],
      outcome: [0, 0, 0],
      alpha: 0.5,
      mondrian: true,
    });
    expect(cal.thresholds[1]).toBe(Number.POSITIVE_INFINITY);
    expect(binaryPredictionSet(cal, 0.01)).toContain(1);
  });

  it("checks its inputs, naming the field", () => {
    expect(() => calibrateBinaryConformal({ predicted, outcome, alpha: 1 })).toThrow(RangeError);
    expect(() => calibrateBinaryConformal({ predicted, outcome, alpha: 0 })).toThrow(/alpha is 0/);
    expect(() => calibrateBinaryConformal({ predicted, outcome, alpha: Number.NaN })).toThrow(/alpha is NaN/);
    expect(() =>
      calibrateBinaryConformal({ predicted: [0.5, Number.NaN], outcome: [0, 1], alpha: 0.1 }),
    ).toThrow(/predicted\[1\] is NaN/);
    expect(() => calibrateBinaryConformal({ predicted: [0.5, 1.2], outcome: [0, 1], alpha: 0.1 })).toThrow(
      /predicted\[1\] is 1.2/,
    );
    expect(() => calibrateBinaryConformal({ predicted: [0.5, 0.4], outcome: [0, 2], alpha: 0.1 })).toThrow(
      /outcome\[1\] is 2/,
    );
    expect(() => calibrateBinaryConformal({ predicted: [0.5], outcome: [0, 1], alpha: 0.1 })).toThrow(
      /outcome has 2 values but predicted has 1/,
    );
    const cal = calibrateBinaryConformal({ predicted, outcome, alpha: 0.2 });
    expect(() => binaryPredictionSet(cal, -0.1)).toThrow(/predicted is -0.1/);
    expect(() => binaryPredictionSets(cal, [0.2, Number.NaN])).toThrow(/predicted\[1\] is NaN/);
  });
});

describe("empiricalCoverage", () => {
  it("counts covered outcomes and set sizes", () => {
    // covered: yes ({0} ∋ 0), yes ({0,1} ∋ 1), no ({1} ∌ 0), no (∅), yes ({0,1} ∋ 0) → 3/5.
    const summary = empiricalCoverage({ sets: [[0], [0, 1], [1], [], [0, 1]], outcome: [0, 1, 0, 1, 0] });
    expect(summary.coverage).toBe(0.6);
    expect(summary.nByLabel).toEqual([3, 2]);
    expect(summary.coverageByLabel).toEqual([2 / 3, 0.5]);
    expect(summary.meanSetSize).toBe(1.2);
    expect([summary.emptyShare, summary.singletonShare, summary.bothShare]).toEqual([0.2, 0.4, 0.4]);
  });

  it("reports no class coverage for an absent class, and checks its inputs", () => {
    expect(empiricalCoverage({ sets: [[1], [0, 1]], outcome: [1, 1] }).coverageByLabel).toEqual([null, 1]);
    expect(() => empiricalCoverage({ sets: [], outcome: [] })).toThrow(/no prediction sets/);
    expect(() => empiricalCoverage({ sets: [[0]], outcome: [0, 1] })).toThrow(/sets has 1 entries/);
    expect(() => empiricalCoverage({ sets: [[0]], outcome: [3] })).toThrow(/outcome\[0\] is 3/);
    expect(() => empiricalCoverage({ sets: [[1, 1]], outcome: [1] })).toThrow(/sets\[0\] is \[1, 1\]/);
  });
});
