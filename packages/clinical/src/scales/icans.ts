import { checkIceInput, ICE_ITEMS, type IceInput, type IceResult, iceDomainGrade, iceScore } from "./ice.js";
import { checkCode, contradiction, isMissing, type MaybeBoolean } from "./inputs.js";
import { type Dimension, irrelevantNote, known, open, settle, unsettledReason } from "./unknowns.js";

/**
 * Immune effector cell-associated neurotoxicity syndrome (ICANS), ASTCT consensus grading.
 * Source: Lee DW et al. Biol Blood Marrow Transplant 2019;25:625 (clinical-reference.md §B.2).
 * The grade is the worst of five domains, each attributable to no other cause:
 *
 * | domain                  | 1                     | 2               | 3                                   | 4                                   |
 * | ICE                     | 7–9                   | 3–6             | 0–2                                 | 0, unarousable                       |
 * | depressed consciousness | awakens spontaneously | awakens to voice| awakens only to tactile stimulus    | unarousable, stupor or coma          |
 * | seizure                 |                       |                 | resolves rapidly / EEG, intervention| > 5 min or repetitive, no baseline   |
 * | motor                   |                       |                 |                                     | deep focal weakness                  |
 * | raised ICP / oedema     |                       |                 | focal or local oedema on imaging    | diffuse oedema, posturing, CN VI, …  |
 *
 * An awake patient with ICE 0 from global aphasia is grade 3; ICE 0 because unarousable is grade 4;
 * death from ICANS is grade 5. Tremor, myoclonus and intracranial haemorrhage do not enter the grade.
 */

export const LEVELS_OF_CONSCIOUSNESS = [
  "alert",
  "awakens_spontaneously",
  "awakens_to_voice",
  "awakens_to_tactile_stimulus",
  "unarousable_or_coma",
] as const;
export type LevelOfConsciousness = (typeof LEVELS_OF_CONSCIOUSNESS)[number];

export const SEIZURE_FINDINGS = [
  "none",
  "focal_or_generalized_resolving_rapidly",
  "nonconvulsive_on_eeg_resolving_with_intervention",
  "prolonged_gt_5min_or_repetitive_without_return_to_baseline",
] as const;
export type SeizureFinding = (typeof SEIZURE_FINDINGS)[number];

export const CEREBRAL_EDEMA_FINDINGS = [
  "none",
  "focal_local_on_imaging",
  "diffuse_or_posturing_or_cn6_palsy_or_papilledema_or_cushing_triad",
] as const;
export type CerebralEdemaFinding = (typeof CEREBRAL_EDEMA_FINDINGS)[number];

export interface IcansInput extends IceInput {
  levelOfConsciousness?: LevelOfConsciousness | null;
  seizure?: SeizureFinding | null;
  /** Deep focal motor weakness such as hemiparesis or paraparesis (absent: false). */
  deepFocalMotorWeakness?: MaybeBoolean;
  cerebralEdema?: CerebralEdemaFinding | null;
  deathAttributableToIcans?: MaybeBoolean;
}

export interface IcansDomains {
  ice: number | null;
  consciousness: number | null;
  seizure: number | null;
  motor: number | null;
  cerebralEdema: number | null;
}

export interface IcansResult {
  /** ICANS grade 0–5; null when an unknown input could change it. */
  value: number | null;
  ice: IceResult;
  /** Each domain's grade, null when unknown. */
  domains: IcansDomains;
  reason: string;
}

const CONSCIOUSNESS_GRADE: Record<LevelOfConsciousness, number> = {
  alert: 0,
  awakens_spontaneously: 1,
  awakens_to_voice: 2,
  awakens_to_tactile_stimulus: 3,
  unarousable_or_coma: 4,
};
const SEIZURE_GRADE: Record<SeizureFinding, number> = {
  none: 0,
  focal_or_generalized_resolving_rapidly: 3,
  nonconvulsive_on_eeg_resolving_with_intervention: 3,
  prolonged_gt_5min_or_repetitive_without_return_to_baseline: 4,
};
const EDEMA_GRADE: Record<CerebralEdemaFinding, number> = {
  none: 0,
  focal_local_on_imaging: 3,
  diffuse_or_posturing_or_cn6_palsy_or_papilledema_or_cushing_triad: 4,
};
const SEIZURE_TEXT: Record<SeizureFinding, string> = {
  none: "no seizure",
  focal_or_generalized_resolving_rapidly: "clinical seizure resolving rapidly",
  nonconvulsive_on_eeg_resolving_with_intervention:
    "non-convulsive seizure on EEG resolving with intervention",
  prolonged_gt_5min_or_repetitive_without_return_to_baseline:
    "prolonged (> 5 min) or repetitive seizures without return to baseline",
};
const EDEMA_TEXT: Record<CerebralEdemaFinding, string> = {
  none: "no cerebral oedema",
  focal_local_on_imaging: "focal or local oedema on imaging",
  diffuse_or_posturing_or_cn6_palsy_or_papilledema_or_cushing_triad:
    "diffuse oedema, posturing, CN VI palsy, papilloedema or Cushing's triad",
};

interface IcansDimensions extends Record<string, unknown> {
  ice: number;
  consciousness: number;
  seizure: number;
  motor: number;
  cerebralEdema: number;
  death: boolean;
}

function uniqueSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function checkIcansInput(input: IcansInput): void {
  checkCode("levelOfConsciousness", input.levelOfConsciousness, LEVELS_OF_CONSCIOUSNESS);
  checkCode("seizure", input.seizure, SEIZURE_FINDINGS);
  checkCode("cerebralEdema", input.cerebralEdema, CEREBRAL_EDEMA_FINDINGS);
  const loc = input.levelOfConsciousness;
  if (input.patientUnarousable === true && !isMissing(loc) && loc !== "unarousable_or_coma") {
    throw contradiction("levelOfConsciousness", `is ${loc} although the patient is unarousable`);
  }
  if (loc === "unarousable_or_coma") {
    if (input.patientUnarousable === false) {
      throw contradiction(
        "patientUnarousable",
        "is false although the level of consciousness is unarousable_or_coma",
      );
    }
    checkIceInput({ ...input, patientUnarousable: true });
  }
  checkIceInput(input);
}

/** Whether the patient is unarousable: true, false, or null when it cannot be told. */
function unarousableStatus(input: IcansInput): boolean | null {
  const loc = input.levelOfConsciousness;
  if (input.patientUnarousable === true || loc === "unarousable_or_coma") return true;
  if (!isMissing(loc)) return false;
  if (input.patientUnarousable === null) {
    const scored = ICE_ITEMS.some((item) => !isMissing(input[item.key]));
    return scored ? false : null;
  }
  return false;
}

function iceDimension(input: IcansInput, unarousable: boolean | null): Dimension<number> {
  if (unarousable === true) return known(4);
  const ice = iceScore({ ...input, patientUnarousable: false });
  const fields: string[] = [...ice.missingItems];
  const [low, high] = ice.possible;
  const grades: number[] = [];
  for (let score = low; score <= high; score++) grades.push(iceDomainGrade(score));
  if (input.globalAphasiaWhileAwake === null && low === 0) {
    grades.push(3);
    fields.push("globalAphasiaWhileAwake");
  }
  if (unarousable === null) {
    grades.push(4);
    fields.push("patientUnarousable");
  }
  return open(uniqueSorted(grades), fields);
}

function coded<T extends string>(
  value: T | null | undefined,
  grades: Record<T, number>,
  field: string,
  unknownGrades: number[],
): Dimension<number> {
  return isMissing(value) ? open(unknownGrades, [field]) : known(grades[value]);
}

function finding(value: MaybeBoolean, field: string): Dimension<boolean> {
  if (value === undefined) return known(false);
  if (value === null) return open([false, true], [field]);
  return known(value);
}

export function icans(input: IcansInput): IcansResult {
  checkIcansInput(input);
  const unarousable = unarousableStatus(input);
  const loc = input.levelOfConsciousness;
  const consciousness: Dimension<number> = !isMissing(loc)
    ? known(CONSCIOUSNESS_GRADE[loc])
    : unarousable === true
      ? known(4)
      : open(unarousable === false ? [0, 1, 2, 3] : [0, 1, 2, 3, 4], ["levelOfConsciousness"]);
  const motor = finding(input.deepFocalMotorWeakness, "deepFocalMotorWeakness");
  const dims = {
    ice: iceDimension(input, unarousable),
    consciousness,
    seizure: coded(input.seizure, SEIZURE_GRADE, "seizure", [0, 3, 4]),
    motor: { values: motor.values.map((m) => (m ? 4 : 0)), fields: motor.fields },
    cerebralEdema: coded(input.cerebralEdema, EDEMA_GRADE, "cerebralEdema", [0, 3, 4]),
    death: finding(input.deathAttributableToIcans, "deathAttributableToIcans"),
  };
  const ice =
    unarousable === true
      ? iceScore({ ...input, patientUnarousable: true })
      : iceScore({
          ...input,
          patientUnarousable: false,
          globalAphasiaWhileAwake: input.globalAphasiaWhileAwake ?? false,
        });
  const knownGrade = (dim: Dimension<number>): number | null =>
    dim.values.length === 1 ? dim.values[0]! : null;
  const domains: IcansDomains = {
    ice: knownGrade(dims.ice),
    consciousness: knownGrade(dims.consciousness),
    seizure: knownGrade(dims.seizure),
    motor: knownGrade(dims.motor),
    cerebralEdema: knownGrade(dims.cerebralEdema),
  };
  const outcome = settle<IcansDimensions, number>(
    dims,
    (d) => (d.death ? 5 : Math.max(d.ice, d.consciousness, d.seizure, d.motor, d.cerebralEdema)),
    String,
  );
  if (!outcome.settled) {
    return {
      value: null,
      ice,
      domains,
      reason: unsettledReason(
        "ICANS grade",
        outcome.needed,
        outcome.outcomes.map((g) => `grade ${g}`),
      ),
    };
  }
  const grade = outcome.result;
  const d = outcome.assignment;
  let reason: string;
  if (d.death) {
    reason = "ICANS grade 5: death attributable to ICANS";
  } else {
    const criteria: string[] = [];
    const achieves = (name: keyof IcansDomains): boolean => domains[name] === grade;
    if (achieves("ice")) {
      if (ice.mode === "unarousable") criteria.push("ICE 0 because unarousable (grade 4)");
      else if (ice.mode === "global_aphasia")
        criteria.push("ICE 0 from global aphasia while awake (grade 3)");
      else if (ice.value !== null) criteria.push(`ICE ${ice.value} (grade ${grade})`);
      else {
        const [low, high] = ice.possible;
        criteria.push(
          `ICE ${low}–${high} with ${ice.missingItems.join(", ")} not assessed (grade ${grade} either way)`,
        );
      }
    }
    if (achieves("consciousness") && !isMissing(loc)) {
      criteria.push(`${loc.replaceAll("_", " ")} (grade ${grade})`);
    }
    if (achieves("seizure") && !isMissing(input.seizure))
      criteria.push(`${SEIZURE_TEXT[input.seizure]} (grade ${grade})`);
    if (achieves("motor") && grade > 0) criteria.push("deep focal motor weakness (grade 4)");
    if (achieves("cerebralEdema") && !isMissing(input.cerebralEdema)) {
      criteria.push(`${EDEMA_TEXT[input.cerebralEdema]} (grade ${grade})`);
    }
    reason =
      grade === 0
        ? `ICANS grade 0: ${[
            ice.value === null ? null : `ICE ${ice.value}`,
            isMissing(loc) ? null : loc.replaceAll("_", " "),
            "no seizure, deep motor weakness or cerebral oedema",
          ]
            .filter((x) => x !== null)
            .join(", ")}`
        : `ICANS grade ${grade}: ${criteria.join(" and ")}`;
  }
  return { value: grade, ice, domains, reason: reason + irrelevantNote(outcome.irrelevant) };
}
