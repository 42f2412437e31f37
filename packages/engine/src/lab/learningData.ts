import type { FeatureTable } from "@carta/clinical";
import type { FeatureCell, FeatureColumnSpec, ModelSpec } from "@carta/ml";
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
  /** 1 = the endpoint's event, 0 = not. */
  outcome: number[];
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
  const completeOnly = spec.learner.kind === "elastic-net-logistic";
  const data: LearningData = {
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, levels: c.levels })),
    rows: [],
    outcome: [],
    centers: [],
    cohorts: [],
    dropped: { endpointMissing: 0, incomplete: 0 },
  };
  for (const row of table.rows) {
    const event = row.outcome?.kind === "binary" ? row.outcome.event : null;
    if (event === null) {
      data.dropped.endpointMissing++;
      continue;
    }
    if (completeOnly && row.values.some((v) => v === null)) {
      data.dropped.incomplete++;
      continue;
    }
    data.rows.push([...row.values]);
    data.outcome.push(event);
    data.centers.push(row.center);
    data.cohorts.push(row.cohort);
  }
  return data;
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
    r.outcome?.kind === "binary" ? r.outcome.event : null,
  ]);
  return sha256Hex(JSON.stringify({ columns: table.columns.map((c) => c.name), rows }));
}
