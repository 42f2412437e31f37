import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  binaryStandardizedDifference,
  categoricalStandardizedDifference,
  standardizedMeanDifference,
} from "../src/validation/covariateShift.js";
import type { RNumber } from "./rValues.js";

// Against the same formulas evaluated in R (tools/r/meta-fixtures.R, on survival::lung, men versus
// women): means, variances and a K−1 × K−1 solve, in a different order; 1e-12 relative.
const REL_TOL = 1e-12;

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/meta-covariate-shift.json", import.meta.url), "utf8"),
) as {
  numeric: {
    name: string;
    cohort1: RNumber[];
    cohort2: RNumber[];
    mean1: number;
    mean2: number;
    sd1: number;
    sd2: number;
    smd: number;
  }[];
  binary: { name: string; cohort1: RNumber[]; cohort2: RNumber[]; p1: number; p2: number; smd: number }[];
  categorical: {
    name: string;
    cohort1: string[];
    cohort2: string[];
    levels: string[];
    proportions1: number[];
    proportions2: number[];
    smd: number;
  }[];
};

const withMissing = (values: RNumber[]) => values.map((v) => (v === "NA" ? null : (v as number)));
const labelsWithMissing = (values: string[]) => values.map((v) => (v === "NA" ? null : v));

function expectClose(label: string, actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `${label}: got ${actual}, R gives ${expected}`).toBeLessThanOrEqual(
    REL_TOL * Math.abs(expected),
  );
}

describe("standardised differences against R", () => {
  it("has cases with missing values", () => {
    const hasNa = (c: { cohort1: (RNumber | string)[]; cohort2: (RNumber | string)[] }) =>
      c.cohort1.includes("NA") || c.cohort2.includes("NA");
    expect(fixture.numeric.some(hasNa)).toBe(true);
    expect(fixture.binary.some(hasNa)).toBe(true);
    expect(fixture.categorical.some(hasNa)).toBe(true);
  });

  for (const c of fixture.numeric) {
    it(`numeric: ${c.name}`, () => {
      const r = standardizedMeanDifference({
        cohort1: withMissing(c.cohort1),
        cohort2: withMissing(c.cohort2),
      });
      expect(r.missing1 + r.n1).toBe(c.cohort1.length);
      expectClose("mean1", r.mean1, c.mean1);
      expectClose("mean2", r.mean2, c.mean2);
      expectClose("sd1", r.sd1, c.sd1);
      expectClose("sd2", r.sd2, c.sd2);
      expectClose("smd", r.smd, c.smd);
    });
  }

  for (const c of fixture.binary) {
    it(`binary: ${c.name}`, () => {
      const r = binaryStandardizedDifference({
        cohort1: withMissing(c.cohort1),
        cohort2: withMissing(c.cohort2),
      });
      expectClose("p1", r.p1, c.p1);
      expectClose("p2", r.p2, c.p2);
      expectClose("smd", r.smd, c.smd);
    });
  }

  for (const c of fixture.categorical) {
    it(`categorical: ${c.name}`, () => {
      const r = categoricalStandardizedDifference({
        cohort1: labelsWithMissing(c.cohort1),
        cohort2: labelsWithMissing(c.cohort2),
        levels: c.levels,
      });
      expect(r.levels).toEqual(c.levels);
      for (let j = 0; j < c.levels.length; j++) {
        expectClose(`proportions1[${j}]`, r.proportions1[j]!, c.proportions1[j]!);
        expectClose(`proportions2[${j}]`, r.proportions2[j]!, c.proportions2[j]!);
      }
      expectClose("smd", r.smd, c.smd);
    });
  }

  it("gives the multinomial d of two levels as |binary d|", () => {
    const binary = fixture.binary.find((c) => c.name === "lung-status-dead")!;
    const twoLevels = fixture.categorical.find((c) => c.name === "two-levels-equals-binary")!;
    expectClose("two levels", twoLevels.smd, Math.abs(binary.smd));
  });
});

describe("standardised differences by hand", () => {
  it("numeric: pooled-SD form", () => {
    // cohort1 (1, 2, 3): mean 2, var 1; cohort2 (2, 4, 6): mean 4, var 4 → (2 − 4)/√(5/2).
    const r = standardizedMeanDifference({ cohort1: [1, 2, null, 3], cohort2: [2, 4, 6] });
    expect(r.smd).toBeCloseTo(-2 / Math.sqrt(2.5), 15);
    expect([r.n1, r.missing1]).toEqual([3, 1]);
  });

  it("binary: Austin's form, signed", () => {
    // p1 = 0.5, p2 = 0.25 → 0.25/√((0.25 + 0.1875)/2).
    const r = binaryStandardizedDifference({ cohort1: [1, 0, true, false], cohort2: [0, 0, 1, 0, null] });
    expect(r.smd).toBeCloseTo(0.25 / Math.sqrt(0.4375 / 2), 15);
    expect(r.missing2).toBe(1);
  });

  it("categorical: does not depend on which level is the reference", () => {
    const a = ["x", "y", "z", "z", "y", "y", "x", "w"];
    const b = ["z", "z", "y", "x", "z", "z", "w", "w", "w"];
    const d1 = categoricalStandardizedDifference({
      cohort1: a,
      cohort2: b,
      levels: ["x", "y", "z", "w"],
    }).smd;
    const d2 = categoricalStandardizedDifference({
      cohort1: a,
      cohort2: b,
      levels: ["w", "z", "y", "x"],
    }).smd;
    expect(d1).toBeGreaterThan(0);
    expect(Math.abs(d1 - d2)).toBeLessThan(1e-13 * d1);
    // Levels seen in neither cohort change nothing.
    const d3 = categoricalStandardizedDifference({
      cohort1: a,
      cohort2: b,
      levels: ["v", "x", "y", "z", "w"],
    }).smd;
    expect(Math.abs(d1 - d3)).toBeLessThan(1e-13 * d1);
  });

  it("handles constant and separated cohorts", () => {
    expect(standardizedMeanDifference({ cohort1: [5, 5], cohort2: [5, 5, 5] }).smd).toBe(0);
    expect(standardizedMeanDifference({ cohort1: [6, 6], cohort2: [5, 5] }).smd).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(binaryStandardizedDifference({ cohort1: [0, 0], cohort2: [1, 1] }).smd).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(categoricalStandardizedDifference({ cohort1: ["a", "b"], cohort2: ["c", "c"] }).smd).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(categoricalStandardizedDifference({ cohort1: ["a", "a"], cohort2: ["a"] }).smd).toBe(0);
  });

  it("names the bad field", () => {
    expect(() => standardizedMeanDifference({ cohort1: [1, Number.NaN, 2], cohort2: [1, 2] })).toThrow(
      /cohort1\[1\] is NaN/,
    );
    expect(() => standardizedMeanDifference({ cohort1: [1, 2], cohort2: [1, null] })).toThrow(
      /cohort2 has 1 non-missing value\(s\); needs at least 2/,
    );
    expect(() => binaryStandardizedDifference({ cohort1: [0, 2], cohort2: [1] })).toThrow(
      /cohort1\[1\] is 2/,
    );
    expect(() => binaryStandardizedDifference({ cohort1: [0], cohort2: [null] })).toThrow(/cohort2 has no/);
    expect(() =>
      categoricalStandardizedDifference({ cohort1: ["a"], cohort2: ["b"], levels: ["a"] }),
    ).toThrow(/cohort2\[0\] is b, which is not in levels/);
    expect(() => categoricalStandardizedDifference({ cohort1: [1, Number.NaN], cohort2: [1] })).toThrow(
      /cohort1\[1\] is NaN/,
    );
  });
});
