import { type DerivedValue, deriveScores, findVariable, type ObservationValue } from "@carta/clinical";
import { medianIqr } from "@carta/stats";
import type { Actor } from "../store/actors.js";
import { currentValuesInScope, observationKey } from "../store/observations.js";
import type { Store } from "../store/openStore.js";
import { readablePatientsWithCenter } from "../store/patients.js";
import { typedValue } from "./patientDetail.js";
import { COHORTS, type Cohort, type CohortSummary, type Table1Row } from "./types.js";

/**
 * The study at a glance: patients per centre and cohort, enrolment by month, and a "table 1" of
 * baseline characteristics split by cohort (medians with quartiles by R's default type-7 quantile;
 * percentages of patients with a known value; missing counted apart).
 */
interface Table1Spec {
  label: string;
  unit?: string | null;
  /** Value for one patient, or undefined when missing. */
  value: (
    get: (variable: string, timePoint: string) => ObservationValue | undefined,
    derived: readonly DerivedValue[],
  ) => ObservationValue | undefined;
  levels?: { code: string; label: string }[];
}

const byCode = (variable: string) =>
  findVariable(variable)!.codes!.map((c) => ({ code: c.code, label: c.label }));
const pre = (get: (v: string, tp: string) => ObservationValue | undefined, variable: string) =>
  get(variable, "pre_ld") ?? get(variable, "apheresis") ?? get(variable, "decision");

const TABLE1: Record<string, Table1Spec> = {
  age_years: { label: "Age at infusion", unit: "years", value: (g) => g("age_years", "decision") },
  sex: { label: "Sex", value: (g) => g("sex", "decision"), levels: byCode("sex") },
  ecog_ps: {
    label: "ECOG performance status (decision)",
    value: (g) => {
      const e = g("ecog_ps", "decision");
      return typeof e === "number" ? (e >= 2 ? "2+" : String(e)) : undefined;
    },
    levels: [
      { code: "0", label: "0" },
      { code: "1", label: "1" },
      { code: "2+", label: "≥ 2" },
    ],
  },
  histology: { label: "Histology", value: (g) => g("histology", "decision"), levels: byCode("histology") },
  cell_of_origin: {
    label: "Cell of origin",
    value: (g) => g("cell_of_origin", "decision"),
    levels: byCode("cell_of_origin"),
  },
  stage_3_4: {
    label: "Ann Arbor stage III–IV",
    value: (g) => {
      const s = g("ann_arbor_stage", "decision");
      return typeof s === "number" ? (s >= 3 ? "yes" : "no") : undefined;
    },
    levels: [
      { code: "yes", label: "Stage III–IV" },
      { code: "no", label: "Stage I–II" },
    ],
  },
  ldh_x_uln: {
    label: "LDH × ULN (decision)",
    unit: "× ULN",
    value: (g) => {
      const ldh = g("ldh_u_per_l", "decision");
      const uln = g("ldh_uln_u_per_l", "decision");
      return typeof ldh === "number" && typeof uln === "number" ? ldh / uln : undefined;
    },
  },
  mtv_ml: { label: "Metabolic tumour volume", unit: "mL", value: (g) => pre(g, "mtv_ml") },
  disease_status_1l: {
    label: "Disease status after first line",
    value: (g) => g("disease_status_1l", "decision"),
    levels: byCode("disease_status_1l"),
  },
  prior_lines_count: {
    label: "Prior lines of therapy",
    unit: null,
    value: (g) => g("prior_lines_count", "decision"),
  },
  product: { label: "CAR-T product", value: (g) => g("product", "apheresis"), levels: byCode("product") },
  bridging_type: {
    label: "Bridging therapy",
    value: (g) => g("bridging_type", "bridging"),
    levels: byCode("bridging_type"),
  },
  crp_mg_l: { label: "CRP (pre-LD)", unit: "mg/L", value: (g) => g("crp_mg_l", "pre_ld") },
  ferritin_ng_ml: { label: "Ferritin (pre-LD)", unit: "ng/mL", value: (g) => g("ferritin_ng_ml", "pre_ld") },
  ctdna_log10_hge_per_ml: {
    label: "ctDNA (pre-LD)",
    unit: "log10 hGE/mL",
    value: (g) => g("ctdna_log10_hge_per_ml", "pre_ld"),
  },
  ipi_group: {
    label: "IPI (pre-CAR-T)",
    value: (_g, derived) => {
      const ipi = derived.find((d) => d.variable === "ipi_points")?.value;
      if (typeof ipi !== "number") return undefined;
      return ipi <= 1 ? "low" : ipi === 2 ? "low_intermediate" : ipi === 3 ? "high_intermediate" : "high";
    },
    levels: [
      { code: "low", label: "Low (0–1)" },
      { code: "low_intermediate", label: "Low-intermediate (2)" },
      { code: "high_intermediate", label: "High-intermediate (3)" },
      { code: "high", label: "High (4–5)" },
    ],
  },
  hematotox_risk: {
    label: "CAR-HEMATOTOX",
    value: (_g, derived) => {
      const score = derived.find((d) => d.variable === "hematotox_score")?.value;
      return typeof score === "number" ? (score >= 2 ? "high" : "low") : undefined;
    },
    levels: [
      { code: "low", label: "Low (0–1)" },
      { code: "high", label: "High (≥ 2)" },
    ],
  },
};

const NEEDED = [
  "decision_date",
  "infusion_date",
  "age_years",
  "sex",
  "ecog_ps",
  "histology",
  "cell_of_origin",
  "ann_arbor_stage",
  "ldh_u_per_l",
  "ldh_uln_u_per_l",
  "mtv_ml",
  "disease_status_1l",
  "prior_lines_count",
  "product",
  "bridging_type",
  "crp_mg_l",
  "ferritin_ng_ml",
  "ctdna_log10_hge_per_ml",
  "extranodal_sites_count",
  "platelets_10e9_l",
  "anc_10e9_l",
  "hemoglobin_g_dl",
  "creatinine_mg_dl",
  "largest_lesion_cm",
];

function emptyCounts(): Record<Cohort, number> {
  return { "2L": 0, "3L+": 0 };
}

export async function cohortSummary(store: Store, actor: Actor): Promise<CohortSummary> {
  const patients = await readablePatientsWithCenter(store, actor).orderBy("patients.center_id").execute();
  const current = await currentValuesInScope(
    store.db,
    actor,
    // table 1 describes patients before infusion: baseline, bridging, pre-LD and the infusion date
    { variables: NEEDED, timePoints: ["decision", "apheresis", "bridging", "pre_ld", "d0"] },
  );
  const typed = new Map<string, ObservationValue>();
  for (const [key, c] of current) {
    if (c.value !== null) typed.set(key, typedValue(findVariable(c.variable)!, c.value));
  }

  const cohorts = {
    "2L": { patients: 0, infused: 0, consentWithdrawn: 0, centers: 0 },
    "3L+": { patients: 0, infused: 0, consentWithdrawn: 0, centers: 0 },
  };
  const centersByCohort: Record<Cohort, Set<string>> = { "2L": new Set(), "3L+": new Set() };
  const byCenter = new Map<string, { center: string; name: string; counts: Record<Cohort, number> }>();
  const enrolment = new Map<string, Record<Cohort, number>>();
  const perCohortValues = new Map<string, Record<Cohort, ObservationValue[]>>();
  const missing = new Map<string, Record<Cohort, number>>();
  for (const key of Object.keys(TABLE1)) {
    perCohortValues.set(key, { "2L": [], "3L+": [] });
    missing.set(key, emptyCounts());
  }

  for (const p of patients) {
    const cohort = p.cohort as Cohort;
    const get = (variable: string, timePoint: string) => typed.get(observationKey(p.id, timePoint, variable));
    const c = cohorts[cohort];
    c.patients++;
    if (get("infusion_date", "d0") !== undefined) c.infused++;
    if (p.consent === "withdrawn") c.consentWithdrawn++;
    centersByCohort[cohort].add(p.center_id);
    let centre = byCenter.get(p.center_id);
    if (!centre)
      byCenter.set(
        p.center_id,
        (centre = { center: p.center_id, name: p.center_name, counts: emptyCounts() }),
      );
    centre.counts[cohort]++;
    const decision = get("decision_date", "decision");
    if (typeof decision === "string") {
      const month = decision.slice(0, 7);
      let m = enrolment.get(month);
      if (!m) enrolment.set(month, (m = emptyCounts()));
      m[cohort]++;
    }
    // the pre-CAR-T scores are derived once per patient and shared by the rows that need them
    const derived = deriveScores(get);
    for (const [key, spec] of Object.entries(TABLE1)) {
      const v = spec.value(get, derived);
      if (v === undefined) missing.get(key)![cohort]++;
      else perCohortValues.get(key)![cohort].push(v);
    }
  }
  for (const cohort of COHORTS) cohorts[cohort].centers = centersByCohort[cohort].size;

  const table1: Table1Row[] = Object.entries(TABLE1).map(([key, spec]) => {
    const values = perCohortValues.get(key)!;
    const miss = missing.get(key)!;
    if (!spec.levels) {
      const stats = {} as Record<
        Cohort,
        { n: number; missing: number; median: number | null; q1: number | null; q3: number | null }
      >;
      for (const cohort of COHORTS) {
        const s = medianIqr(values[cohort] as number[]);
        stats[cohort] = {
          n: s?.n ?? 0,
          missing: miss[cohort],
          median: s?.median ?? null,
          q1: s?.q1 ?? null,
          q3: s?.q3 ?? null,
        };
      }
      return { variable: key, label: spec.label, unit: spec.unit ?? null, kind: "continuous", stats };
    }
    return {
      variable: key,
      label: spec.label,
      unit: null,
      kind: "categorical",
      levels: spec.levels.map((level) => {
        const counts = {} as Record<Cohort, { n: number; pct: number }>;
        for (const cohort of COHORTS) {
          const known = values[cohort].length;
          const n = values[cohort].filter((v) => String(v) === level.code).length;
          counts[cohort] = { n, pct: known ? (100 * n) / known : 0 };
        }
        return { code: level.code, label: level.label, counts };
      }),
      missing: miss,
    };
  });

  const syntheticPatients = patients.filter((p) => p.synthetic === 1).length;
  return {
    centers: byCenter.size,
    allSynthetic: patients.length > 0 && syntheticPatients === patients.length,
    syntheticPatients,
    cohorts,
    byCenter: [...byCenter.values()],
    enrolment: [...enrolment.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, counts]) => ({ month, counts })),
    table1,
  };
}
