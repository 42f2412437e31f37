import type { Cohort } from "../apiTypes.js";

/**
 * Blue and orange stay distinguishable under the common colour-vision deficiencies (Okabe & Ito, "Color
 * Universal Design", 2008); both reach 3:1 contrast against white, enough for graphical objects (WCAG 1.4.11).
 */
export const COHORT_COLORS: Record<Cohort, string> = {
  "2L": "#0b6bb0",
  "3L+": "#c35a00",
};

export const AXIS_TEXT_COLOR = "#3d4450";
export const GRID_LINE_COLOR = "#e3e6ea";
export const LAB_LINE_COLOR = "#0b6bb0";
export const INFUSION_LINE_COLOR = "#8a94a3";
/** Fill of the plausible-range band behind a lab series: light enough to keep the line readable. */
export const RANGE_BAND_COLOR = "rgba(46, 139, 87, 0.12)";
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** The model's own curve or estimate in the lab's charts, and its comparators. */
export const MODEL_COLOR = "#0b6bb0";
export const REFERENCE_COLOR = "#6b7480";
export const TREAT_ALL_COLOR = "#c35a00";
/** Pooled estimates and totals (a dark neutral, so they read as summaries rather than one more group). */
export const SUMMARY_COLOR = "#1d232b";
/** Contributions that raise / lower a probability in a waterfall: orange-red and blue (Okabe & Ito). */
export const RAISES_COLOR = "#c35a00";
export const LOWERS_COLOR = "#0b6bb0";
/** Rows a page points the reader to (the effect modifiers of the transport analysis). */
export const HIGHLIGHT_COLOR = "#8a1f6f";
