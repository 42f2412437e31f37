import { beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticStudy } from "../src/index.js";
import {
  hematotoxHigh,
  indexStudy,
  infused,
  num,
  type PatientView,
  pfsAt,
  value,
  withinBinomialInterval,
} from "./studyView.js";

/**
 * Issue requirement: for the default seed, the outcome rates fall within the 95 % interval, for the
 * cohort's size, around the calibration values of clinical-reference.md §D.5.
 */
let patients: PatientView[];
beforeAll(() => {
  patients = indexStudy(generateSyntheticStudy());
});

const cohort = (name: "2L" | "3L+") => patients.filter((p) => p.cohort === name && infused(p));

function rateCheck(group: PatientView[], isEvent: (p: PatientView) => boolean | null, target: number) {
  const known = group.map(isEvent).filter((x): x is boolean => x !== null);
  const result = withinBinomialInterval(known.filter(Boolean).length, known.length, target);
  return { ...result, n: known.length };
}

describe("default study: calibration values of §D.5 within their 95 % intervals", () => {
  it.each([
    ["3L+", 0.45],
    ["2L", 0.58],
  ] as const)("%s 12-month PFS (Kaplan–Meier from infusion, Greenwood SE) ≈ %f", (name, target) => {
    const { survival, stdErr, n } = pfsAt(cohort(name), 12);
    expect(n).toBeGreaterThan(name === "3L+" ? 550 : 300);
    expect(Math.abs(survival - target)).toBeLessThanOrEqual(1.96 * stdErr);
  });

  it.each([
    ["3L+", 0.58],
    ["2L", 0.71],
  ] as const)("%s best CR (CMR) ≈ %f", (name, target) => {
    const r = rateCheck(
      cohort(name),
      (p) => {
        const bor = value(p, "outcome", "best_overall_response");
        return bor === undefined ? null : bor === "CMR";
      },
      target,
    );
    expect(r.ok, `${(100 * r.rate).toFixed(1)} % of ${r.n}`).toBe(true);
  });

  const severe = (variable: string) => (p: PatientView) => {
    const grade = num(p, "outcome", variable);
    return grade === undefined ? null : grade >= 3;
  };
  it.each([
    ["3L+", "axi_cel", "crs_max_grade", 0.07],
    ["3L+", "axi_cel", "icans_max_grade", 0.25],
    ["2L", "axi_cel", "crs_max_grade", 0.054],
    ["2L", "axi_cel", "icans_max_grade", 0.22],
    ["2L", "liso_cel", "crs_max_grade", 0.015],
    ["2L", "liso_cel", "icans_max_grade", 0.068],
  ] as const)("%s %s grade ≥ 3 (%s) ≈ %f", (name, product, variable, target) => {
    const group = cohort(name).filter((p) => value(p, "apheresis", "product") === product);
    const r = rateCheck(group, severe(variable), target);
    expect(r.n).toBeGreaterThan(50);
    expect(r.ok, `${(100 * r.rate).toFixed(1)} % of ${r.n}`).toBe(true);
  });

  it("3L+ CAR-HEMATOTOX high (from the recorded pre-LD labs) ≈ 43 %", () => {
    const r = rateCheck(cohort("3L+"), hematotoxHigh, 0.43);
    expect(r.n).toBeGreaterThan(350);
    expect(r.ok, `${(100 * r.rate).toFixed(1)} % of ${r.n}`).toBe(true);
  });
});
