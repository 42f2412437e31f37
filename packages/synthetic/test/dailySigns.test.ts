import { deriveCtResponses, deriveDailyGrades, derivePetResponses } from "@carta/clinical";
import { SeededRandom } from "@carta/stats";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticStudy } from "../src/index.js";
import { crsSigns, icansSigns } from "../src/patient/signs.js";
import { indexStudy, infused, type PatientView, value } from "./studyView.js";

let patients: PatientView[];
beforeAll(() => {
  patients = indexStudy(generateSyntheticStudy());
});

const GRADED = ["crs_grade", "icans_grade"] as const;

describe("daily toxicity signs of the default study", () => {
  it("records on every day with CRS or ICANS the grades the ASTCT scales give from the recorded signs, and grade 0 alone on quiet days", () => {
    const failures: string[] = [];
    let signedDays = 0;
    let quietDays = 0;
    for (const p of patients.filter(infused)) {
      const derived = deriveDailyGrades((variable, timePoint) => value(p, timePoint, variable));
      const byKey = new Map(derived.map((d) => [`${d.timePoint}:${d.variable}`, d]));
      for (let day = 0; day <= 30; day++) {
        const timePoint = `d${day}`;
        if (value(p, timePoint, "crs_grade") === undefined) continue;
        const signed = GRADED.some((variable) => byKey.has(`${timePoint}:${variable}`));
        if (!signed) {
          quietDays++;
          for (const variable of GRADED) {
            if (value(p, timePoint, variable) !== 0)
              failures.push(`${p.id} ${timePoint} ${variable}: no signs but not 0`);
          }
          continue;
        }
        signedDays++;
        for (const variable of GRADED) {
          const recorded = value(p, timePoint, variable);
          const d = byKey.get(`${timePoint}:${variable}`);
          if (d?.value !== recorded) {
            failures.push(`${p.id} ${timePoint} ${variable}: recorded ${recorded}, signs give ${d?.value}`);
          }
        }
        // The ICE score is not stored: it is derived from the items, and known every day with signs.
        if (typeof byKey.get(`${timePoint}:ice_score`)?.value !== "number")
          failures.push(`${p.id} ${timePoint}: no ICE score from the recorded signs`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(signedDays).toBeGreaterThan(3_000);
    expect(quietDays).toBeGreaterThan(signedDays);
  });

  it("reaches every grade 0–4 of CRS and ICANS through the rules", () => {
    const seen: Record<string, Set<number>> = { crs_grade: new Set(), icans_grade: new Set() };
    for (const p of patients.filter(infused)) {
      for (let day = 0; day <= 30; day++) {
        for (const variable of ["crs_grade", "icans_grade"] as const) {
          const g = value(p, `d${day}`, variable);
          if (typeof g === "number") seen[variable]!.add(g);
        }
      }
    }
    for (const variable of ["crs_grade", "icans_grade"] as const) {
      for (const g of [0, 1, 2, 3, 4]) expect(seen[variable]!.has(g), `${variable} ${g}`).toBe(true);
    }
  });

  it("leaves ICE items blank when the patient is unarousable and scores ICE 0", () => {
    let unarousable = 0;
    for (const p of patients.filter(infused)) {
      for (let day = 0; day <= 30; day++) {
        if (value(p, `d${day}`, "level_of_consciousness") !== "unarousable_or_coma") continue;
        unarousable++;
        expect(value(p, `d${day}`, "ice_orientation_points")).toBeUndefined();
        const ice = deriveDailyGrades((variable, timePoint) => value(p, timePoint, variable)).find(
          (d) => d.variable === "ice_score" && d.timePoint === `d${day}`,
        );
        expect(ice?.value).toBe(0);
        expect(value(p, `d${day}`, "icans_grade")).toBeGreaterThanOrEqual(4);
      }
    }
    expect(unarousable).toBeGreaterThan(0);
  });
});

describe("PET-CT readings of the default study", () => {
  it("records every day-28/day-90 response other than event-driven PMD as luganoPet of the reading", () => {
    const failures: string[] = [];
    let readings = 0;
    for (const p of patients.filter(infused)) {
      const derived = derivePetResponses((variable, timePoint) => value(p, timePoint, variable));
      for (const timePoint of ["d28", "d90"]) {
        const recorded = value(p, timePoint, `response_${timePoint}`);
        const d = derived.find((x) => x.timePoint === timePoint);
        if (recorded === undefined) {
          if (d !== undefined) failures.push(`${p.id} ${timePoint}: reading without response`);
          continue;
        }
        if (recorded === "PMD" ? d !== undefined : d?.value !== recorded) {
          failures.push(`${p.id} ${timePoint}: recorded ${recorded}, reading gives ${d?.value}`);
        }
        if (d !== undefined) readings++;
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(readings).toBeGreaterThan(500);
  });
});

describe("CT target-lesion measurements of the default study", () => {
  it("records every CT-based response as the Lugano CT rule applied to the recorded lesions, across all four categories", () => {
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    const byMetabolic: Record<string, Record<string, number>> = {};
    for (const p of patients.filter(infused)) {
      const derived = deriveCtResponses((variable, timePoint) => value(p, timePoint, variable));
      for (const timePoint of ["d28", "d90"]) {
        const recorded = value(p, timePoint, `ct_response_${timePoint}`);
        const d = derived.find((x) => x.timePoint === timePoint);
        if (d?.value !== recorded && !(d === undefined && recorded === undefined)) {
          failures.push(
            `${p.id} ${timePoint}: recorded ${recorded}, lesions give ${d?.value} (${d?.reason})`,
          );
        }
        if (typeof recorded !== "string") continue;
        counts[recorded] = (counts[recorded] ?? 0) + 1;
        const metabolic = String(value(p, timePoint, `response_${timePoint}`));
        byMetabolic[metabolic] ??= {};
        byMetabolic[metabolic][recorded] = (byMetabolic[metabolic][recorded] ?? 0) + 1;
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    for (const category of ["CR", "PR", "SD", "PD"]) expect(counts[category] ?? 0).toBeGreaterThan(20);
    // Anatomy follows the metabolic course: progression on PET is progression on CT, and a complete
    // metabolic response is never CT progression or stable disease with shrinking lesions counted as growth.
    expect(Object.keys(byMetabolic.PMD ?? {})).toEqual(["PD"]);
    expect(byMetabolic.CMR?.PD ?? 0).toBe(0);
    expect(byMetabolic.CMR?.CR ?? 0).toBeGreaterThan(byMetabolic.CMR?.PR ?? 0);
  });
});

describe("sign drawing", () => {
  it("needs fever on the first day of a CRS episode and treatment on later days", () => {
    const rng = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      const first = crsSigns(rng, 1 + (i % 4), 0);
      expect(first.temperature_max_c as number).toBeGreaterThanOrEqual(38);
      expect(first.crs_treated_before_assessment).toBe(false);
      expect(crsSigns(rng, 2, 3).crs_treated_before_assessment).toBe(true);
      const outside = crsSigns(rng, 0, null);
      expect(outside.temperature_max_c as number).toBeLessThan(38);
      expect(outside.crs_treated_before_assessment).toBe(false);
    }
  });

  it("draws ICE items within their maxima", () => {
    const rng = new SeededRandom(5);
    for (let i = 0; i < 500; i++) {
      const s = icansSigns(rng, i % 5);
      expect(s.ice_orientation_points ?? 0).toBeLessThanOrEqual(4);
      expect(s.ice_naming_points ?? 0).toBeLessThanOrEqual(3);
      for (const item of ["ice_commands_points", "ice_writing_points", "ice_attention_points"]) {
        expect([0, 1, undefined]).toContain(s[item]);
      }
    }
  });
});
