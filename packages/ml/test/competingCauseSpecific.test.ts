import { describe, expect, it } from "vitest";
import { causeSpecificLearner } from "../src/competing/causeSpecificRisk.js";
import { everyRow } from "../src/data.js";
import { elasticNetCoxLearner } from "../src/survival/elasticNetCox.js";
import { covariateTable, readFixture } from "./competingFixtures.js";

// Against riskRegression::CSC(ties = "breslow") + predictRisk(product.limit = FALSE)
// (tools/r/competing-ml-fixtures.R). The unpenalised Cox fit of each cause is the elastic net at
// λ = 0, solved by coordinate descent to its KKT tolerance rather than by coxph's Newton steps, so
// coefficients agree to 1e-7 relative (observed ≤ 1e-8) and the absolute risks to 1e-7 absolute
// (observed ≤ 3e-9). R leaves the exponential form above 1 where it overshoots (one training row
// and one new row at 24 months); the learner caps it at 1, so R's values are capped to compare.
const COEF_TOL = 1e-7;
const RISK_TOL = 1e-7;

interface CscFixture {
  train: { time: number[]; status: number[]; x1: number[]; x2: number[]; x3: number[] };
  newdata: { x1: number[]; x2: number[]; x3: number[] };
  horizons: number[];
  causes: { cause: 1 | 2; coefficients: number[]; trainRisk: number[][]; newRisk: number[][] }[];
}

const fixture = readFixture<CscFixture>("competing-csc.json");
const table = covariateTable(fixture.train);
const newTable = covariateTable(fixture.newdata);
const learner = causeSpecificLearner(elasticNetCoxLearner);
const rows = everyRow(table.rows.length);
const model = learner.fit(table, fixture.train.time, fixture.train.status, rows, { lambda: 0, alpha: 1 });

function expectClose(actual: Float64Array, expected: number[], tol: number, label: string): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - Math.min(expected[i]!, 1)));
  }
  expect(worst, label).toBeLessThan(tol);
}

describe("causeSpecificLearner against riskRegression::CSC", () => {
  it("fits each cause's Cox model with the other cause as censoring", () => {
    for (const { cause, coefficients } of fixture.causes) {
      const fitted = model.models[cause - 1]!.coefficients;
      coefficients.forEach((b, j) => {
        expect(Math.abs(fitted[j]! - b)).toBeLessThan(COEF_TOL * Math.abs(b));
      });
    }
    const relapses = fixture.train.status.filter((s) => s === 1).length;
    expect(model.events).toEqual([relapses, fixture.train.status.filter((s) => s === 2).length]);
  });

  it("predicts each cause's absolute risk at every horizon, on the training and on new rows", () => {
    const newRows = everyRow(newTable.rows.length);
    for (const { cause, trainRisk, newRisk } of fixture.causes) {
      fixture.horizons.forEach((horizon, h) => {
        expectClose(
          learner.predictAbsoluteRisk(model, table, rows, horizon, cause),
          trainRisk[h]!,
          RISK_TOL,
          `cause ${cause} training rows at ${horizon}`,
        );
        expectClose(
          learner.predictAbsoluteRisk(model, newTable, newRows, horizon, cause),
          newRisk[h]!,
          RISK_TOL,
          `cause ${cause} new rows at ${horizon}`,
        );
      });
    }
  });

  it("reports the named cause's linear predictor, higher = higher hazard of that cause", () => {
    const lp1 = learner.predictLinearPredictor(model, table, rows, 1);
    const lp2 = learner.predictLinearPredictor(model, table, rows, 2);
    // x1 raises relapse and lowers NRM in the simulation, and both fits find it
    const b1 = fixture.causes[0]!.coefficients;
    const b2 = fixture.causes[1]!.coefficients;
    const row = 3;
    const x = table.rows[row]! as number[];
    expect(lp1[row]).toBeCloseTo(b1[0]! * x[0]! + b1[1]! * x[1]! + b1[2]! * x[2]!, 5);
    expect(lp2[row]).toBeCloseTo(b2[0]! * x[0]! + b2[1]! * x[1]! + b2[2]! * x[2]!, 5);
    expect(b1[0]).toBeGreaterThan(0);
    expect(b2[0]).toBeLessThan(0);
  });

  it("keeps F₁ + F₂ + S within 1 where nothing is capped, and refuses unknown causes and statuses", () => {
    const f1 = learner.predictAbsoluteRisk(model, table, rows, 12, 1);
    const f2 = learner.predictAbsoluteRisk(model, table, rows, 12, 2);
    for (let i = 0; i < f1.length; i++) expect(f1[i]! + f2[i]!).toBeLessThan(1);
    expect(() => learner.predictAbsoluteRisk(model, table, rows, 12, 3 as 1)).toThrow(/cause is 3/);
    expect(() => learner.predictAbsoluteRisk(model, table, rows, 0, 1)).toThrow(/horizon/);
    const bad = fixture.train.status.slice();
    bad[5] = 3;
    expect(() => learner.fit(table, fixture.train.time, bad, rows, { lambda: 0, alpha: 1 })).toThrow(
      /status of row 5 is 3/,
    );
  });
});
