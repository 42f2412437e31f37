import type { DemoTrainingStatus } from "../lab/labApiTypes.js";
import { demoModelTitle } from "../lab/outcomes.js";
import { ProgressBar } from "../lab/Sourced.js";
import { isTraining, progressPercent, stageText } from "../lab/trainingStatus.js";
import { Link } from "../router/Link.js";
import { LAB_PAGE_PATH } from "../router/routes.js";

/**
 * A demo model with no prediction for the patient, saying why: the server's refusal (e.g. a patient
 * outside the model's population), the model still being trained (with its progress), or not registered.
 */
export function UnavailableModel({
  name,
  error,
  training,
}: {
  name: string;
  error: string | null;
  training: DemoTrainingStatus | null;
}) {
  const progress = training?.models.find((m) => m.name === name);
  return (
    <article
      className="prediction-card prediction-unavailable"
      data-testid="prediction-card"
      data-model={name}
    >
      <h3>
        {demoModelTitle(name)} <span className="muted">({name})</span>
      </h3>
      {error !== null ? (
        <p className="status-error-text" data-testid="prediction-error">
          No prediction: {error}
        </p>
      ) : progress !== undefined && isTraining(training) && progress.stage !== "ready" ? (
        <div data-testid="prediction-training">
          <p>Being trained on the demo study; the prediction appears here when it is ready.</p>
          <ProgressBar percent={progressPercent(progress)} label={`${name}: ${progressPercent(progress)}%`} />
          <p className="training-stage">{stageText(progress)}</p>
        </div>
      ) : (
        <p className="empty">
          Model {name} is not registered on this server (see the <Link href={LAB_PAGE_PATH}>model lab</Link>).
        </p>
      )}
    </article>
  );
}
