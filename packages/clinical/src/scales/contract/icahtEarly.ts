import { icahtEarly, icahtEarlyFromDurations } from "../icaht.js";
import { defineScale, read } from "./define.js";

const F = {
  series: "daily_anc_per_uL_by_day_post_infusion",
  severe: "longest_episode_days_anc_le_500_per_uL_day0_to_day30",
  profound: "longest_episode_days_anc_le_100_per_uL_day0_to_day30",
  neverRecovered: "anc_never_recovered_above_500_per_uL_by_day30",
} as const;

const DURATION_FIELDS = [F.severe, F.profound, F.neverRecovered];

export const ICAHT_EARLY_SCALE = defineScale({
  id: "icaht-early",
  title: "Early ICAHT, day 0 to +30 (EHA/EBMT)",
  citation:
    "Rejeski K et al. Blood 2023;142:865; duration and recovery logic after Liang (emilyliangmd/automatedicahtgrading) (clinical-reference.md §B.3)",
  fields: [
    {
      name: F.series,
      type: "day_series",
      unit: "cells/µL",
      days: { min: 0, max: 30 },
      range: { min: 0, max: 200_000 },
      wholeCount: true,
      presence: "required",
      neededWhen: "unless the recorded durations are given instead",
      description:
        'Daily ANC by study day, e.g. {"0": 1800, "1": 900}; null or absent days within 7-day gaps are interpolated linearly',
    },
    {
      name: F.severe,
      type: "integer",
      unit: "days",
      range: { min: 0, max: 31 },
      presence: "required",
      neededWhen: `unless ${F.series} is given`,
      description:
        "Longest episode with ANC ≤ 500/µL within day 0–30 (episodes joined across recoveries < 3 days)",
    },
    {
      name: F.profound,
      type: "integer",
      unit: "days",
      range: { min: 0, max: 31 },
      presence: "required",
      neededWhen: `unless ${F.series} is given; not needed when ${F.severe} < 7`,
      description: "Longest episode with ANC ≤ 100/µL within day 0–30",
    },
    {
      name: F.neverRecovered,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "ANC never recovered above 500/µL by day 30 (grade 4)",
    },
  ],
  outputs: [
    { name: "early_icaht_grade", type: "integer", unit: null, description: "Early ICAHT grade 0–4" },
    {
      name: "longest_episode_days_anc_le_500_per_uL",
      type: "integer",
      unit: "days",
      description: "Longest joined episode with ANC ≤ 500/µL",
    },
  ],
  rules: [
    {
      fields: [F.profound, F.severe],
      rule: "contradiction",
      text: `days ≤ 100/µL lie within days ≤ 500/µL, so ${F.profound} cannot exceed ${F.severe}`,
      offending: (v) =>
        typeof v[F.profound] === "number" &&
        typeof v[F.severe] === "number" &&
        (v[F.profound] as number) > (v[F.severe] as number)
          ? F.profound
          : null,
    },
    {
      fields: [F.neverRecovered, F.severe],
      rule: "contradiction",
      text: `${F.neverRecovered} needs at least one day ≤ 500/µL in ${F.severe}`,
      offending: (v) => (v[F.neverRecovered] === true && v[F.severe] === 0 ? F.neverRecovered : null),
    },
  ],
  alternatives: {
    rule: "alternative_inputs",
    text: `give either ${F.series} or the recorded durations (${DURATION_FIELDS.join(", ")}), not both`,
    groups: [[F.series], DURATION_FIELDS],
  },
  conventions: [
    "ANC ≤ 500 and ≤ 100 cells/µL are inclusive",
    "episodes separated by fewer than 3 days above the threshold are joined and the gap days counted (CIBMTR stable recovery)",
    "runs of up to 7 missing days are interpolated linearly and reported in the reason; longer gaps and days after the last value are unknown, never assumed (§F.3)",
    "grade 4 by non-recovery: an episode ≤ 500/µL starting by day 3 without stable recovery by day 30 (Liang); §F.3",
  ],
  names: {
    ancByDay: F.series,
    severeNeutropeniaDays: F.severe,
    profoundNeutropeniaDays: F.profound,
    neverRecovered: F.neverRecovered,
  },
  compute(input) {
    const series = read<Record<string, number | null>>(input, F.series);
    if (series !== undefined) {
      const byDay: (number | null)[] = [];
      for (const [day, anc] of Object.entries(series ?? {})) byDay[Number(day)] = anc;
      const result = icahtEarly(
        Array.from(byDay, (v) => v ?? null),
        { ancUnit: "cells/µL" },
      );
      return {
        outputs: {
          early_icaht_grade: result.value,
          longest_episode_days_anc_le_500_per_uL: result.severeNeutropeniaDays,
        },
        reason: result.reason,
      };
    }
    if (!DURATION_FIELDS.some((name) => name in input.values)) {
      return {
        outputs: { early_icaht_grade: null, longest_episode_days_anc_le_500_per_uL: null },
        reason: `early ICAHT not computed: missing ${F.series} (or the recorded durations ${F.severe}, ${F.profound})`,
      };
    }
    const result = icahtEarlyFromDurations({
      severeNeutropeniaDays: read<number>(input, F.severe),
      profoundNeutropeniaDays: read<number>(input, F.profound),
      neverRecovered: read<boolean>(input, F.neverRecovered),
    });
    return {
      outputs: {
        early_icaht_grade: result.value,
        longest_episode_days_anc_le_500_per_uL: result.severeNeutropeniaDays,
      },
      reason: result.reason,
    };
  },
});
