import { describe, expect, it } from "vitest";
import { coxZph } from "../src/survival/cox/zph.js";
import { coxFixture, coxFixtures, fitFixture } from "./coxFixtures.js";
import { describeMismatch, firstRelativeMismatch, type RNumber, vectorFromR } from "./rValues.js";

const REL_TOL = 1e-10;

function expectClose(label: string, actual: ArrayLike<number>, expectedR: readonly RNumber[]) {
  const expected = vectorFromR(expectedR);
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

describe("coxZph against R survival::cox.zph (score test, survival ≥ 3)", () => {
  it("covers every transform, per-term and per-column tables", () => {
    const runs = coxFixtures.flatMap((f) => f.zph);
    expect(new Set(runs.map((z) => z.transform))).toEqual(new Set(["km", "identity", "log", "rank"]));
    expect(runs.some((z) => !z.terms)).toBe(true);
    expect(runs.some((z) => z.table.df.some((df) => df > 1))).toBe(true);
  });

  for (const f of coxFixtures) {
    for (const z of f.zph) {
      it(`${f.name}: cox.zph(fit, transform = "${z.transform}", terms = ${z.terms})`, () => {
        const result = coxZph(fitFixture(f), { transform: z.transform, terms: z.terms });
        expect(result.transform).toBe(z.transform);
        expect(result.table.names).toEqual(z.table.names);
        expect(Array.from(result.table.df)).toEqual(z.table.df);
        expectClose("chisq", result.table.chisq, z.table.chisq);
        expectClose("p", result.table.p, z.table.p);
      });
    }
  }
});

describe("coxZph conventions", () => {
  it("tests a factor's dummies together as one term, or one by one with terms = false", () => {
    const fit = fitFixture(coxFixture("veteran-efron"));
    const byTerm = coxZph(fit);
    expect(byTerm.table.names).toEqual(["trt", "karno", "celltype", "prior", "GLOBAL"]);
    expect(Array.from(byTerm.table.df)).toEqual([1, 1, 3, 1, 6]);
    const byColumn = coxZph(fit, { terms: false });
    expect(byColumn.table.names).toHaveLength(7);
    // The GLOBAL test does not depend on how columns are grouped.
    expect(byColumn.table.chisq[6]).toBeCloseTo(byTerm.table.chisq[4]!, 10);
  });

  it("leaves an aliased column out, and can omit the global test", () => {
    const aliased = coxZph(fitFixture(coxFixture("lung-aliased-efron")), { global: false });
    expect(aliased.table.names).toEqual(["age", "sex", "ph.ecog"]);
    const plain = coxZph(fitFixture(coxFixture("lung-efron")), { global: false });
    expect(Array.from(aliased.table.chisq)).toEqual(Array.from(plain.table.chisq));
  });

  it("rejects an unknown transform", () => {
    const fit = fitFixture(coxFixture("lung-efron"));
    expect(() => coxZph(fit, { transform: "sqrt" as "km" })).toThrow(/unknown transform sqrt/);
  });
});
