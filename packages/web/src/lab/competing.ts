import { formatNumber } from "../format/numbers.js";
import type { CompetingCause, SurvivalPerformance } from "./labApiTypes.js";
import { COMPETING_ENDPOINT } from "./labApiTypes.js";
import { formatProbability, formatProbabilityRange } from "./labFormat.js";
import { type CauseHazardScale, monthsText } from "./survival.js";

/**
 * How the UI speaks about a competing-risks model of relapse_vs_nrm (docs/lab.md "Relapse vs
 * non-relapse mortality (competing risks)"; clinical-reference §E.3: status 1 progression/relapse,
 * 2 death without prior progression). It predicts the cumulative incidence of one cause by the horizon
 * with the other cause competing — never 1 − Kaplan–Meier, which would count the competing death as
 * censoring — from cause-specific Cox models (Benichou & Gail, Biometrics 1990); its discrimination is
 * Wolbers' C (Wolbers et al., Biostatistics 2014) and its observed risk the Aalen–Johansen estimate.
 */

export function isCompetingEndpoint(endpoint: string): boolean {
  return endpoint === COMPETING_ENDPOINT;
}

export interface CauseWording {
  cause: CompetingCause;
  /** In tables, axis labels and after "of": "NRM", "relapse". */
  short: string;
  /** The event in a sentence. */
  event: string;
  /** The competing cause's short name. */
  competingShort: string;
  /** The competing event in a sentence. */
  competing: string;
}

const CAUSES: Readonly<Record<CompetingCause, CauseWording>> = {
  relapse: {
    cause: "relapse",
    short: "relapse",
    event: "progression or relapse",
    competingShort: "NRM",
    competing: "non-relapse mortality (death without prior progression)",
  },
  nrm: {
    cause: "nrm",
    short: "NRM",
    event: "non-relapse mortality (death without prior progression)",
    competingShort: "relapse",
    competing: "progression or relapse",
  },
};

/** The wording of a cause the server names; null for anything else. */
export function causeWording(cause: string | null | undefined): CauseWording | null {
  return cause === "relapse" || cause === "nrm" ? CAUSES[cause] : null;
}

/**
 * The cause of a competing-risks model, from what the API says: the spec's (or the list's) `cause`,
 * else the validation's `survival.competing.cause`; null for a model of any other endpoint.
 */
export function competingCauseOf(
  endpoint: string,
  ...candidates: (string | null | undefined)[]
): CauseWording | null {
  if (!isCompetingEndpoint(endpoint)) return null;
  for (const c of candidates) {
    const wording = causeWording(c);
    if (wording !== null) return wording;
  }
  return null;
}

/** The cited sources of the cause-specific model and its absolute risk. */
export const CAUSE_SPECIFIC_SOURCES =
  "Benichou & Gail, Biometrics 1990; Ozenne et al., R Journal 2017 (riskRegression::CSC)";

/** "cumulative incidence of NRM by 12 months, relapse competing". */
export function cumulativeIncidenceText(c: CauseWording, horizonMonths: number): string {
  return `cumulative incidence of ${c.short} by ${monthsText(horizonMonths)}, ${c.competingShort} competing`;
}

/** "time-dependent AUC of NRM at 12 months": the cause's cumulative/dynamic AUC, competing events as controls. */
export function causeAucName(c: CauseWording, horizonMonths: number | null): string {
  return `time-dependent AUC of ${c.short}${horizonMonths === null ? "" : ` at ${monthsText(horizonMonths)}`}`;
}

/** What the SHAP values of a competing-risks model are on: its cause's own model's log hazard. */
export function causeHazardScale(c: CauseWording): CauseHazardScale {
  return `log hazard of ${c.short} (cause-specific)`;
}

/** The bootstrap optimism indexes of a competing-risks model (@carta/ml COMPETING_OPTIMISM_INDEXES) in words. */
export function competingIndexLabel(index: string, c: CauseWording, horizonMonths: number | null): string {
  const at = horizonMonths === null ? "" : ` at ${monthsText(horizonMonths)}`;
  if (index === "WolbersC")
    return `Wolbers' C${horizonMonths === null ? "" : ` (truncated at ${monthsText(horizonMonths)})`}`;
  if (index === "AUC") return `Time-dependent AUC of ${c.short}${at}`;
  if (index === "Brier") return `Brier score of ${c.short}${at} (IPCW)`;
  return index;
}

/**
 * Calibration-in-the-large of a cumulative-incidence model: the Aalen–Johansen incidence with its
 * Wald limits against the mean predicted incidence ("observed (Aalen–Johansen) 12% (95% CI 9–15%) vs
 * mean predicted 11%").
 */
export function aalenJohansenInTheLargeText(s: SurvivalPerformance): string {
  const o = s.observedRisk;
  return (
    `observed (Aalen–Johansen) ${formatProbability(o.estimate)} (95% CI ${formatProbabilityRange(o.lower, o.upper)}) ` +
    `vs mean predicted ${formatProbability(s.meanPredictedRisk)}`
  );
}

/** "12-month cumulative incidence of NRM": what a reason moves, without repeating "by". */
export function causeIncidenceMeasure(c: CauseWording, horizonMonths: number): string {
  return `${formatNumber(horizonMonths)}-month cumulative incidence of ${c.short}`;
}

/**
 * The engine's event text of each cause (@carta/ml COMPETING_MODEL_CAUSES), for a server whose
 * prediction does not name the cause.
 */
const CAUSE_EVENTS: readonly [string, CompetingCause][] = [
  ["progression or relapse (non-relapse death competing)", "relapse"],
  ["non-relapse mortality, death without prior progression (progression competing)", "nrm"],
];

/** The cause of a prediction's model: its `cause`, else the one its event text names; null when not competing. */
export function predictionCause(model: {
  endpoint: string;
  event: string;
  cause?: string | null;
}): CauseWording | null {
  if (!isCompetingEndpoint(model.endpoint)) return null;
  return causeWording(model.cause ?? CAUSE_EVENTS.find(([event]) => event === model.event)?.[1] ?? null);
}

/**
 * A past patient's follow-up under competing risks (status 0 censored, 1 relapse, 2 NRM;
 * clinical-reference §E.3): "NRM at 5.2 months", "relapse at 3.0 months (competing)", "censored at 14.0 months".
 */
export function competingFollowUpText(status: number, timeMonths: number, c: CauseWording): string {
  const at = `at ${timeMonths.toFixed(1)} months`;
  if (status === 0) return `censored ${at}`;
  const cause = status === 1 ? "relapse" : status === 2 ? "nrm" : null;
  if (cause === null) return `status ${status} ${at}`;
  return cause === c.cause ? `${c.short} ${at}` : `${c.competingShort} ${at} (competing)`;
}
