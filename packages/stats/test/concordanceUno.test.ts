import { describe, expect, it } from "vitest";
import { type ConcordanceTimeWeight, concordance, riskConcordance } from "../src/survival/concordance.js";
import reference from "./fixtures/survival-validation-concordance.json";
import { describeMismatch, firstRelativeMismatch } from "./rValues.js";

// The same algorithm as survival's concordance3 (pairs counted with a Fenwick tree instead of a
// balanced binary tree, so sums are added in another order): 1e-10 relative on C, its variance and
// the time-weighted counts; measured agreement is about 1e-14.
const REL_TOL = 1e-10;

interface RCase {
  name?: string;
  timewt: string;
  ymax: number | null;
  reverse: boolean;
  concordance: number;
  variance: number;
  stdErr: number;
  counts: number[];
}

function expectClose(label: string, actual: readonly number[], expected: readonly number[]) {
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

function expectMatches(result: ReturnType<typeof concordance>, c: RCase, label: string): void {
  expect(result.timewt).toBe(c.timewt);
  expect(result.ymax).toBe(c.ymax);
  expect(result.reverse).toBe(c.reverse);
  expectClose(
    `${label} C, variance, se`,
    [result.concordance, result.variance, result.stdErr],
    [c.concordance, c.variance, c.stdErr],
  );
  expectClose(
    `${label} counts`,
    [result.concordant, result.discordant, result.tiedX, result.tiedY, result.tiedXY],
    c.counts,
  );
}

describe("concordance with survival's time weights against R survival::concordance", () => {
  it("has the data sets the tests rely on", () => {
    expect(reference.datasets.map((d) => d.name)).toEqual(["lung", "pbc", "veteran", "colon"]);
    for (const d of reference.datasets) expect(d.cases.length).toBe(12);
  });

  for (const d of reference.datasets) {
    describe(`${d.name} (${d.source})`, () => {
      const time = Float64Array.from(d.input.time);
      const event = Uint8Array.from(d.input.event);
      const x = Float64Array.from(d.input.score);
      for (const c of d.cases as RCase[]) {
        const label = `timewt ${c.timewt}, ymax ${c.ymax}, reverse ${c.reverse}`;
        it(label, () => {
          const result = concordance({
            time,
            event,
            x,
            reverse: c.reverse,
            timewt: c.timewt as ConcordanceTimeWeight,
            ...(c.ymax === null ? {} : { ymax: c.ymax }),
          });
          expectMatches(result, c, label);
        });
      }

      it("names Harrell's and Uno's C as riskConcordance computes them", () => {
        const harrell = (d.cases as RCase[]).find((c) => c.timewt === "n" && c.reverse && c.ymax === null)!;
        const uno = (d.cases as RCase[]).find((c) => c.timewt === "n/G2" && c.reverse && c.ymax !== null)!;
        const h = riskConcordance({ time, event, risk: x, method: "harrell" });
        expect(h.method).toBe("harrell");
        expectMatches(h, harrell, "harrell");
        const u = riskConcordance({ time, event, risk: x, method: "uno", horizon: uno.ymax! });
        expect(u.method).toBe("uno");
        expectMatches(u, uno, "uno");
      });
    });
  }

  describe("lung, stratified by sex with case weights, ymax 500", () => {
    const input = reference.lung.input;
    for (const c of reference.lung.cases as RCase[]) {
      if (!c.name!.startsWith("lung-strata")) continue;
      it(`timewt ${c.timewt}`, () => {
        const result = concordance({
          time: input.time,
          event: input.event,
          x: input.score,
          strata: input.sex,
          weights: input.weights,
          reverse: c.reverse,
          timewt: c.timewt as ConcordanceTimeWeight,
          ymax: c.ymax!,
        });
        expectMatches(result, c, c.name!);
      });
    }
  });

  describe("lung, ph.ecog as a score with many ties, ymax 365", () => {
    const input = reference.lung.input;
    for (const c of reference.lung.cases as RCase[]) {
      if (!c.name!.startsWith("lung-ecog")) continue;
      it(`timewt ${c.timewt}`, () => {
        const result = concordance({
          time: input.time,
          event: input.event,
          x: input.ecog,
          reverse: c.reverse,
          timewt: c.timewt as ConcordanceTimeWeight,
          ymax: c.ymax!,
        });
        expectMatches(result, c, c.name!);
      });
    }
  });
});

describe("Uno's C on small data worked by hand", () => {
  // Times 1..6, censored at 2 and 4. Reverse KM: G = 1 up to 2, 4/5 after the censoring at 2
  // (5 at risk), 4/5 · 2/3 = 8/15 after the one at 4 (3 at risk). The events at 1, 3 and 5 get
  // weights 1/G(t−)² = 1, 25/16 and 225/64; the event at 6 has nobody left to compare with.
  const time = [1, 2, 3, 4, 5, 6];
  const event = [1, 0, 1, 0, 1, 1];

  it("weights each event's pairs by 1/G(t−)²", () => {
    // The event at 1 has the highest risk (5 concordant pairs), the one at 3 a lower risk than all
    // 3 followed longer (discordant), the one at 5 a higher risk than the one at 6 (concordant).
    const risk = [6, 1, 2, 3, 5, 4];
    const r = riskConcordance({ time, event, risk, method: "uno" });
    const concordant = 5 * 1 + (225 / 64) * 1;
    const discordant = (25 / 16) * 3;
    expect(r.concordant).toBeCloseTo(concordant, 12);
    expect(r.discordant).toBeCloseTo(discordant, 12);
    expect(r.concordance).toBeCloseTo(concordant / (concordant + discordant), 12);
  });

  it("drops events after the horizon but keeps everyone followed past it as a comparison", () => {
    const risk = [6, 1, 2, 3, 5, 4];
    const r = riskConcordance({ time, event, risk, method: "uno", horizon: 3 });
    const concordant = 5;
    const discordant = (25 / 16) * 3;
    expect(r.concordance).toBeCloseTo(concordant / (concordant + discordant), 12);
    expect(r.ymax).toBe(3);
  });

  it("is Harrell's C when nobody is censored", () => {
    const t = [1, 2, 3, 4, 5];
    const e = [1, 1, 1, 1, 1];
    const risk = [5, 3, 4, 1, 2];
    const u = riskConcordance({ time: t, event: e, risk, method: "uno" });
    const h = riskConcordance({ time: t, event: e, risk, method: "harrell" });
    expect(u.concordance).toBe(h.concordance);
    expect(u.stdErr).toBeCloseTo(h.stdErr, 14);
  });

  it("rejects data where C is undefined instead of returning NaN", () => {
    expect(() => riskConcordance({ time, event: [0, 0, 0, 0, 0, 0], risk: time })).toThrow(
      /no comparable pairs/,
    );
    expect(() => riskConcordance({ time, event, risk: time, method: "uno", horizon: 0.5 })).toThrow(
      /no comparable pairs with an event at or before ymax = 0.5/,
    );
    expect(() => riskConcordance({ time, event, risk: time, method: "cox" as unknown as "uno" })).toThrow(
      /method is cox/,
    );
    expect(() => riskConcordance({ time, event, risk: time, horizon: Number.NaN })).toThrow(/horizon/);
    expect(() =>
      concordance({ time, event, x: time, timewt: "n/G" as unknown as ConcordanceTimeWeight }),
    ).toThrow(/timewt is n\/G/);
  });
});
