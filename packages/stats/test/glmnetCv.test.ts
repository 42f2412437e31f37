import { describe, expect, it } from "vitest";
import { crossValidateCox, crossValidateLogistic, cvOptimalLambda } from "../src/penalized/crossValidate.js";
import cox from "./fixtures/glmnet-cox.json";
import cv from "./fixtures/glmnet-cv.json";
import logistic from "./fixtures/glmnet-logistic.json";

interface CvCase {
  name: string;
  family: "binomial" | "cox";
  foldId: number[];
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  nzero: number[];
  lambdaMin: number;
  lambda1se: number;
  indexMin: number;
  index1se: number;
}

const cases = cv.cases as CvCase[];
const birthwt = logistic.cases.find((c) => c.name === "birthwt-lasso")!.input;
const veteran = cox.cases.find((c) => c.name === "veteran-lasso")!.input;

// cvm and cvsd come from fold fits that glmnet solved to thresh = 1e-14 (not exactly), so they agree
// with carta's exact fold solutions to ~1e-8; 1e-6 leaves room without hiding a wrong formula.
const CV_TOL = 1e-6;

function expectCvMatches(result: ReturnType<typeof crossValidateLogistic>, c: CvCase) {
  expect(result.lambda.length).toBe(c.lambda.length);
  for (let l = 0; l < c.lambda.length; l++) {
    expect(Math.abs(result.lambda[l]! - c.lambda[l]!)).toBeLessThanOrEqual(1e-12 * c.lambda[l]!);
    expect(Math.abs(result.cvm[l]! - c.cvm[l]!)).toBeLessThanOrEqual(CV_TOL);
    expect(Math.abs(result.cvsd[l]! - c.cvsd[l]!)).toBeLessThanOrEqual(CV_TOL);
    expect(result.cvup[l]).toBeCloseTo(result.cvm[l]! + result.cvsd[l]!, 15);
  }
  expect(Array.from(result.nonzero)).toEqual(c.nzero);
  expect(result.indexMin + 1).toBe(c.indexMin);
  expect(result.index1se + 1).toBe(c.index1se);
  expect(Math.abs(result.lambdaMin - c.lambdaMin)).toBeLessThanOrEqual(1e-12 * c.lambdaMin);
  expect(Math.abs(result.lambda1se - c.lambda1se)).toBeLessThanOrEqual(1e-12 * c.lambda1se);
  expect(result.lambda1se).toBeGreaterThanOrEqual(result.lambdaMin);
}

describe("cross-validation against cv.glmnet with a fixed foldid", () => {
  it("has the cases the tests rely on", () => {
    expect(cases.map((c) => c.name)).toEqual(["birthwt-lasso-cv", "veteran-lasso-cv"]);
  });

  it("binomial deviance on MASS::birthwt: cvm, cvsd, lambda.min and lambda.1se", () => {
    const c = cases[0]!;
    const result = crossValidateLogistic({ x: birthwt.x, y: birthwt.y, foldId: c.foldId });
    expect(result.family).toBe("binomial");
    expect(result.measure).toBe("deviance");
    expect(result.grouped).toBe(true);
    expect(result.nFolds).toBe(5);
    expect(result.warnings).toEqual([]);
    expectCvMatches(result, c);
  });

  it("Cox partial-likelihood deviance (Verweij & van Houwelingen) on survival::veteran", () => {
    const c = cases[1]!;
    const result = crossValidateCox({
      x: veteran.x,
      time: veteran.time,
      event: veteran.event,
      foldId: c.foldId,
    });
    expect(result.family).toBe("cox");
    expect(result.fit.riskSet).toBe("textbook");
    expectCvMatches(result, c);
  });

  it("ungrouped binomial deviance averages over rows: the same cvm, a row-level cvsd", () => {
    const c = cases[0]!;
    const grouped = crossValidateLogistic({ x: birthwt.x, y: birthwt.y, foldId: c.foldId });
    const rows = crossValidateLogistic({ x: birthwt.x, y: birthwt.y, foldId: c.foldId, grouped: false });
    expect(rows.grouped).toBe(false);
    for (let l = 0; l < rows.lambda.length; l++) {
      // unit weights: the fold-weighted mean of fold means is the row mean
      expect(Math.abs(rows.cvm[l]! - grouped.cvm[l]!)).toBeLessThanOrEqual(1e-12);
      expect(rows.cvsd[l]).not.toBe(grouped.cvsd[l]);
    }
  });

  it("follows getOptcv.glmnet: the largest lambda at the minimum, and within one standard error", () => {
    const lambda = Float64Array.from([5, 4, 3, 2, 1]);
    const cvm = Float64Array.from([3, 2, 1, 1, 2]);
    const cvsd = Float64Array.from([0.1, 0.1, 0.5, 0.1, 0.1]);
    expect(cvOptimalLambda(lambda, cvm, cvsd)).toEqual({ indexMin: 2, index1se: 2 });
    const wide = Float64Array.from([0.1, 0.1, 1.5, 0.1, 0.1]);
    expect(cvOptimalLambda(lambda, cvm, wide)).toEqual({ indexMin: 2, index1se: 1 });
  });

  it("refuses fold ids it cannot use, with the reason", () => {
    const y = birthwt.y;
    const two = y.map((_, i) => (i % 2) + 1);
    expect(() => crossValidateLogistic({ x: birthwt.x, y, foldId: two })).toThrow(/at least 3/);
    const gap = y.map((_, i) => (i % 3) + 1 + (i % 3 === 2 ? 1 : 0));
    expect(() => crossValidateLogistic({ x: birthwt.x, y, foldId: gap })).toThrow(
      /fold 3 of 1 … 4 has no rows/,
    );
    expect(() => crossValidateLogistic({ x: birthwt.x, y, foldId: y.map(() => 1.5) })).toThrow(
      /foldId\[0\] is 1.5/,
    );
    expect(() => crossValidateLogistic({ x: birthwt.x, y, foldId: [1, 2, 3] })).toThrow(
      /foldId has 3 values/,
    );
  });

  it("names the fold whose training rows cannot be fitted", () => {
    // all the 1s in fold 1: fitting without it leaves one class
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const x = y.flatMap((_, i) => [i, (i * 7) % 5]);
    const foldId = [1, 1, 1, 2, 2, 2, 3, 3, 3, 1, 2, 3];
    expect(() => crossValidateLogistic({ x, y, foldId })).toThrow(
      /without fold 1 failed: .*y has 8 rows with 0 and 0 with 1/,
    );
  });
});
