import { describe, expect, it } from "vitest";
import { icahtEarly, icahtLate } from "../../src/scales/icaht.js";

/** Daily ANC d0..d30 (×10⁹/L) with `severe` days ≤ 0.5 from day 2, the first `profound` of them ≤ 0.1. */
function course(severe: number, profound: number): number[] {
  return Array.from({ length: 31 }, (_, day) => {
    const k = day - 2;
    if (k < 0 || k >= severe) return 2.0;
    return k < profound ? 0.05 : 0.3;
  });
}

// Worked examples: clinical-reference.md §B.3.
describe("early ICAHT worked examples (§B.3)", () => {
  it("≤ 500 for 5 days, ≤ 100 for 2 days → grade 1", () => {
    const r = icahtEarly(course(5, 2));
    expect(r).toMatchObject({
      value: 1,
      severeNeutropeniaDays: 5,
      profoundNeutropeniaDays: 2,
      neverRecovered: false,
    });
  });
  it("≤ 500 for 16 days, ≤ 100 for 4 days → grade 3", () => {
    expect(icahtEarly(course(16, 4))).toMatchObject({ value: 3, severeNeutropeniaDays: 16 });
  });
  it("≤ 500 from day 0 without recovery by day 30 → grade 4", () => {
    const r = icahtEarly(Array.from({ length: 31 }, () => 0.3));
    expect(r).toMatchObject({ value: 4, neverRecovered: true, severeNeutropeniaDays: 31 });
  });
});

describe("early ICAHT rules", () => {
  it("grades 0, 2 and the profound-duration rows", () => {
    expect(icahtEarly(course(0, 0)).value).toBe(0);
    expect(icahtEarly(course(7, 0)).value).toBe(2);
    expect(icahtEarly(course(13, 0)).value).toBe(2);
    expect(icahtEarly(course(14, 0)).value).toBe(3);
    expect(icahtEarly(course(10, 7)).value).toBe(3);
    expect(icahtEarly(course(20, 14)).value).toBe(4);
  });
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
  it("grades a series that stops early on its own days", () => {
    const died = course(30, 0).slice(0, 9);
    expect(icahtEarly(died)).toMatchObject({ value: 4, neverRecovered: true, lastDay: 8 });
  });
  it("interpolates gaps up to 7 days and refuses longer ones", () => {
    const anc: (number | null)[] = course(0, 0);
    for (let d = 3; d <= 9; d++) anc[d] = null;
    anc[2] = 0.3;
    anc[10] = 0.3;
    const r = icahtEarly(anc);
    expect(r.interpolatedDays).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(r).toMatchObject({ value: 2, severeNeutropeniaDays: 9 });
    anc[10] = null;
    const refused = icahtEarly(anc);
    expect(refused.value).toBeNull();
    expect(refused.reason).toContain("gap");
  });
  it("returns null without values and throws on impossible ones", () => {
    expect(icahtEarly([]).value).toBeNull();
    expect(() => icahtEarly([1, -0.2])).toThrow(/ancE9PerLByDay\[1\]/);
    expect(() => icahtEarly(new Array(32).fill(1))).toThrow(RangeError);
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
  });
  it("needs two values", () => {
    expect(icahtLate([0.3]).value).toBeNull();
    expect(icahtLate([0.3, 2.0], { rule: "nadir" }).value).toBe(0);
    expect(() => icahtLate([Number.NaN, 1])).toThrow(/ancE9PerL\[0\]/);
  });
});
