import { describe, expect, it } from "vitest";
import { boostedTreesLearner, elasticNetLearner, type LearningTable, transportBinary } from "../src/index.js";
import { syntheticCohort } from "./synthetic.js";

/** 3L+ from the true model; 2L with x1 shifted up 0.8 SD, no x2 effect and a lower baseline risk. */
function twoCohorts(n: number) {
  const dev = syntheticCohort(n, 41);
  const tgt = syntheticCohort(n, 42, { x1Mean: 0.8, x2Slope: 0, intercept: -1.2 });
  const table: LearningTable = { columns: dev.table.columns, rows: [...dev.table.rows, ...tgt.table.rows] };
  const outcome = Float64Array.from([...dev.outcome, ...tgt.outcome]);
  const cohort = [...Array<string>(n).fill("3L+"), ...Array<string>(n).fill("2L")];
  return { table, outcome, cohort };
}

describe("3L+ → 2L transport", () => {
  const { table, outcome, cohort } = twoCohorts(2500);
  const result = transportBinary({
    learner: elasticNetLearner,
    params: { lambda: 1e-4, alpha: 1 },
    table,
    outcome,
    cohort,
    thresholds: [0.1, 0.3, 0.5, 0.6, 0.7, 0.8],
    seed: 9,
  });

  it("detects the planted effect modification of x2 and no other", () => {
    const byName = new Map(result.effects.predictors.map((e) => [e.name, e]));
    const x2 = byName.get("x2")!;
    expect(x2.standardized).toBe(true);
    expect(x2.interactionP).toBeLessThan(1e-6);
    expect(x2.effectDevelopment.upper).toBeLessThan(-0.6);
    expect(x2.effectTarget.lower).toBeLessThan(0);
    expect(x2.effectTarget.upper).toBeGreaterThan(0);
    for (const name of ["x1", "noise1", "noise2", "flag", "group=b", "group=c"]) {
      expect(byName.get(name)!.interactionP, name).toBeGreaterThan(0.001);
    }
    expect(byName.get("flag")!.standardized).toBe(false);
    expect(result.effects.droppedIncomplete).toBe(0);
  });

  it("detects the planted covariate shift in x1 by SMD and by the domain classifier", () => {
    const smd = new Map(result.shift.features.map((f) => [f.name, f.smd]));
    expect(smd.get("x1")!).toBeLessThan(-0.65);
    expect(smd.get("x1")!).toBeGreaterThan(-0.95);
    for (const name of ["x2", "noise1", "noise2", "flag", "group"]) {
      expect(Math.abs(smd.get(name)!), name).toBeLessThan(0.1);
    }
    expect(result.shift.domainAuc).toBeGreaterThan(0.65);
    expect(result.shift.domainAucLower).toBeGreaterThan(0.6);
  });

  it("finds the miscalibration in the target cohort and recalibration repairs it", () => {
    expect(result.nDevelopment).toBe(2500);
    expect(result.nTarget).toBe(2500);
    // Lower baseline risk in 2L: the development model over-predicts (negative calibration-in-the-large).
    expect(result.performance.calibration!.intercept).toBeLessThan(-0.3);
    const [original, interceptOnly, logistic] = result.recalibration;
    expect(original!.method).toBe("original");
    expect(Math.abs(interceptOnly!.performance.calibration!.intercept)).toBeLessThan(0.1);
    expect(Math.abs(logistic!.performance.calibration!.slope - 1)).toBeLessThan(0.15);
    expect(logistic!.performance.brier).toBeLessThan(original!.performance.brier);
    // Over-prediction treats too many at high thresholds: there the original model does harm
    // (net benefit below treating no one) and the recalibrated one does not.
    const at = (r: typeof original, t: number) =>
      r!.netBenefit.points.find((pt) => Math.abs(pt.threshold - t) < 1e-9)!.netBenefit;
    for (const t of [0.6, 0.7, 0.8]) expect(at(logistic, t)).toBeGreaterThan(at(original, t));
    expect(at(original, 0.7)).toBeLessThan(0);
    expect(at(logistic, 0.7)).toBeGreaterThan(0);
  });

  it("refuses a cohort with no rows, naming both", () => {
    expect(() =>
      transportBinary({
        learner: elasticNetLearner,
        params: { lambda: 1e-3, alpha: 1 },
        table,
        outcome,
        cohort,
        target: "1L",
        seed: 1,
      }),
    ).toThrow(/3L\+ has 2500, 1L has 0/);
  });
});

describe("3L+ → 2L transport with sparse features", () => {
  // An assay nobody had (all missing) and one measured in 1 of 60 patients: the joint
  // model would have no complete rows, so effects fall back to one predictor at a time.
  const n = 1200;
  const { table, outcome, cohort } = twoCohorts(n);
  const sparse: LearningTable = {
    columns: [
      ...table.columns,
      { name: "never_measured", type: "numeric" },
      { name: "rarely_measured", type: "numeric" },
    ],
    rows: table.rows.map((r, i) => [...r, null, i % 60 === 0 ? (r[0] as number) + 0.1 * (i % 7) : null]),
  };
  // A third assay only one 2L patient had.
  sparse.columns.push({ name: "one_in_2l", type: "numeric" });
  sparse.rows.forEach((r, i) => {
    r.push(i === n ? 1.5 : null);
  });
  const result = transportBinary({
    learner: boostedTreesLearner,
    params: { rounds: 30, maxDepth: 2, learningRate: 0.2 },
    table: sparse,
    outcome,
    cohort,
    seed: 3,
  });

  it("reports no SMD, with the reason, for a feature with fewer than 2 values in a cohort", () => {
    const byName = new Map(result.shift.features.map((f) => [f.name, f]));
    expect(byName.get("never_measured")!.smd).toBeNull();
    expect(byName.get("never_measured")!.note).toMatch(/fewer than 2 values/);
    expect(byName.get("one_in_2l")!.smd).toBeNull();
    expect(byName.get("rarely_measured")!.smd).not.toBeNull();
    expect(byName.get("x1")!.note).toBeNull();
  });

  it("names the features without effects and models the rest one at a time", () => {
    expect(result.effects.notEstimable).toEqual(["never_measured", "one_in_2l"]);
    expect(result.effects.adjustment).toBe("one at a time");
    expect(result.effects.adjustmentReason).toMatch(/have every predictor|could not be fitted/);
    const names = result.effects.predictors.map((p) => p.name);
    expect(names).toContain("rarely_measured");
    expect(names).toContain("x2");
    // One at a time, x2's planted modification is still found.
    const x2 = result.effects.predictors.find((p) => p.name === "x2")!;
    expect(x2.interactionP).toBeLessThan(1e-3);
  });
});
