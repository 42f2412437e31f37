import {
  cellsPerUlToE9PerL,
  creatinineUmolPerLToMgPerDl,
  crpMgPerLToMgPerDl,
  ferritinUgPerLToNgPerMl,
  hemoglobinGPerLToGPerDl,
  hemoglobinMmolPerLToGPerDl,
} from "../../units/conversions.js";
import type { FieldSpec } from "./schema.js";
import type { ValidInput } from "./validate.js";

/**
 * Laboratory fields shared by several scales, each quantity in the unit the reference lists and its
 * common alternatives. Physical ranges bound what a living patient can have, wide enough never to refuse
 * a real value yet narrow enough that a value in the neighbouring unit falls outside and is caught.
 */

const required = "required" as const;

export const PLATELET_FIELDS: readonly FieldSpec[] = [
  {
    name: "platelets_10e9_per_l",
    type: "number",
    unit: "10^9/L",
    quantity: "platelets",
    range: { min: 0, max: 5000 },
    presence: required,
    description: "Platelet count",
  },
  {
    name: "platelets_per_uL",
    type: "number",
    unit: "cells/µL",
    quantity: "platelets",
    range: { min: 0, max: 5_000_000 },
    wholeCount: true,
    convert: cellsPerUlToE9PerL,
    presence: required,
    description: "Platelet count (converted to ×10⁹/L)",
  },
];

export const ANC_FIELDS: readonly FieldSpec[] = [
  {
    name: "anc_10e9_per_l",
    type: "number",
    unit: "10^9/L",
    quantity: "anc",
    range: { min: 0, max: 200 },
    presence: required,
    description: "Absolute neutrophil count",
  },
  {
    name: "anc_per_uL",
    type: "number",
    unit: "cells/µL",
    quantity: "anc",
    range: { min: 0, max: 200_000 },
    wholeCount: true,
    convert: cellsPerUlToE9PerL,
    presence: required,
    description: "Absolute neutrophil count (converted to ×10⁹/L)",
  },
];

export const HEMOGLOBIN_FIELDS: readonly FieldSpec[] = [
  {
    name: "hemoglobin_g_per_dl",
    type: "number",
    unit: "g/dL",
    quantity: "hemoglobin",
    range: { min: 1, max: 25 },
    presence: required,
    description: "Hemoglobin",
  },
  {
    name: "hemoglobin_g_per_l",
    type: "number",
    unit: "g/L",
    quantity: "hemoglobin",
    range: { min: 10, max: 250 },
    convert: hemoglobinGPerLToGPerDl,
    presence: required,
    description: "Hemoglobin (converted to g/dL)",
  },
  {
    name: "hemoglobin_mmol_per_l",
    type: "number",
    unit: "mmol/L",
    quantity: "hemoglobin",
    range: { min: 0.6, max: 15.5 },
    convert: hemoglobinMmolPerLToGPerDl,
    presence: required,
    description: "Hemoglobin as the monomer (× 1.611 to g/dL)",
  },
];

export const CRP_FIELDS: readonly FieldSpec[] = [
  {
    name: "crp_mg_per_dl",
    type: "number",
    unit: "mg/dL",
    quantity: "crp",
    range: { min: 0, max: 100 },
    presence: required,
    description: "C-reactive protein",
  },
  {
    name: "crp_mg_per_l",
    type: "number",
    unit: "mg/L",
    quantity: "crp",
    range: { min: 0, max: 1000 },
    convert: crpMgPerLToMgPerDl,
    presence: required,
    description: "C-reactive protein (÷ 10 to mg/dL)",
  },
];

export const FERRITIN_FIELDS: readonly FieldSpec[] = [
  {
    name: "ferritin_ng_per_ml",
    type: "number",
    unit: "ng/mL",
    quantity: "ferritin",
    range: { min: 0, max: 500_000 },
    presence: required,
    description: "Ferritin",
  },
  {
    name: "ferritin_ug_per_l",
    type: "number",
    unit: "µg/L",
    quantity: "ferritin",
    range: { min: 0, max: 500_000 },
    convert: ferritinUgPerLToNgPerMl,
    presence: required,
    description: "Ferritin (1 µg/L = 1 ng/mL)",
  },
];

export const CREATININE_FIELDS: readonly FieldSpec[] = [
  {
    name: "creatinine_mg_per_dl",
    type: "number",
    unit: "mg/dL",
    quantity: "creatinine",
    range: { min: 0.05, max: 30 },
    presence: required,
    description: "Serum creatinine",
  },
  {
    name: "creatinine_umol_per_l",
    type: "number",
    unit: "µmol/L",
    quantity: "creatinine",
    range: { min: 4, max: 2650 },
    convert: creatinineUmolPerLToMgPerDl,
    presence: required,
    description: "Serum creatinine (÷ 88.42 to mg/dL)",
  },
];

export const LDH_FIELD: FieldSpec = {
  name: "ldh_u_per_l",
  type: "number",
  unit: "U/L",
  range: { min: 0, max: 100_000 },
  presence: required,
  description: "Lactate dehydrogenase (absolute; labs differ in method, see §F.6)",
};

export const LDH_ULN_FIELD: FieldSpec = {
  name: "ldh_uln_u_per_l",
  type: "number",
  unit: "U/L",
  range: { min: 0, max: 5000, exclusiveMin: true },
  presence: required,
  description: "Upper limit of normal of the measuring centre's LDH method",
};

const LAB_QUANTITIES: Readonly<Record<string, { quantity: string; fields: readonly FieldSpec[] }>> = {
  plateletsE9PerL: { quantity: "platelets", fields: PLATELET_FIELDS },
  ancE9PerL: { quantity: "anc", fields: ANC_FIELDS },
  hemoglobinGPerDl: { quantity: "hemoglobin", fields: HEMOGLOBIN_FIELDS },
  crpMgPerDl: { quantity: "crp", fields: CRP_FIELDS },
  ferritinNgPerMl: { quantity: "ferritin", fields: FERRITIN_FIELDS },
  creatinineMgPerDl: { quantity: "creatinine", fields: CREATININE_FIELDS },
};

/**
 * The contract names of the scales' lab inputs for one input: the field the caller used, or — when the
 * quantity is missing — every field that could carry it.
 */
export function labNames(input: ValidInput): Record<string, string> {
  const names: Record<string, string> = { ldhUPerL: LDH_FIELD.name, ldhUlnUPerL: LDH_ULN_FIELD.name };
  for (const [core, { quantity, fields }] of Object.entries(LAB_QUANTITIES)) {
    names[core] = input.quantities[quantity]?.field ?? fields.map((f) => f.name).join(" or ");
  }
  return names;
}
