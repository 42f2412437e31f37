import { describe, expect, it } from "vitest";
import { SeededRandom } from "../src/random/rng.js";
import { bootstrapResampler, bootstrapSample, outOfBag } from "../src/resampling/bootstrap.js";
import { giniMeanDifference } from "../src/resampling/giniMeanDifference.js";
import { foldSplit, kFoldAssignment, repeatedKFold } from "../src/resampling/kFold.js";
import { leaveOneGroupOut } from "../src/resampling/leaveOneGroupOut.js";
import { replicateRandom } from "../src/resampling/replicateRandom.js";
import { somersDxyBinary } from "../src/resampling/somersDxy.js";

const SEED = 20240517;

/** A binary outcome with 17 events in 103 rows, scattered (not sorted by outcome). */
function rareEvents(): Uint8Array {
  const event = new Uint8Array(103);
  for (let i = 0; i < 17; i++) event[(i * 37 + 5) % 103] = 1;
  return event;
}

function counts(values: ArrayLike<number>, size: number): Uint32Array {
  const out = new Uint32Array(size);
  for (let i = 0; i < values.length; i++) out[values[i]!]!++;
  return out;
}

describe("replicateRandom", () => {
  it("derives one generator per (seed, stream, replicate), reproducibly", () => {
    const draws = (seed: number, stream: string, b: number) => {
      const rng = replicateRandom(seed, stream, b);
      return [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    };
    expect(draws(SEED, "bootstrap", 7)).toEqual(draws(SEED, "bootstrap", 7));
    const firsts = new Set<number>();
    for (let b = 0; b < 2000; b++) firsts.add(draws(SEED, "bootstrap", b)[0]!);
    expect(firsts.size).toBeGreaterThan(1995);
    expect(draws(SEED, "bootstrap", 3)).not.toEqual(draws(SEED, "k-fold", 3));
    expect(draws(SEED, "bootstrap", 3)).not.toEqual(draws(SEED + 1, "bootstrap", 3));
  });

  it("rejects replicate numbers that are not non-negative 32-bit integers", () => {
    expect(() => replicateRandom(SEED, "bootstrap", -1)).toThrow(RangeError);
    expect(() => replicateRandom(SEED, "bootstrap", 1.5)).toThrow(RangeError);
    expect(() => replicateRandom(SEED, "bootstrap", 2 ** 32)).toThrow(RangeError);
  });
});

describe("bootstrap samples", () => {
  it("draws n rows in [0, n) with replacement, the same for the same seed", () => {
    const n = 50;
    const sample = bootstrapSample({ n, seed: SEED, replicate: 0 });
    expect(sample).toBeInstanceOf(Uint32Array);
    expect(sample).toHaveLength(n);
    expect(sample.every((row) => row < n)).toBe(true);
    expect(new Set(sample).size).toBeLessThan(n);
    expect(bootstrapSample({ n, seed: SEED, replicate: 0 })).toEqual(sample);
    expect(bootstrapSample({ n, seed: SEED + 1, replicate: 0 })).not.toEqual(sample);
    expect(bootstrapSample({ n, seed: SEED, replicate: 1 })).not.toEqual(sample);
  });

  it("regenerates replicate b alone exactly as a sequential run produces it", () => {
    const resample = bootstrapResampler({ n: 80, seed: SEED, strata: rareEvents().subarray(0, 80) });
    const sequential = Array.from({ length: 25 }, (_, b) => resample(b));
    for (const b of [24, 0, 13, 7]) {
      const alone = bootstrapSample({
        n: 80,
        seed: SEED,
        strata: rareEvents().subarray(0, 80),
        replicate: b,
      });
      expect(alone).toEqual(sequential[b]);
    }
  });

  it("leaves out about (1 − 1/n)^n ≈ e⁻¹ of the rows", () => {
    const n = 200;
    const resample = bootstrapResampler({ n, seed: SEED });
    let left = 0;
    const replicates = 500;
    for (let b = 0; b < replicates; b++) left += outOfBag(resample(b), n).length;
    const expected = (1 - 1 / n) ** n;
    // The out-of-bag fraction of one sample has sd ≈ 0.034 at n = 200; 500 replicates: se 0.0015.
    expect(Math.abs(left / (n * replicates) - expected)).toBeLessThan(0.0075);
  });

  it("resamples within strata: every place is filled from its own stratum, sizes kept", () => {
    const event = rareEvents();
    const n = event.length;
    const resample = bootstrapResampler({ n, seed: SEED, strata: event });
    for (let b = 0; b < 20; b++) {
      const sample = resample(b);
      expect(sample).toHaveLength(n);
      for (let i = 0; i < n; i++) expect(event[sample[i]!]).toBe(event[i]);
    }
  });

  it("resamples whole clusters (e.g. centers)", () => {
    const center = ["A", "A", "B", "C", "C", "C", "D", "B", "D", "E"];
    const members = new Map<string, number[]>();
    for (const [i, c] of center.entries()) members.set(c, [...(members.get(c) ?? []), i]);
    const resample = bootstrapResampler({ n: center.length, seed: SEED, cluster: center });
    let sawRepeat = false;
    for (let b = 0; b < 30; b++) {
      const sample = Array.from(resample(b));
      // cut the sample into blocks, each one cluster's rows in row order
      const blocks: string[] = [];
      for (let at = 0; at < sample.length; ) {
        const c = center[sample[at]!]!;
        const rows = members.get(c)!;
        expect(sample.slice(at, at + rows.length)).toEqual(rows);
        blocks.push(c);
        at += rows.length;
      }
      expect(blocks).toHaveLength(members.size);
      if (new Set(blocks).size < blocks.length) sawRepeat = true;
    }
    expect(sawRepeat).toBe(true);
  });

  it("gives out-of-bag rows as the complement of the sample", () => {
    expect(Array.from(outOfBag([3, 0, 3, 5, 0, 0], 7))).toEqual([1, 2, 4, 6]);
    expect(outOfBag([0, 1, 2], 3)).toHaveLength(0);
    expect(() => outOfBag([0, 7], 7)).toThrow(RangeError);
  });

  it("rejects inconsistent options", () => {
    expect(() => bootstrapSample({ n: 0, seed: SEED, replicate: 0 })).toThrow(RangeError);
    expect(() => bootstrapSample({ n: 4, seed: SEED, replicate: 0, strata: [0, 1, 0] })).toThrow(RangeError);
    expect(() => bootstrapResampler({ n: 2, seed: SEED, strata: [0, 1], cluster: [0, 1] })).toThrow(
      RangeError,
    );
  });
});

describe("k-fold assignment", () => {
  it("puts every row in exactly one test fold, with fold sizes n/k rounded down or up", () => {
    for (const [n, k] of [
      [10, 10],
      [103, 5],
      [37, 4],
      [2, 2],
    ] as const) {
      const fold = kFoldAssignment({ n, k, seed: SEED });
      expect(fold).toBeInstanceOf(Uint32Array);
      const seen = new Uint8Array(n);
      for (let f = 0; f < k; f++) {
        const { train, test } = foldSplit(fold, f);
        expect(train.length + test.length).toBe(n);
        expect(test.length === Math.floor(n / k) || test.length === Math.ceil(n / k)).toBe(true);
        for (const row of test) seen[row]!++;
        const inTest = new Set(test);
        expect(train.every((row) => !inTest.has(row))).toBe(true);
      }
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  });

  it("balances each stratum across folds (events of a survival outcome)", () => {
    const event = rareEvents();
    const k = 5;
    for (let repeat = 0; repeat < 10; repeat++) {
      const fold = kFoldAssignment({ n: event.length, k, seed: SEED, strata: event, repeat });
      const events = new Uint32Array(k);
      const sizes = counts(fold, k);
      for (let i = 0; i < event.length; i++) events[fold[i]!]! += event[i]!;
      // 17 events in 5 folds: 3 or 4 each; 103 rows: 20 or 21 each
      expect(Array.from(events).every((e) => e === 3 || e === 4)).toBe(true);
      expect(Array.from(sizes).every((s) => s === 20 || s === 21)).toBe(true);
    }
  });

  it("shuffles: unstratified folds are not blocks of consecutive rows, and seeds differ", () => {
    const fold = kFoldAssignment({ n: 60, k: 3, seed: SEED });
    const sorted = Array.from({ length: 60 }, (_, i) => Math.floor(i / 20));
    const roundRobin = Array.from({ length: 60 }, (_, i) => i % 3);
    expect(Array.from(fold)).not.toEqual(sorted);
    expect(Array.from(fold)).not.toEqual(roundRobin);
    expect(kFoldAssignment({ n: 60, k: 3, seed: SEED })).toEqual(fold);
    expect(kFoldAssignment({ n: 60, k: 3, seed: SEED + 1 })).not.toEqual(fold);
  });

  it("repeats with a distinct split per repeat, each reproducible alone", () => {
    const event = rareEvents();
    const repeats = repeatedKFold({ n: event.length, k: 10, seed: SEED, strata: event, repeats: 4 });
    expect(repeats).toHaveLength(4);
    for (let r = 0; r < 4; r++) {
      expect(kFoldAssignment({ n: event.length, k: 10, seed: SEED, strata: event, repeat: r })).toEqual(
        repeats[r],
      );
    }
    expect(new Set(repeats.map((f) => f.join(","))).size).toBe(4);
  });

  it("rejects impossible splits", () => {
    expect(() => kFoldAssignment({ n: 5, k: 1, seed: SEED })).toThrow(RangeError);
    expect(() => kFoldAssignment({ n: 5, k: 6, seed: SEED })).toThrow(RangeError);
    expect(() => kFoldAssignment({ n: 5, k: 2, seed: SEED, strata: [1, 0] })).toThrow(RangeError);
    expect(() => repeatedKFold({ n: 5, k: 2, seed: SEED, repeats: 0 })).toThrow(RangeError);
    expect(() => foldSplit([0, 1, 0], 2)).toThrow(RangeError);
  });
});

describe("leave-one-group-out", () => {
  it("holds out exactly one center per fold and trains on all the others", () => {
    const center = ["Essen", "Bonn", "Essen", "Aachen", "Bonn", "Essen", "Köln"];
    const { labels, assignment } = leaveOneGroupOut(center);
    expect(labels).toEqual(["Aachen", "Bonn", "Essen", "Köln"]);
    for (let f = 0; f < labels.length; f++) {
      const { train, test } = foldSplit(assignment, f);
      expect(Array.from(test).every((row) => center[row] === labels[f])).toBe(true);
      expect(Array.from(train).every((row) => center[row] !== labels[f])).toBe(true);
      expect(test.length).toBe(center.filter((c) => c === labels[f]).length);
    }
  });

  it("orders numeric groups numerically and needs two groups", () => {
    expect(leaveOneGroupOut([10, 2, 10, 1]).labels).toEqual(["1", "2", "10"]);
    expect(() => leaveOneGroupOut(["A", "A"])).toThrow(RangeError);
  });
});

describe("giniMeanDifference", () => {
  it("is the mean absolute difference over all pairs", () => {
    const rng = new SeededRandom(SEED);
    const values = Float64Array.from({ length: 57 }, () => rng.normal(1, 2));
    values[3] = values[8]!; // a tie
    let sum = 0;
    for (let i = 0; i < values.length; i++)
      for (let j = 0; j < values.length; j++) if (i !== j) sum += Math.abs(values[i]! - values[j]!);
    expect(giniMeanDifference(values)).toBeCloseTo(sum / (values.length * (values.length - 1)), 12);
    expect(giniMeanDifference([4, 1])).toBe(3);
    expect(giniMeanDifference([4])).toBeNaN();
  });
});

describe("somersDxyBinary", () => {
  it("is 2·AUC − 1 with tied scores counting one half", () => {
    // event scores {2, 3} against non-event scores {1, 2}: 3 wins, 1 tie of 4 pairs, AUC 0.875
    expect(somersDxyBinary([2, 1, 3, 2], [0, 0, 1, 1])).toBe(0.75);
    expect(somersDxyBinary([3, 2, 1], [0, 1, 1])).toBe(-1);
    expect(somersDxyBinary([1, 2], [1, 1])).toBeNaN();
    expect(() => somersDxyBinary([1, 2], [0, 2])).toThrow(RangeError);
  });
});
