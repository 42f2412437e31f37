import { formatNumber } from "../format/numbers.js";
import {
  type CauseWording,
  causeIncidenceMeasure,
  causeWording,
  competingFollowUpText,
  cumulativeIncidenceText,
  isCompetingEndpoint,
  predictionCause,
} from "./competing.js";
import { formatShare } from "./labFormat.js";
import { followUpText, isSurvivalEndpoint, monthsText, survivalEventNoun } from "./survival.js";

/** The models the server trains on the demo study, in the order a physician reads them (JOURNEYS.md §1.3). */
export const DEMO_MODEL_NAMES = ["cr-day90", "pfs-12m", "crs-grade3", "icans-grade3"] as const;

/** The endpoint each demo model predicts (packages/engine/src/demo/demoModels.ts). */
const DEMO_MODEL_ENDPOINTS: Record<string, string> = {
  "cr-day90": "cr_day90",
  "pfs-12m": "pfs_event_by_12m",
  "crs-grade3": "crs_grade3",
  "icans-grade3": "icans_grade3",
};

/** A demo model's heading before any prediction has told its endpoint; another name stands for itself. */
export function demoModelTitle(name: string): string {
  const endpoint = DEMO_MODEL_ENDPOINTS[name];
  return endpoint === undefined ? name : outcomeWords(endpoint, name).title;
}

export interface OutcomeWords {
  /** Heading: "Complete response at day 90". */
  title: string;
  /** The event the probability is for, in a sentence: "complete response at day 90". */
  event: string;
  /** Its opposite: "no complete response at day 90". */
  noEvent: string;
  /** For an adverse event whose opposite is what patients are told (being progression-free), that side. */
  complement: { title: string; event: string } | null;
  /**
   * Time-to-event models: the horizon the risk is for and the event counted ("progression or death");
   * absent for a binary endpoint.
   */
  survival?: { horizonMonths: number; eventNoun: string };
  /**
   * Competing-risks models: the cause whose cumulative incidence is predicted (the other competing);
   * `survival` is then set too, its horizon the incidence's.
   */
  competing?: CauseWording;
}

const BY_ENDPOINT: Record<string, OutcomeWords> = {
  cr_day90: {
    title: "Complete response at day 90",
    event: "complete metabolic response at day +90",
    noEvent: "no complete response at day +90",
    complement: null,
  },
  pfs_event_by_12m: {
    title: "Progression or death by 12 months",
    event: "progression or death within 12 months",
    noEvent: "alive and progression-free at 12 months",
    complement: { title: "Progression-free at 12 months", event: "alive and progression-free at 12 months" },
  },
  pfs_event_by_6m: {
    title: "Progression or death by 6 months",
    event: "progression or death within 6 months",
    noEvent: "alive and progression-free at 6 months",
    complement: { title: "Progression-free at 6 months", event: "alive and progression-free at 6 months" },
  },
  crs_grade3: {
    title: "Grade ≥ 3 CRS",
    event: "grade ≥ 3 cytokine release syndrome (ASTCT) in days 0–30",
    noEvent: "no grade ≥ 3 cytokine release syndrome in days 0–30",
    complement: null,
  },
  icans_grade3: {
    title: "Grade ≥ 3 ICANS",
    event: "grade ≥ 3 ICANS (ASTCT) in days 0–30",
    noEvent: "no grade ≥ 3 ICANS in days 0–30",
    complement: null,
  },
};

/** A time-to-event endpoint's words at its horizon: the risk is of the event by then. */
function survivalWords(endpoint: string, horizonMonths: number): OutcomeWords {
  const by = monthsText(horizonMonths);
  const eventNoun = survivalEventNoun(endpoint);
  const survival = { horizonMonths, eventNoun };
  if (endpoint === "os")
    return {
      title: `Death by ${by}`,
      event: `death from any cause by ${by}`,
      noEvent: `alive at ${by}`,
      complement: { title: `Alive at ${by}`, event: `alive at ${by}` },
      survival,
    };
  return {
    title: `Progression or death by ${by}`,
    event: `progression or death by ${by}`,
    noEvent: `alive and progression-free at ${by}`,
    complement: { title: `Progression-free at ${by}`, event: `alive and progression-free at ${by}` },
    survival,
  };
}

/**
 * A competing cause's words at the horizon. There is no complement to tell a patient: one minus the
 * incidence of NRM is not "alive", since it includes relapse first.
 */
function competingWords(c: CauseWording, horizonMonths: number): OutcomeWords {
  const by = monthsText(horizonMonths);
  return {
    title: `${c.short === "NRM" ? "Non-relapse mortality" : "Relapse"} by ${by}`,
    event: `${c.event} by ${by}`,
    noEvent: `no ${c.short} by ${by} (free of both, or ${c.competingShort} first)`,
    complement: null,
    survival: { horizonMonths, eventNoun: c.short },
    competing: c,
  };
}

/**
 * The words for a model's endpoint; an endpoint this UI does not know is described by the API's event
 * text. A time-to-event endpoint needs its horizon (the prediction's `model.horizon_months`), a
 * competing-risks one its cause too.
 */
export function outcomeWords(
  endpoint: string,
  event: string,
  horizonMonths?: number | null,
  cause?: string | null,
): OutcomeWords {
  const competing = isCompetingEndpoint(endpoint) ? causeWording(cause) : null;
  if (competing !== null && horizonMonths !== null && horizonMonths !== undefined)
    return competingWords(competing, horizonMonths);
  if (isSurvivalEndpoint(endpoint) && horizonMonths !== null && horizonMonths !== undefined)
    return survivalWords(endpoint, horizonMonths);
  const known = BY_ENDPOINT[endpoint];
  if (known !== undefined) return known;
  return {
    title: event.length > 0 ? event[0]!.toUpperCase() + event.slice(1) : endpoint,
    event,
    noEvent: `not ${event}`,
    complement: null,
  };
}

/** The words for a prediction's model: its endpoint, event, horizon and (competing risks) cause. */
export function predictionWords(model: {
  endpoint: string;
  event: string;
  horizon_months?: number | null;
  cause?: string | null;
}): OutcomeWords {
  return outcomeWords(model.endpoint, model.event, model.horizon_months, predictionCause(model)?.cause);
}

/** 1 − p with the interval flipped: the same uncertainty, said from the other side. */
export function complementOf(estimate: { probability: number; lower: number; upper: number }): {
  probability: number;
  lower: number;
  upper: number;
} {
  return { probability: 1 - estimate.probability, lower: 1 - estimate.upper, upper: 1 - estimate.lower };
}

/**
 * A split-conformal set (Lei et al., JASA 2018) in words. The set lists the outcomes compatible with
 * the patient at the stated coverage; it is not a probability, so it is said as what it rules in or out.
 */
export function conformalSetText(set: readonly number[], coverage: number, words: OutcomeWords): string {
  const at = `At ${formatShare(coverage)} coverage`;
  const hasEvent = set.includes(1);
  const hasNone = set.includes(0);
  if (hasEvent && hasNone)
    return `${at} both outcomes remain compatible with this patient: the model cannot tell them apart here.`;
  if (hasEvent) return `${at} the only outcome compatible with this patient is ${words.event}.`;
  if (hasNone) return `${at} the only outcome compatible with this patient is ${words.noEvent}.`;
  return `${at} neither outcome looks typical of the training patients: this patient is unlike them, so read the estimate with caution.`;
}

/**
 * A past patient's outcome in words; for a time-to-event model with the follow-up time, the event or
 * the censoring and when ("progression or death at 5.2 months", "censored at 14.0 months").
 */
export function outcomeText(outcome: number, words: OutcomeWords, timeMonths?: number | null): string {
  if (words.competing && timeMonths !== null && timeMonths !== undefined)
    return competingFollowUpText(outcome, timeMonths, words.competing);
  if (words.survival && timeMonths !== null && timeMonths !== undefined)
    return followUpText(outcome, timeMonths, words.survival.eventNoun);
  return outcome === 1 ? words.event : words.noEvent;
}

/** What the number is: "probability of <event>", or for a time-to-event model "risk of <event> by τ months". */
export function estimateName(words: OutcomeWords): string {
  if (words.competing && words.survival)
    return cumulativeIncidenceText(words.competing, words.survival.horizonMonths);
  return `${words.survival ? "risk" : "probability"} of ${words.event}`;
}

/**
 * What a reason moves, after "raised the …": "probability of <event>", or "12-month risk of
 * progression or death" (the horizon before the noun, so the sentence does not say "by … by").
 */
export function reasonMeasure(words: OutcomeWords): string {
  if (!words.survival) return `probability of ${words.event}`;
  if (words.competing) return causeIncidenceMeasure(words.competing, words.survival.horizonMonths);
  return `${formatNumber(words.survival.horizonMonths)}-month risk of ${words.survival.eventNoun}`;
}
