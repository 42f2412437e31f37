import { describe, expect, it } from "vitest";
import { icahtEarly, icahtEarlyFromDurations, icahtLate } from "../../src/scales/icaht.js";

/** Daily ANC d0..d30 (×10⁹/L) with `severe` days ≤ 0.5 from `start`, the first `profound` of them ≤ 0.1. */
function course(severe: number, profound: number, start = 2): number[] {
  return Array.from({ length: 31 }, (_, day) => {
    const k = day - start;
    if (k < 0 || k >= severe) return 2.0;
    return k < profound ? 0.05 : 0.3;
  });
}

// Worked examples: clinical-reference.md §B.3.
describe("early ICAHT worked examples (§B.3)", () => {
  it("≤ 500 for 5 days, ≤ 100 for 2 days → grade 1", () => {
    expect(icahtEarly(course(5, 2))).toMatchObject({
      value: 1,
      severeNeutropeniaDays: 5,
      profoundNeutropeniaDays: 2,
      neverRecovered: false,
    });
    expect(icahtEarlyFromDurations({ severeNeutropeniaDays: 5, profoundNeutropeniaDays: 2 }).value).toBe(1);
  });
  it("≤ 500 for 16 days, ≤ 100 for 4 days → grade 3", () => {
    expect(icahtEarly(course(16, 4))).toMatchObject({ value: 3, severeNeutropeniaDays: 16 });
    expect(icahtEarlyFromDurations({ severeNeutropeniaDays: 16, profoundNeutropeniaDays: 4 }).value).toBe(3);
  });
  it("≤ 500 from day 0 without recovery by day 30 → grade 4", () => {
    const r = icahtEarly(Array.from({ length: 31 }, () => 0.3));
    expect(r).toMatchObject({ value: 4, neverRecovered: true, severeNeutropeniaDays: 31 });
    expect(r.reason).toContain("never recovers");
    expect(
      icahtEarlyFromDurations({ severeNeutropeniaDays: 31, profoundNeutropeniaDays: 0, neverRecovered: true })
        .value,
    ).toBe(4);
  });
});

describe("early ICAHT cut-offs", () => {
  it.each([
    [0, 0, 0],
    [1, 0, 1],
    [6, 0, 1],
    [7, 0, 2],
    [13, 0, 2],
    [14, 0, 3],
    [10, 6, 2],
    [10, 7, 3],
    [20, 13, 3],
    [20, 14, 4],
  ])("≤ 500 for %i d and ≤ 100 for %i d → grade %i", (severe, profound, grade) => {
    expect(icahtEarly(course(severe, profound)).value).toBe(grade);
    expect(
      icahtEarlyFromDurations({ severeNeutropeniaDays: severe, profoundNeutropeniaDays: profound }).value,
    ).toBe(grade);
  });
  it("the thresholds are inclusive, in either unit", () => {
    const at = (value: number) => course(0, 0).map((v, day) => (day >= 2 && day < 9 ? value : v));
    expect(icahtEarly(at(0.5)).value).toBe(2);
    expect(icahtEarly(at(0.51)).value).toBe(0);
    expect(icahtEarly(at(0.1)).profoundNeutropeniaDays).toBe(7);
    expect(icahtEarly(at(0.11)).profoundNeutropeniaDays).toBe(0);
    const perUl = at(500).map((v) => (v === 2.0 ? 2000 : v));
    expect(icahtEarly(perUl, { ancUnit: "cells/µL" }).value).toBe(2);
    expect(
      icahtEarly(
        perUl.map((v) => (v === 500 ? 501 : v)),
        { ancUnit: "cells/µL" },
      ).value,
    ).toBe(0);
  });
});

describe("early ICAHT episodes and recovery", () => {
  it("joins episodes across a recovery shorter than 3 days, counting the gap", () => {
    const anc = course(4, 0);
    anc[6] = 0.8;
    anc[7] = 0.8;
    for (let d = 8; d <= 10; d++) anc[d] = 0.4;
    // days 2–5 neutropenic, 6–7 above, 8–10 neutropenic → one 9-day episode
    expect(icahtEarly(anc)).toMatchObject({ value: 2, severeNeutropeniaDays: 9 });
    anc[8] = 0.8; // three days above: a stable recovery separates the episodes
    expect(icahtEarly(anc)).toMatchObject({ value: 1, severeNeutropeniaDays: 4 });
  });
  it("never recovers: an episode starting by day 3 with no stable recovery by day 30", () => {
    expect(icahtEarly(course(28, 0, 3))).toMatchObject({ value: 4, neverRecovered: true });
    // starting on day 4 it is graded by duration (27 days), unless the onset window is widened
    expect(icahtEarly(course(27, 0, 4))).toMatchObject({ value: 3, neverRecovered: false });
    expect(icahtEarly(course(27, 0, 4), { neverRecoveredOnsetByDay: 4 }).value).toBe(4);
  });
  it("a new dip before the main episode, even one that recovers, never lowers grade 4", () => {
    const anc = course(28, 0, 3);
    anc[0] = 0.4; // day 0 dip, days 1–2 above: joined with the episode from day 3
    expect(icahtEarly(anc)).toMatchObject({ value: 4, neverRecovered: true, severeNeutropeniaDays: 31 });
    const late = course(26, 0, 5);
    late[0] = 0.4; // day 0 dip with a stable recovery on days 1–4; the main episode starts on day 5
    expect(icahtEarly(late)).toMatchObject({ value: 3, neverRecovered: false });
    expect(icahtEarly(course(26, 0, 5)).value).toBe(3);
  });
  it("two days above 500 at the end are not a stable recovery; three are", () => {
    expect(icahtEarly(course(27, 0))).toMatchObject({ value: 4, neverRecovered: true }); // days 29–30 above
    expect(icahtEarly(course(26, 0))).toMatchObject({ value: 3, neverRecovered: false }); // days 28–30 above
  });
  it("a late dip after a stable recovery is graded by its duration, not as never recovering", () => {
    const anc = course(3, 0);
    for (let d = 25; d <= 30; d++) anc[d] = 0.3;
    expect(icahtEarly(anc)).toMatchObject({ value: 1, severeNeutropeniaDays: 6, neverRecovered: false });
  });
  it("the ≥ 30-days reading of grade 4 is an option (§F.3)", () => {
    expect(icahtEarly(course(27, 0), { grade4Rule: "at_least_30_days" }).value).toBe(3);
    expect(icahtEarly(course(30, 0, 1), { grade4Rule: "at_least_30_days" }).value).toBe(4);
  });
});

describe("early ICAHT missing values", () => {
  it("interpolates runs of up to 7 missing days and says so; longer runs stay unknown", () => {
    const anc: (number | null)[] = course(0, 0);
    for (let d = 3; d <= 9; d++) anc[d] = null;
    anc[2] = 0.3;
    anc[10] = 0.3;
    const r = icahtEarly(anc);
    expect(r.interpolatedDays).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(r).toMatchObject({ value: 2, severeNeutropeniaDays: 9 });
    expect(r.reason).toContain("7 day(s) interpolated (days 3–9)");
    anc[10] = null;
    const open = icahtEarly(anc);
    expect(open.value).toBeNull();
    expect(open.interpolatedDays).toEqual([]);
    expect(open.missingDays).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(open.reason).toContain("missing ancByDay on days 3–10");
  });
  it("the interpolation limit is an option", () => {
    const anc: (number | null)[] = course(0, 0);
    for (let d = 3; d <= 5; d++) anc[d] = null;
    expect(icahtEarly(anc, { maxInterpolatedGapDays: 2 }).value).toBeNull();
    expect(icahtEarly(anc, { maxInterpolatedGapDays: 3 }).value).toBe(0);
  });
  it("days after the last value are unknown unless the window ends there", () => {
    const died = course(30, 0).slice(0, 9);
    const open = icahtEarly(died);
    expect(open.value).toBeNull();
    expect(open.reason).toContain("days 9–30");
    expect(icahtEarly(died, { windowEndDay: 8 })).toMatchObject({
      value: 4,
      neverRecovered: true,
      lastDay: 8,
    });
  });
  it("missing days that cannot change the grade do not make it null", () => {
    const r = icahtEarly(course(16, 0).slice(0, 21));
    expect(r).toMatchObject({ value: 3, severeNeutropeniaDays: 16 });
    expect(r.reason).toContain("no value on days 21–30 (cannot change the grade)");
  });
  it("returns null without values and throws on impossible ones", () => {
    expect(icahtEarly([]).value).toBeNull();
    expect(icahtEarly([]).reason).toContain("missing ancByDay");
    expect(() => icahtEarly([1, -0.2])).toThrow(/ancByDay\[1\]/);
    expect(() => icahtEarly(new Array(32).fill(1))).toThrow(RangeError);
    expect(() => icahtEarly(course(0, 0), { windowEndDay: 20 })).toThrow(/ancByDay\[21\]/);
  });
});

describe("early ICAHT from recorded durations", () => {
  it("does not need the profound duration when the severe one is under 7 days", () => {
    expect(icahtEarlyFromDurations({ severeNeutropeniaDays: 6 })).toMatchObject({ value: 1 });
    const r = icahtEarlyFromDurations({ severeNeutropeniaDays: 10 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing profoundNeutropeniaDays");
  });
  it("never recovered is grade 4 whatever the durations; null when not assessed and it could matter", () => {
    expect(icahtEarlyFromDurations({ neverRecovered: true }).value).toBe(4);
    expect(icahtEarlyFromDurations({ severeNeutropeniaDays: 3, neverRecovered: null }).reason).toContain(
      "missing neverRecovered",
    );
    expect(
      icahtEarlyFromDurations({
        severeNeutropeniaDays: 20,
        profoundNeutropeniaDays: 15,
        neverRecovered: null,
      }).value,
    ).toBe(4);
    expect(icahtEarlyFromDurations({}).reason).toContain("severeNeutropeniaDays");
  });
  it("refuses contradictory durations", () => {
    expect(() => icahtEarlyFromDurations({ severeNeutropeniaDays: 5, profoundNeutropeniaDays: 6 })).toThrow(
      /profoundNeutropeniaDays/,
    );
    expect(() => icahtEarlyFromDurations({ severeNeutropeniaDays: 0, neverRecovered: true })).toThrow(
      /neverRecovered/,
    );
    expect(() => icahtEarlyFromDurations({ severeNeutropeniaDays: 31, neverRecovered: false })).toThrow(
      /neverRecovered/,
    );
    expect(() => icahtEarlyFromDurations({ severeNeutropeniaDays: 32 })).toThrow(/severeNeutropeniaDays/);
  });
});

describe("late ICAHT worked examples (§B.3)", () => {
  it("[1200, 900, 800] → grade 2", () => {
    expect(icahtLate([1.2, 0.9, 0.8]).value).toBe(2);
  });
  it("[2000, 1800] → grade 0", () => {
    expect(icahtLate([2.0, 1.8]).value).toBe(0);
  });
  it("[450, 80, 1600] → grade 3 under the project rule, 4 under the nadir rule", () => {
    expect(icahtLate([0.45, 0.08, 1.6]).value).toBe(3);
    expect(icahtLate([0.45, 0.08, 1.6], { rule: "nadir" }).value).toBe(4);
    expect(icahtLate([450, 80, 1600], { ancUnit: "cells/µL" }).value).toBe(3);
  });
});

describe("late ICAHT cut-offs", () => {
  it.each([
    [[1500, 1500], 1],
    [[1501, 1501], 0],
    [[1000, 1000], 2],
    [[1001, 1001], 1],
    [[500, 500], 3],
    [[501, 501], 2],
    [[100, 100], 4],
    [[101, 101], 3],
    [[100, 2000], 0],
  ])("%j cells/µL → grade %i (at least two values)", (values, grade) => {
    expect(icahtLate(values, { ancUnit: "cells/µL" }).value).toBe(grade);
  });
  it("nadir rule needs a second value ≤ 1500", () => {
    expect(icahtLate([100, 1500], { rule: "nadir", ancUnit: "cells/µL" }).value).toBe(4);
    expect(icahtLate([100, 1501], { rule: "nadir", ancUnit: "cells/µL" }).value).toBe(0);
  });
  it("needs two values and refuses impossible ones", () => {
    expect(icahtLate([0.3]).value).toBeNull();
    expect(icahtLate([0.3]).reason).toContain("ancValues");
    expect(icahtLate([0.3, 2.0], { rule: "nadir" }).value).toBe(0);
    expect(() => icahtLate([Number.NaN, 1])).toThrow(/ancValues\[0\]/);
  });
});
