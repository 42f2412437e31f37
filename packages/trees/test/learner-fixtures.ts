import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { SeededRandom } from "@carta/stats";
import type { GradientBoostingOptions } from "../src/learner/options.js";
import type { Tree, TreeEnsemble } from "../src/model/types.js";

/**
 * Fixtures of tools/python/learner-reference.py (XGBoost 1.7.4, nthread = 1, tree_method = "hist")
 * and an independent walk of carta's tree form for the learner tests.
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** XGBoost hyperparameter names → the learner's option names. */
const OPTION_NAMES: Record<string, keyof GradientBoostingOptions> = {
  eta: "learningRate",
  max_depth: "maxDepth",
  max_leaves: "maxLeaves",
  grow_policy: "growPolicy",
  min_child_weight: "minChildWeight",
  lambda: "lambda",
  alpha: "alpha",
  gamma: "gamma",
  max_delta_step: "maxDeltaStep",
  subsample: "subsample",
  colsample_bytree: "colsampleByTree",
  colsample_bylevel: "colsampleByLevel",
  colsample_bynode: "colsampleByNode",
  max_bin: "maxBin",
  monotone_constraints: "monotoneConstraints",
};

/** The learner's options for XGBoost's parameters (every one must be known). */
export function optionsFromXgboost(params: Record<string, unknown>): Partial<GradientBoostingOptions> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const option = OPTION_NAMES[name];
    if (!option) throw new Error(`fixture parameter ${name} has no learner option`);
    out[option] = value;
  }
  return out as Partial<GradientBoostingOptions>;
}

export interface XgboostTreeJson {
  left: number[];
  right: number[];
  feature: number[];
  condition: number[];
  defaultLeft: number[];
  cover: number[];
}

export interface ExactRun {
  name: string;
  objective: "binary:logistic" | "survival:cox" | "reg:squarederror";
  rounds: number;
  params: Record<string, unknown>;
  /** Trained with the fixture's case weights. */
  weighted: boolean;
  trees: XgboostTreeJson[];
}

export interface ExactFixture {
  rows: number;
  columns: number;
  features: Float64Array;
  labels: Record<string, number[]>;
  weights: number[];
  runs: ExactRun[];
}

export function loadExactFixture(): ExactFixture {
  const json = JSON.parse(readFileSync(join(FIXTURES, "learner-exact.json"), "utf8"));
  return {
    rows: json.rows,
    columns: json.columns,
    features: Float64Array.from(json.features as (number | null)[], (v) => (v === null ? Number.NaN : v)),
    labels: json.labels,
    weights: json.weights,
    runs: json.runs,
  };
}

export interface ReferenceRun {
  name: string;
  objective: "binary:logistic" | "survival:cox" | "reg:squarederror";
  rounds: number;
  params: Record<string, unknown>;
  heldOutAuc?: number;
  heldOutRmse?: number;
  heldOutMargins?: string;
}

export interface ReferenceCohort {
  rows: number;
  trainRows: number;
  columns: number;
  featureNames: string[];
  /** Row-major float32 features of all rows (training rows first). */
  features: Float32Array;
  binaryLabel: Float32Array;
  /** XGBoost's signed survival labels (negative = censored). */
  coxLabel: Float32Array;
  runs: ReferenceRun[];
  /** XGBoost's held-out margins by block name. */
  margins(name: string): Float32Array;
}

export function loadReferenceCohort(): ReferenceCohort {
  const meta = JSON.parse(readFileSync(join(FIXTURES, "learner-reference.json"), "utf8"));
  const raw = gunzipSync(readFileSync(join(FIXTURES, meta.binaryFile)));
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const block = (name: string) => {
    const b = meta.layout.find((l: { name: string }) => l.name === name);
    if (!b) throw new Error(`learner-reference.bin has no block ${name}`);
    return b as { byteOffset: number; shape: number[] };
  };
  const copy = (name: string, bytesPer: number) => {
    const b = block(name);
    const length = b.shape.reduce((a, c) => a * c, 1) * bytesPer;
    return bytes.slice(b.byteOffset, b.byteOffset + length).buffer;
  };
  const rows: number = meta.rows;
  const features = meta.features as { name: string; offset: number; scale: number }[];
  const columns = features.length;
  const codes = new Uint16Array(copy("featureCodes", 2));
  const x = new Float32Array(rows * columns);
  features.forEach(({ offset, scale }, j) => {
    for (let i = 0; i < rows; i++) {
      const c = codes[j * rows + i]!;
      x[i * columns + j] = c === meta.missingCode ? Number.NaN : offset + c * scale;
    }
  });
  const binaryLabel = Float32Array.from(new Uint8Array(copy("binaryLabel", 1)));
  const coxLabel = Float32Array.from(new Int16Array(copy("coxLabel", 2)), (c) => c * meta.timeScale);
  return {
    rows,
    trainRows: meta.trainRows,
    columns,
    featureNames: features.map((f) => f.name),
    features: x,
    binaryLabel,
    coxLabel,
    runs: meta.runs,
    margins: (name) => new Float32Array(copy(name, 4)),
  };
}

/** The leaf a row reaches: left when float32(x) < condition, missing by the default direction. */
export function leafOf(tree: Tree, x: ArrayLike<number>, offset: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const v = x[offset + tree.splitFeature[node]!]!;
    const goesLeft = Number.isNaN(v)
      ? tree.defaultLeft[node] === 1
      : Math.fround(v) < tree.splitCondition[node]!;
    node = goesLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/** Margins of a model on row-major rows, accumulated in float32 tree by tree as XGBoost does. */
export function marginsOf(model: TreeEnsemble, x: ArrayLike<number>, columns: number): Float32Array {
  const rows = x.length / columns;
  const out = new Float32Array(rows).fill(model.baseMargin);
  for (const tree of model.trees)
    for (let i = 0; i < rows; i++) out[i]! += tree.leafValue[leafOf(tree, x, i * columns)]!;
  return out;
}

/** Area under the ROC curve by counting every positive–negative pair (ties count half). */
export function pairwiseAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i]! > scores[j]!) concordant++;
      else if (scores[i] === scores[j]) concordant += 0.5;
    }
  }
  return concordant / pairs;
}

export interface SyntheticData {
  values: Float64Array;
  rows: number;
  columns: number;
  labels: Float64Array;
}

/**
 * A small binary data set: x0 uniform on (−3, 3) with a non-monotone effect, x1 normal, x2 noise,
 * x3 with 20% missing values (missingness raises the risk).
 */
export function syntheticBinary(rows: number, seed: number): SyntheticData {
  const rng = new SeededRandom(seed);
  const columns = 4;
  const values = new Float64Array(rows * columns);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const x0 = rng.uniform() * 6 - 3;
    const x1 = rng.normal();
    const x2 = rng.normal();
    const x3 = rng.bernoulli(0.2) ? Number.NaN : rng.uniform() * 10;
    values.set([x0, x1, x2, x3], i * columns);
    const logit =
      Math.sin(2 * x0) +
      0.4 * x0 -
      Math.cos(x1) +
      (Number.isNaN(x3) ? 0.8 : 0.15 * x3 - 0.75) +
      0.3 * x1 * x0;
    labels[i] = rng.bernoulli(1 / (1 + Math.exp(-logit))) ? 1 : 0;
  }
  return { values, rows, columns, labels };
}

/** Row i of a row-major matrix as a new array. */
export function rowOf(d: { values: Float64Array; columns: number }, i: number): Float64Array {
  return d.values.slice(i * d.columns, (i + 1) * d.columns);
}
