import { describe, expect, it } from "vitest";
import { deriveDailyGrades } from "../src/dictionary/dailyGrades.js";
import { findVariable } from "../src/dictionary/dictionary.js";
import { derivePetResponses } from "../src/dictionary/petResponses.js";
import type { ObservationValue } from "../src/dictionary/values.js";

type Rows = Record<string, Record<string, ObservationValue>>;

function derive(rows: Rows) {
  return deriveDailyGrades((variable, timePoint) => rows[timePoint]?.[variable]);
}

function find(rows: Rows, variable: string, timePoint: string) {
  return derive(rows).find((d) => d.variable === variable && d.timePoint === timePoint);
}

const ALERT_ICE_10 = {
  ice_orientation_points: 4,
  ice_naming_points: 3,
  ice_commands_points: 1,
  ice_writing_points: 1,
  ice_attention_points: 1,
  level_of_consciousness: "alert",
  seizure: "none",
  deep_focal_motor_weakness: false,
  cerebral_edema: "none",
};

describe("daily sign variables in the dictionary", () => {
  it("declares the CRS and ICANS signs on the daily toxicity form for d0..d30", () => {
    for (const id of [
      "temperature_max_c",
      "crs_treated_before_assessment",
      "hypotension_present",
      "vasopressor_count_excl_vasopressin",
      "vasopressin_in_use",
      "oxygen_delivery_device",
      "oxygen_flow_l_per_min",
      "ice_orientation_points",
      "ice_naming_points",
      "ice_commands_points",
      "ice_writing_points",
      "ice_attention_points",
      "level_of_consciousness",
      "seizure",
      "deep_focal_motor_weakness",
      "cerebral_edema",
    ]) {
      const v = findVariable(id);
      expect(v?.form, id).toBe("daily_toxicity");
      expect(v?.timePoints, id).toHaveLength(31);
    }
    expect(findVariable("temperature_max_c")).toMatchObject({ unit: "°C", range: { min: 34, max: 43 } });
    expect(findVariable("oxygen_flow_l_per_min")?.range).toEqual({ min: 0, max: 80 });
    expect(findVariable("ice_naming_points")?.range).toEqual({ min: 0, max: 3 });
    expect(findVariable("oxygen_delivery_device")?.codes?.map((c) => c.code)).toContain(
      "high_flow_nasal_cannula",
    );
    expect(findVariable("level_of_consciousness")?.codes?.map((c) => c.code)).toContain(
      "unarousable_or_coma",
    );
  });
});

describe("deriveDailyGrades", () => {
  it("grades CRS from the day's signs with the scale's reason", () => {
    const rows: Rows = {
      d2: { temperature_max_c: 38.4, hypotension_present: false, oxygen_delivery_device: "none" },
      d3: {
        temperature_max_c: 37.2,
        crs_treated_before_assessment: true,
        hypotension_present: false,
        oxygen_delivery_device: "nasal_cannula",
        oxygen_flow_l_per_min: 4,
      },
      d4: {
        temperature_max_c: 39,
        crs_treated_before_assessment: true,
        oxygen_delivery_device: "nasal_cannula",
        oxygen_flow_l_per_min: 7,
      },
    };
    expect(find(rows, "crs_grade", "d2")).toMatchObject({ value: 1 });
    const d3 = find(rows, "crs_grade", "d3")!;
    expect(d3.value).toBe(2);
    expect(d3.reason).toContain("nasal cannula at 4 L/min");
    expect(d3.reason).toContain("≤ 6");
    expect(find(rows, "crs_grade", "d4")).toMatchObject({ value: 3 });
    expect(find(rows, "crs_grade", "d5")).toBeUndefined();
  });

  it("reads the vasopressor count and vasopressin as ASTCT counts them", () => {
    const day = (count: number, vasopressin: boolean): Rows => ({
      d6: {
        temperature_max_c: 39.1,
        hypotension_present: true,
        vasopressor_count_excl_vasopressin: count,
        vasopressin_in_use: vasopressin,
        oxygen_delivery_device: "none",
      },
    });
    expect(find(day(0, false), "crs_grade", "d6")?.value).toBe(2);
    expect(find(day(1, false), "crs_grade", "d6")?.value).toBe(3);
    expect(find(day(1, true), "crs_grade", "d6")?.value).toBe(3);
    expect(find(day(0, true), "crs_grade", "d6")?.value).toBe(3);
    expect(find(day(2, false), "crs_grade", "d6")?.value).toBe(4);
  });

  it("leaves a grade null when a sign that could change it is blank, naming it", () => {
    const rows: Rows = { d1: { temperature_max_c: 38.5, hypotension_present: false } };
    const d1 = find(rows, "crs_grade", "d1")!;
    expect(d1.value).toBeNull();
    expect(d1.reason).toContain("oxygenDevice");
  });

  it("refuses contradictory signs with a null grade and the field in the reason", () => {
    const rows: Rows = {
      d1: {
        temperature_max_c: 38.5,
        hypotension_present: false,
        vasopressor_count_excl_vasopressin: 1,
        oxygen_delivery_device: "none",
      },
    };
    const d1 = find(rows, "crs_grade", "d1")!;
    expect(d1.value).toBeNull();
    expect(d1.reason).toContain("vasopressorsInUse");
  });

  it("grades ICANS and the ICE score from the items and neurological findings", () => {
    const rows: Rows = {
      d0: ALERT_ICE_10,
      d5: { ...ALERT_ICE_10, ice_orientation_points: 2, ice_naming_points: 1 },
      d6: { ...ALERT_ICE_10, seizure: "focal_or_generalized_resolving_rapidly" },
      d7: {
        level_of_consciousness: "unarousable_or_coma",
        seizure: "none",
        deep_focal_motor_weakness: false,
        cerebral_edema: "none",
      },
    };
    expect(find(rows, "icans_grade", "d0")?.value).toBe(0);
    expect(find(rows, "ice_score", "d0")?.value).toBe(10);
    expect(find(rows, "ice_score", "d5")).toMatchObject({ value: 6 });
    expect(find(rows, "icans_grade", "d5")?.value).toBe(2);
    expect(find(rows, "icans_grade", "d6")?.value).toBe(3);
    expect(find(rows, "icans_grade", "d6")?.reason).toContain("seizure");
    expect(find(rows, "icans_grade", "d7")?.value).toBe(4);
    expect(find(rows, "ice_score", "d7")?.value).toBe(0);
    expect(find(rows, "icans_grade", "d7")?.reason).toContain("unarousable");
  });

  it("gives grade 5 only on the day of a death recorded as caused by that toxicity", () => {
    const worst = {
      temperature_max_c: 39.5,
      hypotension_present: true,
      vasopressor_count_excl_vasopressin: 2,
      oxygen_delivery_device: "mechanical_ventilation",
    };
    const rows = (cause: string): Rows => ({
      d0: { infusion_date: "2025-03-01" },
      d8: worst,
      d9: worst,
      outcome: { death_date: "2025-03-10", death_cause: cause },
    });
    expect(find(rows("CRS"), "crs_grade", "d8")?.value).toBe(4);
    expect(find(rows("CRS"), "crs_grade", "d9")?.value).toBe(5);
    expect(find(rows("infection"), "crs_grade", "d9")?.value).toBe(4);
  });
});

describe("derivePetResponses", () => {
  const reading = (deauville: string, uptake: string, extra: Rows[string] = {}): Rows => ({
    d90: {
      deauville_d90: deauville,
      pet_uptake_change_vs_baseline: uptake,
      pet_new_fdg_avid_foci: false,
      pet_bone_marrow: "no_fdg_avid_disease",
      ...extra,
    },
  });
  const at90 = (rows: Rows) =>
    derivePetResponses((variable, timePoint) => rows[timePoint]?.[variable]).find(
      (d) => d.timePoint === "d90",
    );

  it("grades the day-90 reading by Lugano 2014 with the reason", () => {
    expect(at90(reading("3", "reduced"))).toMatchObject({ variable: "response_d90", value: "CMR" });
    expect(at90(reading("4", "reduced"))?.value).toBe("PMR");
    expect(at90(reading("5", "no_significant_change"))?.value).toBe("NMR");
    expect(at90(reading("4", "increased"))?.value).toBe("PMD");
    expect(at90(reading("2", "reduced", { pet_new_fdg_avid_foci: true }))?.value).toBe("PMD");
    expect(at90(reading("4", "reduced"))?.reason).toContain("Deauville 4");
  });

  it("derives nothing without a Deauville score and refuses X as a score of initial disease", () => {
    expect(at90({ d90: { response_d90: "PMD" } })).toBeUndefined();
    expect(at90(reading("X", "reduced"))).toMatchObject({ value: null });
  });

  it("leaves the response null when a finding that decides it is blank", () => {
    const rows: Rows = { d90: { deauville_d90: "4" } };
    expect(at90(rows)?.value).toBeNull();
    expect(at90(rows)?.reason).toContain("uptakeChangeVsBaseline");
  });
});
