import type { Code } from "./types.js";

/** Code lists shared by several variables (clinical-reference.md §A). */
function codes(...pairs: [string, string][]): readonly Code[] {
  return pairs.map(([code, label]) => ({ code, label }));
}

export const LUGANO_PET_RESPONSE = codes(
  ["CMR", "Complete metabolic response"],
  ["PMR", "Partial metabolic response"],
  ["NMR", "No metabolic response (stable)"],
  ["PMD", "Progressive metabolic disease"],
);

export const CT_RESPONSE = codes(
  ["CR", "Complete response (CT)"],
  ["PR", "Partial response (CT)"],
  ["SD", "Stable disease (CT)"],
  ["PD", "Progressive disease (CT)"],
);

/** PET-CT categories first; CT-only categories when no PET-CT was done. */
export const LUGANO_RESPONSE = [...LUGANO_PET_RESPONSE, ...CT_RESPONSE];

export const DEAUVILLE = codes(
  ["1", "1 — no uptake above background"],
  ["2", "2 — uptake ≤ mediastinum"],
  ["3", "3 — uptake > mediastinum, ≤ liver"],
  ["4", "4 — uptake moderately > liver"],
  ["5", "5 — uptake markedly > liver and/or new lesions"],
  ["X", "X — new uptake unlikely to be lymphoma"],
);

export const NO_YES_GRADE_0_5 = { min: 0, max: 5 } as const;
export { codes };
