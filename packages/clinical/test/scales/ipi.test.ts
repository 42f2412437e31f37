import { describe, expect, it } from "vitest";
import { aaIpi, ipi } from "../../src/scales/ipi.js";

// Worked examples and boundaries: clinical-reference.md §B.5.
const base = {
  ageYears: 50,
  annArborStage: 2,
  ldhUPerL: 200,
  ldhUlnUPerL: 250,
  ecogPs: 0,
  extranodalSitesCount: 0,
};

describe("IPI worked examples (§B.5)", () => {
  it("67 y, stage IV, LDH 520/250, ECOG 1, 3 EN sites → 4 (high); aaIPI 2", () => {
    const input = {
      ageYears: 67,
      annArborStage: 4,
      ldhUPerL: 520,
      ldhUlnUPerL: 250,
      ecogPs: 1,
      extranodalSitesCount: 3,
    };
    const r = ipi(input);
    expect(r.value).toBe(4);
    expect(r.group).toBe("high");
    expect(r.items).toEqual({
      ageOver60: 1,
      stageIIIorIV: 1,
      ldhAboveUln: 1,
      ecogAtLeast2: 0,
      extranodalSitesOver1: 1,
    });
    const aa = aaIpi(input);
    expect(aa.value).toBe(2);
    expect(aa.group).toBe("high_intermediate");
    expect(aa.ageAbove60).toBe(true);
  });

  it("52 y, stage II, LDH 300/250, ECOG 0, 1 EN → IPI 1 (low), aaIPI 1 (low-intermediate)", () => {
    const input = {
      ageYears: 52,
      annArborStage: 2,
      ldhUPerL: 300,
      ldhUlnUPerL: 250,
      ecogPs: 0,
      extranodalSitesCount: 1,
    };
    expect(ipi(input)).toMatchObject({ value: 1, group: "low" });
    const aa = aaIpi(input);
    expect(aa).toMatchObject({ value: 1, group: "low_intermediate", ageAbove60: false });
    expect(aa.reason).toContain("LDH > ULN");
  });

  it("75 y, stage III, LDH 200/250, ECOG 2, 1 EN → IPI 3 (high-intermediate); sAAIPI 2", () => {
    const input = {
      ageYears: 75,
      annArborStage: 3,
      ldhUPerL: 200,
      ldhUlnUPerL: 250,
      ecogPs: 2,
      extranodalSitesCount: 1,
    };
    expect(ipi(input)).toMatchObject({ value: 3, group: "high_intermediate" });
    const aa = aaIpi(input);
    expect(aa.value).toBe(2);
    expect(aa.reason).toContain("second-line");
  });
});

describe("IPI strict inequalities", () => {
  it("age exactly 60 scores 0, 60.1 scores 1", () => {
    expect(ipi({ ...base, ageYears: 60 }).items?.ageOver60).toBe(0);
    expect(ipi({ ...base, ageYears: 60.1 }).items?.ageOver60).toBe(1);
  });
  it("LDH equal to ULN scores 0, above scores 1", () => {
    expect(ipi({ ...base, ldhUPerL: 250 }).items?.ldhAboveUln).toBe(0);
    expect(ipi({ ...base, ldhUPerL: 251 }).items?.ldhAboveUln).toBe(1);
    expect(aaIpi({ ...base, ldhUPerL: 250 }).value).toBe(0);
  });
  it("exactly one extranodal site scores 0, two score 1", () => {
    expect(ipi({ ...base, extranodalSitesCount: 1 }).items?.extranodalSitesOver1).toBe(0);
    expect(ipi({ ...base, extranodalSitesCount: 2 }).items?.extranodalSitesOver1).toBe(1);
  });
  it("stage II scores 0 and stage III scores 1; ECOG 1 scores 0 and ECOG 2 scores 1", () => {
    expect(ipi({ ...base, annArborStage: 3 }).value).toBe(1);
    expect(ipi({ ...base, ecogPs: 1 }).value).toBe(0);
    expect(ipi({ ...base, ecogPs: 2 }).value).toBe(1);
  });
  it("groups 0–1 low, 2 low-intermediate, 3 high-intermediate, 4–5 high", () => {
    expect(ipi(base).group).toBe("low");
    expect(ipi({ ...base, ageYears: 70, ecogPs: 3 }).group).toBe("low_intermediate");
    const all = {
      ageYears: 70,
      annArborStage: 4,
      ldhUPerL: 900,
      ldhUlnUPerL: 250,
      ecogPs: 3,
      extranodalSitesCount: 4,
    };
    expect(ipi(all)).toMatchObject({ value: 5, group: "high" });
    expect(aaIpi(all)).toMatchObject({ value: 3, group: "high" });
    expect(aaIpi(base)).toMatchObject({ value: 0, group: "low" });
  });
});

describe("IPI missing and invalid inputs", () => {
  it("returns null naming each missing field, never imputing", () => {
    const r = ipi({ ...base, ldhUlnUPerL: null, extranodalSitesCount: undefined });
    expect(r.value).toBeNull();
    expect(r.group).toBeNull();
    expect(r.reason).toContain("ldhUlnUPerL");
    expect(r.reason).toContain("extranodalSitesCount");
  });
  it("aaIPI needs no age; its flag is then null", () => {
    const r = aaIpi({ ...base, ageYears: null });
    expect(r.value).toBe(0);
    expect(r.ageAbove60).toBeNull();
    expect(aaIpi({ ...base, ecogPs: null }).reason).toContain("ecogPs");
  });
  it("throws a RangeError naming the field for impossible values", () => {
    expect(() => ipi({ ...base, extranodalSitesCount: -1 })).toThrow(/extranodalSitesCount/);
    expect(() => ipi({ ...base, ageYears: Number.NaN })).toThrow(RangeError);
    expect(() => ipi({ ...base, annArborStage: 5 })).toThrow(/annArborStage/);
    expect(() => ipi({ ...base, ldhUlnUPerL: 0 })).toThrow(/ldhUlnUPerL/);
    expect(() => aaIpi({ ...base, ecogPs: 1.5 })).toThrow(/ecogPs/);
  });
});
