import type { SeededRandom } from "@carta/stats";
import { clamp, round } from "../draws.js";
import { LAB_LIMITS } from "../parameters.js";
import type { Response } from "../types.js";
import type { Baseline, LabPanel } from "./baseline.js";
import { EARLY_DAYS } from "./toxicity.js";

/**
 * Laboratory courses (§A.4) around the simulated truth [A: shapes chosen to be clinically plausible,
 * not fitted]: apheresis values scatter around pre-LD; after infusion CRP and IL-6 peak with CRS and
 * ferritin a few days later, lymphodepletion pulls platelets and haemoglobin down for two to four
 * weeks, and from day 28 LDH and CRP follow the disease (low in complete response, rising after
 * progression). The ANC of days 0–30 is the ICAHT series itself.
 */

export const POST_INFUSION_LAB_DAYS = [0, 3, 7, 14, 28, 90, 180, 365] as const;

export interface LabContext {
  base: Baseline;
  /** CRS and ICANS grade on days 0..30 (as modelled, before follow-up ends). */
  crsDaily: readonly number[];
  icansDaily: readonly number[];
  ancDaily: readonly number[];
  icahtGrade: number;
  bestResponse: Response | null;
  progressionDay: number | null;
}

type LimitKey = keyof typeof LAB_LIMITS;

function panel(values: {
  crpMgL: number;
  ferritinNgMl: number;
  ldhUPerL: number;
  albuminGDl: number;
  plateletsE9L: number;
  hemoglobinGDl: number;
  ancE9L: number;
  creatinineMgDl: number;
  il6PgMl: number;
}): LabPanel {
  const limit = (value: number, key: LimitKey): number =>
    clamp(value, LAB_LIMITS[key].min, LAB_LIMITS[key].max);
  return {
    crpMgL: round(limit(values.crpMgL, "crpMgL"), 1),
    ferritinNgMl: round(limit(values.ferritinNgMl, "ferritinNgMl"), 0),
    ldhUPerL: round(limit(values.ldhUPerL, "ldhUPerL"), 0),
    albuminGDl: round(limit(values.albuminGDl, "albuminGDl"), 1),
    plateletsE9L: round(limit(values.plateletsE9L, "plateletsE9L"), 0),
    hemoglobinGDl: round(limit(values.hemoglobinGDl, "hemoglobinGDl"), 1),
    ancE9L: round(limit(values.ancE9L, "ancE9L"), 2),
    creatinineMgDl: round(limit(values.creatinineMgDl, "creatinineMgDl"), 2),
    il6PgMl: round(limit(values.il6PgMl, "il6PgMl"), 1),
  };
}

/** Leukapheresis labs: the pre-LD truth with visit-to-visit scatter. */
export function apheresisLabs(rng: SeededRandom, base: Baseline): LabPanel {
  const p = base.preLd;
  const jitter = (sd: number): number => Math.exp(rng.normal(0, sd));
  return panel({
    crpMgL: p.crpMgL * jitter(0.35),
    ferritinNgMl: p.ferritinNgMl * jitter(0.25),
    ldhUPerL: p.ldhUPerL * jitter(0.2),
    albuminGDl: p.albuminGDl + rng.normal(0, 0.2),
    plateletsE9L: p.plateletsE9L * jitter(0.2),
    hemoglobinGDl: p.hemoglobinGDl + rng.normal(0.3, 0.6),
    ancE9L: p.ancE9L * jitter(0.25),
    creatinineMgDl: p.creatinineMgDl * jitter(0.1),
    il6PgMl: p.il6PgMl * jitter(0.4),
  });
}

/** LDH at the decision visit (the only decision-time lab). */
export function decisionLdh(rng: SeededRandom, base: Baseline): number {
  return round(
    clamp(
      base.preLd.ldhUPerL * Math.exp(rng.normal(0, 0.2)),
      LAB_LIMITS.ldhUPerL.min,
      LAB_LIMITS.ldhUPerL.max,
    ),
    0,
  );
}

function worstGrade(daily: readonly number[], from: number, to: number): number {
  let worst = 0;
  for (let day = Math.max(0, from); day <= Math.min(to, EARLY_DAYS - 1); day++)
    worst = Math.max(worst, daily[day]!);
  return worst;
}

/** Post-infusion labs at a scheduled day. */
export function postInfusionLabs(rng: SeededRandom, ctx: LabContext, day: number): LabPanel {
  const p = ctx.base.preLd;
  const noise = (sd: number): number => Math.exp(rng.normal(0, sd));
  const crsNow = day <= 30 ? worstGrade(ctx.crsDaily, day - 2, day) : 0;
  const crsRecent = day <= 30 ? worstGrade(ctx.crsDaily, day - 6, day) : 0;
  const icansNow = day <= 30 ? worstGrade(ctx.icansDaily, day - 2, day) : 0;
  const progressed = ctx.progressionDay !== null && ctx.progressionDay <= day;
  const complete = ctx.bestResponse === "CMR";
  // Disease activity from day 28 on: CR clears the tumour-driven part, progression amplifies it.
  const disease = day < 28 ? 1 : progressed ? 1.8 : complete ? 0.45 : 0.85;
  const ldhDisease = day < 28 ? 1 + 0.12 * crsNow : progressed ? 1.7 : complete ? 0.8 : 0.95;
  const marrow = ctx.icahtGrade >= 3 ? 0.6 : 1;
  const plateletFactor: Record<number, number> = {
    0: 0.85,
    3: 0.7,
    7: 0.5 * marrow,
    14: 0.55 * marrow,
    28: 0.75 * marrow,
  };
  const hemoglobinShift: Record<number, number> = { 0: -0.3, 3: -0.6, 7: -1.0, 14: -1.0, 28: -0.5, 90: -0.2 };
  const ancLate: Record<number, number> = { 90: -0.4, 180: -0.2, 365: -0.1 };
  const anc =
    day <= 30
      ? ctx.ancDaily[day]!
      : p.ancE9L *
        Math.exp(rng.normal(ancLate[day] ?? 0, 0.3)) *
        (ctx.icahtGrade >= 3 && day === 90 ? 0.5 : 1);
  return panel({
    // CRS adds roughly 45 mg/L of CRP per grade on top of the disease-driven level (peaks 100–250 mg/L).
    crpMgL: p.crpMgL * disease * noise(0.3) + (45 * crsNow + 15 * icansNow) * noise(0.35),
    ferritinNgMl: p.ferritinNgMl * (day < 28 ? 1.1 + 1.5 * crsRecent : disease) * noise(0.2),
    ldhUPerL: p.ldhUPerL * ldhDisease * noise(0.15),
    albuminGDl: p.albuminGDl - 0.25 * crsRecent + rng.normal(0, 0.15),
    plateletsE9L: p.plateletsE9L * (plateletFactor[day] ?? 1) * noise(0.2),
    hemoglobinGDl: p.hemoglobinGDl + (hemoglobinShift[day] ?? 0) + rng.normal(0, 0.5),
    ancE9L: anc,
    creatinineMgDl: p.creatinineMgDl * (1 + 0.3 * Math.max(0, crsNow - 2)) * noise(0.1),
    il6PgMl: p.il6PgMl * (day <= 14 ? 1 : disease) * noise(0.4) + 40 * crsNow * crsNow * noise(0.5),
  });
}
