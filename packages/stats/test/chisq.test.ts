import { describe, expect, it } from "vitest";
import { chisqCdf, chisqUpperTail } from "../src/distributions/chisq.js";
import reference from "./fixtures/chisq.json";
import { fromR, type RNumber } from "./rValues.js";

// Loader's saddle-point factor exp(−stirlerr(a) − bd0(a, x)) carries a relative error of about
// |bd0|·ε, i.e. up to ~2e-13 where x/2 is several hundred; R's pgamma has the same order of error.
const REL_TOL = 1e-12;
// Results in the subnormal range carry fewer significant bits; allow a few of the smallest steps.
const ABS_TOL = 8 * Number.MIN_VALUE;

function firstMismatch(f: (x: number, df: number) => number, expectedR: readonly RNumber[]): string {
  for (let i = 0; i < reference.x.length; i++) {
    const x = reference.x[i]!;
    const df = reference.df[i]!;
    const expected = fromR(expectedR[i]!);
    const actual = f(x, df);
    if (!(Math.abs(actual - expected) <= REL_TOL * Math.abs(expected) + ABS_TOL)) {
      return `x = ${x}, df = ${df}: got ${actual}, R gives ${expected}`;
    }
  }
  return "all match";
}

describe("chi-square distribution against R's pchisq", () => {
  it("covers far tails, small and large df, and non-integer df", () => {
    const upper = reference.upper.map((v) => fromR(v as RNumber));
    expect(reference.x.length).toBeGreaterThan(1000);
    expect(upper.some((p) => p > 0 && p < 1e-300)).toBe(true);
    expect(reference.df.some((df) => !Number.isInteger(2 * df))).toBe(true);
    expect(Math.max(...reference.df)).toBeGreaterThanOrEqual(1000);
  });

  it("upper tail, pchisq(x, df, lower.tail = FALSE)", () => {
    expect(firstMismatch(chisqUpperTail, reference.upper as RNumber[])).toBe("all match");
  });

  it("lower tail, pchisq(x, df)", () => {
    expect(firstMismatch(chisqCdf, reference.lower as RNumber[])).toBe("all match");
  });

  it("keeps p-values that 1 − pchisq would lose", () => {
    expect(1 - chisqCdf(100, 1)).toBe(0);
    const p = chisqUpperTail(100, 1);
    // pchisq(100, 1, lower.tail = FALSE) = 2·pnorm(−10) = 1.523970604832105e-23
    expect(Math.abs(p / 1.523970604832105e-23 - 1)).toBeLessThan(1e-13);
  });

  it("has the textbook critical values", () => {
    expect(chisqUpperTail(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chisqUpperTail(5.991464547107979, 2)).toBeCloseTo(0.05, 14);
    // df = 2 is exponential: P(X > x) = exp(−x/2)
    expect(chisqUpperTail(7, 2)).toBeCloseTo(Math.exp(-3.5), 15);
  });

  it("handles the edges of the support and invalid arguments", () => {
    expect(chisqUpperTail(0, 3)).toBe(1);
    expect(chisqUpperTail(-1, 3)).toBe(1);
    expect(chisqCdf(0, 3)).toBe(0);
    expect(chisqUpperTail(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(chisqCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    expect(chisqUpperTail(2000, 1)).toBe(0);
    expect(chisqUpperTail(Number.NaN, 3)).toBeNaN();
    expect(chisqUpperTail(1, 0)).toBeNaN();
    expect(chisqUpperTail(1, -2)).toBeNaN();
    expect(chisqCdf(1, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});
