import type { TransportJson, TransportPredictor } from "./labApiTypes.js";
import { formatPValue } from "./labFormat.js";

/**
 * The predictors whose effect the synthetic study was built to differ between 3L+ and 2L
 * (clinical-reference.md §D.6.2: the product's naive-like CD8 fraction, OR 1.35 → 1.10, and a high
 * metabolic tumour volume, HR 2.5 → 1.66). The transport page points at them because a reader should
 * check whether this sample can see that difference.
 */
export const EFFECT_MODIFIERS = ["mtv_ml", "product_naive_like_cd8_pct"] as const;

const ALPHA = 0.05;

/** The feature column a predictor comes from ("product=liso_cel" → "product"). */
export function predictorFeature(name: string): string {
  const at = name.indexOf("=");
  return at < 0 ? name : name.slice(0, at);
}

export function isEffectModifier(name: string): boolean {
  const feature = predictorFeature(name);
  return EFFECT_MODIFIERS.some((m) => feature === m || feature.startsWith(`${m}_at_`));
}

/** "Product = Lisocabtagene maraleucel" from "product=liso_cel" with the feature's label and code labels. */
export function predictorLabel(
  name: string,
  featureLabel: (feature: string) => string,
  codeLabel: (feature: string, code: string) => string,
): string {
  const at = name.indexOf("=");
  if (at < 0) return featureLabel(name);
  const feature = name.slice(0, at);
  return `${featureLabel(feature)} = ${codeLabel(feature, name.slice(at + 1))}`;
}

/**
 * What one interaction test says at this sample size, without overclaiming either way: a p below 0.05
 * is reported with whether it survives Bonferroni for the number of tests; a larger p is said not to
 * show equal effects, because a few dozen 2L rows give the test little power.
 */
export function interactionVerdict(predictor: TransportPredictor, tests: number, n2l: number): string {
  const p = formatPValue(predictor.interaction_p);
  const bonferroni = ALPHA / Math.max(1, tests);
  if (predictor.interaction_p < bonferroni)
    return `The interaction test reaches significance (p = ${p}), also after Bonferroni correction for ${tests} tests.`;
  if (predictor.interaction_p < ALPHA)
    return `The interaction test gives p = ${p}, below 0.05 but not below the Bonferroni threshold ${formatPValue(bonferroni)} for ${tests} tests: suggestive, not conclusive.`;
  return `The interaction test does not reach significance (p = ${p}). With ${n2l} complete 2L rows it has little power, so this does not show that the effect is the same in 2L and 3L+.`;
}

/** Whether a model's own transport run or its validation run carries the analysis; the run's id and date. */
export function transportOf(detail: {
  transport: { id: string; createdAt: string; result: TransportJson } | null;
  validation: { id: string; createdAt: string; result: { transport: TransportJson | null } } | null;
}): {
  runId: string;
  createdAt: string;
  result: TransportJson;
  source: "transport run" | "validation run";
} | null {
  if (detail.transport !== null)
    return {
      runId: detail.transport.id,
      createdAt: detail.transport.createdAt,
      result: detail.transport.result,
      source: "transport run",
    };
  const fromValidation = detail.validation?.result.transport ?? null;
  if (detail.validation !== null && fromValidation !== null)
    return {
      runId: detail.validation.id,
      createdAt: detail.validation.createdAt,
      result: fromValidation,
      source: "validation run",
    };
  return null;
}
