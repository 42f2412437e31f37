import { describe, expect, it } from "vitest";
import {
  cellsPerUlToE9PerL,
  creatinineMgPerDlToUmolPerL,
  creatinineUmolPerLToMgPerDl,
  crpMgPerDlToMgPerL,
  crpMgPerLToMgPerDl,
  e9PerLToCellsPerUl,
  ferritinNgPerMlToUgPerL,
  ferritinUgPerLToNgPerMl,
  hemoglobinGPerDlToGPerL,
  hemoglobinGPerDlToMmolPerL,
  hemoglobinGPerLToGPerDl,
  hemoglobinMmolPerLToGPerDl,
  shiftDecimal,
} from "../../src/units/conversions.js";

describe("unit conversions", () => {
  it("return the value and a record of the conversion", () => {
    expect(crpMgPerLToMgPerDl(60)).toEqual({
      value: 6,
      conversion: { quantity: "crp", from: "mg/L", to: "mg/dL", factor: 0.1 },
    });
    expect(cellsPerUlToE9PerL(1200)).toEqual({
      value: 1.2,
      conversion: { quantity: "cell_count", from: "cells/µL", to: "10^9/L", factor: 0.001 },
    });
  });
  it("shift decimals exactly, so a cut-off value stays on its cut-off", () => {
    // 29 × 0.1 = 2.9000000000000004 in binary floating point; 29 mg/L must be exactly 2.9 mg/dL.
    expect(29 * 0.1).not.toBe(2.9);
    expect(crpMgPerLToMgPerDl(29).value).toBe(2.9);
    expect(crpMgPerLToMgPerDl(30).value).toBe(3.0);
    expect(0.07 * 10).not.toBe(0.7);
    expect(crpMgPerDlToMgPerL(0.07).value).toBe(0.7);
    expect(cellsPerUlToE9PerL(500).value).toBe(0.5);
    expect(cellsPerUlToE9PerL(100).value).toBe(0.1);
    expect(hemoglobinGPerLToGPerDl(90).value).toBe(9.0);
    expect(hemoglobinGPerLToGPerDl(87).value).toBe(8.7);
    expect(e9PerLToCellsPerUl(0.3).value).toBe(300);
    expect(crpMgPerDlToMgPerL(0.7).value).toBe(7);
    expect(hemoglobinGPerDlToGPerL(12.1).value).toBe(121);
    expect(shiftDecimal(0, 3)).toBe(0);
    expect(shiftDecimal(1.5e-7, 3)).toBe(1.5e-4);
  });
  it("convert creatinine with 88.42 µmol/L per mg/dL", () => {
    expect(creatinineUmolPerLToMgPerDl(88.42).value).toBe(1);
    expect(creatinineUmolPerLToMgPerDl(132.63).value).toBeCloseTo(1.5, 12);
    expect(creatinineMgPerDlToUmolPerL(0.8).value).toBeCloseTo(70.736, 10);
    expect(creatinineUmolPerLToMgPerDl(100).conversion).toMatchObject({ from: "µmol/L", to: "mg/dL" });
    expect(creatinineUmolPerLToMgPerDl(100).conversion.factor).toBeCloseTo(1 / 88.42, 15);
  });
  it("convert hemoglobin mmol/L with 1.611 g/dL per mmol/L", () => {
    expect(hemoglobinMmolPerLToGPerDl(5.6).value).toBeCloseTo(9.0216, 10);
    expect(hemoglobinMmolPerLToGPerDl(1).conversion.factor).toBe(1.611);
    expect(hemoglobinGPerDlToMmolPerL(16.11).value).toBeCloseTo(10, 10);
  });
  it("treat ng/mL and µg/L as the same quantity, and still record it", () => {
    expect(ferritinUgPerLToNgPerMl(2600)).toEqual({
      value: 2600,
      conversion: { quantity: "ferritin", from: "µg/L", to: "ng/mL", factor: 1 },
    });
    expect(ferritinNgPerMlToUgPerL(650).value).toBe(650);
  });
});
