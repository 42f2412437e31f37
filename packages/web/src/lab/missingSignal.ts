import type { GlobalExplanations } from "./labApiTypes.js";
import { formatShare } from "./labFormat.js";

/**
 * Missing values as signal (clinical-reference §D.6 item 3: centre-driven missingness must not dominate
 * the explanations; docs/lab.md "Global explanations"). carta adds no missingness indicators, but a tree
 * routes a missing value by a learned direction and can still attribute to it; the server says how much
 * of the explanation's |SHAP| sits on missing cells, overall and per feature.
 */

export interface MissingFeature {
  feature: string;
  label: string;
  /** Training rows where the feature is missing. */
  rows: number;
  /** Share of the feature's own |SHAP| those rows carry. */
  shareOfShap: number;
}

export interface MissingSignal {
  /** Share of all |SHAP| over the training rows carried by missing cells. */
  share: number;
  /** Training rows the shares are over; null when the server does not say. */
  rows: number | null;
  /** Features with missing rows, the highest share of their own |SHAP| first (ties: more rows first). */
  features: MissingFeature[];
}

/** What the explanations say about missing values; null when the server does not send the shares. */
export function missingSignal(explanations: GlobalExplanations | null, top = 5): MissingSignal | null {
  if (explanations === null || explanations.missingShare === undefined) return null;
  const features = explanations.features
    .flatMap((f) =>
      f.missing !== undefined && f.missing.rows > 0
        ? [{ feature: f.feature, label: f.label, rows: f.missing.rows, shareOfShap: f.missing.shareOfShap }]
        : [],
    )
    .sort((a, b) => b.shareOfShap - a.shareOfShap || b.rows - a.rows)
    .slice(0, top);
  return { share: explanations.missingShare, rows: explanations.rows ?? null, features };
}

/** A share in whole percent, "under 1%" when it is not zero but rounds to it. */
export function shareText(share: number): string {
  return share > 0 && share < 0.005 ? "under 1%" : formatShare(share);
}

/** "Missing values carry 14% of the explanation's total |SHAP|". */
export function missingShareText(signal: MissingSignal): string {
  return `Missing values carry ${shareText(signal.share)} of the explanation's total |SHAP|`;
}

/** "ctDNA level: missing in 120 of 240 training rows, 35% of its |SHAP|". */
export function missingFeatureText(f: MissingFeature, rows: number | null): string {
  const of = rows === null ? "" : ` of ${rows}`;
  return `${f.label}: missing in ${f.rows}${of} training rows, ${shareText(f.shareOfShap)} of its |SHAP|`;
}
