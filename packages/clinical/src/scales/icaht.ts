import {
  checkIntegerIn,
  contradiction,
  isMissing,
  type MaybeBoolean,
  type MaybeNumber,
  ScaleInputError,
} from "./inputs.js";
import { irrelevantNote, known, open, settle, unsettledReason } from "./unknowns.js";

/**
 * Immune effector cell-associated haematotoxicity (ICAHT), EHA/EBMT consensus grading.
 * Source: Rejeski K et al. Blood 2023;142:865 (clinical-reference.md §B.3); duration, recovery,
 * interpolation and the "never recovers" reading follow Liang's open implementation
 * (emilyliangmd/automatedicahtgrading). Thresholds are inclusive (≤): 500 and 100 cells/µL early,
 * 1500/1000/500/100 cells/µL late. ANC is in ×10⁹/L unless `ancUnit` says cells/µL; the thresholds are
 * then taken in that unit, so no value is converted.
 */

export type AncUnit = "10^9/L" | "cells/µL";

/** §F.3: how grade 4 reads "ANC never recovers > 500 within day 0–30". */
export type IcahtGrade4Rule = "no_recovery" | "at_least_30_days";

/** A recovery is stable after this many consecutive days above the threshold (CIBMTR engraftment). */
export const STABLE_RECOVERY_DAYS = 3;
/**
 * "Never recovers" concerns the neutropenia that follows lymphodepletion: an episode starting by this day
 * with no stable recovery by the end of the window (Liang: onset on days 0–3). A later dip that does not
 * recover by day 30 is graded by its duration. Reading it instead as "the first episode never recovers"
 * would let a new, briefly recovered dip before the main episode lower the grade; this reading keeps the
 * grade monotone in the daily counts, which the handling of missing days relies on.
 */
export const NEVER_RECOVERED_ONSET_BY_DAY = 3;

const PER_UL_FACTOR: Record<AncUnit, number> = { "10^9/L": 1000, "cells/µL": 1 };

function threshold(cellsPerUl: number, unit: AncUnit): number {
  // 500 cells/µL is exactly 0.5 ×10⁹/L: divide integers rather than multiply by 0.001.
  return cellsPerUl / PER_UL_FACTOR[unit];
}

function unitLabel(cellsPerUl: number): string {
  return `${cellsPerUl}/µL`;
}

export interface IcahtEarlyOptions {
  ancUnit?: AncUnit;
  /**
   * Last day of the window (default 30). Set it to the day of death or last contact when follow-up ended
   * earlier: the days after the last value up to this day are otherwise unknown, never assumed.
   */
  windowEndDay?: number;
  /** Longest run of missing days that is interpolated linearly (default 7, Liang; §F.3). */
  maxInterpolatedGapDays?: number;
  /** Default "no_recovery" (§B.3); "at_least_30_days" grades 4 for ≥ 30 days ≤ 500/µL (§F.3). */
  grade4Rule?: IcahtGrade4Rule;
  /** "no_recovery" counts an episode starting by this day (default 3, Liang). */
  neverRecoveredOnsetByDay?: number;
}

export interface IcahtEarlyResult {
  /** Early ICAHT grade 0–4, null when a missing value could change it. */
  value: number | null;
  /** Longest episode with ANC ≤ 500/µL, in days, after joining across non-stable recoveries. */
  severeNeutropeniaDays: number | null;
  /** Longest episode with ANC ≤ 100/µL, in days, joined the same way. */
  profoundNeutropeniaDays: number | null;
  /** ANC ≤ 500/µL from early after infusion without stable recovery by the end of the window. */
  neverRecovered: boolean | null;
  /** Days whose ANC was interpolated linearly between measured neighbours (imputation was used). */
  interpolatedDays: number[];
  /** Days of the window with neither a value nor an interpolation. */
  missingDays: number[];
  /** Last day of the assessed window. */
  lastDay: number | null;
  reason: string;
}

interface Episodes {
  longest: number;
  /** An episode starting by the onset day runs to the end of the window without stable recovery. */
  unrecoveredFromOnset: boolean;
}

/**
 * Joined episodes: runs of flagged days separated by fewer than STABLE_RECOVERY_DAYS unflagged days
 * belong to one episode, and the gap days count towards its duration.
 */
function episodes(flags: readonly boolean[], onsetByDay: number): Episodes {
  let longest = 0;
  let unrecoveredFromOnset = false;
  let start = -1;
  let lastFlagged = -1;
  const lastDay = flags.length - 1;
  for (let day = 0; day <= lastDay; day++) {
    if (!flags[day]) continue;
    if (start >= 0 && day - lastFlagged - 1 >= STABLE_RECOVERY_DAYS) {
      longest = Math.max(longest, lastFlagged - start + 1);
      start = -1;
    }
    if (start < 0) start = day;
    lastFlagged = day;
  }
  if (start >= 0) {
    longest = Math.max(longest, lastFlagged - start + 1);
    if (start <= onsetByDay && lastDay - lastFlagged < STABLE_RECOVERY_DAYS) {
      unrecoveredFromOnset = true;
    }
  }
  return { longest, unrecoveredFromOnset };
}

interface EarlyDurations {
  severe: number;
  profound: number;
  neverRecovered: boolean;
}

/**
 * | grade | ANC ≤ 500/µL                        | ANC ≤ 100/µL |
 * | 1     | 1–6 days                            |              |
 * | 2     | 7–13 days                           |              |
 * | 3     | ≥ 14 days                           | 7–13 days    |
 * | 4     | never recovers > 500 by day 30      | ≥ 14 days    |
 */
function earlyGrade(d: EarlyDurations): number {
  if (d.profound >= 14 || d.neverRecovered) return 4;
  if (d.severe >= 14 || d.profound >= 7) return 3;
  if (d.severe >= 7) return 2;
  return d.severe >= 1 ? 1 : 0;
}

function gradeRowText(d: EarlyDurations, grade: number): string {
  if (grade === 4)
    return d.neverRecovered ? "never recovers > 500/µL by the end of the window" : "≤ 100/µL for ≥ 14 days";
  if (grade === 3) return d.severe >= 14 ? "≤ 500/µL for ≥ 14 days" : "≤ 100/µL for 7–13 days";
  if (grade === 2) return "≤ 500/µL for 7–13 days";
  return grade === 1 ? "≤ 500/µL for 1–6 days" : "no day ≤ 500/µL";
}

function dayRanges(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    parts.push(i === j ? `${days[i]}` : `${days[i]}–${days[j]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/**
 * Early ICAHT (day 0 to +30) from ANC values indexed by study day (index 0 = infusion day; null or
 * undefined = no value). Runs of up to `maxInterpolatedGapDays` missing days between two values are
 * interpolated linearly and reported in `interpolatedDays`. Other missing days in the window (before
 * the first value, after the last, or in a longer gap) are unknown: the grade stands only if it is the
 * same whether they were all neutropenic or all recovered, otherwise it is null and the reason names
 * them. The grade is monotone in the daily counts: a lower ANC on any day never lowers it.
 */
export function icahtEarly(
  ancByDay: readonly MaybeNumber[],
  options: IcahtEarlyOptions = {},
): IcahtEarlyResult {
  const unit = options.ancUnit ?? "10^9/L";
  const windowEnd = options.windowEndDay ?? 30;
  const maxGap = options.maxInterpolatedGapDays ?? 7;
  const rule = options.grade4Rule ?? "no_recovery";
  const onsetByDay = options.neverRecoveredOnsetByDay ?? NEVER_RECOVERED_ONSET_BY_DAY;
  checkIntegerIn("neverRecoveredOnsetByDay", onsetByDay, 0, 30);
  checkIntegerIn("windowEndDay", windowEnd, 0, 30);
  checkIntegerIn("maxInterpolatedGapDays", maxGap, 0, 30);
  const measured: number[] = [];
  ancByDay.forEach((value, day) => {
    if (isMissing(value)) return;
    if (!Number.isFinite(value) || value < 0) {
      throw new ScaleInputError(`ancByDay[${day}]`, "range", `must be a finite number ≥ 0, got ${value}`);
    }
    if (day > windowEnd) {
      throw new ScaleInputError(`ancByDay[${day}]`, "window", `is after the window's last day ${windowEnd}`);
    }
    measured.push(day);
  });
  const empty = {
    value: null,
    severeNeutropeniaDays: null,
    profoundNeutropeniaDays: null,
    neverRecovered: null,
    interpolatedDays: [],
    missingDays: [],
    lastDay: windowEnd,
  };
  if (measured.length === 0) {
    return { ...empty, reason: "early ICAHT not computed: missing ancByDay (no ANC value)" };
  }
  const anc: (number | null)[] = new Array(windowEnd + 1).fill(null);
  const interpolatedDays: number[] = [];
  for (let i = 0; i < measured.length; i++) {
    const day = measured[i]!;
    anc[day] = ancByDay[day]!;
    const next = measured[i + 1];
    if (next === undefined || next - day - 1 > maxGap) continue;
    const from = ancByDay[day]!;
    const to = ancByDay[next]!;
    for (let d = day + 1; d < next; d++) {
      anc[d] = from + ((to - from) * (d - day)) / (next - day);
      interpolatedDays.push(d);
    }
  }
  const missingDays = anc.flatMap((value, day) => (value === null ? [day] : []));
  const severeCut = threshold(500, unit);
  const profoundCut = threshold(100, unit);
  // Missing days bound the result: all recovered gives the lowest grade, all ≤ 100/µL the highest
  // (the grade is monotone in the daily flags), and the criterion met in the lowest case holds in all.
  const durationsWith = (missing: boolean): EarlyDurations => {
    const severe = episodes(
      anc.map((v) => (v === null ? missing : v <= severeCut)),
      onsetByDay,
    );
    const profound = episodes(
      anc.map((v) => (v === null ? missing : v <= profoundCut)),
      onsetByDay,
    );
    return {
      severe: severe.longest,
      profound: profound.longest,
      neverRecovered: rule === "no_recovery" ? severe.unrecoveredFromOnset : severe.longest >= 30,
    };
  };
  const best = durationsWith(false);
  const worst = durationsWith(true);
  const low = earlyGrade(best);
  const high = earlyGrade(worst);
  const imputed =
    interpolatedDays.length > 0
      ? `; ${interpolatedDays.length} day(s) interpolated (days ${dayRanges(interpolatedDays)})`
      : "";
  const window = `days 0–${windowEnd}`;
  if (low !== high) {
    const grades = Array.from({ length: high - low + 1 }, (_, i) => `grade ${low + i}`);
    return {
      ...empty,
      interpolatedDays,
      missingDays,
      reason: `${unsettledReason("early ICAHT", [`ancByDay on days ${dayRanges(missingDays)}`], grades)}${imputed}`,
    };
  }
  const same = <T>(a: T, b: T): T | null => (a === b ? a : null);
  const severeDays = same(best.severe, worst.severe);
  const profoundDays = same(best.profound, worst.profound);
  const neverRecovered = same(best.neverRecovered, worst.neverRecovered);
  const durations =
    severeDays === null || profoundDays === null
      ? "durations open on missing days"
      : `ANC ≤ ${unitLabel(500)} for ${severeDays} d, ≤ ${unitLabel(100)} for ${profoundDays} d`;
  const missingNote =
    missingDays.length > 0 ? `; no value on days ${dayRanges(missingDays)} (cannot change the grade)` : "";
  return {
    value: low,
    severeNeutropeniaDays: severeDays,
    profoundNeutropeniaDays: profoundDays,
    neverRecovered,
    interpolatedDays,
    missingDays,
    lastDay: windowEnd,
    reason: `early ICAHT grade ${low}: ${gradeRowText(best, low)} (${durations}, ${window})${imputed}${missingNote}`,
  };
}

export interface IcahtEpisodeDurations {
  /** Longest episode (joined as above) with ANC ≤ 500/µL within day 0–30, days. */
  severeNeutropeniaDays?: MaybeNumber;
  /** Longest episode with ANC ≤ 100/µL within day 0–30, days. */
  profoundNeutropeniaDays?: MaybeNumber;
  /** ANC never recovered above 500/µL by day 30 (absent: false; null: not known). */
  neverRecovered?: MaybeBoolean;
}

const WINDOW_DAYS = 31;

/**
 * Early ICAHT from recorded episode durations, the alternative to a daily series. Episodes ≤ 100/µL lie
 * within episodes ≤ 500/µL, so the profound duration cannot exceed the severe one; 31 days ≤ 500/µL
 * (every day 0–30) is never recovering.
 */
export function icahtEarlyFromDurations(input: IcahtEpisodeDurations): IcahtEarlyResult {
  checkIntegerIn("severeNeutropeniaDays", input.severeNeutropeniaDays, 0, WINDOW_DAYS);
  checkIntegerIn("profoundNeutropeniaDays", input.profoundNeutropeniaDays, 0, WINDOW_DAYS);
  const s = input.severeNeutropeniaDays;
  const p = input.profoundNeutropeniaDays;
  const nr = input.neverRecovered;
  if (!isMissing(s) && !isMissing(p) && p > s) {
    throw contradiction("profoundNeutropeniaDays", `${p} days ≤ 100/µL exceed the ${s} days ≤ 500/µL`);
  }
  if (nr === true && s === 0) {
    throw contradiction("neverRecovered", "is true although no day had ANC ≤ 500/µL");
  }
  if (nr === false && s === WINDOW_DAYS) {
    throw contradiction("neverRecovered", "is false although ANC was ≤ 500/µL on every day 0–30");
  }
  // Representative durations: one per band of the grading table.
  const dims = {
    severe: isMissing(s) ? open([0, 1, 7, 14, WINDOW_DAYS], ["severeNeutropeniaDays"]) : known(s),
    profound: isMissing(p) ? open([0, 7, 14], ["profoundNeutropeniaDays"]) : known(p),
    recovered: nr === null ? open([false, true], ["neverRecovered"]) : known(nr === true),
  };
  const neverRecoveredOf = (d: { severe: number; recovered: boolean }): boolean =>
    d.recovered || d.severe === WINDOW_DAYS;
  const outcome = settle<{ severe: number; profound: number; recovered: boolean }, number>(
    dims,
    (d) => earlyGrade({ severe: d.severe, profound: d.profound, neverRecovered: neverRecoveredOf(d) }),
    String,
    (d) => d.profound <= d.severe && !(neverRecoveredOf(d) && d.severe === 0),
  );
  const base = {
    severeNeutropeniaDays: isMissing(s) ? null : s,
    profoundNeutropeniaDays: isMissing(p) ? null : p,
    neverRecovered: nr === null ? null : nr === true || s === WINDOW_DAYS,
    interpolatedDays: [],
    missingDays: [],
    lastDay: 30,
  };
  if (!outcome.settled) {
    return {
      ...base,
      value: null,
      reason: unsettledReason(
        "early ICAHT",
        outcome.needed,
        outcome.outcomes.map((g) => `grade ${g}`),
      ),
    };
  }
  const grade = outcome.result;
  const a = outcome.assignment;
  const d: EarlyDurations = { severe: a.severe, profound: a.profound, neverRecovered: neverRecoveredOf(a) };
  const recorded = [
    isMissing(s) ? null : `ANC ≤ ${unitLabel(500)} for ${s} d`,
    isMissing(p) ? null : `≤ ${unitLabel(100)} for ${p} d`,
    base.neverRecovered ? "never recovered by day 30" : null,
  ].filter((x) => x !== null);
  return {
    ...base,
    value: grade,
    reason: `early ICAHT grade ${grade}: ${gradeRowText(d, grade)} (recorded durations: ${recorded.join(", ")})${irrelevantNote(outcome.irrelevant)}`,
  };
}

export type IcahtLateRule = "at_least_two" | "nadir";

export interface IcahtLateOptions {
  /** §F.2: "at_least_two" (default) or Liang's "nadir" rule. */
  rule?: IcahtLateRule;
  ancUnit?: AncUnit;
}

export interface IcahtLateResult {
  /** Late ICAHT grade 0–4, null with fewer than two ANC values. */
  value: number | null;
  rule: IcahtLateRule;
  reason: string;
}

const LATE_THRESHOLDS: readonly [number, number][] = [
  [4, 100],
  [3, 500],
  [2, 1000],
  [1, 1500],
];

/**
 * Late ICAHT (after day +30) from the ANC values of the window, which the caller selects (day +31 to
 * +100, stopping at progression or new anti-lymphoma therapy; §F.2). Neutropenia must be non-transient,
 * so two values are needed. Project rule `at_least_two` (default): the highest grade whose threshold
 * at least two values meet. `nadir` (Liang): the nadir's grade, provided a second value ≤ 1500/µL exists.
 */
export function icahtLate(ancValues: readonly number[], options: IcahtLateOptions = {}): IcahtLateResult {
  const rule = options.rule ?? "at_least_two";
  const unit = options.ancUnit ?? "10^9/L";
  ancValues.forEach((value, i) => {
    if (!Number.isFinite(value) || value < 0) {
      throw new ScaleInputError(`ancValues[${i}]`, "range", `must be a finite number ≥ 0, got ${value}`);
    }
  });
  if (ancValues.length < 2) {
    return { value: null, rule, reason: "late ICAHT not computed: ancValues needs at least two values" };
  }
  const count = (cellsPerUl: number): number =>
    ancValues.filter((v) => v <= threshold(cellsPerUl, unit)).length;
  let value = 0;
  let why = `fewer than two values ≤ ${unitLabel(1500)}`;
  if (rule === "at_least_two") {
    for (const [grade, cut] of LATE_THRESHOLDS) {
      if (count(cut) >= 2) {
        value = grade;
        why = `${count(cut)} values ≤ ${unitLabel(cut)}`;
        break;
      }
    }
  } else if (count(1500) >= 2) {
    const nadir = Math.min(...ancValues);
    const [grade, cut] = LATE_THRESHOLDS.find(([, c]) => nadir <= threshold(c, unit))!;
    value = grade;
    why = `nadir ${nadir} ≤ ${unitLabel(cut)} with a second value ≤ ${unitLabel(1500)}`;
  }
  return {
    value,
    rule,
    reason: `late ICAHT grade ${value} (${rule} rule, ${ancValues.length} values): ${why}`,
  };
}
