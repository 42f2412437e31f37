import { aaIpi } from "../ipi.js";
import { defineScale, read } from "./define.js";
import {
  AGE_FIELD,
  ECOG_FIELD,
  IPI_FIELD,
  IPI_NAMES,
  LDH_ABOVE_ULN_FIELDS,
  RISK_GROUPS,
  STAGE_FIELD,
} from "./ipiFields.js";

export const AAIPI_SCALE = defineScale({
  id: "aaipi",
  title: "Age-adjusted IPI (also second-line aaIPI at relapse, any age)",
  citation:
    "International Non-Hodgkin's Lymphoma Prognostic Factors Project. NEJM 1993;329:987 (clinical-reference.md §B.5)",
  fields: [
    {
      ...AGE_FIELD,
      presence: "optional",
      description: "Age: not scored; an age > 60 is flagged in the reason (second-line aaIPI, §F.7)",
    },
    STAGE_FIELD,
    ECOG_FIELD,
    ...LDH_ABOVE_ULN_FIELDS,
  ],
  outputs: [
    { name: "aaipi_points", type: "integer", unit: "points", description: "aaIPI 0–3" },
    {
      name: "aaipi_risk_group",
      type: "code",
      unit: null,
      allowed: RISK_GROUPS,
      description: "0 low, 1 low-intermediate, 2 high-intermediate, 3 high",
    },
  ],
  rules: [],
  conventions: [
    "computed for any age (ZUMA-7 / TRANSFORM second-line practice), flagged when age > 60 (§F.7)",
    "strict inequality: LDH equal to the ULN scores 0",
  ],
  names: IPI_NAMES,
  compute(input) {
    const result = aaIpi({
      ageYears: read<number>(input, IPI_FIELD.age),
      annArborStage: read<number>(input, IPI_FIELD.stage),
      ecogPs: read<number>(input, IPI_FIELD.ecog),
      ldhUPerL: read<number>(input, IPI_FIELD.ldh),
      ldhUlnUPerL: read<number>(input, IPI_FIELD.ldhUln),
    });
    return { outputs: { aaipi_points: result.value, aaipi_risk_group: result.group }, reason: result.reason };
  },
});
