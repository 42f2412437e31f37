import { type CauseWording, causeAucName, competingCauseOf } from "./competing.js";
import type { TransportJson } from "./labApiTypes.js";
import { asSentence, formatEstimate, formatPValue, formatWithCi } from "./labFormat.js";
import { monthsText } from "./survival.js";

/**
 * How the transport page speaks about a relapse_vs_nrm model (DESIGN.md "Transportability"): its
 * effects are cause-specific log hazard ratios of the cause — Cox models of the cause with the
 * competing event as censoring (Putter, Fiocco & Geskus, Stat Med 2007) — its discrimination the
 * cause's time-dependent AUC at the horizon and Wolbers' C (Wolbers et al., Biostatistics 2014), never
 * Harrell's C, and its calibration-in-the-large the Aalen–Johansen incidence against the mean predicted
 * one; no calibration slope is estimated for a cumulative-incidence model.
 */

/** The cause of a transport analysis: the result's own, else the spec's; null when not a competing-risks model. */
export function transportCause(r: TransportJson, specCause?: string | null): CauseWording | null {
  return competingCauseOf(r.endpoint, r.performance_2l.cause, specCause);
}

/** The competing-risks recalibration methods (@carta/ml transportCompeting) in words. */
const COMPETING_RECALIBRATION_LABELS: Record<string, string> = {
  original: "as developed",
  baseline: "baselines re-estimated in 2L",
  slope: "slopes and baselines updated in 2L",
};

export function competingRecalibrationLabel(method: string): string {
  return COMPETING_RECALIBRATION_LABELS[method] ?? method;
}

/** What each method updates, for the page's note: both causes' models take part in the incidence. */
export function competingRecalibrationDetail(method: string, c: CauseWording): string {
  if (method === "original")
    return `the 3L+ cause-specific models of ${c.short} and ${c.competingShort} as fitted`;
  if (method === "baseline")
    return `both causes' linear predictors kept, the Breslow baselines of ${c.short} and ${c.competingShort} re-estimated in 2L`;
  if (method === "slope")
    return `each cause's Cox slope on its own linear predictor and its Breslow baseline refitted in 2L (van Houwelingen, Stat Med 2000)`;
  return method;
}

/** "cause-specific hazard ratio of NRM": the ratio the forest plot shows. */
export function causeSpecificHrName(c: CauseWording): string {
  return `cause-specific hazard ratio of ${c.short}`;
}

/** "cause-specific HR of NRM": the ratio in tooltips and sentences. */
export function causeSpecificHrShort(c: CauseWording): string {
  return `cause-specific HR of ${c.short}`;
}

/** "Cause-specific log HR of NRM in 3L+ (95% CI)": an effects table column. */
export function causeSpecificEffectHeader(c: CauseWording, cohort: string): string {
  return `Cause-specific log HR of ${c.short} in ${cohort} (95% CI)`;
}

/** The scale of the effects, in the note under the effects table. */
export function causeSpecificEffectsNote(c: CauseWording): string {
  return (
    `Cause-specific log hazard ratios of ${c.short} (positive: a higher hazard of ${c.short}), from Cox models ` +
    `of ${c.short} with ${c.competingShort} counted as censoring (Putter et al., Stat Med 2007), per SD (pooled) ` +
    `for a number, 1 vs 0 for a yes/no predictor, level vs reference for a code; the forest plot shows their ` +
    `exponent, the ${causeSpecificHrName(c)}. A cause-specific hazard ratio is not a ratio of cumulative incidences: ` +
    `a predictor can also move the incidence of ${c.short} through ${c.competingShort}.`
  );
}

/** The adjusted effects' model, in the note under the effects table. */
export function causeSpecificModelText(c: CauseWording): string {
  return `Cox model of ${c.short} (Efron ties, ${c.competingShort} as censoring)`;
}

/**
 * Calibration-in-the-large in 2L: "log(Aalen–Johansen observed / mean predicted incidence of NRM) at
 * 12 months −0.12 (ideal 0); slope not estimated".
 */
export function competingTransportCalibrationText(
  performance: TransportJson["performance_2l"],
  c: CauseWording,
): string {
  const at = performance.horizon_months === undefined ? "" : ` at ${monthsText(performance.horizon_months)}`;
  const ratio = `log(Aalen–Johansen observed / mean predicted incidence of ${c.short})${at}`;
  const value =
    performance.calibration_intercept === null
      ? `${ratio} not estimable`
      : `${ratio} ${formatEstimate(performance.calibration_intercept)} (ideal 0)`;
  return `${value}; slope not estimated`;
}

const ALPHA = 0.05;

/**
 * The transport headline of a competing-risks model, composed from the result rather than taken from
 * the engine's, so that it names the cause's AUC at the horizon and Wolbers' C (a competing model has
 * no Harrell's C): performance in 2L, calibration, covariate shift, and the interaction tests read
 * honestly (a non-significant test with a few dozen 2L rows does not show equal effects).
 */
export function competingTransportHeadline(r: TransportJson, c: CauseWording): string {
  const p2 = r.performance_2l;
  const auc = `${causeAucName(c, p2.horizon_months ?? null)} ${formatWithCi(p2.auc, p2.auc_lower, p2.auc_upper)}`;
  const wolbers =
    p2.wolbers_c === undefined || p2.wolbers_c === null
      ? "Wolbers' C not estimable"
      : `Wolbers' C ${formatEstimate(p2.wolbers_c)}`;
  const calibration =
    p2.calibration_intercept === null
      ? "calibration-in-the-large is not estimable there"
      : `log(Aalen–Johansen observed / mean predicted incidence) ${formatEstimate(p2.calibration_intercept)}`;
  const performance = `In 2L the 3L+ model of ${c.short} (${c.competingShort} competing) has ${auc} and ${wolbers}; ${calibration}, no calibration slope being estimated for a cumulative-incidence model; a classifier tells the cohorts apart with AUC ${formatEstimate(r.shift.domain_auc)}.`;
  return `${performance} ${interactionSummary(r, c)}`;
}

function interactionSummary(r: TransportJson, c: CauseWording): string {
  const k = r.predictors.length;
  if (k === 0) return "No predictor effects could be compared.";
  const tests = `${k} predictor × cohort interaction test${k === 1 ? "" : "s"} of the cause-specific hazard of ${c.short}`;
  const nominal = r.predictors.filter((p) => p.interaction_p < ALPHA);
  if (nominal.length === 0) {
    const smallest = r.predictors.reduce((a, b) => (b.interaction_p < a.interaction_p ? b : a));
    return asSentence(
      `none of the ${tests} reaches p < 0.05 (smallest p = ${formatPValue(smallest.interaction_p)}, ${smallest.name}); this does not show that the effects are equal in 2L and 3L+ — with ${r.effects_rows.n_2l} complete 2L rows the tests have little power`,
    );
  }
  const corrected = r.predictors.filter((p) => p.interaction_p < ALPHA / k).length;
  return asSentence(
    `${nominal.length} of the ${tests} reach${nominal.length === 1 ? "es" : ""} p < 0.05 (${nominal.map((p) => `${p.name} p = ${formatPValue(p.interaction_p)}`).join(", ")}); ${corrected} remain${corrected === 1 ? "s" : ""} below the Bonferroni threshold ${formatPValue(ALPHA / k)} for ${k} tests`,
  );
}
