import { describe, expect, it } from "vitest";
import {
  type CumulativeIncidenceCurve,
  cumulativeIncidence,
  cumulativeIncidenceAt,
} from "../src/competing/cumulativeIncidence.js";
import { grayTest } from "../src/competing/grayTest.js";
import { kaplanMeier } from "../src/survival/kaplanMeier.js";
import reference from "./fixtures/competing.json";
import { describeMismatch, firstRelativeMismatch, type RNumber, vectorFromR } from "./rValues.js";

// Estimates and variances follow cmprsk's arithmetic step for step; the brief's tolerance for
// estimates is 1e-9 and for test statistics 1e-6 — both are met with a wide margin.
const ESTIMATE_TOL = 1e-12;
const STATISTIC_TOL = 1e-10;

interface CumincCase {
  name: string;
  source: string;
  rho: number;
  input: {
    time: number[];
    status: number[];
    group: (number | string)[] | null;
    strata: (number | string)[] | null;
  };
  groups: string[] | null;
  causes: number[];
  curves: { group: string | null; cause: number; time: number[]; est: RNumber[]; var: RNumber[] }[];
  tests: { cause: number[]; stat: number[]; pv: number[]; pUpper: RNumber[]; df: number[] } | null;
  at: { time: number[]; est: RNumber[][]; var: RNumber[][] };
}

const cases = reference.cases as unknown as CumincCase[];

function expectClose(label: string, actual: ArrayLike<number>, expectedR: readonly RNumber[], tol: number) {
  const expected = vectorFromR(expectedR);
  const bad = firstRelativeMismatch(actual, expected, tol);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

/** The curve as cuminc lists it: every corner of the steps, from (0, 0) to the last follow-up. */
function corners(curve: CumulativeIncidenceCurve) {
  const time = [0];
  const est = [0];
  const variance = [0];
  let previousEst = 0;
  let previousVar = 0;
  for (let i = 0; i < curve.time.length; i++) {
    time.push(curve.time[i]!, curve.time[i]!);
    est.push(previousEst, curve.estimate[i]!);
    variance.push(previousVar, curve.variance[i]!);
    previousEst = curve.estimate[i]!;
    previousVar = curve.variance[i]!;
  }
  time.push(curve.maxTime);
  est.push(previousEst);
  variance.push(previousVar);
  return { time, est, variance };
}

function run(c: CumincCase) {
  return cumulativeIncidence({
    time: c.input.time,
    status: c.input.status,
    group: c.input.group ?? undefined,
    strata: c.input.strata ?? undefined,
    rho: c.rho,
  });
}

describe("cumulativeIncidence against R cmprsk::cuminc on real data", () => {
  it("has the cases the tests rely on", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "melanoma",
      "melanoma-ulcer",
      "melanoma-ulcer-rho1",
      "melanoma-ulcer-by-sex",
      "mgus2-sex",
      "pbc-stage",
      "pbc-stage-by-sex-rho-half",
      "ties",
      "singular",
    ]);
  });

  for (const c of cases) {
    describe(`${c.name} (${c.source})`, () => {
      const result = run(c);

      it("has cuminc's curves, in cuminc's order", () => {
        expect(result.method).toBe("aalen-johansen");
        expect(result.causes).toEqual(c.causes);
        expect(result.groups).toEqual(c.groups);
        expect(result.curves.map((k) => [k.cause, k.group])).toEqual(c.curves.map((k) => [k.cause, k.group]));
      });

      it("matches every corner of every curve: time, estimate and variance", () => {
        result.curves.forEach((curve, i) => {
          const expected = c.curves[i]!;
          const mine = corners(curve);
          const label = `${expected.group ?? ""} ${expected.cause}`;
          expectClose(`${label} time`, mine.time, expected.time, 0);
          expectClose(`${label} est`, mine.est, expected.est, ESTIMATE_TOL);
          expectClose(`${label} var`, mine.variance, expected.var, ESTIMATE_TOL);
          // The jumps are cuminc's corners 3, 5, … (1-based): 0-based 2, 4, …, before the last.
          const jumpVariances = expected.var.filter(
            (_, k) => k >= 2 && k % 2 === 0 && k < expected.var.length - 1,
          );
          const stdErr = Array.from(vectorFromR(jumpVariances), Math.sqrt);
          expectClose(`${label} stdErr`, curve.stdErr, stdErr, ESTIMATE_TOL);
        });
      });

      it("matches timepoints() at the requested times", () => {
        result.curves.forEach((curve, i) => {
          const at = cumulativeIncidenceAt(curve, c.at.time);
          expectClose(`at.est[${i}]`, at.estimate, c.at.est[i]!, ESTIMATE_TOL);
          expectClose(`at.var[${i}]`, at.variance, c.at.var[i]!, ESTIMATE_TOL);
        });
      });

      if (c.tests) {
        const tests = c.tests;
        it("matches Gray's tests (cuminc's Tests)", () => {
          expect(result.tests).not.toBeNull();
          expect(result.tests!.map((t) => t.cause)).toEqual(tests.cause);
          expect(result.tests!.map((t) => t.df)).toEqual(tests.df);
          const singular = tests.stat.map((s) => s < 0);
          // cuminc reports −1 (p = 1) for a singular variance; carta NaN (R's NA).
          const stat = tests.stat.map((s, k) => (singular[k] ? ("NA" as const) : s));
          expectClose(
            "chisq",
            result.tests!.map((t) => t.chisq),
            stat,
            STATISTIC_TOL,
          );
          expectClose(
            "p",
            result.tests!.map((t) => t.p),
            tests.pUpper,
            STATISTIC_TOL,
          );
          result.tests!.forEach((t, k) => {
            expect(t.warnings.length > 0).toBe(singular[k]);
            // R's 1 − pchisq(): the same p wherever it is not lost to cancellation.
            if (!singular[k] && tests.pv[k]! > 1e-6) expect(t.p).toBeCloseTo(tests.pv[k]!, 12);
          });
        });

        it("gives the same test through grayTest for each cause", () => {
          for (const t of result.tests!) {
            const alone = grayTest({
              time: c.input.time,
              status: c.input.status,
              group: c.input.group!,
              strata: c.input.strata ?? undefined,
              rho: c.rho,
              cause: t.cause,
            });
            expect(alone).toEqual(t);
          }
        });
      } else {
        it("has no test without groups", () => expect(result.tests).toBeNull());
      }
    });
  }
});

describe("cumulativeIncidence conventions", () => {
  const melanoma = cases.find((c) => c.name === "melanoma")!;

  it("adds up with the Kaplan–Meier of being event-free to 1 at every time (Aalen–Johansen)", () => {
    const result = run(melanoma);
    const anyEvent = melanoma.input.status.map((s) => (s === 0 ? 0 : 1));
    const km = kaplanMeier({ time: melanoma.input.time, event: anyEvent, timefix: false });
    const sum = Float64Array.from(km.curve.time, () => 0);
    for (const curve of result.curves) {
      const at = cumulativeIncidenceAt(curve, km.curve.time);
      for (let i = 0; i < sum.length; i++) sum[i]! += at.estimate[i]!;
    }
    for (let i = 0; i < sum.length; i++) expect(sum[i]! + km.curve.survival[i]!).toBeCloseTo(1, 13);
  });

  it("exceeds neither 1 − KM of the cause treated as censoring (which overestimates it)", () => {
    const result = run(melanoma);
    const causeOnly = melanoma.input.status.map((s) => (s === 1 ? 1 : 0));
    const naive = kaplanMeier({ time: melanoma.input.time, event: causeOnly, timefix: false });
    const curve = result.curves.find((k) => k.cause === 1)!;
    const at = cumulativeIncidenceAt(curve, naive.curve.time);
    let strictlyBelow = false;
    for (let i = 0; i < at.estimate.length; i++) {
      const oneMinusKm = 1 - naive.curve.survival[i]!;
      expect(at.estimate[i]!).toBeLessThanOrEqual(oneMinusKm + 1e-15);
      if (at.estimate[i]! < oneMinusKm - 1e-3) strictlyBelow = true;
    }
    expect(strictlyBelow).toBe(true);
  });

  it("does not depend on the order of the observations", () => {
    const c = cases.find((k) => k.name === "ties")!;
    const n = c.input.time.length;
    const permutation = Array.from({ length: n }, (_, i) => (i * 7) % n);
    const shuffled = cumulativeIncidence({
      time: permutation.map((i) => c.input.time[i]!),
      status: permutation.map((i) => c.input.status[i]!),
      group: permutation.map((i) => c.input.group![i]!),
    });
    expect(shuffled).toEqual(run(c));
  });

  it("is NaN past the group's last follow-up and 0 before the first event", () => {
    const curve = run(melanoma).curves[0]!;
    const at = cumulativeIncidenceAt(curve, [0, curve.time[0]! - 1, curve.maxTime, curve.maxTime + 1]);
    expect(Array.from(at.estimate.subarray(0, 2))).toEqual([0, 0]);
    expect(at.estimate[2]).toBe(curve.estimate[curve.estimate.length - 1]);
    expect(at.estimate[3]).toBeNaN();
  });

  it("rejects bad input with the index and what was expected", () => {
    expect(() => cumulativeIncidence({ time: [1, -2], status: [1, 0] })).toThrow(
      /time\[1\] is -2; expected a finite number ≥ 0/,
    );
    expect(() => cumulativeIncidence({ time: [1, Number.NaN], status: [1, 0] })).toThrow(/time\[1\] is NaN/);
    expect(() => cumulativeIncidence({ time: [1, 2], status: [1, 1.5] })).toThrow(
      /status\[1\] is 1.5; expected 0 \(censored\) or a positive integer/,
    );
    expect(() => cumulativeIncidence({ time: [1, 2], status: [0, 0] })).toThrow(/no events/);
    expect(() => cumulativeIncidence({ time: [1, 2], status: [1, 0], group: ["a"] })).toThrow(/group has 1/);
    expect(() => grayTest({ time: [1, 2], status: [1, 0], group: ["a", "a"], cause: 1 })).toThrow(
      /only 1 group/,
    );
  });
});
