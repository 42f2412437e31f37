import { OXYGEN_DEVICES } from "../scales/crs.js";
import { CEREBRAL_EDEMA_FINDINGS, LEVELS_OF_CONSCIOUSNESS, SEIZURE_FINDINGS } from "../scales/icans.js";
import { CT_RESPONSE, codes, DEAUVILLE, LUGANO_PET_RESPONSE, LUGANO_RESPONSE } from "./codes.js";
import {
  CT_ASSESSMENT_TIME_POINTS,
  CT_BASELINE_TIME_POINT,
  CT_TARGET_LESIONS,
  ctLesionVariable,
} from "./ctResponses.js";
import { DAILY_TIME_POINTS, LAB_TIME_POINTS } from "./timePoints.js";
import type { Code, DateOrderRule, Landmark, VariableDef, VariableType } from "./types.js";

/**
 * Study dictionary v1: every variable of clinical-reference.md section A, declared once.
 * Ids are lower snake case (REDCap field-name rules), so §A's `disease_status_1L` is `disease_status_1l`.
 * Ranges are the plausible ranges of §A in the canonical unit; they are enforced on entry and import.
 */
interface Options {
  unit?: string;
  range?: [number, number];
  codes?: readonly Code[];
  timePoints?: readonly string[];
  landmark?: Landmark;
  required?: boolean;
  showIf?: { variable: string; notIn: readonly string[] };
  derivation?: { from: readonly string[]; rule: string };
  note?: string;
}

function variable(form: string, id: string, label: string, type: VariableType, o: Options = {}): VariableDef {
  return {
    id,
    label,
    type,
    unit: o.unit ?? null,
    range: o.range ? { min: o.range[0], max: o.range[1] } : null,
    codes: o.codes ?? null,
    form,
    timePoints: o.timePoints ?? ["decision"],
    landmark: o.landmark ?? null,
    required: o.required ?? false,
    showIf: o.showIf ?? null,
    derivation: o.derivation ?? null,
    note: o.note ?? null,
  };
}

const BASELINE_AND_PRE_LD = ["decision", "pre_ld"] as const;
const CTDNA_TIME_POINTS = ["apheresis", "pre_ld", "d7", "d28", "d90", "progression"] as const;
const FLOW_TIME_POINTS = ["apheresis", "pre_ld", "d7", "d14", "d28", "d90"] as const;
const POST_INFUSION_FLOW = ["d7", "d14", "d28", "d90"] as const;
const TRANSCRIPTOME_TIME_POINTS = ["apheresis", "d0", "d7"] as const;
const LDH_TIME_POINTS = ["decision", ...LAB_TIME_POINTS] as const;
const PET_TIME_POINTS = ["d28", "d90"] as const;
const ANC_TIME_POINTS = [...new Set([...LAB_TIME_POINTS, ...DAILY_TIME_POINTS])];

// ---- enrolment and key dates (§A.1) ----
const enrolment = [
  variable("enrolment", "decision_date", "Date of decision to treat with CAR-T", "date", { required: true }),
  variable("enrolment", "apheresis_date", "Leukapheresis date", "date", { timePoints: ["apheresis"] }),
  variable("enrolment", "ld_start_date", "Lymphodepletion start date", "date", { timePoints: ["pre_ld"] }),
  variable("enrolment", "infusion_date", "CAR-T infusion date (day 0)", "date", { timePoints: ["d0"] }),
];

// ---- patient and disease baseline (§A.2) ----
const baseline = [
  variable("baseline", "age_years", "Age at infusion", "number", {
    unit: "years",
    range: [18, 90],
    required: true,
  }),
  variable("baseline", "sex", "Sex", "code", {
    codes: codes(["F", "Female"], ["M", "Male"]),
    required: true,
  }),
  variable("baseline", "ecog_ps", "ECOG performance status", "integer", {
    range: [0, 4],
    timePoints: ["decision", "apheresis", "pre_ld"],
    required: true,
  }),
  variable("baseline", "histology", "Histology (WHO-HAEM5 / ICC)", "code", {
    codes: codes(
      ["DLBCL_NOS", "DLBCL, not otherwise specified"],
      ["HGBL_MYC_BCL2", "HGBL with MYC and BCL2 rearrangements (double/triple hit)"],
      ["HGBL_NOS", "HGBL, not otherwise specified"],
      ["tFL", "Transformed follicular lymphoma"],
      ["PMBCL", "Primary mediastinal B-cell lymphoma"],
      ["THRLBCL", "T-cell/histiocyte-rich LBCL"],
      ["other_LBCL", "Other LBCL"],
    ),
    required: true,
  }),
  variable("baseline", "cell_of_origin", "Cell of origin", "code", {
    codes: codes(
      ["GCB", "GCB"],
      ["non_GCB", "Non-GCB"],
      ["unclassifiable", "Unclassifiable"],
      ["not_done", "Not done"],
    ),
    showIf: { variable: "histology", notIn: ["PMBCL"] },
    note: "Not applicable to PMBCL",
  }),
  variable("baseline", "coo_method", "Cell-of-origin method", "code", {
    codes: codes(["Hans_IHC", "Hans algorithm (IHC)"], ["GEP", "Gene-expression profiling"]),
    showIf: { variable: "cell_of_origin", notIn: ["not_done"] },
  }),
  variable("baseline", "ann_arbor_stage", "Ann Arbor stage", "integer", {
    range: [1, 4],
    timePoints: BASELINE_AND_PRE_LD,
    required: true,
  }),
  variable("baseline", "extranodal_sites_count", "Extranodal sites", "integer", {
    unit: "sites",
    range: [0, 10],
    timePoints: BASELINE_AND_PRE_LD,
  }),
  variable("baseline", "largest_lesion_cm", "Largest lesion diameter", "number", {
    unit: "cm",
    range: [0, 30],
  }),
  variable("baseline", "mtv_ml", "Metabolic tumour volume", "number", {
    unit: "mL",
    range: [0, 5000],
    timePoints: BASELINE_AND_PRE_LD,
    note: "Pre-LD MTV preferred; record the segmentation method",
  }),
  variable("baseline", "mtv_method", "MTV segmentation method", "code", {
    codes: codes(["suv4", "SUV ≥ 4.0"], ["pct41", "41 % of SUVmax"]),
    timePoints: BASELINE_AND_PRE_LD,
  }),
  variable("baseline", "disease_status_1l", "Disease status after first line", "code", {
    codes: codes(
      ["primary_refractory", "Primary refractory"],
      ["relapse_le_12m", "Relapse ≤ 12 months"],
      ["relapse_gt_12m", "Relapse > 12 months"],
    ),
    required: true,
    note: "Refractory = best response SD/PD/PR or relapse < 3 months after CR",
  }),
  variable("baseline", "months_1l_end_to_relapse", "Months from end of first line to relapse", "number", {
    unit: "months",
    range: [0, 240],
  }),
  variable("baseline", "prior_lines_count", "Prior lines of therapy", "integer", {
    range: [1, 10],
    required: true,
  }),
  variable("baseline", "prior_asct", "Prior autologous transplant", "boolean"),
  variable("baseline", "prior_allo", "Prior allogeneic transplant", "boolean"),
];

// ---- bridging (§A.2) ----
const bridging = [
  variable("bridging", "bridging_type", "Bridging therapy", "code", {
    codes: codes(
      ["none", "None"],
      ["steroids_only", "Steroids only"],
      ["chemoimmuno", "Chemo(immuno)therapy"],
      ["pola_based", "Polatuzumab-based"],
      ["radiotherapy", "Radiotherapy"],
      ["combined_modality", "Combined modality"],
      ["other", "Other"],
    ),
    timePoints: ["bridging"],
  }),
  variable("bridging", "bridging_response", "Response to bridging (Lugano)", "code", {
    codes: codes(...LUGANO_PET_RESPONSE.map((c): [string, string] => [c.code, c.label]), [
      "not_assessed",
      "Not assessed",
    ]),
    timePoints: ["bridging"],
    showIf: { variable: "bridging_type", notIn: ["none"] },
    note: "Bridging failure = PMD",
  }),
];

// ---- product and procedure (§A.3) ----
const product = [
  variable("product", "product", "CAR-T product", "code", {
    codes: codes(
      ["axi_cel", "Axicabtagene ciloleucel"],
      ["liso_cel", "Lisocabtagene maraleucel"],
      ["tisa_cel", "Tisagenlecleucel"],
    ),
    timePoints: ["apheresis"],
    landmark: "decision",
    required: true,
    note: "Tisa-cel is not approved in 2L",
  }),
  variable("product", "ld_regimen", "Lymphodepletion regimen", "code", {
    codes: codes(
      ["flu_cy", "Fludarabine + cyclophosphamide"],
      ["bendamustine", "Bendamustine"],
      ["other", "Other"],
    ),
    timePoints: ["pre_ld"],
  }),
  variable("product", "dose_value", "Infused dose", "number", {
    range: [0, 1e10],
    timePoints: ["d0"],
    note: "Unit given by dose_unit: axi-cel per kg (target 2×10⁶/kg), tisa-cel and liso-cel total cells",
  }),
  variable("product", "dose_unit", "Dose unit", "code", {
    codes: codes(
      ["car_pos_cells_per_kg", "CAR+ cells/kg"],
      ["total_car_pos_viable_t_cells", "Total CAR+ viable T cells"],
      ["total_car_pos_t_cells", "Total CAR+ T cells"],
    ),
    timePoints: ["d0"],
  }),
  variable("product", "out_of_spec", "Out-of-specification product", "boolean", { timePoints: ["d0"] }),
  variable("product", "vein_to_vein_days", "Vein-to-vein time", "integer", {
    unit: "days",
    range: [14, 120],
    timePoints: ["d0"],
  }),
];

// ---- laboratory values (§A.4); canonical units, conversions at ingestion ----
function lab(id: string, label: string, unit: string, range: [number, number], o: Options = {}): VariableDef {
  return variable("labs", id, label, "number", { unit, range, timePoints: LAB_TIME_POINTS, ...o });
}
const labs = [
  lab("crp_mg_l", "C-reactive protein", "mg/L", [0, 500], {
    note: "CAR-HEMATOTOX and m-EASIX use mg/dL (÷ 10)",
  }),
  lab("ferritin_ng_ml", "Ferritin", "ng/mL", [5, 100000]),
  lab("ldh_u_per_l", "Lactate dehydrogenase", "U/L", [80, 10000], { timePoints: LDH_TIME_POINTS }),
  lab("ldh_uln_u_per_l", "LDH upper limit of normal (centre method)", "U/L", [150, 500], {
    timePoints: LDH_TIME_POINTS,
    note: "Store the centre's ULN: LDH elevated ⇔ LDH > ULN",
  }),
  lab("albumin_g_dl", "Albumin", "g/dL", [1.5, 5.5]),
  lab("platelets_10e9_l", "Platelets", "10^9/L", [0, 1000]),
  lab("hemoglobin_g_dl", "Hemoglobin", "g/dL", [4, 18]),
  lab("anc_10e9_l", "Absolute neutrophil count", "10^9/L", [0, 30], {
    timePoints: ANC_TIME_POINTS,
    note: "Daily day 0–30 for ICAHT",
  }),
  lab("creatinine_mg_dl", "Creatinine", "mg/dL", [0.3, 10]),
  lab("il6_pg_ml", "Interleukin-6", "pg/mL", [0, 10000]),
  lab("alp_u_l", "Alkaline phosphatase", "U/L", [10, 3000]),
  lab("ast_u_l", "Aspartate aminotransferase", "U/L", [5, 5000]),
  lab("bilirubin_total_mg_dl", "Total bilirubin", "mg/dL", [0.1, 30]),
  lab("wbc_10e9_l", "White blood cells", "10^9/L", [0, 200]),
  lab("d_dimer_ng_ml", "D-dimer (FEU)", "ng/mL", [0, 100000]),
  lab("il10_pg_ml", "Interleukin-10", "pg/mL", [0, 10000]),
  lab("tnf_alpha_pg_ml", "TNF-α", "pg/mL", [0, 10000]),
];

// ---- plasma ctDNA (§A.5, §C.3) ----
function vaf(gene: string): VariableDef {
  return variable(
    "ctdna",
    `${gene.toLowerCase()}_vaf`,
    `${gene} variant allele fraction (highest)`,
    "number",
    {
      unit: "fraction",
      range: [0, 1],
      timePoints: CTDNA_TIME_POINTS,
    },
  );
}
const ctdna = [
  variable("ctdna", "ctdna_log10_hge_per_ml", "ctDNA concentration (log10 hGE/mL)", "number", {
    unit: "log10 hGE/mL",
    range: [-1, 8],
    timePoints: CTDNA_TIME_POINTS,
    note: "Working threshold 2.0 (100 hGE/mL) pre-LD (Frank 2021)",
  }),
  variable("ctdna", "ctdna_detectable", "ctDNA detectable (above LoD)", "boolean", {
    timePoints: CTDNA_TIME_POINTS,
  }),
  variable("ctdna", "ctdna_assay", "ctDNA assay", "code", {
    codes: codes(["capp_seq", "CAPP-Seq"], ["ights", "IgHTS (clonotype)"]),
    timePoints: CTDNA_TIME_POINTS,
  }),
  ...["TP53", "CD19", "PAX5", "IRF8", "CD274", "TMEM30A"].map(vaf),
];

// ---- peripheral-blood flow (§A.5, §C.4) ----
function pct(form: string, id: string, label: string, timePoints: readonly string[]): VariableDef {
  return variable(form, id, label, "number", { unit: "%", range: [0, 100], timePoints });
}
const flowBlood = [
  pct("flow_blood", "cd4_pct_t", "CD4+ (% of T cells)", FLOW_TIME_POINTS),
  pct("flow_blood", "cd8_pct_t", "CD8+ (% of T cells)", FLOW_TIME_POINTS),
  pct("flow_blood", "naive_like_cd8_pct", "Naive-like CCR7+CD45RA+ (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "tscm_cd8_pct", "Stem-cell memory (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "tcm_cd8_pct", "Central memory (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "tem_cd8_pct", "Effector memory (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "temra_cd8_pct", "TEMRA (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "pd1_cd8_pct", "PD-1+ (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "tim3_cd8_pct", "TIM-3+ (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "lag3_cd8_pct", "LAG-3+ (% of CD8)", FLOW_TIME_POINTS),
  pct("flow_blood", "treg_cd4_pct", "Treg (% of CD4)", FLOW_TIME_POINTS),
  pct("flow_blood", "mmdsc_pct_pbmc", "M-MDSC CD14+HLA-DR low (% of PBMC)", FLOW_TIME_POINTS),
  variable("flow_blood", "car_t_per_ul", "CAR+ T cells in blood", "number", {
    unit: "cells/µL",
    range: [0, 10000],
    timePoints: POST_INFUSION_FLOW,
  }),
];

// ---- product (residual bag), day 0 ----
const flowProduct = [
  pct("flow_product", "product_naive_like_cd8_pct", "Product naive-like CCR7+CD45RA+ (% of CAR+ CD8)", [
    "d0",
  ]),
  pct("flow_product", "product_tscm_cd8_pct", "Product stem-cell memory (% of CAR+ CD8)", ["d0"]),
  pct("flow_product", "product_tcm_cd8_pct", "Product central memory (% of CAR+ CD8)", ["d0"]),
  pct("flow_product", "product_pd1_cd8_pct", "Product PD-1+ (% of CAR+ CD8)", ["d0"]),
  variable("flow_product", "product_cd4_cd8_ratio", "Product CD4:CD8 ratio", "number", {
    range: [0, 50],
    timePoints: ["d0"],
  }),
  pct("flow_product", "product_viability_pct", "Product viability", ["d0"]),
];

// ---- transcriptomic signature scores (§A.5, §C.5): z-scores with frozen gene weights ----
function signature(id: string, label: string): VariableDef {
  return variable("transcriptome", id, label, "number", {
    unit: "z",
    range: [-10, 10],
    timePoints: TRANSCRIPTOME_TIME_POINTS,
  });
}
const transcriptome = [
  signature("sig_myeloid_4gene_z", "4-gene myeloid signature (apheresis T cells)"),
  signature("sig_ifn_z", "Interferon signalling signature"),
  signature("sig_memory_cd8_z", "CD8 memory programme signature"),
  signature("sig_exhaustion_z", "Exhaustion programme signature"),
  variable("transcriptome", "transcriptome_qc_pass", "Transcriptome QC passed", "boolean", {
    timePoints: TRANSCRIPTOME_TIME_POINTS,
  }),
];

// ---- daily toxicity (§A.6, §B.1–B.2) ----
const dailyToxicity = [
  variable("daily_toxicity", "crs_grade", "CRS grade (ASTCT)", "integer", {
    range: [0, 5],
    timePoints: DAILY_TIME_POINTS,
  }),
  variable("daily_toxicity", "icans_grade", "ICANS grade (ASTCT)", "integer", {
    range: [0, 5],
    timePoints: DAILY_TIME_POINTS,
  }),
  variable("daily_toxicity", "ice_score", "ICE score", "integer", {
    range: [0, 10],
    timePoints: DAILY_TIME_POINTS,
  }),
  ...dailySigns(),
];

/**
 * The signs the daily CRS and ICANS grades are read from (ASTCT, Lee 2019; §B.1–B.2), so a grade can be
 * derived and explained (`deriveDailyGrades`) rather than only entered. Yes/no findings left blank are
 * read as absent, as the scales do; a blank code or number leaves the grade unknown when it matters.
 */
function dailySigns(): VariableDef[] {
  const daily = (id: string, label: string, type: VariableType, o: Options = {}): VariableDef =>
    variable("daily_toxicity", id, label, type, { timePoints: DAILY_TIME_POINTS, ...o });
  const scaleCodes = (values: readonly string[]): readonly Code[] =>
    codes(...values.map((v): [string, string] => [v, v.replaceAll("_", " ")]));
  const icePoints = (id: string, label: string, max: number): VariableDef =>
    daily(id, `ICE ${label}`, "integer", {
      unit: "points",
      range: [0, max],
      note: "Blank when the patient is unarousable (not assessable)",
    });
  return [
    daily("temperature_max_c", "Highest temperature", "number", { unit: "°C", range: [34, 43] }),
    daily("crs_treated_before_assessment", "Treated for CRS before this assessment", "boolean", {
      note: "Antipyretic, tocilizumab or corticosteroid given for the current CRS episode: fever is then no longer required (ASTCT). No once the episode has resolved.",
    }),
    daily("hypotension_present", "Hypotension", "boolean"),
    daily("vasopressor_count_excl_vasopressin", "Vasopressors other than vasopressin", "integer", {
      unit: "drugs",
      range: [0, 4],
      note: "When hypotension is present: norepinephrine, epinephrine, phenylephrine, dopamine",
    }),
    daily("vasopressin_in_use", "Vasopressin in use", "boolean", { note: "When hypotension is present" }),
    daily("oxygen_delivery_device", "Oxygen delivery device", "code", { codes: scaleCodes(OXYGEN_DEVICES) }),
    daily("oxygen_flow_l_per_min", "Oxygen flow", "number", {
      unit: "L/min",
      range: [0, 80],
      showIf: { variable: "oxygen_delivery_device", notIn: ["none"] },
      note: "Nasal cannula ≤ 6 L/min is low flow (hypoxia 2), > 6 L/min high flow (hypoxia 3)",
    }),
    icePoints("ice_orientation_points", "orientation (year, month, city, hospital)", 4),
    icePoints("ice_naming_points", "naming three objects", 3),
    icePoints("ice_commands_points", "following simple commands", 1),
    icePoints("ice_writing_points", "writing a standard sentence", 1),
    icePoints("ice_attention_points", "attention (count back from 100 by 10)", 1),
    daily("level_of_consciousness", "Level of consciousness", "code", {
      codes: scaleCodes(LEVELS_OF_CONSCIOUSNESS),
    }),
    daily("seizure", "Seizure", "code", { codes: scaleCodes(SEIZURE_FINDINGS) }),
    daily("deep_focal_motor_weakness", "Deep focal motor weakness (hemiparesis, paraparesis)", "boolean"),
    daily("cerebral_edema", "Cerebral oedema or raised intracranial pressure", "code", {
      codes: scaleCodes(CEREBRAL_EDEMA_FINDINGS),
    }),
  ];
}

// ---- toxicity summary over day 0–30 (§A.6): known only after the early follow-up ----
function toxicity(id: string, label: string, type: VariableType, o: Options = {}): VariableDef {
  return variable("toxicity", id, label, type, { timePoints: ["outcome"], ...o });
}
const toxicitySummary = [
  toxicity("crs_max_grade", "Maximum CRS grade", "integer", { range: [0, 5] }),
  toxicity("crs_onset_day", "CRS onset (study day)", "integer", { unit: "day", range: [0, 30] }),
  toxicity("crs_duration_days", "CRS duration", "integer", { unit: "days", range: [0, 60] }),
  toxicity("tocilizumab_doses", "Tocilizumab doses", "integer", { range: [0, 10] }),
  toxicity("dexamethasone_cum_mg", "Cumulative dexamethasone-equivalent", "number", {
    unit: "mg",
    range: [0, 5000],
  }),
  toxicity("icans_max_grade", "Maximum ICANS grade", "integer", { range: [0, 5] }),
  toxicity("icans_onset_day", "ICANS onset (study day)", "integer", { unit: "day", range: [0, 30] }),
  toxicity("icans_duration_days", "ICANS duration", "integer", { unit: "days", range: [0, 60] }),
  toxicity("icaht_early_grade", "Early ICAHT grade (day 0–30)", "integer", { range: [0, 4] }),
  toxicity("icaht_late_grade", "Late ICAHT grade (after day 30)", "integer", { range: [0, 4] }),
  toxicity("gcsf_given", "G-CSF given", "boolean"),
  toxicity("rbc_transfusions", "Red-cell transfusions", "integer", { range: [0, 100] }),
  toxicity("platelet_transfusions", "Platelet transfusions", "integer", { range: [0, 100] }),
  toxicity("infection_max_ctcae_grade", "Worst infection (CTCAE grade)", "integer", { range: [0, 5] }),
  toxicity("infection_type", "Type of worst infection", "code", {
    codes: codes(
      ["bacterial", "Bacterial"],
      ["viral", "Viral"],
      ["fungal", "Fungal"],
      ["unknown", "Unknown"],
    ),
  }),
  toxicity("infection_day", "Worst infection (study day)", "integer", { unit: "day", range: [0, 365] }),
  toxicity("icu_admission", "ICU admission", "boolean"),
  toxicity("iec_hs", "IEC-associated HLH-like syndrome", "boolean"),
  toxicity("ivig_given", "IVIG given", "boolean"),
  toxicity("second_malignancy", "Second malignancy", "boolean"),
];

/** Up to six target lesions (Lugano 2014), LDi and SDi at baseline imaging and each CT assessment. */
function ctLesionVariables(): VariableDef[] {
  const out: VariableDef[] = [];
  for (let k = 1; k <= CT_TARGET_LESIONS; k++) {
    for (const [diameter, label] of [
      ["ldi", "longest"],
      ["sdi", "shortest"],
    ] as const) {
      out.push(
        variable(
          "response",
          ctLesionVariable(k, diameter),
          `Target lesion ${k}: ${label} diameter (CT)`,
          "number",
          {
            unit: "cm",
            range: [0, 30],
            timePoints: [CT_BASELINE_TIME_POINT, ...CT_ASSESSMENT_TIME_POINTS],
            note: "Too small to measure: 0.5 × 0.5 cm; disappeared: 0 × 0",
          },
        ),
      );
    }
  }
  return out;
}

// ---- response (§A.6, §B.4, §E.3) ----
const response = [
  variable("response", "response_d28", "Response at day +28 (Lugano)", "code", {
    codes: LUGANO_RESPONSE,
    timePoints: ["d28"],
  }),
  variable("response", "deauville_d28", "Deauville score at day +28", "code", {
    codes: DEAUVILLE,
    timePoints: ["d28"],
  }),
  variable("response", "response_d90", "Response at day +90 (Lugano)", "code", {
    codes: LUGANO_RESPONSE,
    timePoints: ["d90"],
    note: "Dead or progressed before day +90 = PMD (non-responder), not missing",
  }),
  variable("response", "deauville_d90", "Deauville score at day +90", "code", {
    codes: DEAUVILLE,
    timePoints: ["d90"],
  }),
  variable("response", "pet_uptake_change_vs_baseline", "FDG uptake change vs baseline (PET-CT)", "code", {
    codes: codes(
      ["reduced", "Reduced"],
      ["no_significant_change", "No significant change"],
      ["increased", "Increased"],
    ),
    timePoints: PET_TIME_POINTS,
  }),
  variable("response", "pet_new_fdg_avid_foci", "New FDG-avid foci consistent with lymphoma", "boolean", {
    timePoints: PET_TIME_POINTS,
    note: "New uptake scored X (unlikely lymphoma) is not a new lesion",
  }),
  variable("response", "pet_bone_marrow", "Bone marrow on PET-CT", "code", {
    codes: codes(
      ["no_fdg_avid_disease", "No FDG-avid disease"],
      ["residual_uptake_reduced_vs_baseline", "Residual uptake, reduced vs baseline"],
      ["new_or_recurrent_fdg_avid_foci", "New or recurrent FDG-avid foci"],
    ),
    timePoints: PET_TIME_POINTS,
  }),
  ...ctLesionVariables(),
  variable("response", "ct_new_lesions", "New lesions on CT", "boolean", {
    timePoints: CT_ASSESSMENT_TIME_POINTS,
  }),
  variable("response", "ct_new_node_longest_cm", "Longest diameter of the largest new node (CT)", "number", {
    unit: "cm",
    range: [0, 30],
    timePoints: CT_ASSESSMENT_TIME_POINTS,
    note: "Only when there are new lesions; a new node > 1.5 cm in any axis is progression",
  }),
  variable("response", "ct_spleen_progression", "Splenic progression (CT)", "boolean", {
    timePoints: CT_ASSESSMENT_TIME_POINTS,
    note: "> 50 % of prior enlargement beyond baseline, or ≥ 2 cm if no prior splenomegaly",
  }),
  variable("response", "ct_marrow_new_involvement", "New or recurrent marrow involvement", "boolean", {
    timePoints: CT_ASSESSMENT_TIME_POINTS,
  }),
  ...CT_ASSESSMENT_TIME_POINTS.map((timePoint) =>
    variable(
      "response",
      `ct_response_${timePoint}`,
      `CT-based response at day +${timePoint.slice(1)} (Lugano)`,
      "code",
      {
        codes: CT_RESPONSE,
        timePoints: [timePoint],
        derivation: {
          from: ["ct_lesion_1_ldi_cm", "ct_lesion_1_sdi_cm", "ct_new_lesions", "ct_spleen_progression"],
          rule: "Lugano 2014 CT-based response from up to 6 target lesions (SPD vs baseline, single-lesion PPD rule vs nadir)",
        },
      },
    ),
  ),
  variable("response", "best_overall_response", "Best overall response", "code", {
    codes: LUGANO_RESPONSE,
    timePoints: ["outcome"],
    note: "Best from infusion to the earliest of PD, new therapy or day +180",
  }),
];

// ---- events and follow-up (§A.6, §E.3) ----
const events = [
  variable("events", "progression_date", "Date of first progression/relapse", "date", {
    timePoints: ["outcome"],
  }),
  variable("events", "death_date", "Date of death", "date", { timePoints: ["outcome"] }),
  variable("events", "death_cause", "Cause of death", "code", {
    codes: codes(
      ["progression", "Lymphoma progression"],
      ["CRS", "CRS"],
      ["ICANS", "ICANS"],
      ["infection", "Infection"],
      ["IEC_HS", "IEC-HS"],
      ["ICAHT_bleeding", "ICAHT / bleeding"],
      ["second_malignancy", "Second malignancy"],
      ["cardiovascular", "Cardiovascular"],
      ["other", "Other"],
      ["unknown", "Unknown"],
    ),
    timePoints: ["outcome"],
  }),
  variable("events", "new_therapy_date", "Start of new anti-lymphoma therapy", "date", {
    timePoints: ["outcome"],
  }),
  variable("events", "consolidative_transplant", "Consolidative transplant in response", "code", {
    codes: codes(["none", "None"], ["autologous", "Autologous"], ["allogeneic", "Allogeneic"]),
    timePoints: ["outcome"],
  }),
  variable("events", "consolidative_transplant_date", "Consolidative transplant date", "date", {
    timePoints: ["outcome"],
    showIf: { variable: "consolidative_transplant", notIn: ["none"] },
  }),
  variable("events", "last_disease_assessment_date", "Last adequate disease assessment", "date", {
    timePoints: ["outcome"],
  }),
  variable("events", "last_contact_date", "Last contact (alive or date of death)", "date", {
    timePoints: ["outcome"],
  }),
];

// ---- derived (computed by the clinical scales; never entered) ----
const derived = [
  variable("derived", "ipi_points", "IPI (pre-CAR-T)", "integer", {
    range: [0, 5],
    timePoints: ["pre_ld"],
    derivation: {
      from: [
        "age_years",
        "ann_arbor_stage",
        "ldh_u_per_l",
        "ldh_uln_u_per_l",
        "ecog_ps",
        "extranodal_sites_count",
      ],
      rule: "IPI, NEJM 1993;329:987 (strict inequalities)",
    },
  }),
  variable("derived", "aaipi_points", "Age-adjusted IPI (sAAIPI at relapse)", "integer", {
    range: [0, 3],
    timePoints: ["pre_ld"],
    derivation: {
      from: ["ann_arbor_stage", "ldh_u_per_l", "ldh_uln_u_per_l", "ecog_ps"],
      rule: "aaIPI, NEJM 1993;329:987; computed for any age, flagged when age > 60",
    },
  }),
  variable("derived", "hematotox_score", "CAR-HEMATOTOX score", "integer", {
    range: [0, 7],
    timePoints: ["pre_ld"],
    derivation: {
      from: ["platelets_10e9_l", "anc_10e9_l", "hemoglobin_g_dl", "crp_mg_l", "ferritin_ng_ml"],
      rule: "CAR-HEMATOTOX, Rejeski 2021; value at a cut-off scores adverse (project convention)",
    },
  }),
  variable("derived", "easix", "EASIX", "number", {
    range: [0, 1e6],
    timePoints: ["pre_ld"],
    derivation: {
      from: ["ldh_u_per_l", "creatinine_mg_dl", "platelets_10e9_l"],
      rule: "LDH × creatinine / platelets, Luft 2017",
    },
  }),
  variable("derived", "m_easix", "Modified EASIX", "number", {
    range: [0, 1e6],
    timePoints: ["pre_ld"],
    derivation: {
      from: ["ldh_u_per_l", "crp_mg_l", "platelets_10e9_l"],
      rule: "LDH × CRP (mg/dL) / platelets, Pennisi 2021",
    },
  }),
  variable("derived", "bulky", "Bulky disease", "boolean", {
    derivation: {
      from: ["largest_lesion_cm"],
      rule: "largest lesion ≥ 7.5 cm (threshold configurable: 7.5 or 10 cm)",
    },
  }),
  variable("derived", "nrm", "Non-relapse mortality", "boolean", {
    timePoints: ["outcome"],
    derivation: { from: ["death_date", "progression_date"], rule: "death without prior progression (§E.3)" },
  }),
];

export const VARIABLES: readonly VariableDef[] = [
  ...enrolment,
  ...baseline,
  ...bridging,
  ...product,
  ...labs,
  ...ctdna,
  ...flowBlood,
  ...flowProduct,
  ...transcriptome,
  ...dailyToxicity,
  ...toxicitySummary,
  ...response,
  ...events,
  ...derived,
];

/** Event dates that must be in time order for one patient (`earlier` ≤ `later`). */
export const DATE_ORDER: readonly DateOrderRule[] = [
  { earlier: "decision_date", later: "apheresis_date" },
  { earlier: "apheresis_date", later: "ld_start_date" },
  { earlier: "ld_start_date", later: "infusion_date" },
  { earlier: "decision_date", later: "infusion_date" },
  { earlier: "apheresis_date", later: "infusion_date" },
  { earlier: "apheresis_date", later: "progression_date" },
  { earlier: "apheresis_date", later: "new_therapy_date" },
  { earlier: "infusion_date", later: "consolidative_transplant_date" },
  { earlier: "decision_date", later: "death_date" },
  { earlier: "infusion_date", later: "death_date" },
  { earlier: "progression_date", later: "death_date" },
  { earlier: "new_therapy_date", later: "death_date" },
  { earlier: "last_disease_assessment_date", later: "last_contact_date" },
  { earlier: "infusion_date", later: "last_contact_date" },
  { earlier: "progression_date", later: "last_contact_date" },
  { earlier: "decision_date", later: "last_contact_date" },
  { earlier: "death_date", later: "last_contact_date" },
];
