import { easix } from "../easix.js";
import { defineScale, quantity, read } from "./define.js";
import { CREATININE_FIELDS, LDH_FIELD, labNames, PLATELET_FIELDS } from "./fields.js";

export const EASIX_SCALE = defineScale({
  id: "easix",
  title: "EASIX",
  citation:
    "Luft T et al. Lancet Haematol 2017;4:e414; in CAR-T: Korell 2022, Greenbaum 2021, Pennisi 2021 (clinical-reference.md §B.7)",
  fields: [LDH_FIELD, ...CREATININE_FIELDS, ...PLATELET_FIELDS],
  outputs: [
    {
      name: "easix",
      type: "number",
      unit: null,
      description: "LDH (U/L) × creatinine (mg/dL) / platelets (×10⁹/L)",
    },
    { name: "log2_easix", type: "number", unit: null, description: "log2 of EASIX; null when EASIX is 0" },
    { name: "creatinine_mg_per_dl", type: "number", unit: "mg/dL", description: "Creatinine as scored" },
  ],
  rules: [],
  conventions: [
    "null when any input is missing or platelets are 0; never imputed",
    "LDH is absolute: indices from different LDH methods are comparable only after harmonisation (§F.6)",
  ],
  names: labNames,
  compute(input) {
    const creatinine = quantity(input, "creatinine");
    const result = easix({
      ldhUPerL: read<number>(input, LDH_FIELD.name),
      creatinineMgPerDl: creatinine,
      plateletsE9PerL: quantity(input, "platelets"),
    });
    return {
      outputs: { easix: result.value, log2_easix: result.log2, creatinine_mg_per_dl: creatinine ?? null },
      reason: result.reason,
    };
  },
});
