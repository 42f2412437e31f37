/**
 * Explicit unit conversions for the laboratory values the scales read. Each conversion returns the
 * converted value together with a record of what was done (quantity, from, to, factor) so that a score
 * can report every conversion it applied instead of converting silently.
 *
 * Factors: 1 ×10⁹/L = 1000 cells/µL; 1 g/dL = 10 g/L; 1 mg/dL = 10 mg/L; 1 ng/mL = 1 µg/L;
 * creatinine 1 mg/dL = 88.42 µmol/L (molar mass 113.12 g/mol); hemoglobin 1 mmol/L (as the iron-binding
 * monomer, 16.1 kDa) = 1.611 g/dL.
 */

export type Unit =
  | "cells/µL"
  | "10^9/L"
  | "g/dL"
  | "g/L"
  | "mmol/L"
  | "mg/dL"
  | "mg/L"
  | "µmol/L"
  | "ng/mL"
  | "µg/L";

export type Quantity = "cell_count" | "hemoglobin" | "crp" | "creatinine" | "ferritin";

export interface UnitConversion {
  quantity: Quantity;
  from: Unit;
  to: Unit;
  /** The value in `to` equals the value in `from` times this factor. */
  factor: number;
}

export interface Converted {
  value: number;
  conversion: UnitConversion;
}

/**
 * Multiplies by 10^exponent as a shift of the decimal point, so that the result is exactly the double
 * the same decimal would have been parsed to: 29 mg/L becomes 2.9 mg/dL, 500 cells/µL 0.5 ×10⁹/L.
 * Plain floating-point multiplication by 0.1 can land one ulp beside it (29 × 0.1 = 2.9000000000000004),
 * and a value in one unit must compare with a cut-off exactly as the same value typed in the other.
 */
export function shiftDecimal(value: number, exponent: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const [mantissa, power] = value.toExponential().split("e") as [string, string];
  return Number(`${mantissa}e${Number(power) + exponent}`);
}

function powerOfTen(quantity: Quantity, from: Unit, to: Unit, exponent: number) {
  const conversion: UnitConversion = { quantity, from, to, factor: 10 ** exponent };
  return (value: number): Converted => ({ value: shiftDecimal(value, exponent), conversion });
}

function scaled(quantity: Quantity, from: Unit, to: Unit, multiply: number, divide: number) {
  const conversion: UnitConversion = { quantity, from, to, factor: multiply / divide };
  return (value: number): Converted => ({ value: (value * multiply) / divide, conversion });
}

/** Creatinine µmol/L per mg/dL: 10 dL/L × 1000 µmol/mmol / 113.12 g/mol. */
export const CREATININE_UMOL_PER_L_PER_MG_PER_DL = 88.42;
/** Hemoglobin g/dL per mmol/L of the monomer (16.1 kDa ÷ 10). */
export const HEMOGLOBIN_G_PER_DL_PER_MMOL_PER_L = 1.611;

export const cellsPerUlToE9PerL = powerOfTen("cell_count", "cells/µL", "10^9/L", -3);
export const e9PerLToCellsPerUl = powerOfTen("cell_count", "10^9/L", "cells/µL", 3);

export const hemoglobinGPerLToGPerDl = powerOfTen("hemoglobin", "g/L", "g/dL", -1);
export const hemoglobinGPerDlToGPerL = powerOfTen("hemoglobin", "g/dL", "g/L", 1);
export const hemoglobinMmolPerLToGPerDl = scaled(
  "hemoglobin",
  "mmol/L",
  "g/dL",
  HEMOGLOBIN_G_PER_DL_PER_MMOL_PER_L,
  1,
);
export const hemoglobinGPerDlToMmolPerL = scaled(
  "hemoglobin",
  "g/dL",
  "mmol/L",
  1,
  HEMOGLOBIN_G_PER_DL_PER_MMOL_PER_L,
);

export const crpMgPerLToMgPerDl = powerOfTen("crp", "mg/L", "mg/dL", -1);
export const crpMgPerDlToMgPerL = powerOfTen("crp", "mg/dL", "mg/L", 1);

export const creatinineUmolPerLToMgPerDl = scaled(
  "creatinine",
  "µmol/L",
  "mg/dL",
  1,
  CREATININE_UMOL_PER_L_PER_MG_PER_DL,
);
export const creatinineMgPerDlToUmolPerL = scaled(
  "creatinine",
  "mg/dL",
  "µmol/L",
  CREATININE_UMOL_PER_L_PER_MG_PER_DL,
  1,
);

/** Ferritin: the two units are the same quantity (1 ng/mL = 1 µg/L); the record still says so. */
export const ferritinUgPerLToNgPerMl = powerOfTen("ferritin", "µg/L", "ng/mL", 0);
export const ferritinNgPerMlToUgPerL = powerOfTen("ferritin", "ng/mL", "µg/L", 0);
