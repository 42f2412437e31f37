import { normalCdf, normalQuantile, type SeededRandom } from "@carta/stats";
import { invertCumulativeHazard, logistic } from "../draws.js";
import {
  BEST_CR_MODEL,
  NEW_THERAPY,
  NRM_CAUSES,
  NRM_MODEL,
  PFS_MODEL,
  POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS,
  STRUCTURE,
  TIMELINE,
} from "../parameters.js";
import type { Cohort, DeathCause, Response } from "../types.js";
import type { Baseline } from "./baseline.js";
import { bestCrLinearPredictor, nrmLinearPredictor, pfsLinearPredictor } from "./linearPredictors.js";

/**
 * Efficacy and follow-up of an infused patient (D.5, §E.3), in whole days after infusion.
 * Progression and non-relapse death are competing latent times; whichever comes first, within
 * follow-up, is what the study sees.
 */
export interface FollowUp {
  /** Model probability of best CR and the latent outcome (before coherence with early events). */
  bestCrProbability: number;
  bestCrLatent: boolean;
  /** Latent times in days (may lie beyond follow-up; Infinity when never). */
  latentProgressionDay: number;
  latentNrmDay: number;
  /** End of follow-up for reasons other than death: cut-off, loss to follow-up or withdrawal. */
  censorDay: number;
  progressionDay: number | null;
  deathDay: number | null;
  deathCause: DeathCause | null;
  newTherapyDay: number | null;
  lastContactDay: number;
  lastAssessmentDay: number | null;
  bestResponse: Response | null;
  responseDay28: Response | null;
  responseDay90: Response | null;
}

const DAYS_PER_MONTH = TIMELINE.daysPerMonth;

function monthsToDay(months: number): number {
  return Number.isFinite(months)
    ? Math.max(1, Math.round(months * DAYS_PER_MONTH))
    : Number.POSITIVE_INFINITY;
}

/** Scheduled disease assessments on or before `endDay`. */
export function scheduledAssessments(endDay: number): number[] {
  const days: number[] = [];
  for (const day of TIMELINE.assessmentDays) if (day <= endDay) days.push(day);
  const last = TIMELINE.assessmentDays[TIMELINE.assessmentDays.length - 1]!;
  for (
    let day = last + TIMELINE.assessmentIntervalAfterYearDays;
    day <= endDay;
    day += TIMELINE.assessmentIntervalAfterYearDays
  ) {
    days.push(day);
  }
  return days;
}

function nrmCause(rng: SeededRandom, day: number, allowCrs: boolean, allowIcans: boolean): DeathCause {
  const table =
    day <= NRM_CAUSES.earlyDays ? NRM_CAUSES.early : day <= 365 ? NRM_CAUSES.firstYear : NRM_CAUSES.later;
  const causes = Object.keys(table) as DeathCause[];
  const weights = causes.map((cause) => {
    if (cause === "CRS" && !allowCrs) return 0;
    if (cause === "ICANS" && !allowIcans) return 0;
    return (table as Record<string, number>)[cause]!;
  });
  return causes[rng.categorical(weights)]!;
}

export interface FollowUpContext {
  cohort: Cohort;
  base: Baseline;
  centerPfs: number;
  centerNrm: number;
  centerBestCr: number;
  /** Days from infusion to the data cut-off. */
  daysToCutoff: number;
  withdrawn: boolean;
  /** Whether a fatal CRS / ICANS is possible on a given day (a severe episode under way by then). */
  fatalCrsPossible: (day: number) => boolean;
  fatalIcansPossible: (day: number) => boolean;
}

export function simulateFollowUp(rng: SeededRandom, ctx: FollowUpContext): FollowUp {
  const { cohort, base } = ctx;
  const pCr = logistic(bestCrLinearPredictor(base, cohort) + ctx.centerBestCr);
  // Response latent e: CR ⇔ Φ(e) < p. The progression uniform is Φ(ρe + √(1−ρ²)η): a low e (CR)
  // gives a low uniform, a large −ln U and so a late progression. Both margins stay exact.
  const e = rng.normal();
  const eta = rng.normal();
  const bestCrLatent = e < normalQuantile(pCr);
  const rho = BEST_CR_MODEL.latentCorrelationWithPfs;
  const uPfs = normalCdf(rho * e + Math.sqrt(1 - rho * rho) * eta);
  const pfsScale = PFS_MODEL.k * Math.exp(pfsLinearPredictor(base, cohort) + ctx.centerPfs);
  const latentProgressionDay = monthsToDay(
    invertCumulativeHazard(PFS_MODEL.hazardPerMonth, pfsScale, -Math.log(Math.max(uPfs, Number.MIN_VALUE))),
  );
  const nrmScale = Math.exp(nrmLinearPredictor(base, cohort) + ctx.centerNrm);
  const latentNrmDay = monthsToDay(
    invertCumulativeHazard(NRM_MODEL.hazardPerMonth, nrmScale, rng.exponential(1)),
  );

  const lossRatePerDay = -Math.log(1 - STRUCTURE.lossToFollowUpPerYear) / 365.25;
  const lostDay = Math.floor(rng.exponential(lossRatePerDay));
  const withdrawalDay = ctx.withdrawn ? rng.integer(Math.max(1, ctx.daysToCutoff)) : Number.POSITIVE_INFINITY;
  const censorDay = Math.min(ctx.daysToCutoff, lostDay, withdrawalDay);

  let progressionDay: number | null = null;
  let deathDay: number | null = null;
  let deathCause: DeathCause | null = null;
  let newTherapyDay: number | null = null;
  if (latentProgressionDay < latentNrmDay && latentProgressionDay <= censorDay) {
    progressionDay = latentProgressionDay;
    const rate = Math.LN2 / POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS[cohort];
    const death = progressionDay + Math.max(1, Math.round(rng.exponential(rate) * DAYS_PER_MONTH));
    if (death <= censorDay) {
      deathDay = death;
      deathCause = "progression";
    }
    if (rng.bernoulli(NEW_THERAPY.afterProgressionProbability)) {
      const start =
        progressionDay +
        Math.max(
          1,
          Math.round(NEW_THERAPY.delayDays.median * Math.exp(rng.normal(0, NEW_THERAPY.delayDays.sdLog))),
        );
      if (start <= (deathDay ?? censorDay)) newTherapyDay = start;
    }
  } else if (latentNrmDay <= latentProgressionDay && latentNrmDay <= censorDay) {
    deathDay = latentNrmDay;
    deathCause = nrmCause(rng, deathDay, ctx.fatalCrsPossible(deathDay), ctx.fatalIcansPossible(deathDay));
  }
  const lastContactDay = deathDay ?? censorDay;

  // Responses (§E.3, D.4): assessments at d28 and d90 while alive and on study; death or progression
  // before day 90 makes day-90 response PMD rather than missing.
  const onStudyAt = (day: number): boolean => lastContactDay >= day;
  const progressedBy = (day: number): boolean => progressionDay !== null && progressionDay <= day;
  let bestResponse: Response | null = null;
  let responseDay28: Response | null = null;
  let responseDay90: Response | null = null;
  if (progressedBy(28)) {
    bestResponse = "PMD";
    responseDay28 = "PMD";
  } else if (onStudyAt(28)) {
    if (bestCrLatent) {
      bestResponse = "CMR";
      const progressesBefore90 = progressedBy(89);
      const crAt90 = !progressesBefore90 && rng.bernoulli(BEST_CR_MODEL.day90GivenBestCr);
      if (progressesBefore90) {
        responseDay28 = "CMR";
      } else if (crAt90) {
        responseDay28 = rng.bernoulli(BEST_CR_MODEL.crAtDay28GivenDay90Cr) ? "CMR" : "PMR";
        responseDay90 = "CMR";
      } else {
        // Not CR at day 90: either a late conversion (CR documented at day 180) or CR at day 28 with
        // residual uptake at day 90.
        const lateConversion = onStudyAt(180) && !progressedBy(180);
        responseDay28 = lateConversion ? "PMR" : "CMR";
        responseDay90 = "PMR";
      }
    } else {
      bestResponse = rng.bernoulli(BEST_CR_MODEL.pmrAmongNonCr) ? "PMR" : "NMR";
      responseDay28 = bestResponse;
      responseDay90 = bestResponse;
    }
  }
  if (progressedBy(89) || (deathDay !== null && deathDay < 90)) responseDay90 = "PMD";
  else if (!onStudyAt(90)) responseDay90 = null;

  let lastAssessmentDay: number | null;
  if (progressionDay !== null) lastAssessmentDay = progressionDay;
  else {
    const scheduled = scheduledAssessments(lastContactDay);
    lastAssessmentDay = scheduled.length > 0 ? scheduled[scheduled.length - 1]! : null;
  }

  return {
    bestCrProbability: pCr,
    bestCrLatent,
    latentProgressionDay,
    latentNrmDay,
    censorDay,
    progressionDay,
    deathDay,
    deathCause,
    newTherapyDay,
    lastContactDay,
    lastAssessmentDay,
    bestResponse,
    responseDay28,
    responseDay90,
  };
}
