import { deriveScores, type ValueLookup } from "../dictionary/derive.js";
import { findVariable } from "../dictionary/dictionary.js";
import type { VariableDef } from "../dictionary/types.js";
import { admissibleAt, type PredictionLandmark } from "./landmarks.js";

/**
 * The pre-CAR-T scores a feature table may carry, computed by `deriveScores` (IPI and aaIPI, NEJM
 * 1993;329:987; CAR-HEMATOTOX, Rejeski 2021; EASIX, Luft 2017; m-EASIX, Pennisi 2021; bulky disease).
 * A score is recomputed at each landmark from the inputs admissible there, so it can never read a later
 * visit: at the decision landmark the IPI comes from the decision visit; from lymphodepletion on, from the
 * pre-LD visit with the earlier visits as per-patient fallback (deriveScores' rule, §A.1: pre-LD is the
 * reference time of every pre-infusion score).
 */
export interface DerivedScoreDef {
  /** Dictionary id of the score. */
  id: string;
  /** Short name accepted in specs and on the command line. */
  alias: string;
  /** Time points `deriveScores` reads the inputs at, latest first. */
  timePoints: readonly string[];
}

const PRE_CAR_T = ["pre_ld", "apheresis", "decision"] as const;

export const DERIVED_SCORES: readonly DerivedScoreDef[] = [
  { id: "ipi_points", alias: "ipi", timePoints: PRE_CAR_T },
  { id: "aaipi_points", alias: "aaipi", timePoints: PRE_CAR_T },
  { id: "hematotox_score", alias: "hematotox", timePoints: PRE_CAR_T },
  { id: "easix", alias: "easix", timePoints: PRE_CAR_T },
  { id: "m_easix", alias: "m_easix", timePoints: PRE_CAR_T },
  { id: "bulky", alias: "bulky", timePoints: ["decision"] },
];

/** A score by dictionary id or alias (`ipi_points` or `ipi`). */
export function findDerivedScore(name: string): DerivedScoreDef | undefined {
  return DERIVED_SCORES.find((d) => d.id === name || d.alias === name);
}

export function scoreInputs(score: DerivedScoreDef): VariableDef[] {
  return findVariable(score.id)!.derivation!.from.map((id) => findVariable(id)!);
}

/**
 * Whether a score is computable from values known at the landmark: every input has one of the score's
 * time points admissible there. Returns the first input that is not, for the refusal.
 */
export function inadmissibleInput(score: DerivedScoreDef, landmark: PredictionLandmark): VariableDef | null {
  for (const input of scoreInputs(score)) {
    if (!score.timePoints.some((tp) => admissibleAt(input, tp, landmark))) return input;
  }
  return null;
}

/** The visit a score column stands for: the latest of its time points admissible at the landmark. */
export function scoreTimePoint(score: DerivedScoreDef, landmark: PredictionLandmark): string {
  const inputs = scoreInputs(score);
  return (
    score.timePoints.find((tp) => inputs.some((v) => admissibleAt(v, tp, landmark))) ?? score.timePoints[0]!
  );
}

/** A lookup that sees only the values admissible at the landmark. */
export function lookupAt(get: ValueLookup, landmark: PredictionLandmark): ValueLookup {
  return (variable, timePoint) => {
    const v = findVariable(variable);
    return v && admissibleAt(v, timePoint, landmark) ? get(variable, timePoint) : undefined;
  };
}

/** One patient's scores at the landmark, by dictionary id (null when an input is missing). */
export function scoresAt(
  get: ValueLookup,
  landmark: PredictionLandmark,
): Map<string, number | boolean | null> {
  const out = new Map<string, number | boolean | null>();
  for (const d of deriveScores(lookupAt(get, landmark))) out.set(d.variable, d.value);
  return out;
}
