import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adjustPValues } from "../src/validation/multipleTesting.js";
import type { RNumber } from "./rValues.js";

// Against R's p.adjust (tools/r/binary-metrics-fixtures.R): products and running extremes of the
// same doubles in the same order, so the adjusted values are expected to be identical; checked to
// 1e-14 relative to leave room for nothing but a different rounding of m/i.
const REL_TOL = 1e-14;

interface PAdjustCase {
  name: string;
  p: RNumber[];
  n: number | null;
  BH: RNumber[];
  holm: RNumber[];
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/binary-metrics-p-adjust.json", import.meta.url), "utf8"),
) as { cases: PAdjustCase[] };

const fromR = (v: RNumber): number | null => (v === "NA" ? null : (v as number));

function expectAdjusted(actual: (number | null)[], expected: RNumber[]) {
  expect(actual.map((v) => v === null)).toEqual(expected.map((v) => v === "NA"));
  actual.forEach((v, i) => {
    const e = fromR(expected[i]!);
    if (v === null || e === null) return;
    expect(Math.abs(v - e), `index ${i}: got ${v}, R gives ${e}`).toBeLessThanOrEqual(REL_TOL * Math.abs(e));
  });
}

describe("adjustPValues against R's p.adjust", () => {
  it("has the cases the tests rely on", () => {
    expect(fixture.cases.map((c) => c.name)).toEqual([
      "uniform-cubed-20",
      "ties",
      "with-na",
      "n-larger",
      "na-and-n-larger",
      "zeros-and-ones",
      "single",
      "pair",
      "table-of-coefficients",
    ]);
  });

  for (const c of fixture.cases) {
    for (const method of ["BH", "holm"] as const) {
      it(`${c.name}, ${method}${c.n === null ? "" : `, n = ${c.n}`}`, () => {
        const p = c.p.map(fromR);
        const adjusted = adjustPValues({ p, method, ...(c.n === null ? {} : { n: c.n }) });
        expectAdjusted(adjusted, c[method]);
      });
    }
  }

  it("gives tied p-values the same adjusted value", () => {
    const adjusted = adjustPValues({ p: [0.04, 0.01, 0.04, 0.04, 0.03], method: "BH" });
    expect(new Set([adjusted[0], adjusted[2], adjusted[3]]).size).toBe(1);
    const holm = adjustPValues({ p: [0.04, 0.01, 0.04, 0.04, 0.03], method: "holm" });
    expect(new Set([holm[0], holm[2], holm[3]]).size).toBe(1);
  });

  it("treats NaN like null and keeps it missing", () => {
    expect(adjustPValues({ p: [0.01, Number.NaN, 0.02], method: "holm" })).toEqual([0.02, null, 0.02]);
  });

  it("refuses p-values outside [0, 1], a too small n and unknown methods", () => {
    expect(() => adjustPValues({ p: [0.2, 1.5], method: "BH" })).toThrow(/p\[1\] is 1.5/);
    expect(() => adjustPValues({ p: [0.2, 0.3, 0.4], method: "BH", n: 2 })).toThrow(/n must be/);
    expect(() => adjustPValues({ p: [0.2], method: "bonferroni" as "BH" })).toThrow(/method/);
  });
});
