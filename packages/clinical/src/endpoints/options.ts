import type { Landmark } from "../dictionary/types.js";

/**
 * Endpoint options and their defaults, in one place. Defaults are the primary analysis of
 * clinical-reference.md §E.3; every alternative is a sensitivity analysis named there.
 */

/** mITT analyses start at infusion (default); ITT analyses start at leukapheresis and keep non-infused patients. */
export type TimeZero = "infusion" | "apheresis";

/** New anti-lymphoma therapy without progression: censor at its start (default), count it as an event, or follow through it. */
export type NewTherapyRule = "censor" | "event" | "ignore";

/** Consolidative transplant in response: censor at transplant (default) or ignore it. */
export type TransplantRule = "censor" | "ignore";

/** Death without progression in duration of response: an event (default) or censored at death. Trials differ (§E.3). */
export type DeathWithoutProgressionRule = "event" | "censor";

export interface TimeOptions {
  timeZero?: TimeZero;
  /**
   * Landmark: days from time zero (0, 7, 28…), or a dictionary landmark at its nominal day after infusion.
   * Patients whose event or censoring falls before it are excluded; time then counts from it.
   */
  landmarkDays?: number | Landmark;
}

export interface PfsOptions extends TimeOptions {
  newTherapy?: NewTherapyRule;
  consolidativeTransplant?: TransplantRule;
}

export type OsOptions = TimeOptions;

export interface CompetingRisksOptions extends TimeOptions {
  /** New therapy cannot be a relapse or an NRM event, so it is censored (default) or followed through. */
  newTherapy?: Exclude<NewTherapyRule, "event">;
  consolidativeTransplant?: TransplantRule;
}

export interface DurationOfResponseOptions {
  newTherapy?: NewTherapyRule;
  consolidativeTransplant?: TransplantRule;
  deathWithoutProgression?: DeathWithoutProgressionRule;
}

export interface BestOverallResponseOptions {
  /** Last day after infusion of the window, unless progression or new therapy comes first. */
  windowEndDay?: number;
}

export interface Day90ResponseOptions {
  /** Half-width of the day-90 visit window in days (§A.1: ±14). */
  windowDays?: number;
}

export const ENDPOINT_DEFAULTS = {
  timeZero: "infusion",
  newTherapy: "censor",
  consolidativeTransplant: "censor",
  deathWithoutProgression: "event",
  bestOverallResponseWindowEndDay: 180,
  day90WindowDays: 14,
} as const;

/** Returns the option's value, or its default; throws a RangeError naming the option for any other value. */
export function choice<T extends string>(
  name: string,
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new RangeError(`option ${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function wholeDays(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`option ${name} must be a whole number of days ≥ 0, got ${value}`);
  }
  return value;
}
