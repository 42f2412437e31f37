import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lowess } from "../src/validation/binary/lowess.js";
import { describeMismatch, firstRelativeMismatch, type RNumber, vectorFromR } from "./rValues.js";

// lowess is a line-by-line port of R's clowess, so the fitted values agree with R's lowess() to
// rounding; checked to 1e-9 relative (sorted x exactly). Fitted values that are 0 in R must be 0.
const REL_TOL = 1e-9;

interface LowessCase {
  name: string;
  source: string;
  input: { x: number[]; y: number[] };
  f: number;
  iter: number;
  delta: number;
  expected: { x: RNumber[]; y: RNumber[] };
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/binary-metrics-lowess.json", import.meta.url), "utf8"),
) as { cases: LowessCase[] };

function expectClose(label: string, actual: ArrayLike<number>, expectedR: readonly RNumber[], tol: number) {
  const expected = vectorFromR(expectedR);
  const bad = firstRelativeMismatch(actual, expected, tol);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

describe("lowess against R's lowess()", () => {
  it("has the cases the tests rely on", () => {
    expect(fixture.cases.map((c) => c.name)).toEqual([
      "cars-default",
      "cars-f-0.2",
      "cars-f-0.58",
      "cars-iter-0-delta-0",
      "faithful-default",
      "faithful-delta-large",
      "airquality-ozone-temp",
      "airquality-unsorted-f-0.3",
      "exact-line",
      "two-points",
    ]);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: f = ${c.f}, iter = ${c.iter}, delta = ${c.delta} (${c.source})`, () => {
      const out = lowess({ x: c.input.x, y: c.input.y, span: c.f, iterations: c.iter, delta: c.delta });
      expectClose("x", out.x, c.expected.x, 0);
      expectClose("y", out.y, c.expected.y, REL_TOL);
    });
  }

  it("uses R's default delta (1% of the range of x) when none is given", () => {
    const c = fixture.cases.find((k) => k.name === "faithful-default")!;
    const out = lowess({ x: c.input.x, y: c.input.y });
    expectClose("y", out.y, c.expected.y, REL_TOL);
  });

  it("returns a single point unchanged and refuses bad input", () => {
    expect(Array.from(lowess({ x: [2], y: [5] }).y)).toEqual([5]);
    expect(() => lowess({ x: [1, 2], y: [1] })).toThrow(/y has 1/);
    expect(() => lowess({ x: [1, Number.NaN], y: [1, 2] })).toThrow(/x\[1\]/);
    expect(() => lowess({ x: [1, 2], y: [1, 2], span: 0 })).toThrow(/span/);
    expect(() => lowess({ x: [1, 2], y: [1, 2], iterations: -1 })).toThrow(/iterations/);
    expect(() => lowess({ x: [1, 2], y: [1, 2], delta: -1 })).toThrow(/delta/);
  });
});
