import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/csv/csv.js";
import {
  findVariable,
  isKnownAt,
  parseValue,
  REDCAP_COLUMNS,
  redcapDataDictionary,
  redcapInstrumentEventMapping,
  STUDY_DICTIONARY,
} from "../src/index.js";

// Every variable named in clinical-reference.md section A (ids lower-cased for REDCap).
const SECTION_A = [
  "age_years",
  "sex",
  "ecog_ps",
  "histology",
  "cell_of_origin",
  "coo_method",
  "ann_arbor_stage",
  "ldh_u_per_l",
  "ldh_uln_u_per_l",
  "extranodal_sites_count",
  "largest_lesion_cm",
  "bulky",
  "ipi_points",
  "aaipi_points",
  "disease_status_1l",
  "months_1l_end_to_relapse",
  "prior_lines_count",
  "prior_asct",
  "prior_allo",
  "bridging_type",
  "bridging_response",
  "mtv_ml",
  "product",
  "dose_value",
  "dose_unit",
  "out_of_spec",
  "vein_to_vein_days",
  "ld_regimen",
  "crp_mg_l",
  "ferritin_ng_ml",
  "albumin_g_dl",
  "platelets_10e9_l",
  "hemoglobin_g_dl",
  "anc_10e9_l",
  "creatinine_mg_dl",
  "il6_pg_ml",
  "alp_u_l",
  "ast_u_l",
  "bilirubin_total_mg_dl",
  "wbc_10e9_l",
  "d_dimer_ng_ml",
  "il10_pg_ml",
  "tnf_alpha_pg_ml",
  "ctdna_log10_hge_per_ml",
  "ctdna_detectable",
  "ctdna_assay",
  "tp53_vaf",
  "cd19_vaf",
  "pax5_vaf",
  "irf8_vaf",
  "cd274_vaf",
  "tmem30a_vaf",
  "naive_like_cd8_pct",
  "tscm_cd8_pct",
  "tcm_cd8_pct",
  "tem_cd8_pct",
  "temra_cd8_pct",
  "pd1_cd8_pct",
  "tim3_cd8_pct",
  "lag3_cd8_pct",
  "treg_cd4_pct",
  "mmdsc_pct_pbmc",
  "car_t_per_ul",
  "product_naive_like_cd8_pct",
  "product_viability_pct",
  "sig_myeloid_4gene_z",
  "response_d28",
  "response_d90",
  "best_overall_response",
  "deauville_d90",
  "progression_date",
  "death_date",
  "death_cause",
  "nrm",
  "new_therapy_date",
  "consolidative_transplant",
  "crs_max_grade",
  "crs_onset_day",
  "crs_duration_days",
  "tocilizumab_doses",
  "dexamethasone_cum_mg",
  "icans_max_grade",
  "icaht_early_grade",
  "icaht_late_grade",
  "gcsf_given",
  "infection_max_ctcae_grade",
  "icu_admission",
  "iec_hs",
  "ivig_given",
  "second_malignancy",
  "crs_grade",
  "icans_grade",
  "ice_score",
];

describe("study dictionary v1", () => {
  const ids = STUDY_DICTIONARY.variables.map((v) => v.id);

  it("declares every variable of clinical-reference.md section A once", () => {
    expect(SECTION_A.filter((id) => !ids.includes(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is internally consistent: forms, time points, codes, ranges, branching, date rules", () => {
    const forms = new Set(STUDY_DICTIONARY.forms.map((f) => f.id));
    const tps = new Set(STUDY_DICTIONARY.timePoints.map((t) => t.id));
    for (const v of STUDY_DICTIONARY.variables) {
      expect(forms.has(v.form), v.id).toBe(true);
      expect(v.timePoints.length, v.id).toBeGreaterThan(0);
      for (const tp of v.timePoints) expect(tps.has(tp), `${v.id}@${tp}`).toBe(true);
      expect(v.type === "code" ? (v.codes?.length ?? 0) > 0 : v.codes === null, v.id).toBe(true);
      if (v.range) expect(v.range.min, v.id).toBeLessThanOrEqual(v.range.max);
      if (v.showIf) expect(findVariable(v.showIf.variable), v.id).toBeDefined();
      if (v.derivation)
        for (const input of v.derivation.from)
          expect(findVariable(input), `${v.id} ← ${input}`).toBeDefined();
    }
    for (const rule of STUDY_DICTIONARY.dateOrder) {
      expect(findVariable(rule.earlier)?.type).toBe("date");
      expect(findVariable(rule.later)?.type).toBe("date");
    }
  });

  it("knows at which landmark each value becomes known", () => {
    const v = (id: string) => findVariable(id)!;
    expect(isKnownAt(v("age_years"), "decision", "decision")).toBe(true);
    expect(isKnownAt(v("product"), "apheresis", "decision")).toBe(true);
    expect(isKnownAt(v("crp_mg_l"), "pre_ld", "decision")).toBe(false);
    expect(isKnownAt(v("crp_mg_l"), "pre_ld", "lymphodepletion")).toBe(true);
    expect(isKnownAt(v("ctdna_log10_hge_per_ml"), "d7", "infusion")).toBe(false);
    expect(isKnownAt(v("ctdna_log10_hge_per_ml"), "d7", "day7")).toBe(true);
    expect(isKnownAt(v("anc_10e9_l"), "d20", "day28")).toBe(true);
    expect(isKnownAt(v("crs_max_grade"), "outcome", "day28")).toBe(false);
    expect(isKnownAt(v("response_d90"), "d90", "day28")).toBe(false);
  });

  it("parses entered text by type, refusing what does not fit with a reason", () => {
    const v = (id: string) => findVariable(id)!;
    expect(parseValue(v("age_years"), "64.5")).toEqual({ ok: true, value: 64.5 });
    expect(parseValue(v("age_years"), "17")).toEqual({ ok: false, message: "outside 18–90 years" });
    expect(parseValue(v("creatinine_mg_dl"), "15")).toEqual({ ok: false, message: "outside 0.3–10 mg/dL" });
    expect(parseValue(v("ecog_ps"), "1.5")).toEqual({ ok: false, message: "expected a whole number" });
    expect(parseValue(v("ecog_ps"), "1e0")).toEqual({ ok: true, value: 1 });
    expect(parseValue(v("prior_asct"), "yes")).toEqual({ ok: true, value: true });
    expect(parseValue(v("prior_asct"), "maybe").ok).toBe(false);
    expect(parseValue(v("decision_date"), "2024-02-29")).toEqual({ ok: true, value: "2024-02-29" });
    expect(parseValue(v("decision_date"), "2023-02-29").ok).toBe(false);
    expect(parseValue(v("decision_date"), "12/03/2024").ok).toBe(false);
    expect(parseValue(v("product"), "axi_cel")).toEqual({ ok: true, value: "axi_cel" });
    expect(parseValue(v("product"), "Axi-cel").ok).toBe(false);
  });
});

describe("REDCap data dictionary export", () => {
  const rows = parseCsv(redcapDataDictionary(STUDY_DICTIONARY)).map((r) => r.fields);
  const header = rows[0]!;
  const fields = rows.slice(1);
  const col = (name: (typeof REDCAP_COLUMNS)[number]) => header.indexOf(name);

  it("has REDCap's 18 columns in order and one row per field, record id first", () => {
    expect(header).toEqual([...REDCAP_COLUMNS]);
    expect(header).toHaveLength(18);
    expect(fields.every((f) => f.length === 18)).toBe(true);
    expect(fields[0]![0]).toBe("record_id");
    expect(fields[0]![1]).toBe(STUDY_DICTIONARY.forms[0]!.id);
    expect(fields).toHaveLength(STUDY_DICTIONARY.variables.length + 4);
  });

  it("uses only names, types and validations REDCap accepts", () => {
    const names = fields.map((f) => f[0]!);
    expect(new Set(names).size).toBe(names.length);
    for (const f of fields) {
      expect(f[0], "field name").toMatch(/^[a-z][a-z0-9_]{0,99}$/);
      expect(f[1], "form name").toMatch(/^[a-z][a-z0-9_]*$/);
      expect(["text", "radio", "dropdown", "yesno", "notes", "calc", "checkbox"]).toContain(
        f[col("Field Type")],
      );
      expect(["", "number", "integer", "date_ymd"]).toContain(
        f[col("Text Validation Type OR Show Slider Number")],
      );
      const type = f[col("Field Type")];
      const choices = f[col("Choices, Calculations, OR Slider Labels")]!;
      if (type === "radio" || type === "dropdown") {
        for (const choice of choices.split(" | ")) expect(choice, f[0]).toMatch(/^[A-Za-z0-9_]+, [^|]+$/);
      } else expect(choices, f[0]).toBe("");
      const [min, max] = [f[col("Text Validation Min")]!, f[col("Text Validation Max")]!];
      if (min !== "") expect(Number.isFinite(Number(min))).toBe(true);
      if (max !== "") expect(Number(max)).toBeGreaterThanOrEqual(Number(min));
      expect(["", "y"]).toContain(f[col("Required Field?")]);
    }
  });

  it("writes branching logic that refers to earlier fields with REDCap's syntax", () => {
    const names = fields.map((f) => f[0]!);
    const logic = fields.filter((f) => f[col("Branching Logic (Show field only if...)")] !== "");
    expect(logic.length).toBeGreaterThan(0);
    for (const f of logic) {
      const text = f[col("Branching Logic (Show field only if...)")]!;
      expect(text).toMatch(/^\[[a-z0-9_]+\] <> '[A-Za-z0-9_]+'( and \[[a-z0-9_]+\] <> '[A-Za-z0-9_]+')*$/);
      const ref = /^\[([a-z0-9_]+)\]/.exec(text)![1]!;
      expect(names.indexOf(ref)).toBeLessThan(names.indexOf(f[0]!));
    }
  });

  it("maps every form to the events (time points) that collect it", () => {
    const mapping = parseCsv(redcapInstrumentEventMapping(STUDY_DICTIONARY)).map((r) => r.fields);
    expect(mapping[0]).toEqual(["arm_num", "unique_event_name", "form"]);
    expect(mapping).toContainEqual(["1", "pre_ld_arm_1", "labs"]);
    expect(mapping).toContainEqual(["1", "decision_arm_1", "enrolment"]);
    expect(mapping).toContainEqual(["1", "d12_arm_1", "daily_toxicity"]);
    expect(mapping).not.toContainEqual(["1", "decision_arm_1", "daily_toxicity"]);
  });
});
