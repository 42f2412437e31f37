import type { SeededRandom } from "@carta/stats";
import type { SimulatedCenter } from "../centers.js";
import type { LatentCopula } from "../copula.js";
import { clamp, roundSignificant } from "../draws.js";
import { NEW_THERAPY, POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS, STRUCTURE, TIMELINE } from "../parameters.js";
import type { Cohort, DeathCause, Product } from "../types.js";
import { type Baseline, simulateBaseline } from "./baseline.js";
import { type Biology, simulateBiology } from "./biology.js";
import { type FollowUp, simulateFollowUp } from "./followUp.js";
import { EARLY_DAYS, type EarlyToxicity, simulateEarlyToxicity } from "./toxicity.js";

/** Everything simulated for one patient: the truth from which the recorded observations are taken. */
export interface SimulatedPatient {
  cohort: Cohort;
  /** Position in the cohort's simulation order (fixes the random stream). */
  index: number;
  center: SimulatedCenter;
  withdrawn: boolean;
  infused: boolean;
  base: Baseline;
  /** Calendar days since 1970-01-01. */
  decisionDay: number;
  apheresisDay: number;
  /** Planned (infused: actual) infusion day; the lymphodepletion start only for infused patients. */
  infusionDay: number;
  ldStartDay: number | null;
  veinToVeinDays: number;
  ldRegimen: "flu_cy" | "bendamustine" | "other";
  dose: { value: number; unit: DoseUnit; outOfSpec: boolean };
  /** Infused patients only. */
  toxicity: EarlyToxicity | null;
  followUp: FollowUp | null;
  /** Not-infused patients: events in days after apheresis. */
  notInfused: NotInfusedCourse | null;
  biology: Biology;
}

export type DoseUnit = "car_pos_cells_per_kg" | "total_car_pos_viable_t_cells" | "total_car_pos_t_cells";

export interface NotInfusedCourse {
  reason: "progression" | "manufacturing_failure";
  progressionDay: number | null;
  deathDay: number | null;
  deathCause: DeathCause | null;
  newTherapyDay: number | null;
  lastContactDay: number;
}

export interface PatientContext {
  cohort: Cohort;
  index: number;
  center: SimulatedCenter;
  copula: LatentCopula;
  infusionWindow: { from: number; to: number };
  cutoffDay: number;
}

function simulateDose(rng: SeededRandom, product: Product): SimulatedPatient["dose"] {
  // Label doses (§A.3): axi-cel 2×10⁶ CAR+ cells/kg; tisa-cel 0.6–6.0×10⁸ CAR+ viable T cells; liso-cel
  // 100×10⁶ CAR+ T cells. Out-of-specification rates by product [A].
  if (product === "axi_cel") {
    const outOfSpec = rng.bernoulli(0.01);
    const value = outOfSpec ? 0.8e6 + 0.2e6 * rng.uniform() : 2.0e6 * (0.85 + 0.15 * rng.uniform());
    return { value: roundSignificant(value, 3), unit: "car_pos_cells_per_kg", outOfSpec };
  }
  if (product === "tisa_cel") {
    const outOfSpec = rng.bernoulli(0.1);
    const value = clamp(3.0e8 * Math.exp(rng.normal(0, 0.5)), 0.6e8, 6.0e8);
    return { value: roundSignificant(value, 3), unit: "total_car_pos_viable_t_cells", outOfSpec };
  }
  const outOfSpec = rng.bernoulli(0.04);
  const value = outOfSpec ? 0.44e8 + 0.46e8 * rng.uniform() : 1.0e8 * (0.95 + 0.1 * rng.uniform());
  return { value: roundSignificant(value, 3), unit: "total_car_pos_t_cells", outOfSpec };
}

function simulateNotInfused(
  rng: SeededRandom,
  cohort: Cohort,
  veinToVeinDays: number,
  daysToCutoff: number,
  withdrawn: boolean,
): NotInfusedCourse {
  const lossRatePerDay = -Math.log(1 - STRUCTURE.lossToFollowUpPerYear) / 365.25;
  const censorDay = Math.min(
    daysToCutoff,
    Math.floor(rng.exponential(lossRatePerDay)),
    withdrawn ? rng.integer(Math.max(1, daysToCutoff)) : Number.POSITIVE_INFINITY,
  );
  const progressing = rng.bernoulli(STRUCTURE.notInfusedProgressionProbability);
  let progressionDay: number;
  let newTherapyDay: number | null = null;
  if (progressing) {
    progressionDay = 7 + rng.integer(Math.max(1, veinToVeinDays - 7));
  } else {
    newTherapyDay = veinToVeinDays + rng.integer(15);
    progressionDay =
      newTherapyDay + Math.max(1, Math.round(rng.exponential(Math.LN2 / 6) * TIMELINE.daysPerMonth));
  }
  // Without CAR-T, survival after progression is short [A: 3L+ median 5.5 months, halved before infusion].
  const medianMonths = POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS[cohort] / 2;
  const death =
    progressionDay +
    Math.max(1, Math.round(rng.exponential(Math.LN2 / medianMonths) * TIMELINE.daysPerMonth));
  if (progressing && rng.bernoulli(NEW_THERAPY.afterProgressionProbability / 2)) {
    newTherapyDay = progressionDay + 7 + rng.integer(15);
  }
  const observedProgression = progressionDay <= censorDay ? progressionDay : null;
  const deathDay = death <= censorDay ? death : null;
  if (newTherapyDay !== null && newTherapyDay > (deathDay ?? censorDay)) newTherapyDay = null;
  return {
    reason: progressing ? "progression" : "manufacturing_failure",
    progressionDay: observedProgression,
    deathDay,
    deathCause: deathDay === null ? null : "progression",
    newTherapyDay,
    lastContactDay: deathDay ?? censorDay,
  };
}

function ldStartOffset(rng: SeededRandom): number {
  const entries = Object.entries(TIMELINE.ldStartDayWeights);
  return Number(entries[rng.categorical(entries.map(([, w]) => w))]![0]);
}

function ldRegimen(rng: SeededRandom, product: Product): SimulatedPatient["ldRegimen"] {
  // Bendamustine is an alternative lymphodepletion for tisa-cel only (§A.1) [A: shares].
  if (product === "tisa_cel" && rng.bernoulli(0.15)) return "bendamustine";
  return rng.bernoulli(0.02) ? "other" : "flu_cy";
}

export function simulatePatient(rng: SeededRandom, ctx: PatientContext): SimulatedPatient {
  const { cohort, center } = ctx;
  const base = simulateBaseline(rng.fork("baseline"), ctx.copula, cohort, center.ldhUlnUPerL);
  const events = rng.fork("events");
  const withdrawn = events.bernoulli(STRUCTURE.consentWithdrawnProbability);
  const infused = !events.bernoulli(STRUCTURE.notInfusedProbability);

  const window = ctx.infusionWindow;
  const infusionDay = window.from + events.integer(window.to - window.from + 1);
  const v2v = TIMELINE.veinToVeinDays[base.product];
  const veinToVeinDays = clamp(
    Math.round(v2v.median * Math.exp(events.normal(0, v2v.sdLog))),
    TIMELINE.veinToVeinRange.min,
    TIMELINE.veinToVeinRange.max,
  );
  const apheresisDay = infusionDay - veinToVeinDays;
  const gap = TIMELINE.decisionBeforeApheresisDays;
  const decisionDay = apheresisDay - (gap.min + events.integer(gap.max - gap.min + 1));
  const ldStartDay = infused ? infusionDay + ldStartOffset(events) : null;
  const regimen = ldRegimen(events, base.product);
  const dose = simulateDose(events, base.product);

  let toxicity: EarlyToxicity | null = null;
  let followUp: FollowUp | null = null;
  let notInfused: NotInfusedCourse | null = null;
  if (infused) {
    const tox = simulateEarlyToxicity(rng.fork("toxicity"), base, center.effects);
    // A fatal CRS/ICANS needs a severe episode under way by the day of death.
    const fatalPossible = (course: EarlyToxicity["crs"]) => (day: number) =>
      course.maxGrade >= 3 && course.onsetDay !== null && course.onsetDay <= day && day < EARLY_DAYS;
    followUp = simulateFollowUp(rng.fork("follow-up"), {
      cohort,
      base,
      centerPfs: center.effects.pfs,
      centerNrm: center.effects.nrm,
      centerBestCr: center.effects.bestCr,
      daysToCutoff: ctx.cutoffDay - infusionDay,
      withdrawn,
      fatalCrsPossible: fatalPossible(tox.crs),
      fatalIcansPossible: fatalPossible(tox.icans),
    });
    toxicity = applyFatalToxicity(tox, followUp);
  } else {
    notInfused = simulateNotInfused(
      rng.fork("not infused"),
      cohort,
      veinToVeinDays,
      ctx.cutoffDay - apheresisDay,
      withdrawn,
    );
  }
  const biology = simulateBiology(rng.fork("biology"), {
    cohort,
    base,
    bestResponse: followUp?.bestResponse ?? null,
    progressionDay: followUp?.progressionDay ?? null,
  });

  return {
    cohort,
    index: ctx.index,
    center,
    withdrawn,
    infused,
    base,
    decisionDay,
    apheresisDay,
    infusionDay,
    ldStartDay,
    veinToVeinDays,
    ldRegimen: regimen,
    dose,
    toxicity,
    followUp,
    notInfused,
    biology,
  };
}

/** A CRS or ICANS death makes that toxicity grade 5 on the day of death (ASTCT). */
function applyFatalToxicity(tox: EarlyToxicity, followUp: FollowUp): EarlyToxicity {
  const day = followUp.deathDay;
  if (day === null || (followUp.deathCause !== "CRS" && followUp.deathCause !== "ICANS")) return tox;
  const key = followUp.deathCause === "CRS" ? "crs" : "icans";
  const course = tox[key];
  const daily = course.daily.map((grade, d) =>
    d < day ? Math.max(grade, d >= course.onsetDay! ? 1 : 0) : 0,
  );
  daily[day] = 5;
  return {
    ...tox,
    [key]: { maxGrade: 5, onsetDay: course.onsetDay, durationDays: day - course.onsetDay! + 1, daily },
  };
}
