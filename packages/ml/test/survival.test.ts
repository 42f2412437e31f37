import { coxPh, coxPredictSurvival, riskConcordance, SeededRandom, timeDependentAuc } from "@carta/stats";
import { describe, expect, it } from "vitest";
import type { LearningTable } from "../src/data.js";
import { designMatrix, learnEncoding } from "../src/learners/design.js";
import { MissingValuesError } from "../src/learners/elasticNet.js";
import { boostedTreesCoxLearner } from "../src/survival/boostedTreesCox.js";
import { breslowBaseline, survivalFromLinearPredictor } from "../src/survival/breslow.js";
import {
  type ElasticNetCoxModel,
  type ElasticNetCoxParams,
  elasticNetCoxLearner,
} from "../src/survival/elasticNetCox.js";
import type { SurvivalLearner } from "../src/survival/learner.js";
import { survivalLeaveOneCenterOut } from "../src/survival/survivalLeaveOneCenterOut.js";
import {
  survivalNestedCrossValidation,
  survivalNestedCvOuterFold,
  survivalNestedCvPlan,
} from "../src/survival/survivalNestedCv.js";
import { SURVIVAL_OPTIMISM_INDEXES, survivalOptimism } from "../src/survival/survivalOptimism.js";
import { survivalPerformance } from "../src/survival/survivalPerformance.js";
import { SMALL_CENTRES } from "../src/validation/leaveOneCenterOut.js";

/**
 * A cohort whose true model is known: exponential event times (months) with hazard
 * BASE_HAZARD·exp(0.8·x1 − 0.6·x2 + 0.5·[group = b]); noise and flag carry no signal; independent
 * exponential censoring and administrative censoring at 36 months.
 */
const TRUE_COEFFICIENTS: Record<string, number> = {
  x1: 0.8,
  x2: -0.6,
  noise: 0,
  flag: 0,
  "group=b": 0.5,
  "group=c": 0,
};
const BASE_HAZARD = 0.05;
const HORIZON = 12;

interface SurvivalCohort {
  table: LearningTable;
  time: Float64Array;
  event: Float64Array;
  trueLinearPredictor: Float64Array;
  centers: string[];
}

function survivalCohort(
  n: number,
  seed: number,
  options: { missingX1?: number; centerSizes?: Record<string, number> } = {},
): SurvivalCohort {
  const rng = new SeededRandom(seed);
  const levels = ["a", "b", "c"];
  const rows: (number | string | null)[][] = [];
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const trueLinearPredictor = new Float64Array(n);
  const centers: string[] = [];
  const centerSizes = Object.entries(options.centerSizes ?? { C01: n });
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal();
    const x2 = rng.normal();
    const noise = rng.normal(3, 2);
    const flag = rng.bernoulli(0.4) ? 1 : 0;
    const group = levels[rng.integer(3)]!;
    const eta = 0.8 * x1 - 0.6 * x2 + 0.5 * (group === "b" ? 1 : 0);
    const eventTime = rng.exponential(BASE_HAZARD * Math.exp(eta));
    const censorTime = Math.min(rng.exponential(0.02), 36);
    time[i] = Math.min(eventTime, censorTime);
    event[i] = eventTime <= censorTime ? 1 : 0;
    trueLinearPredictor[i] = eta;
    rows.push([rng.uniform() < (options.missingX1 ?? 0) ? null : x1, x2, noise, flag, group]);
  }
  let start = 0;
  for (const [label, size] of centerSizes) {
    for (let i = start; i < Math.min(n, start + size); i++) centers.push(label);
    start += size;
  }
  return {
    table: {
      columns: [
        { name: "x1", type: "numeric" },
        { name: "x2", type: "numeric" },
        { name: "noise", type: "numeric" },
        { name: "flag", type: "binary" },
        { name: "group", type: "categorical", levels },
      ],
      rows,
    },
    time,
    event,
    trueLinearPredictor,
    centers,
  };
}

function everyIndex(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** Wraps a learner so the test sees every row it was asked to fit. */
function recording<M, P>(learner: SurvivalLearner<M, P>) {
  const fits: Uint32Array[] = [];
  const wrapped: SurvivalLearner<M, P> = {
    name: `recording ${learner.name}`,
    fit(table, time, event, rows, params) {
      fits.push(rows.slice());
      return learner.fit(table, time, event, rows, params);
    },
    predictRisk: (model, table, rows) => learner.predictRisk(model, table, rows),
    predictSurvival: (model, table, rows, horizon) => learner.predictSurvival(model, table, rows, horizon),
  };
  return { wrapped, fits };
}

describe("elastic-net Cox learner", () => {
  const cohort = survivalCohort(600, 11);
  const rows = everyIndex(600);

  it("with a tiny penalty recovers coxPh's coefficients, and those are near the true ones", () => {
    const model = elasticNetCoxLearner.fit(cohort.table, cohort.time, cohort.event, rows, {
      lambda: 1e-7,
      alpha: 1,
    });
    const encoding = learnEncoding(cohort.table, rows);
    const cox = coxPh({
      time: cohort.time,
      event: cohort.event,
      x: designMatrix(encoding, cohort.table, rows),
      names: encoding.names,
      ties: "breslow",
    });
    expect(model.encoding.names).toEqual(encoding.names);
    encoding.names.forEach((name, j) => {
      expect(model.coefficients[j]).toBeCloseTo(cox.coefficients.coef[j]!, 4);
      // about 3 standard errors of a 600-patient fit with ~70% events
      expect(Math.abs(model.coefficients[j]! - TRUE_COEFFICIENTS[name]!)).toBeLessThan(
        3 * cox.coefficients.se[j]!,
      );
    });
  });

  it("predicts S(horizon | x) from the Breslow baseline as survfit.coxph does", () => {
    const model = elasticNetCoxLearner.fit(cohort.table, cohort.time, cohort.event, rows, {
      lambda: 1e-7,
      alpha: 1,
    });
    const encoding = learnEncoding(cohort.table, rows);
    const x = designMatrix(encoding, cohort.table, rows);
    const cox = coxPh({ time: cohort.time, event: cohort.event, x, names: encoding.names, ties: "breslow" });
    const some = Uint32Array.of(0, 17, 99, 345);
    const ours = elasticNetCoxLearner.predictSurvival(model, cohort.table, some, HORIZON);
    const p = encoding.names.length;
    const newX = new Float64Array(some.length * p);
    some.forEach((row, k) => {
      newX.set(x.subarray(row * p, row * p + p), k * p);
    });
    const reference = coxPredictSurvival(cox, newX);
    reference.curves.forEach((curve, k) => {
      let at = -1;
      while (at + 1 < curve.time.length && curve.time[at + 1]! <= HORIZON) at++;
      expect(ours[k]).toBeCloseTo(curve.survival[at]!, 5);
    });
  });

  it("refuses rows with missing values, naming the column", () => {
    const withMissing = survivalCohort(200, 12, { missingX1: 0.1 });
    expect(() =>
      elasticNetCoxLearner.fit(withMissing.table, withMissing.time, withMissing.event, everyIndex(200), {
        lambda: 0.01,
        alpha: 1,
      }),
    ).toThrow(MissingValuesError);
  });

  it("shrinks every coefficient to zero at a large penalty, leaving S(t | x) the same for everyone", () => {
    const model = elasticNetCoxLearner.fit(cohort.table, cohort.time, cohort.event, rows, {
      lambda: 10,
      alpha: 1,
    });
    expect(Array.from(model.coefficients).every((b) => b === 0)).toBe(true);
    const s = elasticNetCoxLearner.predictSurvival(model, cohort.table, Uint32Array.of(0, 1, 2), HORIZON);
    expect(s[0]).toBe(s[1]);
    expect(s[0]).toBeGreaterThan(0);
    expect(s[0]).toBeLessThan(1);
  });
});

describe("Breslow baseline", () => {
  it("gives the Nelson–Aalen estimate when every linear predictor is 0", () => {
    const time = Float64Array.of(1, 2, 2, 3, 4, 5);
    const event = Uint8Array.of(1, 1, 0, 1, 0, 1);
    const baseline = breslowBaseline(time, event, new Float64Array(6));
    expect(Array.from(baseline.time)).toEqual([1, 2, 3, 5]);
    const expected = [1 / 6, 1 / 6 + 1 / 5, 1 / 6 + 1 / 5 + 1 / 3, 1 / 6 + 1 / 5 + 1 / 3 + 1];
    baseline.cumulativeHazard.forEach((h, k) => {
      expect(h).toBeCloseTo(expected[k]!, 12);
    });
    expect(survivalFromLinearPredictor(baseline, Float64Array.of(0), 2.5)[0]).toBeCloseTo(
      Math.exp(-(1 / 6 + 1 / 5)),
      12,
    );
    expect(survivalFromLinearPredictor(baseline, Float64Array.of(0), 0.5)[0]).toBe(1);
  });
});

describe("boosted-trees Cox learner", () => {
  const train = survivalCohort(500, 21, { missingX1: 0.1 });
  const fresh = survivalCohort(500, 22, { missingX1: 0.1 });
  const params = { rounds: 60, maxDepth: 2, learningRate: 0.1 };

  it("ranks risk on fresh patients, routing missing values", () => {
    const model = boostedTreesCoxLearner.fit(train.table, train.time, train.event, everyIndex(500), params);
    const risk = boostedTreesCoxLearner.predictRisk(model, fresh.table, everyIndex(500));
    expect(risk.every(Number.isFinite)).toBe(true);
    const c = riskConcordance({ time: fresh.time, event: fresh.event, risk }).concordance;
    const truth = riskConcordance({ time: fresh.time, event: fresh.event, risk: fresh.trueLinearPredictor });
    expect(c).toBeGreaterThan(0.65);
    expect(c).toBeGreaterThan(truth.concordance - 0.06);
    const survival = boostedTreesCoxLearner.predictSurvival(model, fresh.table, everyIndex(500), HORIZON);
    for (let i = 0; i < 500; i++) {
      expect(survival[i]).toBeGreaterThan(0);
      expect(survival[i]).toBeLessThanOrEqual(1);
      // higher risk, lower survival
      if (risk[i]! > risk[0]!) expect(survival[i]).toBeLessThanOrEqual(survival[0]!);
    }
  });

  it("accepts events and censoring on the landmark day (time 0)", () => {
    const time = Float64Array.from(train.time);
    time[0] = 0;
    time[1] = 0;
    const event = Float64Array.from(train.event);
    event[0] = 1;
    event[1] = 0;
    const model = boostedTreesCoxLearner.fit(train.table, time, event, everyIndex(500), params);
    expect(model.baseline.time[0]).toBe(0);
    expect(
      boostedTreesCoxLearner.predictRisk(model, train.table, Uint32Array.of(0)).every(Number.isFinite),
    ).toBe(true);
  });
});

describe("survival performance at a horizon", () => {
  const train = survivalCohort(1000, 31);
  const fresh = survivalCohort(1000, 32);
  const model = elasticNetCoxLearner.fit(train.table, train.time, train.event, everyIndex(1000), {
    lambda: 1e-6,
    alpha: 1,
  });
  const rows = everyIndex(1000);
  const lp = elasticNetCoxLearner.predictRisk(model, fresh.table, rows);
  const risk = elasticNetCoxLearner.predictSurvival(model, fresh.table, rows, HORIZON).map((s) => 1 - s);

  it("gives a correctly specified model a calibration slope near 1 and calibrated deciles on fresh data", () => {
    const performance = survivalPerformance({
      riskAtHorizon: risk,
      linearPredictor: lp,
      time: fresh.time,
      event: fresh.event,
      horizon: HORIZON,
    });
    expect(performance.problems).toEqual([]);
    const slope = performance.calibrationSlope!;
    expect(Math.abs(slope.estimate - 1)).toBeLessThan(0.12);
    expect(slope.lower).toBeLessThan(1);
    expect(slope.upper).toBeGreaterThan(1);
    expect(performance.calibrationGroups).toHaveLength(10);
    for (const group of performance.calibrationGroups) {
      expect(Math.abs(group.observed - group.meanPredicted)).toBeLessThan(0.1);
      expect(group.observedLower).toBeLessThanOrEqual(group.observed);
      expect(group.observedUpper).toBeGreaterThanOrEqual(group.observed);
    }
    expect(Math.abs(performance.observedRisk.estimate - performance.meanPredictedRisk)).toBeLessThan(0.04);
    expect(performance.harrellC!.estimate).toBeGreaterThan(0.68);
    expect(performance.harrellC!.lower).toBeLessThan(performance.harrellC!.estimate);
    expect(performance.unoC!.estimate).toBeGreaterThan(0.68);
    expect(performance.auc!.estimate).toBeGreaterThan(0.7);
    expect(performance.brier!.estimate).toBeLessThan(performance.brier!.nullBrier);
    expect(performance.brier!.ipa).toBeGreaterThan(0.05);
  });

  it("takes the AUC from the stats package unchanged and finds the same slope from the cloglog of the risk", () => {
    const given = survivalPerformance({
      riskAtHorizon: risk,
      linearPredictor: lp,
      time: fresh.time,
      event: fresh.event,
      horizon: HORIZON,
    });
    const fromRisk = survivalPerformance({
      riskAtHorizon: risk,
      time: fresh.time,
      event: fresh.event,
      horizon: HORIZON,
    });
    expect(fromRisk.linearPredictorSource).toBe("cloglog-risk");
    // cloglog(1 − S(τ | x)) = lp + log Λ₀(τ) − c: the same slope and C
    expect(fromRisk.calibrationSlope!.estimate).toBeCloseTo(given.calibrationSlope!.estimate, 6);
    expect(fromRisk.harrellC!.estimate).toBeCloseTo(given.harrellC!.estimate, 10);
    const auc = timeDependentAuc({
      time: fresh.time,
      event: fresh.event,
      riskAt: [risk],
      horizons: [HORIZON],
    });
    expect(given.auc!.estimate).toBe(auc.auc[0]);
  });

  it("shows an overfitted model's slope below 1", () => {
    const small = survivalCohort(60, 33);
    const noisy: LearningTable = {
      columns: [
        ...small.table.columns,
        ...Array.from({ length: 12 }, (_, j) => ({ name: `junk${j}`, type: "numeric" as const })),
      ],
      rows: small.table.rows.map((row, i) => [
        ...row,
        ...Array.from({ length: 12 }, (_, j) => Math.sin(i * 7.3 + j * 1.9)),
      ]),
    };
    const overfit = elasticNetCoxLearner.fit(noisy, small.time, small.event, everyIndex(60), {
      lambda: 1e-6,
      alpha: 1,
    });
    const freshNoisy: LearningTable = {
      columns: noisy.columns,
      rows: fresh.table.rows.map((row, i) => [
        ...row,
        ...Array.from({ length: 12 }, (_, j) => Math.cos(i * 3.1 + j * 0.7)),
      ]),
    };
    const performance = survivalPerformance({
      riskAtHorizon: elasticNetCoxLearner
        .predictSurvival(overfit, freshNoisy, rows, HORIZON)
        .map((s) => 1 - s),
      linearPredictor: elasticNetCoxLearner.predictRisk(overfit, freshNoisy, rows),
      time: fresh.time,
      event: fresh.event,
      horizon: HORIZON,
    });
    expect(performance.calibrationSlope!.upper).toBeLessThan(1);
  });

  it("reports a metric it cannot compute as a problem rather than failing", () => {
    const performance = survivalPerformance({
      riskAtHorizon: risk.subarray(0, 50),
      time: fresh.time.subarray(0, 50),
      event: fresh.event.subarray(0, 50),
      horizon: 1000,
    });
    expect(performance.auc).toBeNull();
    expect(performance.problems.map((p) => p.metric)).toContain("auc");
    expect(performance.harrellC).not.toBeNull();
  });
});

describe("survival nested cross-validation", () => {
  const cohort = survivalCohort(300, 41);
  const grid: ElasticNetCoxParams[] = [
    { lambda: 0.2, alpha: 1 },
    { lambda: 0.01, alpha: 1 },
  ];

  it("never lets a held-out row into any fit of its outer fold, and predicts each row once", () => {
    const { wrapped, fits } = recording<ElasticNetCoxModel, ElasticNetCoxParams>(elasticNetCoxLearner);
    const options = {
      learner: wrapped,
      table: cohort.table,
      time: cohort.time,
      event: cohort.event,
      horizon: HORIZON,
      grid,
      outerFolds: 4,
      innerFolds: 3,
      seed: 5,
    };
    const plan = survivalNestedCvPlan(options);
    const seen = new Uint8Array(300);
    for (let fold = 0; fold < 4; fold++) {
      fits.length = 0;
      const run = survivalNestedCvOuterFold(options, plan, fold);
      expect(fits).toHaveLength(grid.length * 3 + 1);
      const test = new Set<number>();
      plan.outerAssignment.forEach((f, i) => {
        if (f === fold) test.add(plan.rows[i]!);
      });
      for (const fit of fits) for (const row of fit) expect(test.has(row)).toBe(false);
      expect(run.riskAtHorizon).toHaveLength(test.size);
      for (const row of test) seen[row]!++;
    }
    expect(Array.from(seen).every((count) => count === 1)).toBe(true);
  });

  it("chooses by inner C and reports the out-of-fold performance", () => {
    const result = survivalNestedCrossValidation({
      learner: elasticNetCoxLearner,
      table: cohort.table,
      time: cohort.time,
      event: cohort.event,
      horizon: HORIZON,
      grid,
      outerFolds: 4,
      innerFolds: 3,
      seed: 5,
    });
    expect(result.folds).toHaveLength(4);
    for (const fold of result.folds) {
      expect(fold.innerScores[fold.chosenIndex]).toBe(Math.max(...fold.innerScores));
    }
    expect(result.performance.harrellC!.estimate).toBeGreaterThan(0.65);
    expect(result.performance.n).toBe(300);
    expect(result.riskAtHorizon.every((r) => r >= 0 && r <= 1)).toBe(true);
  });
});

describe("survival bootstrap optimism", () => {
  it("finds a positive optimism in C and a corrected slope below the apparent one", () => {
    const cohort = survivalCohort(120, 51);
    const table = optimismTable(cohort.table);
    const result = survivalOptimism({
      learner: elasticNetCoxLearner,
      table,
      time: cohort.time,
      event: cohort.event,
      horizon: HORIZON,
      params: { lambda: 1e-4, alpha: 1 },
      replicates: 25,
      seed: 3,
    });
    expect(result.rows.map((r) => r.index)).toEqual([...SURVIVAL_OPTIMISM_INDEXES]);
    expect(result.fitted).toBe(25);
    const harrell = result.rows.find((r) => r.index === "HarrellC")!;
    expect(harrell.optimism).toBeGreaterThan(0);
    expect(harrell.indexCorrected).toBeLessThan(harrell.indexOrig);
    const slope = result.rows.find((r) => r.index === "Slope")!;
    // a tiny penalty: apparently calibrated, up to the little shrinkage λ = 1e-4 adds
    expect(slope.indexOrig).toBeCloseTo(1, 2);
    expect(slope.indexCorrected).toBeLessThan(1);
  });
});

/** Adds ten pure-noise columns, so that an unpenalised fit on few patients overfits. */
function optimismTable(table: LearningTable): LearningTable {
  const rng = new SeededRandom(99);
  return {
    columns: [
      ...table.columns,
      ...Array.from({ length: 10 }, (_, j) => ({ name: `junk${j}`, type: "numeric" as const })),
    ],
    rows: table.rows.map((row) => [...row, ...Array.from({ length: 10 }, () => rng.normal())]),
  };
}

describe("survival leave-one-centre-out", () => {
  const centerSizes = { C01: 120, C02: 110, C03: 100, C04: 90, C05: 6, C06: 5 };
  const cohort = survivalCohort(431, 61, { centerSizes });

  it("pools centres with few events, never fits on the held-out centre and pools C with a prediction interval", () => {
    const { wrapped, fits } = recording<ElasticNetCoxModel, ElasticNetCoxParams>(elasticNetCoxLearner);
    const result = survivalLeaveOneCenterOut({
      learner: wrapped,
      table: cohort.table,
      time: cohort.time,
      event: cohort.event,
      centers: cohort.centers,
      horizon: HORIZON,
      params: { lambda: 0.01, alpha: 1 },
      minEvents: 8,
    });
    const labels = result.groups.map((g) => g.label);
    expect(labels).toContain(SMALL_CENTRES);
    const small = result.groups.find((g) => g.label === SMALL_CENTRES)!;
    expect(small.centers).toEqual(["C05", "C06"]);
    expect(small.n).toBe(11);
    expect(result.groups.filter((g) => g.label !== SMALL_CENTRES).map((g) => g.label)).toEqual([
      "C01",
      "C02",
      "C03",
      "C04",
    ]);
    expect(fits).toHaveLength(result.groups.length);
    result.groups.forEach((group, g) => {
      for (const row of fits[g]!) expect(group.centers).not.toContain(cohort.centers[row]);
    });
    const pooled = result.pooledHarrellC!;
    expect(pooled.k).toBe(result.groups.filter((g) => !g.belowMinimum).length);
    expect(pooled.estimate).toBeGreaterThan(0.6);
    expect(pooled.piLower).not.toBeNull();
    expect(pooled.piLower!).toBeLessThanOrEqual(pooled.ciLower);
    expect(result.pooledSlope).not.toBeNull();
    expect(result.pooledUnoC).not.toBeNull();
  });
});
