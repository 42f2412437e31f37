import type { DictionaryVariable } from "../apiTypes.js";
import type { GlobalExplanations } from "./labApiTypes.js";
import { dictionaryVariableOf } from "./whatIf.js";

/**
 * A feature column's name in clinical words: the label the server gave it (global explanations),
 * else the dictionary's label — with the visit for an earlier time point read on purpose
 * ("ctDNA (at apheresis)") — else the column name itself.
 */
export function featureLabeller(
  explanations: GlobalExplanations | null,
  variable: (id: string) => DictionaryVariable | null,
  timePointLabel: (id: string) => string = (id) => id,
): (feature: string) => string {
  const labels = new Map((explanations?.features ?? []).map((f) => [f.feature, f.label]));
  return (feature) => {
    const given = labels.get(feature);
    if (given !== undefined && given.length > 0) return given;
    const entry = dictionaryVariableOf(feature, variable);
    if (entry === null) return feature;
    if (entry.id === feature) return entry.label;
    const at = feature.slice(entry.id.length + "_at_".length);
    return `${entry.label} (at ${timePointLabel(at)})`;
  };
}
