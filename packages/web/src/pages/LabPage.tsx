import { useApi } from "../api/useApi.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { StudyBanner } from "../components/StudyBanner.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { type CauseWording, causeAucName, competingCauseOf, isCompetingEndpoint } from "../lab/competing.js";
import type {
  Estimate,
  ModelDetailResponse,
  ModelListResponse,
  ModelSummary,
  ModelValidationSummary,
} from "../lab/labApiTypes.js";
import {
  cohortLabel,
  formatDay,
  formatEstimate,
  formatWithCi,
  landmarkLabel,
  learnerLabel,
} from "../lab/labFormat.js";
import { LAB_MODELS_API_PATH, modelApiPath } from "../lab/labPaths.js";
import { Sourced } from "../lab/Sourced.js";
import { isSurvivalEndpoint, monthsText } from "../lab/survival.js";
import { isTraining, TRAINING_POLL_MS } from "../lab/trainingStatus.js";
import { usePolledApi } from "../lab/usePolledApi.js";
import { TrainingStatusPanel } from "../modelLab/TrainingStatusPanel.js";
import { Link } from "../router/Link.js";
import { modelPagePath, transportPagePath } from "../router/routes.js";

function keepPolling(data: ModelListResponse): boolean {
  return isTraining(data.demoTraining);
}

/** "/lab": every registered model (newest version of each name) and what the server is training now. */
export function LabPage() {
  useDocumentTitle("Model lab");
  const state = usePolledApi<ModelListResponse>(LAB_MODELS_API_PATH, keepPolling, TRAINING_POLL_MS);
  if (state.status === "loading") return <Loading what="the model lab" />;
  if (state.status === "error") return <LoadError what="the model lab" error={state.error} />;
  const { models, demoTraining } = state.data;
  const anySurvival = models.some((m) => isSurvivalEndpoint(m.endpoint));
  const anyCompeting = models.some((m) => isCompetingEndpoint(m.endpoint));
  const discriminationHeader = [
    "Validated AUC",
    ...(anySurvival ? ["Harrell's C for a time-to-event model"] : []),
    ...(anyCompeting ? ["Wolbers' C for a competing-risks model"] : []),
  ].join(", or ");
  return (
    <>
      <StudyBanner detail="The models here are trained and validated on the synthetic demo study." />
      <h1 className="page-title">Model lab</h1>
      <p className="note">
        Each model predicts one event at one landmark. Its validated performance comes from nested
        cross-validation of the newest validation run; the apparent performance on the training rows is
        optimistic by construction and is shown on the model's page only.
      </p>
      <TrainingStatusPanel status={demoTraining} />
      <section className="panel panel-wide" aria-labelledby="models-title">
        <h2 id="models-title">Registered models</h2>
        {models.length === 0 ? (
          <p className="empty" data-testid="no-models">
            {isTraining(demoTraining)
              ? "No model is registered yet: the first one appears here as soon as its training finishes."
              : "No model is registered. Train one with `carta lab train SPEC.json`."}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data-table models-table" data-testid="models-table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Predicts</th>
                  <th scope="col">Landmark</th>
                  <th scope="col">Learner</th>
                  <th scope="col" className="num">
                    Version
                  </th>
                  <th scope="col" className="num">
                    Patients / events
                  </th>
                  <th scope="col">{discriminationHeader} (95% CI)</th>
                  <th scope="col" className="num">
                    Calibration slope
                  </th>
                </tr>
              </thead>
              <tbody>
                {models.map((model) => (
                  <ModelRow key={model.name} model={model} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/**
 * A time-to-event model's validated discrimination: Harrell's C with its CI, and the time-dependent AUC
 * at the horizon named as such. A server whose list does not carry the C and the horizon is asked for
 * the model's validation run.
 */
function SurvivalDiscrimination({
  model,
  validation: v,
}: {
  model: ModelSummary;
  validation: ModelValidationSummary;
}) {
  if (v.harrellC !== undefined && model.horizonMonths !== undefined)
    return <SurvivalCell model={model} v={v} harrellC={v.harrellC} horizon={model.horizonMonths} />;
  return <SurvivalCellFromRun model={model} v={v} />;
}

function SurvivalCellFromRun({ model, v }: { model: ModelSummary; v: ModelValidationSummary }) {
  const detail = useApi<ModelDetailResponse>(modelApiPath(model.name, model.version));
  if (detail.status === "loading") return <span className="muted">loading…</span>;
  const data = detail.status === "ok" ? detail.data : null;
  const run = data?.validation?.id === v.runId ? data.validation : null;
  const survival = run?.result.nestedCv.performance.survival ?? null;
  return (
    <SurvivalCell
      model={model}
      v={v}
      harrellC={survival?.harrellC ?? null}
      horizon={survival?.horizonMonths ?? data?.model.spec.horizonMonths ?? null}
    />
  );
}

function SurvivalCell({
  model,
  v,
  harrellC,
  horizon,
}: {
  model: ModelSummary;
  v: ModelValidationSummary;
  harrellC: Estimate | null;
  horizon: number | null;
}) {
  const source = `Nested cross-validation, validation run ${v.runId} of ${model.name} v${model.version} (${formatDay(v.createdAt)}); Harrell's C over all follow-up; time-dependent AUC at the horizon with inverse-probability-of-censoring weights`;
  const at = horizon === null ? "" : ` at ${monthsText(horizon)}`;
  return (
    <Sourced source={source} testId="model-c-index">
      {harrellC === null
        ? "Harrell's C not estimable"
        : `C ${formatWithCi(harrellC.estimate, harrellC.lower, harrellC.upper, "")}`}
      <span className="muted">
        {" "}
        · time-dependent AUC{at} {formatWithCi(v.auc, v.aucLower, v.aucUpper, "")}
      </span>
    </Sourced>
  );
}

/**
 * A competing-risks model's validated discrimination: Wolbers' C (no CI is computed for it) and the
 * cause's time-dependent AUC at the horizon. A server whose list does not carry Wolbers' C, the cause
 * and the horizon is asked for the model's validation run.
 */
function CompetingDiscrimination({
  model,
  validation: v,
}: {
  model: ModelSummary;
  validation: ModelValidationSummary;
}) {
  const cause = competingCauseOf(model.endpoint, model.cause);
  if (v.wolbersC !== undefined && cause !== null && model.horizonMonths !== undefined)
    return (
      <CompetingCell model={model} v={v} cause={cause} wolbersC={v.wolbersC} horizon={model.horizonMonths} />
    );
  return <CompetingCellFromRun model={model} v={v} />;
}

function CompetingCellFromRun({ model, v }: { model: ModelSummary; v: ModelValidationSummary }) {
  const detail = useApi<ModelDetailResponse>(modelApiPath(model.name, model.version));
  if (detail.status === "loading") return <span className="muted">loading…</span>;
  const data = detail.status === "ok" ? detail.data : null;
  const run = data?.validation?.id === v.runId ? data.validation : null;
  const survival = run?.result.nestedCv.performance.survival ?? null;
  const cause = competingCauseOf(
    model.endpoint,
    model.cause,
    data?.model.spec.cause,
    survival?.competing?.cause,
  );
  if (cause === null) return <span className="muted">cause not stated by the server</span>;
  return (
    <CompetingCell
      model={model}
      v={v}
      cause={cause}
      wolbersC={survival?.competing?.wolbersC ?? null}
      horizon={survival?.horizonMonths ?? data?.model.spec.horizonMonths ?? null}
    />
  );
}

function CompetingCell({
  model,
  v,
  cause,
  wolbersC,
  horizon,
}: {
  model: ModelSummary;
  v: ModelValidationSummary;
  cause: CauseWording;
  wolbersC: number | null;
  horizon: number | null;
}) {
  const source = `Nested cross-validation, validation run ${v.runId} of ${model.name} v${model.version} (${formatDay(v.createdAt)}); Wolbers' C of the predicted cumulative incidence of ${cause.short} truncated at the horizon (no standard error is computed), ${cause.competingShort} competing; time-dependent AUC of ${cause.short} at the horizon with inverse-probability-of-censoring weights`;
  return (
    <Sourced source={source} testId="model-wolbers-c">
      {wolbersC === null ? "Wolbers' C not estimable" : `Wolbers' C ${formatEstimate(wolbersC)}`}
      <span className="muted">
        {" "}
        · {causeAucName(cause, horizon)} {formatWithCi(v.auc, v.aucLower, v.aucUpper, "")}
      </span>
    </Sourced>
  );
}

function ModelRow({ model }: { model: ModelSummary }) {
  const v = model.validation;
  const source = v
    ? `Nested cross-validation, validation run ${v.runId} of ${model.name} v${model.version} (${formatDay(v.createdAt)}); AUC with DeLong CI`
    : "";
  return (
    <tr data-testid="model-row" data-model={model.name}>
      <th scope="row">
        <Link href={modelPagePath(model.name)} className="model-link">
          {model.name}
        </Link>
        {model.transportRunId !== null ? (
          <span className="row-links">
            {" · "}
            <Link href={transportPagePath(model.name)}>transport</Link>
          </span>
        ) : null}
      </th>
      <td>
        {model.event}
        <span className="muted"> · {cohortLabel(model.cohort)}</span>
      </td>
      <td>{landmarkLabel(model.landmark)}</td>
      <td>{learnerLabel(model.learner)}</td>
      <td className="num">
        v{model.version}
        <span className="muted"> · {formatDay(model.createdAt)}</span>
      </td>
      <td className="num">
        {model.n} / {model.nEvents}
      </td>
      <td data-testid="model-auc">
        {v === null ? (
          <span className="muted">not validated yet</span>
        ) : isCompetingEndpoint(model.endpoint) ? (
          <CompetingDiscrimination model={model} validation={v} />
        ) : isSurvivalEndpoint(model.endpoint) ? (
          <SurvivalDiscrimination model={model} validation={v} />
        ) : (
          <Sourced source={source}>{formatWithCi(v.auc, v.aucLower, v.aucUpper, "")}</Sourced>
        )}
      </td>
      <td className="num">
        {v === null ? (
          <span className="muted">—</span>
        ) : isCompetingEndpoint(model.endpoint) ? (
          <span
            className="muted"
            title="No calibration slope is estimated for a cumulative-incidence model; see the model's risk groups and calibration-in-the-large"
          >
            not estimated
          </span>
        ) : (
          <Sourced
            source={
              isSurvivalEndpoint(model.endpoint)
                ? `Coefficient of the out-of-fold linear predictor in a Cox model, validation run ${v.runId}`
                : `Calibration slope of the out-of-fold predictions, validation run ${v.runId}`
            }
          >
            {formatEstimate(v.calibrationSlope, "not estimable")}
          </Sourced>
        )}
      </td>
    </tr>
  );
}
