import { ipi } from "../ipi.js";
import { defineScale, read } from "./define.js";
import {
  AGE_FIELD,
  ECOG_FIELD,
  EXTRANODAL_FIELD,
  IPI_FIELD,
  IPI_NAMES,
  LDH_ABOVE_ULN_FIELDS,
  RISK_GROUPS,
  STAGE_FIELD,
} from "./ipiFields.js";

export const IPI_SCALE = defineScale({
  id: "ipi",
  title: "International Prognostic Index",
  citation:
    "International Non-Hodgkin's Lymphoma Prognostic Factors Project. NEJM 1993;329:987 (clinical-reference.md §B.5)",
  fields: [AGE_FIELD, STAGE_FIELD, ECOG_FIELD, EXTRANODAL_FIELD, ...LDH_ABOVE_ULN_FIELDS],
  outputs: [
    { name: "ipi_points", type: "integer", unit: "points", description: "IPI 0–5" },
    {
      name: "ipi_risk_group",
      type: "code",
      unit: null,
      allowed: RISK_GROUPS,
      description: "0–1 low, 2 low-intermediate, 3 high-intermediate, 4–5 high",
    },
  ],
  rules: [],
  conventions: [
    "strict inequalities: age exactly 60, LDH equal to the ULN or exactly one extranodal site score 0",
  ],
  names: IPI_NAMES,
  compute(input) {
    const result = ipi({
      ageYears: read<number>(input, IPI_FIELD.age),
      annArborStage: read<number>(input, IPI_FIELD.stage),
      ecogPs: read<number>(input, IPI_FIELD.ecog),
      extranodalSitesCount: read<number>(input, IPI_FIELD.extranodal),
      ldhUPerL: read<number>(input, IPI_FIELD.ldh),
      ldhUlnUPerL: read<number>(input, IPI_FIELD.ldhUln),
    });
    return { outputs: { ipi_points: result.value, ipi_risk_group: result.group }, reason: result.reason };
  },
});
