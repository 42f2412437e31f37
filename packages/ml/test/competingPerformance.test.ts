import { describe, expect, it } from "vitest";
import { competingPerformance } from "../src/competing/competingPerformance.js";
import { readFixture } from "./competingFixtures.js";

// Against riskRegression::Score(cause = 1, cens.model = "km"), survival::concordance on the
// transformed data and cmprsk::cuminc (tools/r/competing-ml-fixtures.R). The same sums in another
// order: 1e-12 relative for AUC, Brier, their conservative standard errors, IPA, C and the groups'
// incidence; the pair counts exactly.
const TOL = 1e-12;

interface ScoreCase {
  name: string;
  horizon: number;
  risk: number[];
  auc: number;
  aucStdErr: number;
  brier: number;
  brierStdErr: number;
  nullBrier: number;
  ipa: number;
  concordance: number;
  concordanceCounts: [number, number, number, number];
  calibrationGroups: { meanPredicted: number; observed: number; n: number }[] | null;
}

interface ScoreFixture {
  time: number[];
  status: number[];
  cases: ScoreCase[];
}

const fixture = readFixture<ScoreFixture>("competing-score.json");

function expectRelative(actual: number | null | undefined, expected: number, label: string): void {
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - expected), `${label}: got ${actual}, R gives ${expected}`).toBeLessThanOrEqual(
    TOL * Math.abs(expected),
  );
}

describe("competingPerformance against riskRegression::Score and survival::concordance", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: AUC, Brier, null Brier, IPA, Wolbers' C and grouped calibration at ${c.horizon}`, () => {
      const p = competingPerformance({
        riskAtHorizon: c.risk,
        time: fixture.time,
        status: fixture.status,
        horizon: c.horizon,
      });
      expect(p.problems).toEqual([]);
      expectRelative(p.auc?.estimate, c.auc, "AUC");
      expectRelative(p.auc?.stdErr, c.aucStdErr, "SE(AUC)");
      expectRelative(p.brier?.estimate, c.brier, "Brier");
      expectRelative(p.brier?.stdErr, c.brierStdErr, "SE(Brier)");
      expectRelative(p.brier?.nullBrier, c.nullBrier, "null Brier");
      expectRelative(p.brier?.ipa, c.ipa, "IPA");
      expectRelative(p.concordance?.estimate, c.concordance, "C");
      const [concordant, discordant, tiedRisk] = c.concordanceCounts;
      expect(p.concordance).toMatchObject({ concordant, discordant, tiedRisk });
      if (c.calibrationGroups) {
        expect(p.calibrationGroups.map((g) => g.n)).toEqual(c.calibrationGroups.map((g) => g.n));
        p.calibrationGroups.forEach((g, k) => {
          expectRelative(g.meanPredicted, c.calibrationGroups![k]!.meanPredicted, `group ${k} predicted`);
          expectRelative(g.observed, c.calibrationGroups![k]!.observed, `group ${k} observed`);
        });
      }
    });
  }

  it("counts the competing event as a control and as 0 in the Brier score, not as censoring", () => {
    // no censoring: every weight is 1, so the metrics are those of the binary outcome
    // "relapse by τ", in which NRM by τ is a non-event
    const time = [1, 2, 3, 4, 5, 6];
    const status = [1, 2, 1, 2, 0, 0].map((s, i) => (time[i]! > 4 ? 0 : s));
    const risk = [0.9, 0.8, 0.4, 0.1, 0.3, 0.2];
    const p = competingPerformance({ riskAtHorizon: risk, time: [1, 2, 3, 4, 9, 9], status, horizon: 5 });
    // cases {0.9, 0.4}; controls {0.8, 0.1, 0.3, 0.2}: 4 + 3 of 8 pairs concordant
    expect(p.auc).toMatchObject({ estimate: 7 / 8, nCases: 2, nControls: 4 });
    const brier = (0.1 ** 2 + 0.8 ** 2 + 0.6 ** 2 + 0.1 ** 2 + 0.3 ** 2 + 0.2 ** 2) / 6;
    expect(p.brier!.estimate).toBeCloseTo(brier, 14);
    expect(p.observedRisk).toBeCloseTo(2 / 6, 14);
    expect(p.competingByHorizon).toBe(2);
    // Wolbers: the relapse at 1 outranks all five others; the relapse at 3 is compared with the
    // NRM at 2 (discordant: 0.4 < 0.8), which stays in its risk set, and with the three later ones
    expect(p.concordance).toMatchObject({ concordant: 8, discordant: 1, tiedRisk: 0 });
  });

  it("reports an undefined metric as null with the reason, and refuses risks off the probability scale", () => {
    const p = competingPerformance({
      riskAtHorizon: [0.2, 0.3, 0.4],
      time: [1, 2, 3],
      status: [2, 0, 2],
      horizon: 2.5,
    });
    expect(p.auc).toBeNull();
    expect(p.concordance).toBeNull();
    expect(p.problems.map((q) => q.metric)).toEqual(["auc", "concordance"]);
    expect(p.brier!.nullRisk).toBe(0);
    expect(() => competingPerformance({ riskAtHorizon: [1.2], time: [1], status: [1], horizon: 2 })).toThrow(
      /expected a risk in \[0, 1\]/,
    );
  });
});
