import { useCallback, useMemo, useState } from "react";
import { patientApiPath } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import type { PatientDetail } from "../apiTypes.js";
import { COHORT_LABELS } from "../cohorts.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { StudyBanner } from "../components/StudyBanner.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { PredictionDetail } from "../decision/PredictionDetail.js";
import { NOT_A_SUBSTITUTE } from "../decision/PredictionParts.js";
import { UnavailableModel } from "../decision/UnavailableModel.js";
import { usePatientPredictions } from "../decision/usePatientPredictions.js";
import { useWhatIfPredictions } from "../decision/useWhatIfPredictions.js";
import { WhatIfPanel } from "../decision/WhatIfPanel.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import type { PatientPrediction } from "../lab/labApiTypes.js";
import { DEMO_MODEL_NAMES, predictionWords } from "../lab/outcomes.js";
import {
  byInfluence,
  dictionaryVariableOf,
  whatIfFields,
  whatIfKey,
  whatIfOverrides,
} from "../lab/whatIf.js";
import { Link } from "../router/Link.js";
import { patientPagePath } from "../router/routes.js";

/**
 * "/patients/:id/decision": decision support for one patient (JOURNEYS.md §1.3–1.6) — each demo model's
 * estimate with its uncertainty and reasons, the data sources, missing inputs, similar past patients,
 * the model's validation, and a what-if panel that recomputes as the inputs change.
 */
export function DecisionPage({ patientId }: { patientId: string }) {
  useDocumentTitle(`Decision support · ${patientId}`);
  const patient = useApi<PatientDetail>(patientApiPath(patientId));
  const { training, predictions } = usePatientPredictions(patientId);
  const dictionary = useDictionary();

  const bases = useMemo<PatientPrediction[]>(
    () =>
      predictions.status === "ok"
        ? predictions.data.predictions.flatMap((e) => ("prediction" in e ? [e.prediction] : []))
        : [],
    [predictions],
  );
  const codeLabel = useCallback(
    (feature: string, code: string) => {
      const entry = dictionaryVariableOf(feature, dictionary.variable);
      return entry === null ? code : dictionary.codeLabel(entry.id, code);
    },
    [dictionary],
  );
  const fields = useMemo(
    () => byInfluence(whatIfFields(bases, dictionary.variable), bases),
    [bases, dictionary],
  );
  const [edits, setEdits] = useState<Record<string, string>>({});
  const { whatIf, errors } = useMemo(() => whatIfOverrides(fields, edits), [fields, edits]);
  const key = whatIfKey(whatIf);
  const whatIfResults = useWhatIfPredictions(patientId, bases, key);

  const onEdit = useCallback((feature: string, text: string | null) => {
    setEdits((previous) => {
      const next = { ...previous };
      if (text === null) delete next[feature];
      else next[feature] = text;
      return next;
    });
  }, []);

  if (patient.status === "loading") return <Loading what={`patient ${patientId}`} />;
  if (patient.status === "error") return <LoadError what={`patient ${patientId}`} error={patient.error} />;
  const p = patient.data;

  return (
    <article className="decision-page" data-patient-id={p.id}>
      {p.synthetic ? <StudyBanner detail="This patient was generated for demonstration." /> : null}
      <p className="breadcrumb">
        <Link href={patientPagePath(p.id)}>Patient {p.id}</Link>
      </p>
      <h1 className="page-title">
        Decision support: <span className="patient-id">{p.id}</span>{" "}
        <span className="muted">
          {COHORT_LABELS[p.cohort]} · {p.center}
        </span>
      </h1>
      <p className="caution" data-testid="decision-caution">
        These are model estimates from the study's registered models, each at its own landmark, with the
        model's version and validation beside every number (hover or focus a number to see where it comes
        from). <strong>{NOT_A_SUBSTITUTE}</strong>
      </p>
      {predictions.status === "loading" ? (
        <p className="status status-loading" role="status" aria-live="polite">
          Computing the predictions (each with a bootstrap interval and a conformal set; this takes a few
          seconds)…
        </p>
      ) : predictions.status === "error" ? (
        <LoadError what="the predictions" error={predictions.error} />
      ) : (
        <div className="decision-layout">
          <div className="decision-main">
            {DEMO_MODEL_NAMES.map((name) => {
              const entry = predictions.data.predictions.find((e) => e.model === name);
              if (entry === undefined || !("prediction" in entry))
                return (
                  <UnavailableModel
                    key={name}
                    name={name}
                    error={entry !== undefined && "error" in entry ? entry.error : null}
                    training={training}
                  />
                );
              const base = entry.prediction;
              const result = whatIfResults[name];
              const shown = result?.prediction ?? null;
              return (
                <PredictionDetail
                  key={name}
                  prediction={shown ?? base}
                  baseline={shown === null ? undefined : base}
                  words={predictionWords(base.model)}
                  whatIfStatus={
                    result?.state === "computing"
                      ? { state: "computing" }
                      : result?.state === "error"
                        ? { state: "error", message: result.message ?? "" }
                        : null
                  }
                />
              );
            })}
          </div>
          {fields.length > 0 ? (
            <WhatIfPanel
              patientId={p.id}
              fields={fields}
              edits={edits}
              errors={errors}
              whatIf={whatIf}
              onEdit={onEdit}
              onResetAll={() => setEdits({})}
              codeLabel={codeLabel}
            />
          ) : null}
        </div>
      )}
    </article>
  );
}
