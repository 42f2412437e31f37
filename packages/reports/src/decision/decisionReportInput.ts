import type { FeatureAttribution, MissingInput, PatientPrediction } from "@carta/engine";
import type { FeatureCell } from "@carta/ml";
import type { AssignableTo } from "../study/studyReportInput.js";

/**
 * A patient's predictions as the decision report reads them: the engine's PatientPrediction with the
 * model-lab contract's additions (reasons, what-if overrides, the model's intended use and newest
 * validation). The additions are optional so a prediction stored before them still renders.
 */

/** One of the five largest contributions, in percentage points of probability. */
export interface PredictionReason {
  feature: string;
  label: string;
  value: FeatureCell;
  unit: string | null;
  points: number;
  /** e.g. "LDH 512 U/L raised the probability of complete metabolic response at day +90 by 9 points". */
  text: string;
}

export interface WhatIfOverride {
  feature: string;
  recorded: FeatureCell;
  used: FeatureCell;
}

/** The newest validate run of the model version, as the prediction carries it. */
export interface PredictionValidation {
  run_id: string;
  auc: number;
  auc_lower: number;
  auc_upper: number;
  calibration_slope: number | null;
  calibration_intercept: number | null;
  brier: number;
  created_at: string;
  /** How the validation estimated these, e.g. "nested cross-validation (5 outer × 5 inner folds), …". */
  method?: string;
  /** Time-to-event models: Harrell's C with its 95% CI; `auc` is then the time-dependent AUC at the horizon. */
  c_index?: { estimate: number; lower: number; upper: number } | null;
  horizon_months?: number;
  /**
   * Competing-risks models: Wolbers' C truncated at the horizon (no CI is computed for it); `auc` is then
   * the cause's time-dependent AUC at the horizon and `c_index` null. The engine's summary does not carry
   * it: decisionPredictionOf reads it from the validation run.
   */
  wolbers_c?: number | null;
}

type Labelled<T> = Omit<T, "label" | "unit"> & { label?: string; unit?: string | null };

export type DecisionPrediction = Omit<
  PatientPrediction,
  "model" | "shap" | "reasons" | "what_if" | "missing_inputs" | "conformal"
> & {
  model: Omit<
    PatientPrediction["model"],
    "intended_use" | "validation" | "cohort" | "horizon_months" | "margin_scale"
  > & {
    cohort?: string;
    intended_use?: string;
    validation?: PredictionValidation | null;
    /** Time-to-event models: the horizon of the predicted risk in months; null or absent for a binary model. */
    horizon_months?: number | null;
    /** What the SHAP values are on; absent in a prediction stored before it (then log-odds). */
    margin_scale?: PatientPrediction["model"]["margin_scale"];
  };
  shap: Labelled<FeatureAttribution>[];
  missing_inputs: Labelled<MissingInput>[];
  conformal: Omit<PatientPrediction["conformal"], "note"> & {
    /** Why the set's coverage guarantee does not strictly hold for this patient (e.g. a training patient). */
    note?: string | null;
  };
  reasons?: PredictionReason[];
  what_if?: WhatIfOverride[];
};

export interface DecisionReportInput {
  patientId: string;
  cohort: string;
  /** ISO-8601; also the PDF's creation date. */
  generatedAt: string;
  predictions: DecisionPrediction[];
  /** Models that could not predict for this patient, with the reason (e.g. an input the elastic net needs is missing). */
  unavailable?: { model: string; error: string }[];
}

/** What `carta predict` returns now must stay a DecisionPrediction: this fails to compile otherwise. */
export type EnginePredictionIsReadable = AssignableTo<PatientPrediction, DecisionPrediction>;
