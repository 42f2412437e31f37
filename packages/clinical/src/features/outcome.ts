import type { ValueLookup } from "../dictionary/derive.js";
import { landmarkIndex } from "../dictionary/dictionary.js";
import { competingRisks } from "../endpoints/competingRisks.js";
import { DAYS_PER_MONTH, isoDate } from "../endpoints/dates.js";
import { day90Response } from "../endpoints/day90Response.js";
import { endpointPatientFrom } from "../endpoints/fromDictionary.js";
import type { TimeOptions } from "../endpoints/options.js";
import { os } from "../endpoints/os.js";
import { type EndpointPatient, type PatientDays, readPatient } from "../endpoints/patient.js";
import { pfs } from "../endpoints/pfs.js";
import type { EndpointResult } from "../endpoints/result.js";
import { type EndpointKind, type FeatureEndpoint, findFeatureEndpoint } from "./endpoints.js";
import { ENDPOINT_LANDMARK_DAY, type PredictionLandmark } from "./landmarks.js";

/**
 * One patient's endpoint at a landmark, or why the patient is left out of the table. DESIGN.md "Time and
 * leakage": outcome time counts from the landmark, and patients with the event or censored before it are
 * left out — and counted, so the participant flow (TRIPOD+AI) can be reported.
 */

/** Why a patient has no row: each reason is counted in the table. */
export type ExclusionRule =
  | "consent_withdrawn"
  | "not_infused"
  | "event_before_landmark"
  | "censored_before_landmark"
  | "censored_before_horizon";

export const EXCLUSION_RULES: readonly ExclusionRule[] = [
  "consent_withdrawn",
  "not_infused",
  "event_before_landmark",
  "censored_before_landmark",
  "censored_before_horizon",
];

export interface BinaryOutcome {
  kind: "binary";
  /** null when the endpoint cannot be computed from what is recorded (the reason says what is missing). */
  event: 0 | 1 | null;
  reason: string;
}

export interface TimedOutcome {
  kind: Exclude<EndpointKind, "binary">;
  /** Days from the landmark to the event or censoring. */
  timeDays: number | null;
  timeMonths: number | null;
  /** 1 = event, 0 = censored; for relapse_vs_nrm 1 = relapse, 2 = NRM. */
  status: number | null;
  reason: string;
}

export type FeatureOutcome = BinaryOutcome | TimedOutcome;

export type LandmarkOutcome =
  | { included: true; outcome: FeatureOutcome }
  | { included: false; rule: ExclusionRule; reason: string };

const binary = (event: 0 | 1 | null, reason: string): LandmarkOutcome => ({
  included: true,
  outcome: { kind: "binary", event, reason },
});

const leftOut = (rule: ExclusionRule, reason: string): LandmarkOutcome => ({ included: false, rule, reason });

function afterInfusion(landmark: PredictionLandmark): boolean {
  return landmarkIndex(landmark) >= landmarkIndex("infusion");
}

/** A time endpoint at the landmark; an exclusion is told apart by the endpoint without the landmark. */
function timed(
  kind: TimedOutcome["kind"],
  compute: (options: TimeOptions) => EndpointResult<number>,
  landmark: PredictionLandmark,
): LandmarkOutcome {
  const r = compute({ landmarkDays: ENDPOINT_LANDMARK_DAY[landmark] });
  if (r.excluded) {
    const unlandmarked = compute({});
    const rule =
      unlandmarked.event !== null && unlandmarked.event > 0
        ? "event_before_landmark"
        : "censored_before_landmark";
    return leftOut(rule, r.reason);
  }
  return {
    included: true,
    outcome: { kind, timeDays: r.timeDays, timeMonths: r.timeMonths, status: r.event, reason: r.reason },
  };
}

/** A horizon in whole days: months of 365.25 / 12 days, rounded (6 months = 183 days, 12 = 365). */
export function horizonDaysOf(months: number): number {
  return Math.round(months * DAYS_PER_MONTH);
}

/**
 * Progression or death within `months` of the landmark. A patient censored before the horizon has an
 * unknown status there and is left out (counted), rather than counted event-free, which would bias the
 * risk down; one followed to the horizon without an event is 0.
 */
function pfsByHorizon(
  patient: EndpointPatient,
  months: number,
  landmark: PredictionLandmark,
): LandmarkOutcome {
  const r = pfs(patient, { landmarkDays: ENDPOINT_LANDMARK_DAY[landmark] });
  if (r.excluded) {
    const rule = pfs(patient).event === 1 ? "event_before_landmark" : "censored_before_landmark";
    return leftOut(rule, r.reason);
  }
  if (r.timeDays === null) return binary(null, r.reason);
  const horizonDays = horizonDaysOf(months);
  if (r.event === 1 && r.timeDays <= horizonDays) return binary(1, `${r.reason}: within ${months} months`);
  if (r.timeDays >= horizonDays) return binary(0, `${r.reason}: event-free at ${months} months`);
  return leftOut(
    "censored_before_horizon",
    `censored ${r.timeDays} days after the landmark, before the ${months}-month horizon (day ${horizonDays}): ${r.reason}`,
  );
}

/** Death or loss to follow-up before the landmark day: the patient is not in the landmark population. */
function beforeLandmark(
  p: PatientDays,
  landmarkDay: number,
  options: { progression: boolean },
): LandmarkOutcome | null {
  const infusion = p.infusion!;
  const day = (epochDay: number) => epochDay - infusion;
  const at = `before the landmark day ${landmarkDay}`;
  if (options.progression && p.progression !== null && day(p.progression) < landmarkDay)
    return leftOut(
      "event_before_landmark",
      `progression on ${isoDate(p.progression)} (day ${day(p.progression)}) ${at}`,
    );
  if (p.death !== null && day(p.death) < landmarkDay)
    return leftOut("event_before_landmark", `death on ${isoDate(p.death)} (day ${day(p.death)}) ${at}`);
  if (p.death === null && p.lastContact !== null && day(p.lastContact) < landmarkDay)
    return leftOut(
      "censored_before_landmark",
      `last contact on ${isoDate(p.lastContact)} (day ${day(p.lastContact)}) ${at}`,
    );
  return null;
}

/**
 * Complete response at day 90. Progression or death before the landmark already decides the response
 * (a non-responder, §E.3), so such a patient is left out at a post-infusion landmark like any event.
 */
function crDay90(patient: EndpointPatient, landmark: PredictionLandmark): LandmarkOutcome {
  const p = readPatient(patient);
  if (afterInfusion(landmark) && p.infusion !== null) {
    const out = beforeLandmark(p, ENDPOINT_LANDMARK_DAY[landmark], { progression: true });
    if (out) return out;
  }
  const r = day90Response(patient);
  if (r.response === null) return binary(null, r.reason);
  return binary(r.response === "CMR" || r.response === "CR" ? 1 : 0, r.reason);
}

const EARLY_DAYS = 31;

/**
 * Grade ≥ 3 CRS or ICANS in days 0–30 (ASTCT, Lee 2019). At a landmark from infusion on, the daily grade
 * of the landmark day is itself a feature, so a grade ≥ 3 on or before that day is known at the
 * landmark and leaves the patient out; a later one is the event. Without daily grades up to the first
 * grade ≥ 3, the event is placed after the landmark only when the day 0–30 summary allows it (onset after
 * the landmark day, or daily grades below 3 on every day through it); otherwise it stays unknown.
 */
function severeToxicity(
  get: ValueLookup,
  patient: EndpointPatient,
  prefix: "crs" | "icans",
  landmark: PredictionLandmark,
): LandmarkOutcome {
  const label = prefix === "crs" ? "CRS" : "ICANS";
  const daily: (number | null)[] = [];
  for (let d = 0; d < EARLY_DAYS; d++) {
    const g = get(`${prefix}_grade`, `d${d}`);
    daily.push(typeof g === "number" ? g : null);
  }
  const recorded = daily.filter((g): g is number => g !== null);
  const summary = get(`${prefix}_max_grade`, "outcome");
  const maxGrade = typeof summary === "number" ? summary : recorded.length ? Math.max(...recorded) : null;
  const firstSevere = daily.findIndex((g) => g !== null && g >= 3);

  if (!afterInfusion(landmark)) {
    if (maxGrade === null)
      return binary(null, `no ${label} grade recorded (${prefix}_max_grade, ${prefix}_grade)`);
    return binary(maxGrade >= 3 ? 1 : 0, `maximum ${label} grade ${maxGrade} (days 0–30)`);
  }
  const landmarkDay = ENDPOINT_LANDMARK_DAY[landmark];
  const p = readPatient(patient);
  if (p.infusion !== null) {
    const out = beforeLandmark(p, landmarkDay, { progression: false });
    if (out) return out;
  }
  if (firstSevere >= 0 && firstSevere <= landmarkDay) {
    return leftOut(
      "event_before_landmark",
      `${label} grade ${daily[firstSevere]} on day ${firstSevere}, on or before the landmark day ${landmarkDay}`,
    );
  }
  if (maxGrade === null)
    return binary(null, `no ${label} grade recorded (${prefix}_max_grade, ${prefix}_grade)`);
  if (maxGrade < 3) return binary(0, `maximum ${label} grade ${maxGrade} (days 0–30)`);
  if (firstSevere >= 0) {
    return binary(
      1,
      `${label} grade ${daily[firstSevere]} first on day ${firstSevere}, after the landmark day ${landmarkDay}`,
    );
  }
  const onset = get(`${prefix}_onset_day`, "outcome");
  if (typeof onset === "number" && onset > landmarkDay) {
    return binary(
      1,
      `maximum ${label} grade ${maxGrade}, onset on day ${onset}, after the landmark day ${landmarkDay}`,
    );
  }
  if (daily.slice(0, landmarkDay + 1).every((g) => g !== null && g < 3)) {
    return binary(
      1,
      `maximum ${label} grade ${maxGrade}, daily grades below 3 through the landmark day ${landmarkDay}`,
    );
  }
  return binary(
    null,
    `maximum ${label} grade ${maxGrade}, but no daily grade places it before or after the landmark day ${landmarkDay}`,
  );
}

/**
 * The endpoint for one infused patient at the landmark. Contradictory dates (a RangeError from the
 * endpoint readers) leave the endpoint unknown with the error as its reason; the row stays.
 */
export function landmarkOutcome(
  get: ValueLookup,
  endpoint: FeatureEndpoint,
  landmark: PredictionLandmark,
): LandmarkOutcome {
  const def = findFeatureEndpoint(endpoint);
  if (!def) throw new RangeError(`unknown endpoint "${endpoint}"`);
  const patient = endpointPatientFrom(get);
  try {
    switch (endpoint) {
      case "pfs":
        return timed("time_to_event", (o) => pfs(patient, o), landmark);
      case "os":
        return timed("time_to_event", (o) => os(patient, o), landmark);
      case "relapse_vs_nrm":
        return timed("competing_risks", (o) => competingRisks(patient, o), landmark);
      case "pfs_event_by_6m":
        return pfsByHorizon(patient, 6, landmark);
      case "pfs_event_by_12m":
        return pfsByHorizon(patient, 12, landmark);
      case "cr_day90":
        return crDay90(patient, landmark);
      case "crs_grade3":
        return severeToxicity(get, patient, "crs", landmark);
      case "icans_grade3":
        return severeToxicity(get, patient, "icans", landmark);
    }
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const reason = `not computable: ${err.message}`;
    return def.kind === "binary"
      ? binary(null, reason)
      : {
          included: true,
          outcome: { kind: def.kind, timeDays: null, timeMonths: null, status: null, reason },
        };
  }
}
