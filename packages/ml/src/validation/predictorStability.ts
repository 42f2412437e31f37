import { quantileSorted } from "@carta/stats";
import { createTreeShapExplainer } from "@carta/trees";
import type { LearningTable } from "../data.js";
import type { BoostedTreesModel } from "../learners/boostedTrees.js";
import { type DesignEncoding, designMatrix } from "../learners/design.js";
import { ebmContributions } from "../learners/ebm/contributions.js";
import { type EbmModel, modelColumns } from "../learners/ebm/model.js";
import type { ElasticNetModel } from "../learners/elasticNet.js";
import type { AnyImputedElasticNetPredictor } from "../learners/imputedElasticNet.js";

/**
 * How stable a model's predictors are across bootstrap refits (Sauerbrei & Schumacher, Stat Med
 * 1992;11:2093; Heinze, Wallisch & Dunkler, Biom J 2018;60:431 — inclusion frequencies; Altman &
 * Royston's warning that one fitted model overstates how settled its predictor list is): per refit,
 * which features the model used and how each ranks by importance, then per feature the share of
 * refits that used it and the distribution of its rank.
 *
 * Per feature (a table column; a categorical feature's indicator columns count together):
 * - selected: elastic net, a nonzero coefficient (imputed elastic net: nonzero pooled, i.e. mean,
 *   coefficient); boosted trees, at least one split on it.
 * - importance: elastic net, |coefficient × training SD| (the standardised coefficient, summed in
 *   absolute value over a categorical feature's indicators); boosted trees, the mean over training
 *   rows of |TreeSHAP| (path-dependent, Lundberg et al. 2020), the indicators' values summed per row
 *   first; EBM, the mean over training rows of |the feature's contribution| (its shape-function score
 *   plus half of each pair term it is in, ebmContributions: the explanation the predictions show),
 *   selected when its shape function or a pair term it is in is not zero everywhere. To keep the cost
 *   modest, SHAP and EBM contributions are computed on at most STABILITY_SHAP_ROWS of the refit's
 *   training rows, taken evenly through its bootstrap sample (itself a random draw of patients).
 * - rank: 1 for the most important feature of the refit; tied features (e.g. all unused ones, at 0)
 *   share the mean of their ranks.
 */

export const STABILITY_SHAP_ROWS = 200;

export interface FeatureImportance {
  /** How importance was measured, for the report. */
  measure: string;
  /** Per table column: 1 when the refit used the feature. */
  selected: Uint8Array;
  /** Per table column: the importance, ≥ 0. */
  importance: Float64Array;
}

export interface ReplicateImportance extends FeatureImportance {
  replicate: number;
}

export interface PredictorStability {
  feature: string;
  selectedFraction: number;
  medianRank: number;
  /** 2.5th and 97.5th percentiles (R type 7) of the rank over the refits. */
  rankLower: number;
  rankUpper: number;
  /** Share of refits where the feature ranks among the five most important (rank ≤ 5). */
  top5Fraction: number;
}

const TREE_MEASURE = `mean |TreeSHAP| over at most ${STABILITY_SHAP_ROWS} of each refit's training rows`;
const LINEAR_MEASURE = "|coefficient × training SD|";
const IMPUTED_MEASURE = "|pooled coefficient × training SD| (mean over the imputations)";
const EBM_MEASURE = `mean |EBM contribution| (shape function plus half of its pair terms) over at most ${STABILITY_SHAP_ROWS} of each refit's training rows`;

/**
 * The importance of each feature in one refitted model, given the rows it was fitted on; null for
 * a model kind this does not know how to read.
 */
export function featureImportance(
  model: unknown,
  table: LearningTable,
  rows: Uint32Array,
  maxShapRows = STABILITY_SHAP_ROWS,
): FeatureImportance | null {
  const kind = (model as { kind?: unknown } | null)?.kind;
  const nFeatures = table.columns.length;
  // The Cox trees hold the same encoding and ensemble; their SHAP values are on the log relative hazard.
  if (kind === "boosted-trees" || kind === "boosted-trees-cox")
    return treeImportance(model as BoostedTreesModel, table, rows, maxShapRows);
  if (kind === "ebm") return ebmImportance(model as EbmModel, table, rows, maxShapRows);
  if (kind === "elastic-net-logistic" || kind === "elastic-net-cox") {
    const m = model as ElasticNetModel;
    return linearImportance(m.encoding, m.standardizedCoefficients, nFeatures, LINEAR_MEASURE);
  }
  // The Cox twin pools log hazard ratios over its imputations as the logistic one pools log-odds.
  if (kind === "imputed-elastic-net-logistic" || kind === "imputed-elastic-net-cox") {
    const m = model as AnyImputedElasticNetPredictor;
    const pooled = new Float64Array(m.encoding.names.length);
    for (const fit of m.fits) {
      for (let j = 0; j < pooled.length; j++) pooled[j]! += fit.standardizedCoefficients[j]! / m.fits.length;
    }
    return linearImportance(m.encoding, pooled, nFeatures, IMPUTED_MEASURE);
  }
  return null;
}

function linearImportance(
  encoding: DesignEncoding,
  standardized: Float64Array,
  nFeatures: number,
  measure: string,
): FeatureImportance {
  const selected = new Uint8Array(nFeatures);
  const importance = new Float64Array(nFeatures);
  encoding.columns.forEach((column, j) => {
    const b = standardized[j]!;
    if (b !== 0) selected[column.feature] = 1;
    importance[column.feature]! += Math.abs(b);
  });
  return { measure, selected, importance };
}

function treeImportance(
  model: BoostedTreesModel,
  table: LearningTable,
  rows: Uint32Array,
  maxShapRows: number,
): FeatureImportance {
  const nFeatures = table.columns.length;
  const featureOf = Int32Array.from(model.encoding.columns, (c) => c.feature);
  const selected = new Uint8Array(nFeatures);
  for (const tree of model.ensemble.trees) {
    for (let node = 0; node < tree.left.length; node++) {
      if (tree.left[node] !== -1) selected[featureOf[tree.splitFeature[node]!]!] = 1;
    }
  }
  const importance = new Float64Array(nFeatures);
  const m = Math.min(maxShapRows, rows.length);
  if (m === 0) return { measure: TREE_MEASURE, selected, importance };
  const subsample = Uint32Array.from({ length: m }, (_, k) => rows[Math.floor((k * rows.length) / m)]!);
  const shap = createTreeShapExplainer(model.ensemble).explain(
    designMatrix(model.encoding, table, subsample),
  );
  const p = shap.names.length;
  const perRow = new Float64Array(nFeatures);
  for (let i = 0; i < m; i++) {
    perRow.fill(0);
    for (let j = 0; j < p; j++) perRow[featureOf[j]!]! += shap.values[i * p + j]!;
    for (let f = 0; f < nFeatures; f++) importance[f]! += Math.abs(perRow[f]!) / m;
  }
  return { measure: TREE_MEASURE, selected, importance };
}

function ebmImportance(
  model: EbmModel,
  table: LearningTable,
  rows: Uint32Array,
  maxRows: number,
): FeatureImportance {
  const nFeatures = table.columns.length;
  const columnOf = modelColumns(model, table);
  const selected = new Uint8Array(nFeatures);
  const nonZero = (scores: Float64Array) => scores.some((s) => s !== 0);
  model.features.forEach((feature, f) => {
    if (feature.missingScore !== 0 || nonZero(feature.scores)) selected[columnOf[f]!] = 1;
  });
  for (const pair of model.pairs) {
    if (!nonZero(pair.scores)) continue;
    selected[columnOf[pair.features[0]]!] = 1;
    selected[columnOf[pair.features[1]]!] = 1;
  }
  const importance = new Float64Array(nFeatures);
  const m = Math.min(maxRows, rows.length);
  const cells = new Array(model.features.length);
  for (let k = 0; k < m; k++) {
    const row = table.rows[rows[Math.floor((k * rows.length) / m)]!]!;
    for (let f = 0; f < cells.length; f++) cells[f] = row[columnOf[f]!] ?? null;
    ebmContributions(model, cells).features.forEach((c, f) => {
      importance[columnOf[f]!]! += Math.abs(c.contribution) / m;
    });
  }
  return { measure: EBM_MEASURE, selected, importance };
}

/** Ranks 1…k by decreasing importance; ties share the mean of their ranks (R's rank(-x), "average"). */
export function importanceRanks(importance: ArrayLike<number>): Float64Array {
  const k = importance.length;
  const order = Uint32Array.from({ length: k }, (_, i) => i).sort((a, b) => importance[b]! - importance[a]!);
  const ranks = new Float64Array(k);
  for (let start = 0; start < k; ) {
    let end = start + 1;
    while (end < k && importance[order[end]!] === importance[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let r = start; r < end; r++) ranks[order[r]!] = rank;
    start = end;
  }
  return ranks;
}

/** Per feature, over the refits given (in any order): sorted by median rank, then table order. */
export function predictorStability(
  features: readonly string[],
  replicates: readonly ReplicateImportance[],
): PredictorStability[] {
  const b = replicates.length;
  if (b === 0) throw new RangeError("predictorStability: no refits");
  const k = features.length;
  const ranks = Array.from({ length: k }, () => new Float64Array(b));
  const selected = new Float64Array(k);
  const top5 = new Float64Array(k);
  const ordered = replicates.slice().sort((x, y) => x.replicate - y.replicate);
  ordered.forEach((r, i) => {
    if (r.importance.length !== k || r.selected.length !== k) {
      throw new RangeError(`predictorStability: replicate ${r.replicate} does not have ${k} features`);
    }
    const rank = importanceRanks(r.importance);
    for (let f = 0; f < k; f++) {
      ranks[f]![i] = rank[f]!;
      selected[f]! += r.selected[f]!;
      if (rank[f]! <= 5) top5[f]!++;
    }
  });
  const rows = features.map((feature, f) => {
    const sorted = ranks[f]!.sort();
    return {
      feature,
      selectedFraction: selected[f]! / b,
      medianRank: quantileSorted(sorted, 0.5),
      rankLower: quantileSorted(sorted, 0.025),
      rankUpper: quantileSorted(sorted, 0.975),
      top5Fraction: top5[f]! / b,
    };
  });
  return rows
    .map((row, f) => ({ row, f }))
    .sort((x, y) => x.row.medianRank - y.row.medianRank || x.f - y.f)
    .map((x) => x.row);
}
