import type { FeatureCell } from "../../data.js";
import { binCount, binOfCell, type EbmBinning, levelLookup } from "./binning.js";
import { type EbmModel, mainScore } from "./model.js";

export interface EbmTermContribution {
  /** The feature's name for a main effect, "a × b" for a pair. */
  readonly term: string;
  readonly features: readonly string[];
  /** Log-odds the term adds to the base value for this patient. */
  readonly contribution: number;
}

export interface EbmFeatureContribution {
  readonly feature: string;
  /** main + pairs. */
  readonly contribution: number;
  /** The feature's own main effect. */
  readonly main: number;
  /** Half of every pair term the feature is in. */
  readonly pairs: number;
}

export interface EbmContributions {
  /** The intercept: the mean training margin. */
  readonly baseValue: number;
  readonly margin: number;
  readonly probability: number;
  /** Every term in the model's order (mains, then pairs); baseValue + Σ contribution = margin exactly. */
  readonly terms: readonly EbmTermContribution[];
  /** Per feature, in the model's order; baseValue + Σ contribution = margin up to rounding. */
  readonly features: readonly EbmFeatureContribution[];
}

/**
 * One patient's prediction taken apart. `cells` are the patient's values in the order of
 * model.features (the training table's column order).
 *
 * An EBM is additive in its terms and every term has mean zero over the training rows, so a term's
 * value for the patient is its exact Shapley value when the terms are the players and an absent
 * term takes its training mean — for a main effect this is also the interventional SHAP value of
 * its feature. Per feature, each pair's value is split half and half between its two features:
 * the Shapley value of the game in which a feature's absence removes every term it enters, which
 * is the functional-ANOVA reading that purification gives the terms (Lengerich et al. 2020). The
 * margin is summed in the same order as ebmMargin, so `terms` add up to it exactly.
 */
export function ebmContributions(model: EbmModel, cells: readonly FeatureCell[]): EbmContributions {
  if (cells.length !== model.features.length) {
    throw new RangeError(
      `ebmContributions: expected ${model.features.length} cells (${model.features.map((f) => f.name).join(", ")}), got ${cells.length}`,
    );
  }
  const bin = (binning: EbmBinning, f: number) =>
    binOfCell(binning, levelLookup(binning), cells[f] ?? null, model.features[f]!.name);
  const terms: EbmTermContribution[] = [];
  const main = new Float64Array(model.features.length);
  const pairs = new Float64Array(model.features.length);
  let margin = model.intercept;
  model.features.forEach((feature, f) => {
    const value = mainScore(feature, bin(feature.binning, f));
    main[f] = value;
    margin += value;
    terms.push({ term: feature.name, features: [feature.name], contribution: value });
  });
  for (const pair of model.pairs) {
    const [a, b] = pair.features;
    const value =
      pair.scores[bin(pair.binnings[0], a) * binCount(pair.binnings[1]) + bin(pair.binnings[1], b)]!;
    margin += value;
    pairs[a]! += value / 2;
    pairs[b]! += value / 2;
    const names = [model.features[a]!.name, model.features[b]!.name];
    terms.push({ term: names.join(" × "), features: names, contribution: value });
  }
  return {
    baseValue: model.intercept,
    margin,
    probability: 1 / (1 + Math.exp(-margin)),
    terms,
    features: model.features.map((feature, f) => ({
      feature: feature.name,
      contribution: main[f]! + pairs[f]!,
      main: main[f]!,
      pairs: pairs[f]!,
    })),
  };
}
