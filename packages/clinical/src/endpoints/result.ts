import { DAYS_PER_MONTH, isoDate } from "./dates.js";

/**
 * What a time-to-event endpoint returns for one patient. Every variant carries the same fields, so a
 * table of patients can be read without narrowing; `timeDays === null` means not computed, and
 * `excluded` says whether that is by design (not in the analysis population, before the landmark)
 * rather than for missing data (`missing` names the fields).
 */
interface EndpointBase {
  /** "first_response" for duration of response. */
  timeZero: "infusion" | "apheresis" | "first_response";
  timeZeroDate: string | null;
  /** Landmark in days from time zero; time counts from it. Null without a landmark. */
  landmarkDay: number | null;
  reason: string;
}

export interface EndpointTime<E extends number> extends EndpointBase {
  excluded: false;
  timeDays: number;
  timeMonths: number;
  event: E;
  /** Date of the event or censoring. */
  endDate: string;
  missing: readonly string[];
}

export interface EndpointNotComputed extends EndpointBase {
  excluded: boolean;
  timeDays: null;
  timeMonths: null;
  event: null;
  endDate: null;
  missing: readonly string[];
}

export type EndpointResult<E extends number> = EndpointTime<E> | EndpointNotComputed;

/** Status of the competing-risks endpoint: 0 censored, 1 relapse/progression, 2 non-relapse mortality. */
export type CompetingStatus = 0 | 1 | 2;

export interface TimeFrame {
  timeZero: EndpointBase["timeZero"];
  /** Epoch day of time zero, null when it is missing. */
  timeZeroDay: number | null;
  landmarkDay: number | null;
}

function base(frame: TimeFrame, reason: string): EndpointBase {
  return {
    timeZero: frame.timeZero,
    timeZeroDate: frame.timeZeroDay === null ? null : isoDate(frame.timeZeroDay),
    landmarkDay: frame.landmarkDay,
    reason,
  };
}

export function notComputed(
  frame: TimeFrame,
  reason: string,
  missing: readonly string[],
): EndpointNotComputed {
  return {
    ...base(frame, reason),
    excluded: false,
    timeDays: null,
    timeMonths: null,
    event: null,
    endDate: null,
    missing,
  };
}

export function excluded(frame: TimeFrame, reason: string): EndpointNotComputed {
  return { ...notComputed(frame, reason, []), excluded: true };
}

/**
 * The endpoint at the end day (event or censoring), counted from time zero or, with a landmark, from the
 * landmark. An end strictly before the landmark excludes the patient; an end on the landmark day stays
 * in with time 0, so landmark 0 is the same as no landmark.
 */
export function timeToEnd<E extends number>(
  frame: TimeFrame & { timeZeroDay: number },
  endDay: number,
  event: E,
  reason: string,
): EndpointResult<E> {
  const sinceTimeZero = endDay - frame.timeZeroDay;
  const described = `${reason} (day ${sinceTimeZero})`;
  const landmark = frame.landmarkDay;
  if (landmark !== null && sinceTimeZero < landmark) {
    return excluded(frame, `excluded at landmark day ${landmark}: ${described}`);
  }
  const timeDays = sinceTimeZero - (landmark ?? 0);
  const from =
    landmark === null
      ? ""
      : `; time from landmark day ${landmark} (${isoDate(frame.timeZeroDay + landmark)})`;
  return {
    ...base(frame, `${described}${from}`),
    excluded: false,
    timeDays,
    timeMonths: timeDays / DAYS_PER_MONTH,
    event,
    endDate: isoDate(endDay),
    missing: [],
  };
}
