import { describe, expect, it } from "vitest";
import { elasticNetCox } from "../src/penalized/coxPath.js";
import { coxKkt, logisticKkt } from "../src/penalized/kkt.js";
import { defaultLambdaMinRatio, glmnetLambdaSequence } from "../src/penalized/lambdaPath.js";
import { elasticNetLogistic } from "../src/penalized/logisticPath.js";
import { elasticNetLinearPredictor } from "../src/penalized/predict.js";
import type { ElasticNetPath } from "../src/penalized/types.js";
import { SeededRandom } from "../src/random/rng.js";
import cox from "./fixtures/glmnet-cox.json";
import logistic from "./fixtures/glmnet-logistic.json";

const birthwt = logistic.cases.find((c) => c.name === "birthwt-lasso")!.input;
const veteran = cox.cases.find((c) => c.name === "veteran-lasso")!.input;

/** Every number a fit reports is finite (no NaN, no Infinity). */
function expectFinite(fit: ElasticNetPath) {
  const arrays = [
    fit.lambda,
    fit.intercepts,
    fit.coefficients,
    fit.standardizedCoefficients,
    fit.devRatio,
    fit.deviance,
    fit.kktViolation,
    fit.xMean,
    fit.xSd,
  ];
  for (const a of arrays) expect(Array.from(a).every(Number.isFinite)).toBe(true);
  expect(Number.isFinite(fit.nullDeviance)).toBe(true);
  expect(fit.lambda.length).toBeGreaterThan(0);
}

/** Column j of a row-major n×p matrix replaced by `values`, or appended when j = p. */
function withColumn(x: number[], p: number, j: number, values: (i: number) => number): number[] {
  const n = x.length / p;
  const q = j === p ? p + 1 : p;
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) out.push(k === j ? values(i) : x[i * p + k]!);
  return out;
}

describe("elasticNetLogistic refuses what it cannot fit, saying what and where", () => {
  const { x, y } = birthwt;
  const p = birthwt.p;

  it("missing and non-numeric covariates", () => {
    const missing = [...x];
    missing[3 * p + 1] = Number.NaN;
    expect(() => elasticNetLogistic({ x: missing, y, names: birthwt.names })).toThrow(
      /x\[3, lwt\] is NaN; expected a finite number \(impute or drop missing values first\)/,
    );
    const text = [...x] as unknown[];
    text[5] = "12";
    expect(() => elasticNetLogistic({ x: text as number[], y })).toThrow(
      /x\[0, x6\] is 12; expected a finite number/,
    );
    const infinite = [...x];
    infinite[0] = Number.POSITIVE_INFINITY;
    expect(() => elasticNetLogistic({ x: infinite, y })).toThrow(/x\[0, x1\] is Infinity/);
    expect(() => elasticNetLogistic({ x: x.slice(1), y })).toThrow(/not a multiple of n = 189/);
  });

  it("an outcome that is not 0/1, or has too few of a class", () => {
    expect(() => elasticNetLogistic({ x, y: y.map((v, i) => (i === 7 ? 2 : v)) })).toThrow(
      /y\[7\] is 2; expected 0 or 1/,
    );
    expect(() => elasticNetLogistic({ x, y: y.map(() => 0) })).toThrow(/y has 189 rows with 0 and 0 with 1/);
    const one = y.map((_, i) => (i === 0 ? 1 : 0));
    expect(() => elasticNetLogistic({ x, y: one })).toThrow(/each class needs at least 2/);
    const five = y.map((_, i) => (i < 5 ? 1 : 0));
    const fit = elasticNetLogistic({ x, y: five });
    expect(fit.warnings.map((w) => w.code)).toContain("small-class");
    expectFinite(fit);
  });

  it("options out of range", () => {
    expect(() => elasticNetLogistic({ x, y, alpha: 1.5 })).toThrow(/alpha must lie in \[0, 1\]/);
    expect(() => elasticNetLogistic({ x, y, lambda: [0.1, -1] })).toThrow(/lambda\[1\] is -1/);
    expect(() => elasticNetLogistic({ x, y, lambda: [] })).toThrow(/lambda is empty/);
    expect(() => elasticNetLogistic({ x, y, nLambda: 0 })).toThrow(/nLambda must be a positive integer/);
    expect(() => elasticNetLogistic({ x, y, lambdaMinRatio: 1 })).toThrow(/lambdaMinRatio/);
    expect(() => elasticNetLogistic({ x, y, weights: y.map((_, i) => (i === 4 ? -1 : 1)) })).toThrow(
      /weights\[4\] is -1/,
    );
    expect(() => elasticNetLogistic({ x, y, weights: y.map(() => 0) })).toThrow(/all weights are 0/);
    expect(() => elasticNetLogistic({ x, y, weights: [1, 2] })).toThrow(/weights has 2 values, expected 189/);
    expect(() => elasticNetLogistic({ x, y, penaltyFactor: new Array(p).fill(0) })).toThrow(
      /every penalty factor is 0/,
    );
    expect(() => elasticNetLogistic({ x, y, penaltyFactor: [1, 2] })).toThrow(/penaltyFactor has 2 values/);
    expect(() => elasticNetLogistic({ x, y, names: ["a"] })).toThrow(/names has 1 entries, x has 9 columns/);
    expect(() => elasticNetLogistic({ x, y, kktTolerance: 0 })).toThrow(/kktTolerance/);
  });
});

describe("elasticNetLogistic warns, and still returns finite numbers, when", () => {
  const { x, y } = birthwt;
  const p = birthwt.p;
  const base = elasticNetLogistic({ x, y });

  it("a covariate is constant: its coefficient is 0 and the rest of the fit is unchanged", () => {
    const fit = elasticNetLogistic({ x: withColumn(x, p, p, () => 3), y });
    const warning = fit.warnings.find((w) => w.code === "constant-column");
    expect(warning?.columns).toEqual([p]);
    expect(warning?.message).toMatch(/x10 is constant; coefficient fixed at 0/);
    expectFinite(fit);
    expect(fit.lambda.length).toBe(base.lambda.length);
    for (let l = 0; l < fit.lambda.length; l++) {
      expect(fit.coefficients[l * (p + 1) + p]).toBe(0);
      for (let j = 0; j < p; j++) {
        expect(
          Math.abs(fit.coefficients[l * (p + 1) + j]! - base.coefficients[l * p + j]!),
        ).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it("two covariates are collinear: the fit (linear predictor) is the same, the KKT conditions hold", () => {
    const duplicated = withColumn(x, p, p, (i) => -2 * x[i * p + 1]! + 7);
    for (const alpha of [1, 0.5]) {
      const fit = elasticNetLogistic({ x: duplicated, y, alpha });
      const warning = fit.warnings.find((w) => w.code === "duplicate-columns");
      expect(warning?.columns).toEqual([1, p]);
      expectFinite(fit);
      expect(Math.max(...fit.kktViolation)).toBeLessThanOrEqual(1e-9);
      if (alpha === 0.5) {
        // the ridge part splits a shared effect evenly on the standardised scale (opposite signs here)
        const last = fit.lambda.length - 1;
        const b = fit.standardizedCoefficients;
        expect(Math.abs(b[last * (p + 1) + 1]! + b[last * (p + 1) + p]!)).toBeLessThanOrEqual(1e-7);
      } else {
        for (let l = 0; l < base.lambda.length; l++) {
          const a = elasticNetLinearPredictor(fit, duplicated, l);
          const b = elasticNetLinearPredictor(base, x, l);
          for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-7);
        }
      }
    }
  });

  it("the outcome is perfectly separated: every λ of the path is solved, all numbers finite", () => {
    // glmnet 4.1.6 with thresh = 1e-14 gives up at the 97th λ of this path (maxit reached)
    const separated = y.map((_, i) => (x[i * p + 1]! > 120 ? 1 : 0));
    const fit = elasticNetLogistic({ x, y: separated });
    expectFinite(fit);
    expect(fit.converged).toBe(true);
    expect(Math.max(...fit.kktViolation)).toBeLessThanOrEqual(1e-9);
    expect(fit.devRatio[fit.devRatio.length - 1]!).toBeGreaterThan(0.99);
  });

  it("a separation with a wide margin saturates: the path stops at glmnet's dev.ratio limit 0.999", () => {
    const separated = y.map((_, i) => (i % 2 === 0 ? 1 : 0));
    const margin = withColumn(x, p, p, (i) => (i % 2 === 0 ? 5 : -5) + ((i * 37) % 11) / 10);
    const fit = elasticNetLogistic({ x: margin, y: separated });
    expectFinite(fit);
    expect(["deviance-ratio-max", "saturated"]).toContain(fit.stop);
    expect(Math.max(...fit.kktViolation)).toBeLessThanOrEqual(1e-9);
  });

  it("a user λ too small for the pass budget: a not-converged warning with the count, never a hang", () => {
    const separated = y.map((_, i) => (x[i * p + 1]! > 120 ? 1 : 0));
    const fit = elasticNetLogistic({ x, y: separated, lambda: [1e-3, 1e-9], maxPasses: 300 });
    expectFinite(fit);
    expect(fit.converged).toBe(false);
    expect(fit.stop).toBe("not-converged");
    const warning = fit.warnings.find((w) => w.code === "not-converged");
    expect(warning?.lambdaIndex).toBe(1);
    expect(warning?.message).toMatch(/after \d+ coordinate-descent passes \(maxPasses 300\)/);
    expect(fit.kktViolation[0]!).toBeLessThanOrEqual(1e-9);
  });

  it("maxPasses runs out early on ordinary data: the path stops at that λ with its KKT violation", () => {
    const fit = elasticNetLogistic({ x, y, maxPasses: 20 });
    expectFinite(fit);
    expect(fit.converged).toBe(false);
    expect(fit.lambda.length).toBeLessThan(base.lambda.length);
    expect(fit.kktViolation[fit.lambda.length - 1]!).toBeGreaterThan(1e-9);
  });
});

describe("elasticNetLogistic conventions", () => {
  const { x, y } = birthwt;
  const p = birthwt.p;

  it("integer case weights are the same as repeating rows (weights are scaled to sum to 1)", () => {
    const weights = y.map((_, i) => 1 + (i % 3));
    const weighted = elasticNetLogistic({ x, y, weights });
    const rx: number[] = [];
    const ry: number[] = [];
    y.forEach((v, i) => {
      for (let k = 0; k < weights[i]!; k++) {
        ry.push(v);
        for (let j = 0; j < p; j++) rx.push(x[i * p + j]!);
      }
    });
    const repeated = elasticNetLogistic({ x: rx, y: ry, lambdaMinRatio: 1e-4 });
    expect(weighted.lambda.length).toBe(repeated.lambda.length);
    for (let k = 0; k < weighted.coefficients.length; k++) {
      expect(Math.abs(weighted.coefficients[k]! - repeated.coefficients[k]!)).toBeLessThanOrEqual(1e-7);
    }
    expect(Math.abs(weighted.nullDeviance - repeated.nullDeviance)).toBeLessThanOrEqual(1e-9);
  });

  it("the linear predictor at each λ is b₀ + xβ on the original scale; bad indices are refused", () => {
    const fit = elasticNetLogistic({ x, y, nLambda: 10 });
    const last = fit.lambda.length - 1;
    const eta = elasticNetLinearPredictor(fit, x.slice(0, 2 * p), last);
    let expected = fit.intercepts[last]!;
    for (let j = 0; j < p; j++) expected += x[p + j]! * fit.coefficients[last * p + j]!;
    expect(eta[1]).toBeCloseTo(expected, 12);
    expect(() => elasticNetLinearPredictor(fit, x, last + 1)).toThrow(
      new RegExp(`lambdaIndex ${last + 1} is outside 0 … ${last}`),
    );
  });

  it("logisticKkt flags a solution that is not optimal, and checks its arguments", () => {
    const fit = elasticNetLogistic({ x, y, nLambda: 10 });
    const options = { x, y };
    const coefficients = Array.from(fit.coefficients.subarray(5 * p, 6 * p));
    expect(logisticKkt(options, fit.lambda[5]!, fit.intercepts[5]!, coefficients).maxViolation).toBeLessThan(
      1e-9,
    );
    coefficients[0] = coefficients[0]! + 0.01;
    expect(
      logisticKkt(options, fit.lambda[5]!, fit.intercepts[5]!, coefficients).maxViolation,
    ).toBeGreaterThan(1e-4);
    expect(() => logisticKkt(options, 0.1, 0, [1])).toThrow(/1 coefficients for 9 columns/);
  });

  it("glmnet's sequence: lambda.min.ratio by n vs p, geometric steps, first value λmax", () => {
    expect(defaultLambdaMinRatio(100, 10)).toBe(1e-4);
    expect(defaultLambdaMinRatio(100, 100)).toBe(1e-4);
    expect(defaultLambdaMinRatio(10, 100)).toBe(1e-2);
    const seq = glmnetLambdaSequence(2, 5, 1e-4);
    expect(seq[0]).toBeCloseTo(2, 14);
    expect(seq[4]).toBeCloseTo(2e-4, 16);
    expect(seq[2]! / seq[1]!).toBeCloseTo(0.1, 14);
  });
});

describe("elasticNetCox refuses and warns", () => {
  const { x, time, event } = veteran;
  const p = veteran.p;

  it("no events, bad times, bad event codes, missing covariates", () => {
    expect(() => elasticNetCox({ x, time, event: event.map(() => 0) })).toThrow(
      /no events .*; the partial likelihood is empty/,
    );
    expect(() => elasticNetCox({ x, time: time.map((t, i) => (i === 2 ? -1 : t)), event })).toThrow(
      /time\[2\] is -1; expected a finite number ≥ 0/,
    );
    expect(() => elasticNetCox({ x, time: time.map((t, i) => (i === 2 ? Number.NaN : t)), event })).toThrow(
      /time\[2\] is NaN/,
    );
    expect(() => elasticNetCox({ x, time, event: event.map((e, i) => (i === 9 ? 2 : e)) })).toThrow(
      /event\[9\] is 2; expected 0 or 1/,
    );
    const missing = [...x];
    missing[10 * p + 4] = Number.NaN;
    expect(() => elasticNetCox({ x: missing, time, event, names: veteran.names })).toThrow(
      /x\[10, karno\] is NaN/,
    );
    expect(() => elasticNetCox({ x, time: time.slice(1), event })).toThrow(
      /event has 137 values, expected 136/,
    );
  });

  it("a constant covariate: a warning, coefficient 0, the other coefficients unchanged", () => {
    const base = elasticNetCox({ x, time, event });
    const fit = elasticNetCox({ x: withColumn(x, p, p, () => 1), time, event });
    expect(fit.warnings.map((w) => w.code)).toEqual(["constant-column"]);
    expectFinite(fit);
    for (let l = 0; l < fit.lambda.length; l++) {
      expect(fit.coefficients[l * (p + 1) + p]).toBe(0);
      for (let j = 0; j < p; j++) {
        expect(
          Math.abs(fit.coefficients[l * (p + 1) + j]! - base.coefficients[l * p + j]!),
        ).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it("a monotone likelihood (a covariate orders every event): the path stops, all numbers finite", () => {
    // z is 1 exactly for the rows that have an event before any row without z fails
    const n = 40;
    const random = new SeededRandom(11);
    const t = Array.from({ length: n }, (_, i) => i + 1);
    const e = t.map(() => 1);
    const z = t.map((_, i) => (i < 20 ? 1 : 0));
    const xs = t.flatMap((_, i) => [z[i]!, random.normal()]);
    const fit = elasticNetCox({ x: xs, time: t, event: e });
    expectFinite(fit);
    expect(["deviance-ratio-max", "deviance-ratio-flat"]).toContain(fit.stop);
    expect(Math.max(...fit.kktViolation)).toBeLessThanOrEqual(1e-9);
    const unpenalised = elasticNetCox({ x: xs, time: t, event: e, lambda: [0], maxPasses: 500 });
    expectFinite(unpenalised);
    expect(unpenalised.converged).toBe(false);
    expect(unpenalised.warnings.find((w) => w.code === "not-converged")?.message).toMatch(/passes/);
  });

  it("time 0 is accepted (glmnet refuses it): an event at 0 has everyone at risk", () => {
    const t0 = time.map((t, i) => (i === 0 ? 0 : t));
    const fit = elasticNetCox({ x, time: t0, event, nLambda: 5 });
    expectFinite(fit);
    const coefficients = fit.coefficients.subarray(4 * p, 5 * p);
    expect(coxKkt({ x, time: t0, event }, fit.lambda[4]!, coefficients).maxViolation).toBeLessThanOrEqual(
      1e-9,
    );
  });
});
