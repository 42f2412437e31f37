import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { survivalDecisionCurve } from "../src/survival/survivalDecisionCurve.js";

/**
 * tools/r/survival-decision-curve-fixtures.R: the net benefit by τ (Vickers et al. 2008) from
 * survival::survfit and summary(fit, times = τ, extend = TRUE) on the treated subgroup and on
 * everyone; dcurves::dca's values when that package was installed (null otherwise).
 */
type RNumber = number | "NA";

interface Case {
  name: string;
  horizon: number;
  data: { risk: number[]; time: number[]; event: number[] };
  thresholds: number[];
  nTreated: number[];
  treatedEventFree: RNumber[];
  eventFreeAll: number;
  model: number[];
  treatAll: number[];
  dcurves: { model: RNumber[] | null; treatAll: RNumber[] | null } | null;
}

interface CompetingCase {
  name: string;
  horizon: number;
  cause: number;
  data: { risk: number[]; time: number[]; status: number[] };
  thresholds: number[];
  nTreated: number[];
  model: number[];
  treatAll: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/survival-decision-curve.json", import.meta.url), "utf8"),
) as { cases: Case[]; competing: CompetingCase[] };

const TOLERANCE = 1e-12;

function expectClose(actual: readonly number[], expected: readonly RNumber[], label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  expected.forEach((e, i) => {
    if (e === "NA") return;
    const a = actual[i]!;
    expect(Math.abs(a - e), `${label}[${i}]: ${a} vs R ${e}`).toBeLessThanOrEqual(
      TOLERANCE * Math.max(1, Math.abs(e)),
    );
  });
}

function curveOf(c: Case) {
  return survivalDecisionCurve(c.data.risk, c.data.time, c.data.event, c.horizon, c.thresholds);
}

describe("survivalDecisionCurve of one cause of a competing-risks status, against cmprsk::cuminc", () => {
  for (const c of fixture.competing) {
    it(`${c.name}: Aalen–Johansen incidence among the treated, never 1 − Kaplan–Meier`, () => {
      const curve = survivalDecisionCurve(
        c.data.risk,
        c.data.time,
        c.data.status,
        c.horizon,
        c.thresholds,
        c.cause,
      );
      expectClose(curve.model, c.model, "model");
      expectClose(curve.treatAll, c.treatAll, "treatAll");
      // Counting the competing event as censoring (Kaplan–Meier of the cause) overstates the incidence.
      const asCensoring = survivalDecisionCurve(
        c.data.risk,
        c.data.time,
        c.data.status.map((s) => (s === c.cause ? 1 : 0)),
        c.horizon,
        c.thresholds,
      );
      expect(asCensoring.treatAll[0]!).toBeGreaterThan(curve.treatAll[0]!);
    });
  }
});

describe("survivalDecisionCurve against survival::survfit", () => {
  it("covers the cases the fixture is meant to exercise", () => {
    const names = fixture.cases.map((c) => c.name);
    expect(names).toEqual([
      "ties",
      "carried",
      "carried, horizon before the first event",
      "carried, horizon past all follow-up",
    ]);
    for (const c of fixture.cases) {
      // every case has a threshold nobody reaches
      expect(c.nTreated.at(-1), c.name).toBe(0);
    }
    const carried = fixture.cases[1]!;
    // the top-4 subgroup's curve is carried forward from 0.75, the top-2's stays at 1
    expect(carried.treatedEventFree.slice(5, 7)).toEqual([0.75, 1]);
    expect(carried.nTreated.slice(5, 7)).toEqual([4, 2]);
  });

  for (const c of fixture.cases) {
    it(`matches R's net benefit: ${c.name} (τ = ${c.horizon})`, () => {
      const curve = curveOf(c);
      expect(curve.thresholds).toEqual(c.thresholds);
      expectClose(curve.model, c.model, "model");
      expectClose(curve.treatAll, c.treatAll, "treatAll");
      expect(curve.treatNone).toEqual(c.thresholds.map(() => 0));
      c.nTreated.forEach((treated, i) => {
        if (treated === 0) expect(curve.model[i], `threshold ${c.thresholds[i]}`).toBe(0);
        if (treated === c.data.risk.length) expect(curve.model[i]).toBe(curve.treatAll[i]);
      });
    });
  }

  it("does not depend on the order of the rows", () => {
    const c = fixture.cases[0]!;
    const reversed = survivalDecisionCurve(
      Float64Array.from(c.data.risk).reverse(),
      Float64Array.from(c.data.time).reverse(),
      Float64Array.from(c.data.event).reverse(),
      c.horizon,
      c.thresholds,
    );
    expectClose(reversed.model, c.model, "model, rows reversed");
    expectClose(reversed.treatAll, c.treatAll, "treatAll, rows reversed");
  });

  it("returns empty curves for no thresholds", () => {
    const c = fixture.cases[0]!;
    expect(survivalDecisionCurve(c.data.risk, c.data.time, c.data.event, c.horizon, [])).toEqual({
      thresholds: [],
      model: [],
      treatAll: [],
      treatNone: [],
    });
  });
});

describe("survivalDecisionCurve input errors", () => {
  const risk = [0.1, 0.4, 0.7];
  const time = [3, 5, 8];
  const event = [1, 0, 1];

  it.each([0, 1, -0.2, 1.5, Number.NaN])("rejects threshold %s", (p) => {
    expect(() => survivalDecisionCurve(risk, time, event, 6, [0.2, p])).toThrow(
      /threshold .* is not in \(0, 1\)/,
    );
  });

  it("rejects a risk that is not a number", () => {
    expect(() => survivalDecisionCurve([0.1, Number.NaN, 0.7], time, event, 6, [0.2])).toThrow(
      /riskAtHorizon\[1\] is NaN/,
    );
  });

  it("rejects inputs of different lengths", () => {
    expect(() => survivalDecisionCurve(risk, [3, 5], event, 6, [0.2])).toThrow(
      /3 predictions, 2 times and 3 statuses/,
    );
    expect(() => survivalDecisionCurve(risk, time, [1, 0, 1, 0], 6, [0.2])).toThrow(
      /3 predictions, 3 times and 4 statuses/,
    );
  });

  it("rejects an empty cohort", () => {
    expect(() => survivalDecisionCurve([], [], [], 6, [0.2])).toThrow(/no subjects/);
  });
});
