import { hematotox, type ObservationValue } from "@carta/clinical";
import { kaplanMeier, survivalAt } from "@carta/stats";
import { daysFromIso } from "../src/calendar.js";
import type { SyntheticObservation, SyntheticPatient, SyntheticStudy } from "../src/index.js";

/** Per-patient access to a generated study's observations, for tests. */
export interface PatientView {
  id: string;
  cohort: "2L" | "3L+";
  center: string;
  consent: string;
  values: Map<string, ObservationValue>;
}

/** A patient's view from its observations (all of one patient). */
export function viewPatient(
  patient: SyntheticPatient,
  observations: readonly SyntheticObservation[],
): PatientView {
  const view: PatientView = {
    id: patient.id,
    cohort: patient.cohort,
    center: patient.center,
    consent: patient.consent,
    values: new Map(),
  };
  for (const o of observations) {
    const key = `${o.timePoint}:${o.variable}`;
    if (view.values.has(key)) throw new Error(`duplicate ${key} for ${o.patientId}`);
    view.values.set(key, o.value);
  }
  return view;
}

export function indexStudy(study: SyntheticStudy): PatientView[] {
  const byId = new Map<string, PatientView>();
  for (const p of study.patients) {
    byId.set(p.id, { id: p.id, cohort: p.cohort, center: p.center, consent: p.consent, values: new Map() });
  }
  for (const o of study.observations) {
    const view = byId.get(o.patientId);
    if (!view) throw new Error(`observation for unknown patient ${o.patientId}`);
    const key = `${o.timePoint}:${o.variable}`;
    if (view.values.has(key)) throw new Error(`duplicate ${key} for ${o.patientId}`);
    view.values.set(key, o.value);
  }
  return [...byId.values()];
}

export function value(p: PatientView, timePoint: string, variable: string): ObservationValue | undefined {
  return p.values.get(`${timePoint}:${variable}`);
}

export function num(p: PatientView, timePoint: string, variable: string): number | undefined {
  const v = value(p, timePoint, variable);
  return typeof v === "number" ? v : undefined;
}

/** Day number of a recorded date, or undefined. */
export function day(p: PatientView, timePoint: string, variable: string): number | undefined {
  const v = value(p, timePoint, variable);
  return typeof v === "string" ? daysFromIso(v, variable) : undefined;
}

export function infused(p: PatientView): boolean {
  return p.values.has("d0:infusion_date");
}

const DAYS_PER_MONTH = 30.4375;

/**
 * PFS from infusion (§E.3): event = progression or death; otherwise censored at the last disease
 * assessment (or the last contact when no assessment followed infusion).
 */
export function pfsMonths(p: PatientView): { time: number; event: 0 | 1 } {
  const infusion = day(p, "d0", "infusion_date")!;
  const progression = day(p, "outcome", "progression_date");
  const death = day(p, "outcome", "death_date");
  const eventDay = Math.min(progression ?? Number.POSITIVE_INFINITY, death ?? Number.POSITIVE_INFINITY);
  if (Number.isFinite(eventDay)) return { time: (eventDay - infusion) / DAYS_PER_MONTH, event: 1 };
  const censor = day(p, "outcome", "last_disease_assessment_date") ?? day(p, "outcome", "last_contact_date")!;
  return { time: (censor - infusion) / DAYS_PER_MONTH, event: 0 };
}

export function pfsAt(
  patients: readonly PatientView[],
  months: number,
): { survival: number; stdErr: number; n: number } {
  return kmAt(patients.map(pfsMonths), months);
}

export function kmAt(
  rows: readonly { time: number; event: 0 | 1 }[],
  months: number,
): { survival: number; stdErr: number; n: number } {
  const km = kaplanMeier({ time: rows.map((r) => r.time), event: rows.map((r) => r.event) });
  const at = survivalAt(km, [months]);
  return { survival: at.survival[0]!, stdErr: at.stdErr[0]!, n: rows.length };
}

export function hematotoxHigh(p: PatientView): boolean | null {
  const crp = num(p, "pre_ld", "crp_mg_l");
  const r = hematotox({
    plateletsE9PerL: num(p, "pre_ld", "platelets_10e9_l"),
    ancE9PerL: num(p, "pre_ld", "anc_10e9_l"),
    hemoglobinGPerDl: num(p, "pre_ld", "hemoglobin_g_dl"),
    crpMgPerDl: crp === undefined ? undefined : crp / 10,
    ferritinNgPerMl: num(p, "pre_ld", "ferritin_ng_ml"),
  });
  return r.risk === null ? null : r.risk === "high";
}

/** Recorded daily series d0..d30 of a variable (null where absent, cut at the last recorded day). */
export function daily(p: PatientView, variable: string): (number | null)[] {
  const series: (number | null)[] = [];
  for (let d = 0; d <= 30; d++) series.push(num(p, `d${d}`, variable) ?? null);
  while (series.length > 0 && series[series.length - 1] === null) series.pop();
  return series;
}

/** A proportion and whether it lies within target ± 1.96·√(target(1 − target)/n). */
export function withinBinomialInterval(
  events: number,
  n: number,
  target: number,
): { rate: number; halfWidth: number; ok: boolean } {
  const rate = events / n;
  const halfWidth = 1.96 * Math.sqrt((target * (1 - target)) / n);
  return { rate, halfWidth, ok: Math.abs(rate - target) <= halfWidth };
}
