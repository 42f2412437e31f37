import { describe, expect, it } from "vitest";
import { normalQuantile } from "../src/distributions/normal.js";
import { SeededRandom } from "../src/random/rng.js";

// Deterministic seeds make these exact regression tests; the bounds are 4.5 standard errors, so a
// correct generator fails one with probability below 1e-5 per check should a seed ever change.
const DRAWS = 200_000;
const Z = 4.5;
// Chi-square 0.999 quantiles, R: qchisq(0.999, df = 9) and qchisq(0.999, df = 2).
const CHISQ_999_DF9 = 27.877164871256568;
const CHISQ_999_DF2 = 13.815510557964272;

function take(rng: SeededRandom, count: number, draw: (r: SeededRandom) => number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = draw(rng);
  return out;
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function variance(values: Float64Array): number {
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return s / (values.length - 1);
}

function correlation(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

function chiSquare(counts: Float64Array, expectedEach: number): number {
  let s = 0;
  for (const c of counts) s += (c - expectedEach) ** 2 / expectedEach;
  return s;
}

describe("SeededRandom reproducibility", () => {
  it("gives the same sequence for the same seed", () => {
    for (const seed of [0, 1, 42, 2 ** 40 + 7, -3]) {
      const a = new SeededRandom(seed);
      const b = new SeededRandom(seed);
      expect(Array.from(take(a, 500, (r) => r.nextUint32()))).toEqual(
        Array.from(take(b, 500, (r) => r.nextUint32())),
      );
      expect(Array.from(take(a, 500, (r) => r.normal()))).toEqual(
        Array.from(take(b, 500, (r) => r.normal())),
      );
    }
  });

  it("gives different sequences for different seeds, including seeds that differ only above 32 bits", () => {
    const seeds = [0, 1, 2, 42, 2 ** 32, 2 ** 32 + 1, 2 ** 40];
    const firsts = seeds.map((s) =>
      Array.from(take(new SeededRandom(s), 8, (r) => r.nextUint32())).join(","),
    );
    expect(new Set(firsts).size).toBe(seeds.length);
    const a = take(new SeededRandom(1), 1000, (r) => r.nextUint32());
    const b = take(new SeededRandom(2), 1000, (r) => r.nextUint32());
    let equal = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
    expect(equal).toBeLessThanOrEqual(1);
  });

  it("rejects a non-finite seed", () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(RangeError);
  });
});

describe("SeededRandom distributions on 200,000 draws", () => {
  it("uniform(): in [0, 1) with mean 1/2 and variance 1/12", () => {
    const u = take(new SeededRandom(20240611), DRAWS, (r) => r.uniform());
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    // SE(mean) = √(1/12 / N); SE(variance) = √((μ₄ − σ⁴)/N) with μ₄ = 1/80, σ⁴ = 1/144.
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(Z * Math.sqrt(1 / 12 / DRAWS));
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(Z * Math.sqrt((1 / 80 - 1 / 144) / DRAWS));
  });

  it("normal(): mean 0, sd 1 and quantiles of N(0, 1)", () => {
    const z = take(new SeededRandom(7), DRAWS, (r) => r.normal());
    expect(Math.abs(mean(z))).toBeLessThan(Z / Math.sqrt(DRAWS));
    // SE of the sample sd of normals ≈ σ/√(2N).
    expect(Math.abs(Math.sqrt(variance(z)) - 1)).toBeLessThan(Z / Math.sqrt(2 * DRAWS));
    const sorted = Float64Array.from(z).sort();
    for (const p of [0.001, 0.01, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 0.99, 0.999]) {
      const q = normalQuantile(p);
      const sample = sorted[Math.floor(p * DRAWS)]!;
      // SE of a sample p-quantile: √(p(1 − p)/N) / φ(q).
      const density = Math.exp(-0.5 * q * q) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(sample - q), `quantile ${p}`).toBeLessThan(
        (Z * Math.sqrt((p * (1 - p)) / DRAWS)) / density,
      );
    }
  });

  it("normal(mean, sd) shifts and scales", () => {
    const a = take(new SeededRandom(3), 100, (r) => r.normal());
    const b = take(new SeededRandom(3), 100, (r) => r.normal(10, 2));
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(10 + 2 * a[i]!, 12);
  });
});

describe("SeededRandom.integer(n)", () => {
  it("is uniform on 0..9 (chi-square, 9 df)", () => {
    const rng = new SeededRandom(99);
    const counts = new Float64Array(10);
    for (let i = 0; i < DRAWS; i++) counts[rng.integer(10)]!++;
    expect(chiSquare(counts, DRAWS / 10)).toBeLessThan(CHISQ_999_DF9);
  });

  it("has no modulo bias even when n is a large fraction of 2^32", () => {
    // With n = 3·2^30, plain `uint32 % n` would put half the mass in the first third of the range.
    const n = 3 * 2 ** 30;
    const rng = new SeededRandom(5);
    const thirds = new Float64Array(3);
    let outOfRange = 0;
    for (let i = 0; i < DRAWS; i++) {
      const v = rng.integer(n);
      if (!(Number.isInteger(v) && v >= 0 && v < n)) outOfRange++;
      else thirds[Math.floor(v / 2 ** 30)]!++;
    }
    expect(outOfRange).toBe(0);
    expect(chiSquare(thirds, DRAWS / 3)).toBeLessThan(CHISQ_999_DF2);
  });

  it("covers the extremes n = 1 and n = 2^32 and rejects invalid n", () => {
    const rng = new SeededRandom(11);
    for (let i = 0; i < 100; i++) expect(rng.integer(1)).toBe(0);
    const big = rng.integer(2 ** 32);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 32).toBe(true);
    for (const bad of [0, -1, 2.5, 2 ** 32 + 1, Number.NaN])
      expect(() => rng.integer(bad)).toThrow(RangeError);
  });
});

describe("SeededRandom.fork", () => {
  it("is deterministic and does not consume the parent stream", () => {
    const parent = new SeededRandom(2024);
    const twin = new SeededRandom(2024);
    const a = take(parent.fork("covariates"), 200, (r) => r.uniform());
    const b = take(parent.fork("covariates"), 200, (r) => r.uniform());
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(take(parent, 200, (r) => r.uniform()))).toEqual(
      Array.from(take(twin, 200, (r) => r.uniform())),
    );
  });

  it("draws from one child do not shift another", () => {
    const p1 = new SeededRandom(17);
    const p2 = new SeededRandom(17);
    const outcomes1 = p1.fork("outcomes");
    const covariates2 = p2.fork("covariates");
    take(covariates2, 1000, (r) => r.uniform());
    const outcomes2 = p2.fork("outcomes");
    expect(Array.from(take(outcomes1, 100, (r) => r.uniform()))).toEqual(
      Array.from(take(outcomes2, 100, (r) => r.uniform())),
    );
  });

  it("gives uncorrelated streams for different labels, and for parent and child", () => {
    const parent = new SeededRandom(31337);
    const a = take(parent.fork("a"), DRAWS, (r) => r.normal());
    const b = take(parent.fork("b"), DRAWS, (r) => r.normal());
    const own = take(parent, DRAWS, (r) => r.normal());
    expect(a[0]).not.toBe(b[0]);
    // Under independence the sample correlation has SE ≈ 1/√N.
    expect(Math.abs(correlation(a, b))).toBeLessThan(Z / Math.sqrt(DRAWS));
    expect(Math.abs(correlation(a, own))).toBeLessThan(Z / Math.sqrt(DRAWS));
    // Neighbouring draws within a child: lag-1 autocorrelation.
    expect(Math.abs(correlation(a.subarray(0, DRAWS - 1), a.subarray(1)))).toBeLessThan(Z / Math.sqrt(DRAWS));
  });

  it("depends on the parent's seed as well as the label", () => {
    const x = new SeededRandom(1).fork("site").nextUint32();
    const y = new SeededRandom(2).fork("site").nextUint32();
    expect(x).not.toBe(y);
  });
});
