import { foldSplit, leaveOneGroupOut } from "@carta/stats";
import { everyRow, type LearningTable } from "../data.js";
import { type PooledEstimate, poolRandomEffects, SMALL_CENTRES } from "../validation/leaveOneCenterOut.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";
import type { EndpointPerformanceInput, TimeToEventEndpoint } from "./survivalNestedCv.js";
import { type SurvivalPerformance, survivalPerformance } from "./survivalPerformance.js";

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
 *
 * The design itself is timeToEventLeaveOneCenterOut, which takes the endpoint — its outcome check,
 * what counts as an event for minEvents, the per-centre performance and the estimates pooled — so
 * that it also validates a competing-risks endpoint (competing/competingValidation.ts);
 * survivalLeaveOneCenterOut is it with the survival endpoint above.
 */

/** An estimate pooled across centres: logit-scale ones (C, AUC) must lie in (0, 1) with SE > 0. */
export interface PooledMetric<Perf> {
  readonly name: string;
  readonly scale: "logit" | "identity";
  pick(performance: Perf): { estimate: number; stdErr: number } | null;
}

export interface CenterEndpoint<Perf> {
  outcomeOf: TimeToEventEndpoint<unknown, string>["outcomeOf"];
  /** Whether a status counts towards a centre's events (the minEvents rule). */
  isEvent(status: number): boolean;
  performance(input: EndpointPerformanceInput): Perf;
  readonly pooled: readonly PooledMetric<Perf>[];
}

export const survivalCenterEndpoint: CenterEndpoint<SurvivalPerformance> = {
  outcomeOf: survivalOutcomeOf,
  isEvent: (status) => status === 1,
  performance: survivalPerformance,
  pooled: [
    { name: "harrellC", scale: "logit", pick: (p) => p.harrellC },
    { name: "unoC", scale: "logit", pick: (p) => p.unoC },
    { name: "slope", scale: "identity", pick: (p) => p.calibrationSlope },
  ],
};

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

export interface HeldOutCenter<Perf> {
  /** A centre's label, or SMALL_CENTRES. */
  label: string;
  centers: string[];
  n: number;
  nEvents: number;
  /** Below minEvents events even after pooling: reported, not meta-analysed. */
  belowMinimum: boolean;
  performance: Perf;
}

export type SurvivalHeldOutCenter = HeldOutCenter<SurvivalPerformance>;

export interface TimeToEventLeaveOneCenterOutResult<Perf> {
  method: "leave-one-center-out";
  minEvents: number;
  horizon: number;
  groups: HeldOutCenter<Perf>[];
  rows: Uint32Array;
  /** Out-of-centre risk by the horizon and linear predictor of each of `rows`. */
  riskAtHorizon: Float64Array;
  linearPredictor: Float64Array;
  /** Each of the endpoint's pooled estimates by name; null when fewer than two groups have it. */
  pooled: Record<string, PooledEstimate | null>;
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
  const { pooled, ...result } = timeToEventLeaveOneCenterOut({
    ...options,
    endpoint: survivalCenterEndpoint,
  });
  return {
    ...result,
    pooledHarrellC: pooled.harrellC ?? null,
    pooledUnoC: pooled.unoC ?? null,
    pooledSlope: pooled.slope ?? null,
  };
}

export function timeToEventLeaveOneCenterOut<M, P, Perf>(
  options: SurvivalLeaveOneCenterOutOptions<M, P> & { endpoint: CenterEndpoint<Perf> },
): TimeToEventLeaveOneCenterOutResult<Perf> {
  const caller = "survivalLeaveOneCenterOut";
  const { learner, table, time, event, params, horizon, endpoint } = options;
  const rows = options.rows ?? everyRow(table.rows.length);
  const minEvents = options.minEvents ?? 5;
  const confLevel = options.confLevel ?? 0.95;
  checkHorizon(caller, horizon);
  const outcome = endpoint.outcomeOf(caller, table, time, event, rows);
  if (options.centers.length !== table.rows.length) {
    throw new RangeError(
      `${caller}: centers has ${options.centers.length} values for ${table.rows.length} rows`,
    );
  }
  const center = Array.from(rows, (row) => String(options.centers[row]));
  const eventsOf = new Map<string, number>();
  center.forEach((c, i) => {
    eventsOf.set(c, (eventsOf.get(c) ?? 0) + (endpoint.isEvent(outcome.event[i]!) ? 1 : 0));
  });
  const small = [...eventsOf.keys()].filter((c) => eventsOf.get(c)! < minEvents).sort();
  const smallSet = new Set(small);
  const folds = leaveOneGroupOut(center.map((c) => (smallSet.has(c) ? SMALL_CENTRES : c)));
  const riskAtHorizon = new Float64Array(rows.length);
  const linearPredictor = new Float64Array(rows.length);
  const groups = folds.labels.map((label, fold): HeldOutCenter<Perf> => {
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
    for (const v of e) if (endpoint.isEvent(v)) nEvents++;
    return {
      label,
      centers: label === SMALL_CENTRES ? small : [label],
      n: test.length,
      nEvents,
      belowMinimum: nEvents < minEvents,
      performance: endpoint.performance({
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
  const pooled: Record<string, PooledEstimate | null> = {};
  for (const metric of endpoint.pooled) {
    const picked = usable
      .map((g) => metric.pick(g.performance))
      .filter((c): c is { estimate: number; stdErr: number } => c !== null);
    if (metric.scale === "logit") {
      const withC = picked.filter((c) => c.estimate > 0 && c.estimate < 1 && c.stdErr > 0);
      pooled[metric.name] = poolRandomEffects(
        withC.map((c) => Math.log(c.estimate / (1 - c.estimate))),
        withC.map((c) => c.stdErr / (c.estimate * (1 - c.estimate))),
        confLevel,
        (v) => 1 / (1 + Math.exp(-v)),
      );
    } else {
      pooled[metric.name] = poolRandomEffects(
        picked.map((s) => s.estimate),
        picked.map((s) => s.stdErr),
        confLevel,
        (v) => v,
      );
    }
  }
  return {
    method: "leave-one-center-out",
    minEvents,
    horizon,
    groups,
    rows,
    riskAtHorizon,
    linearPredictor,
    pooled,
  };
}
