import { foldSplit, leaveOneGroupOut } from "@carta/stats";
import { everyRow, type LearningTable } from "../data.js";
import { type PooledEstimate, poolRandomEffects, SMALL_CENTRES } from "../validation/leaveOneCenterOut.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";
import {
  type IntervalEstimate,
  type SurvivalPerformance,
  survivalPerformance,
} from "./survivalPerformance.js";

/**
 * Leave-one-centre-out (internal–external) validation of a time-to-event learner, the design of
 * the binary one (validation/leaveOneCenterOut.ts; Steyerberg & Harrell, J Clin Epidemiol
 * 2016;69:245; Debray et al., BMJ 2017;356:i6460): each centre in turn is predicted by the model
 * fitted on all the others, and the per-centre Harrell's C, Uno's C at the horizon and calibration
 * slope are pooled by random-effects meta-analysis (REML, @carta/stats' metaAnalysis) with a
 * prediction interval for a new centre.
 *
 * - A centre with fewer than `minEvents` events cannot give a usable C or slope; such centres are
 *   pooled into one held-out group, SMALL_CENTRES, listing its members. If that group is itself
 *   below the minimum it is still predicted and reported, flagged, but left out of the pooling.
 * - C statistics are pooled on the logit scale, SE(logit C) = SE(C)/(C(1 − C)) by the delta method,
 *   and back-transformed (Debray et al.; van Klaveren et al., Stat Med 2014;33:2341 for the
 *   C-index); calibration slopes as they are. Each centre's slope uses its own model's linear
 *   predictor, so the slope is that model's, not a cross-model comparison.
 */

export interface SurvivalLeaveOneCenterOutOptions<M, P> {
  learner: SurvivalLearner<M, P>;
  table: LearningTable;
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  /** Centre of each table row. */
  centers: ArrayLike<string>;
  horizon: number;
  params: P;
  rows?: Uint32Array;
  /** Fewest events a centre needs to stand alone; default 5. */
  minEvents?: number;
  confLevel?: number;
}

export interface SurvivalHeldOutCenter {
  /** A centre's label, or SMALL_CENTRES. */
  label: string;
  centers: string[];
  n: number;
  nEvents: number;
  /** Below minEvents events even after pooling: reported, not meta-analysed. */
  belowMinimum: boolean;
  performance: SurvivalPerformance;
}

export interface SurvivalLeaveOneCenterOutResult {
  method: "leave-one-center-out";
  minEvents: number;
  horizon: number;
  groups: SurvivalHeldOutCenter[];
  rows: Uint32Array;
  /** Out-of-centre risk by the horizon and linear predictor of each of `rows`. */
  riskAtHorizon: Float64Array;
  linearPredictor: Float64Array;
  /** null when fewer than two groups have the estimate. */
  pooledHarrellC: PooledEstimate | null;
  pooledUnoC: PooledEstimate | null;
  pooledSlope: PooledEstimate | null;
}

export function survivalLeaveOneCenterOut<M, P>(
  options: SurvivalLeaveOneCenterOutOptions<M, P>,
): SurvivalLeaveOneCenterOutResult {
  const caller = "survivalLeaveOneCenterOut";
  const { learner, table, time, event, params, horizon } = options;
  const rows = options.rows ?? everyRow(table.rows.length);
  const minEvents = options.minEvents ?? 5;
  const confLevel = options.confLevel ?? 0.95;
  checkHorizon(caller, horizon);
  const outcome = survivalOutcomeOf(caller, table, time, event, rows);
  if (options.centers.length !== table.rows.length) {
    throw new RangeError(
      `${caller}: centers has ${options.centers.length} values for ${table.rows.length} rows`,
    );
  }
  const center = Array.from(rows, (row) => String(options.centers[row]));
  const eventsOf = new Map<string, number>();
  center.forEach((c, i) => {
    eventsOf.set(c, (eventsOf.get(c) ?? 0) + outcome.event[i]!);
  });
  const small = [...eventsOf.keys()].filter((c) => eventsOf.get(c)! < minEvents).sort();
  const smallSet = new Set(small);
  const folds = leaveOneGroupOut(center.map((c) => (smallSet.has(c) ? SMALL_CENTRES : c)));
  const riskAtHorizon = new Float64Array(rows.length);
  const linearPredictor = new Float64Array(rows.length);
  const groups = folds.labels.map((label, fold): SurvivalHeldOutCenter => {
    const split = foldSplit(folds.assignment, fold);
    const test = split.test.map((i) => rows[i]!);
    const model = learner.fit(
      table,
      time,
      event,
      split.train.map((i) => rows[i]!),
      params,
    );
    const survival = learner.predictSurvival(model, table, test, horizon);
    const lp = learner.predictRisk(model, table, test);
    const risk = survival.map((s) => 1 - s);
    split.test.forEach((i, k) => {
      riskAtHorizon[i] = risk[k]!;
      linearPredictor[i] = lp[k]!;
    });
    const t = Float64Array.from(split.test, (i) => outcome.time[i]!);
    const e = Uint8Array.from(split.test, (i) => outcome.event[i]!);
    let nEvents = 0;
    for (const v of e) nEvents += v;
    return {
      label,
      centers: label === SMALL_CENTRES ? small : [label],
      n: test.length,
      nEvents,
      belowMinimum: nEvents < minEvents,
      performance: survivalPerformance({
        riskAtHorizon: risk,
        linearPredictor: lp,
        time: t,
        event: e,
        horizon,
        confLevel,
      }),
    };
  });
  const usable = groups.filter((g) => !g.belowMinimum);
  const pooledC = (pick: (p: SurvivalPerformance) => IntervalEstimate | null) => {
    const withC = usable
      .map((g) => pick(g.performance))
      .filter((c): c is IntervalEstimate => c !== null && c.estimate > 0 && c.estimate < 1 && c.stdErr > 0);
    return poolRandomEffects(
      withC.map((c) => Math.log(c.estimate / (1 - c.estimate))),
      withC.map((c) => c.stdErr / (c.estimate * (1 - c.estimate))),
      confLevel,
      (v) => 1 / (1 + Math.exp(-v)),
    );
  };
  const slopes = usable
    .map((g) => g.performance.calibrationSlope)
    .filter((s): s is IntervalEstimate => s !== null);
  return {
    method: "leave-one-center-out",
    minEvents,
    horizon,
    groups,
    rows,
    riskAtHorizon,
    linearPredictor,
    pooledHarrellC: pooledC((p) => p.harrellC),
    pooledUnoC: pooledC((p) => p.unoC),
    pooledSlope: poolRandomEffects(
      slopes.map((s) => s.estimate),
      slopes.map((s) => s.stdErr),
      confLevel,
      (v) => v,
    ),
  };
}
