import { epochDay } from "../endpoints/dates.js";
import { type CrsInput, crs, type OxygenDevice, type Vasopressor } from "../scales/crs.js";
import {
  type CerebralEdemaFinding,
  type IcansInput,
  icans,
  type LevelOfConsciousness,
  type SeizureFinding,
} from "../scales/icans.js";
import { ScaleInputError } from "../scales/inputs.js";
import type { DerivedValue, ValueLookup } from "./derive.js";
import { DAILY_TIME_POINTS } from "./timePoints.js";
import { isIsoDate } from "./values.js";

/**
 * Daily CRS and ICANS grades (ASTCT, Lee DW et al. Biol Blood Marrow Transplant 2019;25:625) derived
 * from the signs recorded on the daily toxicity form, each with the scale's reason, so a physician sees
 * why day 3 was CRS grade 2. A day without any CRS sign gets no CRS grade (the site may have entered the
 * grade directly); likewise for ICANS. Blank yes/no findings are absent, as in the scales; a blank number
 * or code makes the grade null when it could change it. Grade 5 needs the recorded cause of death and the
 * death falling on that day. Contradictory signs give a null grade whose reason names the field.
 */

const CRS_SIGNS = [
  "temperature_max_c",
  "crs_treated_before_assessment",
  "hypotension_present",
  "vasopressor_count_excl_vasopressin",
  "vasopressin_in_use",
  "oxygen_delivery_device",
  "oxygen_flow_l_per_min",
] as const;

const ICANS_SIGNS = [
  "ice_orientation_points",
  "ice_naming_points",
  "ice_commands_points",
  "ice_writing_points",
  "ice_attention_points",
  "level_of_consciousness",
  "seizure",
  "deep_focal_motor_weakness",
  "cerebral_edema",
] as const;

/** Vasopressors other than vasopressin, in the order a count is read as drugs (only the count matters). */
const NON_VASOPRESSIN: readonly Vasopressor[] = [
  "norepinephrine",
  "epinephrine",
  "phenylephrine",
  "dopamine",
];

type Get = (variable: string) => unknown;

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
const str = <T extends string>(v: unknown): T | undefined => (typeof v === "string" ? (v as T) : undefined);

/** The drugs the scale expects, from the count and the vasopressin flag; unknown when the count is blank. */
function vasopressors(get: Get): Vasopressor[] | undefined {
  const count = num(get("vasopressor_count_excl_vasopressin"));
  const vasopressin = bool(get("vasopressin_in_use")) === true;
  if (count === undefined) return undefined;
  if (!Number.isInteger(count) || count < 0 || count > NON_VASOPRESSIN.length) {
    throw new ScaleInputError(
      "vasopressor_count_excl_vasopressin",
      "integer_range",
      `must be an integer from 0 to ${NON_VASOPRESSIN.length}, got ${count}`,
    );
  }
  return [...NON_VASOPRESSIN.slice(0, count), ...(vasopressin ? (["vasopressin"] as const) : [])];
}

/** CRS input from one day's recorded signs. */
export function crsInputFromSigns(get: Get, deathThisDay: boolean): CrsInput {
  return {
    temperatureMaxC: num(get("temperature_max_c")),
    treatedForCrsBeforeAssessment: bool(get("crs_treated_before_assessment")),
    hypotensionPresent: bool(get("hypotension_present")),
    vasopressorsInUse: vasopressors(get),
    oxygenDevice: str<OxygenDevice>(get("oxygen_delivery_device")),
    oxygenFlowLPerMin: num(get("oxygen_flow_l_per_min")),
    deathAttributableToCrs: deathThisDay,
  };
}

/** ICANS input from one day's recorded signs; ICE items are blank when the patient is unarousable. */
export function icansInputFromSigns(get: Get, deathThisDay: boolean): IcansInput {
  return {
    orientationPoints: num(get("ice_orientation_points")),
    namingPoints: num(get("ice_naming_points")),
    followsCommandsPoints: num(get("ice_commands_points")),
    writingPoints: num(get("ice_writing_points")),
    attentionPoints: num(get("ice_attention_points")),
    levelOfConsciousness: str<LevelOfConsciousness>(get("level_of_consciousness")),
    seizure: str<SeizureFinding>(get("seizure")),
    deepFocalMotorWeakness: bool(get("deep_focal_motor_weakness")),
    cerebralEdema: str<CerebralEdemaFinding>(get("cerebral_edema")),
    deathAttributableToIcans: deathThisDay,
  };
}

/** Study day of death (day 0 = infusion), or null when either date is missing. */
function deathStudyDay(get: ValueLookup): number | null {
  const death = get("death_date", "outcome");
  const infusion = get("infusion_date", "d0");
  if (typeof death !== "string" || typeof infusion !== "string") return null;
  if (!isIsoDate(death) || !isIsoDate(infusion)) return null;
  return epochDay(death) - epochDay(infusion);
}

function refused(error: unknown): string {
  if (error instanceof ScaleInputError) return `not graded: ${error.message} (${error.rule})`;
  throw error;
}

export function deriveDailyGrades(get: ValueLookup): DerivedValue[] {
  const out: DerivedValue[] = [];
  const deathDay = deathStudyDay(get);
  const cause = get("death_cause", "outcome");
  DAILY_TIME_POINTS.forEach((timePoint, day) => {
    const at: Get = (variable) => get(variable, timePoint);
    const hasAny = (signs: readonly string[]) => signs.some((s) => at(s) !== undefined && at(s) !== null);
    if (hasAny(CRS_SIGNS)) {
      try {
        const r = crs(crsInputFromSigns(at, deathDay === day && cause === "CRS"));
        out.push({ variable: "crs_grade", timePoint, value: r.value, reason: r.reason });
      } catch (error) {
        out.push({ variable: "crs_grade", timePoint, value: null, reason: `CRS ${refused(error)}` });
      }
    }
    if (hasAny(ICANS_SIGNS)) {
      try {
        const r = icans(icansInputFromSigns(at, deathDay === day && cause === "ICANS"));
        out.push({ variable: "icans_grade", timePoint, value: r.value, reason: r.reason });
        out.push({ variable: "ice_score", timePoint, value: r.ice.value, reason: r.ice.reason });
      } catch (error) {
        const reason = `ICANS ${refused(error)}`;
        out.push({ variable: "icans_grade", timePoint, value: null, reason });
        out.push({ variable: "ice_score", timePoint, value: null, reason });
      }
    }
  });
  return out;
}
