import type { DictionaryVariable, StudyDictionaryView } from "../apiTypes.js";

/** Shown when the dictionary gives no name; it is the study carta was built for (DESIGN.md). */
export const DEFAULT_STUDY_NAME = "CAR-T cell therapy in second-line large B-cell lymphoma";

export interface DictionaryLookup {
  studyName: string;
  timePointLabel(id: string): string;
  /** Time point id → label for every time point, e.g. for chart tooltips. */
  timePointLabels: Readonly<Record<string, string>>;
  codeLabel(variable: string, code: string): string;
  /** The dictionary's entry for a variable id; null when unknown or while the dictionary loads. */
  variable(id: string): DictionaryVariable | null;
}

/**
 * Labels for ids the API returns. Without a dictionary (still loading, or failed) every id stands for
 * itself, so pages render with ids rather than waiting or failing.
 */
export function dictionaryLookup(dictionary: StudyDictionaryView | null): DictionaryLookup {
  const timePointLabels: Record<string, string> = {};
  const codes = new Map<string, Map<string, string>>();
  const variables = new Map<string, DictionaryVariable>();
  for (const timePoint of dictionary?.timePoints ?? []) timePointLabels[timePoint.id] = timePoint.label;
  for (const variable of dictionary?.variables ?? []) {
    variables.set(variable.id, variable);
    if (variable.codes == null || variable.codes.length === 0) continue;
    codes.set(variable.id, new Map(variable.codes.map((code) => [code.code, code.label])));
  }
  const study = dictionary?.study;
  return {
    studyName: typeof study === "string" && study.length > 0 ? study : DEFAULT_STUDY_NAME,
    timePointLabel: (id) => timePointLabels[id] ?? id,
    timePointLabels,
    codeLabel: (variable, code) => codes.get(variable)?.get(code) ?? code,
    variable: (id) => variables.get(id) ?? null,
  };
}
