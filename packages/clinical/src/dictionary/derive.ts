import { easix, mEasix } from "../scales/easix.js";
import { hematotox } from "../scales/hematotox.js";
import { aaIpi, ipi } from "../scales/ipi.js";
import type { ObservationValue } from "./values.js";

/**
 * The dictionary's derived variables, computed by the clinical scales from one patient's values.
 * Pre-CAR-T scores use the pre-lymphodepletion value of each input, or the latest earlier one
 * (apheresis, then decision) when pre-LD was not recorded — the reason then says which time point fed
 * which input, so a physician sees where every number came from. Missing inputs give null, never a guess.
 */
export interface DerivedValue {
  variable: string;
  timePoint: string;
  value: number | boolean | null;
  reason: string;
}

export type ValueLookup = (variable: string, timePoint: string) => ObservationValue | undefined;

const PRE_CAR_T_ORDER = ["pre_ld", "apheresis", "decision"] as const;

function latestBeforeInfusion(get: ValueLookup, variable: string, notes: string[]): number | null {
  for (const tp of PRE_CAR_T_ORDER) {
    const v = get(variable, tp);
    if (typeof v === "number") {
      if (tp !== "pre_ld") notes.push(`${variable} from ${tp}`);
      return v;
    }
  }
  return null;
}

function withNotes(reason: string, notes: string[]): string {
  return notes.length ? `${reason} [${notes.join("; ")}]` : reason;
}

/** Bulky-disease threshold in cm (clinical-reference.md §A.2: configurable, 7.5 or 10 cm). */
export const DEFAULT_BULKY_THRESHOLD_CM = 7.5;

export function deriveScores(get: ValueLookup, options: { bulkyThresholdCm?: number } = {}): DerivedValue[] {
  const out: DerivedValue[] = [];
  const notes: string[] = [];
  const n = (variable: string) => latestBeforeInfusion(get, variable, notes);
  const crpMgL = n("crp_mg_l");
  const crpMgPerDl = crpMgL === null ? null : crpMgL / 10;
  const ipiInput = {
    ageYears: n("age_years"),
    annArborStage: n("ann_arbor_stage"),
    ldhUPerL: n("ldh_u_per_l"),
    ldhUlnUPerL: n("ldh_uln_u_per_l"),
    ecogPs: n("ecog_ps"),
    extranodalSitesCount: n("extranodal_sites_count"),
  };
  const ipiResult = ipi(ipiInput);
  const aaResult = aaIpi(ipiInput);
  const hemato = hematotox({
    plateletsE9PerL: n("platelets_10e9_l"),
    ancE9PerL: n("anc_10e9_l"),
    hemoglobinGPerDl: n("hemoglobin_g_dl"),
    crpMgPerDl,
    ferritinNgPerMl: n("ferritin_ng_ml"),
  });
  const easixResult = easix({
    ldhUPerL: n("ldh_u_per_l"),
    creatinineMgPerDl: n("creatinine_mg_dl"),
    plateletsE9PerL: n("platelets_10e9_l"),
  });
  const mEasixResult = mEasix({
    ldhUPerL: n("ldh_u_per_l"),
    crpMgPerDl,
    plateletsE9PerL: n("platelets_10e9_l"),
  });
  const uniqueNotes = [...new Set(notes)];
  const relevant = (names: string[]) =>
    uniqueNotes.filter((x) => names.some((name) => x.startsWith(`${name} `)));
  out.push({
    variable: "ipi_points",
    timePoint: "pre_ld",
    value: ipiResult.value,
    reason: withNotes(ipiResult.reason, relevant(Object.keys(IPI_FIELDS))),
  });
  out.push({
    variable: "aaipi_points",
    timePoint: "pre_ld",
    value: aaResult.value,
    reason: withNotes(
      aaResult.reason,
      relevant(["ann_arbor_stage", "ldh_u_per_l", "ldh_uln_u_per_l", "ecog_ps"]),
    ),
  });
  out.push({
    variable: "hematotox_score",
    timePoint: "pre_ld",
    value: hemato.value,
    reason: withNotes(
      hemato.reason,
      relevant(["platelets_10e9_l", "anc_10e9_l", "hemoglobin_g_dl", "crp_mg_l", "ferritin_ng_ml"]),
    ),
  });
  out.push({
    variable: "easix",
    timePoint: "pre_ld",
    value: easixResult.value,
    reason: withNotes(easixResult.reason, relevant(["ldh_u_per_l", "creatinine_mg_dl", "platelets_10e9_l"])),
  });
  out.push({
    variable: "m_easix",
    timePoint: "pre_ld",
    value: mEasixResult.value,
    reason: withNotes(mEasixResult.reason, relevant(["ldh_u_per_l", "crp_mg_l", "platelets_10e9_l"])),
  });

  const threshold = options.bulkyThresholdCm ?? DEFAULT_BULKY_THRESHOLD_CM;
  const lesion = get("largest_lesion_cm", "decision");
  out.push({
    variable: "bulky",
    timePoint: "decision",
    value: typeof lesion === "number" ? lesion >= threshold : null,
    reason:
      typeof lesion === "number"
        ? `largest lesion ${lesion} cm ${lesion >= threshold ? "≥" : "<"} ${threshold} cm`
        : "largest_lesion_cm is missing",
  });

  const death = get("death_date", "outcome");
  const progression = get("progression_date", "outcome");
  out.push({
    variable: "nrm",
    timePoint: "outcome",
    value: typeof death === "string" ? !(typeof progression === "string" && progression <= death) : false,
    reason:
      typeof death !== "string"
        ? "no death recorded"
        : typeof progression === "string" && progression <= death
          ? `death ${death} after progression ${progression}: not NRM`
          : `death ${death} without prior progression (§E.3)`,
  });
  return out;
}

const IPI_FIELDS = {
  age_years: 1,
  ann_arbor_stage: 1,
  ldh_u_per_l: 1,
  ldh_uln_u_per_l: 1,
  ecog_ps: 1,
  extranodal_sites_count: 1,
};
