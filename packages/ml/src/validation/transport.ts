import {
  auc,
  binaryStandardizedDifference,
  categoricalStandardizedDifference,
  type DecisionCurveResult,
  decisionCurve,
  foldSplit,
  kFoldAssignment,
  logisticRegression,
  standardizedMeanDifference,
} from "@carta/stats";
import { binaryOutcomeOf, checkRows, type LearningTable } from "../data.js";
import { boostedTreesLearner } from "../learners/boostedTrees.js";
import { designMatrix, learnEncoding } from "../learners/design.js";
import type { BinaryLearner } from "../learners/learner.js";
import { type BinaryPerformance, binaryPerformance, clampProbabilities } from "./binaryPerformance.js";

/**
 * Transport of a binary-endpoint model from the development cohort (3L+) to the target cohort
 * (2L) (DESIGN.md "Transportability"; Debray et al., J Clin Epidemiol 2015;68:279 on the
 * framework; Steyerberg, Clinical Prediction Models 2nd ed. ch. 20 on updating):
 *
 * - performance: the model fitted on every development row, evaluated on the target cohort (AUC
 *   with DeLong CI, Brier, calibration-in-the-large and slope, net benefit at the thresholds);
 * - covariate shift: per feature the standardised difference, development minus target (pooled-SD
 *   SMD, Austin's binary and multinomial d), and a domain classifier — a learner predicting
 *   membership of the target cohort — whose cross-validated AUC is 0.5 when the cohorts cannot be
 *   told apart (Rosenbaum-style balance diagnostic; Debray et al. 2015);
 * - per-predictor effects: an unpenalised logistic regression of the outcome on every predictor
 *   in each cohort, numeric predictors standardised by the pooled mean and SD so that effects are
 *   log-odds per SD; complete cases only (rows dropped are counted). Interaction test per design
 *   column: one model on both cohorts with all main effects, the cohort and that column × cohort;
 *   the Wald p of the product term;
 * - recalibration in the target cohort, cross-validated within it so that the updated model is not
 *   judged on the rows that updated it: intercept-only (glm(y ~ offset(lp))) and logistic
 *   (glm(y ~ lp)) recalibration of the development model's linear predictor, compared by net benefit.
 */

export interface TransportOptions<M, P> {
  learner: BinaryLearner<M, P>;
  params: P;
  table: LearningTable;
  outcome: ArrayLike<number>;
  /** Cohort of each table row. */
  cohort: ArrayLike<string>;
  /** Default "3L+" and "2L". */
  development?: string;
  target?: string;
  /** Net-benefit thresholds; default 0.1, 0.2, …, 0.5. */
  thresholds?: readonly number[];
  seed: number;
  /** Folds of the domain classifier's and the recalibration's cross-validation; default 5. */
  folds?: number;
  /** Learner and params predicting the target cohort; default shallow boosted trees. */
  domainClassifier?: { learner: BinaryLearner<unknown, unknown>; params: unknown };
  confLevel?: number;
}

export interface FeatureShift {
  name: string;
  type: "numeric" | "binary" | "categorical";
  /** Development vs target; Austin's d ≥ 0 for a categorical feature. null when undefined (see note). */
  smd: number | null;
  missingDevelopment: number;
  missingTarget: number;
  /** Why smd is null: fewer than 2 values in a cohort. */
  note: string | null;
}

export interface CohortEffect {
  /**
   * Log-odds (transportBinary) or log hazard ratio (transportSurvival) per SD (numeric), for 1 vs 0
   * (binary) or the level vs the reference.
   */
  estimate: number;
  lower: number;
  upper: number;
}

export interface PredictorEffect {
  name: string;
  standardized: boolean;
  effectDevelopment: CohortEffect;
  effectTarget: CohortEffect;
  /** The product term of predictor × cohort in the pooled model, its estimate and Wald p. */
  interaction: number;
  interactionP: number;
}

export interface RecalibrationComparison {
  method: "original" | "intercept" | "logistic";
  performance: BinaryPerformance;
  netBenefit: DecisionCurveResult;
}

/** SMD per feature and the domain classifier's cross-validated AUC (shared with transportSurvival). */
export interface CovariateShift {
  features: FeatureShift[];
  domainAuc: number;
  domainAucLower: number;
  domainAucUpper: number;
}

/** The per-predictor effects of both cohorts as one model family fits them, on its complete rows. */
export interface EffectsFit {
  predictors: PredictorEffect[];
  nDevelopment: number;
  nTarget: number;
  droppedIncomplete: number;
}

export interface CohortEffects extends EffectsFit {
  /** Features left out of the effect models: fewer than 2 values in a cohort. */
  notEstimable: string[];
  /**
   * "adjusted": one model of all predictors per cohort (complete cases). "one at a time": each
   * predictor alone on the rows that have it — used when too few rows are complete (under
   * MIN_COMPLETE_PER_COHORT in a cohort) or the joint model cannot be fitted; the reason is given.
   */
  adjustment: "adjusted" | "one at a time";
  adjustmentReason: string | null;
}

export interface TransportResult {
  development: string;
  target: string;
  nDevelopment: number;
  nTarget: number;
  performance: BinaryPerformance;
  netBenefit: DecisionCurveResult;
  shift: CovariateShift;
  effects: CohortEffects;
  recalibration: RecalibrationComparison[];
}

export function transportBinary<M, P>(options: TransportOptions<M, P>): TransportResult {
  const caller = "transportBinary";
  const { learner, params, table, outcome, seed } = options;
  const development = options.development ?? "3L+";
  const target = options.target ?? "2L";
  const thresholds = options.thresholds ?? [0.1, 0.2, 0.3, 0.4, 0.5];
  const k = options.folds ?? 5;
  const { devRows, targetRows } = splitCohorts(caller, options.cohort, table, development, target);
  checkRows(caller, table, outcome, devRows);
  checkRows(caller, table, outcome, targetRows);
  const yTarget = binaryOutcomeOf(caller, outcome, targetRows);

  const model = learner.fit(table, outcome, devRows, params);
  const predicted = learner.predictProbability(model, table, targetRows);
  const netBenefit = decisionCurve({ predicted, outcome: yTarget, thresholds });

  return {
    development,
    target,
    nDevelopment: devRows.length,
    nTarget: targetRows.length,
    performance: binaryPerformance(predicted, yTarget, options.confLevel),
    netBenefit,
    shift: covariateShift(options, devRows, targetRows, k),
    effects: cohortEffects(table, devRows, targetRows, (t, dev, tgt) =>
      adjustedEffects(t, outcome, dev, tgt, options.confLevel ?? 0.95),
    ),
    recalibration: recalibrations(predicted, yTarget, thresholds, k, seed, options.confLevel),
  };
}

/** The table rows of each cohort, refusing a cohort vector of the wrong length or an empty cohort. */
export function splitCohorts(
  caller: string,
  cohort: ArrayLike<string>,
  table: LearningTable,
  development: string,
  target: string,
): { devRows: Uint32Array; targetRows: Uint32Array } {
  if (cohort.length !== table.rows.length) {
    throw new RangeError(`${caller}: cohort has ${cohort.length} values for ${table.rows.length} rows`);
  }
  const devRows = rowsOf(cohort, development);
  const targetRows = rowsOf(cohort, target);
  if (devRows.length === 0 || targetRows.length === 0) {
    throw new RangeError(
      `${caller}: needs rows in both cohorts; ${development} has ${devRows.length}, ${target} has ${targetRows.length}`,
    );
  }
  return { devRows, targetRows };
}

function rowsOf(cohort: ArrayLike<string>, label: string): Uint32Array {
  const rows: number[] = [];
  for (let i = 0; i < cohort.length; i++) if (cohort[i] === label) rows.push(i);
  return Uint32Array.from(rows);
}

/** What the covariate-shift analysis reads; the outcome plays no part in it. */
export interface CovariateShiftOptions {
  table: LearningTable;
  seed: number;
  domainClassifier?: { learner: BinaryLearner<unknown, unknown>; params: unknown };
  confLevel?: number;
}

/** SMD per feature and the k-fold cross-validated AUC of the domain classifier (see the header). */
export function covariateShift(
  options: CovariateShiftOptions,
  devRows: Uint32Array,
  targetRows: Uint32Array,
  k: number,
): CovariateShift {
  const { table } = options;
  const features = table.columns.map((column, j): FeatureShift => {
    const cells = (rows: Uint32Array) => Array.from(rows, (r) => table.rows[r]![j] ?? null);
    const a = cells(devRows);
    const b = cells(targetRows);
    const observedA = a.filter((v) => v !== null).length;
    const observedB = b.filter((v) => v !== null).length;
    if (observedA < 2 || observedB < 2) {
      return {
        name: column.name,
        type: column.type,
        smd: null,
        missingDevelopment: a.length - observedA,
        missingTarget: b.length - observedB,
        note: `fewer than 2 values in a cohort (development ${observedA}, target ${observedB})`,
      };
    }
    const result =
      column.type === "numeric"
        ? standardizedMeanDifference({ cohort1: a as (number | null)[], cohort2: b as (number | null)[] })
        : column.type === "binary"
          ? binaryStandardizedDifference({ cohort1: a as (number | null)[], cohort2: b as (number | null)[] })
          : categoricalStandardizedDifference({
              cohort1: a,
              cohort2: b,
              ...(column.levels ? { levels: column.levels } : {}),
            });
    return {
      name: column.name,
      type: column.type,
      smd: result.smd,
      missingDevelopment: result.missing1,
      missingTarget: result.missing2,
      note: null,
    };
  });
  // The domain classifier's outcome: 1 = target cohort, on the rows of both cohorts.
  const rows = Uint32Array.from([...devRows, ...targetRows]);
  const membership = new Float64Array(table.rows.length);
  for (const r of targetRows) membership[r] = 1;
  const local = Float64Array.from(rows, (r) => membership[r]!);
  const classifier = options.domainClassifier ?? {
    learner: boostedTreesLearner as BinaryLearner<unknown, unknown>,
    params: { rounds: 30, maxDepth: 2, learningRate: 0.3 },
  };
  const assignment = kFoldAssignment({ n: rows.length, k, seed: options.seed, strata: local });
  const cvPredicted = new Float64Array(rows.length);
  for (let fold = 0; fold < k; fold++) {
    const split = foldSplit(assignment, fold);
    const fitted = classifier.learner.fit(
      table,
      membership,
      split.train.map((i) => rows[i]!),
      classifier.params,
    );
    const p = classifier.learner.predictProbability(
      fitted,
      table,
      split.test.map((i) => rows[i]!),
    );
    split.test.forEach((i, m) => {
      cvPredicted[i] = p[m]!;
    });
  }
  const domain = auc({ predicted: cvPredicted, outcome: local, confLevel: options.confLevel });
  return { features, domainAuc: domain.auc, domainAucLower: domain.lower, domainAucUpper: domain.upper };
}

/**
 * Fits the effects of every predictor of `table` in both cohorts (complete cases, see the header)
 * with one model family; throws a RangeError when the model cannot be fitted.
 */
export type EffectsModel = (
  table: LearningTable,
  devRows: Uint32Array,
  targetRows: Uint32Array,
) => EffectsFit;

/**
 * The per-predictor effects, adjusted for each other when enough rows are complete and the joint
 * model can be fitted, otherwise one predictor at a time (CohortEffects.adjustment), whatever model
 * family `fit` is: logistic here, Cox in transportSurvival.
 */
export function cohortEffects(
  fullTable: LearningTable,
  devRows: Uint32Array,
  targetRows: Uint32Array,
  fit: EffectsModel,
): CohortEffects {
  // A feature nobody (or one patient) has in a cohort has no effect there, and would leave no
  // complete case at all; it is named, not allowed to empty the comparison.
  const observedIn = (rows: Uint32Array, j: number) => {
    let n = 0;
    for (const r of rows) if ((fullTable.rows[r]![j] ?? null) !== null) n++;
    return n;
  };
  const kept: number[] = [];
  const notEstimable: string[] = [];
  fullTable.columns.forEach((c, j) => {
    if (observedIn(devRows, j) >= 2 && observedIn(targetRows, j) >= 2) kept.push(j);
    else notEstimable.push(c.name);
  });
  const select = (columns: number[]): LearningTable => ({
    columns: columns.map((j) => fullTable.columns[j]!),
    rows: fullTable.rows.map((r) => columns.map((j) => r[j] ?? null)),
  });
  let reason: string;
  try {
    const joint = fit(select(kept), devRows, targetRows);
    if (joint.nDevelopment >= MIN_COMPLETE_PER_COHORT && joint.nTarget >= MIN_COMPLETE_PER_COHORT) {
      return { ...joint, notEstimable, adjustment: "adjusted", adjustmentReason: null };
    }
    reason = `only ${joint.nDevelopment} development and ${joint.nTarget} target rows have every predictor`;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    reason = `the joint model could not be fitted: ${(error as Error).message}`;
  }
  const predictors: PredictorEffect[] = [];
  for (const j of kept) {
    try {
      predictors.push(...fit(select([j]), devRows, targetRows).predictors);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      notEstimable.push(fullTable.columns[j]!.name);
    }
  }
  return {
    predictors,
    nDevelopment: devRows.length,
    nTarget: targetRows.length,
    droppedIncomplete: 0,
    notEstimable,
    adjustment: "one at a time",
    adjustmentReason: `${reason[0]!.toUpperCase()}${reason.slice(1)}; each predictor is modelled alone on the rows that have it.`,
  };
}

/** Below this many complete rows in a cohort, the joint effect model is not used. */
export const MIN_COMPLETE_PER_COHORT = 30;

/**
 * The design matrix of the effect models: complete cases of both cohorts (development rows first),
 * numeric predictors centred and scaled by their pooled mean and SD over those rows, indicators
 * and binary predictors as 0/1.
 */
export interface StandardizedDesign {
  names: readonly string[];
  /** Per design column: scaled to SD units (a numeric predictor). */
  standardized: boolean[];
  /** Complete table rows of each cohort, and both in the order of x's rows. */
  dev: Uint32Array;
  target: Uint32Array;
  both: Uint32Array;
  /** both.length × names.length, row-major. */
  x: Float64Array;
}

export function standardizedDesign(
  table: LearningTable,
  devRows: Uint32Array,
  targetRows: Uint32Array,
): StandardizedDesign {
  const all = Uint32Array.from([...devRows, ...targetRows]);
  const encoding = learnEncoding(table, all);
  const p = encoding.names.length;
  const complete = (rows: Uint32Array) => {
    const x = designMatrix(encoding, table, rows);
    const keep: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      let ok = true;
      for (let j = 0; j < p; j++) if (Number.isNaN(x[i * p + j]!)) ok = false;
      if (ok) keep.push(rows[i]!);
    }
    return Uint32Array.from(keep);
  };
  const dev = complete(devRows);
  const tgt = complete(targetRows);
  const both = Uint32Array.from([...dev, ...tgt]);
  const standardized = encoding.columns.map(
    (c) => c.kind === "value" && table.columns[c.feature]!.type === "numeric",
  );
  const raw = designMatrix(encoding, table, both);
  const centre = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    if (!standardized[j]) continue;
    let sum = 0;
    for (let i = 0; i < both.length; i++) sum += raw[i * p + j]!;
    const mean = sum / both.length;
    let ss = 0;
    for (let i = 0; i < both.length; i++) ss += (raw[i * p + j]! - mean) ** 2;
    centre[j] = mean;
    scale[j] = Math.sqrt(ss / (both.length - 1));
  }
  const x = raw.map((v, k) => (v - centre[k % p]!) / scale[k % p]!);
  return { names: encoding.names, standardized, dev, target: tgt, both, x };
}

/**
 * The pooled design of the interaction test of column j: the main effects, the target-cohort
 * indicator, and column j × that indicator (rows from `nDev` on are the target cohort).
 */
export function withCohortInteraction(x: Float64Array, p: number, nDev: number, j: number): Float64Array {
  const n = x.length / p;
  const q = p + 2;
  const xi = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    const inTarget = i >= nDev ? 1 : 0;
    xi.set(x.subarray(i * p, i * p + p), i * q);
    xi[i * q + p] = inTarget;
    xi[i * q + p + 1] = inTarget * x[i * p + j]!;
  }
  return xi;
}

function adjustedEffects(
  table: LearningTable,
  outcome: ArrayLike<number>,
  devRows: Uint32Array,
  targetRows: Uint32Array,
  confLevel: number,
): EffectsFit {
  const { names, standardized, dev, target: tgt, both, x } = standardizedDesign(table, devRows, targetRows);
  const p = names.length;
  const y = binaryOutcomeOf("transportBinary", outcome, both);
  const nDev = dev.length;
  const fitCohort = (from: number, to: number) =>
    logisticRegression({
      outcome: y.subarray(from, to),
      x: x.subarray(from * p, to * p),
      names,
      confLevel,
    }).coefficients;
  const devFit = fitCohort(0, nDev);
  const tgtFit = fitCohort(nDev, both.length);
  const effect = (c: typeof devFit, j: number): CohortEffect => ({
    estimate: c.coef[j + 1]!,
    lower: c.lower[j + 1]!,
    upper: c.upper[j + 1]!,
  });
  const predictors = names.map((name, j): PredictorEffect => {
    const product = `${name}:cohort`;
    const pooled = logisticRegression({
      outcome: y,
      x: withCohortInteraction(x, p, nDev, j),
      names: [...names, "cohort", product],
      confLevel,
    }).coefficients;
    return {
      name,
      standardized: standardized[j]!,
      effectDevelopment: effect(devFit, j),
      effectTarget: effect(tgtFit, j),
      interaction: pooled.coef[p + 2]!,
      interactionP: pooled.p[p + 2]!,
    };
  });
  return {
    predictors,
    nDevelopment: dev.length,
    nTarget: tgt.length,
    droppedIncomplete: devRows.length + targetRows.length - both.length,
  };
}

function recalibrations(
  predicted: Float64Array,
  y: Float64Array,
  thresholds: readonly number[],
  k: number,
  seed: number,
  confLevel: number | undefined,
): RecalibrationComparison[] {
  const lp = clampProbabilities(predicted).map((p) => Math.log(p / (1 - p)));
  const assignment = kFoldAssignment({ n: y.length, k, seed, strata: y });
  const intercept = new Float64Array(y.length);
  const logistic = new Float64Array(y.length);
  for (let fold = 0; fold < k; fold++) {
    const { train, test } = foldSplit(assignment, fold);
    const yTrain = train.map((i) => y[i]!);
    const lpTrain = Float64Array.from(train, (i) => lp[i]!);
    const a = logisticRegression({ outcome: yTrain, x: new Float64Array(0), names: [], offset: lpTrain })
      .coefficients.coef[0]!;
    const [b0, b1] = logisticRegression({ outcome: yTrain, x: lpTrain, names: ["lp"] }).coefficients.coef;
    for (const i of test) {
      intercept[i] = expit(a + lp[i]!);
      logistic[i] = expit(b0! + b1! * lp[i]!);
    }
  }
  const compare = (method: RecalibrationComparison["method"], p: Float64Array): RecalibrationComparison => ({
    method,
    performance: binaryPerformance(p, y, confLevel),
    netBenefit: decisionCurve({ predicted: p, outcome: y, thresholds }),
  });
  return [compare("original", predicted), compare("intercept", intercept), compare("logistic", logistic)];
}

function expit(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
