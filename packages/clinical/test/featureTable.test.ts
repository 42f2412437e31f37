import { describe, expect, it } from "vitest";
import {
  admissibleAt,
  buildFeatureTable,
  DERIVED_SCORES,
  type FeaturePatient,
  type FeatureSpec,
  FeatureSpecError,
  type FeatureTable,
  featureTableCsv,
  findVariable,
  isKnownAt,
  LANDMARK_LAST_TIME_POINT,
  latestAdmissibleTimePoint,
  type ObservationValue,
  PREDICTION_LANDMARKS,
  type PredictionLandmark,
  readFeatureSpec,
  STUDY_DICTIONARY,
  TIME_POINTS,
  timePointOrder,
  validateFeatureSpec,
} from "../src/index.js";

/** Infusion on 2024-01-10 (day 0); `day(n)` is the date n days after it. */
const INFUSION = "2024-01-10";
function day(n: number): string {
  return new Date(Date.parse(`${INFUSION}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

type Values = Record<string, ObservationValue | null>;

/** A patient from `variable@time_point` keys; infused, with follow-up to day 400 unless overridden. */
function patient(id: string, values: Values, extra: Partial<FeaturePatient> = {}): FeaturePatient {
  const all: Record<string, ObservationValue | null> = {
    "decision_date@decision": day(-50),
    "apheresis_date@apheresis": day(-35),
    "infusion_date@d0": INFUSION,
    "last_disease_assessment_date@outcome": day(400),
    "last_contact_date@outcome": day(400),
    ...values,
  };
  for (const [key, value] of Object.entries(values)) if (value === null) delete all[key];
  return {
    id,
    cohort: "2L",
    center: "C01",
    get: (variable, timePoint) => all[`${variable}@${timePoint}`] ?? undefined,
    ...extra,
  };
}

const column = (t: FeatureTable, name: string) => {
  const j = t.columns.findIndex((c) => c.name === name);
  if (j < 0) throw new Error(`no column ${name}`);
  return { meta: t.columns[j]!, values: t.rows.map((r) => r.values[j]) };
};

const refused = (spec: FeatureSpec): readonly string[] => {
  const check = validateFeatureSpec(spec);
  if (check.ok) throw new Error(`spec accepted: ${JSON.stringify(spec)}`);
  return check.errors;
};

const FEATURE_TYPES = new Set(["number", "integer", "boolean", "code"]);
const VARIABLES = STUDY_DICTIONARY.variables;
const ordinaryVariables = VARIABLES.filter(
  (v) => FEATURE_TYPES.has(v.type) && !DERIVED_SCORES.some((d) => d.id === v.id),
);

describe("landmarks and admissible time points", () => {
  it("the explicit landmark → last time point mapping is the dictionary's isKnownAt", () => {
    for (const landmark of PREDICTION_LANDMARKS) {
      for (const v of VARIABLES) {
        for (const tp of v.timePoints) {
          expect(admissibleAt(v, tp, landmark), `${v.id}@${tp} at ${landmark}`).toBe(
            isKnownAt(v, tp, landmark),
          );
        }
      }
      // the last admissible time point is known at the landmark, the next one in study order is not
      const last = timePointOrder(LANDMARK_LAST_TIME_POINT[landmark]);
      const landmarks = TIME_POINTS.map((t) => t.landmark);
      expect(landmarks[last]).toBe(landmark);
      expect(landmarks[last + 1]).not.toBe(landmark);
    }
  });

  it("a variable at several time points is read at the latest one admissible at the landmark", () => {
    const ldh = findVariable("ldh_u_per_l")!;
    expect(PREDICTION_LANDMARKS.map((l) => latestAdmissibleTimePoint(ldh, l))).toEqual([
      "decision",
      "pre_ld",
      "d0",
      "d7",
      "d28",
    ]);
    // the product is chosen at the decision though written at leukapheresis (its declared landmark)
    expect(latestAdmissibleTimePoint(findVariable("product")!, "decision")).toBe("apheresis");
    expect(latestAdmissibleTimePoint(findVariable("ctdna_log10_hge_per_ml")!, "infusion")).toBe("pre_ld");
    expect(latestAdmissibleTimePoint(findVariable("anc_10e9_l")!, "day7")).toBe("d7");
  });
});

describe("the landmark rule refuses leaking specs", () => {
  it("at every landmark, every variable known only later is refused by name; every other is accepted", () => {
    for (const landmark of PREDICTION_LANDMARKS) {
      for (const v of ordinaryVariables) {
        const check = validateFeatureSpec({ landmark, variables: [v.id] });
        if (v.timePoints.some((tp) => isKnownAt(v, tp, landmark))) {
          expect(check.ok, `${v.id} at ${landmark}`).toBe(true);
        } else {
          expect(check.ok, `${v.id} at ${landmark}`).toBe(false);
          const [error] = (check as { errors: string[] }).errors;
          expect(error).toMatch(new RegExp(`^${v.id} is recorded at .*after the landmark "${landmark}"$`));
        }
      }
    }
  });

  it("names the variable, where it is recorded and the landmark", () => {
    expect(refused({ landmark: "infusion", variables: ["crs_max_grade"] })).toEqual([
      'crs_max_grade is recorded at outcome (Outcomes and events), after the landmark "infusion"',
    ]);
    const nextLandmark: [PredictionLandmark, string, string][] = [
      [
        "decision",
        "crp_mg_l",
        'crp_mg_l is recorded at apheresis (Leukapheresis) at the earliest, known from the landmark "lymphodepletion", after the landmark "decision"',
      ],
      [
        "lymphodepletion",
        "product_naive_like_cd8_pct",
        'product_naive_like_cd8_pct is recorded at d0 (Day 0 (infusion)), known from the landmark "infusion", after the landmark "lymphodepletion"',
      ],
      [
        "infusion",
        "car_t_per_ul",
        'car_t_per_ul is recorded at d7 (Day +7) at the earliest, known from the landmark "day7", after the landmark "infusion"',
      ],
      [
        "day7",
        "response_d28",
        'response_d28 is recorded at d28 (Day +28), known from the landmark "day28", after the landmark "day7"',
      ],
      ["day28", "response_d90", 'response_d90 is recorded at d90 (Day +90), after the landmark "day28"'],
    ];
    for (const [landmark, variable, message] of nextLandmark) {
      expect(refused({ landmark, variables: [variable] })).toEqual([message]);
    }
  });

  it("refuses a given time point after the landmark, a derived score from later inputs, and lists every problem", () => {
    expect(
      refused({
        landmark: "lymphodepletion",
        variables: ["ctdna_log10_hge_per_ml@d7", "ldh_u_per_l@d5", "no_such_variable", "decision_date"],
        modalities: ["flow_product", "genome"],
        derived: ["nrm", "ipi"],
        endpoint: "pfs_at_5y" as never,
      }),
    ).toEqual([
      'endpoint "pfs_at_5y" is not one of cr_day90, crs_grade3, icans_grade3, pfs_event_by_6m, pfs_event_by_12m, pfs, os, relapse_vs_nrm',
      'ctdna_log10_hge_per_ml at d7 (Day +7) is known from the landmark "day7", after the landmark "lymphodepletion"',
      'ldh_u_per_l is not collected at "d5" (only decision, apheresis, pre_ld, d0, d3, d7, d14, d28, d90, d180, d365)',
      'variable "no_such_variable" is not in the study dictionary',
      "decision_date is a date, not a feature (dates place a patient in calendar time; the endpoint carries the times)",
      'flow_product has no variable known at the landmark "lymphodepletion" (its first values are recorded at d0 (Day 0 (infusion)))',
      expect.stringMatching(
        /^"genome" is neither a modality \(clinical, ctdna, flow_blood, flow_product, transcriptome\) nor a dictionary form/,
      ),
      'derived score "nrm" is not one of ipi, aaipi, hematotox, easix, m_easix, bulky',
    ]);
    expect(refused({ landmark: "decision", derived: ["hematotox"] })).toEqual([
      'hematotox_score is computed from platelets_10e9_l, recorded at apheresis (Leukapheresis) at the earliest, known from the landmark "lymphodepletion", after the landmark "decision"',
    ]);
    expect(refused({ landmark: "day28", variables: ["nrm"] })).toEqual([
      'nrm is recorded at outcome (Outcomes and events), after the landmark "day28"',
    ]);
    expect(refused({ landmark: "followup" as PredictionLandmark })).toEqual([
      'landmark "followup" is not one of decision, lymphodepletion, infusion, day7, day28',
    ]);
    expect(() => buildFeatureTable([], { landmark: "infusion", variables: ["response_d28"] })).toThrow(
      FeatureSpecError,
    );
  });

  it("a whole modality brings only its members known at the landmark", () => {
    const check = validateFeatureSpec({ landmark: "lymphodepletion", modalities: ["ctdna", "flow_blood"] });
    if (!check.ok) throw new Error(check.errors.join("; "));
    expect(new Set(check.features.map((f) => f.modality))).toEqual(new Set(["ctdna", "flow_blood"]));
    expect(check.features.every((f) => f.timePoint === "pre_ld")).toBe(true);
    expect(check.features.map((f) => f.name)).not.toContain("car_t_per_ul");
    for (const landmark of PREDICTION_LANDMARKS) {
      const all = validateFeatureSpec({ landmark });
      if (!all.ok) throw new Error(all.errors.join("; "));
      for (const f of all.features) {
        if (f.derivation !== null) continue;
        expect(isKnownAt(findVariable(f.variable)!, f.timePoint, landmark), `${f.name} at ${landmark}`).toBe(
          true,
        );
      }
    }
  });
});

describe("feature values", () => {
  const p1 = patient("P1", {
    "age_years@decision": 65,
    "sex@decision": "F",
    "ann_arbor_stage@decision": 3,
    "ann_arbor_stage@pre_ld": 4,
    "ecog_ps@decision": 0,
    "ecog_ps@pre_ld": 2,
    "extranodal_sites_count@decision": 2,
    "extranodal_sites_count@pre_ld": 2,
    "ldh_u_per_l@decision": 200,
    "ldh_uln_u_per_l@decision": 250,
    "ldh_u_per_l@apheresis": 300,
    "ldh_uln_u_per_l@apheresis": 250,
    "ldh_u_per_l@pre_ld": 400,
    "ldh_uln_u_per_l@pre_ld": 250,
    "ldh_u_per_l@d7": 900,
    "product@apheresis": "axi_cel",
    "prior_asct@decision": true,
    "platelets_10e9_l@pre_ld": 150,
    "anc_10e9_l@pre_ld": 2,
    "hemoglobin_g_dl@pre_ld": 10,
    "crp_mg_l@pre_ld": 40,
    "ferritin_ng_ml@pre_ld": 800,
    "creatinine_mg_dl@pre_ld": 0.9,
    "ctdna_log10_hge_per_ml@pre_ld": 2.5,
    "largest_lesion_cm@decision": 8,
  });
  // LDH only at leukapheresis: missing at pre-LD, and not carried forward into the pre-LD column
  const p2 = patient("P2", {
    "ldh_u_per_l@apheresis": 310,
    "sex@decision": "M",
    "prior_asct@decision": false,
  });

  it("reads each column at its time point, never a later one; missing stays null", () => {
    const spec: FeatureSpec = {
      landmark: "lymphodepletion",
      variables: [
        "ldh_u_per_l",
        "ldh_u_per_l@apheresis",
        "sex",
        "prior_asct",
        "product",
        "ctdna_log10_hge_per_ml",
      ],
    };
    const t = buildFeatureTable([p1, p2], spec);
    expect(t.columns.map((c) => [c.name, c.variable, c.timePoint, c.type, c.modality])).toEqual([
      ["sex", "sex", "decision", "categorical", "clinical"],
      ["prior_asct", "prior_asct", "decision", "binary", "clinical"],
      ["product", "product", "apheresis", "categorical", "clinical"],
      ["ldh_u_per_l_at_apheresis", "ldh_u_per_l", "apheresis", "numeric", "clinical"],
      ["ldh_u_per_l", "ldh_u_per_l", "pre_ld", "numeric", "clinical"],
      ["ctdna_log10_hge_per_ml", "ctdna_log10_hge_per_ml", "pre_ld", "numeric", "ctdna"],
    ]);
    expect(column(t, "sex").meta.levels).toEqual(["F", "M"]);
    expect(column(t, "product").meta.levels).toEqual(["axi_cel", "liso_cel", "tisa_cel"]);
    expect(column(t, "ldh_u_per_l").values).toEqual([400, null]);
    expect(column(t, "ldh_u_per_l").meta.missing).toBe(1);
    expect(column(t, "ldh_u_per_l_at_apheresis").values).toEqual([300, 310]);
    expect(column(t, "prior_asct").values).toEqual([1, 0]);
    expect(column(t, "sex").values).toEqual(["F", "M"]);
    expect(column(t, "product").values).toEqual(["axi_cel", null]);
    expect(column(t, "ctdna_log10_hge_per_ml").values).toEqual([2.5, null]);
    expect(t.lastTimePoint).toBe("pre_ld");
    // the day-7 LDH of 900 is in the day-7 table only
    expect(t.rows.flatMap((r) => r.values)).not.toContain(900);
    expect(
      column(buildFeatureTable([p1], { landmark: "day7", variables: ["ldh_u_per_l"] }), "ldh_u_per_l").values,
    ).toEqual([900]);
    expect(featureTableCsv(t)).toBe(
      "patient_id,cohort,center,sex,prior_asct,product,ldh_u_per_l_at_apheresis,ldh_u_per_l,ctdna_log10_hge_per_ml\n" +
        "P1,2L,C01,F,1,axi_cel,300,400,2.5\n" +
        "P2,2L,C01,M,0,,310,,\n",
    );
  });

  it("derived scores are computed from the values admissible at the landmark", () => {
    const ld = buildFeatureTable([p1, p2], {
      landmark: "lymphodepletion",
      derived: ["ipi", "aaipi", "hematotox", "easix", "m_easix", "bulky"],
    });
    expect(ld.columns.map((c) => [c.name, c.timePoint, c.type])).toEqual([
      ["ipi_points", "pre_ld", "numeric"],
      ["aaipi_points", "pre_ld", "numeric"],
      ["hematotox_score", "pre_ld", "numeric"],
      ["easix", "pre_ld", "numeric"],
      ["m_easix", "pre_ld", "numeric"],
      ["bulky", "decision", "binary"],
    ]);
    // pre-LD: age > 60, stage 4, LDH 400 > 250, ECOG 2, 2 extranodal sites: IPI 5, aaIPI 3
    expect(ld.rows[0]!.values.slice(0, 2)).toEqual([5, 3]);
    expect(ld.rows[0]!.values[3]).toBeCloseTo((400 * 0.9) / 150, 12);
    expect(ld.rows[0]!.values[4]).toBeCloseTo((400 * 4) / 150, 12);
    expect(ld.rows[0]!.values[5]).toBe(1);
    expect(typeof ld.rows[0]!.values[2]).toBe("number");
    // nothing recorded for P2's scores: null, never 0
    expect(ld.rows[1]!.values).toEqual([null, null, null, null, null, null]);
    expect(ld.columns[0]!.derivation).toMatch(/NEJM 1993/);

    // at the decision the IPI reads the decision visit: ECOG 0, LDH 200 ≤ 250 → IPI 3 (age, stage, extranodal)
    const decision = buildFeatureTable([p1], { landmark: "decision", derived: ["ipi", "aaipi"] });
    expect(decision.columns.map((c) => c.timePoint)).toEqual(["decision", "decision"]);
    expect(decision.rows[0]!.values).toEqual([3, 1]);
  });

  it("with nothing named, the table holds everything known at the landmark, scores included", () => {
    const t = buildFeatureTable([p1], { landmark: "decision" });
    const names = t.columns.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(["age_years", "ldh_u_per_l", "product", "ipi_points", "aaipi_points", "bulky"]),
    );
    expect(names).not.toContain("hematotox_score");
    expect(names).not.toContain("crp_mg_l");
    expect(t.columns.every((c) => c.timePoint === "decision" || c.name === "product")).toBe(true);
    const infusion = buildFeatureTable([p1], { landmark: "infusion" });
    expect(new Set(infusion.columns.map((c) => c.modality))).toEqual(
      new Set(["clinical", "ctdna", "flow_blood", "flow_product", "transcriptome"]),
    );
  });
});

describe("the endpoint counts from the landmark", () => {
  const progressed20 = patient("PROG20", { "progression_date@outcome": day(20) });
  const lost5 = patient("LOST5", {
    "last_contact_date@outcome": day(5),
    "last_disease_assessment_date@outcome": day(5),
  });
  const censored100 = patient("CENS100", {
    "last_contact_date@outcome": day(100),
    "last_disease_assessment_date@outcome": day(100),
  });
  const progressed150 = patient("PROG150", { "progression_date@outcome": day(150) });
  const progressed300 = patient("PROG300", { "progression_date@outcome": day(300) });
  const nrm40 = patient("NRM40", {
    "death_date@outcome": day(40),
    "death_cause@outcome": "infection",
    "last_contact_date@outcome": day(40),
    "last_disease_assessment_date@outcome": day(30),
  });
  const notInfused = patient("NOTINF", {
    "infusion_date@d0": null,
    "last_contact_date@outcome": day(-10),
    "last_disease_assessment_date@outcome": null,
  });
  const withdrawn = patient("WD", {}, { consent: "withdrawn" });
  const all = [progressed20, lost5, censored100, progressed150, progressed300, nrm40, notInfused, withdrawn];

  const table = (landmark: PredictionLandmark, endpoint: FeatureSpec["endpoint"]) =>
    buildFeatureTable(all, { landmark, variables: ["age_years"], endpoint });

  it("PFS: an event or censoring before the landmark leaves the patient out, counted; time from the landmark", () => {
    const lymphodepletion = table("lymphodepletion", "pfs");
    expect(lymphodepletion.rows.map((r) => r.patientId)).toEqual([
      "PROG20",
      "LOST5",
      "CENS100",
      "PROG150",
      "PROG300",
      "NRM40",
    ]);
    expect(lymphodepletion.rows[0]!.outcome).toMatchObject({
      kind: "time_to_event",
      timeDays: 20,
      status: 1,
    });
    expect(lymphodepletion.endpoint).toMatchObject({ id: "pfs", landmarkDay: 0 });

    const day28 = table("day28", "pfs");
    expect(day28.rows.map((r) => [r.patientId, (r.outcome as { timeDays: number }).timeDays])).toEqual([
      ["CENS100", 72],
      ["PROG150", 122],
      ["PROG300", 272],
      ["NRM40", 12],
    ]);
    expect(day28.rows[0]!.outcome!.reason).toContain("time from landmark day 28");
    expect(day28.excluded.map((e) => [e.patientId, e.rule])).toEqual([
      ["PROG20", "event_before_landmark"],
      ["LOST5", "censored_before_landmark"],
      ["NOTINF", "not_infused"],
      ["WD", "consent_withdrawn"],
    ]);
    expect(day28.counts).toEqual({
      patients: 8,
      rows: 4,
      excluded: {
        consent_withdrawn: 1,
        not_infused: 1,
        event_before_landmark: 1,
        censored_before_landmark: 1,
        censored_before_horizon: 0,
      },
      endpointMissing: 0,
    });
    expect(day28.counts.rows + day28.excluded.length).toBe(day28.counts.patients);
  });

  it("relapse vs NRM carries status 0/1/2 from the landmark", () => {
    const t = table("day28", "relapse_vs_nrm");
    const nrm = t.rows.find((r) => r.patientId === "NRM40")!.outcome;
    expect(nrm).toMatchObject({ kind: "competing_risks", timeDays: 12, status: 2 });
    expect(t.rows.find((r) => r.patientId === "PROG150")!.outcome).toMatchObject({
      status: 1,
      timeDays: 122,
    });
    expect(t.rows.find((r) => r.patientId === "CENS100")!.outcome).toMatchObject({ status: 0 });
    expect(featureTableCsv(t).split("\n")[0]).toBe(
      "patient_id,cohort,center,age_years,relapse_vs_nrm_time_months,relapse_vs_nrm_status",
    );
  });

  it("progression or death by 6 months: censored before the horizon is left out and counted", () => {
    const t = table("day7", "pfs_event_by_6m");
    const events = Object.fromEntries(
      t.rows.map((r) => [r.patientId, (r.outcome as { event: number }).event]),
    );
    // from day 7: progression on day 150 is day 143 ≤ 183 → 1; day 300 is day 293 → 0; NRM day 40 → 1
    expect(events).toEqual({ PROG20: 1, PROG150: 1, PROG300: 0, NRM40: 1 });
    expect(t.counts.excluded).toMatchObject({ censored_before_horizon: 1, censored_before_landmark: 1 });
    expect(t.excluded.find((e) => e.patientId === "CENS100")!.reason).toMatch(
      /^censored 93 days after the landmark, before the 6-month horizon \(day 183\)/,
    );
    const twelve = table("day7", "pfs_event_by_12m");
    expect(twelve.rows.map((r) => r.patientId)).toEqual(["PROG20", "PROG150", "PROG300", "NRM40"]);
    expect(twelve.rows.map((r) => (r.outcome as { event: number }).event)).toEqual([1, 1, 1, 1]);
    expect(featureTableCsv(twelve).split("\n")[1]).toBe("PROG20,2L,C01,,1");
  });

  it("complete response at day 90: progression before a post-infusion landmark leaves the patient out", () => {
    const cmr = patient("CMR", { "response_d90@d90": "CMR" });
    const pmr = patient("PMR", { "response_d90@d90": "PMR" });
    const unknown = patient("UNK", {});
    const early = patient("EARLY", { "progression_date@outcome": day(20) });
    const at = (landmark: PredictionLandmark) =>
      buildFeatureTable([cmr, pmr, unknown, early], {
        landmark,
        variables: ["age_years"],
        endpoint: "cr_day90",
      });
    const infusion = at("infusion");
    expect(infusion.rows.map((r) => [r.patientId, (r.outcome as { event: number | null }).event])).toEqual([
      ["CMR", 1],
      ["PMR", 0],
      ["UNK", null],
      ["EARLY", 0],
    ]);
    expect(infusion.counts.endpointMissing).toBe(1);
    const day28 = at("day28");
    expect(day28.rows.map((r) => r.patientId)).toEqual(["CMR", "PMR", "UNK"]);
    expect(day28.excluded).toEqual([
      expect.objectContaining({
        patientId: "EARLY",
        rule: "event_before_landmark",
        reason: `progression on ${day(20)} (day 20) before the landmark day 28`,
      }),
    ]);
  });

  it("grade ≥ 3 CRS: a grade ≥ 3 on or before the landmark day is known there and leaves the patient out", () => {
    const grades = (id: string, byDay: number[], max = Math.max(...byDay)) => {
      const values: Values = { "crs_max_grade@outcome": max };
      for (const [d, g] of byDay.entries()) values[`crs_grade@d${d}`] = g;
      return patient(id, values);
    };
    const day7 = grades("G3D7", [0, 1, 2, 2, 2, 2, 2, 3, 1, 0]);
    const day9 = grades("G3D9", [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 1]);
    const day0 = grades("G4D0", [4, 2, 1, 0]);
    const mild = grades("MILD", [0, 1, 2, 1, 0]);
    const summaryOnly = patient("SUMMARY", { "crs_max_grade@outcome": 3, "crs_onset_day@outcome": 4 });
    const lateOnset = patient("LATE", { "crs_max_grade@outcome": 3, "crs_onset_day@outcome": 9 });
    const at = (landmark: PredictionLandmark) =>
      buildFeatureTable([day7, day9, day0, mild, summaryOnly, lateOnset], {
        landmark,
        variables: ["age_years"],
        endpoint: "crs_grade3",
      });
    const events = (t: FeatureTable) =>
      t.rows.map((r) => [r.patientId, (r.outcome as { event: number | null }).event]);
    expect(events(at("lymphodepletion"))).toEqual([
      ["G3D7", 1],
      ["G3D9", 1],
      ["G4D0", 1],
      ["MILD", 0],
      ["SUMMARY", 1],
      ["LATE", 1],
    ]);
    // the day-0 grade is known at the infusion landmark
    const infusion = at("infusion");
    expect(events(infusion)).toEqual([
      ["G3D7", 1],
      ["G3D9", 1],
      ["MILD", 0],
      ["SUMMARY", 1],
      ["LATE", 1],
    ]);
    expect(infusion.excluded).toEqual([
      expect.objectContaining({
        patientId: "G4D0",
        rule: "event_before_landmark",
        reason: "CRS grade 4 on day 0, on or before the landmark day 0",
      }),
    ]);
    const atDay7 = at("day7");
    // without daily grades a grade 3 with onset on day 4 cannot be placed against day 7; onset on day 9 can
    expect(events(atDay7)).toEqual([
      ["G3D9", 1],
      ["MILD", 0],
      ["SUMMARY", null],
      ["LATE", 1],
    ]);
    expect(atDay7.excluded.map((e) => [e.patientId, e.rule, e.reason])).toEqual([
      ["G3D7", "event_before_landmark", "CRS grade 3 on day 7, on or before the landmark day 7"],
      ["G4D0", "event_before_landmark", "CRS grade 4 on day 0, on or before the landmark day 7"],
    ]);
    expect(atDay7.counts.endpointMissing).toBe(1);
  });
});

describe("spec files", () => {
  it("need format and version and refuse unknown fields by name", () => {
    const spec = readFeatureSpec({
      format: "carta.feature-spec",
      version: 1,
      landmark: "day7",
      modalities: ["ctdna"],
      endpoint: "os",
    });
    expect(spec).toEqual({ landmark: "day7", modalities: ["ctdna"], endpoint: "os" });
    expect(() => readFeatureSpec({ landmark: "day7", variable: ["x"], derived: "ipi" }, "spec.json")).toThrow(
      'feature spec refused: spec.json: format must be "carta.feature-spec", got undefined; spec.json: version must be 1, got undefined; spec.json: unknown field "variable"; spec.json: derived must be a list of strings',
    );
  });
});
