import { CT_TARGET_LESIONS } from "@carta/clinical";
import type { SeededRandom } from "@carta/stats";
import type { Response } from "../types.js";

/**
 * The CT half of a simulated PET-CT: up to six measurable target lesions at baseline (pre-LD imaging)
 * and their longest (LDi) and shortest (SDi) diameters at day 28 and day 90, so that the CT-based Lugano
 * response (Cheson 2014; clinical-reference.md §B.4) is derived from measurements by the real rule. The
 * anatomy follows the metabolic course the follow-up model drew: lesions shrink to a size drawn for the
 * metabolic response and never regrow except at progression, where one lesion grows enough to meet the
 * single-lesion PPD rule from its nadir or a new node appears. The recorder grades what was measured;
 * the drawn sizes do not fix the CT category (a node left at 1.4 cm with residual uptake reads CR on CT
 * beside a PMR). Size mixes are [A]: assumptions for a plausible demo, not published distributions.
 */

export interface LesionSize {
  ldiCm: number;
  sdiCm: number;
}

export interface CtFindings {
  lesions: LesionSize[];
  newLesions: boolean;
  newNodeLongestCm: number | null;
}

/** Number of target lesions 1..6. */
const TARGET_COUNT = [0.2, 0.25, 0.2, 0.15, 0.1, 0.1];
/** Lugano: a measurable node has LDi > 1.5 cm. */
const MEASURABLE_CM = 1.6;
const CR_RESOLVED_PROBABILITY = 0.4;
/** After a complete metabolic response the CT shows a residual mass > 1.5 cm this often. */
const RESIDUAL_MASS_AFTER_CMR = 0.25;
const NEW_NODE_AT_PROGRESSION = 0.3;
/** The dictionary's range for a lesion diameter. */
const MAX_DIAMETER_CM = 30;

function tenth(cm: number): number {
  return Math.round(cm * 10) / 10;
}

function between(rng: SeededRandom, low: number, high: number): number {
  return low + (high - low) * rng.uniform();
}

export function baselineTargetLesions(rng: SeededRandom, largestLesionCm: number): LesionSize[] {
  const count = 1 + rng.categorical(TARGET_COUNT.slice(0, CT_TARGET_LESIONS));
  const largest = Math.max(MEASURABLE_CM, tenth(largestLesionCm));
  const lesions: LesionSize[] = [];
  for (let k = 0; k < count; k++) {
    const ldi = k === 0 ? largest : tenth(between(rng, MEASURABLE_CM, largest));
    lesions.push({ ldiCm: ldi, sdiCm: tenth(ldi * between(rng, 0.5, 0.9)) });
  }
  return lesions;
}

/** Scale a lesion by a factor, never above its nadir (the anatomy does not regrow before progression). */
function shrunk(nadir: LesionSize, base: LesionSize, factor: number): LesionSize {
  const ldi = Math.min(nadir.ldiCm, tenth(base.ldiCm * factor));
  const sdi = Math.min(nadir.sdiCm, ldi, tenth(base.sdiCm * factor));
  return { ldiCm: ldi, sdiCm: sdi };
}

function resolvedOrSmall(rng: SeededRandom, nadir: LesionSize): LesionSize {
  if (rng.bernoulli(CR_RESOLVED_PROBABILITY)) return { ldiCm: 0, sdiCm: 0 };
  const ldi = Math.min(nadir.ldiCm, tenth(between(rng, 0.5, 1.5)));
  return { ldiCm: ldi, sdiCm: Math.min(nadir.sdiCm, ldi, tenth(ldi * between(rng, 0.5, 1))) };
}

/**
 * The measurements at one assessment. `baseline` are the target lesions, `nadir` each lesion's smallest
 * earlier measurement; `response` is the metabolic response drawn for this assessment, PMD meaning
 * progression documented at this assessment.
 */
export function ctFindings(
  rng: SeededRandom,
  response: Response,
  baseline: readonly LesionSize[],
  nadir: readonly LesionSize[],
): CtFindings {
  if (response === "PMD") {
    const lesions = nadir.map((n) => ({ ...n }));
    const newNode = { lesions, newLesions: true, newNodeLongestCm: tenth(between(rng, 1.6, 4)) };
    if (rng.bernoulli(NEW_NODE_AT_PROGRESSION)) return newNode;
    // One lesion grows from its nadir: PPD ≥ +69 % and LDi and SDi each ≥ +1.0 cm meet the rule for any size.
    const k = rng.integer(lesions.length);
    const growth = between(rng, 1.3, 1.8);
    const n = nadir[k]!;
    const ldi = tenth(Math.max(n.ldiCm * growth, n.ldiCm + 1.0, 2.1));
    const sdi = tenth(Math.min(ldi, Math.max(n.sdiCm * growth, n.sdiCm + 1.0, 1.6)));
    // A lesion that would outgrow the recordable range (30 cm) progresses by a new node instead.
    if (ldi > MAX_DIAMETER_CM) return newNode;
    lesions[k] = { ldiCm: ldi, sdiCm: sdi };
    return { lesions, newLesions: false, newNodeLongestCm: null };
  }
  let lesions: LesionSize[];
  if (response === "CMR" && !rng.bernoulli(RESIDUAL_MASS_AFTER_CMR)) {
    lesions = nadir.map((n) => resolvedOrSmall(rng, n));
  } else {
    // SPD fraction of baseline: residual mass after CMR and PMR shrink by more than half, NMR by less.
    const spdFraction = response === "NMR" ? between(rng, 0.55, 1) : between(rng, 0.1, 0.45);
    const factor = Math.sqrt(spdFraction);
    lesions = baseline.map((b, k) => shrunk(nadir[k]!, b, factor * between(rng, 0.9, 1.1)));
  }
  return { lesions, newLesions: false, newNodeLongestCm: null };
}
