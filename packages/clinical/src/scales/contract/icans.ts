import {
  CEREBRAL_EDEMA_FINDINGS,
  type CerebralEdemaFinding,
  icans,
  LEVELS_OF_CONSCIOUSNESS,
  type LevelOfConsciousness,
  SEIZURE_FINDINGS,
  type SeizureFinding,
} from "../icans.js";
import { defineScale, read } from "./define.js";
import type { FieldSpec } from "./schema.js";

const ITEMS = [
  {
    name: "ice_orientation_points_0_to_4",
    core: "orientationPoints",
    max: 4,
    what: "orientation to year, month, city, hospital",
  },
  { name: "ice_naming_points_0_to_3", core: "namingPoints", max: 3, what: "naming three objects" },
  {
    name: "ice_follows_commands_points_0_to_1",
    core: "followsCommandsPoints",
    max: 1,
    what: "following simple commands",
  },
  { name: "ice_writing_points_0_to_1", core: "writingPoints", max: 1, what: "writing a standard sentence" },
  {
    name: "ice_attention_count_back_by_10_points_0_to_1",
    core: "attentionPoints",
    max: 1,
    what: "counting backwards from 100 by 10",
  },
] as const;

const F = {
  unarousable: "patient_unarousable_unable_to_perform_ice",
  aphasia: "global_aphasia_while_awake",
  consciousness: "level_of_consciousness",
  seizure: "seizure",
  motor: "deep_focal_motor_weakness",
  edema: "cerebral_edema_or_raised_icp",
  death: "death_attributable_to_icans",
} as const;

const itemFields: FieldSpec[] = ITEMS.map((item) => ({
  name: item.name,
  type: "integer",
  unit: "points",
  range: { min: 0, max: item.max },
  presence: "required",
  neededWhen:
    "for an awake patient without global aphasia; null = not assessable, and always null when unarousable",
  description: `ICE: ${item.what} (0–${item.max})`,
}));

const isUnarousable = (v: Readonly<Record<string, unknown>>): boolean =>
  v[F.unarousable] === true || v[F.consciousness] === "unarousable_or_coma";
const firstScored = (v: Readonly<Record<string, unknown>>, positive = false): string | null =>
  ITEMS.find((item) => typeof v[item.name] === "number" && (!positive || (v[item.name] as number) > 0))
    ?.name ?? null;

export const ICANS_SCALE = defineScale({
  id: "icans",
  title: "ICE score and ICANS grade (ASTCT)",
  citation: "Lee DW et al. Biol Blood Marrow Transplant 2019;25:625 (clinical-reference.md §B.2)",
  fields: [
    ...itemFields,
    {
      name: F.unarousable,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description:
        "Unarousable and unable to perform ICE: the ICE items are null and the ICE score is 0 (grade 4)",
    },
    {
      name: F.aphasia,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Awake with global aphasia: ICE 0, ICE domain grade 3",
    },
    {
      name: F.consciousness,
      type: "code",
      unit: null,
      allowed: LEVELS_OF_CONSCIOUSNESS,
      presence: "required",
      description: "Depressed level of consciousness domain",
    },
    {
      name: F.seizure,
      type: "code",
      unit: null,
      allowed: SEIZURE_FINDINGS,
      presence: "required",
      description: "Seizure domain",
    },
    {
      name: F.motor,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Deep focal motor weakness such as hemiparesis or paraparesis (grade 4)",
    },
    {
      name: F.edema,
      type: "code",
      unit: null,
      allowed: CEREBRAL_EDEMA_FINDINGS,
      presence: "required",
      description: "Raised intracranial pressure / cerebral oedema domain",
    },
    {
      name: F.death,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Death attributable to ICANS (grade 5; an extension of the issue's field list)",
    },
  ],
  outputs: [
    {
      name: "ice_score",
      type: "integer",
      unit: "points",
      description: "ICE score 0–10 (0 when unarousable)",
    },
    {
      name: "icans_grade",
      type: "integer",
      unit: null,
      description: "ASTCT ICANS grade 0–5, null when a missing input could change it",
    },
  ],
  rules: [
    {
      fields: [...ITEMS.map((i) => i.name), F.unarousable, F.consciousness],
      rule: "contradiction",
      text: `the patient is unarousable (${F.unarousable} or ${F.consciousness} unarousable_or_coma), so every ICE item must be null (not assessable)`,
      offending: (v) => (isUnarousable(v) ? firstScored(v) : null),
    },
    {
      fields: [F.consciousness, F.unarousable],
      rule: "contradiction",
      text: `${F.unarousable} is true, so ${F.consciousness} must be unarousable_or_coma`,
      offending: (v) =>
        v[F.unarousable] === true &&
        typeof v[F.consciousness] === "string" &&
        v[F.consciousness] !== "unarousable_or_coma"
          ? F.consciousness
          : null,
    },
    {
      fields: [F.unarousable, F.consciousness],
      rule: "contradiction",
      text: `${F.consciousness} is unarousable_or_coma, so ${F.unarousable} cannot be false`,
      offending: (v) =>
        v[F.unarousable] === false && v[F.consciousness] === "unarousable_or_coma" ? F.unarousable : null,
    },
    {
      fields: [F.aphasia, F.unarousable, F.consciousness],
      rule: "contradiction",
      text: `${F.aphasia} describes an awake patient, who cannot also be unarousable`,
      offending: (v) => (v[F.aphasia] === true && isUnarousable(v) ? F.aphasia : null),
    },
    {
      fields: [...ITEMS.map((i) => i.name), F.aphasia],
      rule: "contradiction",
      text: `with ${F.aphasia} the ICE items score 0 (or are null)`,
      offending: (v) => (v[F.aphasia] === true ? firstScored(v, true) : null),
    },
  ],
  conventions: [
    "an awake patient with global aphasia has ICE 0 and ICANS grade 3; unarousable is ICE 0 and grade 4",
    "tremor, myoclonus and intracranial haemorrhage do not enter the grade",
  ],
  names: {
    ...Object.fromEntries(ITEMS.map((i) => [i.core, i.name])),
    patientUnarousable: F.unarousable,
    globalAphasiaWhileAwake: F.aphasia,
    levelOfConsciousness: F.consciousness,
    seizure: F.seizure,
    deepFocalMotorWeakness: F.motor,
    cerebralEdema: F.edema,
    deathAttributableToIcans: F.death,
  },
  compute(input) {
    const points = (name: string) => read<number>(input, name);
    const result = icans({
      orientationPoints: points(ITEMS[0].name),
      namingPoints: points(ITEMS[1].name),
      followsCommandsPoints: points(ITEMS[2].name),
      writingPoints: points(ITEMS[3].name),
      attentionPoints: points(ITEMS[4].name),
      patientUnarousable: read<boolean>(input, F.unarousable),
      globalAphasiaWhileAwake: read<boolean>(input, F.aphasia),
      levelOfConsciousness: read<LevelOfConsciousness>(input, F.consciousness),
      seizure: read<SeizureFinding>(input, F.seizure),
      deepFocalMotorWeakness: read<boolean>(input, F.motor),
      cerebralEdema: read<CerebralEdemaFinding>(input, F.edema),
      deathAttributableToIcans: read<boolean>(input, F.death),
    });
    // A grade can stand without the ICE score (e.g. grade 4 from a prolonged seizure); say why it is missing.
    const reason =
      result.value !== null && result.ice.value === null
        ? `${result.reason}; ${result.ice.reason}`
        : result.reason;
    return { outputs: { ice_score: result.ice.value, icans_grade: result.value }, reason };
  },
});
