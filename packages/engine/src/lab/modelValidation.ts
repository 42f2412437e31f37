import {
  type BinaryLearner,
  type BinaryPerformance,
  binaryOptimism,
  boostedTreesLearner,
  elasticNetLearner,
  endpointEvent,
  type LearningTable,
  leaveOneCenterOut,
  type ModelSpec,
  nestedCrossValidation,
  type PooledEstimate,
  type TransportResult,
  transportBinary,
} from "@carta/ml";
import type { LearningData } from "./learningData.js";

/**
 * The validation designs a model spec asks for, run on plain arrays (no store): nested
 * cross-validation over the spec's grid, bootstrap optimism correction and leave-one-centre-out with
 * the first grid entry (the one `trainModel` fits), and the 3L+ → 2L transport analysis. Both the
 * in-process path (`carta lab validate`) and the job handler call `runModelValidation`, so the stored
 * result is the same whichever ran it.
 */

export type Progress = (fraction: number, message: string) => void;

/** The learner of a spec with its grid, behind the one interface every design takes. */
export function learnerOf(spec: ModelSpec): {
  learner: BinaryLearner<unknown, unknown>;
  grid: readonly unknown[];
} {
  return spec.learner.kind === "boosted-trees"
    ? { learner: boostedTreesLearner as BinaryLearner<unknown, unknown>, grid: spec.learner.grid }
    : { learner: elasticNetLearner as BinaryLearner<unknown, unknown>, grid: spec.learner.grid };
}

export function learningTable(data: LearningData): LearningTable {
  return { columns: data.columns, rows: data.rows };
}

export interface PerformanceJson {
  n: number;
  nEvents: number;
  auc: number;
  aucLower: number;
  aucUpper: number;
  brier: number;
  brierNull: number;
  calibrationIntercept: number | null;
  calibrationSlope: number | null;
  calibrationProblem: string | null;
}

export function performanceJson(p: BinaryPerformance): PerformanceJson {
  return {
    n: p.n,
    nEvents: p.nEvents,
    auc: p.auc.auc,
    aucLower: p.auc.lower,
    aucUpper: p.auc.upper,
    brier: p.brier,
    brierNull: p.brierNull,
    calibrationIntercept: p.calibration?.intercept ?? null,
    calibrationSlope: p.calibration?.slope ?? null,
    calibrationProblem: p.calibrationProblem,
  };
}

function pooledJson(p: PooledEstimate | null) {
  if (!p) return null;
  return {
    estimate: p.estimate,
    ciLower: p.ciLower,
    ciUpper: p.ciUpper,
    piLower: p.piLower,
    piUpper: p.piUpper,
    tau: p.tau,
    i2: p.i2,
    k: p.k,
  };
}

export interface CohortEffectJson {
  estimate: number;
  lower: number;
  upper: number;
}

/** `carta lab transport`'s document (docs/lab.md "Transport"). */
export interface TransportJson {
  endpoint: string;
  event: string;
  development: "3L+";
  target: "2L";
  n_3l: number;
  n_2l: number;
  predictors: {
    name: string;
    /** "per SD" for a numeric predictor, "1 vs 0" or "level vs reference" otherwise. */
    scale: string;
    effect_3l: CohortEffectJson;
    effect_2l: CohortEffectJson;
    interaction_p: number;
  }[];
  effects_rows: {
    n_3l: number;
    n_2l: number;
    dropped_incomplete: number;
    not_estimable: string[];
    adjustment: "adjusted" | "one at a time";
    adjustment_reason: string | null;
  };
  shift: {
    domain_auc: number;
    domain_auc_lower: number;
    domain_auc_upper: number;
    smd: { name: string; smd: number | null; missing_3l: number; missing_2l: number; note: string | null }[];
  };
  performance_2l: {
    auc: number;
    auc_lower: number;
    auc_upper: number;
    brier: number;
    calibration_slope: number | null;
    calibration_intercept: number | null;
    calibration_problem: string | null;
  };
  recalibration: {
    method: string;
    auc: number;
    calibration_slope: number | null;
    calibration_intercept: number | null;
  }[];
  headline: string;
}

const ALPHA = 0.05;

/**
 * What the interaction tests say, honestly: how many reach p < 0.05, how many survive a Bonferroni
 * correction for the number of tests, and that a non-significant test does not show the effects are
 * equal (with a few dozen 2L patients these tests have little power).
 */
export function transportHeadline(r: TransportJson): string {
  const k = r.predictors.length;
  const auc = `In 2L the 3L+ model has AUC ${r.performance_2l.auc.toFixed(2)} (95% CI ${r.performance_2l.auc_lower.toFixed(2)}–${r.performance_2l.auc_upper.toFixed(2)})`;
  const slope =
    r.performance_2l.calibration_slope === null
      ? "; its calibration slope is undefined there"
      : ` and calibration slope ${r.performance_2l.calibration_slope.toFixed(2)}`;
  const shift = `; a classifier tells the cohorts apart with AUC ${r.shift.domain_auc.toFixed(2)}.`;
  if (k === 0) return `${auc}${slope}${shift} No predictor effects could be compared.`;
  const nominal = r.predictors.filter((p) => p.interaction_p < ALPHA);
  const corrected = r.predictors.filter((p) => p.interaction_p < ALPHA / k);
  const smallest = r.predictors.reduce((a, b) => (b.interaction_p < a.interaction_p ? b : a));
  const tests = `${k} predictor × cohort interaction test${k === 1 ? "" : "s"}`;
  const verdict =
    nominal.length === 0
      ? ` None of the ${tests} reaches p < 0.05 (smallest p = ${smallest.interaction_p.toPrecision(2)}, ${smallest.name}); this does not show that the effects are equal in 2L and 3L+ — with ${r.effects_rows.n_2l} complete 2L rows the tests have little power.`
      : ` ${nominal.length} of the ${tests} reach p < 0.05 (${nominal.map((p) => `${p.name} p = ${p.interaction_p.toPrecision(2)}`).join(", ")}); ${corrected.length} remain${corrected.length === 1 ? "s" : ""} below the Bonferroni threshold ${(ALPHA / k).toPrecision(2)} for ${k} tests.`;
  return `${auc}${slope}${shift}${verdict}`;
}

export function transportJson(spec: ModelSpec, r: TransportResult): TransportJson {
  const scale = (name: string, standardized: boolean) =>
    standardized ? "per SD" : name.includes("=") ? "level vs reference" : "1 vs 0";
  const doc: TransportJson = {
    endpoint: spec.endpoint,
    event: endpointEvent(spec.endpoint),
    development: "3L+",
    target: "2L",
    n_3l: r.nDevelopment,
    n_2l: r.nTarget,
    predictors: r.effects.predictors.map((p) => ({
      name: p.name,
      scale: scale(p.name, p.standardized),
      effect_3l: p.effectDevelopment,
      effect_2l: p.effectTarget,
      interaction_p: p.interactionP,
    })),
    effects_rows: {
      n_3l: r.effects.nDevelopment,
      n_2l: r.effects.nTarget,
      dropped_incomplete: r.effects.droppedIncomplete,
      not_estimable: r.effects.notEstimable,
      adjustment: r.effects.adjustment,
      adjustment_reason: r.effects.adjustmentReason,
    },
    shift: {
      domain_auc: r.shift.domainAuc,
      domain_auc_lower: r.shift.domainAucLower,
      domain_auc_upper: r.shift.domainAucUpper,
      smd: r.shift.features.map((f) => ({
        name: f.name,
        smd: f.smd,
        missing_3l: f.missingDevelopment,
        missing_2l: f.missingTarget,
        note: f.note,
      })),
    },
    performance_2l: {
      auc: r.performance.auc.auc,
      auc_lower: r.performance.auc.lower,
      auc_upper: r.performance.auc.upper,
      brier: r.performance.brier,
      calibration_slope: r.performance.calibration?.slope ?? null,
      calibration_intercept: r.performance.calibration?.intercept ?? null,
      calibration_problem: r.performance.calibrationProblem,
    },
    recalibration: r.recalibration.map((c) => ({
      method: c.method,
      auc: c.performance.auc.auc,
      calibration_slope: c.performance.calibration?.slope ?? null,
      calibration_intercept: c.performance.calibration?.intercept ?? null,
    })),
    headline: "",
  };
  doc.headline = transportHeadline(doc);
  return doc;
}

/** The 3L+ → 2L transport analysis of a spec's learner (first grid entry) on the data. */
export function runTransport(spec: ModelSpec, data: LearningData): TransportJson {
  const { learner, grid } = learnerOf(spec);
  const result = transportBinary({
    learner,
    params: grid[0],
    table: learningTable(data),
    outcome: data.outcome,
    cohort: data.cohorts,
    development: "3L+",
    target: "2L",
    seed: spec.validation.seed,
    folds: spec.validation.innerFolds,
  });
  return transportJson(spec, result);
}

export interface ValidationJson {
  endpoint: string;
  event: string;
  n: number;
  nEvents: number;
  dropped: LearningData["dropped"];
  nestedCv: {
    outerFolds: number;
    innerFolds: number;
    criterion: string;
    /** Grid index chosen in each outer fold. */
    chosen: number[];
    performance: PerformanceJson;
  };
  optimism: {
    replicates: number;
    fitted: number;
    failures: { replicate: number; reason: string }[];
    indexes: {
      index: string;
      apparent: number;
      optimism: number;
      corrected: number;
      n: number;
    }[];
  };
  loco: {
    minEvents: number;
    /** Small centres that could not be held out even pooled (see locoRows), with the reason. */
    leftOut: { centers: string[]; n: number; nEvents: number; reason: string } | null;
    groups: {
      label: string;
      centers: string[];
      n: number;
      nEvents: number;
      belowMinimum: boolean;
      performance: PerformanceJson | null;
    }[];
    pooledAuc: ReturnType<typeof pooledJson>;
    pooledSlope: ReturnType<typeof pooledJson>;
    pooledIntercept: ReturnType<typeof pooledJson>;
  } | null;
  transport: TransportJson | null;
}

/**
 * The rows leave-one-centre-out is run on. Centres below `minEvents` events or non-events are pooled
 * into one held-out group (SMALL_CENTRES); when that group has fewer than 2 events or non-events its
 * AUC cannot be computed at all (DeLong needs two of each), and @carta/ml's leaveOneCenterOut stops
 * there. Those centres are then left out of this analysis — neither held out nor used for fitting —
 * and reported, rather than failing the whole validation.
 */
export function locoRows(
  data: LearningData,
  minEvents: number,
): { rows: Uint32Array; leftOut: NonNullable<ValidationJson["loco"]>["leftOut"] } {
  const counts = new Map<string, { n: number; events: number }>();
  data.centers.forEach((c, i) => {
    const e = counts.get(c) ?? { n: 0, events: 0 };
    e.n++;
    e.events += data.outcome[i]!;
    counts.set(c, e);
  });
  const small = [...counts.entries()]
    .filter(([, e]) => e.events < minEvents || e.n - e.events < minEvents)
    .map(([c]) => c)
    .sort();
  let n = 0;
  let events = 0;
  for (const c of small) {
    n += counts.get(c)!.n;
    events += counts.get(c)!.events;
  }
  const all = Uint32Array.from(data.outcome.keys());
  if (small.length === 0 || (events >= 2 && n - events >= 2)) return { rows: all, leftOut: null };
  const smallSet = new Set(small);
  return {
    rows: all.filter((i) => !smallSet.has(data.centers[i]!)),
    leftOut: {
      centers: small,
      n,
      nEvents: events,
      reason: `pooled, these small centres have ${events} event(s) and ${n - events} non-event(s); an AUC needs at least 2 of each`,
    },
  };
}

export function runModelValidation(spec: ModelSpec, data: LearningData, progress: Progress): ValidationJson {
  const { learner, grid } = learnerOf(spec);
  const table = learningTable(data);
  const v = spec.validation;
  const stages = 2 + (v.leaveOneCenterOut ? 1 : 0) + (v.transport ? 1 : 0);
  let stage = 0;
  const step = (message: string) => progress(stage++ / stages, message);

  step(
    `nested cross-validation: ${v.outerFolds} outer × ${v.innerFolds} inner folds, ${grid.length} grid entr${grid.length === 1 ? "y" : "ies"}`,
  );
  const cv = nestedCrossValidation({
    learner,
    table,
    outcome: data.outcome,
    grid,
    outerFolds: v.outerFolds,
    innerFolds: v.innerFolds,
    seed: v.seed,
  });
  step(`bootstrap optimism: ${v.bootstrapReplicates} replicates`);
  const optimism = binaryOptimism({
    learner,
    table,
    outcome: data.outcome,
    params: grid[0],
    replicates: v.bootstrapReplicates,
    seed: v.seed,
  });
  let loco: ValidationJson["loco"] = null;
  if (v.leaveOneCenterOut) {
    step("leave-one-centre-out");
    const { rows, leftOut } = locoRows(data, v.locoMinEvents);
    const r = leaveOneCenterOut({
      learner,
      table,
      outcome: data.outcome,
      centers: data.centers,
      params: grid[0],
      minEvents: v.locoMinEvents,
      rows,
    });
    loco = {
      minEvents: r.minEvents,
      leftOut,
      groups: r.groups.map((g) => ({
        label: g.label,
        centers: g.centers,
        n: g.n,
        nEvents: g.nEvents,
        belowMinimum: g.belowMinimum,
        performance: g.performance ? performanceJson(g.performance) : null,
      })),
      pooledAuc: pooledJson(r.pooledAuc),
      pooledSlope: pooledJson(r.pooledSlope),
      pooledIntercept: pooledJson(r.pooledIntercept),
    };
  }
  let transport: TransportJson | null = null;
  if (v.transport) {
    step("transport 3L+ → 2L");
    transport = runTransport(spec, data);
  }
  progress(1, "done");
  let nEvents = 0;
  for (const y of data.outcome) nEvents += y;
  return {
    endpoint: spec.endpoint,
    event: endpointEvent(spec.endpoint),
    n: data.outcome.length,
    nEvents,
    dropped: data.dropped,
    nestedCv: {
      outerFolds: cv.outerFolds,
      innerFolds: cv.innerFolds,
      criterion: cv.criterion,
      chosen: cv.folds.map((f) => f.chosenIndex),
      performance: performanceJson(cv.performance),
    },
    optimism: {
      replicates: optimism.replicates,
      fitted: optimism.fitted,
      failures: optimism.failures,
      indexes: optimism.rows.map((r) => ({
        index: r.index,
        apparent: r.indexOrig,
        optimism: r.optimism,
        corrected: r.indexCorrected,
        n: r.n,
      })),
    },
    loco,
    transport,
  };
}
