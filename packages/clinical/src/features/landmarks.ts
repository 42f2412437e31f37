import { findTimePoint, landmarkIndex } from "../dictionary/dictionary.js";
import { TIME_POINTS } from "../dictionary/timePoints.js";
import type { Landmark, VariableDef } from "../dictionary/types.js";

/**
 * Which values a model fitted at a landmark may read (DESIGN.md "Time and leakage: landmarks"): a model
 * is defined at decision to treat, lymphodepletion, infusion, day 7 or day 28, and uses only variables
 * known by then. "followup" is when outcomes become known; no model is fitted there.
 */
export type PredictionLandmark = Exclude<Landmark, "followup">;

export const PREDICTION_LANDMARKS: readonly PredictionLandmark[] = [
  "decision",
  "lymphodepletion",
  "infusion",
  "day7",
  "day28",
];

/**
 * The last time point a model at each landmark may read, in the study order of TIME_POINTS (decision <
 * apheresis < bridging < pre_ld < d0 < d1 … < d30 < d90 …; clinical-reference.md §A.1). Every time point up
 * to it is admissible, none after it: leukapheresis and bridging happen after the decision to treat, so
 * a decision model sees the decision visit only; the lymphodepletion model reads up to the pre-LD visit
 * (day −5), the reference time of every pre-infusion score; the day-7 model reads days 1–7.
 */
export const LANDMARK_LAST_TIME_POINT: Readonly<Record<PredictionLandmark, string>> = {
  decision: "decision",
  lymphodepletion: "pre_ld",
  infusion: "d0",
  day7: "d7",
  day28: "d28",
};

const ORDER = new Map(TIME_POINTS.map((t, i) => [t.id, i]));

/** Position of a time point in the study order; throws a RangeError for an unknown one. */
export function timePointOrder(timePoint: string): number {
  const i = ORDER.get(timePoint);
  if (i === undefined) throw new RangeError(`unknown time point "${timePoint}"`);
  return i;
}

export function isPredictionLandmark(value: unknown): value is PredictionLandmark {
  return typeof value === "string" && (PREDICTION_LANDMARKS as readonly string[]).includes(value);
}

/**
 * Whether `variable` at `timePoint` may be read at `landmark`. A variable that declares its own landmark
 * is known from it whatever the time point it is recorded at (the product is chosen at the decision,
 * though written at leukapheresis); any other value is known from its time point, which is admissible up
 * to the landmark's last time point. This is the dictionary's `isKnownAt`, spelt with the explicit
 * mapping above; the tests hold the two equal.
 */
export function admissibleAt(
  variable: VariableDef,
  timePoint: string,
  landmark: PredictionLandmark,
): boolean {
  if (!variable.timePoints.includes(timePoint)) return false;
  if (variable.landmark !== null) {
    return variable.landmark !== "followup" && landmarkIndex(variable.landmark) <= landmarkIndex(landmark);
  }
  return timePointOrder(timePoint) <= timePointOrder(LANDMARK_LAST_TIME_POINT[landmark]);
}

/**
 * The time point a feature column reads: the latest of the variable's time points admissible at the
 * landmark (LDH at pre_ld for the lymphodepletion landmark, at d7 for day 7), or null when none is. A
 * patient whose value is missing there stays missing: an earlier visit is not carried forward, so a
 * column means the same visit for every patient.
 */
export function latestAdmissibleTimePoint(
  variable: VariableDef,
  landmark: PredictionLandmark,
): string | null {
  let best: string | null = null;
  for (const tp of variable.timePoints) {
    if (admissibleAt(variable, tp, landmark) && (best === null || timePointOrder(tp) > timePointOrder(best)))
      best = tp;
  }
  return best;
}

/** The time point from which a variable is first known, and the landmark that is: for refusals. */
export function firstKnown(variable: VariableDef): { timePoint: string; landmark: Landmark } {
  let best: { timePoint: string; landmark: Landmark; rank: number } | null = null;
  for (const tp of variable.timePoints) {
    const landmark = variable.landmark ?? findTimePoint(tp)!.landmark;
    const rank = landmarkIndex(landmark) * 1000 + timePointOrder(tp);
    if (best === null || rank < best.rank) best = { timePoint: tp, landmark, rank };
  }
  return { timePoint: best!.timePoint, landmark: best!.landmark };
}

/** "d28 (Day +28)": a time point as refusals name it. */
export function describeTimePoint(timePoint: string): string {
  const tp = findTimePoint(timePoint);
  return tp ? `${timePoint} (${tp.label})` : timePoint;
}

/**
 * Day after infusion from which endpoints count at each landmark. Outcomes are those of the infused
 * (mITT) population, clinical-reference.md §E.3, so the landmarks before infusion count from infusion
 * (day 0): counting from the decision or lymphodepletion date would add weeks in which every patient
 * kept in the population is event-free by construction (immortal time). Infusion, day 7 and day 28 count
 * from their nominal day; a patient whose event or censoring falls before it is left out.
 */
export const ENDPOINT_LANDMARK_DAY: Readonly<Record<PredictionLandmark, number>> = {
  decision: 0,
  lymphodepletion: 0,
  infusion: 0,
  day7: 7,
  day28: 28,
};
