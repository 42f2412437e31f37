import { describe, expect, it } from "vitest";
import { integrateBrierScore, integratedBrier } from "../src/validation/survival/integratedBrier.js";
import reference from "./fixtures/survival-validation-ibs.json";
import { describeMismatch, firstRelativeMismatch } from "./rValues.js";

// Same estimator and the same step-function integral as riskRegression::Score(summary = "ibs"),
// summed in another order: 1e-10 relative; measured agreement is about 1e-14.
const REL_TOL = 1e-10;

function expectClose(label: string, actual: ArrayLike<number>, expected: readonly number[]) {
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

describe("integrated Brier score against riskRegression::Score(summary = 'ibs')", () => {
  it("has the data sets the tests rely on", () => {
    expect(reference.datasets.map((d) => d.name)).toEqual(["lung", "veteran"]);
  });

  for (const d of reference.datasets) {
    it(`${d.name}: Brier score and IBS up to each grid time, model and null model`, () => {
      const result = integratedBrier({
        time: d.input.time,
        event: d.input.event,
        horizons: d.input.horizons,
        riskAt: d.input.riskAt,
      });
      expect(result.method).toBe("integrated-brier");
      expectClose("brier", result.brier.brier, d.brier);
      expectClose("null brier", result.brier.nullBrier, d.nullBrier);
      expectClose("ibs", result.ibs, d.ibs);
      expectClose("null ibs", result.nullIbs, d.nullIbs);
    });
  }
});

describe("integrateBrierScore on a grid worked by hand", () => {
  it("holds each Brier score until the next grid time, with 0 before the first", () => {
    // 0 on [0, 1), 0.1 on [1, 3), 0.2 on [3, 4): IBS(4) = (0.1·2 + 0.2·1)/4
    const ibs = integrateBrierScore([1, 3, 4], [0.1, 0.2, 0.3]);
    expect(ibs[0]).toBe(0);
    expect(ibs[1]).toBeCloseTo((0.1 * 2) / 3, 15);
    expect(ibs[2]).toBeCloseTo((0.1 * 2 + 0.2 * 1) / 4, 15);
    // a grid from 0 uses the Brier score at 0 from the start
    expect(integrateBrierScore([0, 2], [0.5, 0.1])[1]).toBeCloseTo(0.5, 15);
  });

  it("rejects a grid that does not increase, and mismatched or non-finite scores", () => {
    expect(() => integrateBrierScore([1, 1], [0.1, 0.1])).toThrow(/must increase/);
    expect(() => integrateBrierScore([2, 1], [0.1, 0.1])).toThrow(/must increase/);
    expect(() => integrateBrierScore([-1, 1], [0.1, 0.1])).toThrow(/horizons\[0\] is -1/);
    expect(() => integrateBrierScore([1, 2], [0.1])).toThrow(/2 horizons but 1/);
    expect(() => integrateBrierScore([1, 2], [0.1, Number.NaN])).toThrow(/brier\[1\] is NaN/);
    expect(() => integrateBrierScore([], [])).toThrow(/no horizons/);
    const time = [1, 2, 3, 4, 5, 6];
    const event = [1, 0, 1, 0, 1, 1];
    expect(() =>
      integratedBrier({ time, event, horizons: [3, 2], risk: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1] }),
    ).toThrow(/integratedBrier: horizons must increase/);
  });
});
