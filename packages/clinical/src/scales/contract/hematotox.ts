import { hematotox } from "../hematotox.js";
import { defineScale, quantity } from "./define.js";
import {
  ANC_FIELDS,
  CRP_FIELDS,
  FERRITIN_FIELDS,
  HEMOGLOBIN_FIELDS,
  labNames,
  PLATELET_FIELDS,
} from "./fields.js";

export const HEMATOTOX_SCALE = defineScale({
  id: "hematotox",
  title: "CAR-HEMATOTOX (before lymphodepletion)",
  citation: "Rejeski K et al. Blood 2021;138:2499 (clinical-reference.md §B.6)",
  fields: [...PLATELET_FIELDS, ...ANC_FIELDS, ...HEMOGLOBIN_FIELDS, ...CRP_FIELDS, ...FERRITIN_FIELDS],
  outputs: [
    {
      name: "points_platelets",
      type: "integer",
      unit: "points",
      description: "> 175 → 0, 75–175 → 1, < 75 → 2 (×10⁹/L)",
    },
    { name: "points_anc", type: "integer", unit: "points", description: "> 1.2 → 0, ≤ 1.2 → 1 (×10⁹/L)" },
    {
      name: "points_hemoglobin",
      type: "integer",
      unit: "points",
      description: "> 9.0 → 0, ≤ 9.0 → 1 (g/dL)",
    },
    { name: "points_crp", type: "integer", unit: "points", description: "< 3.0 → 0, ≥ 3.0 → 1 (mg/dL)" },
    {
      name: "points_ferritin",
      type: "integer",
      unit: "points",
      description: "< 650 → 0, 650–2000 → 1, > 2000 → 2 (ng/mL)",
    },
    { name: "car_hematotox_score", type: "integer", unit: "points", description: "Sum 0–7" },
    {
      name: "risk_group",
      type: "code",
      unit: null,
      allowed: ["low", "high"],
      description: "0–1 low, ≥ 2 high",
    },
  ],
  rules: [],
  conventions: [
    "a value exactly at ANC 1.2, hemoglobin 9.0, CRP 3.0, platelets 175 or ferritin 650 scores as adverse (§B.6, §F.1)",
    "CRP mg/L ÷ 10, hemoglobin g/L ÷ 10, cells/µL ÷ 1000 are exact decimal shifts, so cut-offs stay exact",
  ],
  names: labNames,
  compute(input) {
    const result = hematotox({
      plateletsE9PerL: quantity(input, "platelets"),
      ancE9PerL: quantity(input, "anc"),
      hemoglobinGPerDl: quantity(input, "hemoglobin"),
      crpMgPerDl: quantity(input, "crp"),
      ferritinNgPerMl: quantity(input, "ferritin"),
    });
    const items = result.items;
    return {
      outputs: {
        points_platelets: items?.platelets ?? null,
        points_anc: items?.anc ?? null,
        points_hemoglobin: items?.hemoglobin ?? null,
        points_crp: items?.crp ?? null,
        points_ferritin: items?.ferritin ?? null,
        car_hematotox_score: result.value,
        risk_group: result.risk,
      },
      reason: result.reason,
    };
  },
});
