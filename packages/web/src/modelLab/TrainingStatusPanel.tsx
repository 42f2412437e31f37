import type { DemoTrainingStatus } from "../lab/labApiTypes.js";
import { ProgressBar } from "../lab/Sourced.js";
import { progressPercent, stageText, trainingSummary } from "../lab/trainingStatus.js";
import { Link } from "../router/Link.js";
import { modelPagePath } from "../router/routes.js";

/** What the server is doing with the demo models: one progress bar and stage per model. */
export function TrainingStatusPanel({ status }: { status: DemoTrainingStatus }) {
  if (status.state === "none" || status.models.length === 0) return null;
  const running = status.state === "running";
  return (
    <section
      className={`panel panel-wide training-status training-${status.state}`}
      aria-labelledby="training-title"
      data-testid="demo-training"
      data-state={status.state}
    >
      <h2 id="training-title">{running ? "Training the demo models" : "Demo models"}</h2>
      <p role="status" aria-live="polite" data-testid="demo-training-summary">
        {trainingSummary(status)}
      </p>
      <ul className="training-list">
        {status.models.map((model) => {
          const percent = progressPercent(model);
          return (
            <li
              key={model.name}
              data-testid="demo-training-model"
              data-model={model.name}
              data-stage={model.stage}
            >
              <div className="training-line">
                {model.stage === "ready" ? (
                  <Link href={modelPagePath(model.name)} className="training-name">
                    {model.name}
                  </Link>
                ) : (
                  <span className="training-name">{model.name}</span>
                )}
                <span className="training-percent">{percent}%</span>
              </div>
              <ProgressBar percent={percent} label={`${model.name}: ${percent}%`} />
              <p className={model.stage === "failed" ? "training-stage training-failed" : "training-stage"}>
                {stageText(model)}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
