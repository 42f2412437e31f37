import { mEasix } from "../easix.js";
import { defineScale, quantity, read } from "./define.js";
import { CRP_FIELDS, LDH_FIELD, labNames, PLATELET_FIELDS } from "./fields.js";

export const M_EASIX_SCALE = defineScale({
  id: "m-easix",
  title: "Modified EASIX",
  citation: "Pennisi M et al. Blood Adv 2021;5:3397 (clinical-reference.md §B.7)",
  fields: [LDH_FIELD, ...CRP_FIELDS, ...PLATELET_FIELDS],
  outputs: [
    {
      name: "m_easix",
      type: "number",
      unit: null,
      description: "LDH (U/L) × CRP (mg/dL) / platelets (×10⁹/L)",
    },
    {
      name: "log2_m_easix",
      type: "number",
      unit: null,
      description: "log2 of m-EASIX; null when m-EASIX is 0",
    },
  ],
  rules: [],
  conventions: [
    "null when any input is missing or platelets are 0; CRP below the limit of detection is missing (§F.10)",
    "treated as continuous: thresholds were cohort-specific (Pennisi 2021)",
  ],
  names: labNames,
  compute(input) {
    const result = mEasix({
      ldhUPerL: read<number>(input, LDH_FIELD.name),
      crpMgPerDl: quantity(input, "crp"),
      plateletsE9PerL: quantity(input, "platelets"),
    });
    return { outputs: { m_easix: result.value, log2_m_easix: result.log2 }, reason: result.reason };
  },
});
