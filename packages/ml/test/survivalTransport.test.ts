import { readFileSync } from "node:fs";
import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import type { LearningTable } from "../src/data.js";
import { boostedTreesCoxLearner } from "../src/survival/boostedTreesCox.js";
import { elasticNetCoxLearner } from "../src/survival/elasticNetCox.js";
import {
  type SurvivalTransportResult,
  survivalCalibrationIntercept,
  transportSurvival,
} from "../src/survival/survivalTransport.js";
import type { PredictorEffect } from "../src/validation/transport.js";

/** tools/r/survival-transport-fixtures.R: two synthetic cohorts and survival::coxph on them. */
interface RCohortEffects {
  names: string[];
  nDevelopment: number;
  nTarget: number;
  droppedIncomplete: number;
  development: { estimate: number[]; lower: number[]; upper: number[] };
  target: { estimate: number[]; lower: number[]; upper: number[] };
  interaction: number[];
  interactionP: number[];
}

interface Fixture {
  horizon: number;
  data: {
    x1: (number | "NA")[];
    x2: number[];
    noise: number[];
    flag: number[];
    group: string[];
    time: number[];
    event: number[];
    cohort: number[];
  };
  adjusted: RCohortEffects;
  oneAtATime: Record<string, RCohortEffects>;
  calibrationIntercept: {
    risk: number[];
    observed: number;
    expected: number;
    estimate: number;
    stdErr: number;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/survival-transport.json", import.meta.url), "utf8"),
) as Fixture;

const COLUMNS: LearningTable["columns"] = [
  { name: "x1", type: "numeric" },
  { name: "x2", type: "numeric" },
  { name: "noise", type: "numeric" },
  { name: "flag", type: "binary" },
  { name: "group", type: "categorical", levels: ["a", "b", "c"] },
];

function fixtureCohorts() {
  const d = fixture.data;
  const table: LearningTable = {
    columns: COLUMNS,
    rows: d.x2.map((x2, i) => [d.x1[i] === "NA" ? null : d.x1[i]!, x2, d.noise[i]!, d.flag[i]!, d.group[i]!]),
  };
  const cohort = d.cohort.map((c) => (c === 1 ? "2L" : "3L+"));
  return { table, time: Float64Array.from(d.time), event: Float64Array.from(d.event), cohort };
}

/** Relative agreement, with an absolute floor for values near 0. */
function close(actual: number, expected: number, rel: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-3),
  );
}

function expectMatchesR(predictors: PredictorEffect[], r: RCohortEffects): void {
  expect(predictors.map((p) => p.name)).toEqual(r.names);
  predictors.forEach((p, j) => {
    for (const key of ["estimate", "lower", "upper"] as const) {
      close(p.effectDevelopment[key], r.development[key][j]!, 1e-6, `${p.name} 3L+ ${key}`);
      close(p.effectTarget[key], r.target[key][j]!, 1e-6, `${p.name} 2L ${key}`);
    }
    close(p.interaction, r.interaction[j]!, 1e-6, `${p.name} interaction`);
    close(p.interactionP, r.interactionP[j]!, 1e-5, `${p.name} interaction p`);
  });
}

describe("survival transport: effects against survival::coxph", () => {
  const { table, time, event, cohort } = fixtureCohorts();
  const options = {
    learner: boostedTreesCoxLearner,
    params: { rounds: 20, maxDepth: 2, learningRate: 0.3 },
    time,
    event,
    cohort,
    horizon: fixture.horizon,
    seed: 5,
  };
  const result = transportSurvival({ ...options, table });

  it("fits every predictor jointly on the complete cases, as coxph does in each cohort", () => {
    const r = fixture.adjusted;
    expect(result.effects.adjustment).toBe("adjusted");
    expect(result.effects.adjustmentReason).toBeNull();
    expect(result.effects.nDevelopment).toBe(r.nDevelopment);
    expect(result.effects.nTarget).toBe(r.nTarget);
    expect(result.effects.droppedIncomplete).toBe(r.droppedIncomplete);
    expect(result.effects.notEstimable).toEqual([]);
    expectMatchesR(result.effects.predictors, r);
  });

  it("finds the planted x2 × cohort interaction and none where the effect is shared", () => {
    const byName = new Map(result.effects.predictors.map((p) => [p.name, p]));
    const x2 = byName.get("x2")!;
    expect(x2.standardized).toBe(true);
    expect(x2.interactionP).toBeLessThan(1e-6);
    // Protective in 3L+, nothing in 2L.
    expect(x2.effectDevelopment.upper).toBeLessThan(-0.5);
    expect(x2.effectTarget.lower).toBeLessThan(0);
    expect(x2.effectTarget.upper).toBeGreaterThan(0);
    for (const name of ["x1", "noise", "flag", "group=b", "group=c"]) {
      expect(byName.get(name)!.interactionP, name).toBeGreaterThan(0.01);
    }
    // x1's shared effect is found in both cohorts.
    expect(byName.get("x1")!.effectDevelopment.lower).toBeGreaterThan(0.5);
    expect(byName.get("x1")!.effectTarget.lower).toBeGreaterThan(0.5);
    expect(byName.get("flag")!.standardized).toBe(false);
  });

  it("falls back to one predictor at a time when too few rows have every predictor", () => {
    // An assay measured in 1 of 25 patients leaves ~24 complete rows: below MIN_COMPLETE_PER_COHORT.
    const sparse: LearningTable = {
      columns: [...COLUMNS, { name: "rarely_measured", type: "numeric" }],
      rows: table.rows.map((r, i) => [...r, i % 25 === 0 ? (i % 7) - 3 : null]),
    };
    const fallback = transportSurvival({ ...options, table: sparse });
    expect(fallback.effects.adjustment).toBe("one at a time");
    expect(fallback.effects.adjustmentReason).toMatch(/have every predictor|could not be fitted/);
    expect(fallback.effects.droppedIncomplete).toBe(0);
    const byFeature = (names: string[]) => fallback.effects.predictors.filter((p) => names.includes(p.name));
    for (const [feature, r] of Object.entries(fixture.oneAtATime)) {
      expectMatchesR(byFeature(r.names), r);
      expect(r.nDevelopment + r.nTarget + r.droppedIncomplete, feature).toBe(table.rows.length);
    }
    const named = [...fallback.effects.predictors.map((p) => p.name), ...fallback.effects.notEstimable];
    expect(named).toContain("rarely_measured");
  });

  it("computes the calibration intercept log(O/E) with R's Kaplan–Meier risk and Greenwood SE", () => {
    const r = fixture.calibrationIntercept;
    const rows = fixture.data.cohort.flatMap((c, i) => (c === 1 ? [i] : []));
    const ci = survivalCalibrationIntercept(
      r.risk,
      rows.map((i) => time[i]!),
      rows.map((i) => event[i]!),
      fixture.horizon,
    );
    close(ci.observedRisk, r.observed, 1e-10, "O");
    close(ci.expectedRisk, r.expected, 1e-12, "E");
    close(ci.estimate, r.estimate, 1e-9, "log(O/E)");
    close(ci.stdErr, r.stdErr, 1e-8, "SE");
    close(ci.lower, r.estimate - 1.959963984540054 * r.stdErr, 1e-8, "lower");
    expect(ci.observedExpectedRatio).toBeCloseTo(Math.exp(r.estimate), 12);
    // The 3L+ truth over-predicts in 2L, whose baseline hazard is half as high.
    expect(ci.upper).toBeLessThan(0);
  });
});

/**
 * Exponential event times (months) with hazard base·exp(0.8·x1 + x2Effect·x2 + 0.5·[group b]);
 * noise and flag carry no signal; exponential censoring and administrative censoring at 36.
 */
function survivalCohort(n: number, seed: number, x1Mean: number, x2Effect: number, base: number) {
  const rng = new SeededRandom(seed);
  const rows: (number | string)[][] = [];
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal(x1Mean, 1);
    const x2 = rng.normal();
    const group = ["a", "b", "c"][rng.integer(3)]!;
    rows.push([x1, x2, rng.normal(3, 2), rng.bernoulli(0.4) ? 1 : 0, group]);
    const eventTime = rng.exponential(base * Math.exp(0.8 * x1 + x2Effect * x2 + (group === "b" ? 0.5 : 0)));
    const censorTime = Math.min(rng.exponential(0.02), 36);
    time[i] = Math.min(eventTime, censorTime);
    event[i] = eventTime <= censorTime ? 1 : 0;
  }
  return { rows, time, event };
}

describe("survival transport: shift, miscalibration and recalibration", () => {
  // 3L+ from the development truth; 2L with x1 shifted up 0.8 SD, no x2 effect and a baseline
  // hazard a third as high, so the 3L+ model over-predicts there and its hazard ratios are too extreme.
  const n = 1500;
  const dev = survivalCohort(n, 71, 0, -0.7, 0.05);
  const tgt = survivalCohort(n, 72, 0.8, 0, 0.0167);
  const table: LearningTable = { columns: COLUMNS, rows: [...dev.rows, ...tgt.rows] };
  const time = Float64Array.from([...dev.time, ...tgt.time]);
  const event = Float64Array.from([...dev.event, ...tgt.event]);
  const cohort = [...Array<string>(n).fill("3L+"), ...Array<string>(n).fill("2L")];
  const result: SurvivalTransportResult = transportSurvival({
    learner: elasticNetCoxLearner,
    params: { lambda: 1e-4, alpha: 1 },
    table,
    time,
    event,
    cohort,
    horizon: 12,
    thresholds: [0.1, 0.2, 0.3, 0.4, 0.5],
    seed: 11,
  });

  it("reports the target cohort's size, discrimination and calibration at the horizon", () => {
    expect(result.nDevelopment).toBe(n);
    expect(result.nTarget).toBe(n);
    expect(result.horizon).toBe(12);
    const perf = result.performance;
    expect(perf.n).toBe(n);
    expect(perf.linearPredictorSource).toBe("given");
    expect(perf.harrellC!.lower).toBeGreaterThan(0.6);
    expect(perf.harrellC!.upper).toBeLessThan(0.8);
    // Over-prediction (negative log O/E) and hazard ratios too extreme (slope below 1).
    expect(perf.calibrationIntercept!.upper).toBeLessThan(-0.3);
    expect(perf.calibrationIntercept!.observedRisk).toBeCloseTo(perf.observedRisk.estimate, 12);
    expect(perf.calibrationIntercept!.expectedRisk).toBeCloseTo(perf.meanPredictedRisk, 12);
    expect(perf.calibrationSlope!.upper).toBeLessThan(0.95);
  });

  it("detects the planted covariate shift in x1 by SMD and by the domain classifier", () => {
    const smd = new Map(result.shift.features.map((f) => [f.name, f.smd]));
    expect(smd.get("x1")!).toBeLessThan(-0.65);
    expect(smd.get("x1")!).toBeGreaterThan(-0.95);
    for (const name of ["x2", "noise", "flag", "group"])
      expect(Math.abs(smd.get(name)!), name).toBeLessThan(0.1);
    expect(result.shift.domainAuc).toBeGreaterThan(0.65);
    expect(result.shift.domainAucLower).toBeGreaterThan(0.6);
  });

  it("repairs the miscalibration by re-estimating the baseline, and the slope by updating it", () => {
    const [original, baseline, slope] = result.recalibration;
    expect(result.recalibration.map((r) => r.method)).toEqual(["original", "baseline", "slope"]);
    expect(original!.performance).toBe(result.performance);
    const intercept = (r: typeof original) => r!.performance.calibrationIntercept!.estimate;
    expect(intercept(original)).toBeLessThan(-0.4);
    // The new baseline matches the observed cumulative hazard; with hazard ratios still too
    // extreme, the mean risk by τ then stays a little off, which the slope update removes.
    expect(Math.abs(intercept(baseline))).toBeLessThan(0.15);
    expect(Math.abs(intercept(slope))).toBeLessThan(0.05);
    // The baseline alone keeps the order of the risks within a fold; only the folds' baselines
    // differ, so the discrimination barely moves.
    expect(
      Math.abs(baseline!.performance.harrellC!.estimate - original!.performance.harrellC!.estimate),
    ).toBeLessThan(0.005);
    expect(Math.abs(slope!.performance.calibrationSlope!.estimate - 1)).toBeLessThan(0.15);
    expect(slope!.performance.brier!.estimate).toBeLessThan(original!.performance.brier!.estimate);
    // Over-prediction treats too many at the higher thresholds: there the original model does harm
    // (net benefit below treating no one) and the recalibrated ones do not.
    const at = (r: typeof original, t: number) => r!.netBenefit.model[r!.netBenefit.thresholds.indexOf(t)]!;
    for (const t of [0.4, 0.5]) {
      expect(at(baseline, t), `${t}`).toBeGreaterThan(at(original, t));
      expect(at(slope, t), `${t}`).toBeGreaterThan(at(original, t));
    }
    expect(at(original, 0.5)).toBeLessThan(0);
    expect(at(baseline, 0.5)).toBeGreaterThan(0.05);
    expect(at(slope, 0.5)).toBeGreaterThan(0.05);
  });

  it("refuses an empty cohort, naming both, and a horizon that is not a time", () => {
    const base = {
      learner: elasticNetCoxLearner,
      params: { lambda: 1e-3, alpha: 1 },
      table,
      time,
      event,
      cohort,
      horizon: 12,
      seed: 1,
    };
    expect(() => transportSurvival({ ...base, target: "1L" })).toThrow(/3L\+ has 1500, 1L has 0/);
    expect(() => transportSurvival({ ...base, horizon: 0 })).toThrow(/horizon is 0/);
  });
});
