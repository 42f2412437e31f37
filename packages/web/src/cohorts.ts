import type { Cohort } from "./apiTypes.js";

/** Display order everywhere: the prospective 2L cohort first, the 3L+ registry as its comparator. */
export const COHORTS: readonly Cohort[] = ["2L", "3L+"];

export const COHORT_LABELS: Record<Cohort, string> = {
  "2L": "2L (second line)",
  "3L+": "3L+ (third line or later)",
};

/** Parses a cohort from user-controlled text (URL query); anything else is "no cohort filter". */
export function parseCohort(text: string | null): Cohort | null {
  if (text === "2L" || text === "3L+") return text;
  // An unencoded "+" in a query string decodes to a space, so a hand-typed "?cohort=3L+" arrives as "3L ".
  if (text === "3L ") return "3L+";
  return null;
}
