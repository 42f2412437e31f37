import { describe, expect, it } from "vitest";
import { known, open, settle, unsettledReason } from "../../src/scales/unknowns.js";

describe("settle: results from incomplete inputs", () => {
  const worst = (d: { a: number; b: number }) => Math.max(d.a, d.b);
  it("stands when every possible value agrees, and lists the unknowns that did not matter", () => {
    const r = settle({ a: known(4), b: open([0, 2, 4], ["bField"]) }, worst, String);
    expect(r).toEqual({ settled: true, result: 4, assignment: { a: 4, b: 0 }, irrelevant: ["bField"] });
  });
  it("is unsettled otherwise, naming only the unknowns that could change the result", () => {
    const r = settle(
      { a: open([0, 3], ["aField"]), b: open([0, 1], ["bField"]), c: known(2) },
      (d) => Math.max(d.a, d.b, d.c),
      String,
    );
    expect(r).toEqual({ settled: false, needed: ["aField"], outcomes: [2, 3] });
  });
  it("skips combinations that cannot happen", () => {
    const r = settle(
      { severe: known(3), profound: open([0, 7], ["profound"]) },
      (d) => (d.profound >= 7 ? 3 : 1),
      String,
      (d) => d.profound <= d.severe,
    );
    expect(r).toMatchObject({ settled: true, result: 1, irrelevant: ["profound"] });
  });
  it("open() with one value is known", () => {
    expect(open([5], ["x"])).toEqual({ values: [5], fields: [] });
    expect(() => open([], ["x"])).toThrow();
  });
  it("words the reason", () => {
    expect(unsettledReason("X", ["a", "b"], ["1", "2", "3"])).toBe(
      "X not determined: missing a, b (could be 1, 2 or 3)",
    );
  });
});
