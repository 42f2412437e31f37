import { describe, expect, it } from "vitest";
import { logisticKkt } from "../src/penalized/kkt.js";
import { elasticNetLogistic } from "../src/penalized/logisticPath.js";
import type { LogisticPathOptions } from "../src/penalized/types.js";
import reference from "./fixtures/glmnet-logistic.json";
import wide from "./fixtures/glmnet-wide.json";

// The bar: every carta solution within 1e-9 of the KKT conditions, and glmnet's
// coefficients within 1e-6 of such a KKT-verified solution on the standardised scale. The R
// reference is glmnet (thresh = 1e-14) polished in R by Newton steps on its active set and
// verified there (referenceKkt ~1e-16); carta lands within ~1e-9 of it, so 1e-6 is generous.
const COEF_TOL = 1e-6;
const KKT_TOL = 1e-9;

interface PathReference {
  lambda: number[];
  a0: number[];
  beta: number[];
  df: number[];
  devRatio: number[];
  nullDeviance: number;
  xSd: number[];
}

interface LogisticCase {
  name: string;
  source: string;
  input: {
    names: string[];
    n: number;
    p: number;
    x: number[];
    y: number[];
    weights: number[] | null;
    penaltyFactor: number[] | null;
    alpha: number;
    standardize: boolean;
    intercept: boolean;
    lambda: number[] | null;
    nLambda: number;
  };
  reference: PathReference;
  referenceKkt: number[];
  /** glmnet's own thresh = 1e-14 coefficients (left out for the p > n case, to keep the file small). */
  glmnet: { beta: number[] | null; a0: number[] | null; kkt: number[]; maxStandardizedGap: number[] };
  defaultThreshold: { nLambda: number; maxStandardizedDifference: number };
}

function optionsOf(c: LogisticCase): LogisticPathOptions {
  const { input } = c;
  return {
    x: Float64Array.from(input.x),
    y: input.y,
    names: input.names,
    alpha: input.alpha,
    standardize: input.standardize,
    intercept: input.intercept,
    nLambda: input.nLambda,
    ...(input.weights ? { weights: input.weights } : {}),
    ...(input.penaltyFactor ? { penaltyFactor: input.penaltyFactor } : {}),
    ...(input.lambda ? { lambda: input.lambda } : {}),
  };
}

/** Weighted means of the columns (divisor Σw), to put intercepts on the centred scale. */
function columnMeans(c: LogisticCase): Float64Array {
  const { n, p, x } = c.input;
  const w = c.input.weights ?? new Array<number>(n).fill(1);
  const sw = w.reduce((a, b) => a + b, 0);
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += (w[i]! * x[i * p + j]!) / sw;
  return mean;
}

const cases = [
  ...(reference.cases as LogisticCase[]),
  ...(wide.cases as unknown as LogisticCase[]).slice(0, 1),
];

describe("elasticNetLogistic against R glmnet 4.1.6 (binomial)", () => {
  it("has the fits the tests rely on", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "birthwt-lasso",
      "birthwt-enet-weights-penalty",
      "birthwt-unstandardized",
      "birthwt-no-intercept-user-lambda",
      "birthwt-unpenalized-age",
      "pbc-death-enet",
      "wide-binomial-lasso",
    ]);
  });

  for (const c of cases) {
    describe(`${c.name}: ${c.source}`, () => {
      const options = optionsOf(c);
      const fit = elasticNetLogistic(options);
      const { p } = c.input;
      const ref = c.reference;

      it("builds glmnet's lambda sequence and ends the path where glmnet does", () => {
        expect(fit.lambda.length).toBe(ref.lambda.length);
        for (let l = 0; l < ref.lambda.length; l++) {
          expect(Math.abs(fit.lambda[l]! - ref.lambda[l]!)).toBeLessThanOrEqual(
            1e-12 * ref.lambda[l]! + 1e-300,
          );
        }
        expect(fit.lambdaSource).toBe(c.input.lambda ? "user" : "default");
      });

      it(`matches the KKT-verified R reference within ${COEF_TOL} on the standardised scale`, () => {
        let worst = 0;
        for (let l = 0; l < ref.lambda.length; l++) {
          for (let j = 0; j < p; j++) {
            const expected = ref.beta[l * p + j]! * ref.xSd[j]!;
            worst = Math.max(worst, Math.abs(fit.standardizedCoefficients[l * p + j]! - expected));
          }
        }
        expect(worst).toBeLessThanOrEqual(COEF_TOL);
        expect(Array.from(fit.xSd).every((s, j) => Math.abs(s - ref.xSd[j]!) <= 1e-12 * ref.xSd[j]!)).toBe(
          true,
        );
      });

      it("matches glmnet's intercepts (on the centred scale), df, deviance ratio and null deviance", () => {
        const mean = columnMeans(c);
        for (let l = 0; l < ref.lambda.length; l++) {
          let centred = fit.intercepts[l]! - ref.a0[l]!;
          for (let j = 0; j < p; j++)
            centred += (fit.coefficients[l * p + j]! - ref.beta[l * p + j]!) * mean[j]!;
          expect(Math.abs(centred)).toBeLessThanOrEqual(COEF_TOL);
          // dev.ratio is glmnet's own, from its thresh = 1e-14 coefficients before polishing.
          expect(Math.abs(fit.devRatio[l]! - ref.devRatio[l]!)).toBeLessThanOrEqual(1e-6);
        }
        expect(Array.from(fit.df)).toEqual(ref.df);
        expect(Math.abs(fit.nullDeviance - ref.nullDeviance)).toBeLessThanOrEqual(1e-10 * ref.nullDeviance);
      });

      it(`meets the KKT conditions within ${KKT_TOL} at every lambda, by the solver and by logisticKkt`, () => {
        expect(fit.converged).toBe(true);
        expect(Math.max(...fit.kktViolation)).toBeLessThanOrEqual(KKT_TOL);
        for (let l = 0; l < fit.lambda.length; l++) {
          const check = logisticKkt(
            options,
            fit.lambda[l]!,
            fit.intercepts[l]!,
            fit.coefficients.subarray(l * p, (l + 1) * p),
          );
          expect(check.maxViolation).toBeLessThanOrEqual(KKT_TOL);
        }
      });

      it("logisticKkt agrees with R's KKT computation, on the reference and on glmnet's own coefficients", () => {
        for (let l = 0; l < ref.lambda.length; l++) {
          const check = logisticKkt(options, ref.lambda[l]!, ref.a0[l]!, ref.beta.slice(l * p, (l + 1) * p));
          // ~1e-16, except at λmax with an unpenalised column: glmnet's λmax carries the error of
          // its own fit of that column (1e-11)
          expect(c.referenceKkt[l]!).toBeLessThanOrEqual(1e-10);
          expect(Math.abs(check.maxViolation - c.referenceKkt[l]!)).toBeLessThanOrEqual(1e-14);
          if (c.glmnet.beta && c.glmnet.a0) {
            const raw = logisticKkt(
              options,
              ref.lambda[l]!,
              c.glmnet.a0[l]!,
              c.glmnet.beta.slice(l * p, (l + 1) * p),
            );
            expect(Math.abs(raw.maxViolation - c.glmnet.kkt[l]!)).toBeLessThanOrEqual(1e-14);
          }
        }
      });

      // glmnet's own coefficients are stored for the p ≤ n cases; at p > n glmnet (thresh 1e-14) is
      // 1.3e-5 from the verified solution (fixture glmnet.maxStandardizedGap; docs/glmnet.md).
      if (c.glmnet.beta !== null) {
        it(`glmnet's own coefficients (thresh 1e-14) lie within ${COEF_TOL} of carta's KKT-verified solution`, () => {
          let worst = 0;
          for (let l = 0; l < ref.lambda.length; l++) {
            for (let j = 0; j < p; j++) {
              const glmnetStandardized = c.glmnet.beta![l * p + j]! * ref.xSd[j]!;
              worst = Math.max(
                worst,
                Math.abs(fit.standardizedCoefficients[l * p + j]! - glmnetStandardized),
              );
            }
          }
          expect(worst).toBeLessThanOrEqual(COEF_TOL);
        });
      }
    });
  }
});
