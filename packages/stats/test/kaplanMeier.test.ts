import { describe, expect, it } from "vitest";
import { type KaplanMeierResult, kaplanMeier, survivalAt } from "../src/survival/kaplanMeier.js";
import reference from "./fixtures/kaplan-meier.json";
import {
  describeMismatch,
  firstRelativeMismatch,
  nullableFromR,
  type RNumber,
  vectorFromR,
} from "./rValues.js";

const REL_TOL = 1e-10;

type Dataset = (typeof reference.datasets)[number];

function dataset(name: string): Dataset {
  const found = reference.datasets.find((d) => d.name === name);
  if (!found) throw new Error(`fixture has no data set ${name}`);
  return found;
}

function fit(d: Dataset, typed: boolean): KaplanMeierResult {
  return kaplanMeier({
    time: typed ? Float64Array.from(d.input.time) : d.input.time,
    event: typed ? Uint8Array.from(d.input.event) : d.input.event,
    confLevel: d.confLevel,
  });
}

function expectColumn(label: string, actual: ArrayLike<number>, expectedR: readonly RNumber[]) {
  const expected = vectorFromR(expectedR);
  const bad = firstRelativeMismatch(actual, expected, REL_TOL);
  expect(describeMismatch(label, bad, actual, expected)).toBe(`${label}: all match`);
}

describe("kaplanMeier against R survival::survfit on real data", () => {
  it("has the data sets the tests rely on", () => {
    expect(reference.datasets.map((d) => d.name)).toEqual([
      "lung",
      "lung-conf90",
      "veteran",
      "veteran-test-arm",
      "aml",
      "gehan-control",
      "aml-near-ties",
    ]);
  });

  for (const d of reference.datasets) {
    describe(`${d.name} (${d.source})`, () => {
      const result = fit(d, true);

      it("describes itself like survfit", () => {
        expect(result.method).toBe("kaplan-meier");
        expect(result.conf_type).toBe("log");
        expect(result.error).toBe("greenwood");
        expect(result.confLevel).toBe(d.confLevel);
        expect(result.n).toBe(d.n);
        expect(result.nEvent).toBe(d.nEvent);
      });

      it("matches every row of summary(fit, censored = TRUE)", () => {
        const rows = d.rows as Record<keyof typeof d.rows, RNumber[]>;
        expectColumn("time", result.curve.time, rows.time);
        expectColumn("nRisk", result.curve.nRisk, rows.nRisk);
        expectColumn("nEvent", result.curve.nEvent, rows.nEvent);
        expectColumn("nCensor", result.curve.nCensor, rows.nCensor);
        expectColumn("survival", result.curve.survival, rows.survival);
        expectColumn("stdErr", result.curve.stdErr, rows.stdErr);
        expectColumn("lower", result.curve.lower, rows.lower);
        expectColumn("upper", result.curve.upper, rows.upper);
      });

      it("matches the median and its confidence interval from print(fit)", () => {
        const median = d.median as Record<keyof typeof d.median, RNumber>;
        expect(result.median).toEqual({
          estimate: nullableFromR(median.estimate),
          lower: nullableFromR(median.lower),
          upper: nullableFromR(median.upper),
        });
      });

      it("matches summary(fit, times = ..., extend = TRUE)", () => {
        const at = d.at as Record<keyof typeof d.at, RNumber[]>;
        const mine = survivalAt(result, vectorFromR(at.time));
        expectColumn("at.time", mine.time, at.time);
        expectColumn("at.nRisk", mine.nRisk, at.nRisk);
        expectColumn("at.survival", mine.survival, at.survival);
        expectColumn("at.stdErr", mine.stdErr, at.stdErr);
        expectColumn("at.lower", mine.lower, at.lower);
        expectColumn("at.upper", mine.upper, at.upper);
      });

      it("gives the same result for plain arrays and for shuffled input", () => {
        const plain = fit(d, false);
        expect(plain).toEqual(result);
        const n = d.input.time.length;
        // A fixed permutation (multiplicative stride coprime with n) instead of a random one.
        let stride = 7;
        while (gcd(stride, n) !== 1) stride += 2;
        const time = new Float64Array(n);
        const event = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          time[i] = d.input.time[(i * stride) % n]!;
          event[i] = d.input.event[(i * stride) % n]!;
        }
        expect(kaplanMeier({ time, event, confLevel: d.confLevel })).toEqual(result);
      });
    });
  }
});

describe("kaplanMeier conventions", () => {
  it("averages the two times when the curve sits exactly at 0.5 (veteran test arm)", () => {
    const result = fit(dataset("veteran-test-arm"), true);
    const flat = result.curve.survival.findIndex((s) => Math.abs(s - 0.5) < 1e-12);
    expect(flat).toBeGreaterThanOrEqual(0);
    const nextDrop = result.curve.survival.findIndex((s) => s < 0.5 - 1e-12);
    expect(result.median.estimate).toBe((result.curve.time[flat]! + result.curve.time[nextDrop]!) / 2);
    expect(result.median.estimate).toBe(52.5);
  });

  it("ends at S = 0 without censoring, with undefined std.err and limits there (gehan control arm)", () => {
    const result = fit(dataset("gehan-control"), true);
    const last = result.curve.time.length - 1;
    expect(result.nEvent).toBe(result.n);
    expect(result.curve.survival[last]).toBe(0);
    expect(result.curve.stdErr[last]).toBeNaN();
    expect(result.curve.lower[last]).toBeNaN();
    expect(result.curve.upper[last]).toBeNaN();
  });

  it("merges near-identical times as survfit's timefix does, and keeps them apart when asked", () => {
    const d = dataset("aml-near-ties");
    const merged = fit(d, false);
    const plain = fit(dataset("aml"), false);
    expect(merged.curve.survival).toEqual(plain.curve.survival);
    const apart = kaplanMeier({ time: d.input.time, event: d.input.event, timefix: false });
    expect(apart.timefix).toBe(false);
    expect(apart.curve.time.length).toBeGreaterThan(merged.curve.time.length);
  });

  it("reports a median that is never reached as null", () => {
    const result = kaplanMeier({ time: [1, 2, 3, 4, 5], event: [1, 0, 0, 0, 0] });
    expect(result.median.estimate).toBeNull();
    expect(result.median.upper).toBeNull();
  });

  it("returns survival 1 with zero standard error before the first time, in the order asked", () => {
    const result = fit(dataset("aml"), true);
    const at = survivalAt(result, [9, -1, 0]);
    expect(Array.from(at.time)).toEqual([9, -1, 0]);
    expect(at.survival[1]).toBe(1);
    expect(at.stdErr[2]).toBe(0);
    expect(at.lower[2]).toBe(1);
    expect(at.upper[2]).toBe(1);
    expect(at.nRisk[1]).toBe(result.n);
    expect(at.survival[0]).toBe(result.curve.survival[result.curve.time.indexOf(9)]);
  });

  it("rejects malformed input with the offending position", () => {
    expect(() => kaplanMeier({ time: [], event: [] })).toThrow(RangeError);
    expect(() => kaplanMeier({ time: [1, 2], event: [1] })).toThrow(/event has 1/);
    expect(() => kaplanMeier({ time: [1, Number.NaN], event: [1, 1] })).toThrow(/time\[1\]/);
    expect(() => kaplanMeier({ time: [1, 2], event: [1, 2] })).toThrow(/event\[1\] is 2/);
    expect(() => kaplanMeier({ time: [1, 2], event: [1, 1], confLevel: 95 })).toThrow(/confLevel/);
    const result = kaplanMeier({ time: [1, 2], event: [1, 1] });
    expect(() => survivalAt(result, [Number.POSITIVE_INFINITY])).toThrow(/times\[0\]/);
  });
});

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
