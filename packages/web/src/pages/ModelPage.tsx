import { useMemo } from "react";
import { useApi } from "../api/useApi.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { StudyBanner } from "../components/StudyBanner.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { featureLabeller } from "../lab/featureNames.js";
import type { ModelDetailResponse } from "../lab/labApiTypes.js";
import { formatDay } from "../lab/labFormat.js";
import { modelApiPath, runReportPath } from "../lab/labPaths.js";
import { transportOf } from "../lab/transport.js";
import { ExplanationsSection } from "../modelLab/ExplanationsSection.js";
import { SpecSummary } from "../modelLab/SpecSummary.js";
import { ValidationSection } from "../modelLab/ValidationSection.js";
import { Link } from "../router/Link.js";
import { LAB_PAGE_PATH, modelPagePath, parseVersion, transportPagePath } from "../router/routes.js";

/** "/lab/models/:name[?version=V]": one model version, its validation and its global explanations. */
export function ModelPage({ name, search }: { name: string; search: string }) {
  const version = parseVersion(search);
  useDocumentTitle(`Model ${name}`);
  const state = useApi<ModelDetailResponse>(modelApiPath(name, version));
  const dictionary = useDictionary();
  const detail = state.status === "ok" ? state.data : null;
  const featureLabel = useMemo(
    () => featureLabeller(detail?.explanations ?? null, dictionary.variable, dictionary.timePointLabel),
    [detail, dictionary],
  );

  if (state.status === "loading") return <Loading what={`model ${name}`} />;
  if (state.status === "error") {
    if (state.error.isNotFound)
      return (
        <div className="status status-error not-found" role="alert" data-testid="model-not-found">
          <h1 className="page-title">No such model</h1>
          <p>
            There is no model <strong>{name}</strong>
            {version === null ? "" : ` version ${version}`}. See the{" "}
            <Link href={LAB_PAGE_PATH}>model lab</Link> for the registered models; the demo models appear
            there while they are being trained.
          </p>
          <p className="status-detail">{state.error.message}</p>
        </div>
      );
    return <LoadError what={`model ${name}`} error={state.error} />;
  }

  const { model, versions, runs, validation } = state.data;
  const transport = transportOf(state.data);
  return (
    <article className="model-page" data-model={model.name} data-version={model.version}>
      <StudyBanner detail="This model was trained on the synthetic demo study." />
      <p className="breadcrumb">
        <Link href={LAB_PAGE_PATH}>Model lab</Link>
      </p>
      <h1 className="page-title">
        Model {model.name} <span className="muted">v{model.version}</span>
      </h1>
      <nav className="section-nav" aria-label="About this model">
        {versions.length > 1 ? (
          <span>
            Versions:{" "}
            {versions.map((v, i) => (
              <span key={v.version}>
                {i > 0 ? " · " : ""}
                {v.version === model.version ? (
                  <strong aria-current="page">v{v.version}</strong>
                ) : (
                  <Link href={modelPagePath(model.name, v.version)}>v{v.version}</Link>
                )}{" "}
                <span className="muted">({formatDay(v.createdAt)})</span>
              </span>
            ))}
          </span>
        ) : null}
        {transport !== null ? (
          <Link href={transportPagePath(model.name)} data-testid="transport-link">
            Transport 3L+ → 2L
          </Link>
        ) : null}
        <a href="#validation-title">Validation</a>
        <a href="#explanations-title">Explanations</a>
        {model.spec.learner.kind === "ebm" && state.data.explanations?.ebmShapes ? (
          <a href="#ebm-shapes-title" data-testid="ebm-shapes-link">
            EBM shape functions
          </a>
        ) : null}
      </nav>
      <SpecSummary
        model={model}
        featureLabel={featureLabel}
        chosen={validation?.result.nestedCv.chosen ?? null}
      />
      {validation === null ? (
        <section className="panel panel-wide" data-testid="validation">
          <h2>Validation</h2>
          <p className="empty">
            This version has not been validated yet: run <code>carta lab validate</code> with its spec. Until
            then the only performance known is the apparent one above, which is optimistic.
          </p>
        </section>
      ) : (
        <ValidationSection run={validation} model={model} featureLabel={featureLabel} />
      )}
      <ExplanationsSection explanations={state.data.explanations} model={model} />
      <section className="panel panel-wide" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs of this version</h2>
        {runs.length === 0 ? (
          <p className="empty">No validation or transport run yet.</p>
        ) : (
          <ul className="plain-list" data-testid="runs">
            {runs.map((run) => (
              <li key={run.id}>
                {run.kind} run <code className="field-name">{run.id}</code>, {formatDay(run.createdAt)}
                {run.jobId ? ` (background job ${run.jobId})` : ""}
                {run.kind === "validate" ? (
                  <>
                    {" "}
                    — <a href={runReportPath(run.id, "html")}>report</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
