import type { ExplanationFeature, FeatureCell } from "./labApiTypes.js";

/**
 * The layout of a SHAP beeswarm (Lundberg et al., Nat Mach Intell 2020, the summary plot): one row per
 * feature, the most important (mean |SHAP|) first; each training patient a dot at its SHAP value,
 * stacked away from the row's centre line where dots would overlap, and coloured by the rank of its
 * value within the feature (low → high), so that the direction of an effect is visible.
 */

export interface BeeswarmPoint {
  shap: number;
  /** Row offset in row heights, within ±MAX_OFFSET. */
  offset: number;
  /** 0 (lowest value) … 1 (highest); null when the value is missing. */
  rank: number | null;
  value: FeatureCell;
}

export interface BeeswarmRow {
  feature: string;
  label: string;
  unit: string | null;
  meanAbsShap: number;
  points: BeeswarmPoint[];
}

export const BEESWARM_TOP = 15;
const MAX_OFFSET = 0.42;
/** Dots closer than this share of the SHAP range stack rather than overlap. */
const BIN_SHARE = 1 / 80;

function compareCells(a: FeatureCell, b: FeatureCell): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * Ranks of the non-missing values scaled to 0..1, ties sharing their mean rank; a feature with one
 * distinct value gets 0.5 (no direction to show).
 */
export function valueRanks(values: readonly FeatureCell[], levels?: readonly string[]): (number | null)[] {
  const present = values.map((v, i) => ({ v, i })).filter((e) => e.v !== null);
  const order =
    levels !== undefined && levels.length > 0
      ? (a: FeatureCell, b: FeatureCell) => levels.indexOf(String(a)) - levels.indexOf(String(b))
      : compareCells;
  present.sort((a, b) => order(a.v, b.v));
  const ranks: (number | null)[] = values.map(() => null);
  const distinct = new Set(present.map((e) => e.v)).size;
  let start = 0;
  while (start < present.length) {
    let end = start;
    while (end + 1 < present.length && order(present[end + 1]!.v, present[start]!.v) === 0) end++;
    const mean = (start + end) / 2;
    for (let k = start; k <= end; k++) {
      ranks[present[k]!.i] = distinct <= 1 ? 0.5 : mean / (present.length - 1);
    }
    start = end + 1;
  }
  return ranks;
}

export function beeswarmRows(
  features: readonly ExplanationFeature[],
  top = BEESWARM_TOP,
  levelsOf: (feature: string) => readonly string[] | undefined = () => undefined,
): BeeswarmRow[] {
  const chosen = [...features].sort((a, b) => b.meanAbsShap - a.meanAbsShap).slice(0, top);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const f of chosen)
    for (const p of f.points) {
      if (p.shap < lo) lo = p.shap;
      if (p.shap > hi) hi = p.shap;
    }
  const binWidth = hi > lo ? (hi - lo) * BIN_SHARE : 1;

  return chosen.map((feature) => {
    const ranks = valueRanks(
      feature.points.map((p) => p.value),
      levelsOf(feature.feature),
    );
    const bins = new Map<number, number[]>();
    feature.points.forEach((p, i) => {
      const bin = Math.floor((p.shap - lo) / binWidth);
      const members = bins.get(bin);
      if (members === undefined) bins.set(bin, [i]);
      else members.push(i);
    });
    let tallest = 1;
    for (const members of bins.values()) tallest = Math.max(tallest, members.length);
    // Offsets alternate above and below the line: 0, +1, −1, +2, −2 … steps, scaled so the tallest stack fits.
    const step = MAX_OFFSET / Math.max(1, Math.ceil((tallest - 1) / 2));
    const offsets = new Float64Array(feature.points.length);
    for (const members of bins.values()) {
      members.forEach((index, j) => {
        const level = Math.ceil(j / 2);
        offsets[index] = level === 0 ? 0 : (j % 2 === 1 ? 1 : -1) * level * Math.min(step, 0.08);
      });
    }
    return {
      feature: feature.feature,
      label: feature.label,
      unit: feature.unit,
      meanAbsShap: feature.meanAbsShap,
      points: feature.points.map((p, i) => ({
        shap: p.shap,
        offset: offsets[i]!,
        rank: ranks[i]!,
        value: p.value,
      })),
    };
  });
}

/** Blue (low) to red (high) through grey, the SHAP summary plot's convention; grey-brown for missing. */
export function rankColor(rank: number | null): string {
  if (rank === null) return "#9a9a9a";
  const low = [11, 107, 176];
  const high = [200, 40, 60];
  const t = Math.min(1, Math.max(0, rank));
  const channel = (k: number) => Math.round(low[k]! + (high[k]! - low[k]!) * t);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}
