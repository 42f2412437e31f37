import { describe, expect, it } from "vitest";
import { hematotox } from "../../src/scales/hematotox.js";

// Worked examples and cut-offs: clinical-reference.md §B.6.
const healthy = {
  plateletsE9PerL: 210,
  ancE9PerL: 2.5,
  hemoglobinGPerDl: 12.1,
  crpMgPerDl: 0.4,
  ferritinNgPerMl: 300,
};

describe("CAR-HEMATOTOX worked examples (§B.6)", () => {
  it("plt 210, ANC 2.5, Hb 12.1, CRP 0.4, ferritin 300 → 0 (low)", () => {
    const r = hematotox(healthy);
    expect(r).toMatchObject({ value: 0, risk: "low" });
    expect(r.items).toEqual({ platelets: 0, anc: 0, hemoglobin: 0, crp: 0, ferritin: 0 });
  });
  it("plt 140, ANC 0.8, Hb 10.2, CRP 1.1, ferritin 900 → 3 (high)", () => {
    const r = hematotox({
      plateletsE9PerL: 140,
      ancE9PerL: 0.8,
      hemoglobinGPerDl: 10.2,
      crpMgPerDl: 1.1,
      ferritinNgPerMl: 900,
    });
    expect(r.items).toEqual({ platelets: 1, anc: 1, hemoglobin: 0, crp: 0, ferritin: 1 });
    expect(r).toMatchObject({ value: 3, risk: "high" });
  });
  it("plt 60, ANC 2.2, Hb 8.7, CRP 60 mg/L (6.0 mg/dL), ferritin 2600 → 6 (high)", () => {
    const r = hematotox({
      plateletsE9PerL: 60,
      ancE9PerL: 2.2,
      hemoglobinGPerDl: 8.7,
      crpMgPerDl: 60 / 10,
      ferritinNgPerMl: 2600,
    });
    expect(r.items).toEqual({ platelets: 2, anc: 0, hemoglobin: 1, crp: 1, ferritin: 2 });
    expect(r).toMatchObject({ value: 6, risk: "high" });
  });
});

describe("CAR-HEMATOTOX cut-offs", () => {
  it("values exactly at a cut-off score adverse by default", () => {
    expect(hematotox({ ...healthy, plateletsE9PerL: 175 }).items?.platelets).toBe(1);
    expect(hematotox({ ...healthy, plateletsE9PerL: 175.1 }).items?.platelets).toBe(0);
    expect(hematotox({ ...healthy, plateletsE9PerL: 75 }).items?.platelets).toBe(1);
    expect(hematotox({ ...healthy, plateletsE9PerL: 74.9 }).items?.platelets).toBe(2);
    expect(hematotox({ ...healthy, ferritinNgPerMl: 650 }).items?.ferritin).toBe(1);
    expect(hematotox({ ...healthy, ferritinNgPerMl: 649 }).items?.ferritin).toBe(0);
    expect(hematotox({ ...healthy, ferritinNgPerMl: 2000 }).items?.ferritin).toBe(1);
    expect(hematotox({ ...healthy, ferritinNgPerMl: 2001 }).items?.ferritin).toBe(2);
    expect(hematotox({ ...healthy, ancE9PerL: 1.2 }).items?.anc).toBe(1);
    expect(hematotox({ ...healthy, ancE9PerL: 1.21 }).items?.anc).toBe(0);
    expect(hematotox({ ...healthy, hemoglobinGPerDl: 9.0 }).items?.hemoglobin).toBe(1);
    expect(hematotox({ ...healthy, hemoglobinGPerDl: 9.1 }).items?.hemoglobin).toBe(0);
    expect(hematotox({ ...healthy, crpMgPerDl: 3.0 }).items?.crp).toBe(1);
    expect(hematotox({ ...healthy, crpMgPerDl: 2.99 }).items?.crp).toBe(0);
  });
  it("cutoffAdverse false scores 0/1 cut-off values favourable; the 1/2 bands stay inclusive", () => {
    const favourable = { cutoffAdverse: false };
    expect(hematotox({ ...healthy, plateletsE9PerL: 175 }, favourable).items?.platelets).toBe(0);
    expect(hematotox({ ...healthy, plateletsE9PerL: 75 }, favourable).items?.platelets).toBe(1);
    expect(hematotox({ ...healthy, ferritinNgPerMl: 650 }, favourable).items?.ferritin).toBe(0);
    expect(hematotox({ ...healthy, ferritinNgPerMl: 2000 }, favourable).items?.ferritin).toBe(1);
    expect(hematotox({ ...healthy, ancE9PerL: 1.2 }, favourable).items?.anc).toBe(0);
    expect(hematotox({ ...healthy, hemoglobinGPerDl: 9.0 }, favourable).items?.hemoglobin).toBe(0);
    const r = hematotox({ ...healthy, crpMgPerDl: 3.0 }, favourable);
    expect(r.items?.crp).toBe(0);
    expect(r.cutoffAdverse).toBe(false);
  });
  it("risk is low at 1 and high at 2", () => {
    expect(hematotox({ ...healthy, ancE9PerL: 1.0 })).toMatchObject({ value: 1, risk: "low" });
    expect(hematotox({ ...healthy, plateletsE9PerL: 50 })).toMatchObject({ value: 2, risk: "high" });
  });
});

describe("CAR-HEMATOTOX missing and invalid inputs", () => {
  it("returns null naming the missing field", () => {
    const r = hematotox({ ...healthy, ferritinNgPerMl: null });
    expect(r.value).toBeNull();
    expect(r.risk).toBeNull();
    expect(r.reason).toContain("ferritinNgPerMl");
  });
  it("throws a RangeError naming the field for negative or NaN values", () => {
    expect(() => hematotox({ ...healthy, plateletsE9PerL: -1 })).toThrow(/plateletsE9PerL/);
    expect(() => hematotox({ ...healthy, crpMgPerDl: Number.NaN })).toThrow(RangeError);
  });
});
