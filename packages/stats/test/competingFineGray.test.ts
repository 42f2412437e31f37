import { describe, expect, it } from "vitest";
import { fineGray, fineGrayPredict } from "../src/competing/fineGray.js";
import { coxPh } from "../src/survival/cox/coxPh.js";
import reference from "./fixtures/competing-finegray.json";
import { describeMismatch, firstRelativeMismatch, type RNumber, vectorFromR } from "./rValues.js";

// crr's Newton–Raphson is replayed step for step, so the estimates agree to rounding; the sums are
// regrouped (centred covariates, cumulative sums instead of crr's nested loops), which moves the
// last few digits (they agree to about 1e-11). The tolerance for coefficients and tests is 1e-6.
const REL_TOL = 1e-10;

interface RTest {
  chisq: number;
  df: number;
  p: RNumber;
}

interface CrrFixture {
  name: string;
  source: string;
  cause: number;
  maxIter: number;
  input: { time: number[]; status: number[]; names: string[]; x: number[] };
  n: number;
  converged: boolean;
  coefficients: Record<"coef" | "se" | "robustSe" | "z" | "p" | "hr" | "hrLower" | "hrUpper", RNumber[]>;
  loglikNull: number;
  loglik: number;
  likelihoodRatio: RTest;
  wald: RTest;
  score: RNumber[];
  information: RNumber[];
  modelVariance: RNumber[];
  variance: RNumber[];
  baseline: { time: number[]; hazard: RNumber[] };
  newX: number[];
  predictions: RNumber[][];
}

const fits = reference.fits as unknown as CrrFixture[];

function expectClose(label: string, actual: ArrayLike<number>, expectedR: readonly RNumber[], tol = REL_TOL) {
  const expected = vectorFromR(expectedR);
  const bad = firstRelativeMismatch(actual, expected, tol);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

function fit(f: CrrFixture) {
  return fineGray({
    time: f.input.time,
    status: f.input.status,
    cause: f.cause,
    x: f.input.x,
    names: f.input.names,
    maxIter: f.maxIter,
  });
}

describe("fineGray against R cmprsk::crr on real data", () => {
  it("has the fits the tests rely on", () => {
    expect(fits.map((f) => f.name)).toEqual([
      "melanoma-melanoma-death",
      "melanoma-other-death",
      "mgus2-progression",
      "mgus2-death",
      "pbc-death",
      "ties",
      "melanoma-maxiter-1",
    ]);
  });

  for (const f of fits) {
    describe(`${f.name} (${f.source})`, () => {
      const result = fit(f);

      it("describes the fit as crr does", () => {
        expect(result.method).toBe("fine-gray");
        expect(result.cause).toBe(f.cause);
        expect(result.n).toBe(f.n);
        expect(result.converged).toBe(f.converged);
        expect(result.warnings.length > 0).toBe(!f.converged);
        expect(result.coefficients.names).toEqual(f.input.names);
      });

      it("matches the coefficients, both standard errors, z, p and the hazard ratios", () => {
        const c = result.coefficients;
        for (const key of ["coef", "se", "robustSe", "z", "p", "hr", "hrLower", "hrUpper"] as const) {
          expectClose(key, c[key], f.coefficients[key]);
        }
      });

      it("matches the pseudo-likelihoods, the likelihood-ratio and Wald tests", () => {
        expectClose("loglik", [result.loglikNull, result.loglik], [f.loglikNull, f.loglik]);
        const t = result.tests;
        expectClose(
          "likelihoodRatio",
          [t.likelihoodRatio.chisq, t.likelihoodRatio.p],
          [f.likelihoodRatio.chisq, f.likelihoodRatio.p],
        );
        expectClose("wald", [t.wald.chisq, t.wald.p], [f.wald.chisq, f.wald.p]);
        expect([t.likelihoodRatio.df, t.wald.df]).toEqual([f.likelihoodRatio.df, f.wald.df]);
      });

      it("matches the information matrix and the model-based and sandwich variances", () => {
        expectClose("information", result.information, f.information);
        expectClose("modelVariance", result.modelVariance, f.modelVariance);
        expectClose("variance", result.variance, f.variance);
      });

      it("has crr's score at the estimate (near 0 once converged)", () => {
        // The score is the difference of large sums: compare it on the scale of the information.
        const scale = Math.max(...Array.from(result.information, Math.abs));
        const expected = vectorFromR(f.score);
        result.score.forEach((s, j) => {
          expect(Math.abs(s - expected[j]!)).toBeLessThan(1e-9 * scale);
        });
      });

      it("matches the baseline jumps (bfitj) and predict() for new rows", () => {
        expectClose("baseline.time", result.baseline.time, f.baseline.time, 0);
        expectClose("baseline.hazard", result.baseline.hazard, f.baseline.hazard);
        const predicted = fineGrayPredict(result, f.newX);
        expect(predicted.cumulativeIncidence).toHaveLength(f.predictions.length);
        predicted.cumulativeIncidence.forEach((curve, i) => {
          expectClose(`prediction ${i}`, curve, f.predictions[i]!);
        });
      });
    });
  }
});

describe("fineGray conventions", () => {
  const melanoma = fits[0]!;

  it("does not depend on the order of the observations", () => {
    const n = melanoma.input.time.length;
    const p = melanoma.input.names.length;
    const permutation = Array.from({ length: n }, (_, i) => (i * 11) % n);
    const shuffled = fineGray({
      time: permutation.map((i) => melanoma.input.time[i]!),
      status: permutation.map((i) => melanoma.input.status[i]!),
      cause: 1,
      x: permutation.flatMap((i) => melanoma.input.x.slice(i * p, (i + 1) * p)),
      names: melanoma.input.names,
    });
    const original = fit(melanoma);
    const bad = firstRelativeMismatch(shuffled.coefficients.coef, original.coefficients.coef, 1e-12);
    expect(bad).toBe(-1);
    expect(firstRelativeMismatch(shuffled.variance, original.variance, 1e-10)).toBe(-1);
  });

  it("without competing events is the Cox model with Breslow ties (same estimates)", () => {
    // Recode every competing event as censored: the weights vanish and the risk sets are Cox's.
    const status = melanoma.input.status.map((s) => (s === 2 ? 0 : s));
    const alone = fineGray({
      time: melanoma.input.time,
      status,
      cause: 1,
      x: melanoma.input.x,
      names: melanoma.input.names,
    });
    expect(alone.nCompeting).toBe(0);
    const cox = coxPh({
      time: melanoma.input.time,
      event: status,
      x: melanoma.input.x,
      names: melanoma.input.names,
      ties: "breslow",
    });
    const bad = firstRelativeMismatch(alone.coefficients.coef, cox.coefficients.coef, 1e-7);
    expect(describeMismatch("coef", bad, alone.coefficients.coef, cox.coefficients.coef)).toBe(
      "coef: all match",
    );
    expect(alone.loglik).toBeCloseTo(cox.loglik, 8);
    // The model-based variance is Cox's; the sandwich differs only by its robustness.
    expect(firstRelativeMismatch(alone.modelVariance, cox.modelVariance, 1e-6)).toBe(-1);
  });

  it("rejects bad input with what was expected", () => {
    const base = { time: [1, 2, 3], status: [1, 2, 0], names: ["x"], x: [1, 0, 1] };
    expect(() => fineGray({ ...base, cause: 3 })).toThrow(/no events of cause 3/);
    expect(() => fineGray({ ...base, cause: 1, x: [1, 0] })).toThrow(
      /x has 2 values; expected n·p = 3·1 = 3/,
    );
    expect(() => fineGray({ ...base, cause: 1, x: [1, Number.NaN, 0] })).toThrow(/x\[1, x\] is NaN/);
    expect(() => fineGray({ ...base, cause: 1, names: [] })).toThrow(/no covariates/);
  });
});
