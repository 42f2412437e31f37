import { describe, expect, it } from "vitest";
import { coxPh } from "../src/survival/cox/coxPh.js";
import { logRank } from "../src/survival/logRank.js";
import reference from "./fixtures/logrank.json";
import { describeMismatch, firstRelativeMismatch, type RNumber, vectorFromR } from "./rValues.js";

const REL_TOL = 1e-12;

interface LogRankCase {
  name: string;
  source: string;
  rho: number;
  input: {
    time: number[];
    event: number[];
    group: (number | string)[];
    strata?: (number | string)[] | null;
  };
  groups: string[];
  n: number[];
  observed: RNumber[];
  expected: RNumber[];
  variance: RNumber[];
  chisq: number;
  df: number;
  p: number;
  strata?: { labels: string[]; n: number[]; observed: RNumber[]; expected: RNumber[] };
}

const cases = reference.cases as unknown as LogRankCase[];

function expectClose(label: string, actual: ArrayLike<number>, expectedR: readonly RNumber[]) {
  const expected = vectorFromR(expectedR);
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

function run(c: LogRankCase) {
  return logRank({
    time: c.input.time,
    event: c.input.event,
    group: c.input.group,
    strata: c.input.strata ?? undefined,
    rho: c.rho,
  });
}

describe("logRank against R survival::survdiff on real data", () => {
  it("has the cases the tests rely on", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "lung-sex",
      "lung-ecog",
      "veteran-celltype",
      "veteran-trt-by-celltype",
      "lung-sex-peto",
      "lung-ecog-by-sex-rho-half",
      "ovarian-rx",
      "aml-x",
    ]);
  });

  for (const c of cases) {
    describe(`${c.name} (${c.source})`, () => {
      const result = run(c);

      it("orders and counts the groups as R's factor levels", () => {
        expect(result.groups).toEqual(c.groups);
        expect(Array.from(result.n)).toEqual(c.n);
        expect(result.rho).toBe(c.rho);
        expect(result.method).toBe(c.rho === 0 ? "log-rank" : "fleming-harrington");
      });

      it("matches observed, expected and the variance matrix", () => {
        expectClose("observed", result.observed, c.observed);
        expectClose("expected", result.expected, c.expected);
        expectClose("variance", result.variance, c.variance);
      });

      it("matches chisq, df and p", () => {
        expectClose("chisq", [result.chisq], [c.chisq]);
        expect(result.df).toBe(c.df);
        expectClose("p", [result.p], [c.p]);
      });

      if (c.strata) {
        const strata = c.strata;
        it("matches the per-stratum counts", () => {
          expect(result.strata?.labels).toEqual(strata.labels);
          expect(Array.from(result.strata!.n)).toEqual(strata.n);
          expectClose("observed by stratum", result.strata!.observed, strata.observed);
          expectClose("expected by stratum", result.strata!.expected, strata.expected);
        });
      } else {
        it("reports no strata", () => expect(result.strata).toBeNull());
      }
    });
  }
});

describe("logRank conventions", () => {
  const lungSex = cases.find((c) => c.name === "lung-sex")!;

  it("does not depend on the order of the observations", () => {
    const n = lungSex.input.time.length;
    const order = Array.from({ length: n }, (_, i) => (i * 37) % n);
    const shuffled = logRank({
      time: order.map((i) => lungSex.input.time[i]!),
      event: order.map((i) => lungSex.input.event[i]!),
      group: order.map((i) => lungSex.input.group[i]!),
    });
    const plain = run(lungSex);
    expect(Math.abs(shuffled.chisq - plain.chisq)).toBeLessThan(1e-12 * plain.chisq);
    expect(Array.from(shuffled.observed)).toEqual(Array.from(plain.observed));
  });

  it("has O − E summing to 0 over the groups, and variance rows summing to 0", () => {
    const result = run(lungSex);
    const diff = result.observed.reduce((s, o, g) => s + o - result.expected[g]!, 0);
    expect(Math.abs(diff)).toBeLessThan(1e-10);
    // Rows of the variance matrix sum to 0 (the k counts are linearly dependent).
    const k = result.groups.length;
    for (let g = 0; g < k; g++) {
      let row = 0;
      for (let h = 0; h < k; h++) row += result.variance[g * k + h]!;
      expect(Math.abs(row)).toBeLessThan(1e-10);
    }
  });

  it("equals the Cox score test for the group indicator when no event times tie (ovarian)", () => {
    const ovarian = cases.find((c) => c.name === "ovarian-rx")!;
    const result = run(ovarian);
    const cox = coxPh({
      time: ovarian.input.time,
      event: ovarian.input.event,
      x: ovarian.input.group.map((g) => Number(g)),
      names: ["rx"],
      ties: "breslow",
    });
    expect(Math.abs(cox.tests.score.chisq / result.chisq - 1)).toBeLessThan(1e-12);
  });

  it("merges near-identical times unless told not to", () => {
    const time = [1, 1 + 1e-12, 2, 3, 4, 5];
    const event = [1, 1, 0, 1, 1, 0];
    const group = ["a", "b", "a", "b", "a", "b"];
    const merged = logRank({ time, event, group });
    const exact = logRank({ time: [1, 1, 2, 3, 4, 5], event, group });
    expect(merged.chisq).toBe(exact.chisq);
    const apart = logRank({ time, event, group, timefix: false });
    expect(apart.timefix).toBe(false);
    expect(apart.chisq).not.toBe(exact.chisq);
  });

  it("rejects malformed input with the offending position", () => {
    expect(() => logRank({ time: [], event: [], group: [] })).toThrow(/no observations/);
    expect(() => logRank({ time: [1, 2], event: [1], group: [1, 2] })).toThrow(/event has 1/);
    expect(() => logRank({ time: [1, 2], event: [1, 1], group: [1, 1] })).toThrow(/only 1 group/);
    expect(() => logRank({ time: [1, Number.NaN], event: [1, 1], group: [1, 2] })).toThrow(/time\[1\]/);
    expect(() => logRank({ time: [1, 2], event: [1, 3], group: [1, 2] })).toThrow(/event\[1\] is 3/);
    expect(() => logRank({ time: [1, 2], event: [1, 1], group: [1, "b"] })).toThrow(
      /mixes numbers and strings/,
    );
  });
});
