import { describe, expect, it } from "vitest";
import { elasticNetCox } from "../src/penalized/coxPath.js";
import { coxKkt } from "../src/penalized/kkt.js";
import type { CoxPathOptions } from "../src/penalized/types.js";
import reference from "./fixtures/glmnet-cox.json";
import wide from "./fixtures/glmnet-wide.json";

// Every carta solution within 1e-9 of the KKT conditions; the R reference (glmnet with
// thresh = 1e-14, polished in R by Newton's method on its active set, verified there by its KKT
// conditions and by survival::coxph's Breslow score) matched within 1e-6 on the standardised scale.
const COEF_TOL = 1e-6;
const KKT_TOL = 1e-9;

interface PathReference {
  lambda: number[];
  beta: number[];
  df: number[];
  devRatio: number[];
  nullDeviance: number;
  xSd: number[];
}

interface CoxCase {
  name: string;
  source: string;
  input: {
    names: string[];
    n: number;
    p: number;
    x: number[];
    time: number[];
    event: number[];
    weights: number[] | null;
    penaltyFactor: number[] | null;
    alpha: number;
    nLambda: number;
  };
  reference: PathReference;
  referenceKkt: number[];
  coxphKkt?: number[];
  glmnet: { beta: number[] | null; kkt: number[]; maxStandardizedGap: number[] };
  tiedCensoredTimes?: number[];
  glmnetAsGiven?: { beta: number[]; coxphKkt: number[] };
  coxphBreslow?: { coef: number[]; loglik: number };
}

function optionsOf(c: CoxCase): CoxPathOptions {
  const { input } = c;
  return {
    x: Float64Array.from(input.x),
    time: input.time,
    event: input.event,
    names: input.names,
    alpha: input.alpha,
    nLambda: input.nLambda,
    ...(input.weights ? { weights: input.weights } : {}),
    ...(input.penaltyFactor ? { penaltyFactor: input.penaltyFactor } : {}),
  };
}

function maxStandardizedDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  sd: number[],
  p: number,
): number {
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) * sd[k % p]!);
  return worst;
}

const cases = [...(reference.cases as CoxCase[]), ...(wide.cases as unknown as CoxCase[]).slice(1)];

describe("elasticNetCox against R glmnet 4.1.6 (cox)", () => {
  it("has the fits the tests rely on", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "veteran-lasso",
      "veteran-enet-weights-penalty",
      "veteran-unpenalized-karno",
      "pbc-textbook-risk-set",
      "wide-cox-enet",
    ]);
  });

  for (const c of cases) {
    describe(`${c.name}: ${c.source}`, () => {
      const options = optionsOf(c);
      const fit = elasticNetCox(options);
      const { p } = c.input;
      const ref = c.reference;

      it("describes itself: textbook risk sets, Breslow ties, glmnet's lambda sequence and path length", () => {
        expect(fit.family).toBe("cox");
        expect(fit.riskSet).toBe("textbook");
        expect(fit.ties).toBe("breslow");
        expect(fit.nEvent).toBe(c.input.event.reduce((a, b) => a + b, 0));
        expect(fit.lambda.length).toBe(ref.lambda.length);
        // With an unpenalised column, λmax is a gradient at glmnet's own (thresh-limited) fit of
        // that column, so it carries that fit's error (~1e-10); otherwise the values agree to the bits.
        const unpenalised = c.input.penaltyFactor?.includes(0) ?? false;
        const relative = unpenalised ? 1e-9 : 1e-12;
        for (let l = 0; l < ref.lambda.length; l++) {
          expect(Math.abs(fit.lambda[l]! - ref.lambda[l]!)).toBeLessThanOrEqual(relative * ref.lambda[l]!);
        }
      });

      it(`matches the KKT-verified R reference within ${COEF_TOL} on the standardised scale`, () => {
        expect(maxStandardizedDifference(fit.coefficients, ref.beta, ref.xSd, p)).toBeLessThanOrEqual(
          COEF_TOL,
        );
        expect(Array.from(fit.df)).toEqual(ref.df);
        for (let l = 0; l < ref.lambda.length; l++) {
          // dev.ratio is glmnet's own, from its unpolished coefficients (1e-5 off at p > n).
          expect(Math.abs(fit.devRatio[l]! - ref.devRatio[l]!)).toBeLessThanOrEqual(1e-6);
        }
        expect(Math.abs(fit.nullDeviance - ref.nullDeviance)).toBeLessThanOrEqual(1e-10 * ref.nullDeviance);
        expect(Array.from(fit.intercepts).every((a) => a === 0)).toBe(true);
      });

      it(`meets the KKT conditions within ${KKT_TOL} at every lambda, by the solver and by coxKkt`, () => {
        expect(fit.converged).toBe(true);
        expect(Math.max(...fit.kktViolation)).toBeLessThanOrEqual(KKT_TOL);
        for (let l = 0; l < fit.lambda.length; l++) {
          const check = coxKkt(options, fit.lambda[l]!, fit.coefficients.subarray(l * p, (l + 1) * p));
          expect(check.maxViolation).toBeLessThanOrEqual(KKT_TOL);
          expect(check.interceptViolation).toBe(0);
        }
      });

      it("coxKkt agrees with R's KKT computation on the reference and on glmnet's own coefficients", () => {
        for (let l = 0; l < ref.lambda.length; l++) {
          expect(
            coxKkt(options, ref.lambda[l]!, ref.beta.slice(l * p, (l + 1) * p)).maxViolation,
          ).toBeLessThanOrEqual(1e-14);
          if (c.glmnet.beta) {
            const raw = coxKkt(options, ref.lambda[l]!, c.glmnet.beta.slice(l * p, (l + 1) * p));
            expect(Math.abs(raw.maxViolation - c.glmnet.kkt[l]!)).toBeLessThanOrEqual(1e-13);
          }
        }
        if (c.coxphKkt) expect(Math.max(...c.coxphKkt)).toBeLessThanOrEqual(1e-14);
      });

      if (c.glmnet.beta !== null && c.glmnetAsGiven === undefined) {
        it(`glmnet's own coefficients (thresh 1e-14) lie within ${COEF_TOL} of carta's KKT-verified solution`, () => {
          expect(maxStandardizedDifference(fit.coefficients, c.glmnet.beta!, ref.xSd, p)).toBeLessThanOrEqual(
            COEF_TOL,
          );
        });
      }
    });
  }
});

describe("a row censored at an event time stays in that time's risk set (survival::pbc)", () => {
  const c = cases.find((k) => k.name === "pbc-textbook-risk-set")!;
  const options = optionsOf(c);
  const fit = elasticNetCox(options);
  const { p } = c.input;
  const asGiven = c.glmnetAsGiven!;

  it("the data do tie censored rows with event times, all at t ≥ 256 where glmnet's nudge vanishes", () => {
    expect(c.tiedCensoredTimes!.length).toBeGreaterThan(0);
    for (const t of c.tiedCensoredTimes!) {
      expect(t).toBeGreaterThanOrEqual(256);
      expect(t + 100 * Number.EPSILON).toBe(t);
      const i = c.input.time.findIndex((u, k) => u === t && c.input.event[k] === 1);
      expect(i).toBeGreaterThanOrEqual(0);
    }
  });

  it("carta, on the data as given, equals glmnet on the same data with those censored times moved 0.5 day later", () => {
    expect(
      maxStandardizedDifference(fit.coefficients, c.glmnet.beta!, c.reference.xSd, p),
    ).toBeLessThanOrEqual(COEF_TOL);
  });

  it("glmnet on the data as given misses the textbook conditions (coxph's score and coxKkt agree)", () => {
    expect(maxStandardizedDifference(fit.coefficients, asGiven.beta, c.reference.xSd, p)).toBeGreaterThan(
      1e-4,
    );
    let worst = 0;
    for (let l = 0; l < fit.lambda.length; l++) {
      const check = coxKkt(options, fit.lambda[l]!, asGiven.beta.slice(l * p, (l + 1) * p));
      expect(Math.abs(check.maxViolation - asGiven.coxphKkt[l]!)).toBeLessThanOrEqual(1e-13);
      worst = Math.max(worst, check.maxViolation);
    }
    expect(worst).toBeGreaterThan(1e-5);
  });

  it("with lambda = 0 carta is survival::coxph(ties = 'breslow')", () => {
    const mle = elasticNetCox({ ...options, lambda: [0] });
    expect(mle.kktViolation[0]!).toBeLessThanOrEqual(KKT_TOL);
    const expected = c.coxphBreslow!.coef;
    for (let j = 0; j < p; j++) {
      expect(Math.abs(mle.coefficients[j]! - expected[j]!) * c.reference.xSd[j]!).toBeLessThanOrEqual(1e-7);
    }
    // log partial likelihood from the deviance: ℓ = ℓ_sat − deviance / 2 with unit weights.
    expect(mle.df[0]).toBe(p);
  });
});
