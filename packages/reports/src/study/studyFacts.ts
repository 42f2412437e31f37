import { isSurvivalEndpoint, type ModelEndpoint, SMALL_CENTRES } from "@carta/ml";
import { type CauseWording, causeWording } from "./competingWording.js";
import type {
  ReportFeature,
  StoredValidation,
  StudyReportInput,
  TransportResultJson,
} from "./studyReportInput.js";

/**
 * The numbers several parts of the study report need (sections, limitations, checklist), derived once
 * from the stored run. Nothing here is typed by hand: every field comes from the model record or a run.
 */
export interface StudyFacts {
  learnerKind: string;
  n: number;
  events: number;
  nonEvents: number;
  /** Rows of the model's feature table: analysed rows plus the rows dropped before fitting. */
  tableRows: number;
  /** Every patient considered: the table's rows and the patients it excluded. */
  patientsConsidered: number;
  candidatePredictors: number;
  /**
   * Design columns after encoding (a categorical predictor gives one per non-reference level); null
   * for a learner without a design matrix (the EBM's terms are shape functions, not coefficients).
   */
  parameters: number | null;
  /**
   * The smaller outcome class per candidate predictor (Peduzzi et al., J Clin Epidemiol 1996;49:1373);
   * for a time-to-event model the events per predictor, as for Cox regression (Peduzzi et al., J Clin
   * Epidemiol 1995;48:1503): censored patients are not a second outcome class.
   */
  eventsPerPredictor: number;
  eventsPerParameter: number | null;
  transport: { source: string; result: TransportResultJson } | null;
  /** Grid entry (0-based) nested CV chose most often, and in how many outer folds. */
  modalChoice: { index: number; folds: number } | null;
  /** Centres pooled into the "small centres" group of leave-one-centre-out. */
  smallCentres: string[];
  validation: StoredValidation;
  /** A time-to-event model (endpoint pfs, os or relapse_vs_nrm with a horizon); null for a binary endpoint. */
  survival: SurvivalFacts | null;
  labelOf(name: string): string;
}

export interface SurvivalFacts {
  horizonMonths: number;
  /** Events by the horizon among the analysed rows (from the stored model's metrics); null when not stored. */
  eventsByHorizon: number | null;
  /**
   * relapse_vs_nrm: the cause whose cumulative incidence is predicted, the other competing; null for
   * pfs and os. Then the events counted here are the cause's, and the competing events are neither
   * events nor censoring.
   */
  competing: CompetingFacts | null;
}

export interface CompetingFacts {
  cause: CauseWording;
  /** Competing events by the horizon among the analysed rows (the stored model's metrics); null when not stored. */
  competingByHorizon: number | null;
}

/**
 * Whether a time-to-event run is of a competing-risks model: the stored performance names its cause,
 * or the spec does (a run describes itself even if the spec format changes).
 */
function competingFacts(input: StudyReportInput): CompetingFacts | null {
  const stored =
    input.validation.result.nestedCv.performance.survival?.competing ??
    input.model.metrics.apparent.survival?.competing ??
    null;
  const cause = stored?.cause ?? input.model.spec.cause ?? null;
  if (cause !== "relapse" && cause !== "nrm") return null;
  return {
    cause: causeWording(cause),
    competingByHorizon: input.model.metrics.apparent.survival?.competing?.competingByHorizon ?? null,
  };
}

/**
 * Whether the run is of a time-to-event model: its endpoint says so, or its performance carries the
 * survival block (the stored run describes itself even if the spec's endpoint list changes).
 */
function survivalFacts(input: StudyReportInput): SurvivalFacts | null {
  const spec = input.model.spec;
  const stored =
    input.validation.result.nestedCv.performance.survival ?? input.model.metrics.apparent.survival ?? null;
  if (!stored && !isSurvivalEndpoint(spec.endpoint as ModelEndpoint)) return null;
  const horizonMonths = stored?.horizonMonths ?? spec.horizonMonths ?? Number.NaN;
  return {
    horizonMonths,
    eventsByHorizon: input.model.metrics.apparent.survival?.eventsByHorizon ?? null,
    competing: competingFacts(input),
  };
}

/** A feature's label, or for a design column "feature=level" the feature's label with the level. */
function labeller(features: readonly ReportFeature[]): (name: string) => string {
  const byName = new Map(features.map((f) => [f.name, f]));
  return (name) => {
    const f = byName.get(name);
    if (f) return f.label;
    const eq = name.indexOf("=");
    if (eq > 0) {
      const base = byName.get(name.slice(0, eq));
      if (base) return `${base.label} = ${name.slice(eq + 1)}`;
    }
    return name;
  };
}

function modal(chosen: readonly number[]): StudyFacts["modalChoice"] {
  if (chosen.length === 0) return null;
  const counts = new Map<number, number>();
  for (const c of chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: { index: number; folds: number } | null = null;
  for (const [index, folds] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (best === null || folds > best.folds) best = { index, folds };
  }
  return best;
}

export function studyFacts(input: StudyReportInput): StudyFacts {
  const m = input.model.metrics;
  const v = input.validation.result;
  const tableRows = m.n + m.dropped.endpointMissing + m.dropped.incomplete;
  const excluded = Object.values(m.excluded).reduce((a, b) => a + b, 0);
  const k = input.features.length;
  const model = input.model.model;
  // A cause-specific model's two Cox models share one design: its parameters are those of each.
  const design = model.kind === "cause-specific-cox" ? model.models[0] : model;
  const p = "encoding" in design ? design.encoding.names.length : null;
  const survival = survivalFacts(input);
  const smaller = survival ? m.nEvents : Math.min(m.nEvents, m.n - m.nEvents);
  const transport = input.transport
    ? { source: `transport run ${input.transport.id}`, result: input.transport.result }
    : v.transport
      ? { source: `validation run ${input.validation.id}`, result: v.transport }
      : null;
  return {
    learnerKind: input.model.spec.learner.kind,
    n: m.n,
    events: m.nEvents,
    nonEvents: m.n - m.nEvents,
    tableRows,
    patientsConsidered: tableRows + excluded,
    candidatePredictors: k,
    parameters: p,
    eventsPerPredictor: k > 0 ? smaller / k : Number.NaN,
    eventsPerParameter: p === null ? null : p > 0 ? smaller / p : Number.NaN,
    transport,
    modalChoice: modal(v.nestedCv.chosen),
    smallCentres: v.loco?.groups.find((g) => g.label === SMALL_CENTRES)?.centers ?? [],
    validation: v,
    survival,
    labelOf: labeller(input.features),
  };
}
