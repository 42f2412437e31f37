import type { DemoTrainingModel, DemoTrainingStatus, TrainingStage } from "./labApiTypes.js";

/** How often the lab pages ask again while the server trains the demo models. */
export const TRAINING_POLL_MS = 2000;

export function isTraining(status: DemoTrainingStatus | null | undefined): boolean {
  return status?.state === "running";
}

const STAGE_TEXT: Record<TrainingStage, string> = {
  queued: "waiting for its turn",
  training: "fitting the model on the demo study",
  validating: "validating: nested cross-validation, bootstrap optimism, leave-one-centre-out",
  transport: "transport analysis 3L+ → 2L",
  ready: "ready",
  failed: "failed",
};

/** One model's line under its progress bar: the stage in words, then the server's own message. */
export function stageText(model: DemoTrainingModel): string {
  const stage = STAGE_TEXT[model.stage] ?? model.stage;
  if (model.stage === "failed") return model.error ? `failed: ${model.error}` : "failed";
  const message = model.message.trim();
  return message.length > 0 && message !== stage ? `${stage} — ${message}` : stage;
}

/** 0..100 for a progress bar; a ready model is full whatever the last reported fraction. */
export function progressPercent(model: DemoTrainingModel): number {
  if (model.stage === "ready") return 100;
  const p = Number.isFinite(model.progress) ? model.progress : 0;
  return Math.round(Math.min(1, Math.max(0, p)) * 100);
}

/** The sentence at the top of the lab page, saying what the server is doing and that the page follows it. */
export function trainingSummary(status: DemoTrainingStatus): string {
  const total = status.models.length;
  const ready = status.models.filter((m) => m.stage === "ready").length;
  const failed = status.models.filter((m) => m.stage === "failed").length;
  switch (status.state) {
    case "running":
      return (
        `The server is training the ${total} demo models on the synthetic study in the background ` +
        `(${ready} of ${total} ready). This happens once, on the first start, and takes a few minutes; ` +
        "this page updates by itself."
      );
    case "failed":
      return `Training the demo models failed for ${failed} of ${total}; the others are listed below. The reasons are shown under each model.`;
    case "ready":
      return `The ${total} demo models were trained and validated on the synthetic study.`;
    default:
      return "No demo models are being trained.";
  }
}
