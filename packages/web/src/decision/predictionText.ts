import { formatNumber } from "../format/numbers.js";
import {
  CAUSE_SPECIFIC_SOURCES,
  type CauseWording,
  causeAucName,
  cumulativeIncidenceText,
  predictionCause,
} from "../lab/competing.js";
import type { FeatureCell, FeatureType, PatientPrediction, PredictionReason } from "../lab/labApiTypes.js";
import {
  asSentence,
  formatDay,
  formatFeatureValue,
  formatProbability,
  formatShare,
  formatWithCi,
  learnerLabel,
} from "../lab/labFormat.js";
import { monthsText, survivalEventNoun } from "../lab/survival.js";
import { marginLink } from "../lab/waterfall.js";

/**
 * The provenance sentences of a patient prediction (docs/lab.md "Predicting for one patient"): every
 * number on the decision pages carries one of these as its tooltip or caption, so that a physician
 * always knows which model version and which method produced it.
 */

export function modelText(p: PatientPrediction): string {
  return `model ${p.model.name} v${p.model.version} (${learnerLabel(p.model.kind)})`;
}

function horizonOf(p: PatientPrediction): number | null {
  return p.model.margin_scale === "log relative hazard" ? (p.model.horizon_months ?? null) : null;
}

/** A competing-risks prediction's cause and horizon; null for any other model. */
function competingOf(p: PatientPrediction): { cause: CauseWording; horizon: number | null } | null {
  const cause = predictionCause(p.model);
  return cause === null
    ? null
    : { cause, horizon: p.model.validation?.horizon_months ?? p.model.horizon_months ?? null };
}

export function probabilitySource(p: PatientPrediction): string {
  const competing = competingOf(p);
  if (competing !== null && competing.horizon !== null)
    return `${capitalised(cumulativeIncidenceText(competing.cause, competing.horizon))}, from cause-specific proportional-hazards models of both causes with their Breslow baselines (${CAUSE_SPECIFIC_SOURCES}), from the stored ${modelText(p)}, applied without refitting to this patient's values known at the ${p.model.landmark} landmark.`;
  const horizon = horizonOf(p);
  if (horizon !== null)
    return `Risk of ${survivalEventNoun(p.model.endpoint)} by ${monthsText(horizon)}, 1 − S(${formatNumber(horizon)} months | x) from the proportional-hazards model and its Breslow baseline, from the stored ${modelText(p)}, applied without refitting to this patient's values known at the ${p.model.landmark} landmark.`;
  return `P(${p.model.event}) from the stored ${modelText(p)}, applied without refitting to this patient's values known at the ${p.model.landmark} landmark.`;
}

export function intervalSource(p: PatientPrediction): string {
  const i = p.interval;
  return (
    `${Math.round(i.level * 100)}% bootstrap percentile interval: the learner refitted on ${i.replicates_used} of ` +
    `${i.replicates} bootstrap samples of the ${p.training_data.rows} training rows (seed ${i.seed}). It shows how ` +
    "much the estimate depends on the sample the model was fitted on — not a range for the patient's outcome."
  );
}

export function conformalSource(p: PatientPrediction): string {
  const c = p.conformal;
  return (
    `Split-conformal set (Lei et al., JASA 2018) at ${formatShare(c.coverage)} coverage: a refit on ` +
    `${c.proper_training_rows} training rows, calibrated on ${c.calibration_rows} other training rows it never saw, ` +
    `gives this patient ${formatProbability(c.split_model_probability)}.`
  );
}

export function reasonsSource(p: PatientPrediction): string {
  if (p.reasons_method) return `${asSentence(p.shap_method)} ${asSentence(p.reasons_method)}`;
  const horizon = horizonOf(p);
  if (horizon !== null)
    return (
      `${asSentence(p.shap_method)} Points: the step in the risk by ${monthsText(horizon)} when the features are added to the model's ` +
      `base value (${formatProbability(marginLink(p)(p.base_margin))}, the risk at the training patients' mean log relative hazard) from the largest contribution down.`
    );
  return (
    `${asSentence(p.shap_method)} Points: the step on the probability scale when the features are added to the model's ` +
    `base value (${formatProbability(1 / (1 + Math.exp(-p.base_margin)))}, the probability at the training patients' mean log-odds) from the largest contribution down.`
  );
}

export function validationSource(p: PatientPrediction): string {
  const v = p.model.validation;
  if (!v) return `${modelText(p)} has no validation run yet.`;
  const competing = competingOf(p);
  if (competing !== null)
    return `Nested cross-validation of ${modelText(p)}, validation run ${v.run_id} (${formatDay(v.created_at)}): out-of-fold ${causeAucName(competing.cause, competing.horizon)} with its 95% CI, ${competing.cause.competingShort} first counted among the controls; Wolbers' C and the Aalen–Johansen calibration are on the model's page.`;
  if (v.c_index)
    return `Nested cross-validation of ${modelText(p)}, validation run ${v.run_id} (${formatDay(v.created_at)}): out-of-fold Harrell's C over all follow-up with its 95% CI, time-dependent AUC at ${monthsText(v.horizon_months ?? horizonOf(p) ?? 0)}, calibration slope of the out-of-fold linear predictor in a Cox model.`;
  return `Nested cross-validation of ${modelText(p)}, validation run ${v.run_id} (${formatDay(v.created_at)}): out-of-fold AUC with DeLong 95% CI, calibration of the out-of-fold predictions.`;
}

/**
 * A time-to-event model's validated time-dependent AUC: "time-dependent AUC at 12 months 0.67
 * (0.63–0.71)"; a competing-risks model's names its cause ("time-dependent AUC of NRM at 12 months …").
 */
export function aucAtHorizonText(p: PatientPrediction): string {
  const v = p.model.validation;
  if (!v) return "";
  const competing = competingOf(p);
  if (competing !== null)
    return `${causeAucName(competing.cause, competing.horizon)} ${formatWithCi(v.auc, v.auc_lower, v.auc_upper, "")}`;
  const horizon = v.horizon_months ?? horizonOf(p);
  const at = horizon === null ? "at the horizon" : `at ${monthsText(horizon)}`;
  return `time-dependent AUC ${at} ${formatWithCi(v.auc, v.auc_lower, v.auc_upper, "")}`;
}

export const SIMILAR_SOURCE =
  "The five nearest training patients by Gower's distance (Biometrics 1971) over the model's features: numeric differences divided by the training range, mismatches for codes, features missing in either patient skipped. Their outcome is the one recorded in the study.";

export const MISSING_SOURCE =
  "The probability with the missing value set to the training patients' 10th and 90th percentiles (numbers) or to each level seen in training (codes and yes/no), every other input unchanged.";

/**
 * One reason in clinical words, with the dictionary's label for a coded value ("CAR-T product:
 * Lisocabtagene maraleucel lowered …" where the server writes the code), rounded as the server rounds.
 */
export function reasonSentence(
  reason: PredictionReason,
  valueText: string,
  event: string,
  measure = `probability of ${event}`,
): string {
  const size = Math.round(Math.abs(reason.points));
  const by = Math.abs(reason.points) < 0.5 ? "less than 1 point" : `${size} point${size === 1 ? "" : "s"}`;
  const subject =
    typeof reason.value === "number" ? `${reason.label} ${valueText}` : `${reason.label}: ${valueText}`;
  return `${subject} ${reason.points >= 0 ? "raised" : "lowered"} the ${measure} by ${by}`;
}

/** Label, unit and type of each feature of a prediction, for the sentences that name them. */
export interface FeatureNaming {
  label(feature: string): string;
  value(feature: string, value: FeatureCell): string;
}

export function featureNaming(
  p: Pick<PatientPrediction, "shap">,
  typeOf: (feature: string) => FeatureType | undefined,
  codeLabel: (feature: string, code: string) => string,
): FeatureNaming {
  const byFeature = new Map(p.shap.map((s) => [s.feature, s]));
  return {
    label: (feature) => byFeature.get(feature)?.label ?? feature,
    value: (feature, value) =>
      formatFeatureValue(value, {
        unit: byFeature.get(feature)?.unit ?? null,
        type: byFeature.get(feature)?.type ?? typeOf(feature),
        codeLabel: (code) => codeLabel(feature, code),
      }),
  };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
