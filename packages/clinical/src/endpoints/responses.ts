import type { AssessedResponse } from "./patient.js";

/**
 * Ordering of Lugano 2014 categories (Cheson BD et al. J Clin Oncol 2014;32:3059): CMR > PMR > NMR > PMD,
 * with the CT-only categories alongside (CR ≡ CMR, PR ≡ PMR, SD ≡ NMR, PD ≡ PMD).
 */
const RANK: Record<AssessedResponse, number> = {
  CMR: 4,
  CR: 4,
  PMR: 3,
  PR: 3,
  NMR: 2,
  SD: 2,
  PMD: 1,
  PD: 1,
};

const METABOLIC = new Set<AssessedResponse>(["CMR", "PMR", "NMR", "PMD"]);

export function responseRank(response: AssessedResponse): number {
  return RANK[response];
}

/** Complete or partial response, metabolic or CT. */
export function isResponder(response: AssessedResponse): boolean {
  return RANK[response] >= RANK.PMR;
}

/** True when a is the better of two responses; on equal rank a PET-CT category beats a CT-only one. */
export function betterResponse(a: AssessedResponse, b: AssessedResponse): boolean {
  if (RANK[a] !== RANK[b]) return RANK[a] > RANK[b];
  return METABOLIC.has(a) && !METABOLIC.has(b);
}
