import { describe, expect, it } from "vitest";
import {
  SCORE_SCALE_IDS,
  SCORE_SCALES,
  ScoreInputError,
  type ScoreScaleId,
  schemaDocument,
} from "../../src/scales/contract/index.js";

// The snake_case JSON contract of issue 3 (Deliver §5): output names are fixed, other tools script against them.
const OUTPUTS: Record<ScoreScaleId, string[]> = {
  crs: ["crs_grade"],
  icans: ["ice_score", "icans_grade"],
  "icaht-early": ["early_icaht_grade", "longest_episode_days_anc_le_500_per_uL"],
  "icaht-late": ["late_icaht_grade"],
  "lugano-pet": ["lugano_metabolic_response"],
  "lugano-ct": ["spd_change_percent", "lugano_ct_response"],
  "lugano-lesion": [
    "nadir_ppd_cm2",
    "current_ppd_cm2",
    "ppd_increase_percent",
    "meets_individual_lesion_ppd_progression",
    "lugano_ct_response",
  ],
  ipi: ["ipi_points", "ipi_risk_group"],
  aaipi: ["aaipi_points", "aaipi_risk_group"],
  hematotox: [
    "points_platelets",
    "points_anc",
    "points_hemoglobin",
    "points_crp",
    "points_ferritin",
    "car_hematotox_score",
    "risk_group",
  ],
  easix: ["easix", "log2_easix", "creatinine_mg_per_dl"],
  "m-easix": ["m_easix", "log2_m_easix"],
};

function score(id: ScoreScaleId, input: unknown) {
  return SCORE_SCALES[id].score(input);
}

function refusal(id: ScoreScaleId, input: unknown): ScoreInputError {
  try {
    score(id, input);
  } catch (err) {
    if (err instanceof ScoreInputError) return err;
    throw err;
  }
  throw new Error(`${id} accepted ${JSON.stringify(input)}`);
}

const icans8 = {
  ice_orientation_points_0_to_4: 4,
  ice_naming_points_0_to_3: 3,
  ice_follows_commands_points_0_to_1: 1,
  ice_writing_points_0_to_1: 0,
  ice_attention_count_back_by_10_points_0_to_1: 0,
  level_of_consciousness: "alert",
  seizure: "none",
  cerebral_edema_or_raised_icp: "none",
};

describe("SCORE_SCALES registry", () => {
  it("has every SCALE id of the CLI with a schema, a citation and the contract's output names", () => {
    expect(Object.keys(SCORE_SCALES).sort()).toEqual([...SCORE_SCALE_IDS].sort());
    for (const id of SCORE_SCALE_IDS) {
      const scale = SCORE_SCALES[id];
      expect(scale.id).toBe(id);
      expect(scale.citation).toMatch(/\d{4}/);
      expect(scale.schema.outputs.map((o) => o.name)).toEqual(OUTPUTS[id]);
    }
  });
  it("prints each schema as JSON with units, allowed values, ranges and presence", () => {
    const doc = schemaDocument(SCORE_SCALES.crs.schema) as { fields: Record<string, unknown>[] };
    expect(doc).toMatchObject({ scale: "crs", outputs: [{ name: "crs_grade" }] });
    expect(doc.fields.find((f) => f.name === "temperature_max_c")).toMatchObject({
      type: "number",
      unit: "°C",
      presence: "required",
      physical_range: { min: 25, max: 45 },
    });
    expect(doc.fields.find((f) => f.name === "oxygen_delivery_device")).toMatchObject({
      allowed: expect.arrayContaining(["blow_by", "mechanical_ventilation"]),
    });
    expect(doc.fields.find((f) => f.name === "hypotension_present")).toMatchObject({
      presence: "defaults_false",
    });
    const hematotox = schemaDocument(SCORE_SCALES.hematotox.schema) as {
      fields: { name: string; quantity?: string }[];
    };
    expect(hematotox.fields.filter((f) => f.quantity === "crp").map((f) => f.name)).toEqual([
      "crp_mg_per_dl",
      "crp_mg_per_l",
    ]);
    expect(JSON.parse(JSON.stringify(schemaDocument(SCORE_SCALES["icaht-early"].schema)))).toMatchObject({
      rules: expect.arrayContaining([expect.objectContaining({ rule: "alternative_inputs" })]),
    });
  });
});

describe("worked examples through the JSON contract (§B.1–B.7)", () => {
  it("crs", () => {
    expect(
      score("crs", {
        temperature_max_c: 38.9,
        oxygen_delivery_device: "nasal_cannula",
        oxygen_flow_l_per_min: 3,
      }),
    ).toMatchObject({ crs_grade: 2 });
    expect(
      score("crs", {
        temperature_max_c: 39.5,
        hypotension_present: true,
        vasopressors_in_use: ["norepinephrine"],
        oxygen_delivery_device: "none",
      }),
    ).toMatchObject({ crs_grade: 3 });
    expect(
      score("crs", {
        temperature_max_c: 37.0,
        received_antipyretic_or_tocilizumab_or_corticosteroid_for_crs_before_this_assessment: true,
        hypotension_present: true,
        vasopressors_in_use: [],
        oxygen_delivery_device: "mechanical_ventilation",
      }),
    ).toMatchObject({ crs_grade: 4 });
  });
  it("icans", () => {
    expect(score("icans", icans8)).toMatchObject({ ice_score: 8, icans_grade: 1 });
    expect(
      score("icans", {
        ...icans8,
        ice_orientation_points_0_to_4: 2,
        ice_naming_points_0_to_3: 2,
        level_of_consciousness: "awakens_to_voice",
      }),
    ).toMatchObject({ ice_score: 5, icans_grade: 2 });
    expect(
      score("icans", {
        ...icans8,
        ice_orientation_points_0_to_4: 3,
        ice_naming_points_0_to_3: 2,
        seizure: "focal_or_generalized_resolving_rapidly",
      }),
    ).toMatchObject({ ice_score: 6, icans_grade: 3 });
    const unarousable = score("icans", {
      patient_unarousable_unable_to_perform_ice: true,
      level_of_consciousness: "unarousable_or_coma",
      seizure: "none",
      cerebral_edema_or_raised_icp: "none",
    });
    expect(unarousable).toMatchObject({ ice_score: 0, icans_grade: 4 });
    expect(
      score("icans", {
        global_aphasia_while_awake: true,
        level_of_consciousness: "alert",
        seizure: "none",
        cerebral_edema_or_raised_icp: "none",
      }),
    ).toMatchObject({ ice_score: 0, icans_grade: 3 });
  });
  it("icaht-early from durations and from a daily series in cells/µL", () => {
    const field500 = "longest_episode_days_anc_le_500_per_uL_day0_to_day30";
    const field100 = "longest_episode_days_anc_le_100_per_uL_day0_to_day30";
    expect(score("icaht-early", { [field500]: 5, [field100]: 2 })).toMatchObject({ early_icaht_grade: 1 });
    expect(score("icaht-early", { [field500]: 16, [field100]: 4 })).toEqual(
      expect.objectContaining({ early_icaht_grade: 3, longest_episode_days_anc_le_500_per_uL: 16 }),
    );
    expect(score("icaht-early", { anc_never_recovered_above_500_per_uL_by_day30: true })).toMatchObject({
      early_icaht_grade: 4,
    });
    const daily = Object.fromEntries(Array.from({ length: 31 }, (_, d) => [String(d), 300]));
    const r = score("icaht-early", { daily_anc_per_uL_by_day_post_infusion: daily });
    expect(r).toMatchObject({ early_icaht_grade: 4, longest_episode_days_anc_le_500_per_uL: 31 });
    expect(r.conversions).toBeUndefined();
  });
  it("icaht-early records interpolation in the reason", () => {
    const r = score("icaht-early", {
      daily_anc_per_uL_by_day_post_infusion: {
        "0": 2000,
        "1": 1500,
        "2": 400,
        "6": 300,
        "9": 2000,
        "10": 2100,
        "11": 2200,
        "18": 2500,
        "25": 2400,
        "30": 2600,
      },
    });
    // days 3–5 interpolate to 375, 350, 325 (≤ 500); days 7–8 to 867 and 1433: one episode, days 2–6
    expect(r).toMatchObject({ early_icaht_grade: 1, longest_episode_days_anc_le_500_per_uL: 5 });
    expect(r.reason).toContain("interpolated (days 3–5, 7–8, 12–17, 19–24, 26–29)");
  });
  it("icaht-late", () => {
    const field = "anc_values_per_uL_after_day30_before_progression_or_new_therapy";
    expect(score("icaht-late", { [field]: [1200, 900, 800] })).toMatchObject({ late_icaht_grade: 2 });
    expect(score("icaht-late", { [field]: [2000, 1800] })).toMatchObject({ late_icaht_grade: 0 });
    expect(score("icaht-late", { [field]: [450, 80, 1600] })).toMatchObject({ late_icaht_grade: 3 });
  });
  it("lugano-pet", () => {
    const deauville = "highest_deauville_score_at_sites_of_initial_disease_1_to_5";
    expect(
      score("lugano-pet", {
        [deauville]: 2,
        residual_mass_on_ct: false,
        bone_marrow_pet: "no_fdg_avid_disease",
      }),
    ).toMatchObject({ lugano_metabolic_response: "CMR" });
    expect(
      score("lugano-pet", {
        [deauville]: 4,
        uptake_change_vs_baseline: "reduced",
        bone_marrow_pet: "no_fdg_avid_disease",
      }),
    ).toMatchObject({ lugano_metabolic_response: "PMR" });
    expect(
      score("lugano-pet", {
        [deauville]: 4,
        uptake_change_vs_baseline: "reduced",
        new_fdg_avid_foci_consistent_with_lymphoma: true,
        bone_marrow_pet: "no_fdg_avid_disease",
      }),
    ).toMatchObject({ lugano_metabolic_response: "PMD" });
  });
  it("lugano-ct and lugano-lesion", () => {
    expect(score("lugano-ct", { spd_baseline_mm2: 4000, spd_current_mm2: 1800 })).toMatchObject({
      spd_change_percent: -55,
      lugano_ct_response: "PR",
    });
    expect(
      score("lugano-lesion", {
        lesion_nadir_ldi_cm: 2.0,
        lesion_nadir_sdi_cm: 1.0,
        lesion_current_ldi_cm: 3.0,
        lesion_current_sdi_cm: 1.0,
      }),
    ).toEqual(
      expect.objectContaining({
        nadir_ppd_cm2: 2,
        current_ppd_cm2: 3,
        ppd_increase_percent: 50,
        meets_individual_lesion_ppd_progression: true,
        lugano_ct_response: "PD",
      }),
    );
  });
  it("ipi and aaipi", () => {
    const patient = {
      age_years: 67,
      ann_arbor_stage_1_to_4: 4,
      ldh_u_per_l: 520,
      ldh_uln_u_per_l: 250,
      ecog_performance_status_0_to_4: 1,
    };
    expect(score("ipi", { ...patient, extranodal_sites_count: 3 })).toMatchObject({
      ipi_points: 4,
      ipi_risk_group: "high",
    });
    const aa = score("aaipi", patient);
    expect(aa).toMatchObject({ aaipi_points: 2, aaipi_risk_group: "high_intermediate" });
    expect(aa.reason).toContain("age > 60");
    expect(
      score("aaipi", {
        ...patient,
        age_years: 52,
        ann_arbor_stage_1_to_4: 2,
        ldh_u_per_l: 300,
        ecog_performance_status_0_to_4: 0,
      }),
    ).toMatchObject({ aaipi_points: 1, aaipi_risk_group: "low_intermediate" });
  });
  it("hematotox, with CRP in mg/L converted and reported", () => {
    const r = score("hematotox", {
      platelets_10e9_per_l: 60,
      anc_10e9_per_l: 2.2,
      hemoglobin_g_per_dl: 8.7,
      crp_mg_per_l: 60,
      ferritin_ng_per_ml: 2600,
    });
    expect(r).toMatchObject({
      points_platelets: 2,
      points_anc: 0,
      points_hemoglobin: 1,
      points_crp: 1,
      points_ferritin: 2,
      car_hematotox_score: 6,
      risk_group: "high",
    });
    expect(r.conversions).toEqual([
      { field: "crp_mg_per_l", from: "mg/L", to: "mg/dL", factor: 0.1, value: 60, converted_value: 6 },
    ]);
  });
  it("hematotox cut-offs hold in the alternative units", () => {
    const base = {
      platelets_per_uL: 210000,
      anc_per_uL: 2500,
      hemoglobin_g_per_l: 121,
      crp_mg_per_l: 4,
      ferritin_ug_per_l: 300,
    };
    expect(score("hematotox", base)).toMatchObject({ car_hematotox_score: 0, risk_group: "low" });
    expect(score("hematotox", { ...base, anc_per_uL: 1200 })).toMatchObject({ points_anc: 1 });
    expect(score("hematotox", { ...base, anc_per_uL: 1210 })).toMatchObject({ points_anc: 0 });
    expect(score("hematotox", { ...base, crp_mg_per_l: 30 })).toMatchObject({ points_crp: 1 });
    expect(score("hematotox", { ...base, crp_mg_per_l: 29 })).toMatchObject({ points_crp: 0 });
    expect(score("hematotox", { ...base, hemoglobin_g_per_l: 90 })).toMatchObject({ points_hemoglobin: 1 });
    expect(score("hematotox", { ...base, platelets_per_uL: 175000 })).toMatchObject({ points_platelets: 1 });
  });
  it("easix and m-easix, with creatinine in µmol/L", () => {
    const e = score("easix", { ldh_u_per_l: 200, creatinine_mg_per_dl: 0.8, platelets_10e9_per_l: 220 });
    expect(e.easix).toBeCloseTo(0.7273, 4);
    expect(e.log2_easix).toBeCloseTo(-0.4594, 4);
    expect(e.creatinine_mg_per_dl).toBe(0.8);
    const umol = score("easix", {
      ldh_u_per_l: 350,
      creatinine_umol_per_l: 88.42,
      platelets_10e9_per_l: 100,
    });
    expect(umol).toMatchObject({ easix: 3.5, creatinine_mg_per_dl: 1 });
    expect(umol.conversions).toMatchObject([{ field: "creatinine_umol_per_l", from: "µmol/L", to: "mg/dL" }]);
    const m = score("m-easix", { ldh_u_per_l: 900, crp_mg_per_l: 120, platelets_10e9_per_l: 40 });
    expect(m.m_easix).toBeCloseTo(270, 10);
    expect(m.log2_m_easix).toBeCloseTo(8.077, 3);
  });
  it("every output has exactly the contract's names, then reason, then conversions only when converted", () => {
    expect(Object.keys(score("crs", { temperature_max_c: 37 }))).toEqual(["crs_grade", "reason"]);
    expect(
      Object.keys(score("m-easix", { ldh_u_per_l: 350, crp_mg_per_dl: 3, platelets_per_uL: 100000 })),
    ).toEqual(["m_easix", "log2_m_easix", "reason", "conversions"]);
  });
});

describe("missing inputs through the contract", () => {
  it("give null with a reason naming the JSON field", () => {
    const crs = score("crs", { temperature_max_c: 39 });
    expect(crs).toMatchObject({ crs_grade: null });
    expect(crs.reason).toContain("oxygen_delivery_device");
    const easix = score("easix", { ldh_u_per_l: 200, platelets_10e9_per_l: 220 });
    expect(easix).toMatchObject({ easix: null, log2_easix: null, creatinine_mg_per_dl: null });
    expect(easix.reason).toContain("creatinine_mg_per_dl or creatinine_umol_per_l");
    const ipi = score("ipi", { age_years: 70 });
    expect(ipi.ipi_points).toBeNull();
    expect(ipi.reason).toContain("ann_arbor_stage_1_to_4");
    const icans = score("icans", {
      ...icans8,
      ice_attention_count_back_by_10_points_0_to_1: null,
      ice_writing_points_0_to_1: null,
    });
    expect(icans).toMatchObject({ ice_score: null, icans_grade: null });
    expect(icans.reason).toContain("ice_writing_points_0_to_1");
    const early = score("icaht-early", {});
    expect(early.early_icaht_grade).toBeNull();
    expect(early.reason).toContain("daily_anc_per_uL_by_day_post_infusion");
    expect(
      score("lugano-pet", {
        highest_deauville_score_at_sites_of_initial_disease_1_to_5: 4,
        bone_marrow_pet: "no_fdg_avid_disease",
      }).reason,
    ).toContain("uptake_change_vs_baseline");
    expect(score("icaht-late", {}).reason).toContain(
      "anc_values_per_uL_after_day30_before_progression_or_new_therapy",
    );
  });
  it("yes/no findings that are absent are false; a detail for another answer may be absent", () => {
    expect(score("lugano-ct", { spd_baseline_mm2: 1000, spd_current_mm2: 900 })).toMatchObject({
      lugano_ct_response: "SD",
    });
    expect(score("icans", icans8).icans_grade).toBe(1);
  });
});

describe("bad input is refused naming the field and the rule", () => {
  it("unknown field, with the fields it may have meant", () => {
    const err = refusal("hematotox", { crp_mg_per_ml: 3 });
    expect(err.issues).toEqual([expect.objectContaining({ field: "crp_mg_per_ml", rule: "unknown_field" })]);
    expect(err.issues[0]!.message).toContain("crp_mg_per_dl or crp_mg_per_l");
    expect(refusal("aaipi", { extranodal_sites_count: 2 }).issues[0]).toMatchObject({
      rule: "unknown_field",
    });
  });
  it("temperature 80 °C and negative counts are outside the physical range", () => {
    expect(refusal("crs", { temperature_max_c: 80 }).issues[0]).toMatchObject({
      field: "temperature_max_c",
      rule: "physical_range",
    });
    expect(refusal("crs", { temperature_max_c: 101.3 }).issues[0]!.message).toContain("°F");
    const negative = refusal("hematotox", { platelets_10e9_per_l: -5 });
    expect(negative.issues[0]).toMatchObject({ field: "platelets_10e9_per_l", rule: "physical_range" });
    expect(negative.issues[0]!.message).toContain("negative");
    expect(
      refusal("icaht-late", { anc_values_per_uL_after_day30_before_progression_or_new_therapy: [900, -1] })
        .issues[0],
    ).toMatchObject({
      field: "anc_values_per_uL_after_day30_before_progression_or_new_therapy[1]",
      rule: "physical_range",
    });
  });
  it("a value in the wrong unit for its field", () => {
    const platelets = refusal("hematotox", { platelets_10e9_per_l: 150000 });
    expect(platelets.issues[0]!.message).toContain("send it as platelets_per_uL");
    const hb = refusal("hematotox", { hemoglobin_g_per_dl: 121 });
    expect(hb.issues[0]!.message).toContain("hemoglobin_g_per_l");
    expect(refusal("easix", { creatinine_mg_per_dl: 88 }).issues[0]!.message).toContain(
      "creatinine_umol_per_l",
    );
    expect(refusal("hematotox", { anc_per_uL: 1.2 }).issues[0]).toMatchObject({
      field: "anc_per_uL",
      rule: "unit",
    });
    expect(refusal("crs", { temperature_max_c: "38.5 °C" }).issues[0]).toMatchObject({ rule: "unit" });
    expect(refusal("hematotox", { crp_mg_per_dl: "30 mg/L" }).issues[0]!.message).toContain("crp_mg_per_l");
    expect(
      refusal("icaht-early", { daily_anc_per_uL_by_day_post_infusion: { "0": 1.8, "1": 0.4 } }).issues[0],
    ).toMatchObject({ field: "daily_anc_per_uL_by_day_post_infusion.0", rule: "unit" });
  });
  it("a quantity given in two units", () => {
    expect(refusal("hematotox", { crp_mg_per_dl: 3, crp_mg_per_l: 30 }).issues[0]).toMatchObject({
      field: "crp_mg_per_l",
      rule: "one_unit_only",
    });
  });
  it("contradictory inputs: unarousable yet ICE items scored", () => {
    const err = refusal("icans", {
      ...icans8,
      patient_unarousable_unable_to_perform_ice: true,
      level_of_consciousness: "unarousable_or_coma",
    });
    expect(err.issues[0]).toMatchObject({ field: "ice_orientation_points_0_to_4", rule: "contradiction" });
    expect(err.message).toContain("patient_unarousable_unable_to_perform_ice");
    expect(
      refusal("crs", { hypotension_present: false, vasopressors_in_use: ["norepinephrine"] }).issues[0],
    ).toMatchObject({
      field: "vasopressors_in_use",
      rule: "contradiction",
    });
    expect(
      refusal("lugano-lesion", { lesion_current_ldi_cm: 1, lesion_current_sdi_cm: 2 }).issues[0],
    ).toMatchObject({
      field: "lesion_current_sdi_cm",
    });
    expect(refusal("lugano-ct", { new_node_longest_diameter_cm: 2 }).issues[0]).toMatchObject({
      field: "new_node_longest_diameter_cm",
    });
    expect(
      refusal("icaht-early", {
        longest_episode_days_anc_le_500_per_uL_day0_to_day30: 4,
        longest_episode_days_anc_le_100_per_uL_day0_to_day30: 9,
      }).issues[0],
    ).toMatchObject({ field: "longest_episode_days_anc_le_100_per_uL_day0_to_day30", rule: "contradiction" });
  });
  it("both alternative ICAHT inputs, bad day keys, wrong types and a non-object input", () => {
    expect(
      refusal("icaht-early", {
        daily_anc_per_uL_by_day_post_infusion: { "0": 300 },
        longest_episode_days_anc_le_500_per_uL_day0_to_day30: 3,
      }).issues[0],
    ).toMatchObject({ rule: "alternative_inputs" });
    expect(
      refusal("icaht-early", { daily_anc_per_uL_by_day_post_infusion: { "31": 300 } }).issues[0],
    ).toMatchObject({
      field: "daily_anc_per_uL_by_day_post_infusion.31",
      rule: "day",
    });
    expect(
      refusal("icaht-early", { daily_anc_per_uL_by_day_post_infusion: { "05": 300 } }).issues[0],
    ).toMatchObject({
      rule: "day",
    });
    expect(refusal("crs", { oxygen_delivery_device: "nasal_prongs" }).issues[0]).toMatchObject({
      rule: "allowed_values",
    });
    expect(refusal("crs", { vasopressors_in_use: ["dopamine", "dopamine"] }).issues[0]).toMatchObject({
      field: "vasopressors_in_use[1]",
      rule: "duplicate",
    });
    expect(refusal("ipi", { ecog_performance_status_0_to_4: 1.5 }).issues[0]).toMatchObject({
      rule: "integer",
    });
    expect(refusal("ipi", [1, 2]).issues[0]).toMatchObject({ field: "(input)", rule: "type" });
  });
  it("reports every problem at once", () => {
    const err = refusal("crs", { temperature_max_c: 80, hypotension_present: "yes", colour: "red" });
    expect(err.issues.map((i) => i.field)).toEqual(["temperature_max_c", "hypotension_present", "colour"]);
  });
});
