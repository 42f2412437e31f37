import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  studentTCdf,
  studentTDensity,
  studentTQuantile,
  studentTUpperQuantile,
  studentTUpperTail,
} from "../src/distributions/studentT.js";
import { fromR, type RNumber } from "./rValues.js";

// Against R's pt, dt and qt (tools/r/meta-fixtures.R). R evaluates the incomplete beta function by
// TOMS 708; carta by its continued fraction and, for df ≥ 30 near x = 1, the same BGRAT expansion,
// so the two agree to rounding of different but equally accurate algorithms: about 1e-13 relative,
// somewhat more where the answer is exp(−hundreds) and the exponent's own rounding shows. qt is
// Hill's algorithm refined against each side's own pt, so it inherits pt's agreement.
const REL_TOL = 2e-12;
// Results in the subnormal range carry fewer significant bits.
const ABS_TOL = 8 * Number.MIN_VALUE;

const fixture = JSON.parse(readFileSync(new URL("./fixtures/student-t.json", import.meta.url), "utf8")) as {
  pt: { x: RNumber[]; df: RNumber[]; lower: RNumber[]; upper: RNumber[]; density: RNumber[] };
  qt: { p: RNumber[]; df: RNumber[]; lower: RNumber[]; upper: RNumber[] };
};

function firstMismatch(
  f: (a: number, df: number) => number,
  inputs: RNumber[],
  dfs: RNumber[],
  expectedR: RNumber[],
): string {
  for (let i = 0; i < inputs.length; i++) {
    const a = fromR(inputs[i]!);
    const df = fromR(dfs[i]!);
    const expected = fromR(expectedR[i]!);
    const actual = f(a, df);
    const ok = Number.isFinite(expected)
      ? Math.abs(actual - expected) <= REL_TOL * Math.abs(expected) + ABS_TOL
      : Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected));
    if (!ok) return `(${a}, df = ${df}): got ${actual}, R gives ${expected}`;
  }
  return "all match";
}

describe("Student's t distribution against R's pt and dt", () => {
  const { x, df, lower, upper, density } = fixture.pt;

  it("covers tiny, fractional, huge and infinite df and the far tails", () => {
    const dfs = df.map(fromR);
    for (const d of [0.001, 0.7, 1, 2, 29.9, 30, 1e9, 1e19, Number.POSITIVE_INFINITY])
      expect(dfs).toContain(d);
    expect(upper.map(fromR).some((p) => p > 0 && p < 1e-200)).toBe(true);
  });

  it("lower tail, pt(x, df)", () => expect(firstMismatch(studentTCdf, x, df, lower)).toBe("all match"));

  it("upper tail, pt(x, df, lower.tail = FALSE)", () =>
    expect(firstMismatch(studentTUpperTail, x, df, upper)).toBe("all match"));

  it("density, dt(x, df)", () => expect(firstMismatch(studentTDensity, x, df, density)).toBe("all match"));

  it("keeps far upper tails that 1 − cdf would lose", () => {
    expect(1 - studentTCdf(1e4, 10)).toBe(0);
    // R: pt(1e4, 10, lower.tail = FALSE) = 1.230468…e-36
    expect(Math.abs(studentTUpperTail(1e4, 10) / 1.2304681860353144e-36 - 1)).toBeLessThan(1e-12);
  });

  it("has the textbook values", () => {
    // Cauchy: P(T > 1) = 1/4; df = 2: P(T > t) = (1 − t/√(t² + 2))/2.
    expect(studentTUpperTail(1, 1)).toBeCloseTo(0.25, 15);
    expect(studentTUpperTail(3, 2)).toBeCloseTo((1 - 3 / Math.sqrt(11)) / 2, 15);
    expect(studentTCdf(0, 7.3)).toBe(0.5);
  });

  it("handles invalid arguments and infinities", () => {
    expect(studentTCdf(Number.NaN, 3)).toBeNaN();
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTCdf(1, -2)).toBeNaN();
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
    expect(studentTUpperTail(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTDensity(Number.POSITIVE_INFINITY, 3)).toBe(0);
  });
});

describe("Student's t quantiles against R's qt", () => {
  const { p, df, lower, upper } = fixture.qt;

  it("qt(p, df)", () => expect(firstMismatch(studentTQuantile, p, df, lower)).toBe("all match"));

  it("qt(p, df, lower.tail = FALSE)", () =>
    expect(firstMismatch(studentTUpperQuantile, p, df, upper)).toBe("all match"));

  it("has the critical values of the tables", () => {
    expect(studentTUpperQuantile(0.025, 1)).toBeCloseTo(12.706204736174705, 12);
    expect(studentTUpperQuantile(0.025, 12)).toBeCloseTo(2.1788128296672284, 13);
    expect(studentTQuantile(0.975, 12)).toBeCloseTo(2.1788128296672284, 13);
  });

  it("round-trips with the distribution function", () => {
    for (const d of [0.5, 1.5, 3, 12.25, 80, 1e7]) {
      for (const prob of [1e-12, 0.01, 0.3, 0.5, 0.9]) {
        const q = studentTQuantile(prob, d);
        expect(Math.abs(studentTCdf(q, d) - prob)).toBeLessThanOrEqual(1e-12 * prob);
      }
    }
  });

  it("is infinite at 0 and 1 and NaN outside", () => {
    expect(studentTQuantile(0, 4)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 4)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTUpperQuantile(0, 4)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTQuantile(1.2, 4)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
    expect(studentTQuantile(Number.NaN, 4)).toBeNaN();
  });
});
