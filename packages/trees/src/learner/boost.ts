import { SeededRandom } from "@carta/stats";
import type { Tree, TreeEnsemble } from "../model/types.js";
import { type BinnedMatrix, binMatrix, computeFeatureBinning, toColumns } from "./binning.js";
import { ColumnSampler } from "./columnSampler.js";
import { EarlyStopping } from "./earlyStopping.js";
import { TreeGrower } from "./grow.js";
import { HistogramPool } from "./histogram.js";
import { evaluateMetric, metricHigherIsBetter } from "./metrics.js";
import { createObjective } from "./objectives/objective.js";
import {
  describeParameters,
  type EvaluationMetric,
  type GradientBoostingOptions,
  resolveParameters,
} from "./options.js";
import { leafOfBinnedRow } from "./predictBinned.js";
import { featuresToFloat32, labelsToFloat32, weightsToFloat32 } from "./trainingData.js";
import { addTreeMargins } from "./treeMargins.js";

/** Bumped whenever the learner would grow different trees from the same data and options. */
export const LEARNER_VERSION = "@carta/trees learner 1 (XGBoost 1.7 hist semantics)";

/** The metric after every round, and where early stopping settled. */
export interface EvaluationLog {
  readonly metric: EvaluationMetric;
  readonly higherIsBetter: boolean;
  /** Metric on the training rows after each round (only with logTrainingMetric). */
  readonly training: readonly number[] | null;
  /** Metric on the validation rows after each round (only with a validation set). */
  readonly validation: readonly number[] | null;
  /** 0-based round with the best validation metric, or null without a validation set. */
  readonly bestIteration: number | null;
  readonly bestScore: number | null;
  /** Rounds actually trained (fewer than requested when early stopping fired). */
  readonly roundsTrained: number;
  readonly stoppedEarly: boolean;
}

export interface GradientBoostingResult {
  /** With early stopping, the trees up to and including the best round. */
  readonly model: TreeEnsemble;
  readonly evaluationLog: EvaluationLog;
  /** Features on which no split is possible (one value and no missing values, or no values). */
  readonly constantFeatures: readonly number[];
}

/**
 * Gradient-boosted trees on quantile-binned features (XGBoost's tree_method = "hist"; Chen &
 * Guestrin, KDD 2016): each round computes the objective's gradients at the current margins, grows
 * one tree on gradient histograms (see grow.ts and splitFinder.ts), and adds its leaves, shrunk by
 * the learning rate, to the margins. Deterministic for a given seed.
 */
export function trainGradientBoosting(options: GradientBoostingOptions): GradientBoostingResult {
  const x = featuresToFloat32(options.features, "features");
  const { rows, columns } = options.features;
  const params = resolveParameters(options, columns);
  const labels = labelsToFloat32(params.objective, options.labels, rows, "labels");
  const weights = weightsToFloat32(options.weights, rows, "weights");
  const featureNames = resolveFeatureNames(options.featureNames, columns);
  const validation = options.validation
    ? {
        x: featuresToFloat32(options.validation.features, "validation.features", columns),
        labels: labelsToFloat32(
          params.objective,
          options.validation.labels,
          options.validation.features.rows,
          "validation.labels",
        ),
        weights: weightsToFloat32(
          options.validation.weights,
          options.validation.features.rows,
          "validation.weights",
        ),
      }
    : null;
  if (params.evalMetric === "auc") {
    if (validation) requireBothClasses(validation.labels, "validation.labels");
    if (params.logTrainingMetric) requireBothClasses(labels, "labels");
  }

  const binning = computeFeatureBinning(toColumns(x, rows, columns), rows, columns, params.maxBin, weights);
  const binned = binMatrix(x, rows, columns, binning);
  const constantFeatures = findConstantFeatures(binned);
  if (constantFeatures.length === columns)
    throw new RangeError(
      "every feature is constant (a single value and no missing values, or no values at all): there is nothing to split on",
    );

  const objective = createObjective(params.objective, labels, weights);
  const baseMargin = objective.baseMargin(params.baseScore);
  const margins = new Float32Array(rows).fill(baseMargin);
  const validationMargins = validation ? new Float32Array(validation.labels.length).fill(baseMargin) : null;
  const grad = new Float32Array(rows);
  const hess = new Float32Array(rows);
  const rowIndex = new Uint32Array(rows);
  const notDrawn = new Uint32Array(rows);
  const scratch = new Uint32Array(rows);

  const random = new SeededRandom(params.seed);
  const rowRandom = random.fork("rows");
  const sampler = new ColumnSampler(
    columns,
    params.colsampleByTree,
    params.colsampleByLevel,
    params.colsampleByNode,
    random.fork("columns"),
  );
  const grower = new TreeGrower(
    binned,
    binning,
    {
      split: {
        lambda: params.lambda,
        alpha: params.alpha,
        minChildWeight: params.minChildWeight,
        maxDeltaStep: params.maxDeltaStep,
        monotone: params.monotoneConstraints,
      },
      growPolicy: params.growPolicy,
      maxDepth: params.maxDepth,
      maxLeaves: params.maxLeaves,
      gamma: params.gamma,
      learningRate: params.learningRate,
    },
    new HistogramPool(binned.totalSlots),
    rows,
  );

  const higherIsBetter = metricHigherIsBetter(params.evalMetric);
  const trainingLog: number[] | null = params.logTrainingMetric ? [] : null;
  const validationLog: number[] | null = validation ? [] : null;
  const stopping = new EarlyStopping(params.earlyStoppingRounds, higherIsBetter);
  const trees: Tree[] = [];
  let stoppedEarly = false;
  for (let round = 0; round < params.rounds; round++) {
    objective.gradients(margins, grad, hess);
    let drawn = 0;
    let skipped = 0;
    if (params.subsample < 1) {
      for (let r = 0; r < rows; r++) {
        if (rowRandom.uniform() < params.subsample) rowIndex[drawn++] = r;
        else notDrawn[skipped++] = r;
      }
    } else {
      for (let r = 0; r < rows; r++) rowIndex[r] = r;
      drawn = rows;
    }
    sampler.startTree();
    grower.grow(rowIndex, drawn, grad, hess, sampler, scratch);
    trees.push(grower.toTree());
    addLeafValues(grower, rowIndex, margins);
    for (let k = 0; k < skipped; k++) {
      const r = notDrawn[k]!;
      margins[r]! += grower.leafValue[leafOfBinnedRow(grower, binned, r)]!;
    }
    if (trainingLog) trainingLog.push(evaluateMetric(params.evalMetric, margins, labels, weights));
    if (validation && validationLog && validationMargins) {
      addTreeMargins(trees[trees.length - 1]!, validation.x, columns, validationMargins);
      const score = evaluateMetric(
        params.evalMetric,
        validationMargins,
        validation.labels,
        validation.weights,
      );
      validationLog.push(score);
      if (stopping.update(round, score)) {
        stoppedEarly = true;
        break;
      }
    }
  }
  const roundsTrained = trees.length;
  const bestIteration = validation ? stopping.bestIteration : null;
  const bestScore = validation ? stopping.bestScore : null;
  const kept =
    params.earlyStoppingRounds !== null && bestIteration !== null ? trees.slice(0, bestIteration + 1) : trees;

  const model: TreeEnsemble = {
    objective: params.objective,
    featureNames,
    baseMargin,
    trees: kept,
    binning: { edges: binning.edges },
    training: {
      source: "carta",
      parameters: describeParameters(params),
      rows,
      ...(params.earlyStoppingRounds !== null && bestIteration !== null && bestScore !== null
        ? { bestIteration, bestScore }
        : {}),
      trainedWith: LEARNER_VERSION,
    },
  };
  return {
    model,
    evaluationLog: {
      metric: params.evalMetric,
      higherIsBetter,
      training: trainingLog,
      validation: validationLog,
      bestIteration,
      bestScore,
      roundsTrained,
      stoppedEarly,
    },
    constantFeatures,
  };
}

/** Every drawn row sits in exactly one leaf's range of the row index after growing. */
function addLeafValues(grower: TreeGrower, rowIndex: Uint32Array, margins: Float32Array): void {
  for (let node = 0; node < grower.nodeCount; node++) {
    if (grower.left[node] !== -1) continue;
    const v = grower.leafValue[node]!;
    const end = grower.rowEnd[node]!;
    for (let i = grower.rowBegin[node]!; i < end; i++) margins[rowIndex[i]!]! += v;
  }
}

function resolveFeatureNames(names: readonly string[] | undefined, columns: number): string[] {
  if (names === undefined) return Array.from({ length: columns }, (_, j) => `f${j}`);
  if (names.length !== columns)
    throw new RangeError(`featureNames has ${names.length} names but the features have ${columns} columns`);
  const seen = new Set<string>();
  names.forEach((name, j) => {
    if (typeof name !== "string" || name.length === 0)
      throw new RangeError(`featureNames[${j}] must be a non-empty string`);
    if (seen.has(name)) throw new RangeError(`featureNames[${j}] repeats the name "${name}"`);
    seen.add(name);
  });
  return [...names];
}

function findConstantFeatures(binned: BinnedMatrix): number[] {
  const { rows, columns, slots, slotOffsets, binCounts, hasMissing } = binned;
  const constant: number[] = [];
  for (let f = 0; f < columns; f++) {
    if (binCounts[f]! >= 2) continue;
    // one bin: splittable only on missing versus present, which needs both
    let present = false;
    if (hasMissing[f]) {
      const missingSlot = slotOffsets[f]! + binCounts[f]!;
      for (let i = 0; i < rows && !present; i++) present = slots[i * columns + f]! !== missingSlot;
    }
    if (!present) constant.push(f);
  }
  return constant;
}

function requireBothClasses(labels: Float32Array, what: string): void {
  let positive = false;
  let negative = false;
  for (const y of labels) {
    if (y > 0) positive = true;
    if (y < 1) negative = true;
  }
  if (!positive || !negative)
    throw new RangeError(`${what} hold a single class, so the auc metric is undefined; use logloss`);
}
