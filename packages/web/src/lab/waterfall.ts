import type { PatientPrediction, PredictionReason } from "./labApiTypes.js";

/**
 * The waterfall of a prediction on the probability scale, in percentage points. SHAP values add up on
 * the margin's scale — log-odds, or log relative hazard for a time-to-event model, whose probability is
 * the risk by the horizon — (base_margin + Σ shap = margin); on the probability scale a contribution depends on
 * what was added before it, so the steps follow the server's stated order — features added to the
 * base from the largest |shap| down — and whatever the five reasons do not explain is one "all other
 * inputs" step, so the bars end exactly at the patient's probability.
 */

export interface WaterfallStep {
  kind: "base" | "reason" | "rest" | "total";
  label: string;
  /** Where the bar starts and ends, in percent (0..100). */
  start: number;
  end: number;
  /** end − start. */
  points: number;
  /** The server's sentence for a reason; empty for the other steps. */
  text: string;
}

export function logistic(margin: number): number {
  return margin >= 0 ? 1 / (1 + Math.exp(-margin)) : Math.exp(margin) / (1 + Math.exp(margin));
}

/**
 * The probability a prediction's model gives at any margin. Log-odds: the logistic. Log relative
 * hazard: the risk by the horizon, 1 − exp(−Λ₀(τ)·exp(η − c)); Λ₀(τ)·e^(−c) is not sent, but the
 * patient's own risk p at margin m fixes it, so risk(η) = 1 − (1 − p)^exp(η − m) exactly.
 * A cause-specific Cox model's margin is its cause's log hazard, and its cumulative incidence also
 * depends on the competing hazard, which the server does not send: the same link, anchored at the
 * patient's own incidence, is then an approximation (exact to first order when the incidence is small,
 * F ≈ Λ(τ)·e^η), and only the base value rests on it — each reason's step is the server's.
 */
export function marginLink(
  prediction: Pick<PatientPrediction, "probability" | "margin"> & {
    model: Pick<PatientPrediction["model"], "margin_scale"> & { kind?: string };
  },
): (margin: number) => number {
  if (
    prediction.model.margin_scale !== "log relative hazard" &&
    prediction.model.kind !== "cause-specific-cox"
  )
    return logistic;
  const survival = 1 - prediction.probability;
  const own = prediction.margin;
  return (margin) => 1 - survival ** Math.exp(margin - own);
}

/** A residual smaller than this (in points) is rounding, not a contribution, and gets no bar. */
const REST_TOLERANCE = 0.05;

export function waterfallSteps(
  prediction: Pick<PatientPrediction, "base_margin" | "probability"> & { base_probability?: number },
  reasons: readonly Pick<PredictionReason, "label" | "points" | "text">[],
  link: (margin: number) => number = logistic,
): WaterfallStep[] {
  // The server's own base probability when it sends one (exact for every model); else the link's.
  const base = (prediction.base_probability ?? link(prediction.base_margin)) * 100;
  const final = prediction.probability * 100;
  const steps: WaterfallStep[] = [
    { kind: "base", label: "Starting point (base value)", start: 0, end: base, points: base, text: "" },
  ];
  let level = base;
  for (const reason of reasons) {
    const end = level + reason.points;
    steps.push({
      kind: "reason",
      label: reason.label,
      start: level,
      end,
      points: reason.points,
      text: reason.text,
    });
    level = end;
  }
  const rest = final - level;
  if (Math.abs(rest) >= REST_TOLERANCE) {
    steps.push({ kind: "rest", label: "All other inputs", start: level, end: final, points: rest, text: "" });
  }
  steps.push({ kind: "total", label: "This patient", start: 0, end: final, points: final, text: "" });
  return steps;
}

export interface ModalityPoints {
  modality: string;
  shap: number;
  features: number;
  /** Step in percentage points, modalities added to the base from the largest |shap| down. */
  points: number;
}

/**
 * Modality attributions (on the margin's scale, as the API gives them) as steps on the probability
 * scale, by the same ordering rule as the reasons, so that the two displays read alike and both add up
 * to probability − base probability. `link` is the model's (marginLink; the logistic for log-odds).
 */
export function modalityPoints(
  baseMargin: number,
  modalities: readonly { modality: string; shap: number; features: number }[],
  link: (margin: number) => number = logistic,
): ModalityPoints[] {
  const ordered = [...modalities].sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
  let margin = baseMargin;
  let level = link(margin);
  return ordered.map((m) => {
    margin += m.shap;
    const next = link(margin);
    const points = (next - level) * 100;
    level = next;
    return { modality: m.modality, shap: m.shap, features: m.features, points };
  });
}

const MODALITY_LABELS: Record<string, string> = {
  clinical: "Clinical (baseline, bridging, product, labs)",
  ctdna: "ctDNA",
  flow_blood: "Blood immune cells (flow cytometry)",
  flow_product: "CAR-T product (flow cytometry)",
  transcriptome: "Transcriptome",
};

export function modalityLabel(modality: string): string {
  return MODALITY_LABELS[modality] ?? modality;
}
