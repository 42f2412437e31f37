import { describe, expect, it } from "vitest";
import { cholesky, multiplyLower, NotPositiveDefiniteError } from "../src/linalg/cholesky.js";
import { SeededRandom } from "../src/random/rng.js";
import reference from "./fixtures/cholesky.json";

const TOL = 1e-12;

function maxScaledError(actual: Float64Array, expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    worst = Math.max(worst, Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}

describe("cholesky against R's chol()", () => {
  for (const c of reference.positiveDefinite) {
    it(`${c.name}: lower factor equals t(chol(A)) to 1e-12`, () => {
      const lower = cholesky(Float64Array.from(c.matrix), c.n);
      expect(lower.length).toBe(c.n * c.n);
      expect(maxScaledError(lower, c.lower)).toBeLessThanOrEqual(TOL);
      for (let i = 0; i < c.n; i++) for (let j = i + 1; j < c.n; j++) expect(lower[i * c.n + j]).toBe(0);
    });
  }

  it("the D.3 latent correlation matrix is positive definite, smallest eigenvalue ≈ 0.042 as documented", () => {
    const d3 = reference.positiveDefinite.find((c) => c.name === "d3-latent-correlation")!;
    expect(d3.n).toBe(14);
    expect(d3.minEigenvalue).toBeGreaterThan(0.0415);
    expect(d3.minEigenvalue).toBeLessThan(0.0425);
  });

  for (const c of reference.notPositiveDefinite) {
    it(`${c.name}: throws a RangeError at the leading minor R names (order ${c.leadingMinorOrder})`, () => {
      let caught: unknown;
      try {
        cholesky(Float64Array.from(c.matrix), c.n);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RangeError);
      expect(caught).toBeInstanceOf(NotPositiveDefiniteError);
      const error = caught as NotPositiveDefiniteError;
      expect(error.leadingMinorOrder).toBe(c.leadingMinorOrder);
      expect(error.pivot).toBe(c.leadingMinorOrder - 1);
      expect(error.message).toContain(`pivot ${c.leadingMinorOrder - 1}`);
    });
  }

  it("rejects a matrix whose size does not match n, and NaN entries", () => {
    expect(() => cholesky(new Float64Array(5), 2)).toThrow(RangeError);
    expect(() => cholesky(Float64Array.of(1, 0, 0, Number.NaN), 2)).toThrow(/pivot 1/);
  });
});

describe("multiplyLower", () => {
  const c = reference.positiveDefinite.find((m) => m.name === "8x8-random-covariance")!;
  const lower = Float64Array.from(c.lower);
  const x = Float64Array.of(0.3, -1.2, 2.5, 0, 1, -0.7, 0.05, 4);

  it("computes L·x", () => {
    const out = multiplyLower(lower, c.n, x);
    for (let i = 0; i < c.n; i++) {
      let sum = 0;
      for (let j = 0; j <= i; j++) sum += c.lower[i * c.n + j]! * x[j]!;
      expect(Math.abs(out[i]! - sum)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(sum)));
    }
  });

  it("works in place (out === x) with the same result", () => {
    const expected = multiplyLower(lower, c.n, x);
    const buffer = Float64Array.from(x);
    const returned = multiplyLower(lower, c.n, buffer, buffer);
    expect(returned).toBe(buffer);
    expect(Array.from(buffer)).toEqual(Array.from(expected));
  });

  it("rejects vectors of the wrong length", () => {
    expect(() => multiplyLower(lower, c.n, new Float64Array(3))).toThrow(RangeError);
  });

  it("turns independent normals into draws with the D.3 correlations (Gaussian copula step)", () => {
    const d3 = reference.positiveDefinite.find((m) => m.name === "d3-latent-correlation")!;
    const n = d3.n;
    const factor = cholesky(Float64Array.from(d3.matrix), n);
    const rng = new SeededRandom(20240611);
    const draws = 200_000;
    const z = new Float64Array(n);
    const sum = new Float64Array(n);
    const cross = new Float64Array(n * n);
    for (let d = 0; d < draws; d++) {
      for (let i = 0; i < n; i++) z[i] = rng.normal();
      multiplyLower(factor, n, z, z);
      for (let i = 0; i < n; i++) {
        sum[i] += z[i]!;
        for (let j = 0; j <= i; j++) cross[i * n + j] += z[i]! * z[j]!;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const cov = (cross[i * n + j]! - (sum[i]! * sum[j]!) / draws) / (draws - 1);
        const target = d3.matrix[i * n + j]!;
        // Standard error of a sample covariance of unit-variance normals: √((1 + ρ²)/N).
        const se = Math.sqrt((1 + target * target) / draws);
        expect(Math.abs(cov - target), `entry (${i}, ${j})`).toBeLessThan(4.5 * se);
      }
    }
  });
});
