import { ctLesionVariable, deriveCtResponses, icahtEarly } from "@carta/clinical";
import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { daysFromCivil, daysFromIso, isoFromDays } from "../src/calendar.js";
import { calibrateRates, zipfSizes } from "../src/centers.js";
import { LATENT_DIMENSION, LatentCopula, latentCorrelationMatrix } from "../src/copula.js";
import { beta, invertCumulativeHazard } from "../src/draws.js";
import { baselineTargetLesions, ctFindings, type LesionSize } from "../src/patient/ctReading.js";
import { ancSeriesForGrade, dailyCourse } from "../src/patient/toxicity.js";

describe("calendar", () => {
  it("converts civil dates and ISO text both ways", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(isoFromDays(daysFromCivil(2024, 2, 29))).toBe("2024-02-29");
    expect(daysFromIso("2026-10-31", "x") - daysFromIso("2026-01-01", "x")).toBe(303);
    for (let d = daysFromIso("1999-12-25", "x"); d < daysFromIso("2031-01-05", "x"); d += 37) {
      expect(daysFromIso(isoFromDays(d), "x")).toBe(d);
    }
    expect(() => daysFromIso("2023-02-29", "when")).toThrow(/when/);
  });
});

describe("centres", () => {
  it("apportions Zipf sizes that sum to n and never increase with rank", () => {
    const sizes = zipfSizes(340, 25, 1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(340);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
    expect(sizes[0]).toBe(89);
  });

  it("shifts centre probabilities so their size-weighted mean hits the target", () => {
    const rng = new SeededRandom(5);
    const raw = Array.from({ length: 25 }, () => beta(rng, 0.2, 4));
    const sizes = zipfSizes(600, 25, 1);
    const calibrated = calibrateRates(raw, sizes, 0.35);
    const mean = calibrated.reduce((s, p, i) => s + p * sizes[i]!, 0) / 600;
    expect(mean).toBeCloseTo(0.35, 9);
    // Order among centres is kept.
    const order = (xs: number[]) => xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
    expect(order(calibrated)).toEqual(order(raw));
  });
});

describe("draws", () => {
  it("inverts a piecewise-constant cumulative hazard", () => {
    const hazard = { breaks: [0, 3, 6, 12, 24], rates: [0.12, 0.06, 0.025, 0.008, 0.003] };
    const cumulative = (t: number) => {
      let h = 0;
      for (let i = 0; i < hazard.rates.length; i++) {
        const start = hazard.breaks[i]!;
        const end = hazard.breaks[i + 1] ?? Number.POSITIVE_INFINITY;
        if (t > start) h += hazard.rates[i]! * (Math.min(t, end) - start);
      }
      return h;
    };
    for (const t of [0.5, 3, 4.2, 11.9, 18, 40]) {
      expect(invertCumulativeHazard(hazard, 0.7, 0.7 * cumulative(t))).toBeCloseTo(t, 10);
    }
  });

  it("draws Beta variates with the requested mean", () => {
    const rng = new SeededRandom(9);
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += beta(rng, 0.3, 1.5);
    expect(sum / 20000).toBeCloseTo(0.3, 2);
  });
});

describe("Gaussian copula (§D.3)", () => {
  it("reproduces the latent correlations", () => {
    const copula = new LatentCopula();
    const rng = new SeededRandom(3);
    const n = 20000;
    const draws = Array.from({ length: n }, () => Object.values(copula.draw(rng)));
    const target = latentCorrelationMatrix();
    for (let i = 0; i < LATENT_DIMENSION; i++) {
      for (let j = 0; j < i; j++) {
        let sum = 0;
        for (const d of draws) sum += d[i]! * d[j]!;
        expect(Math.abs(sum / n - target[i * LATENT_DIMENSION + j]!)).toBeLessThan(0.03);
      }
    }
  });
});

describe("toxicity courses", () => {
  it("builds ANC series whose §B.3 early ICAHT grade is the modelled grade", () => {
    const rng = new SeededRandom(11);
    for (let grade = 0; grade <= 4; grade++) {
      for (let i = 0; i < 300; i++) {
        const series = ancSeriesForGrade(rng, grade, 0.5 + 5 * rng.uniform());
        expect(series).toHaveLength(31);
        expect(icahtEarly(series).value).toBe(grade);
      }
    }
  });

  it("builds daily grade courses with the given maximum, onset and duration", () => {
    for (const [grade, onset, duration] of [
      [1, 0, 1],
      [2, 3, 5],
      [4, 2, 12],
      [3, 20, 11],
    ] as const) {
      const course = dailyCourse(grade, onset, duration);
      const positive = course.map((g, d) => (g > 0 ? d : -1)).filter((d) => d >= 0);
      expect(Math.max(...course)).toBe(grade);
      expect(positive[0]).toBe(onset);
      expect(positive).toHaveLength(duration);
      expect(positive.at(-1)).toBe(onset + duration - 1);
    }
  });
});

describe("CT target lesions", () => {
  const graded = (baseline: LesionSize[], current: LesionSize[], newNodeCm: number | null) => {
    const values = new Map<string, unknown>();
    const put = (timePoint: string, lesions: LesionSize[]) =>
      lesions.forEach((l, k) => {
        values.set(`${ctLesionVariable(k + 1, "ldi")}@${timePoint}`, l.ldiCm);
        values.set(`${ctLesionVariable(k + 1, "sdi")}@${timePoint}`, l.sdiCm);
      });
    put("pre_ld", baseline);
    put("d28", current);
    values.set("ct_new_lesions@d28", newNodeCm !== null);
    if (newNodeCm !== null) values.set("ct_new_node_longest_cm@d28", newNodeCm);
    return deriveCtResponses((v, tp) => values.get(`${v}@${tp}`) as never)[0]!;
  };

  it("draws progression that the Lugano CT rule reads as PD, within the recordable 0–30 cm, for any lesion size", () => {
    const rng = new SeededRandom(11);
    for (let i = 0; i < 2000; i++) {
      const baseline = baselineTargetLesions(rng, 1 + (i % 30));
      const pd = ctFindings(rng, "PMD", baseline, baseline);
      for (const l of [...baseline, ...pd.lesions]) {
        expect(l.ldiCm).toBeLessThanOrEqual(30);
        expect(l.sdiCm).toBeLessThanOrEqual(l.ldiCm);
      }
      expect(graded(baseline, pd.lesions, pd.newNodeLongestCm).value).toBe("PD");
      // Before progression lesions never regrow above their nadir.
      const stable = ctFindings(rng, "NMR", baseline, baseline);
      for (const [k, l] of stable.lesions.entries()) expect(l.ldiCm).toBeLessThanOrEqual(baseline[k]!.ldiCm);
      expect(graded(baseline, stable.lesions, null).value).not.toBe("PD");
    }
  });
});
