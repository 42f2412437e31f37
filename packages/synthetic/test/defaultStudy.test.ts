import { checkValue, findVariable, icahtEarly, STUDY_DICTIONARY } from "@carta/clinical";
import { beforeAll, describe, expect, it } from "vitest";
import { daysFromIso } from "../src/calendar.js";
import { generateSyntheticStudy, type SyntheticStudy } from "../src/index.js";
import { STRUCTURE } from "../src/parameters.js";
import { daily, day, indexStudy, infused, num, type PatientView, value } from "./studyView.js";

let study: SyntheticStudy;
let patients: PatientView[];
beforeAll(() => {
  study = generateSyntheticStudy();
  patients = indexStudy(study);
});

/** Runs `check` on every patient and reports the first few failures by id. */
function everyPatient(filter: (p: PatientView) => boolean, check: (p: PatientView) => string | null): void {
  const failures: string[] = [];
  for (const p of patients.filter(filter)) {
    const problem = check(p);
    if (problem) failures.push(`${p.id}: ${problem}`);
  }
  expect(failures.slice(0, 5)).toEqual([]);
}

describe("default study: structure", () => {
  it("has 600 3L+ and 340 2L patients in 25 centres with pseudonymous synthetic ids", () => {
    expect(study.format).toBe("carta.synthetic-study");
    expect(study.version).toBe(1);
    expect(study.seed).toBe(20260101);
    expect(study.patients.filter((p) => p.cohort === "3L+")).toHaveLength(600);
    expect(study.patients.filter((p) => p.cohort === "2L")).toHaveLength(340);
    expect(study.centers.map((c) => c.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => `C${String(i + 1).padStart(2, "0")}`),
    );
    expect(study.centers[6]!.name).toBe("Demo centre 07 (synthetic)");
    const ids = new Set(study.patients.map((p) => p.id));
    expect(ids.size).toBe(940);
    for (const p of study.patients) {
      expect(p.id).toMatch(/^SYN-C\d{2}-\d{4}$/);
      expect(p.id.slice(4, 7)).toBe(p.center);
      expect(p.synthetic).toBe(true);
    }
    const withdrawn = study.patients.filter((p) => p.consent === "withdrawn").length;
    expect(withdrawn).toBeGreaterThan(0);
    expect(withdrawn).toBeLessThan(30);
  });

  it("sizes centres by Zipf rank, in the same order in both cohorts, with per-centre LDH ULN", () => {
    const centers = [...study.parameters.centers].sort((a, b) => a.sizeRank - b.sizeRank);
    for (const cohort of ["3L+", "2L"] as const) {
      const sizes = centers.map((c) => c.patients[cohort]);
      for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
      expect(sizes[0]! / sizes[9]!).toBeGreaterThan(8);
      for (const c of centers) {
        expect(study.patients.filter((p) => p.center === c.id && p.cohort === cohort)).toHaveLength(
          c.patients[cohort],
        );
      }
    }
    for (const c of study.centers) expect(STRUCTURE.ldhUlnChoicesUPerL).toContain(c.ldhUlnUPerL);
    const uln = new Map(study.centers.map((c) => [c.id, c.ldhUlnUPerL]));
    for (const o of study.observations) {
      if (o.variable === "ldh_uln_u_per_l") expect(o.value).toBe(uln.get(o.patientId.slice(4, 7)));
    }
  });

  it("stores every generating parameter", () => {
    const p = study.parameters;
    expect(p.options).toEqual({
      nThirdLinePlus: 600,
      nSecondLine: 340,
      nCenters: 25,
      dataCutoff: "2026-10-31",
    });
    expect(p.pfs.k).toBeGreaterThan(0);
    expect(p.pfs.hazardRatios.secondLine).toBeGreaterThan(0);
    expect(p.copula.correlations).toHaveLength(23);
    expect(p.centers).toHaveLength(25);
    expect(p.tuning.note.length).toBeGreaterThan(20);
  });
});

describe("default study: every observation conforms to the study dictionary", () => {
  it("uses known variables at allowed time points with valid types, codes and ranges", () => {
    const problems: string[] = [];
    for (const o of study.observations) {
      const v = findVariable(o.variable);
      if (!v) problems.push(`unknown variable ${o.variable}`);
      else if (!v.timePoints.includes(o.timePoint)) problems.push(`${o.variable} at ${o.timePoint}`);
      else {
        const check = checkValue(v, o.value);
        if (!check.ok)
          problems.push(`${o.patientId} ${o.variable}@${o.timePoint}=${o.value}: ${check.message}`);
      }
      if (o.value === null || o.value === undefined) problems.push(`${o.variable} is empty`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("records the brief's variables at the brief's time points only", () => {
    const allowed: Record<string, string[]> = {
      ecog_ps: ["decision", "pre_ld"],
      ann_arbor_stage: ["decision", "pre_ld"],
      sig_myeloid_4gene_z: ["apheresis", "d0"],
      sig_ifn_z: ["apheresis", "d0"],
      sig_memory_cd8_z: ["apheresis", "d0"],
      sig_exhaustion_z: ["apheresis", "d0"],
      ldh_u_per_l: ["decision", "apheresis", "pre_ld", "d0", "d3", "d7", "d14", "d28", "d90", "d180", "d365"],
    };
    for (const o of study.observations) {
      const list = allowed[o.variable];
      if (list) expect(list, `${o.variable}@${o.timePoint}`).toContain(o.timePoint);
    }
  });
});

describe("default study: coherent dates", () => {
  const dateVariables = [
    ["decision", "decision_date"],
    ["apheresis", "apheresis_date"],
    ["pre_ld", "ld_start_date"],
    ["d0", "infusion_date"],
    ["outcome", "progression_date"],
    ["outcome", "death_date"],
    ["outcome", "new_therapy_date"],
    ["outcome", "last_disease_assessment_date"],
    ["outcome", "last_contact_date"],
  ] as const;
  const dayOf = (p: PatientView, variable: string) => {
    const entry = dateVariables.find(([, v]) => v === variable);
    return entry ? day(p, entry[0], entry[1]) : undefined;
  };

  it("keeps decision ≤ apheresis ≤ LD start ≤ infusion ≤ progression ≤ death ≤ last contact", () => {
    everyPatient(
      () => true,
      (p) => {
        const chain = [
          "decision_date",
          "apheresis_date",
          "ld_start_date",
          "infusion_date",
          "progression_date",
          "death_date",
        ]
          .map((v) => [v, dayOf(p, v)] as const)
          .filter(([, d]) => d !== undefined);
        for (let i = 1; i < chain.length; i++) {
          if (chain[i]![1]! < chain[i - 1]![1]!) return `${chain[i]![0]} before ${chain[i - 1]![0]}`;
        }
        const lastContact = dayOf(p, "last_contact_date");
        if (lastContact === undefined) return "no last contact";
        for (const [, v] of dateVariables) {
          const d = dayOf(p, v);
          if (d !== undefined && d > lastContact) return `${v} after last contact`;
        }
        for (const rule of STUDY_DICTIONARY.dateOrder) {
          const earlier = dayOf(p, rule.earlier);
          const later = dayOf(p, rule.later);
          if (earlier !== undefined && later !== undefined && later < earlier)
            return `${rule.later} before ${rule.earlier}`;
        }
        const death = dayOf(p, "death_date");
        if (death !== undefined && death !== lastContact) return "last contact is not the death date";
        if (lastContact > daysFromIso("2026-10-31", "cut-off")) return "after the data cut-off";
        return null;
      },
    );
  });

  it("places the visits on the §A.1 timeline", () => {
    const decisionOffsets: number[] = [];
    everyPatient(infused, (p) => {
      const infusion = dayOf(p, "infusion_date")!;
      const ld = dayOf(p, "ld_start_date")! - infusion;
      if (ld < -7 || ld > -3) return `LD start on day ${ld}`;
      const veinToVein = infusion - dayOf(p, "apheresis_date")!;
      if (veinToVein !== num(p, "d0", "vein_to_vein_days")) return "vein-to-vein differs from the dates";
      if (p.values.get("apheresis:product") === "axi_cel")
        decisionOffsets.push(dayOf(p, "decision_date")! - infusion);
      const window = STRUCTURE.infusionWindows[p.cohort];
      if (infusion < daysFromIso(window.from, "from") || infusion > daysFromIso(window.to, "to")) {
        return "infusion outside the cohort's window";
      }
      return null;
    });
    decisionOffsets.sort((a, b) => a - b);
    const median = decisionOffsets[Math.floor(decisionOffsets.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(-60);
    expect(median).toBeLessThanOrEqual(-35);
  });

  it("records study-day data only while the patient is on study", () => {
    everyPatient(infused, (p) => {
      const onStudyDays = dayOf(p, "last_contact_date")! - dayOf(p, "infusion_date")!;
      for (const [key, v] of p.values) {
        const match = /^d(\d+):/.exec(key);
        // Progression (or, at day 90, death) before an assessment is coded PMD there (§E.3, D.4),
        // not left missing.
        if ((key === "d90:response_d90" || key === "d28:response_d28") && v === "PMD") continue;
        if (match && Number(match[1]) > onStudyDays) return `${key} after last contact (day ${onStudyDays})`;
      }
      return null;
    });
  });

  it("keeps apheresed-but-not-infused patients (≈ 3 %) without infusion-dependent data", () => {
    const notInfused = patients.filter((p) => !infused(p));
    expect(notInfused.length).toBeGreaterThan(5);
    expect(notInfused.length).toBeLessThan(60);
    everyPatient(
      (p) => !infused(p),
      (p) => {
        for (const key of p.values.keys()) {
          const [timePoint, variable] = key.split(":");
          if (timePoint === "pre_ld" || timePoint === "progression" || /^d\d+$/.test(timePoint!))
            return `has ${key}`;
          if (timePoint === "outcome" && !variable!.endsWith("_date") && variable !== "death_cause")
            return `has ${key}`;
        }
        return p.values.has("apheresis:apheresis_date") ? null : "no apheresis";
      },
    );
  });
});

describe("default study: coherent outcomes and toxicities", () => {
  it("makes response consistent with early progression and death (§E.3)", () => {
    everyPatient(infused, (p) => {
      const infusion = day(p, "d0", "infusion_date")!;
      const progression = day(p, "outcome", "progression_date");
      const death = day(p, "outcome", "death_date");
      const bor = value(p, "outcome", "best_overall_response");
      if (progression !== undefined && progression - infusion <= 28) {
        if (bor !== "PMD") return `progressed on day ${progression - infusion} with best response ${bor}`;
        if (value(p, "d28", "response_d28") !== "PMD")
          return "day-28 response is not PMD after early progression";
      }
      const before90 = (d: number | undefined) => d !== undefined && d - infusion < 90;
      if ((before90(progression) || before90(death)) && value(p, "d90", "response_d90") !== "PMD") {
        return "progressed or died before day 90 without a day-90 PMD";
      }
      if (value(p, "d90", "response_d90") === "CMR" && bor !== "CMR")
        return "day-90 CMR but best response not CMR";
      const cause = value(p, "outcome", "death_cause");
      if (cause !== undefined && progression !== undefined && cause !== "progression")
        return `death after progression from ${cause}`;
      if (cause === "progression" && progression === undefined)
        return "death from progression without a progression date";
      return null;
    });
  });

  it("derives CRS/ICANS summaries from the daily grades; grade 5 only on the day of a toxic death", () => {
    everyPatient(infused, (p) => {
      const death = day(p, "outcome", "death_date");
      const infusion = day(p, "d0", "infusion_date")!;
      for (const [dailyVariable, prefix, cause] of [
        ["crs_grade", "crs", "CRS"],
        ["icans_grade", "icans", "ICANS"],
      ] as const) {
        const grades = daily(p, dailyVariable);
        if (grades.some((g) => g === null)) return `${dailyVariable} has gaps`;
        const positive = grades.map((g, d) => (g! > 0 ? d : -1)).filter((d) => d >= 0);
        const max = Math.max(0, ...(grades as number[]));
        if (num(p, "outcome", `${prefix}_max_grade`) !== max)
          return `${prefix}_max_grade differs from the daily maximum`;
        if (max === 0) {
          if (p.values.has(`outcome:${prefix}_onset_day`)) return `${prefix} onset without ${prefix}`;
          continue;
        }
        const onset = positive[0]!;
        const end = positive[positive.length - 1]!;
        if (num(p, "outcome", `${prefix}_onset_day`) !== onset) return `${prefix} onset`;
        if (num(p, "outcome", `${prefix}_duration_days`) !== end - onset + 1) return `${prefix} duration`;
        if (positive.length !== end - onset + 1) return `${prefix} course is interrupted`;
        const fatal = value(p, "outcome", "death_cause") === cause;
        if ((max === 5) !== fatal) return `${prefix} grade 5 and death cause ${cause} disagree`;
        if (fatal && death! - infusion !== end) return `grade-5 ${prefix} not on the day of death`;
      }
      if (num(p, "outcome", "crs_max_grade") === 0 && num(p, "outcome", "tocilizumab_doses") !== 0)
        return "tocilizumab without CRS";
      return null;
    });
  });

  it("records an early ICAHT grade that the daily ANC series gives under §B.3", () => {
    const grades = new Set<number>();
    everyPatient(infused, (p) => {
      const recorded = num(p, "outcome", "icaht_early_grade");
      // graded over the days the patient was on study (the daily CRS grade is recorded every such day)
      const lastDay = daily(p, "crs_grade").length - 1;
      const derived = icahtEarly(daily(p, "anc_10e9_l"), { windowEndDay: lastDay }).value;
      if (recorded !== (derived ?? undefined)) return `ICAHT ${recorded} but the ANC series gives ${derived}`;
      if (recorded !== undefined) grades.add(recorded);
      return null;
    });
    expect([...grades].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("lets CRP peak with CRS", () => {
    const medianPeakCrp = (crsGrade: (grade: number) => boolean) => {
      const peaks = patients
        .filter((p) => infused(p) && crsGrade(num(p, "outcome", "crs_max_grade") ?? 0))
        .map((p) => Math.max(...["d3", "d7", "d14"].map((t) => num(p, t, "crp_mg_l") ?? 0)))
        .filter((x) => x > 0)
        .sort((a, b) => a - b);
      return peaks[Math.floor(peaks.length / 2)]!;
    };
    const none = medianPeakCrp((g) => g === 0);
    const moderate = medianPeakCrp((g) => g === 2);
    const severe = medianPeakCrp((g) => g >= 3);
    expect(moderate).toBeGreaterThan(3 * none);
    expect(severe).toBeGreaterThan(moderate);
  });

  it("records ctDNA detectability with its value and VAFs only from CAPP-Seq", () => {
    let samples = 0;
    for (const p of patients) {
      for (const tp of ["apheresis", "pre_ld", "d7", "d28", "d90", "progression"]) {
        const detectable = value(p, tp, "ctdna_detectable");
        if (detectable === undefined) continue;
        samples++;
        const level = num(p, tp, "ctdna_log10_hge_per_ml");
        expect(detectable ? level !== undefined && level >= 0.5 : level === undefined).toBe(true);
        const capp = value(p, tp, "ctdna_assay") === "capp_seq";
        expect(p.values.has(`${tp}:tp53_vaf`)).toBe(capp);
      }
    }
    expect(samples).toBeGreaterThan(1000);
  });
});
