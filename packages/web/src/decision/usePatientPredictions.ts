import type { ApiState } from "../api/useApi.js";
import type {
  DemoTrainingStatus,
  ModelListResponse,
  PatientPredictionsResponse,
} from "../lab/labApiTypes.js";
import { LAB_MODELS_API_PATH, patientPredictionsApiPath } from "../lab/labPaths.js";
import { isTraining, TRAINING_POLL_MS } from "../lab/trainingStatus.js";
import { usePolledApi } from "../lab/usePolledApi.js";

const NEVER = () => false;

function keepPolling(data: ModelListResponse): boolean {
  return isTraining(data.demoTraining);
}

/** How many demo models are ready: when it grows, the predictions are asked for again. */
export function readyCount(status: DemoTrainingStatus | null): number {
  return status?.models.filter((m) => m.stage === "ready").length ?? 0;
}

/**
 * A patient's predictions under the demo models, and the server's training status: while the demo
 * models are being trained the status is polled, and each model that becomes ready brings a new
 * request for the predictions (the ones shown stay until the new answer arrives).
 */
export function usePatientPredictions(patientId: string): {
  training: DemoTrainingStatus | null;
  predictions: ApiState<PatientPredictionsResponse>;
} {
  const lab = usePolledApi<ModelListResponse>(LAB_MODELS_API_PATH, keepPolling, TRAINING_POLL_MS);
  const training = lab.status === "ok" ? lab.data.demoTraining : null;
  const predictions = usePolledApi<PatientPredictionsResponse>(
    patientPredictionsApiPath(patientId),
    NEVER,
    TRAINING_POLL_MS,
    readyCount(training),
  );
  return { training, predictions };
}
