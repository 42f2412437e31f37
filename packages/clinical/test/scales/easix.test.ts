import { describe, expect, it } from "vitest";
import { easix, mEasix } from "../../src/scales/easix.js";

// Worked examples: clinical-reference.md §B.7.
describe("EASIX and m-EASIX worked examples (§B.7)", () => {
  it("LDH 200, creatinine 0.8, plt 220 (CRP 0.5 mg/dL)", () => {
    const e = easix({ ldhUPerL: 200, creatinineMgPerDl: 0.8, plateletsE9PerL: 220 });
    expect(e.value).toBeCloseTo(0.7273, 4);
    expect(e.log2).toBeCloseTo(-0.4594, 4);
    const m = mEasix({ ldhUPerL: 200, crpMgPerDl: 0.5, plateletsE9PerL: 220 });
    expect(m.value).toBeCloseTo(0.4545, 4);
    expect(m.log2).toBeCloseTo(-1.138, 3);
  });
  it("LDH 350, creatinine 1.0, CRP 3.0, plt 100", () => {
    const e = easix({ ldhUPerL: 350, creatinineMgPerDl: 1.0, plateletsE9PerL: 100 });
    expect(e.value).toBeCloseTo(3.5, 10);
    expect(e.log2).toBeCloseTo(1.807, 3);
    const m = mEasix({ ldhUPerL: 350, crpMgPerDl: 3.0, plateletsE9PerL: 100 });
    expect(m.value).toBeCloseTo(10.5, 10);
    expect(m.log2).toBeCloseTo(3.392, 3);
  });
  it("LDH 900, creatinine 1.5, CRP 120 mg/L = 12 mg/dL, plt 40", () => {
    const e = easix({ ldhUPerL: 900, creatinineMgPerDl: 1.5, plateletsE9PerL: 40 });
    expect(e.value).toBeCloseTo(33.75, 10);
    expect(e.log2).toBeCloseTo(5.077, 3);
    const m = mEasix({ ldhUPerL: 900, crpMgPerDl: 120 / 10, plateletsE9PerL: 40 });
    expect(m.value).toBeCloseTo(270, 10);
    expect(m.log2).toBeCloseTo(8.077, 3);
  });
});

describe("EASIX edge cases", () => {
  it("is null naming the missing field", () => {
    const r = easix({ ldhUPerL: 200, creatinineMgPerDl: null, plateletsE9PerL: 220 });
    expect(r.value).toBeNull();
    expect(r.log2).toBeNull();
    expect(r.reason).toContain("creatinineMgPerDl");
    expect(mEasix({ ldhUPerL: 200, crpMgPerDl: 1 }).reason).toContain("plateletsE9PerL");
  });
  it("is null when platelets are 0", () => {
    const r = mEasix({ ldhUPerL: 200, crpMgPerDl: 1, plateletsE9PerL: 0 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("plateletsE9PerL");
  });
  it("has a null log2 with a flag when the index is 0", () => {
    const r = mEasix({ ldhUPerL: 200, crpMgPerDl: 0, plateletsE9PerL: 150 });
    expect(r.value).toBe(0);
    expect(r.log2).toBeNull();
    expect(r.log2Undefined).toBe(true);
    expect(r.reason).toContain("crpMgPerDl");
  });
  it("throws a RangeError naming the field for negative or NaN values", () => {
    expect(() => easix({ ldhUPerL: -5, creatinineMgPerDl: 1, plateletsE9PerL: 100 })).toThrow(/ldhUPerL/);
    expect(() => mEasix({ ldhUPerL: 200, crpMgPerDl: Number.NaN, plateletsE9PerL: 100 })).toThrow(
      /crpMgPerDl/,
    );
    expect(() => easix({ ldhUPerL: 200, creatinineMgPerDl: 1, plateletsE9PerL: -3 })).toThrow(
      /plateletsE9PerL/,
    );
  });
});
