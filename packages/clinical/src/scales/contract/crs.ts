import { crs, OXYGEN_DEVICES, type OxygenDevice, VASOPRESSORS, type Vasopressor } from "../crs.js";
import { defineScale, read } from "./define.js";

const F = {
  temperature: "temperature_max_c",
  treated: "received_antipyretic_or_tocilizumab_or_corticosteroid_for_crs_before_this_assessment",
  hypotension: "hypotension_present",
  vasopressors: "vasopressors_in_use",
  device: "oxygen_delivery_device",
  flow: "oxygen_flow_l_per_min",
  otherCause: "symptoms_attributable_to_other_cause",
  death: "death_attributable_to_crs",
} as const;

export const CRS_SCALE = defineScale({
  id: "crs",
  title: "Cytokine release syndrome, one assessment (ASTCT)",
  citation: "Lee DW et al. Biol Blood Marrow Transplant 2019;25:625 (clinical-reference.md §B.1)",
  fields: [
    {
      name: F.temperature,
      type: "number",
      unit: "°C",
      range: { min: 25, max: 45 },
      presence: "required",
      neededWhen: `unless ${F.treated} is true (fever is then no longer required)`,
      unitHint: (v) => (v >= 89.6 && v <= 113 ? "it looks like °F: send °C = (°F − 32) × 5/9" : null),
      description: "Highest temperature of the assessment",
    },
    {
      name: F.treated,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "An antipyretic, tocilizumab or a corticosteroid was given for CRS before this assessment",
    },
    {
      name: F.hypotension,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description:
        "Hypotension attributable to CRS (clinician-judged; ASTCT sets no numeric threshold, §F.5)",
    },
    {
      name: F.vasopressors,
      type: "code_list",
      unit: null,
      allowed: VASOPRESSORS,
      presence: "required",
      neededWhen: `when ${F.hypotension} is true; [] for none`,
      description: "Vasopressors in use for CRS hypotension, each listed once",
    },
    {
      name: F.device,
      type: "code",
      unit: null,
      allowed: OXYGEN_DEVICES,
      presence: "required",
      description: "Oxygen delivery device (none = room air)",
    },
    {
      name: F.flow,
      type: "number",
      unit: "L/min",
      range: { min: 0, max: 80 },
      presence: "required",
      neededWhen: `when ${F.device} is nasal_cannula (≤ 6 L/min low flow, > 6 high flow)`,
      description: "Oxygen flow",
    },
    {
      name: F.otherCause,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Fever, hypotension and hypoxia are attributable to another cause (then not CRS)",
    },
    {
      name: F.death,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Death attributable to CRS (grade 5; an extension of the issue's field list, §B.1 step 4)",
    },
  ],
  outputs: [
    {
      name: "crs_grade",
      type: "integer",
      unit: null,
      description: "ASTCT CRS grade 0–5, null when a missing input could change it",
    },
  ],
  rules: [
    {
      fields: [F.vasopressors, F.hypotension],
      rule: "contradiction",
      text: `vasopressors are listed, so ${F.hypotension} must be true (or null when not assessed)`,
      offending: (v) =>
        Array.isArray(v[F.vasopressors]) &&
        (v[F.vasopressors] as unknown[]).length > 0 &&
        (v[F.hypotension] === false || v[F.hypotension] === undefined)
          ? F.vasopressors
          : null,
    },
    {
      fields: [F.flow, F.device],
      rule: "contradiction",
      text: `an oxygen flow above 0 needs a device other than none in ${F.device}`,
      offending: (v) =>
        v[F.device] === "none" && ((v[F.flow] as number | null | undefined) ?? 0) > 0 ? F.flow : null,
    },
    {
      fields: [F.death, F.otherCause],
      rule: "contradiction",
      text: `a death attributable to CRS cannot have symptoms attributable to another cause (${F.otherCause})`,
      offending: (v) => (v[F.death] === true && v[F.otherCause] === true ? F.death : null),
    },
  ],
  conventions: [
    "one assessment: carrying a grade across an episode (§F.4) is the timeline's job",
    "treated, afebrile, no hypotension or hypoxia: grade 1 as in the §B.1 pseudocode, with the reason saying so",
    "fever ≥ 38.0 °C and nasal cannula ≤ 6 L/min are inclusive",
  ],
  names: {
    temperatureMaxC: F.temperature,
    treatedForCrsBeforeAssessment: F.treated,
    hypotensionPresent: F.hypotension,
    vasopressorsInUse: F.vasopressors,
    oxygenDevice: F.device,
    oxygenFlowLPerMin: F.flow,
    symptomsAttributableToOtherCause: F.otherCause,
    deathAttributableToCrs: F.death,
  },
  compute(input) {
    const result = crs({
      temperatureMaxC: read<number>(input, F.temperature),
      treatedForCrsBeforeAssessment: read<boolean>(input, F.treated),
      hypotensionPresent: read<boolean>(input, F.hypotension),
      vasopressorsInUse: read<Vasopressor[]>(input, F.vasopressors),
      oxygenDevice: read<OxygenDevice>(input, F.device),
      oxygenFlowLPerMin: read<number>(input, F.flow),
      symptomsAttributableToOtherCause: read<boolean>(input, F.otherCause),
      deathAttributableToCrs: read<boolean>(input, F.death),
    });
    return { outputs: { crs_grade: result.value }, reason: result.reason };
  },
});
