import type { MaybeNumber } from "./inputs.js";

/**
 * Immune effector cell-associated haematotoxicity (ICAHT), EHA/EBMT consensus grading.
 * Source: Rejeski K et al. Blood 2023;142:865 (clinical-reference.md §B.3); duration and recovery
 * logic as in Liang's open implementation (emilyliangmd/automatedicahtgrading). ANC in ×10⁹/L, so
 * the consensus thresholds 500 and 100 cells/µL are 0.5 and 0.1; thresholds are inclusive (≤).
 */

const SEVERE = 0.5;
const PROFOUND = 0.1;
/** A recovery is stable after this many consecutive days above the threshold (CIBMTR engraftment). */
const STABLE_RECOVERY_DAYS = 3;
/** Linear interpolation of non-daily counts is allowed over gaps up to this many days (§F.3). */
const MAX_INTERPOLATED_GAP = 7;

export interface IcahtEarlyResult {
  /** Early ICAHT grade 0–4, null when the series cannot be graded. */
  value: number | null;
  /** Longest episode with ANC ≤ 0.5 ×10⁹/L, in days, after joining across non-stable recoveries. */
  severeNeutropeniaDays: number | null;
  /** Longest episode with ANC ≤ 0.1 ×10⁹/L, in days, joined the same way. */
  profoundNeutropeniaDays: number | null;
  /** True when the first severe episode has no stable recovery by the last day assessed. */
  neverRecovered: boolean | null;
  /** Days whose ANC was interpolated linearly between measured neighbours. */
  interpolatedDays: number[];
  /** Last day of the assessed window (30, or earlier when follow-up ended before day +30). */
  lastDay: number | null;
  reason: string;
}

interface Episodes {
  longest: number;
  /** The first joined episode runs to the end of the window without a stable recovery. */
  firstUnrecovered: boolean;
}

/**
 * Joined episodes: runs of flagged days separated by fewer than STABLE_RECOVERY_DAYS unflagged days
 * belong to one episode and the gap days count towards its duration.
 */
function episodes(flags: readonly boolean[], firstDay: number): Episodes {
  let longest = 0;
  let firstUnrecovered = false;
  let start = -1;
  let lastFlagged = -1;
  let episodeIndex = 0;
  const close = (end: number): void => {
    longest = Math.max(longest, end - start + 1);
    episodeIndex++;
  };
  for (let day = firstDay; day < flags.length; day++) {
    if (!flags[day]) continue;
    if (start >= 0 && day - lastFlagged - 1 >= STABLE_RECOVERY_DAYS) {
      close(lastFlagged);
      start = -1;
    }
    if (start < 0) start = day;
    lastFlagged = day;
  }
  if (start >= 0) {
    if (episodeIndex === 0 && flags.length - 1 - lastFlagged < STABLE_RECOVERY_DAYS) firstUnrecovered = true;
    close(lastFlagged);
  }
  return { longest, firstUnrecovered };
}

/**
 * Early ICAHT (day 0 to +30) from daily ANC values indexed by study day (index 0 = infusion day).
 * Missing days inside the series are interpolated over gaps ≤ 7 days; a longer gap makes the grade
 * null. The window runs from the first to the last measured day, so a series that stops early (death,
 * withdrawal) is graded on the days it has: a first episode still without stable recovery at its end
 * counts as never recovered.
 *
 * | grade | ANC ≤ 0.5                                | ANC ≤ 0.1    |
 * | 1     | 1–6 days                                 |              |
 * | 2     | 7–13 days                                |              |
 * | 3     | ≥ 14 days                                | 7–13 days    |
 * | 4     | never recovers within the window         | ≥ 14 days    |
 */
export function icahtEarly(ancE9PerLByDay: readonly MaybeNumber[]): IcahtEarlyResult {
  if (ancE9PerLByDay.length > 31) {
    throw new RangeError(`ancE9PerLByDay covers days 0–30 (31 values at most), got ${ancE9PerLByDay.length}`);
  }
  const measured: number[] = [];
  ancE9PerLByDay.forEach((value, day) => {
    if (value === null || value === undefined) return;
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`ancE9PerLByDay[${day}] must be a finite number ≥ 0, got ${value}`);
    }
    measured.push(day);
  });
  const empty = {
    value: null,
    severeNeutropeniaDays: null,
    profoundNeutropeniaDays: null,
    neverRecovered: null,
    interpolatedDays: [],
    lastDay: null,
  };
  if (measured.length === 0) {
    return { ...empty, reason: "early ICAHT not computed: missing ancE9PerLByDay (no ANC value)" };
  }
  const firstDay = measured[0]!;
  const lastDay = measured[measured.length - 1]!;
  const anc = new Array<number>(lastDay + 1).fill(Number.NaN);
  const interpolatedDays: number[] = [];
  for (let i = 0; i < measured.length; i++) {
    const day = measured[i]!;
    anc[day] = ancE9PerLByDay[day]!;
    const next = measured[i + 1];
    if (next === undefined || next === day + 1) continue;
    const gap = next - day - 1;
    if (gap > MAX_INTERPOLATED_GAP) {
      return {
        ...empty,
        lastDay,
        reason: `early ICAHT not computed: ancE9PerLByDay has no value on days ${day + 1}–${next - 1} (gap > ${MAX_INTERPOLATED_GAP} days)`,
      };
    }
    const from = ancE9PerLByDay[day]!;
    const to = ancE9PerLByDay[next]!;
    for (let d = day + 1; d < next; d++) {
      anc[d] = from + ((to - from) * (d - day)) / (next - day);
      interpolatedDays.push(d);
    }
  }
  const severe = episodes(
    anc.map((v) => v <= SEVERE),
    firstDay,
  );
  const profound = episodes(
    anc.map((v) => v <= PROFOUND),
    firstDay,
  );
  let value = 0;
  if (severe.longest >= 14) value = 3;
  else if (severe.longest >= 7) value = 2;
  else if (severe.longest >= 1) value = 1;
  if (profound.longest >= 7) value = Math.max(value, 3);
  if (profound.longest >= 14 || severe.firstUnrecovered) value = 4;
  const window = `days ${firstDay}–${lastDay}`;
  const reason =
    `early ICAHT grade ${value}: ANC ≤ 0.5 for ${severe.longest} d, ≤ 0.1 for ${profound.longest} d (${window})` +
    (severe.firstUnrecovered ? ", no stable recovery" : "") +
    (interpolatedDays.length > 0 ? `, ${interpolatedDays.length} day(s) interpolated` : "");
  return {
    value,
    severeNeutropeniaDays: severe.longest,
    profoundNeutropeniaDays: profound.longest,
    neverRecovered: severe.firstUnrecovered,
    interpolatedDays,
    lastDay,
    reason,
  };
}

export type IcahtLateRule = "at_least_two" | "nadir";

export interface IcahtLateResult {
  /** Late ICAHT grade 0–4, null with fewer than two ANC values. */
  value: number | null;
  rule: IcahtLateRule;
  reason: string;
}

const LATE_THRESHOLDS: readonly [number, number][] = [
  [4, 0.1],
  [3, 0.5],
  [2, 1.0],
  [1, 1.5],
];

/**
 * Late ICAHT (after day +30) from the ANC values of the window, which the caller selects (day +31 to
 * +100, stopping at progression or new anti-lymphoma therapy; §F.2). Neutropenia must be non-transient,
 * so two values are needed. Project rule `at_least_two` (default): the highest grade whose threshold
 * at least two values meet. `nadir` (Liang): the nadir's grade, provided a second value ≤ 1.5 exists.
 */
export function icahtLate(
  ancE9PerL: readonly number[],
  options: { rule?: IcahtLateRule } = {},
): IcahtLateResult {
  const rule = options.rule ?? "at_least_two";
  ancE9PerL.forEach((value, i) => {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`ancE9PerL[${i}] must be a finite number ≥ 0, got ${value}`);
    }
  });
  if (ancE9PerL.length < 2) {
    return { value: null, rule, reason: "late ICAHT not computed: needs at least two ancE9PerL values" };
  }
  const count = (threshold: number): number => ancE9PerL.filter((v) => v <= threshold).length;
  let value = 0;
  if (rule === "at_least_two") {
    for (const [grade, threshold] of LATE_THRESHOLDS) {
      if (count(threshold) >= 2) {
        value = grade;
        break;
      }
    }
  } else if (count(1.5) >= 2) {
    const nadir = Math.min(...ancE9PerL);
    value = LATE_THRESHOLDS.find(([, threshold]) => nadir <= threshold)![0];
  }
  return { value, rule, reason: `late ICAHT grade ${value} (${rule} rule, ${ancE9PerL.length} values)` };
}
