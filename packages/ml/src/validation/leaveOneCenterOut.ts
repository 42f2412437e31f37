import { foldSplit, leaveOneGroupOut, type MetaAnalysisResult, metaAnalysis } from "@carta/stats";
import { binaryOutcomeOf, checkRows, everyRow, type LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import { type BinaryPerformance, binaryPerformance } from "./binaryPerformance.js";

/**
 * Leave-one-centre-out (internal–external) validation (Steyerberg & Harrell, J Clin Epidemiol
 * 2016;69:245; Debray et al., BMJ 2017;356:i6460): each centre in turn is predicted by the model
 * fitted on all the others, its AUC and calibration estimated, and the per-centre estimates pooled
 * by random-effects meta-analysis (REML) with a prediction interval for a new centre.
 *
 * - A centre with fewer than `minEvents` events or non-events cannot give a usable AUC or slope;
 *   such centres are pooled into one held-out group named SMALL_CENTRES (listing its members),
 *   as the study protocol requires. If that group is itself below the minimum it is still
 *   predicted and reported, flagged, but left out of the meta-analysis.
 * - AUCs are pooled on the logit scale, logit(AUC) with SE = SE(AUC)/(AUC(1 − AUC)) by the delta
 *   method, and back-transformed (Debray et al.: the logit scale keeps the pooled AUC and its
 *   intervals inside (0, 1) and is closer to normal). Calibration slopes and intercepts
 *   (calibration-in-the-large) are pooled as they are.
 */

export const SMALL_CENTRES = "small centres";

export interface LeaveOneCenterOutOptions<M, P> {
  learner: BinaryLearner<M, P>;
  table: LearningTable;
  outcome: ArrayLike<number>;
  /** Centre of each table row. */
  centers: ArrayLike<string>;
  params: P;
  rows?: Uint32Array;
  /** Fewest events and non-events a centre needs to stand alone; default 5. */
  minEvents?: number;
  confLevel?: number;
}

export interface HeldOutCenter {
  /** A centre's label, or SMALL_CENTRES. */
  label: string;
  /** The centres in this held-out group (one, except for SMALL_CENTRES). */
  centers: string[];
  n: number;
  nEvents: number;
  /** Below minEvents events or non-events even after pooling: reported, not meta-analysed. */
  belowMinimum: boolean;
  /** null when the group has only one outcome class. */
  performance: BinaryPerformance | null;
}

export interface PooledEstimate {
  /** On the scale reported (AUC back-transformed from logits). */
  estimate: number;
  ciLower: number;
  ciUpper: number;
  piLower: number | null;
  piUpper: number | null;
  /** Between-centre SD on the scale pooled (logit for AUC). */
  tau: number;
  i2: number;
  k: number;
  meta: MetaAnalysisResult;
}

export interface LeaveOneCenterOutResult {
  method: "leave-one-center-out";
  minEvents: number;
  groups: HeldOutCenter[];
  rows: Uint32Array;
  /** Out-of-centre predicted risk of each of `rows`. */
  predicted: Float64Array;
  /** null when fewer than two groups have the estimate. */
  pooledAuc: PooledEstimate | null;
  pooledSlope: PooledEstimate | null;
  pooledIntercept: PooledEstimate | null;
}

export function leaveOneCenterOut<M, P>(options: LeaveOneCenterOutOptions<M, P>): LeaveOneCenterOutResult {
  const caller = "leaveOneCenterOut";
  const { learner, table, outcome, params } = options;
  const rows = options.rows ?? everyRow(table.rows.length);
  const minEvents = options.minEvents ?? 5;
  checkRows(caller, table, outcome, rows);
  if (options.centers.length !== table.rows.length) {
    throw new RangeError(
      `${caller}: centers has ${options.centers.length} values for ${table.rows.length} rows`,
    );
  }
  const y = binaryOutcomeOf(caller, outcome, rows);
  const center = Array.from(rows, (row) => String(options.centers[row]));
  const counts = new Map<string, { n: number; events: number }>();
  center.forEach((c, i) => {
    const entry = counts.get(c) ?? { n: 0, events: 0 };
    entry.n++;
    entry.events += y[i]!;
    counts.set(c, entry);
  });
  const isSmall = (c: { n: number; events: number }) => c.events < minEvents || c.n - c.events < minEvents;
  const small = [...counts.keys()].filter((c) => isSmall(counts.get(c)!)).sort();
  const groupOf = center.map((c) => (small.includes(c) ? SMALL_CENTRES : c));
  const folds = leaveOneGroupOut(groupOf);
  const predicted = new Float64Array(rows.length);
  const groups: HeldOutCenter[] = folds.labels.map((label, fold) => {
    const split = foldSplit(folds.assignment, fold);
    const model = learner.fit(
      table,
      outcome,
      split.train.map((i) => rows[i]!),
      params,
    );
    const p = learner.predictProbability(
      model,
      table,
      split.test.map((i) => rows[i]!),
    );
    split.test.forEach((i, k) => {
      predicted[i] = p[k]!;
    });
    const yTest = Float64Array.from(split.test, (i) => y[i]!);
    let events = 0;
    for (const v of yTest) events += v;
    const n = yTest.length;
    return {
      label,
      centers: label === SMALL_CENTRES ? small : [label],
      n,
      nEvents: events,
      belowMinimum: events < minEvents || n - events < minEvents,
      // DeLong's AUC needs two events and two non-events; a smaller group is reported without performance.
      performance: events >= 2 && n - events >= 2 ? binaryPerformance(p, yTest, options.confLevel) : null,
    };
  });
  const usable = groups.filter((g) => !g.belowMinimum && g.performance !== null);
  const aucs = usable.filter((g) => g.performance!.auc.auc > 0 && g.performance!.auc.auc < 1);
  const calibrated = usable.filter((g) => g.performance!.calibration !== null);
  const confLevel = options.confLevel ?? 0.95;
  return {
    method: "leave-one-center-out",
    minEvents,
    groups,
    rows,
    predicted,
    pooledAuc: poolRandomEffects(
      aucs.map((g) => logit(g.performance!.auc.auc)),
      aucs.map((g) => {
        const a = g.performance!.auc;
        return a.stdErr / (a.auc * (1 - a.auc));
      }),
      confLevel,
      expit,
    ),
    pooledSlope: poolRandomEffects(
      calibrated.map((g) => g.performance!.calibration!.slope),
      calibrated.map((g) => g.performance!.calibration!.slopeSe),
      confLevel,
      (v) => v,
    ),
    pooledIntercept: poolRandomEffects(
      calibrated.map((g) => g.performance!.calibration!.intercept),
      calibrated.map((g) => g.performance!.calibration!.interceptSe),
      confLevel,
      (v) => v,
    ),
  };
}

/**
 * Per-group estimates pooled by a REML random-effects meta-analysis with its prediction interval,
 * back-transformed (e.g. expit for AUCs pooled on the logit scale); null with fewer than 2 groups.
 */
export function poolRandomEffects(
  yi: number[],
  sei: number[],
  confLevel: number,
  back: (v: number) => number,
): PooledEstimate | null {
  if (yi.length < 2) return null;
  const meta = metaAnalysis({ yi, sei, method: "REML", confLevel });
  return {
    estimate: back(meta.estimate),
    ciLower: back(meta.ciLower),
    ciUpper: back(meta.ciUpper),
    piLower: meta.piLower === null ? null : back(meta.piLower),
    piUpper: meta.piUpper === null ? null : back(meta.piUpper),
    tau: meta.tau,
    i2: meta.i2,
    k: meta.k,
    meta,
  };
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function expit(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
