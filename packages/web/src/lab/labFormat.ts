import { formatNumber, MISSING_TEXT } from "../format/numbers.js";
import type { FeatureCell, FeatureType, ModelSpec } from "./labApiTypes.js";

/** U+2212, as the rest of the UI writes negative study days. */
const MINUS = "−";

function signed(text: string, value: number): string {
  if (value > 0) return "+" + text;
  if (value < 0) return MINUS + text;
  return text;
}

/**
 * A probability as a whole percentage ("34%"); below 1% and above 99% one decimal, so a small risk is
 * never shown as "0%" nor a near-certain one as "100%".
 */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return MISSING_TEXT;
  const pct = p * 100;
  if (pct > 0 && pct < 1) return (pct < 0.1 ? "<0.1" : pct.toFixed(1)) + "%";
  if (pct < 100 && pct > 99) return (pct > 99.9 ? ">99.9" : pct.toFixed(1)) + "%";
  return Math.round(pct) + "%";
}

/** "22–47%": both ends as formatProbability writes them, one percent sign. */
export function formatProbabilityRange(lower: number, upper: number): string {
  const low = formatProbability(lower);
  const high = formatProbability(upper);
  if (low === MISSING_TEXT || high === MISSING_TEXT) return MISSING_TEXT;
  return `${low.replace(/%$/, "")}–${high}`;
}

/** Percentage points, signed: "+9 points", "−3 points", "+0.4 points" (one decimal below 1). */
export function formatPoints(points: number): string {
  if (!Number.isFinite(points)) return MISSING_TEXT;
  const size = Math.abs(points);
  const rounded = size < 0.05 ? 0 : size < 1 ? Number(size.toFixed(1)) : Math.round(size);
  if (rounded === 0) return "0 points";
  const unit = rounded === 1 ? "point" : "points";
  return `${signed(String(rounded), points)} ${unit}`;
}

/** Two decimals, as AUCs, slopes and intercepts are reported (TRIPOD+AI). Null: the reason given. */
export function formatEstimate(value: number | null | undefined, whenMissing = MISSING_TEXT): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return whenMissing;
  const text = Math.abs(value).toFixed(2);
  return value < 0 && text !== "0.00" ? MINUS + text : text;
}

/** "0.72 (95% CI 0.65–0.79)"; with an empty level "0.72 (0.65–0.79)", where a column header names it. */
export function formatWithCi(estimate: number, lower: number, upper: number, level = "95% CI"): string {
  const prefix = level.length > 0 ? `${level} ` : "";
  return `${formatEstimate(estimate)} (${prefix}${formatEstimate(lower)}–${formatEstimate(upper)})`;
}

/** A p-value to two significant digits; below 0.001 as "<0.001". */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return MISSING_TEXT;
  if (p < 0.001) return "<0.001";
  if (p >= 0.995) return "1.00";
  return p >= 0.1 ? p.toFixed(2) : Number(p.toPrecision(2)).toString();
}

/** Brier scores and net benefits are small numbers: three decimals. */
export function formatSmall(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_TEXT;
  const text = Math.abs(value).toFixed(3);
  return value < 0 && text !== "0.000" ? MINUS + text : text;
}

/** A share (0..1) as a percentage with no decimals: "82%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return MISSING_TEXT;
  return Math.round(share * 100) + "%";
}

/**
 * A feature's value in clinical words: the number with its unit, "yes"/"no" for a binary feature, the
 * dictionary's label for a code, "missing" when the patient has none.
 */
export function formatFeatureValue(
  value: FeatureCell,
  options: { unit?: string | null; type?: FeatureType; codeLabel?: (code: string) => string } = {},
): string {
  if (value === null) return "missing";
  if (typeof value === "string") return options.codeLabel ? options.codeLabel(value) : value;
  if (options.type === "binary") return value === 1 ? "yes" : value === 0 ? "no" : formatNumber(value);
  const unit = options.unit;
  return unit === null || unit === undefined || unit.length === 0
    ? formatNumber(value)
    : `${formatNumber(value)} ${unit}`;
}

const LANDMARK_LABELS: Record<string, string> = {
  decision: "decision to treat (before leukapheresis)",
  lymphodepletion: "lymphodepletion (day −5)",
  infusion: "infusion (day 0)",
  day7: "day +7",
  day28: "day +28",
};

export function landmarkLabel(landmark: string): string {
  return LANDMARK_LABELS[landmark] ?? landmark;
}

export function cohortLabel(cohort: string): string {
  if (cohort === "both") return "2L and 3L+";
  return cohort;
}

const LEARNER_LABELS: Record<string, string> = {
  "boosted-trees": "gradient-boosted trees",
  "elastic-net-logistic": "elastic-net logistic regression",
  "imputed-elastic-net-logistic": "elastic-net logistic regression on multiply imputed data",
  ebm: "explainable boosting machine with pairwise terms",
  "elastic-net-cox": "elastic-net Cox regression (Breslow baseline)",
  "boosted-trees-cox": "gradient-boosted trees with a Cox objective (Breslow baseline)",
  "imputed-elastic-net-cox": "elastic-net Cox regression on multiply imputed data (Breslow baseline)",
};

export function learnerLabel(kind: string): string {
  return LEARNER_LABELS[kind] ?? kind;
}

/** One grid entry in words: "100 rounds · depth 3 · learning rate 0.05" or "λ 0.01 · α 0.5". */
export function gridEntryText(learner: ModelSpec["learner"], index: number): string {
  if (learner.kind === "boosted-trees" || learner.kind === "boosted-trees-cox") {
    const e = learner.grid[index];
    if (e === undefined) return MISSING_TEXT;
    const parts = [`${e.rounds} rounds`];
    if (e.maxDepth !== undefined) parts.push(`depth ${e.maxDepth}`);
    if (e.learningRate !== undefined) parts.push(`learning rate ${e.learningRate}`);
    if (e.minChildWeight !== undefined) parts.push(`min child weight ${e.minChildWeight}`);
    if (e.lambda !== undefined) parts.push(`λ ${e.lambda}`);
    if (e.subsample !== undefined) parts.push(`subsample ${e.subsample}`);
    if (e.colsampleByTree !== undefined) parts.push(`columns per tree ${e.colsampleByTree}`);
    return parts.join(" · ");
  }
  if (learner.kind === "ebm") {
    const e = learner.grid[index];
    if (e === undefined) return MISSING_TEXT;
    const parts = Object.entries(e).map(([key, value]) => `${key} ${value}`);
    return parts.length === 0 ? "defaults" : parts.join(" · ");
  }
  const e = learner.grid[index];
  if (e === undefined) return MISSING_TEXT;
  const parts: string[] = [];
  if (e.lambda !== undefined) parts.push(`λ ${e.lambda}`);
  if (e.alpha !== undefined) parts.push(`α ${e.alpha}`);
  if (learner.kind === "imputed-elastic-net-logistic" || learner.kind === "imputed-elastic-net-cox") {
    const imputed = learner.grid[index]!;
    parts.push(`${imputed.imputations ?? 5} imputations`, `${imputed.iterations ?? 10} iterations`);
  }
  return parts.length === 0 ? "defaults" : parts.join(" · ");
}

/** "2026-01-01T00:00:05.000Z" → "2026-01-01"; anything else as given. */
export function formatDay(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(iso);
  return match === null ? iso : match[1]!;
}

/** A server's method note as a sentence: a capital first letter and a final full stop, added only if missing. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return "";
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) && !capital.endsWith("(") ? capital : capital + ".";
}
