import {
  type Actor,
  DEMO_MODEL_NAMES,
  getModel,
  getModelRun,
  holdsOnlySyntheticPatients,
  listModelRuns,
  ModelNotFound,
  modelFeatureTable,
  PatientNotFound,
  type PatientPrediction,
  predictPatient,
  type Store,
} from "@carta/engine";
import type { DecisionPrediction, DecisionReportInput } from "./decision/decisionReportInput.js";
import type { StoredValidation, StudyReportInput, TransportResultJson } from "./study/studyReportInput.js";

/**
 * Report inputs read from the store, so that every number in a report comes from a stored run or a
 * computed prediction and none is typed by hand (issue 6, items 6 and 7).
 */

/** A run id that is not a validation run of a stored model. */
export class ReportNotAvailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportNotAvailable";
  }
}

/**
 * The TRIPOD+AI study report of one validation run: the model version it validated, the run, the
 * newest transport analysis of that version (a transport run, or the run's own transport part), and
 * the predictors as the model's feature table describes them, read with the caller's scope.
 */
export async function studyReportInputFromStore(
  store: Store,
  actor: Actor,
  runId: string,
  options: { generatedAt: string; studyName: string },
): Promise<StudyReportInput> {
  const run = await getModelRun(store, runId);
  if (!run) throw new ReportNotAvailable(`no model run "${runId}"`);
  if (run.kind !== "validate" || !run.result.validation) {
    throw new ReportNotAvailable(
      `run ${runId} is a ${run.kind} run; the study report is made from a validation run`,
    );
  }
  const model = await getModel(store, run.modelName, run.modelVersion);
  if (!model)
    throw new ModelNotFound(`model ${run.modelName} v${run.modelVersion} of run ${runId} is missing`);
  const runs = await listModelRuns(store, model.name, model.version);
  const transportRun = runs.filter((r) => r.kind === "transport" && r.result.transport).at(-1);
  const validation = run.result.validation as unknown as StoredValidation;
  const transport: StudyReportInput["transport"] = transportRun
    ? {
        id: transportRun.id,
        createdAt: transportRun.createdAt,
        result: transportRun.result.transport as unknown as TransportResultJson,
      }
    : validation.transport
      ? {
          id: run.id,
          createdAt: run.createdAt,
          result: validation.transport as unknown as TransportResultJson,
        }
      : null;
  const table = await modelFeatureTable(store, actor, model.spec);
  return {
    model,
    validation: { id: run.id, createdAt: run.createdAt, result: validation },
    transport,
    features: table.columns.map((c) => ({
      name: c.name,
      label: c.label,
      unit: c.unit,
      modality: c.modality,
      missing: c.missing,
      timePoint: c.timePoint,
      derivation: c.derivation,
    })),
    generatedAt: options.generatedAt,
    studyName: options.studyName,
    synthetic: await holdsOnlySyntheticPatients(store),
  };
}

/**
 * A prediction as the decision report reads it. For a competing-risks model the validation summary
 * the engine attaches has no C statistic (harrellC is null there), so Wolbers' C is read from the
 * validation run it names.
 */
export async function decisionPredictionOf(
  store: Store,
  prediction: PatientPrediction,
): Promise<DecisionPrediction> {
  const summary = prediction.model.validation;
  if (!summary || prediction.model.kind !== "cause-specific-cox") return prediction;
  const run = await getModelRun(store, summary.run_id);
  const wolbers = run?.result.validation?.nestedCv.performance.survival?.competing?.wolbersC ?? null;
  return { ...prediction, model: { ...prediction.model, validation: { ...summary, wolbers_c: wolbers } } };
}

/**
 * The one-page decision-support report of a patient: the prediction of each demo model present
 * (with the what-if inputs when given), and the models that could not predict with the reason.
 */
export async function decisionReportInputFromStore(
  store: Store,
  actor: Actor,
  patientId: string,
  options: { generatedAt: string; whatIf?: Readonly<Record<string, unknown>> },
): Promise<{ input: DecisionReportInput; predictions: PatientPrediction[] }> {
  const predictions: PatientPrediction[] = [];
  const shown: DecisionPrediction[] = [];
  const unavailable: { model: string; error: string }[] = [];
  for (const name of DEMO_MODEL_NAMES) {
    if (!(await getModel(store, name))) continue;
    try {
      // A what-if input one model does not use is left out for that model, not refused.
      const prediction = await predictPatient(store, actor, name, patientId, {
        ...(options.whatIf ? { whatIf: options.whatIf, whatIfOtherInputs: "ignore" as const } : {}),
      });
      predictions.push(prediction);
      shown.push(await decisionPredictionOf(store, prediction));
    } catch (err) {
      if (err instanceof PatientNotFound) throw err;
      if (!(err instanceof RangeError)) throw err;
      unavailable.push({ model: name, error: err.message });
    }
  }
  if (predictions.length === 0 && unavailable.length === 0) {
    throw new ReportNotAvailable("no demo model is trained yet; the decision report needs at least one");
  }
  const patient = await store.db
    .selectFrom("patients")
    .select("cohort")
    .where("id", "=", patientId)
    .executeTakeFirst();
  const cohort = patient?.cohort ?? "unknown";
  return {
    input: { patientId, cohort, generatedAt: options.generatedAt, predictions: shown, unavailable },
    predictions,
  };
}
