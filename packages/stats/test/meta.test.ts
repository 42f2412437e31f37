import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type MetaAnalysisResult,
  type MetaMethod,
  type MetaTest,
  metaAnalysis,
} from "../src/meta/metaAnalysis.js";
import { RemlConvergenceError, tau2DerSimonianLaird, tau2Reml } from "../src/meta/tau2.js";
import { type RNumber, vectorFromR } from "./rValues.js";

// Against metafor 3.8's rma() and predict.rma() (tools/r/meta-fixtures.R).
// FE and DL are closed forms evaluated like metafor (sums instead of metafor's k×k matrices, which
// changes only rounding): 1e-9 relative. REML runs metafor's own Fisher scoring (same start, step
// and stopping rule), so the iterates agree to rounding; 1e-8 relative leaves room for that rounding
// to be amplified where a quantity is a small difference (τ² near the boundary, I² from it).
const CLOSED_FORM = 1e-9;
const REML = 1e-8;

interface RFit {
  estimate: number;
  se: number;
  statistic: number;
  df: number | null;
  pValue: number;
  ciLower: number;
  ciUpper: number;
  piLower: number | null;
  piUpper: number | null;
  rileyPiLower: number | null;
  rileyPiUpper: number | null;
  tau2: number;
  seTau2: number | null;
  q: number;
  qPValue: number;
  i2: number;
  h2: number;
  typicalVariance: number;
  knhaFactor: number;
  weights: RNumber[];
}

interface RCase {
  name: string;
  note: string;
  yi: RNumber[];
  vi: RNumber[];
  fits: {
    method: MetaMethod;
    test: MetaTest;
    confLevel: number;
    remlControl: { tolerance: number; maxIterations: number } | null;
    result: RFit;
  }[];
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/meta.json", import.meta.url), "utf8")) as {
  cases: RCase[];
  noConvergence: { yi: RNumber[]; vi: RNumber[]; maxIterations: number; rMessage: string };
};

function close(
  label: string,
  actual: number | null,
  expected: number | null,
  relTol: number,
  absTol = 0,
): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const a = actual as number;
  const ok = Math.abs(a - expected) <= relTol * Math.abs(expected) + absTol;
  expect(ok, `${label}: got ${a}, metafor gives ${expected}`).toBe(true);
}

// Where REML walks τ² down to the boundary by step halving, τ̂² is a remainder of the order of the
// tolerance (2.6e-11 with tolerance 1e-10) and the rounding of each step — a difference of two
// nearly equal traces — is the whole answer: τ² and I² are also accepted within 1e-15·max(vᵢ)
// absolutely (and I² within the same amount scaled to its percent).
function compare(
  label: string,
  actual: MetaAnalysisResult,
  expected: RFit,
  relTol: number,
  maxVi: number,
): void {
  const tau2Abs = 1e-15 * maxVi;
  close(`${label} tau2`, actual.tau2, expected.tau2, relTol, tau2Abs);
  close(`${label} i2`, actual.i2, expected.i2, relTol, (100 * tau2Abs) / expected.typicalVariance);
  const scalars: (keyof RFit & keyof MetaAnalysisResult)[] = [
    "estimate",
    "se",
    "statistic",
    "df",
    "pValue",
    "ciLower",
    "ciUpper",
    "piLower",
    "piUpper",
    "seTau2",
    "q",
    "qPValue",
    "h2",
    "typicalVariance",
    "knhaFactor",
  ];
  for (const key of scalars) {
    close(`${label} ${key}`, actual[key] as number | null, expected[key] as number | null, relTol);
  }
  const weights = vectorFromR(expected.weights);
  actual.weights.forEach((w, i) => {
    close(`${label} weights[${i}]`, w, weights[i]!, relTol);
  });
}

describe("metaAnalysis against metafor::rma and predict.rma", () => {
  it("has the data sets and edge cases the tests rely on", () => {
    expect(fixture.cases.map((c) => c.name)).toEqual([
      "bcg-log-rr",
      "normand1999-md",
      "raudenbush1985",
      "hackshaw1998",
      "molloy2014-zcor",
      "k2",
      "k2-homogeneous",
      "equal-vi",
      "equal-yi",
      "boundary-from-zero",
      "boundary-from-positive",
      "reml-tight",
    ]);
    const all = fixture.cases.flatMap((c) => c.fits);
    expect(all.some((f) => f.method === "REML" && f.result.tau2 > 0 && f.result.tau2 < 1e-6)).toBe(true);
    expect(all.some((f) => f.confLevel === 0.9)).toBe(true);
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      const yi = vectorFromR(c.yi);
      const vi = vectorFromR(c.vi);
      for (const f of c.fits) {
        const control = f.remlControl ?? undefined;
        const label = `${c.name} ${f.method}/${f.test}/${f.confLevel}${control ? ` tol ${control.tolerance}` : ""}`;
        const tol = f.method === "REML" ? REML : CLOSED_FORM;
        it(label, () => {
          const result = metaAnalysis({
            yi,
            vi,
            method: f.method,
            test: f.test,
            confLevel: f.confLevel,
            ...(control ? { reml: control } : {}),
          });
          expect(result.k).toBe(yi.length);
          expect(result.method).toBe(f.method);
          compare(label, result, f.result, tol, Math.max(...vi));
          if (f.method !== "FE") {
            const riley = metaAnalysis({
              yi,
              vi,
              method: f.method,
              test: f.test,
              confLevel: f.confLevel,
              predictionInterval: "riley",
              ...(control ? { reml: control } : {}),
            });
            close(`${label} riley piLower`, riley.piLower, f.result.rileyPiLower, tol);
            close(`${label} riley piUpper`, riley.piUpper, f.result.rileyPiUpper, tol);
          }
        });
      }
    });
  }

  it("takes standard errors instead of variances", () => {
    const c = fixture.cases[0]!;
    const expected = c.fits.find((f) => f.method === "REML" && f.test === "knha" && f.confLevel === 0.95)!;
    const sei = vectorFromR(c.vi).map(Math.sqrt);
    const result = metaAnalysis({ yi: vectorFromR(c.yi), sei, method: "REML", test: "knha" });
    // vᵢ = seᵢ² reproduces the variances only to rounding.
    compare("bcg from sei", result, expected.result, 1e-8, Math.max(...vectorFromR(c.vi)));
  });

  it("defaults to REML with a z test at 95%, as rma()", () => {
    const c = fixture.cases[0]!;
    const expected = c.fits.find((f) => f.method === "REML" && f.test === "z" && f.confLevel === 0.95)!;
    const result = metaAnalysis({ yi: vectorFromR(c.yi), vi: vectorFromR(c.vi) });
    expect([result.method, result.test, result.confLevel, result.predictionInterval]).toEqual([
      "REML",
      "z",
      0.95,
      "default",
    ]);
    compare("bcg defaults", result, expected.result, REML, Math.max(...vectorFromR(c.vi)));
  });

  it("reports REML iterations, and the tight tolerance moves τ² only in the 7th digit", () => {
    const c = fixture.cases.find((x) => x.name === "reml-tight")!;
    const yi = vectorFromR(c.yi);
    const vi = vectorFromR(c.vi);
    const loose = metaAnalysis({ yi, vi });
    const tight = metaAnalysis({ yi, vi, reml: { tolerance: 1e-10, maxIterations: 1000 } });
    // metafor's verbose output: "Fisher scoring algorithm converged after 3 iterations."
    expect(loose.iterations).toBe(3);
    expect(tight.iterations!).toBeGreaterThan(3);
    expect(Math.abs(loose.tau2 / tight.tau2 - 1)).toBeGreaterThan(1e-8);
    expect(Math.abs(loose.tau2 / tight.tau2 - 1)).toBeLessThan(1e-6);
    expect(metaAnalysis({ yi, vi, method: "DL" }).iterations).toBeNull();
  });

  it("stops like metafor when Fisher scoring does not converge", () => {
    const { yi, vi, maxIterations, rMessage } = fixture.noConvergence;
    expect(rMessage).toMatch(/did not converge/);
    const run = () => metaAnalysis({ yi: vectorFromR(yi), vi: vectorFromR(vi), reml: { maxIterations } });
    expect(run).toThrow(RemlConvergenceError);
    expect(run).toThrow(/did not converge in 3 Fisher scoring iterations/);
    expect(() =>
      metaAnalysis({ yi: vectorFromR(yi), vi: vectorFromR(vi), reml: { maxIterations: 100 } }),
    ).not.toThrow();
  });

  it("gives the same τ² from the estimator functions", () => {
    const c = fixture.cases.find((x) => x.name === "raudenbush1985")!;
    const yi = vectorFromR(c.yi);
    const vi = vectorFromR(c.vi);
    const dl = c.fits.find((f) => f.method === "DL")!.result;
    const reml = c.fits.find((f) => f.method === "REML")!.result;
    close("DL tau2", tau2DerSimonianLaird(yi, vi).tau2, dl.tau2, CLOSED_FORM);
    close("DL seTau2", tau2DerSimonianLaird(yi, vi).seTau2, dl.seTau2, CLOSED_FORM);
    const estimate = tau2Reml(yi, vi);
    close("REML tau2", estimate.tau2, reml.tau2, REML);
    // metafor's verbose output for dat.raudenbush1985: "converged after 14 iterations".
    expect(estimate.iterations).toBe(14);
  });
});

describe("metaAnalysis by hand", () => {
  it("pools two equally precise studies to their mean, with DL τ² from Q", () => {
    // y = (0, 1), v = (0.1, 0.1): w = 10 each, μ̂ = 0.5, Q = 10·0.25·2 = 5, tr P = 20 − 200/20 = 10,
    // τ̂²(DL) = (5 − 1)/10 = 0.4; RE weights 1/0.5 = 2 each, SE = √(1/4) = 0.5.
    const r = metaAnalysis({ yi: [0, 1], vi: [0.1, 0.1], method: "DL" });
    expect(r.estimate).toBeCloseTo(0.5, 15);
    expect(r.q).toBeCloseTo(5, 14);
    expect(r.tau2).toBeCloseTo(0.4, 14);
    expect(r.se).toBeCloseTo(0.5, 15);
    expect(r.weights).toEqual([50, 50]);
    // I² = τ²/(τ² + ṽ) with ṽ = (k − 1)/tr P = 0.1: 0.4/0.5 = 80%, equal to (Q − 1)/Q here.
    expect(r.i2).toBeCloseTo(80, 12);
    expect(r.h2).toBeCloseTo(5, 13);
  });

  it("gives the fixed-effect answer under FE", () => {
    // w = (4, 1): μ̂ = (4·1 + 1·2)/5 = 1.2, SE = 1/√5.
    const r = metaAnalysis({ yi: [1, 2], vi: [0.25, 1], method: "FE" });
    expect(r.estimate).toBeCloseTo(1.2, 15);
    expect(r.se).toBeCloseTo(1 / Math.sqrt(5), 15);
    expect(r.tau2).toBe(0);
    expect(r.seTau2).toBeNull();
    expect(r.piLower).toBeNull();
  });
});

describe("metaAnalysis input checks", () => {
  const good = { yi: [0.1, 0.2, 0.3], vi: [0.01, 0.02, 0.03] };

  it("needs k ≥ 2", () => {
    expect(() => metaAnalysis({ yi: [0.1], vi: [0.01] })).toThrow(RangeError);
    expect(() => metaAnalysis({ yi: [0.1], vi: [0.01] })).toThrow(/yi has 1 value\(s\); .* k ≥ 2/);
  });

  it("names the bad field", () => {
    expect(() => metaAnalysis({ ...good, vi: [0.01, -0.02, 0.03] })).toThrow(/vi\[1\] is -0.02/);
    expect(() => metaAnalysis({ ...good, vi: [0.01, 0, 0.03] })).toThrow(/vi\[1\] is 0/);
    expect(() => metaAnalysis({ yi: [0.1, Number.NaN], vi: [0.01, 0.02] })).toThrow(/yi\[1\] is NaN/);
    expect(() => metaAnalysis({ yi: [0.1, 0.2], sei: [0.1, Number.NaN] })).toThrow(/sei\[1\] is NaN/);
    expect(() => metaAnalysis({ yi: [0.1, 0.2], vi: [0.01] })).toThrow(/yi has 2 values but vi has 1/);
    expect(() => metaAnalysis({ yi: [0.1, 0.2] })).toThrow(/exactly one of vi .* and sei/);
    expect(() => metaAnalysis({ ...good, sei: [0.1, 0.1, 0.1] })).toThrow(/exactly one of vi/);
    expect(() => metaAnalysis({ ...good, confLevel: 1 })).toThrow(/confLevel is 1/);
    expect(() => metaAnalysis({ ...good, confLevel: 95 })).toThrow(/confLevel/);
    expect(() => metaAnalysis({ ...good, method: "PM" as MetaMethod })).toThrow(/method is PM/);
    expect(() => metaAnalysis({ ...good, test: "t" as MetaTest })).toThrow(/test is t/);
    expect(() => metaAnalysis({ ...good, reml: { tolerance: 0 } })).toThrow(/reml.tolerance is 0/);
    expect(() => metaAnalysis({ ...good, reml: { maxIterations: 1.5 } })).toThrow(/reml.maxIterations/);
  });
});
