import { luganoLesion } from "../lugano.js";
import { defineScale, read } from "./define.js";

const F = {
  nadirLdi: "lesion_nadir_ldi_cm",
  nadirSdi: "lesion_nadir_sdi_cm",
  currentLdi: "lesion_current_ldi_cm",
  currentSdi: "lesion_current_sdi_cm",
} as const;

const diameter = (name: string, description: string) => ({
  name,
  type: "number" as const,
  unit: "cm",
  range: { min: 0, max: 50 },
  presence: "required" as const,
  description,
});

const shortExceedsLong = (short: string, long: string) => (v: Readonly<Record<string, unknown>>) =>
  typeof v[short] === "number" && typeof v[long] === "number" && v[short] > v[long] ? short : null;

export const LUGANO_LESION_SCALE = defineScale({
  id: "lugano-lesion",
  title: "Lugano 2014 single-lesion PPD progression rule",
  citation: "Cheson BD et al. J Clin Oncol 2014;32:3059 (clinical-reference.md §B.4)",
  fields: [
    diameter(F.nadirLdi, "Longest diameter of the lesion at its nadir (0 if it had resolved)"),
    diameter(F.nadirSdi, "Shortest diameter at the nadir"),
    diameter(F.currentLdi, "Longest diameter now"),
    diameter(F.currentSdi, "Shortest diameter now"),
  ],
  outputs: [
    {
      name: "nadir_ppd_cm2",
      type: "number",
      unit: "cm²",
      description: "Product of the diameters at the nadir",
    },
    { name: "current_ppd_cm2", type: "number", unit: "cm²", description: "Product of the diameters now" },
    {
      name: "ppd_increase_percent",
      type: "number",
      unit: "%",
      description: "PPD change from the nadir; null from a nadir of 0",
    },
    {
      name: "meets_individual_lesion_ppd_progression",
      type: "boolean",
      unit: null,
      description: "LDi > 1.5 cm, PPD +50 % from nadir and LDi or SDi +0.5 cm (≤ 2 cm) / +1.0 cm (> 2 cm)",
    },
    {
      name: "lugano_ct_response",
      type: "code",
      unit: null,
      allowed: ["PD"],
      description:
        "PD when the lesion meets the rule; null otherwise (one lesion cannot establish CR, PR or SD)",
    },
  ],
  rules: [
    {
      fields: [F.nadirSdi, F.nadirLdi],
      rule: "contradiction",
      text: "the shortest diameter cannot exceed the longest",
      offending: shortExceedsLong(F.nadirSdi, F.nadirLdi),
    },
    {
      fields: [F.currentSdi, F.currentLdi],
      rule: "contradiction",
      text: "the shortest diameter cannot exceed the longest",
      offending: shortExceedsLong(F.currentSdi, F.currentLdi),
    },
  ],
  conventions: [
    "LDi > 1.5 cm is strict; PPD +50 % and the diameter increases are inclusive",
    "a lesion is '≤ 2 cm' by its nadir LDi (Cheson 2014 does not say which; option sizeClassFrom)",
  ],
  names: {
    nadirLdiCm: F.nadirLdi,
    nadirSdiCm: F.nadirSdi,
    currentLdiCm: F.currentLdi,
    currentSdiCm: F.currentSdi,
  },
  compute(input) {
    const result = luganoLesion({
      nadirLdiCm: read<number>(input, F.nadirLdi),
      nadirSdiCm: read<number>(input, F.nadirSdi),
      currentLdiCm: read<number>(input, F.currentLdi),
      currentSdiCm: read<number>(input, F.currentSdi),
    });
    return {
      outputs: {
        nadir_ppd_cm2: result.nadirPpdCm2,
        current_ppd_cm2: result.currentPpdCm2,
        ppd_increase_percent: result.ppdIncreasePercent,
        meets_individual_lesion_ppd_progression: result.meetsProgression,
        lugano_ct_response: result.value,
      },
      reason: result.reason,
    };
  },
});
