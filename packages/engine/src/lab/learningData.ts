import type { FeatureTable } from "@carta/clinical";
import {
  causeStatusOf,
  type FeatureCell,
  type FeatureColumnSpec,
  isCompetingEndpoint,
  isSurvivalEndpoint,
  type ModelSpec,
} from "@carta/ml";
import { sha256Hex } from "../store/hash.js";

/**
 * What a model is fitted and validated on, taken from a landmark feature table: the feature columns,
 * the rows whose endpoint is known (0/1 for the spec's event), and each row's centre and cohort. Plain
 * JSON arrays, so the same data can be handed to a job's worker thread. No patient ids: a worker, a
 * job spec or a stored run never needs them.
 */
export interface LearningData {
  columns: FeatureColumnSpec[];
  rows: FeatureCell[][];
  /**
   * 1 = the endpoint's event, 0 = not (time-to-event: 1 = event, 0 = censored at `time`;
   * relapse_vs_nrm: 0 censored, 1 relapse, 2 NRM — count the spec's cause with eventsOf).
   */
  outcome: number[];
  /** Time-to-event endpoints: months from the landmark to the event or censoring; null for a binary endpoint. */
  time: number[] | null;
  centers: string[];
  cohorts: string[];
  /** Rows of the table left out here, by reason. */
  dropped: { endpointMissing: number; incomplete: number };
}

/**
 * Rows with a computable endpoint. The plain elastic net needs complete rows (it refuses missing
 * values rather than filling them in), so for it incomplete rows are dropped and counted; every other
 * learner keeps them: the boosted trees learn a default direction for missing values, the EBM a
 * missing bin, and the imputed elastic net imputes them inside each training set.
 */
export function learningDataOf(table: FeatureTable, spec: ModelSpec): LearningData {
  const completeOnly = needsCompleteRows(spec);
  const survival = isSurvivalEndpoint(spec.endpoint);
  const time: number[] = [];
  const data: LearningData = {
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, levels: c.levels })),
    rows: [],
    outcome: [],
    time: survival ? time : null,
    centers: [],
    cohorts: [],
    dropped: { endpointMissing: 0, incomplete: 0 },
  };
  for (const row of table.rows) {
    const known = knownOutcome(row.outcome ?? null);
    const event = known?.event ?? null;
    if (known === null || event === null) {
      data.dropped.endpointMissing++;
      continue;
    }
    if (completeOnly && row.values.some((v) => v === null)) {
      data.dropped.incomplete++;
      continue;
    }
    data.rows.push([...row.values]);
    data.outcome.push(event);
    if (survival) time.push(known.timeMonths!);
    data.centers.push(row.center);
    data.cohorts.push(row.cohort);
  }
  return data;
}

/** The elastic nets without imputation refuse missing values: they are fitted on complete rows. */
export function needsCompleteRows(spec: ModelSpec): boolean {
  return spec.learner.kind === "elastic-net-logistic" || spec.learner.kind === "elastic-net-cox";
}

/**
 * A row's endpoint as a learner reads it: binary 0/1, or a time-to-event status (1 event, 0 censored)
 * with its time in months; null when it cannot be computed from what is recorded.
 */
export function knownOutcome(
  outcome: FeatureTable["rows"][number]["outcome"] | null,
): { event: 0 | 1 | 2; timeMonths: number | null } | null {
  if (!outcome) return null;
  if (outcome.kind === "binary")
    return outcome.event === null ? null : { event: outcome.event, timeMonths: null };
  const codes = outcome.kind === "competing_risks" ? [0, 1, 2] : [0, 1];
  if (outcome.status === null || outcome.timeMonths === null || !codes.includes(outcome.status)) return null;
  return { event: outcome.status as 0 | 1 | 2, timeMonths: outcome.timeMonths };
}

/** The status code that is the spec's event: 1, or for relapse_vs_nrm its cause's (1 relapse, 2 NRM). */
export function eventStatusOf(spec: ModelSpec): number {
  return isCompetingEndpoint(spec.endpoint) ? causeStatusOf(spec) : 1;
}

/** Rows with the spec's event (of its cause, for a competing-risks endpoint). */
export function eventsOf(spec: ModelSpec, outcome: readonly number[]): number {
  const code = eventStatusOf(spec);
  let n = 0;
  for (const y of outcome) if (y === code) n++;
  return n;
}

/**
 * sha256 of the rows a model was fitted on (patient, cohort, centre, values, outcome) and the column
 * names: two trainings share it exactly when they saw the same data.
 */
export function dataSnapshotHash(table: FeatureTable): string {
  const rows = table.rows.map((r) => [
    r.patientId,
    r.cohort,
    r.center,
    r.values,
    r.outcome?.kind === "binary"
      ? r.outcome.event
      : r.outcome
        ? [r.outcome.status, r.outcome.timeMonths]
        : null,
  ]);
  return sha256Hex(JSON.stringify({ columns: table.columns.map((c) => c.name), rows }));
}
