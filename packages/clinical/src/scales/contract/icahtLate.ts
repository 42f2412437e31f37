import { icahtLate } from "../icaht.js";
import { defineScale, read } from "./define.js";

const SERIES = "anc_values_per_uL_after_day30_before_progression_or_new_therapy";

export const ICAHT_LATE_SCALE = defineScale({
  id: "icaht-late",
  title: "Late ICAHT, after day +30 (EHA/EBMT)",
  citation: "Rejeski K et al. Blood 2023;142:865 (clinical-reference.md §B.3)",
  fields: [
    {
      name: SERIES,
      type: "number_list",
      unit: "cells/µL",
      range: { min: 0, max: 200_000 },
      wholeCount: true,
      presence: "required",
      description:
        "ANC values from day +31 (to day +100 by default, §F.2), stopping at progression or new anti-lymphoma therapy",
    },
  ],
  outputs: [
    {
      name: "late_icaht_grade",
      type: "integer",
      unit: null,
      description: "Late ICAHT grade 0–4, null with fewer than two values",
    },
  ],
  rules: [],
  conventions: [
    "non-transient neutropenia needs at least two values",
    "grade = the highest grade whose threshold (≤ 1500, 1000, 500, 100 cells/µL) at least two values meet (§F.2; Liang grades by the nadir)",
  ],
  names: { ancValues: SERIES },
  compute(input) {
    const values = read<number[]>(input, SERIES);
    if (values === undefined || values === null) {
      return { outputs: { late_icaht_grade: null }, reason: `late ICAHT not computed: missing ${SERIES}` };
    }
    const result = icahtLate(values, { ancUnit: "cells/µL" });
    return { outputs: { late_icaht_grade: result.value }, reason: result.reason };
  },
});
