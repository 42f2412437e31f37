import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { transportCompeting } from "../src/competing/competingTransport.js";
import type { LearningTable } from "../src/data.js";
import { elasticNetCoxLearner } from "../src/survival/elasticNetCox.js";

/**
 * Two cohorts with competing causes: cause 1 (relapse) and cause 2 (NRM) from exponential
 * cause-specific hazards. In the target cohort the NRM baseline hazard is `nrmScale` times the
 * development one and x2's NRM effect differs; censoring is uniform.
 */
function cohorts(seed: number, nrmScale: number) {
  const rng = new SeededRandom(seed);
  const rows: (number | null)[][] = [];
  const time: number[] = [];
  const status: number[] = [];
  const cohort: string[] = [];
  for (const [label, n, scale, x2Effect] of [
    ["3L+", 700, 1, 0.8],
    ["2L", 500, nrmScale, 0],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const x1 = rng.normal();
      const x2 = rng.normal();
      const relapse = -Math.log(rng.uniform()) / (0.05 * Math.exp(0.7 * x1));
      const nrm = -Math.log(rng.uniform()) / (0.02 * scale * Math.exp(0.5 * x1 + x2Effect * x2));
      const censor = 6 + 30 * rng.uniform();
      const t = Math.min(relapse, nrm, censor);
      rows.push([x1, x2]);
      time.push(t);
      status.push(t === censor ? 0 : t === relapse ? 1 : 2);
      cohort.push(label);
    }
  }
  const table: LearningTable = {
    columns: [
      { name: "x1", type: "numeric" },
      { name: "x2", type: "numeric" },
    ],
    rows,
  };
  return { table, time, status, cohort };
}

describe("transportCompeting", () => {
  const data = cohorts(11, 2.5);
  const result = transportCompeting({
    learner: elasticNetCoxLearner,
    params: { lambda: 0, alpha: 1 },
    table: data.table,
    time: data.time,
    status: data.status,
    cohort: data.cohort,
    horizon: 12,
    cause: 2,
    seed: 3,
  });

  it("finds the cause-specific effect that differs between the cohorts, and not the one that does not", () => {
    const x1 = result.effects.predictors.find((p) => p.name === "x1")!;
    const x2 = result.effects.predictors.find((p) => p.name === "x2")!;
    // x2's NRM log HR per SD: about 0.8 in 3L+, 0 in 2L.
    expect(x2.effectDevelopment.estimate).toBeGreaterThan(0.5);
    expect(Math.abs(x2.effectTarget.estimate)).toBeLessThan(0.3);
    expect(x2.interactionP).toBeLessThan(0.001);
    expect(x1.interactionP).toBeGreaterThan(0.01);
  });

  it("sees the 2L model under-predict NRM, and the baseline update correct it in the large", () => {
    const byMethod = new Map(result.recalibration.map((c) => [c.method, c]));
    expect([...byMethod.keys()]).toEqual(["original", "baseline", "slope"]);
    // 2.5 × the NRM hazard in 2L: the observed incidence is well above the predicted one.
    expect(result.performance.calibrationIntercept!).toBeGreaterThan(0.4);
    expect(Math.abs(byMethod.get("baseline")!.performance.calibrationIntercept!)).toBeLessThan(0.2);
    expect(Math.abs(byMethod.get("slope")!.performance.calibrationIntercept!)).toBeLessThan(0.2);
    // The same patients, so the same events; net benefit read with the Aalen–Johansen incidence.
    for (const c of result.recalibration) {
      expect(c.performance.eventsByHorizon).toBe(result.performance.eventsByHorizon);
      expect(c.netBenefit.treatAll).toEqual(result.netBenefit.treatAll);
    }
    expect(result.performance.auc!.estimate).toBeGreaterThan(0.5);
    expect(result.nDevelopment).toBe(700);
    expect(result.nTarget).toBe(500);
  });

  it("refuses a cause other than 1 or 2", () => {
    expect(() =>
      transportCompeting({
        learner: elasticNetCoxLearner,
        params: { lambda: 0, alpha: 1 },
        table: data.table,
        time: data.time,
        status: data.status,
        cohort: data.cohort,
        horizon: 12,
        cause: 3 as 1,
        seed: 3,
      }),
    ).toThrow(/cause/);
  });
});
