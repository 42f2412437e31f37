import { LoadError } from "../components/LoadStatus.js";
import { NOT_A_SUBSTITUTE } from "../decision/PredictionParts.js";
import { PredictionSummary } from "../decision/PredictionSummary.js";
import { UnavailableModel } from "../decision/UnavailableModel.js";
import { usePatientPredictions } from "../decision/usePatientPredictions.js";
import type { DemoTrainingStatus, PatientPredictionEntry } from "../lab/labApiTypes.js";
import { DEMO_MODEL_NAMES, predictionWords } from "../lab/outcomes.js";
import { Link } from "../router/Link.js";
import { decisionPagePath } from "../router/routes.js";

/**
 * The patient page's "Prediction" panel (JOURNEYS.md §1.3): each demo model's probability with its
 * interval and the strongest reasons, and a link to the full decision-support page. While the server
 * is still training the demo models, each missing model says how far its training has got.
 */
export function PredictionPanel({ patientId }: { patientId: string }) {
  const { training, predictions } = usePatientPredictions(patientId);
  return (
    <section
      className="panel panel-wide"
      aria-labelledby="prediction-title"
      id="prediction"
      data-testid="prediction-panel"
    >
      <h2 id="prediction-title">Prediction</h2>
      <p className="note">
        Model estimates at each model's landmark, from the study's registered models.{" "}
        <Link href={decisionPagePath(patientId)} data-testid="decision-link">
          Full decision support, with the reasons, similar patients and a what-if panel →
        </Link>
      </p>
      {predictions.status === "loading" ? (
        <p className="status status-loading" role="status" aria-live="polite">
          Computing the predictions (each with a bootstrap interval and a conformal set; this takes a few
          seconds)…
        </p>
      ) : predictions.status === "error" ? (
        <LoadError what="the predictions" error={predictions.error} />
      ) : (
        <div className="prediction-cards">
          {DEMO_MODEL_NAMES.map((name) => (
            <ModelSlot
              key={name}
              name={name}
              entry={predictions.data.predictions.find((e) => e.model === name)}
              training={training}
            />
          ))}
        </div>
      )}
      <p className="disclaimer">{NOT_A_SUBSTITUTE}</p>
    </section>
  );
}

function ModelSlot({
  name,
  entry,
  training,
}: {
  name: string;
  entry: PatientPredictionEntry | undefined;
  training: DemoTrainingStatus | null;
}) {
  if (entry !== undefined && "prediction" in entry) {
    const p = entry.prediction;
    return <PredictionSummary prediction={p} words={predictionWords(p.model)} />;
  }
  return (
    <UnavailableModel
      name={name}
      error={entry !== undefined && "error" in entry ? entry.error : null}
      training={training}
    />
  );
}
