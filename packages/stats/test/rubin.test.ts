import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { poolRubin, poolRubinTerms, type RubinPooledEstimate } from "../src/imputation/rubin.js";
import { fromR, type RNumber } from "./rValues.js";

// Against mice 3.15's pool() and summary(pool, conf.int = TRUE) on the per-imputation estimates and
// variances that pool() itself averaged (tools/r/rubin-fixtures.R). Same formulas in the same
// order; the t probabilities and quantiles come from carta's own Student t (checked against R's
// pt/qt to ~1e-13 in studentT.test.ts): 1e-9 relative throughout.
const REL_TOL = 1e-9;

interface RPooled {
  qbar: number;
  ubar: number;
  b: number;
  t: number;
  df: number;
  riv: number;
  lambda: number;
  fmi: number;
  se: number;
  statistic: number;
  pValue: number;
  ciLower: RNumber;
  ciUpper: RNumber;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/rubin.json", import.meta.url), "utf8")) as {
  models: {
    name: string;
    m: number;
    dfCom: number;
    confLevel: number;
    terms: string[];
    estimates: number[][];
    variances: number[][];
    pooled: (RPooled & { term: string })[];
  }[];
  scalars: {
    name: string;
    m: number;
    dfCom: RNumber;
    confLevel: number;
    estimates: number[];
    variances: number[];
    pooled: RPooled;
  }[];
};

function expectPooled(label: string, actual: RubinPooledEstimate, expected: RPooled): void {
  const pairs: [string, number, number][] = [
    ["qbar", actual.estimate, expected.qbar],
    ["ubar", actual.withinVariance, expected.ubar],
    ["b", actual.betweenVariance, expected.b],
    ["t", actual.totalVariance, expected.t],
    ["df", actual.df, expected.df],
    ["riv", actual.riv, expected.riv],
    ["lambda", actual.lambda, expected.lambda],
    ["fmi", actual.fmi, expected.fmi],
    ["std.error", actual.se, expected.se],
    ["statistic", actual.statistic, expected.statistic],
    ["p.value", actual.pValue, expected.pValue],
    ["2.5 %", actual.ciLower, fromR(expected.ciLower)],
    ["97.5 %", actual.ciUpper, fromR(expected.ciUpper)],
  ];
  for (const [name, a, e] of pairs) {
    const ok = e === 0 ? a === 0 : Math.abs(a - e) <= REL_TOL * Math.abs(e);
    expect(ok, `${label} ${name}: got ${a}, mice gives ${e}`).toBe(true);
  }
}

describe("poolRubinTerms against mice::pool", () => {
  it("has the models the tests rely on", () => {
    expect(fixture.models.map((c) => [c.name, c.m, c.dfCom])).toEqual([
      ["nhanes-lm", 5, 22],
      ["nhanes2-glm", 5, 22],
      ["nhanes-glm-m20", 20, 22],
    ]);
  });

  for (const c of fixture.models) {
    it(`${c.name}: every term`, () => {
      const pooled = poolRubinTerms({
        terms: c.terms,
        estimates: c.estimates,
        variances: c.variances,
        dfCom: c.dfCom,
        confLevel: c.confLevel,
      });
      expect(pooled.map((p) => p.term)).toEqual(c.pooled.map((p) => p.term));
      pooled.forEach((p, j) => {
        expect(p.m).toBe(c.m);
        expectPooled(`${c.name} ${p.term}`, p, c.pooled[j]!);
      });
    });
  }
});

describe("poolRubin against mice::pool.scalar", () => {
  for (const c of fixture.scalars) {
    it(c.name, () => {
      const pooled = poolRubin({
        estimates: c.estimates,
        variances: c.variances,
        dfCom: fromR(c.dfCom),
        confLevel: c.confLevel,
      });
      expectPooled(c.name, pooled, c.pooled);
    });
  }

  it("defaults to the large-sample degrees of freedom (dfCom = Infinity), as pool.scalar", () => {
    const c = fixture.scalars.find((s) => s.name === "infinite-dfcom")!;
    const pooled = poolRubin({ estimates: c.estimates, variances: c.variances });
    expect(pooled.dfCom).toBe(Number.POSITIVE_INFINITY);
    expectPooled("default dfCom", pooled, c.pooled);
  });
});

describe("poolRubin by hand", () => {
  it("combines three imputations", () => {
    // Q̂ = (1, 2, 3), U = (0.5, 0.5, 0.5): Q̄ = 2, Ū = 0.5, B = 1, T = 0.5 + (4/3)·1 = 11/6,
    // riv = (4/3)/0.5 = 8/3, λ = (4/3)/(11/6) = 8/11, ν_old = 2/λ² = 121/32.
    const r = poolRubin({ estimates: [1, 2, 3], variances: [0.5, 0.5, 0.5] });
    expect(r.estimate).toBe(2);
    expect(r.betweenVariance).toBe(1);
    expect(r.totalVariance).toBeCloseTo(11 / 6, 15);
    expect(r.riv).toBeCloseTo(8 / 3, 15);
    expect(r.lambda).toBeCloseTo(8 / 11, 15);
    expect(r.df).toBeCloseTo(121 / 32, 14);
    // fmi = (riv + 2/(ν + 3))/(riv + 1)
    expect(r.fmi).toBeCloseTo((8 / 3 + 2 / (121 / 32 + 3)) / (8 / 3 + 1), 14);
  });
});

describe("Rubin's rules input checks", () => {
  it("names the bad field", () => {
    expect(() => poolRubin({ estimates: [1], variances: [0.1] })).toThrow(/m ≥ 2/);
    expect(() => poolRubin({ estimates: [1, 2], variances: [0.1] })).toThrow(/variances has 1/);
    expect(() => poolRubin({ estimates: [1, Number.NaN], variances: [0.1, 0.1] })).toThrow(
      /estimates\[1\] is NaN/,
    );
    expect(() => poolRubin({ estimates: [1, 2], variances: [0.1, -0.1] })).toThrow(/variances\[1\] is -0.1/);
    expect(() => poolRubin({ estimates: [1, 2], variances: [0.1, 0.1], dfCom: 0.5 })).toThrow(/dfCom is 0.5/);
    expect(() => poolRubin({ estimates: [1, 2], variances: [0.1, 0.1], confLevel: 0 })).toThrow(
      /confLevel is 0/,
    );
    expect(() =>
      poolRubinTerms({
        terms: ["a", "b"],
        estimates: [[1, 2], [1]],
        variances: [
          [0.1, 0.1],
          [0.1, 0.1],
        ],
      }),
    ).toThrow(/imputation 1 has 1 estimates/);
    expect(() =>
      poolRubinTerms({ terms: ["a"], estimates: [[1], [2]], variances: [[0.1], [Number.POSITIVE_INFINITY]] }),
    ).toThrow(/term a.*variances\[1\] is Infinity/);
  });
});
