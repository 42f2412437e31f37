import { describe, expect, it } from "vitest";
import { timeDependentAuc } from "../src/validation/survival/timeDependentAuc.js";
import { timeDependentBrier } from "../src/validation/survival/timeDependentBrier.js";
import reference from "./fixtures/survival-validation-td.json";
import { describeMismatch, firstRelativeMismatch } from "./rValues.js";

// The same estimators and influence functions as riskRegression::Score, summed in another order
// (closed-form prefix sums instead of Score's data.table cumsums and C++ loops): 1e-10 relative on
// AUC, Brier, IPA, their standard errors and limits; measured agreement is about 1e-13.
const REL_TOL = 1e-10;

function expectClose(label: string, actual: ArrayLike<number>, expected: readonly number[]) {
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

interface RAuc {
  auc: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
  conservativeStdErr: number[];
}

function expectAuc(label: string, input: Parameters<typeof timeDependentAuc>[0], r: RAuc) {
  const fit = timeDependentAuc(input);
  expect(fit.method).toBe("cumulative-dynamic-auc");
  expect(fit.conservative).toBe(false);
  expectClose(`${label} auc`, fit.auc, r.auc);
  expectClose(`${label} se`, fit.stdErr, r.stdErr);
  expectClose(`${label} lower`, fit.lower, r.lower);
  expectClose(`${label} upper`, fit.upper, r.upper);
  const conservative = timeDependentAuc({ ...input, conservative: true });
  expect(conservative.conservative).toBe(true);
  expectClose(`${label} auc (conservative)`, conservative.auc, r.auc);
  expectClose(`${label} se (conservative)`, conservative.stdErr, r.conservativeStdErr);
}

describe("time-dependent AUC and Brier score against riskRegression::Score", () => {
  it("has the data sets the tests rely on", () => {
    expect(reference.datasets.map((d) => d.name)).toEqual(["lung", "pbc", "veteran", "colon"]);
  });

  for (const d of reference.datasets) {
    describe(`${d.name} (${d.source})`, () => {
      const { time, event, score, horizons, riskAt } = d.input;

      it("AUC of the predicted risk at each horizon, with both standard errors", () => {
        expectAuc(d.name, { time, event, horizons, riskAt }, d.auc);
      });

      it("AUC of the linear predictor used as one score at every horizon", () => {
        expectAuc(`${d.name} lp`, { time, event, horizons, risk: score }, d.scoreAuc);
      });

      it("AUC from predicted survival instead of risk", () => {
        const survivalAt = riskAt.map((r) => r.map((p) => 1 - p));
        const fit = timeDependentAuc({ time, event, horizons, survivalAt });
        // 1 − (1 − p) is not always p in floating point, but the order of the risks is kept
        expectClose(`${d.name} auc from survival`, fit.auc, d.auc.auc);
      });

      it("Brier score, null model and IPA at each horizon, with both standard errors", () => {
        const fit = timeDependentBrier({ time, event, horizons, riskAt });
        expect(fit.method).toBe("ipcw-brier");
        expectClose("brier", fit.brier, d.brier.brier);
        expectClose("se", fit.stdErr, d.brier.stdErr);
        expectClose("lower", fit.lower, d.brier.lower);
        expectClose("upper", fit.upper, d.brier.upper);
        expectClose("null brier", fit.nullBrier, d.nullBrier.brier);
        expectClose("null se", fit.nullStdErr, d.nullBrier.stdErr);
        expectClose("null lower", fit.nullLower, d.nullBrier.lower);
        expectClose("null upper", fit.nullUpper, d.nullBrier.upper);
        expectClose("ipa", fit.ipa as number[], d.brier.ipa);
        const conservative = timeDependentBrier({ time, event, horizons, riskAt, conservative: true });
        expectClose("brier (conservative)", conservative.brier, d.brier.brier);
        expectClose("se (conservative)", conservative.stdErr, d.brier.conservativeStdErr);
        expectClose("null se (conservative)", conservative.nullStdErr, d.nullBrier.conservativeStdErr);
      });
    });
  }

  it("AUC of a score with many ties (lung ph.ecog)", () => {
    const lung = reference.datasets[0]!;
    expectAuc(
      "ecog",
      {
        time: lung.input.time,
        event: lung.input.event,
        horizons: reference.lungEcog.horizons,
        risk: reference.lungEcog.input.ecog,
      },
      reference.lungEcog.auc,
    );
  });
});

describe("time-dependent AUC and Brier score on small data worked by hand", () => {
  // Times 1..6 with censorings at 2 and 4: G = 1 before 2, 4/5 from 2, 8/15 from 4.
  const time = [1, 2, 3, 4, 5, 6];
  const event = [1, 0, 1, 0, 1, 1];

  it("weights cases by 1/G(T−) and controls by 1/G(τ); an event at τ is a case", () => {
    // τ = 3: cases at 1 (weight 1) and 3 (weight 5/4); controls 4, 5, 6 (weight 5/4 each).
    const risk = [0.9, 0.1, 0.3, 0.4, 0.2, 0.1];
    const fit = timeDependentAuc({ time, event, horizons: [3], risk });
    expect(fit.nCases[0]).toBe(2);
    expect(fit.nControls[0]).toBe(3);
    // case at 1 (0.9) beats all three controls; case at 3 (0.3) beats 0.2 and 0.1 only
    const auc = (1 * 3 + (5 / 4) * 2) / ((1 + 5 / 4) * 3);
    expect(fit.auc[0]).toBeCloseTo(auc, 14);
    const brier = timeDependentBrier({ time, event, horizons: [3], risk });
    const residuals =
      (1 - 0.9) ** 2 / 1 + (1 - 0.3) ** 2 / (4 / 5) + (0.4 ** 2 + 0.2 ** 2 + 0.1 ** 2) / (4 / 5);
    expect(brier.brier[0]).toBeCloseTo(residuals / 6, 14);
  });

  it("gives a null IPA where the null model's Brier score is 0", () => {
    const risk = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    const fit = timeDependentBrier({ time, event, horizons: [0.5, 3], risk });
    expect(fit.nullBrier[0]).toBe(0);
    expect(fit.ipa[0]).toBeNull();
    expect(fit.ipa[1]).not.toBeNull();
    expect(Number.isNaN(fit.stdErr[0]!)).toBe(false);
  });

  it("rejects bad input with a message saying what is wrong", () => {
    const risk = [0.5, 0.4, 0.3, 0.2, 0.1, 0.1];
    expect(() => timeDependentAuc({ time, event: [0, 0, 0, 0, 0, 0], horizons: [3], risk })).toThrow(
      /no events/,
    );
    expect(() => timeDependentAuc({ time: [-1, 2, 3, 4, 5, 6], event, horizons: [3], risk })).toThrow(
      /time\[0\] is -1/,
    );
    expect(() => timeDependentAuc({ time: [1, Number.NaN, 3, 4, 5, 6], event, horizons: [3], risk })).toThrow(
      /time\[1\] is NaN/,
    );
    expect(() => timeDependentAuc({ time, event: [1, 0, 2, 0, 1, 1], horizons: [3], risk })).toThrow(
      /event\[2\] is 2/,
    );
    expect(() => timeDependentAuc({ time, event, horizons: [7], risk })).toThrow(
      /after the last follow-up time 6/,
    );
    expect(() => timeDependentBrier({ time, event, horizons: [7], risk })).toThrow(
      /after the last follow-up time 6/,
    );
    expect(() => timeDependentAuc({ time, event, horizons: [0.5], risk })).toThrow(/no events by horizon/);
    expect(() => timeDependentAuc({ time, event, horizons: [6], risk })).toThrow(/event-free after/);
    expect(() => timeDependentAuc({ time, event, horizons: [3], risk: [1, 2, 3] })).toThrow(
      /risk has 3 values for 6 subjects/,
    );
    expect(() => timeDependentAuc({ time, event, horizons: [3], risk: [1, 2, Number.NaN, 4, 5, 6] })).toThrow(
      /risk\[2\] is NaN/,
    );
    expect(() => timeDependentAuc({ time, event, horizons: [3] })).toThrow(/exactly one of/);
    expect(() => timeDependentAuc({ time, event, horizons: [3, 4], riskAt: [risk] })).toThrow(
      /riskAt has 1 columns for 2 horizons/,
    );
    expect(() => timeDependentBrier({ time, event, horizons: [3], risk: [2, 0, 0, 0, 0, 0] })).toThrow(
      /expected a probability/,
    );
    expect(() =>
      timeDependentAuc({ time, event, horizons: [3], survivalAt: [[1.5, 0, 0, 0, 0, 0]] }),
    ).toThrow(/expected a probability/);
    expect(() => timeDependentAuc({ time, event, horizons: [3], risk, confLevel: 1 })).toThrow(/confLevel/);
  });
});
