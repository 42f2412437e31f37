import type { SeededRandom } from "@carta/stats";
import { normalCdf } from "@carta/stats";
import { clamp, logistic, round } from "../draws.js";
import {
  COVARIATES,
  CRS_ICANS_LATENT_CORRELATION,
  CRS_MODEL,
  ICAHT_MODEL,
  ICANS_MODEL,
  type ToxicityModel,
} from "../parameters.js";
import type { Product } from "../types.js";
import type { Baseline } from "./baseline.js";

/** Days d0..d30 of the early follow-up. */
export const EARLY_DAYS = 31;

/** A toxicity as modelled before follow-up ends: its maximum grade, onset and duration, and the daily grades. */
export interface ToxicityCourse {
  maxGrade: number;
  onsetDay: number | null;
  durationDays: number | null;
  /** Grade on each day 0..30. */
  daily: number[];
}

export interface EarlyToxicity {
  crs: ToxicityCourse;
  icans: ToxicityCourse;
  /** Modelled early ICAHT grade (the recorded grade is re-derived from the recorded ANC days). */
  icahtGrade: number;
  /** Daily ANC ×10⁹/L, days 0..30, built to have `icahtGrade` under §B.3. */
  ancDaily: number[];
  probabilities: { crsSevere: number; icansSevere: number; icahtSevere: number };
}

/** Logit of grade ≥ 3 (D.5): product intercept, per doubling of m-EASIX above 2, MTV_high, age. */
export function severeToxicityLogit(model: ToxicityModel, base: Baseline): number {
  return (
    model.intercept[base.product] +
    Math.log(model.perLog2MEasixAboveOne) * (base.mEasixLog2 - 1) +
    Math.log(model.mtvHigh) * (base.mtvHigh ? 1 : 0) +
    Math.log(model.per10YearsAgeFrom60) * ((base.ageYears - COVARIATES.ageCentre) / 10)
  );
}

/**
 * Maximum grade from a uniform u: u < p(≥3) gives 3 or 4; otherwise grade 0 with the probability that
 * makes the product's any-grade incidence come out right on average, else 1 or 2.
 */
function maxGradeFromUniform(
  u: number,
  pSevere: number,
  model: ToxicityModel,
  product: Product,
  rng: SeededRandom,
): number {
  if (u < pSevere) return rng.bernoulli(model.grade4AmongSevere) ? 4 : 3;
  const typicalSevere = logistic(model.intercept[product]);
  const noneAmongLow = clamp((1 - model.anyGrade[product]) / (1 - typicalSevere), 0, 1);
  const v = (u - pSevere) / (1 - pSevere);
  if (v < noneAmongLow) return 0;
  return rng.bernoulli(model.grade2AmongLowGrade[product]) ? 2 : 1;
}

/** Daily grades rising from 1 at onset to the maximum at the peak, then falling back to 1 before resolution. */
export function dailyCourse(maxGrade: number, onsetDay: number, durationDays: number): number[] {
  const daily = new Array<number>(EARLY_DAYS).fill(0);
  const end = onsetDay + durationDays - 1;
  const peak = onsetDay + Math.floor((durationDays - 1) * 0.4);
  for (let day = onsetDay; day <= end; day++) {
    const rising = peak === onsetDay ? 1 : (day - onsetDay) / (peak - onsetDay);
    const falling = end === peak ? 1 : 1 - (day - peak) / (end - peak);
    const fraction = day <= peak ? rising : falling;
    daily[day] = Math.max(1, Math.min(maxGrade, 1 + Math.round((maxGrade - 1) * fraction)));
  }
  daily[peak] = maxGrade;
  return daily;
}

function simulateCourse(
  rng: SeededRandom,
  model: ToxicityModel,
  maxGrade: number,
  product: Product,
): ToxicityCourse {
  if (maxGrade === 0)
    return { maxGrade, onsetDay: null, durationDays: null, daily: new Array(EARLY_DAYS).fill(0) };
  const onset = model.onsetDay[product];
  const onsetDay = clamp(Math.round(onset.median * Math.exp(rng.normal(0, onset.sdLog))), 0, 21);
  const duration = model.durationDays[product];
  const wanted = Math.round(
    duration.median * Math.exp(rng.normal(0, duration.sdLog)) + model.durationPerGrade * (maxGrade - 1),
  );
  const durationDays = clamp(wanted, 1, EARLY_DAYS - onsetDay);
  return { maxGrade, onsetDay, durationDays, daily: dailyCourse(maxGrade, onsetDay, durationDays) };
}

function uniformInt(rng: SeededRandom, min: number, max: number): number {
  return min + rng.integer(max - min + 1);
}

/**
 * A daily ANC series with the given early-ICAHT grade (§B.3): one contiguous episode ≤ 0.5 starting on
 * day s with a contiguous ≤ 0.1 part, and a stable recovery (≥ 3 days above 0.5 before day 31) unless
 * the grade is 4 by non-recovery. Values keep clear of the thresholds so that rounding to 0.01 cannot
 * move a day across one.
 */
export function ancSeriesForGrade(rng: SeededRandom, grade: number, baselineAnc: number): number[] {
  const anc = new Array<number>(EARLY_DAYS).fill(0);
  const above = (value: number): number => Math.max(0.55, value);
  const recovered = Math.max(1.0, baselineAnc * (0.5 + 0.5 * rng.uniform()));
  const dayZero = above(baselineAnc * (0.4 + 0.5 * rng.uniform()));
  if (grade === 0) {
    const nadirDay = uniformInt(rng, 5, 9);
    const nadir = 0.6 + 0.9 * rng.uniform();
    for (let day = 0; day < EARLY_DAYS; day++) {
      const level =
        day <= nadirDay
          ? dayZero * (nadir / dayZero) ** (day / nadirDay)
          : nadir + (recovered - nadir) * Math.min(1, (day - nadirDay) / 8);
      anc[day] = round(above(level * Math.exp(rng.normal(0, 0.08))), 2);
    }
    return anc;
  }

  let start = rng.categorical([0.1, 0.25, 0.3, 0.2, 0.15]);
  const latestEnd = EARLY_DAYS - 4; // leaves days e+1..e+3 for a stable recovery by day 30
  const maxLength = latestEnd - start + 1;
  let length: number;
  let profound: number;
  let recovers = true;
  if (grade === 1) {
    length = uniformInt(rng, 1, 6);
    profound = Math.min(length, rng.categorical([0.6, 0.2, 0.1, 0.05, 0.05]));
  } else if (grade === 2) {
    length = uniformInt(rng, 7, 13);
    profound = rng.categorical([0.4, 0.2, 0.15, 0.1, 0.08, 0.05, 0.02]);
  } else if (grade === 3) {
    if (rng.bernoulli(0.7)) {
      length = uniformInt(rng, 14, Math.min(24, maxLength));
      profound = rng.categorical([0.25, 0.15, 0.15, 0.15, 0.1, 0.1, 0.1]);
    } else {
      profound = uniformInt(rng, 7, 13);
      length = uniformInt(rng, Math.max(profound + 1, 8), Math.min(22, maxLength));
    }
  } else if (rng.bernoulli(0.6)) {
    recovers = false;
    // Grade 4 by non-recovery needs the episode to begin by day 3 (icahtEarly, after Liang's rule).
    start = Math.min(start, 3);
    length = EARLY_DAYS - start;
    profound = uniformInt(rng, 0, 12);
  } else {
    profound = uniformInt(rng, 14, 18);
    length = uniformInt(rng, profound + 1, Math.min(26, maxLength));
  }
  const end = start + length - 1;
  const profoundStart = start + Math.min(1, length - profound);
  for (let day = 0; day < EARLY_DAYS; day++) {
    let value: number;
    if (day < start) {
      value = above(dayZero * (0.7 / dayZero) ** (day / Math.max(1, start)));
    } else if (day <= end) {
      value =
        day >= profoundStart && day < profoundStart + profound
          ? 0.01 + 0.08 * rng.uniform()
          : 0.12 + 0.36 * rng.uniform();
    } else {
      value = above((0.6 + (recovered - 0.6) * Math.min(1, (day - end) / 5)) * Math.exp(rng.normal(0, 0.08)));
    }
    anc[day] = round(value, 2);
  }
  if (!recovers) for (let day = start; day < EARLY_DAYS; day++) anc[day] = Math.min(anc[day]!, 0.48);
  return anc;
}

export function simulateEarlyToxicity(
  rng: SeededRandom,
  base: Baseline,
  effects: {
    crsSevere: number;
    icansSevere: number;
    icahtSevere: number;
  },
): EarlyToxicity {
  const crsSevere = logistic(severeToxicityLogit(CRS_MODEL, base) + effects.crsSevere);
  const icansSevere = logistic(severeToxicityLogit(ICANS_MODEL, base) + effects.icansSevere);
  // CRS and ICANS grades share a Gaussian latent; each margin is still its own model.
  const shared = rng.normal();
  const rho = CRS_ICANS_LATENT_CORRELATION;
  const uCrs = normalCdf(shared);
  const uIcans = normalCdf(rho * shared + Math.sqrt(1 - rho * rho) * rng.normal());
  const crsGrade = maxGradeFromUniform(uCrs, crsSevere, CRS_MODEL, base.product, rng);
  const icansGrade = maxGradeFromUniform(uIcans, icansSevere, ICANS_MODEL, base.product, rng);
  const crs = simulateCourse(rng.fork("crs course"), CRS_MODEL, crsGrade, base.product);
  const icans = simulateCourse(rng.fork("icans course"), ICANS_MODEL, icansGrade, base.product);

  const icahtSevere = logistic(
    ICAHT_MODEL.intercept +
      Math.log(ICAHT_MODEL.hematotoxHighOddsRatio) * (base.hematotoxHigh ? 1 : 0) +
      effects.icahtSevere,
  );
  let icahtGrade: number;
  if (rng.bernoulli(icahtSevere)) icahtGrade = rng.bernoulli(ICAHT_MODEL.grade4AmongSevere) ? 4 : 3;
  else icahtGrade = rng.categorical(ICAHT_MODEL.lowGradeMix[base.hematotoxHigh ? "high" : "low"]);
  const ancDaily = ancSeriesForGrade(rng.fork("anc"), icahtGrade, base.preLd.ancE9L);
  return { crs, icans, icahtGrade, ancDaily, probabilities: { crsSevere, icansSevere, icahtSevere } };
}
