import type { DictionaryLookup } from "../dictionary/lookup.js";
import { formatNumber } from "../format/numbers.js";
import { featureLabeller } from "../lab/featureNames.js";
import type {
  EbmAxisBin,
  EbmFeatureShape,
  EbmPairShape,
  EbmShapes,
  FeatureType,
  GlobalExplanations,
} from "../lab/labApiTypes.js";
import { dictionaryVariableOf } from "../lab/whatIf.js";

/**
 * How the EBM figures name things: a feature column in clinical words, its unit, and one of its
 * levels (a dictionary code's label; "yes"/"no" for a binary feature, whose levels are "0" and "1").
 */
export interface EbmNaming {
  label(feature: string): string;
  unit(feature: string): string | null;
  level(feature: string, level: string): string;
}

/**
 * The names the rest of the model page uses: the label and unit the server gave the feature in the
 * global explanations, else the dictionary's; levels through the dictionary's code labels.
 */
export function ebmNaming(
  shapes: EbmShapes,
  explanations: GlobalExplanations | null,
  dictionary: Pick<DictionaryLookup, "variable" | "timePointLabel" | "codeLabel">,
): EbmNaming {
  const label = featureLabeller(explanations, dictionary.variable, dictionary.timePointLabel);
  const given = new Map((explanations?.features ?? []).map((f) => [f.feature, f]));
  const types = new Map(shapes.features.map((s) => [s.feature, s.type]));
  return {
    label,
    unit: (feature) => {
      const unit =
        given.get(feature)?.unit ?? dictionaryVariableOf(feature, dictionary.variable)?.unit ?? null;
      return unit === null || unit.length === 0 ? null : unit;
    },
    level: (feature, level) => {
      const entry = dictionaryVariableOf(feature, dictionary.variable);
      return levelWords(types.get(feature) ?? "categorical", level, (code) =>
        entry === null ? code : dictionary.codeLabel(entry.id, code),
      );
    },
  };
}

/** The shape functions, the most important first (mean |score| over the training rows). */
export function shapesByImportance(shapes: EbmShapes): EbmFeatureShape[] {
  return [...shapes.features].sort((a, b) => b.importance - a.importance);
}

export function pairsByImportance(shapes: EbmShapes): EbmPairShape[] {
  return [...shapes.pairs].sort((a, b) => b.importance - a.importance);
}

/** A binary feature's level in words; other levels go through the dictionary's labels. */
export function levelWords(type: FeatureType, level: string, codeLabel: (level: string) => string): string {
  if (type === "binary") return level === "1" ? "yes" : level === "0" ? "no" : level;
  return codeLabel(level);
}

/** A numeric bin as its value range, "120–250"; a level bin as the level's words; "missing" for bin 0. */
export function axisBinLabel(bin: EbmAxisBin, level: (code: string) => string): string {
  if (bin.missing) return "missing";
  if (bin.lower !== null && bin.upper !== null)
    return `${formatNumber(bin.lower)}–${formatNumber(bin.upper)}`;
  return level(String(bin.x));
}

/** "LDH (U/L)", or the label alone for a feature without a unit. */
export function labelWithUnit(naming: EbmNaming, feature: string): string {
  const unit = naming.unit(feature);
  const label = naming.label(feature);
  return unit === null || unit.length === 0 ? label : `${label} (${unit})`;
}

/** Training rows over all bins of a shape, the missing one included. */
export function shapeRows(shape: EbmFeatureShape): number {
  return shape.bins.reduce((sum, bin) => sum + bin.count, shape.missing.count);
}
