import { formatNumber } from "../format/numbers.js";
import type { MarginScale, RecalibrationMethod, SurvivalPerformance } from "./labApiTypes.js";
import { SURVIVAL_ENDPOINTS } from "./labApiTypes.js";
import { formatProbability, formatProbabilityRange } from "./labFormat.js";

/**
 * How the UI speaks about a time-to-event model (docs/lab.md "Time-to-event models"): it predicts the
 * risk of the event by a horizon τ, 1 − S(τ | x), from a proportional-hazards model, so its margins
 * and SHAP values are on the log relative hazard and its discrimination is a concordance index.
 */

export function isSurvivalEndpoint(endpoint: string): boolean {
  return (SURVIVAL_ENDPOINTS as readonly string[]).includes(endpoint);
}

/** The learners that fit a proportional-hazards model. */
const COX_LEARNERS = ["elastic-net-cox", "boosted-trees-cox", "imputed-elastic-net-cox"];

/**
 * What SHAP values are on: a margin scale, or for a competing-risks model its cause's own model's log
 * hazard ("log hazard of NRM (cause-specific)"), which is not the margin of the probability shown.
 */
export type CauseHazardScale = `log hazard of ${string} (cause-specific)`;
export type ShapScale = MarginScale | CauseHazardScale;

export function isMarginScale(scale: ShapScale): scale is MarginScale {
  return scale === "log-odds" || scale === "log relative hazard";
}

/** What a learner's margins and SHAP values are on. */
export function marginScaleOf(learnerKind: string): MarginScale {
  return COX_LEARNERS.includes(learnerKind) ? "log relative hazard" : "log-odds";
}

/** "12 months", "1 month", "6.5 months". */
export function monthsText(months: number): string {
  return `${formatNumber(months)} month${months === 1 ? "" : "s"}`;
}

/** The event a time-to-event endpoint counts, as a noun phrase ("progression or death"). */
export function survivalEventNoun(endpoint: string): string {
  return endpoint === "os" ? "death" : "progression or death";
}

/**
 * A past patient's follow-up in words: "progression or death at 5.2 months" or "censored at 14.0
 * months" (outcome 1 = the event then, 0 = followed event-free until then).
 */
export function followUpText(outcome: number, timeMonths: number, eventNoun: string): string {
  const at = `at ${timeMonths.toFixed(1)} months`;
  return outcome === 1 ? `${eventNoun} ${at}` : `censored ${at}`;
}

/** The optimism table's survival indexes in words; any other index keeps its own name. */
const SURVIVAL_INDEX_LABELS: Record<string, string> = {
  HarrellC: "Harrell's C",
  UnoC: "Uno's C (truncated at the horizon)",
  Slope: "Calibration slope (Cox)",
};

export function survivalIndexLabel(index: string): string {
  return SURVIVAL_INDEX_LABELS[index] ?? index;
}

/**
 * Calibration-in-the-large at the horizon: the Kaplan–Meier observed risk with its Greenwood limits
 * against the mean predicted risk ("observed 49% (95% CI 45–52%) vs mean predicted 49%").
 */
export function calibrationInTheLargeText(s: SurvivalPerformance): string {
  const o = s.observedRisk;
  return (
    `observed ${formatProbability(o.estimate)} (95% CI ${formatProbabilityRange(o.lower, o.upper)}) ` +
    `vs mean predicted ${formatProbability(s.meanPredictedRisk)}`
  );
}

/** The transport analysis' recalibration methods in words (binary and time-to-event). */
const RECALIBRATION_LABELS: Record<string, string> = {
  original: "as developed in 3L+",
  intercept: "intercept updated in 2L",
  logistic: "intercept and slope updated in 2L",
  baseline: "baseline hazard re-estimated in 2L",
  slope: "slope and baseline hazard updated in 2L",
};

export function recalibrationLabel(method: string): string {
  return RECALIBRATION_LABELS[method] ?? method;
}

export interface NetBenefitRow {
  threshold: number;
  /** Net benefit of each method, in the order of `NetBenefitComparison.methods`; null where not computed. */
  model: (number | null)[];
  treatAll: number | null;
  /** The method with the highest net benefit, "treat all" or "treat none" when neither model beats them. */
  best: string;
}

export interface NetBenefitComparison {
  methods: string[];
  rows: NetBenefitRow[];
}

/** Net benefits closer than this are a tie: the comparison should not crown a winner by rounding noise. */
const TIE = 5e-4;

/**
 * The recalibration methods side by side by net benefit at the transport analysis' thresholds (Vickers
 * & Elkin, Med Decis Making 2006): updating a model is worth it where it adds net benefit, not only where
 * it moves a calibration slope (Van Calster et al., Eur Urol 2018). Treat-all is the same 2L patients
 * for every method, so it is read from the first one. Null when no method carries a net benefit.
 */
export function netBenefitComparison(
  recalibration: readonly RecalibrationMethod[],
): NetBenefitComparison | null {
  const withCurve = recalibration.filter((c) => c.net_benefit && c.net_benefit.thresholds.length > 0);
  if (withCurve.length === 0) return null;
  const thresholds = withCurve[0]!.net_benefit!.thresholds;
  const methods = withCurve.map((c) => c.method);
  const rows = thresholds.map((threshold, i) => {
    const model = withCurve.map((c) => {
      const nb = c.net_benefit!;
      const at = nb.thresholds.findIndex((t) => Math.abs(t - threshold) < 1e-9);
      const value = at < 0 ? undefined : nb.model[at];
      return value === undefined || !Number.isFinite(value) ? null : value;
    });
    const all = withCurve[0]!.net_benefit!.treat_all[i];
    const treatAll = all === undefined || !Number.isFinite(all) ? null : all;
    let best = "treat none";
    let bestValue = 0;
    if (treatAll !== null && treatAll > bestValue + TIE) {
      best = "treat all";
      bestValue = treatAll;
    }
    model.forEach((value, m) => {
      if (value !== null && value > bestValue + TIE) {
        best = methods[m]!;
        bestValue = value;
      }
    });
    return { threshold, model, treatAll, best };
  });
  return { methods, rows };
}
