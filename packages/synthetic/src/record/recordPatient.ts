import {
  CT_BASELINE_TIME_POINT,
  crs,
  crsInputFromSigns,
  ctLesionVariable,
  deriveCtResponses,
  type IcansResult,
  icahtEarly,
  icans,
  icansInputFromSigns,
  luganoPet,
  TIME_POINTS,
} from "@carta/clinical";
import type { SeededRandom } from "@carta/stats";
import { isoFromDays } from "../calendar.js";
import { logistic, logit } from "../draws.js";
import { MISSINGNESS } from "../parameters.js";
import type { LabPanel } from "../patient/baseline.js";
import { type CTDNA_TIME_POINTS, type FLOW_TIME_POINTS, RESISTANCE_GENES } from "../patient/biology.js";
import { baselineTargetLesions, ctFindings, type LesionSize } from "../patient/ctReading.js";
import { apheresisLabs, decisionLdh, POST_INFUSION_LAB_DAYS, postInfusionLabs } from "../patient/labs.js";
import { petReading } from "../patient/petReading.js";
import { crsSigns, type DailySigns, icansSigns, NO_NEUROTOXICITY } from "../patient/signs.js";
import type { SimulatedPatient } from "../patient/simulate.js";
import { EARLY_DAYS } from "../patient/toxicity.js";
import { simulateTreatment } from "../patient/treatment.js";
import type { ObservationValue, Response, SyntheticObservation } from "../types.js";

/**
 * Turns one simulated patient into the observations a study would hold (§A), applying the D.4
 * missingness: a missing value is simply absent. Only what was observable is recorded — nothing
 * after the last contact, no infusion data for patients never infused, no event beyond follow-up.
 */

const TIME_POINT_ORDER = new Map(TIME_POINTS.map((t, i) => [t.id, i]));

export function timePointRank(timePoint: string): number {
  const rank = TIME_POINT_ORDER.get(timePoint);
  if (rank === undefined) throw new RangeError(`unknown time point "${timePoint}"`);
  return rank;
}

/** Observations in canonical order: time point (study order), then variable id. */
class PatientRecord {
  private readonly byRank: SyntheticObservation[][] = TIME_POINTS.map(() => []);

  constructor(readonly patientId: string) {}

  add(timePoint: string, variable: string, value: ObservationValue | null | undefined): void {
    if (value === null || value === undefined) return;
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new RangeError(`${variable} at ${timePoint} for ${this.patientId} is ${value}`);
    }
    this.byRank[timePointRank(timePoint)]!.push({ patientId: this.patientId, timePoint, variable, value });
  }

  /** The value recorded so far for a variable at a time point, for deriving from what was recorded. */
  get(variable: string, timePoint: string): ObservationValue | undefined {
    return this.byRank[timePointRank(timePoint)]!.find((o) => o.variable === variable)?.value;
  }

  observations(): SyntheticObservation[] {
    const out: SyntheticObservation[] = [];
    for (const list of this.byRank) {
      if (list.length === 0) continue;
      list.sort((a, b) => (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0));
      for (const o of list) out.push(o);
    }
    return out;
  }
}

const ICANS_SIGN_KEYS = Object.keys(NO_NEUROTOXICITY);

/** Maximum grade, onset and duration as a grader would read them from the recorded daily grades. */
function summarise(daily: readonly number[]): {
  maxGrade: number;
  onsetDay: number | null;
  durationDays: number | null;
} {
  let maxGrade = 0;
  let onsetDay: number | null = null;
  let lastDay: number | null = null;
  daily.forEach((grade, day) => {
    if (grade <= 0) return;
    maxGrade = Math.max(maxGrade, grade);
    onsetDay ??= day;
    lastDay = day;
  });
  return { maxGrade, onsetDay, durationDays: onsetDay === null ? null : lastDay! - onsetDay + 1 };
}

export function recordPatient(
  rng: SeededRandom,
  p: SimulatedPatient,
  patientId: string,
): SyntheticObservation[] {
  const r = new PatientRecord(patientId);
  const m = MISSINGNESS[p.cohort];
  const centerMissing = p.center.missingness[p.cohort];
  const miss = rng.fork("missingness");
  const present = (probabilityMissing: number): boolean => !miss.bernoulli(probabilityMissing);
  const base = p.base;
  const date = (day: number | null): string | null => (day === null ? null : isoFromDays(day));
  const lastContactDay = p.infused
    ? p.infusionDay + p.followUp!.lastContactDay
    : p.apheresisDay + p.notInfused!.lastContactDay;
  const onStudyAt = (studyDay: number): boolean => p.infused && p.infusionDay + studyDay <= lastContactDay;

  const labs = (timePoint: string, panel: LabPanel, options: { anc?: boolean } = {}): void => {
    if (present(m.crp)) r.add(timePoint, "crp_mg_l", panel.crpMgL);
    if (present(centerMissing.ferritin)) r.add(timePoint, "ferritin_ng_ml", panel.ferritinNgMl);
    if (present(m.ldhPlateletsHbAnc)) {
      r.add(timePoint, "ldh_u_per_l", panel.ldhUPerL);
      r.add(timePoint, "ldh_uln_u_per_l", p.center.ldhUlnUPerL);
    }
    if (present(m.albuminCreatinine)) r.add(timePoint, "albumin_g_dl", panel.albuminGDl);
    if (present(m.ldhPlateletsHbAnc)) r.add(timePoint, "platelets_10e9_l", panel.plateletsE9L);
    if (present(m.ldhPlateletsHbAnc)) r.add(timePoint, "hemoglobin_g_dl", panel.hemoglobinGDl);
    if ((options.anc ?? true) && present(m.ldhPlateletsHbAnc)) r.add(timePoint, "anc_10e9_l", panel.ancE9L);
    if (present(m.albuminCreatinine)) r.add(timePoint, "creatinine_mg_dl", panel.creatinineMgDl);
    if (present(centerMissing.il6)) r.add(timePoint, "il6_pg_ml", panel.il6PgMl);
  };

  // ---- decision ----
  r.add("decision", "decision_date", date(p.decisionDay));
  r.add("decision", "age_years", base.ageYears);
  r.add("decision", "sex", base.sex);
  if (present(m.ecog)) r.add("decision", "ecog_ps", base.ecogDecision);
  r.add("decision", "histology", base.histology);
  if (base.cellOfOrigin !== null && present(m.cellOfOrigin)) {
    r.add("decision", "cell_of_origin", base.cellOfOrigin);
    r.add("decision", "coo_method", base.cooMethod);
  }
  r.add("decision", "ann_arbor_stage", base.stageDecision);
  r.add("decision", "extranodal_sites_count", base.extranodalDecision);
  if (present(m.largestLesion)) r.add("decision", "largest_lesion_cm", base.largestLesionCm);
  if (present(centerMissing.mtv)) {
    r.add("decision", "mtv_ml", base.mtvDecisionMl);
    r.add("decision", "mtv_method", p.center.mtvMethod);
  }
  r.add("decision", "disease_status_1l", base.diseaseStatus1l);
  if (present(m.monthsToRelapse)) r.add("decision", "months_1l_end_to_relapse", base.monthsToRelapse);
  r.add("decision", "prior_lines_count", base.priorLines);
  r.add("decision", "prior_asct", base.priorAsct);
  r.add("decision", "prior_allo", base.priorAllo);
  if (present(m.ldhPlateletsHbAnc)) {
    r.add("decision", "ldh_u_per_l", decisionLdh(rng.fork("decision labs"), base));
    r.add("decision", "ldh_uln_u_per_l", p.center.ldhUlnUPerL);
  }

  // ---- apheresis and bridging ----
  r.add("apheresis", "apheresis_date", date(p.apheresisDay));
  r.add("apheresis", "product", base.product);
  labs("apheresis", apheresisLabs(rng.fork("apheresis labs"), base));
  r.add("bridging", "bridging_type", base.bridgingType);
  if (base.bridgingResponse !== null) {
    r.add(
      "bridging",
      "bridging_response",
      present(m.bridgingResponse) ? base.bridgingResponse : "not_assessed",
    );
  }

  // ---- biology programme (ctDNA, flow, product, transcriptome) ----
  const ctdnaCollected = present(m.ctdnaNotCollected);
  const biologyCollected = present(m.biologyNotCollected);
  const ctdnaSample = (timePoint: (typeof CTDNA_TIME_POINTS)[number]): void => {
    if (!ctdnaCollected || !present(m.ctdnaSampleFailure)) return;
    const sample = p.biology.ctdna(timePoint);
    r.add(timePoint, "ctdna_assay", p.center.ctdnaAssay);
    r.add(timePoint, "ctdna_detectable", sample.detectable);
    if (sample.detectable) r.add(timePoint, "ctdna_log10_hge_per_ml", sample.log10HgePerMl);
    if (p.center.ctdnaAssay === "capp_seq") {
      for (const gene of RESISTANCE_GENES) r.add(timePoint, `${gene}_vaf`, sample.vaf[gene]);
    }
  };
  const flowSample = (timePoint: (typeof FLOW_TIME_POINTS)[number]): void => {
    if (!biologyCollected || !present(m.flowQcFailure)) return;
    for (const [variable, value] of Object.entries(p.biology.flow(timePoint)))
      r.add(timePoint, variable, value);
  };
  ctdnaSample("apheresis");
  flowSample("apheresis");
  if (biologyCollected && present(m.transcriptomeQcFailure)) {
    for (const [variable, value] of Object.entries(p.biology.signatures.apheresis))
      r.add("apheresis", variable, value);
  }

  if (!p.infused) {
    const course = p.notInfused!;
    const at = (day: number | null): string | null => (day === null ? null : date(p.apheresisDay + day));
    r.add("outcome", "progression_date", at(course.progressionDay));
    r.add("outcome", "death_date", at(course.deathDay));
    if (course.deathCause !== null && present(m.deathCause))
      r.add("outcome", "death_cause", course.deathCause);
    r.add("outcome", "new_therapy_date", at(course.newTherapyDay));
    r.add("outcome", "last_contact_date", at(course.lastContactDay));
    r.add("outcome", "last_disease_assessment_date", at(course.progressionDay));
    return r.observations();
  }

  const f = p.followUp!;
  const tox = p.toxicity!;
  const infusion = p.infusionDay;

  // ---- pre-LD ----
  r.add("pre_ld", "ld_start_date", date(p.ldStartDay));
  r.add("pre_ld", "ld_regimen", p.ldRegimen);
  if (present(m.ecog)) r.add("pre_ld", "ecog_ps", base.ecogPreLd);
  r.add("pre_ld", "ann_arbor_stage", base.stagePreLd);
  r.add("pre_ld", "extranodal_sites_count", base.extranodalPreLd);
  const mtvMissing =
    base.bridgingType === "radiotherapy"
      ? logistic(
          logit(Math.min(0.999, Math.max(0.001, centerMissing.mtv))) +
            Math.log(m.mtvAfterRadiotherapyOddsRatio),
        )
      : centerMissing.mtv;
  if (present(mtvMissing)) {
    r.add("pre_ld", "mtv_ml", base.mtvPreLdMl);
    r.add("pre_ld", "mtv_method", p.center.mtvMethod);
  }
  labs("pre_ld", base.preLd);
  ctdnaSample("pre_ld");
  flowSample("pre_ld");

  // ---- infusion (day 0) ----
  r.add("d0", "infusion_date", date(infusion));
  r.add("d0", "dose_value", p.dose.value);
  r.add("d0", "dose_unit", p.dose.unit);
  r.add("d0", "out_of_spec", p.dose.outOfSpec);
  r.add("d0", "vein_to_vein_days", p.veinToVeinDays);
  const productFailure = base.product === "tisa_cel" ? m.productQcFailureTisaCel : m.productQcFailure;
  if (biologyCollected && present(productFailure)) {
    for (const [variable, value] of Object.entries(p.biology.product)) r.add("d0", variable, value);
  }
  if (biologyCollected && present(m.transcriptomeQcFailure)) {
    for (const [variable, value] of Object.entries(p.biology.signatures.d0)) r.add("d0", variable, value);
  }

  // ---- days 0..30: daily signs and ANC while on study (grades are derived from the signs below) ----
  const recordedDays = Math.min(EARLY_DAYS - 1, lastContactDay - infusion);
  const crsSignRng = rng.fork("crs signs");
  const icansSignRng = rng.fork("icans signs");
  const signsByDay: { crs: DailySigns; icans: DailySigns }[] = [];
  const ancDaily: (number | null)[] = [];
  for (let day = 0; day <= recordedDays; day++) {
    const timePoint = `d${day}`;
    const crsOnset = tox.crs.onsetDay;
    const inCrsEpisode = crsOnset !== null && day >= crsOnset && tox.crs.daily[day]! > 0;
    const signs = {
      crs: crsSigns(crsSignRng, tox.crs.daily[day]!, inCrsEpisode ? day - crsOnset : null),
      icans: icansSigns(icansSignRng, tox.icans.daily[day]!),
    };
    signsByDay.push(signs);
    // Signs are written on the days with CRS or ICANS (where a grade needs its reason); on quiet days
    // the site records the grade alone (0), as the dictionary allows. This keeps the demo study at
    // ~0.3 M values so that seeding stays well under 10 s. A yes/no finding left blank is absent
    // (the scales' convention), so only present findings are written.
    const toxicDay = tox.crs.daily[day]! > 0 || tox.icans.daily[day]! > 0;
    if (toxicDay) {
      for (const variable in signs.crs) {
        if (signs.crs[variable] !== false) r.add(timePoint, variable, signs.crs[variable]);
      }
      for (const variable in signs.icans) {
        if (signs.icans[variable] !== false) r.add(timePoint, variable, signs.icans[variable]);
      }
    }
    const anc = present(m.ldhPlateletsHbAnc) ? tox.ancDaily[day]! : null;
    ancDaily.push(anc);
    r.add(timePoint, "anc_10e9_l", anc);
  }

  // ---- scheduled labs, ctDNA, flow ----
  const labContext = {
    base,
    crsDaily: tox.crs.daily,
    icansDaily: tox.icans.daily,
    ancDaily: tox.ancDaily,
    icahtGrade: tox.icahtGrade,
    bestResponse: f.bestResponse,
    progressionDay: f.progressionDay,
  };
  const labRng = rng.fork("post-infusion labs");
  for (const day of POST_INFUSION_LAB_DAYS) {
    const panel = postInfusionLabs(labRng, labContext, day);
    if (onStudyAt(day)) labs(`d${day}`, panel, { anc: day > 30 });
  }
  for (const [timePoint, day] of [
    ["d7", 7],
    ["d28", 28],
    ["d90", 90],
  ] as const) {
    if (onStudyAt(day)) ctdnaSample(timePoint);
  }
  if (f.progressionDay !== null) ctdnaSample("progression");
  for (const [timePoint, day] of [
    ["d7", 7],
    ["d14", 14],
    ["d28", 28],
    ["d90", 90],
  ] as const) {
    if (onStudyAt(day)) flowSample(timePoint);
  }

  // ---- responses: PMD from death or progression is never missing ----
  // A PET-CT reading is recorded and graded with luganoPet; PMD by progression or death is the §E.3 rule.
  // The CT of each PET-CT: target lesions measured at pre-LD imaging and at each assessment, graded by the
  // CT-based Lugano rule (deriveCtResponses → luganoCt, luganoLesion) from what was recorded.
  const ctRng = rng.fork("ct");
  const ctBaseline = ctRng.fork("baseline missing").bernoulli(m.responsePet)
    ? null
    : baselineTargetLesions(ctRng.fork("baseline"), base.largestLesionCm);
  const ctNadir = ctBaseline?.map((l) => ({ ...l })) ?? [];
  const recordLesions = (timePoint: string, lesions: readonly LesionSize[]): void => {
    lesions.forEach((l, k) => {
      r.add(timePoint, ctLesionVariable(k + 1, "ldi"), l.ldiCm);
      r.add(timePoint, ctLesionVariable(k + 1, "sdi"), l.sdiCm);
    });
  };
  if (ctBaseline) recordLesions(CT_BASELINE_TIME_POINT, ctBaseline);
  const ctAssessment = (timePoint: "d28" | "d90", response: Response): void => {
    if (!ctBaseline) return;
    const ct = ctFindings(ctRng.fork(timePoint), response, ctBaseline, ctNadir);
    recordLesions(timePoint, ct.lesions);
    r.add(timePoint, "ct_new_lesions", ct.newLesions);
    r.add(timePoint, "ct_new_node_longest_cm", ct.newNodeLongestCm);
    ct.lesions.forEach((l, k) => {
      if (l.ldiCm * l.sdiCm < ctNadir[k]!.ldiCm * ctNadir[k]!.sdiCm) ctNadir[k] = { ...l };
    });
    const derived = deriveCtResponses((variable, tp) => r.get(variable, tp)).find(
      (d) => d.timePoint === timePoint,
    );
    if (derived?.value == null)
      throw new Error(`${patientId} ${timePoint}: the CT leaves the response unknown`);
    r.add(timePoint, `ct_response_${timePoint}`, derived.value);
  };
  // A progression since the previous assessment (not death) shows on this assessment's CT when the patient is
  // still on study on its day; progression imaged off schedule is recorded by its date only.
  const progressionImaged = (timePoint: "d28" | "d90"): boolean =>
    f.progressionDay !== null &&
    f.progressionDay <= (timePoint === "d28" ? 28 : 89) &&
    (timePoint === "d28" || f.progressionDay > 28) &&
    onStudyAt(timePoint === "d28" ? 28 : 90);

  const assessed = (timePoint: "d28" | "d90", response: Response): void => {
    if (response === "PMD") {
      r.add(timePoint, `response_${timePoint}`, response);
      if (progressionImaged(timePoint)) ctAssessment(timePoint, response);
      return;
    }
    const reading = petReading(rng.fork(`pet ${timePoint}`), response);
    const result = luganoPet(reading);
    if (result.value === null)
      throw new Error(`${patientId} ${timePoint}: the PET reading leaves the response unknown`);
    r.add(timePoint, `deauville_${timePoint}`, String(reading.highestDeauville));
    r.add(timePoint, "pet_uptake_change_vs_baseline", reading.uptakeChangeVsBaseline);
    r.add(timePoint, "pet_new_fdg_avid_foci", reading.newFdgAvidFociConsistentWithLymphoma);
    r.add(timePoint, "pet_bone_marrow", reading.boneMarrowPet);
    r.add(timePoint, `response_${timePoint}`, result.value);
    ctAssessment(timePoint, response);
  };
  if (f.responseDay28 !== null && (f.responseDay28 === "PMD" || present(m.responsePet))) {
    assessed("d28", f.responseDay28);
  }
  if (f.responseDay90 !== null && (f.responseDay90 === "PMD" || present(m.responsePet))) {
    assessed("d90", f.responseDay90);
  }

  // ---- daily grades: the ASTCT scales applied to the recorded signs; grade 5 needs the recorded cause ----
  const deathCauseRecorded = f.deathCause !== null && present(m.deathCause);
  if (deathCauseRecorded) r.add("outcome", "death_cause", f.deathCause);
  const crsDaily: number[] = [];
  const icansDaily: number[] = [];
  // Most days repeat the same neurological signs (alert, ICE 10), so each distinct day is graded once.
  const icansGraded = new Map<string, IcansResult>();
  const gradeIcans = (signs: DailySigns, fatal: boolean): IcansResult => {
    const key = `${fatal}|${ICANS_SIGN_KEYS.map((v) => signs[v]).join("|")}`;
    let result = icansGraded.get(key);
    if (result === undefined) {
      result = icans(icansInputFromSigns((v) => signs[v], fatal));
      icansGraded.set(key, result);
    }
    return result;
  };
  signsByDay.forEach((signs, day) => {
    const timePoint = `d${day}`;
    const fatal = (cause: string): boolean =>
      deathCauseRecorded && f.deathCause === cause && f.deathDay === day;
    const crsGrade = crs(crsInputFromSigns((v) => signs.crs[v], fatal("CRS"))).value;
    const icansResult = gradeIcans(signs.icans, fatal("ICANS"));
    if (crsGrade === null || icansResult.value === null) {
      throw new Error(`${patientId} ${timePoint}: the simulated signs leave a grade unknown`);
    }
    crsDaily.push(crsGrade);
    icansDaily.push(icansResult.value);
    r.add(timePoint, "crs_grade", crsGrade);
    r.add(timePoint, "icans_grade", icansResult.value);
  });

  // ---- outcome: toxicity summaries read from the recorded days ----
  const crsSummary = summarise(crsDaily);
  const icansSummary = summarise(icansDaily);
  const treatment = simulateTreatment(rng.fork("treatment"), crsSummary.maxGrade, icansSummary.maxGrade);
  r.add("outcome", "crs_max_grade", crsSummary.maxGrade);
  r.add("outcome", "crs_onset_day", crsSummary.onsetDay);
  r.add("outcome", "crs_duration_days", crsSummary.durationDays);
  r.add("outcome", "icans_max_grade", icansSummary.maxGrade);
  r.add("outcome", "icans_onset_day", icansSummary.onsetDay);
  r.add("outcome", "icans_duration_days", icansSummary.durationDays);
  r.add("outcome", "tocilizumab_doses", treatment.tocilizumabDoses);
  r.add("outcome", "dexamethasone_cum_mg", treatment.dexamethasoneCumMg);
  r.add("outcome", "icu_admission", treatment.icuAdmission);
  // A patient who left the study before day 30 is graded on the days observed (window ends at the last one).
  r.add("outcome", "icaht_early_grade", icahtEarly(ancDaily, { windowEndDay: recordedDays }).value);
  r.add("outcome", "best_overall_response", f.bestResponse);
  const at = (day: number | null): string | null => (day === null ? null : date(infusion + day));
  r.add("outcome", "progression_date", at(f.progressionDay));
  r.add("outcome", "death_date", at(f.deathDay));
  r.add("outcome", "new_therapy_date", at(f.newTherapyDay));
  r.add("outcome", "last_contact_date", at(f.lastContactDay));
  r.add("outcome", "last_disease_assessment_date", at(f.lastAssessmentDay));
  return r.observations();
}
