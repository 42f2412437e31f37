import type { DictionaryVariable } from "../apiTypes.js";
import { formatNumber } from "../format/numbers.js";
import type { FeatureCell, FeatureType, PatientPrediction, WhatIf } from "./labApiTypes.js";

/**
 * The what-if panel's inputs: one per feature used by any of the patient's models, typed from the
 * study dictionary (a number with its unit and plausible range; a choice among the dictionary's codes
 * for a coded or yes/no variable). The panel keeps text as typed; only values that differ from what
 * was recorded become overrides, and each model is sent only the overrides for its own features
 * (the API refuses a feature the model does not use).
 */

export interface WhatIfOption {
  value: string;
  label: string;
}

export interface WhatIfField {
  feature: string;
  label: string;
  unit: string | null;
  type: FeatureType;
  /** Choices for a binary or categorical feature ("" = missing); empty for a number. */
  options: WhatIfOption[];
  range: { min: number; max: number } | null;
  recorded: FeatureCell;
  /** Models that use the feature, in the order given. */
  models: string[];
}

export const MISSING_OPTION: WhatIfOption = { value: "", label: "— missing —" };

type VariableOf = (id: string) => DictionaryVariable | null;

/**
 * The dictionary variable behind a feature column: the column itself, or for an earlier visit read on
 * purpose (`variable_at_time_point`, docs/lab.md) the variable before "_at_".
 */
export function dictionaryVariableOf(feature: string, variable: VariableOf): DictionaryVariable | null {
  const direct = variable(feature);
  if (direct !== null) return direct;
  let at = feature.indexOf("_at_");
  while (at > 0) {
    const found = variable(feature.slice(0, at));
    if (found !== null) return found;
    at = feature.indexOf("_at_", at + 1);
  }
  return null;
}

export function featureTypeOf(
  entry: { type?: FeatureType; value: FeatureCell },
  variable: DictionaryVariable | null,
): FeatureType {
  if (entry.type !== undefined) return entry.type;
  if (variable?.type === "boolean") return "binary";
  if (variable?.type === "code") return "categorical";
  if (variable?.type === "number" || variable?.type === "integer") return "numeric";
  return typeof entry.value === "string" ? "categorical" : "numeric";
}

function optionsOf(
  type: FeatureType,
  levels: readonly string[] | undefined,
  variable: DictionaryVariable | null,
  recorded: FeatureCell,
): WhatIfOption[] {
  if (type === "binary") return [MISSING_OPTION, { value: "1", label: "yes" }, { value: "0", label: "no" }];
  if (type !== "categorical") return [];
  const labels = new Map((variable?.codes ?? []).map((c) => [c.code, c.label]));
  const codes = levels !== undefined && levels.length > 0 ? [...levels] : [...labels.keys()];
  // A recorded code outside the list would otherwise vanish from the select and look like a change.
  if (typeof recorded === "string" && !codes.includes(recorded)) codes.push(recorded);
  return [MISSING_OPTION, ...codes.map((code) => ({ value: code, label: labels.get(code) ?? code }))];
}

export function whatIfFields(
  predictions: readonly Pick<PatientPrediction, "model" | "shap">[],
  variable: VariableOf,
): WhatIfField[] {
  const fields = new Map<string, WhatIfField>();
  for (const prediction of predictions) {
    for (const entry of prediction.shap) {
      const known = fields.get(entry.feature);
      if (known !== undefined) {
        if (!known.models.includes(prediction.model.name)) known.models.push(prediction.model.name);
        continue;
      }
      const dictionary = dictionaryVariableOf(entry.feature, variable);
      const type = featureTypeOf(entry, dictionary);
      fields.set(entry.feature, {
        feature: entry.feature,
        label: entry.label ?? dictionary?.label ?? entry.feature,
        unit: entry.unit !== undefined ? entry.unit : (dictionary?.unit ?? null),
        type,
        options: optionsOf(type, entry.levels, dictionary, entry.value),
        range: type === "numeric" ? (dictionary?.range ?? null) : null,
        recorded: entry.value,
        models: [prediction.model.name],
      });
    }
  }
  return [...fields.values()];
}

/** The text an input shows for a value. */
export function cellText(value: FeatureCell): string {
  if (value === null) return "";
  return typeof value === "number" ? String(value) : value;
}

export type ParsedInput = { ok: true; value: FeatureCell } | { ok: false; message: string };

/** Reads one input's text as the API expects the feature's value; a bad number says why. */
export function parseInput(field: WhatIfField, text: string): ParsedInput {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: true, value: null };
  if (field.type === "binary") {
    if (trimmed === "1" || trimmed === "0") return { ok: true, value: Number(trimmed) };
    return { ok: false, message: "choose yes, no or missing" };
  }
  if (field.type === "categorical") {
    if (field.options.some((o) => o.value === trimmed)) return { ok: true, value: trimmed };
    return { ok: false, message: `"${trimmed}" is not one of the dictionary's codes` };
  }
  // A decimal comma is how many European sites type numbers.
  const normalised = trimmed.replace(",", ".");
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normalised) ? Number(normalised) : Number.NaN;
  if (!Number.isFinite(value)) return { ok: false, message: `"${trimmed}" is not a number` };
  const range = field.range;
  if (range !== null && (value < range.min || value > range.max)) {
    const unit = field.unit ? ` ${field.unit}` : "";
    return {
      ok: false,
      message: `outside the plausible range ${formatNumber(range.min)}–${formatNumber(range.max)}${unit}`,
    };
  }
  return { ok: true, value };
}

export interface WhatIfState {
  /** Every override that differs from the recorded value. */
  whatIf: WhatIf;
  /** Inputs that cannot be read, by feature; they are not sent. */
  errors: Record<string, string>;
}

/** The overrides the edited texts stand for; an edit back to the recorded value is no override. */
export function whatIfOverrides(
  fields: readonly WhatIfField[],
  edits: Readonly<Record<string, string>>,
): WhatIfState {
  const whatIf: WhatIf = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = edits[field.feature];
    if (text === undefined) continue;
    const parsed = parseInput(field, text);
    if (!parsed.ok) {
      errors[field.feature] = parsed.message;
      continue;
    }
    if (parsed.value !== field.recorded) whatIf[field.feature] = parsed.value;
  }
  return { whatIf, errors };
}

/** The overrides one model may be sent: those of its own features. */
export function whatIfForModel(whatIf: WhatIf, features: readonly string[]): WhatIf {
  const own: WhatIf = {};
  for (const feature of features) if (feature in whatIf) own[feature] = whatIf[feature]!;
  return own;
}

/** A stable key for a set of overrides, so that an unchanged set is not sent again. */
export function whatIfKey(whatIf: WhatIf): string {
  return JSON.stringify(
    Object.keys(whatIf)
      .sort()
      .map((k) => [k, whatIf[k]]),
  );
}

/** The overrides a key stands for (the inverse of whatIfKey). */
export function whatIfFromKey(key: string): WhatIf {
  const entries = JSON.parse(key) as [string, FeatureCell][];
  return Object.fromEntries(entries);
}

/**
 * Inputs in the order they matter for this patient: the largest |SHAP| any model gives the feature
 * first, so that the inputs worth trying are at the top of a long list.
 */
export function byInfluence(
  fields: readonly WhatIfField[],
  predictions: readonly Pick<PatientPrediction, "shap">[],
): WhatIfField[] {
  const influence = new Map<string, number>();
  for (const p of predictions)
    for (const s of p.shap)
      influence.set(s.feature, Math.max(influence.get(s.feature) ?? 0, Math.abs(s.shap)));
  return [...fields].sort((a, b) => (influence.get(b.feature) ?? 0) - (influence.get(a.feature) ?? 0));
}
