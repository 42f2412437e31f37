import type { SeededRandom } from "@carta/stats";
import { round } from "../draws.js";
import type { ObservationValue } from "../types.js";

/**
 * The bedside signs behind one day's simulated CRS or ICANS grade (ASTCT, Lee 2019; clinical-reference.md
 * §B.1–B.2): temperature, CRS treatment, hypotension and vasopressors, oxygen device and flow, the five
 * ICE items, consciousness, seizure, motor weakness and cerebral oedema. Signs are drawn so that the
 * scale applied to them gives the target grade; the recorder then records the grade the scale gives, so
 * every recorded grade comes from the rules. Which criterion drives a grade, and what accompanies it, are
 * [A] assumptions: hypotension drives CRS ≥ 2 a little more often than hypoxia, an unarousable patient is
 * the usual ICANS grade 4. Grade 5 (death) is drawn as grade-4 signs; the death itself makes it 5.
 */

export type DailySigns = Record<string, ObservationValue>;

/** Picks from weighted choices. */
function pick<T>(rng: SeededRandom, choices: readonly (readonly [T, number])[]): T {
  return choices[rng.categorical(choices.map(([, w]) => w))]![0];
}

function between(rng: SeededRandom, min: number, max: number): number {
  return min + rng.integer(max - min + 1);
}

/** Vasopressors and flags for a hypotension sub-grade 0, 2, 3 or 4 (§B.1 step 2). */
function hypotensionSigns(rng: SeededRandom, subgrade: number): DailySigns {
  if (subgrade === 0) return { hypotension_present: false };
  const count = subgrade === 2 ? 0 : subgrade === 3 ? 1 : rng.bernoulli(0.75) ? 2 : 3;
  const vasopressin = subgrade === 3 ? rng.bernoulli(0.15) : subgrade === 4 ? rng.bernoulli(0.3) : false;
  return {
    hypotension_present: true,
    vasopressor_count_excl_vasopressin: count,
    vasopressin_in_use: vasopressin,
  };
}

/** Oxygen device and flow for a hypoxia sub-grade 0, 2, 3 or 4 (§B.1 step 3). */
function hypoxiaSigns(rng: SeededRandom, subgrade: number): DailySigns {
  if (subgrade === 0) return { oxygen_delivery_device: "none" };
  if (subgrade === 2) {
    return rng.bernoulli(0.85)
      ? { oxygen_delivery_device: "nasal_cannula", oxygen_flow_l_per_min: between(rng, 1, 6) }
      : { oxygen_delivery_device: "blow_by" };
  }
  if (subgrade === 3) {
    const device = pick(rng, [
      ["nasal_cannula", 0.2],
      ["high_flow_nasal_cannula", 0.35],
      ["simple_facemask", 0.15],
      ["non_rebreather_mask", 0.2],
      ["venturi_mask", 0.1],
    ] as const);
    const flow: Record<typeof device, [number, number]> = {
      nasal_cannula: [7, 10],
      high_flow_nasal_cannula: [30, 60],
      simple_facemask: [5, 10],
      non_rebreather_mask: [10, 15],
      venturi_mask: [6, 15],
    };
    const [min, max] = flow[device];
    return { oxygen_delivery_device: device, oxygen_flow_l_per_min: between(rng, min, max) };
  }
  return {
    oxygen_delivery_device: pick(rng, [
      ["cpap", 0.2],
      ["bipap", 0.3],
      ["mechanical_ventilation", 0.5],
    ] as const),
  };
}

/** A sub-grade that does not exceed `grade`: none most of the time, else a milder or equal one. */
function accompanying(rng: SeededRandom, grade: number): number {
  if (grade < 2 || rng.bernoulli(0.6)) return 0;
  return between(rng, 2, grade);
}

/**
 * CRS signs for one day. `dayInEpisode` is null outside a CRS episode, 0 on its first day (fever, not yet
 * treated) and > 0 later, when an antipyretic or anti-cytokine treatment has been given and fever is no
 * longer required.
 */
export function crsSigns(rng: SeededRandom, grade: number, dayInEpisode: number | null): DailySigns {
  if (dayInEpisode === null || grade === 0) {
    return {
      temperature_max_c: round(36.3 + 1.4 * rng.uniform(), 1),
      crs_treated_before_assessment: false,
      hypotension_present: false,
      oxygen_delivery_device: "none",
    };
  }
  const target = Math.min(grade, 4);
  const treated = dayInEpisode > 0;
  const febrile = !treated || rng.bernoulli(target === 1 ? 0.7 : 0.6);
  let hypotension = 0;
  let hypoxia = 0;
  if (target >= 2) {
    if (rng.bernoulli(0.55)) {
      hypotension = target;
      hypoxia = accompanying(rng, target);
    } else {
      hypoxia = target;
      hypotension = accompanying(rng, target);
    }
  }
  return {
    temperature_max_c: round(febrile ? 38.0 + 2.2 * rng.uniform() : 36.5 + 1.3 * rng.uniform(), 1),
    crs_treated_before_assessment: treated,
    ...hypotensionSigns(rng, hypotension),
    ...hypoxiaSigns(rng, hypoxia),
  };
}

const ICE_ITEMS = [
  ["ice_orientation_points", 4],
  ["ice_naming_points", 3],
  ["ice_commands_points", 1],
  ["ice_writing_points", 1],
  ["ice_attention_points", 1],
] as const;

/** ICE items summing to `score`: points are lost one at a time, from items in proportion to what they have left. */
function iceItems(rng: SeededRandom, score: number): DailySigns {
  const points: number[] = ICE_ITEMS.map(([, max]) => max);
  for (let lost = 0; lost < 10 - score; lost++) {
    const item = rng.categorical(points);
    points[item] = points[item]! - 1;
  }
  return Object.fromEntries(ICE_ITEMS.map(([id], i) => [id, points[i]!]));
}

const AROUSABLE = [
  "alert",
  "awakens_spontaneously",
  "awakens_to_voice",
  "awakens_to_tactile_stimulus",
] as const;

function awake(rng: SeededRandom, ice: number, consciousness: string, extra: DailySigns = {}): DailySigns {
  return {
    ...iceItems(rng, ice),
    level_of_consciousness: consciousness,
    seizure: "none",
    deep_focal_motor_weakness: false,
    cerebral_edema: "none",
    ...extra,
  };
}

/** The signs of a day without neurotoxicity, shared by most patient-days. */
export const NO_NEUROTOXICITY: Readonly<DailySigns> = Object.freeze({
  ice_orientation_points: 4,
  ice_naming_points: 3,
  ice_commands_points: 1,
  ice_writing_points: 1,
  ice_attention_points: 1,
  level_of_consciousness: "alert",
  seizure: "none",
  deep_focal_motor_weakness: false,
  cerebral_edema: "none",
});

/** ICANS signs for one day with the given grade (§B.2: the worst of ICE, consciousness, seizure, motor, oedema). */
export function icansSigns(rng: SeededRandom, grade: number): DailySigns {
  const target = Math.min(grade, 4);
  if (target === 0) return NO_NEUROTOXICITY;
  if (target === 1) {
    return rng.bernoulli(0.85)
      ? awake(rng, between(rng, 7, 9), rng.bernoulli(0.8) ? "alert" : "awakens_spontaneously")
      : awake(rng, 10, "awakens_spontaneously");
  }
  if (target === 2) {
    return rng.bernoulli(0.8)
      ? awake(
          rng,
          between(rng, 3, 6),
          pick(rng, [
            ["alert", 0.6],
            ["awakens_spontaneously", 0.3],
            ["awakens_to_voice", 0.1],
          ] as const),
        )
      : awake(rng, between(rng, 7, 10), "awakens_to_voice");
  }
  const anyArousable = () => AROUSABLE[rng.integer(AROUSABLE.length)]!;
  if (target === 3) {
    const driver = pick(rng, [
      ["ice", 0.6],
      ["consciousness", 0.2],
      ["seizure", 0.12],
      ["edema", 0.08],
    ] as const);
    if (driver === "ice") return awake(rng, between(rng, 0, 2), anyArousable());
    if (driver === "consciousness") return awake(rng, between(rng, 0, 6), "awakens_to_tactile_stimulus");
    if (driver === "seizure") {
      const seizure = rng.bernoulli(0.7)
        ? "focal_or_generalized_resolving_rapidly"
        : "nonconvulsive_on_eeg_resolving_with_intervention";
      return awake(rng, between(rng, 0, 9), anyArousable(), { seizure });
    }
    return awake(rng, between(rng, 0, 9), anyArousable(), { cerebral_edema: "focal_local_on_imaging" });
  }
  const driver = pick(rng, [
    ["unarousable", 0.7],
    ["seizure", 0.1],
    ["motor", 0.1],
    ["edema", 0.1],
  ] as const);
  if (driver === "unarousable") {
    // Not assessable: the ICE items stay blank and the ICE score is 0.
    return {
      level_of_consciousness: "unarousable_or_coma",
      seizure: "none",
      deep_focal_motor_weakness: false,
      cerebral_edema: "none",
    };
  }
  const extra: DailySigns =
    driver === "seizure"
      ? { seizure: "prolonged_gt_5min_or_repetitive_without_return_to_baseline" }
      : driver === "motor"
        ? { deep_focal_motor_weakness: true }
        : { cerebral_edema: "diffuse_or_posturing_or_cn6_palsy_or_papilledema_or_cushing_triad" };
  return awake(rng, between(rng, 0, 6), anyArousable(), extra);
}
