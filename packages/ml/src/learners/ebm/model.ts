import type { LearningTable } from "../../data.js";
import { binColumn, binCount, type EbmBinning } from "./binning.js";
import type { ResolvedEbmParams } from "./params.js";

/**
 * An explainable boosting machine: margin = intercept + Σ main effects + Σ pair terms, each term a
 * lookup table over its features' bins. Every term has mean zero over the training rows (repeats
 * counted), so the intercept is the mean training margin — the base value of the contributions.
 */
export interface EbmModel {
  readonly kind: "ebm";
  readonly intercept: number;
  /** One main effect per training column, in the training table's column order. */
  readonly features: readonly EbmFeatureTerm[];
  /** Pair terms in FAST order, strongest first. */
  readonly pairs: readonly EbmPairTerm[];
  readonly training: EbmTrainingSummary;
}

/** A feature's shape function. */
export interface EbmFeatureTerm {
  readonly name: string;
  readonly binning: EbmBinning;
  /** Log-odds contribution of a missing value (or a level the training rows never had). */
  readonly missingScore: number;
  /** Log-odds contribution of each value bin, in bin order. */
  readonly scores: Float64Array;
}

/** A purified pair term: its row and column means are zero over the training rows. */
export interface EbmPairTerm {
  /** Indices into `features`, first < second. */
  readonly features: readonly [number, number];
  /** Each feature's coarse binning inside this pair. */
  readonly binnings: readonly [EbmBinning, EbmBinning];
  /**
   * (1 + bins of the first) × (1 + bins of the second) scores, row-major; row and column 0 are the
   * missing bins.
   */
  readonly scores: Float64Array;
  /** FAST strength at selection: the best 2 × 2 cut's reduction of the training log loss. */
  readonly strength: number;
}

export interface EbmTrainingSummary {
  /** Rows fitted (repeats counted), and how the inner split divided them. */
  readonly rows: number;
  readonly boostingRows: number;
  readonly validationRows: number;
  /** Cycles kept by early stopping in each stage (all cycles when there is no validation split). */
  readonly mainCycles: number;
  readonly pairCycles: number;
  readonly params: ResolvedEbmParams;
}

/** Where each of the model's features is in `table`, refusing a table without them. */
export function modelColumns(model: EbmModel, table: LearningTable): Int32Array {
  const byName = new Map(table.columns.map((column, j) => [column.name, j]));
  return Int32Array.from(model.features, (feature) => {
    const j = byName.get(feature.name);
    if (j === undefined) throw new RangeError(`ebm model: the table has no column ${feature.name}`);
    const type = table.columns[j]!.type;
    if (type !== feature.binning.type) {
      throw new RangeError(
        `ebm model: column ${feature.name} is ${type} in the table but was ${feature.binning.type} in training`,
      );
    }
    return j;
  });
}

/**
 * Margins (log-odds) of the given rows. Terms are added in the model's order — intercept, mains,
 * pairs — the order ebmContributions reports them in, so the two agree to the last bit.
 */
export function ebmMargin(model: EbmModel, table: LearningTable, rows: Uint32Array): Float64Array {
  const columns = modelColumns(model, table);
  const n = rows.length;
  const out = new Float64Array(n).fill(model.intercept);
  const bins = new Uint16Array(n);
  const other = new Uint16Array(n);
  model.features.forEach((feature, f) => {
    binColumn(feature.binning, table, columns[f]!, rows, bins);
    for (let i = 0; i < n; i++) out[i]! += mainScore(feature, bins[i]!);
  });
  for (const pair of model.pairs) {
    const [a, b] = pair.features;
    const width = binCount(pair.binnings[1]);
    binColumn(pair.binnings[0], table, columns[a]!, rows, bins);
    binColumn(pair.binnings[1], table, columns[b]!, rows, other);
    for (let i = 0; i < n; i++) out[i]! += pair.scores[bins[i]! * width + other[i]!]!;
  }
  return out;
}

export function mainScore(feature: EbmFeatureTerm, bin: number): number {
  return bin === 0 ? feature.missingScore : feature.scores[bin - 1]!;
}

/** Predicted probabilities of the event for the given rows. */
export function ebmProbability(model: EbmModel, table: LearningTable, rows: Uint32Array): Float64Array {
  return ebmMargin(model, table, rows).map((m) => 1 / (1 + Math.exp(-m)));
}
