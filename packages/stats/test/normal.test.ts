import { describe, expect, it } from "vitest";
import {
  normalCdf,
  normalLogCdf,
  normalLogUpperTail,
  normalQuantile,
  normalUpperTail,
} from "../src/distributions/normal.js";
import reference from "./fixtures/normal.json";
import { describeMismatch, firstRelativeMismatch, type RNumber, vectorFromR } from "./rValues.js";

// Same algorithms as R (Cody's pnorm, Wichura's AS 241 qnorm), so agreement is to rounding.
const REL_TOL = 1e-14;

const x = vectorFromR(reference.pnorm.x as RNumber[]);

function check(label: string, f: (v: number) => number, inputs: Float64Array, expectedR: RNumber[]) {
  const expected = vectorFromR(expectedR);
  const actual = inputs.map(f);
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  const where = bad < 0 ? "" : ` for input ${inputs[bad]}`;
  expect(describeMismatch(label, bad, actual, expected) + where).toBe(`${label}: all match`);
}

describe("normalCdf and tails against R's pnorm", () => {
  it("covers every branch of Cody's algorithm, including both underflow limits", () => {
    expect(x.length).toBeGreaterThan(300);
    expect(x.some((v) => Math.abs(v) <= 0.67448975 && v !== 0)).toBe(true);
    expect(x.some((v) => v < -37.5193 && Number.isFinite(v))).toBe(true);
    expect(x.some((v) => v > 37.5193 && Number.isFinite(v))).toBe(true);
  });

  it("lower tail, pnorm(x)", () => check("pnorm", normalCdf, x, reference.pnorm.lower as RNumber[]));

  it("upper tail, pnorm(x, lower.tail = FALSE)", () =>
    check("pnorm upper", normalUpperTail, x, reference.pnorm.upper as RNumber[]));

  it("log lower tail, pnorm(x, log.p = TRUE)", () =>
    check("log pnorm", normalLogCdf, x, reference.pnorm.logLower as RNumber[]));

  it("log upper tail, pnorm(x, lower.tail = FALSE, log.p = TRUE)", () =>
    check("log pnorm upper", normalLogUpperTail, x, reference.pnorm.logUpper as RNumber[]));

  it("keeps far upper tails that 1 − normalCdf would lose", () => {
    expect(1 - normalCdf(10)).toBe(0);
    expect(normalUpperTail(10)).toBeGreaterThan(7e-24);
    expect(normalUpperTail(10)).toBeLessThan(8e-24);
  });

  it("propagates NaN", () => {
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalLogUpperTail(Number.NaN)).toBeNaN();
  });
});

describe("normalQuantile against R's qnorm", () => {
  const p = vectorFromR(reference.qnorm.p as RNumber[]);

  it("includes the far tails and the branch edges", () => {
    for (const edge of [1e-300, 1e-10, 0.075, 0.925, 0.975, 0, 1]) expect(p.includes(edge)).toBe(true);
  });

  it("qnorm(p) on the grid", () => check("qnorm", normalQuantile, p, reference.qnorm.quantile as RNumber[]));

  it("round-trips with normalCdf", () => {
    for (const prob of [1e-300, 1e-10, 0.025, 0.3, 0.5, 0.8, 0.975]) {
      const q = normalQuantile(prob);
      // A relative error δ in q moves Φ(q) by about q²·δ relative (Mills ratio), hence the q² factor.
      const tolerance = 16 * Number.EPSILON * Math.max(1, q * q) * prob;
      expect(Math.abs(normalCdf(q) - prob)).toBeLessThanOrEqual(tolerance);
    }
  });

  it("is NaN outside [0, 1]", () => {
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
