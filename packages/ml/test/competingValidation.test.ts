import { describe, expect, it } from "vitest";
import type { CauseSpecificModel } from "../src/competing/causeSpecificRisk.js";
import { type CompetingRiskLearner, causeSpecificLearner } from "../src/competing/causeSpecificRisk.js";
import { competingPerformance } from "../src/competing/competingPerformance.js";
import {
  COMPETING_OPTIMISM_INDEXES,
  causeLearner,
  competingEndpoint,
  competingLeaveOneCenterOut,
  competingNestedCrossValidation,
  competingOptimism,
} from "../src/competing/competingValidation.js";
import { everyRow } from "../src/data.js";
import {
  type ElasticNetCoxModel,
  type ElasticNetCoxParams,
  elasticNetCoxLearner,
} from "../src/survival/elasticNetCox.js";
import { survivalNestedCvOuterFold, survivalNestedCvPlan } from "../src/survival/survivalNestedCv.js";
import { SMALL_CENTRES } from "../src/validation/leaveOneCenterOut.js";
import { covariateTable, readFixture } from "./competingFixtures.js";

// The synthetic competing-risks cohort of tools/r/competing-ml-fixtures.R (160 patients: 68
// relapses, 55 NRM deaths, 37 censored), where x1 raises relapse and lowers NRM.
interface Cohort {
  train: { time: number[]; status: number[]; x1: number[]; x2: number[]; x3: number[] };
}
const cohort = readFixture<Cohort>("competing-csc.json").train;
const table = covariateTable(cohort);
const HORIZON = 12;
const grid: ElasticNetCoxParams[] = [
  { lambda: 0.2, alpha: 1 },
  { lambda: 0.005, alpha: 1 },
];
const cscLearner = causeSpecificLearner(elasticNetCoxLearner);

/** The CSC learner, recording the rows of every fit and the statuses it was given. */
function recording(): {
  learner: CompetingRiskLearner<CauseSpecificModel<ElasticNetCoxModel>, ElasticNetCoxParams>;
  fits: Uint32Array[];
  statuses: Set<number>;
} {
  const fits: Uint32Array[] = [];
  const statuses = new Set<number>();
  return {
    fits,
    statuses,
    learner: {
      ...cscLearner,
      fit(t, time, status, rows, params) {
        fits.push(rows.slice());
        for (const row of rows) statuses.add(status[row]!);
        return cscLearner.fit(t, time, status, rows, params);
      },
    },
  };
}

describe("competing-risks validation through the survival designs", () => {
  it("nested CV never fits on a held-out row, fits on both causes and predicts each row's relapse risk once", () => {
    const { learner, fits, statuses } = recording();
    const options = {
      learner: causeLearner(learner, 1),
      table,
      time: cohort.time,
      event: cohort.status,
      horizon: HORIZON,
      grid,
      outerFolds: 3,
      innerFolds: 3,
      seed: 11,
      endpoint: competingEndpoint(1),
    };
    const plan = survivalNestedCvPlan(options);
    expect(plan.criterion).toBe("wolbersC");
    const seen = new Uint8Array(cohort.time.length);
    for (let fold = 0; fold < 3; fold++) {
      fits.length = 0;
      const run = survivalNestedCvOuterFold(options, plan, fold);
      expect(fits).toHaveLength(grid.length * 3 + 1);
      const test = new Set<number>();
      plan.outerAssignment.forEach((f, i) => {
        if (f === fold) test.add(plan.rows[i]!);
      });
      for (const fit of fits) for (const row of fit) expect(test.has(row)).toBe(false);
      for (const r of run.riskAtHorizon) expect(r >= 0 && r <= 1).toBe(true);
      for (const row of test) seen[row]!++;
    }
    expect(Array.from(seen).every((count) => count === 1)).toBe(true);
    expect([...statuses].sort()).toEqual([0, 1, 2]);
  });

  it("reports the pooled out-of-fold relapse risks' competing-risks performance, refusing survival criteria", () => {
    const result = competingNestedCrossValidation({
      learner: cscLearner,
      table,
      time: cohort.time,
      status: cohort.status,
      cause: 1,
      horizon: HORIZON,
      grid,
      outerFolds: 3,
      innerFolds: 3,
      seed: 11,
    });
    expect(result.criterion).toBe("wolbersC");
    const again = competingPerformance({
      riskAtHorizon: result.riskAtHorizon,
      time: cohort.time,
      status: cohort.status,
      horizon: HORIZON,
    });
    expect(result.performance).toEqual(again);
    // x1 carries the relapse signal: the out-of-fold ranking is clearly better than chance
    expect(result.performance.auc!.estimate).toBeGreaterThan(0.6);
    expect(result.performance.concordance!.estimate).toBeGreaterThan(0.6);
    expect(() =>
      competingNestedCrossValidation({
        learner: cscLearner,
        table,
        time: cohort.time,
        status: cohort.status,
        cause: 1,
        horizon: HORIZON,
        grid,
        criterion: "harrellC" as "auc",
        seed: 11,
      }),
    ).toThrow(/expected "wolbersC" or "auc"/);
  });

  it("names the cause: NRM's risk ranks the other way round on x1", () => {
    const rows = everyRow(cohort.time.length);
    const model = cscLearner.fit(table, cohort.time, cohort.status, rows, grid[1]!);
    const relapse = causeLearner(cscLearner, 1);
    const nrm = causeLearner(cscLearner, 2);
    const lowX1 = cohort.x1.indexOf(Math.min(...cohort.x1));
    const highX1 = cohort.x1.indexOf(Math.max(...cohort.x1));
    const both = Uint32Array.of(lowX1, highX1);
    const relapseRisk = relapse.predictSurvival(model, table, both, HORIZON).map((s) => 1 - s);
    const nrmRisk = nrm.predictSurvival(model, table, both, HORIZON).map((s) => 1 - s);
    expect(relapseRisk[1]!).toBeGreaterThan(relapseRisk[0]!);
    expect(nrmRisk[1]!).toBeLessThan(nrmRisk[0]!);
    expect(relapse.predictRisk(model, table, both)[1]!).toBeGreaterThan(
      relapse.predictRisk(model, table, both)[0]!,
    );
  });

  it("corrects Wolbers' C, the AUC and the Brier score for optimism by the bootstrap", () => {
    const { learner, statuses } = recording();
    const table_ = competingOptimism({
      learner,
      table,
      time: cohort.time,
      status: cohort.status,
      cause: 1,
      horizon: HORIZON,
      params: grid[1]!,
      replicates: 8,
      seed: 3,
      stratifyByStatus: true,
    });
    expect(table_.rows.map((r) => r.index)).toEqual([...COMPETING_OPTIMISM_INDEXES]);
    expect(table_.fitted).toBe(8);
    expect([...statuses].sort()).toEqual([0, 1, 2]);
    for (const row of table_.rows) {
      expect(row.indexCorrected).toBeCloseTo(row.indexOrig - row.optimism, 12);
      expect(row.n).toBe(8);
    }
    const apparent = competingPerformance({
      riskAtHorizon: causeLearner(cscLearner, 1)
        .predictSurvival(
          cscLearner.fit(table, cohort.time, cohort.status, everyRow(160), grid[1]!),
          table,
          everyRow(160),
          HORIZON,
        )
        .map((s) => 1 - s),
      time: cohort.time,
      status: cohort.status,
      horizon: HORIZON,
    });
    expect(table_.rows[0]!.indexOrig).toBeCloseTo(apparent.concordance!.estimate, 12);
    expect(table_.rows[2]!.indexOrig).toBeCloseTo(apparent.brier!.estimate, 12);
  });

  it("leaves each centre out, counts only the named cause's events and pools the AUC and Brier score", () => {
    const { learner, fits } = recording();
    // four centres of 38–39 patients and one of 6, too few relapses to stand alone
    const centers = cohort.time.map((_, i) => (i < 6 ? "C05" : `C0${1 + (i % 4)}`));
    const result = competingLeaveOneCenterOut({
      learner,
      table,
      time: cohort.time,
      status: cohort.status,
      cause: 1,
      centers,
      horizon: HORIZON,
      params: grid[1]!,
      minEvents: 5,
    });
    expect(result.groups.map((g) => g.label)).toEqual(["C01", "C02", "C03", "C04", SMALL_CENTRES]);
    expect(fits).toHaveLength(result.groups.length);
    result.groups.forEach((group, g) => {
      for (const row of fits[g]!) expect(group.centers).not.toContain(centers[row]);
      const members = centers.map((c, i) => (group.centers.includes(c) ? i : -1)).filter((i) => i >= 0);
      expect(group.nEvents).toBe(members.filter((i) => cohort.status[i] === 1).length);
    });
    const small = result.groups.find((g) => g.label === SMALL_CENTRES)!;
    expect(small.belowMinimum).toBe(small.nEvents < 5);
    expect(result.pooled.auc!.k).toBe(result.groups.filter((g) => !g.belowMinimum).length);
    expect(result.pooled.auc!.estimate).toBeGreaterThan(0.55);
    expect(result.pooled.brier).not.toBeNull();
    const c01 = result.groups[0]!;
    const rowsOf = centers.map((c, i) => (c === "C01" ? i : -1)).filter((i) => i >= 0);
    expect(c01.performance).toEqual(
      competingPerformance({
        riskAtHorizon: rowsOf.map((i) => result.riskAtHorizon[i]!),
        time: rowsOf.map((i) => cohort.time[i]!),
        status: rowsOf.map((i) => cohort.status[i]!),
        horizon: HORIZON,
      }),
    );
  });
});
