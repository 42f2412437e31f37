import {
  deriveCtResponses,
  deriveDailyGrades,
  derivePetResponses,
  deriveScores,
  displayValue,
  findTimePoint,
  findVariable,
  type ObservationValue,
  patientEndpoints,
  STUDY_DICTIONARY,
  type VariableDef,
} from "@carta/clinical";
import type { Actor } from "../store/actors.js";
import { currentValues, observationKey } from "../store/observations.js";
import type { Store } from "../store/openStore.js";
import { readablePatientsWithCenter } from "../store/patients.js";
import type {
  Cohort,
  DerivedView,
  LabSeries,
  ObservationView,
  PatientDetail,
  TimelineEvent,
} from "./types.js";

/** Stored canonical text back to the typed value of its variable. */
export function typedValue(v: VariableDef, text: string): ObservationValue {
  if (v.type === "number" || v.type === "integer") return Number(text);
  if (v.type === "boolean") return text === "true";
  return text;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const TIME_POINT_ORDER = new Map(STUDY_DICTIONARY.timePoints.map((t, i) => [t.id, i]));
const VARIABLE_ORDER = new Map(STUDY_DICTIONARY.variables.map((v, i) => [v.id, i]));

/** Everything the patient page shows, or null when the patient does not exist or is not readable. */
export async function patientDetail(store: Store, actor: Actor, id: string): Promise<PatientDetail | null> {
  const p = await readablePatientsWithCenter(store, actor).where("patients.id", "=", id).executeTakeFirst();
  if (!p) return null;
  const current = [...(await currentValues(store.db, [id])).values()].filter((c) => c.value !== null);
  const observations: ObservationView[] = [];
  const typed = new Map<string, ObservationValue>();
  for (const c of current) {
    const v = findVariable(c.variable);
    if (!v) continue;
    const value = typedValue(v, c.value!);
    typed.set(observationKey(id, c.timePoint, c.variable), value);
    observations.push({
      variable: v.id,
      label: v.label,
      timePoint: c.timePoint,
      value,
      display: displayValue(v, value),
      unit: v.unit,
      form: v.form,
      version: c.version,
      recordedAt: c.recordedAt,
      recordedBy: c.recordedBy,
    });
  }
  observations.sort(
    (a, b) =>
      VARIABLE_ORDER.get(a.variable)! - VARIABLE_ORDER.get(b.variable)! ||
      TIME_POINT_ORDER.get(a.timePoint)! - TIME_POINT_ORDER.get(b.timePoint)!,
  );
  const get = (variable: string, timePoint: string) => typed.get(observationKey(id, timePoint, variable));

  const sections = STUDY_DICTIONARY.forms
    .map((f) => ({ form: f.id, label: f.label, observations: observations.filter((o) => o.form === f.id) }))
    .filter((s) => s.observations.length > 0);

  // Pre-CAR-T scores, then each day's CRS/ICANS grade and ICE score from the recorded signs, then the
  // PET-based responses: every derived number carries the rule that produced it.
  const derivedValues = [
    ...deriveScores(get),
    ...deriveDailyGrades(get),
    ...derivePetResponses(get),
    ...deriveCtResponses(get),
  ];
  const derived: DerivedView[] = derivedValues.map((d) => {
    const v = findVariable(d.variable)!;
    const view: DerivedView = {
      variable: d.variable,
      label: v.label,
      timePoint: d.timePoint,
      value: d.value,
      display:
        d.value === null
          ? "not computable"
          : displayValue(v, typeof d.value === "number" ? round(d.value) : d.value),
      reason: d.reason,
    };
    const entered = get(d.variable, d.timePoint);
    if (entered !== undefined && entered !== null) {
      view.entered = { display: displayValue(v, entered), agrees: d.value !== null && entered === d.value };
    }
    return view;
  });

  for (const e of patientEndpoints(get)) {
    const outcome =
      e.status === null
        ? ""
        : e.endpoint === "relapse_vs_nrm"
          ? [", censored", ", relapse/progression", ", non-relapse death"][e.status]
          : e.status === 1
            ? ", event"
            : ", censored";
    derived.push({
      variable: e.endpoint,
      label: e.label,
      timePoint: "outcome",
      value: e.value,
      display:
        e.value === null
          ? "not computable"
          : typeof e.value === "number"
            ? `${e.value} months${outcome}`
            : e.value,
      reason: e.reason,
    });
  }

  const infusion = get("infusion_date", "d0") as string | undefined;
  const studyDay = (date: string) => (infusion ? daysBetween(infusion, date) : null);
  const timeline: TimelineEvent[] = [];
  const addDate = (variable: string, timePoint: string, event: string, detail: string | null = null) => {
    const date = get(variable, timePoint);
    if (typeof date === "string")
      timeline.push({ date, studyDay: studyDay(date), event, label: findVariable(variable)!.label, detail });
  };
  addDate("decision_date", "decision", "decision");
  addDate("apheresis_date", "apheresis", "apheresis", stringOrNull(get("product", "apheresis"), "product"));
  const bridgingType = get("bridging_type", "bridging");
  if (typeof bridgingType === "string" && bridgingType !== "none") {
    const bridgingResponse = get("bridging_response", "bridging");
    const when = get("apheresis_date", "apheresis");
    if (typeof when === "string") {
      timeline.push({
        date: when,
        studyDay: studyDay(when),
        event: "bridging",
        label: `Bridging: ${displayValue(findVariable("bridging_type")!, bridgingType)}`,
        detail: typeof bridgingResponse === "string" ? `response ${bridgingResponse}` : null,
      });
    }
  }
  addDate(
    "ld_start_date",
    "pre_ld",
    "lymphodepletion",
    stringOrNull(get("ld_regimen", "pre_ld"), "ld_regimen"),
  );
  addDate("infusion_date", "d0", "infusion");
  if (infusion) {
    for (const [tox, label] of [
      ["crs", "CRS"],
      ["icans", "ICANS"],
    ] as const) {
      const onset = get(`${tox}_onset_day`, "outcome");
      const grade = get(`${tox}_max_grade`, "outcome");
      if (typeof onset === "number" && typeof grade === "number" && grade > 0) {
        const date = addDays(infusion, onset);
        const duration = get(`${tox}_duration_days`, "outcome");
        timeline.push({
          date,
          studyDay: onset,
          event: `${tox}_onset`,
          label: `${label} onset, maximum grade ${grade}`,
          detail: typeof duration === "number" ? `lasted ${duration} days` : null,
        });
      }
    }
    for (const [variable, tp, event] of [
      ["response_d28", "d28", "response_d28"],
      ["response_d90", "d90", "response_d90"],
    ] as const) {
      const r = get(variable, tp);
      if (typeof r === "string") {
        const day = findTimePoint(tp)!.nominalDay!;
        timeline.push({
          date: addDays(infusion, day),
          studyDay: day,
          event,
          label: `${findVariable(variable)!.label}: ${displayValue(findVariable(variable)!, r)}`,
          detail: "nominal visit day",
        });
      }
    }
  }
  addDate("progression_date", "outcome", "progression");
  addDate("new_therapy_date", "outcome", "new_therapy");
  addDate("consolidative_transplant_date", "outcome", "transplant");
  addDate("death_date", "outcome", "death", stringOrNull(get("death_cause", "outcome"), "death_cause"));
  addDate("last_contact_date", "outcome", "last_contact");
  timeline.sort((a, b) => a.date.localeCompare(b.date));

  const labs: LabSeries[] = [];
  for (const v of STUDY_DICTIONARY.variables.filter((x) => x.form === "labs")) {
    const points: LabSeries["points"] = [];
    for (const tp of v.timePoints) {
      const value = get(v.id, tp);
      if (typeof value !== "number") continue;
      const day = studyDayOf(tp, get, infusion);
      if (day !== null) points.push({ timePoint: tp, studyDay: day, value });
    }
    if (points.length) {
      points.sort((a, b) => a.studyDay - b.studyDay);
      labs.push({ variable: v.id, label: v.label, unit: v.unit, range: v.range, points });
    }
  }

  return {
    id: p.id,
    center: p.center_id,
    centerName: p.center_name,
    cohort: p.cohort as Cohort,
    consent: p.consent as "consented" | "withdrawn",
    synthetic: p.synthetic === 1,
    enrolledOn: (get("decision_date", "decision") as string | undefined) ?? null,
    sections,
    derived,
    timeline,
    labs,
  };
}

/** Study day of a time point: from the recorded dates for pre-infusion visits, else the nominal day. */
function studyDayOf(
  timePoint: string,
  get: (variable: string, timePoint: string) => ObservationValue | undefined,
  infusion: string | undefined,
): number | null {
  const dated: Record<string, [string, string]> = {
    decision: ["decision_date", "decision"],
    apheresis: ["apheresis_date", "apheresis"],
    pre_ld: ["ld_start_date", "pre_ld"],
  };
  const source = dated[timePoint];
  if (source && infusion) {
    const date = get(source[0], source[1]);
    if (typeof date === "string") return daysBetween(infusion, date);
  }
  return findTimePoint(timePoint)?.nominalDay ?? null;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

function stringOrNull(value: ObservationValue | undefined, variable: string): string | null {
  return typeof value === "string" ? displayValue(findVariable(variable)!, value) : null;
}
