import type { SeededRandom } from "@carta/stats";
import { round } from "../draws.js";
import { TOXICITY_TREATMENT } from "../parameters.js";

/** Toxicity management implied by the recorded maximum grades (§A.6) [A: ASTCT/EBMT practice]. */
export interface ToxicityTreatment {
  tocilizumabDoses: number;
  dexamethasoneCumMg: number;
  icuAdmission: boolean;
}

export function simulateTreatment(
  rng: SeededRandom,
  crsMaxGrade: number,
  icansMaxGrade: number,
): ToxicityTreatment {
  const t = TOXICITY_TREATMENT;
  const [minDoses, maxDoses] = t.tocilizumabDoses[crsMaxGrade]!;
  let tocilizumabDoses = minDoses + rng.integer(maxDoses - minDoses + 1);
  if (crsMaxGrade === 1) tocilizumabDoses = rng.bernoulli(t.tocilizumabGrade1) ? 1 : 0;
  let dexamethasone = 0;
  const icansMedian = t.dexamethasoneMgByIcansGrade[icansMaxGrade]!;
  // Grade-1 ICANS is usually observed without steroids.
  if (icansMedian > 0 && (icansMaxGrade >= 2 || rng.bernoulli(0.3))) {
    dexamethasone += icansMedian * Math.exp(rng.normal(0, t.dexamethasoneSdLog));
  }
  if (crsMaxGrade >= 3)
    dexamethasone += t.dexamethasoneMgCrsSevere * Math.exp(rng.normal(0, t.dexamethasoneSdLog));
  const worst = Math.max(crsMaxGrade, icansMaxGrade);
  return {
    tocilizumabDoses,
    // Dexamethasone comes in 10 mg doses.
    dexamethasoneCumMg: Math.min(5000, round(dexamethasone / 10, 0) * 10),
    icuAdmission: rng.bernoulli(t.icuByWorstGrade[worst]!),
  };
}
