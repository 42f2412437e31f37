import { useMemo } from "react";
import { Chart } from "../charts/Chart.js";
import { waterfallChartHeight, waterfallChartOption, waterfallScale } from "../charts/waterfallChart.js";
import { formatNumber } from "../format/numbers.js";
import type { PatientPrediction } from "../lab/labApiTypes.js";
import { asSentence, formatPoints, formatProbability, formatProbabilityRange } from "../lab/labFormat.js";
import { type OutcomeWords, outcomeText } from "../lab/outcomes.js";
import { Sourced, SourceNote } from "../lab/Sourced.js";
import { marginLink, modalityLabel, modalityPoints, waterfallSteps } from "../lab/waterfall.js";
import { Link } from "../router/Link.js";
import { patientPagePath } from "../router/routes.js";
import { ConformalLine, ModelFacts, ProbabilityBlock, ReasonsList } from "./PredictionParts.js";
import { MISSING_SOURCE, reasonsSource, SIMILAR_SOURCE } from "./predictionText.js";
import { usePredictionNaming } from "./usePredictionNaming.js";

export interface PredictionDetailProps {
  prediction: PatientPrediction;
  /** The recorded-values prediction when `prediction` is a what-if. */
  baseline?: PatientPrediction;
  words: OutcomeWords;
  /** A what-if request in flight or refused, said next to the numbers it would replace. */
  whatIfStatus?: { state: "computing" } | { state: "error"; message: string } | null;
}

/** Everything the decision page says about one model's prediction for the patient. */
export function PredictionDetail({ prediction: p, baseline, words, whatIfStatus }: PredictionDetailProps) {
  const naming = usePredictionNaming(p);
  const link = useMemo(() => marginLink(p), [p]);
  const steps = useMemo(() => waterfallSteps(p, p.reasons ?? [], link), [p, link]);
  const horizon = words.survival?.horizonMonths ?? null;
  const scale = useMemo(
    () => waterfallScale(horizon === null ? {} : { survival: { horizonMonths: horizon, eventNoun: "" } }),
    [horizon],
  );
  const waterfall = useMemo(() => waterfallChartOption(steps, scale), [steps, scale]);
  const modalities = useMemo(() => modalityPoints(p.base_margin, p.modalities, link), [p, link]);
  const measure = words.survival ? "risk" : "probability";
  const largest = Math.max(1e-9, ...modalities.map((m) => Math.abs(m.points)));
  return (
    <section
      className="panel panel-wide prediction-detail"
      aria-labelledby={`pred-${p.model.name}`}
      data-testid="prediction-detail"
      data-model={p.model.name}
    >
      <h2 id={`pred-${p.model.name}`}>
        {words.title}
        {baseline ? <span className="badge badge-what-if">what-if</span> : null}
      </h2>
      {whatIfStatus?.state === "computing" ? (
        <p className="status status-loading" role="status">
          Recomputing with the what-if values…
        </p>
      ) : null}
      {whatIfStatus?.state === "error" ? (
        <p className="status status-error" role="alert" data-testid="what-if-error">
          The what-if values were refused: {whatIfStatus.message}
        </p>
      ) : null}
      <div className="prediction-top">
        <div>
          <ProbabilityBlock prediction={p} words={words} baseline={baseline} />
          <ConformalLine prediction={p} words={words} />
          {(p.what_if ?? []).length > 0 ? (
            <ul className="what-if-used" data-testid="what-if-used">
              {(p.what_if ?? []).map((w) => (
                <li key={w.feature}>
                  {naming.label(w.feature)}: recorded {naming.value(w.feature, w.recorded)} → used{" "}
                  <strong>{naming.value(w.feature, w.used)}</strong>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <ModelFacts prediction={p} />
      </div>

      <h3>Why: the five strongest reasons</h3>
      <Chart
        option={waterfall}
        height={waterfallChartHeight(steps.length)}
        ariaLabel={`Waterfall from the model's base value ${formatProbability(steps[0]!.end / 100)} to this patient's ${formatProbability(p.probability)}`}
        testId="waterfall"
      />
      <ReasonsList prediction={p} words={words} />
      <SourceNote>
        {reasonsSource(p)} Orange raises the {measure}, blue lowers it.
      </SourceNote>

      <div className="panel-grid">
        <div className="figure" data-testid="modalities">
          <h3>By data source</h3>
          <table className="data-table modality-table">
            <thead>
              <tr>
                <th scope="col">Data source</th>
                <th scope="col" className="num">
                  Features
                </th>
                <th scope="col" className="num">
                  Effect
                </th>
                <th scope="col">
                  <span className="visually-hidden">Bar</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {modalities.map((m) => (
                <tr key={m.modality}>
                  <th scope="row">{modalityLabel(m.modality)}</th>
                  <td className="num">{m.features}</td>
                  <td className="num">{formatPoints(m.points)}</td>
                  <td className="bar-cell">
                    <span
                      className={m.points >= 0 ? "bar bar-up" : "bar bar-down"}
                      style={{ width: `${(Math.abs(m.points) / largest) * 100}%` }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <SourceNote>
            {asSentence(p.modalities_method)} Shown in points on the {measure} scale, the sources added to the
            base from the largest down.
          </SourceNote>
        </div>

        <div className="figure" data-testid="missing-inputs">
          <h3>Missing inputs</h3>
          {p.missing_inputs.length === 0 ? (
            <p className="empty">Every input of the model is recorded for this patient.</p>
          ) : (
            <>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col">Could move the estimate to</th>
                  </tr>
                </thead>
                <tbody>
                  {p.missing_inputs.map((m) => (
                    <tr key={m.feature}>
                      <th scope="row">{m.label ?? naming.label(m.feature)}</th>
                      <td>
                        {m.note ?? (
                          <Sourced
                            source={`${MISSING_SOURCE} Values tried: ${m.tried.map((t) => naming.value(m.feature, t)).join(", ")}.`}
                          >
                            {formatProbabilityRange(m.min_probability, m.max_probability)}
                          </Sourced>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <SourceNote>{MISSING_SOURCE}</SourceNote>
            </>
          )}
        </div>
      </div>

      <div className="figure" data-testid="similar-patients">
        <h3>The five most similar past patients</h3>
        {p.similar_patients.length === 0 ? (
          <p className="empty">No similar training patient could be compared.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Cohort</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Distance
                </th>
                <th scope="col" className="num">
                  Features compared
                </th>
              </tr>
            </thead>
            <tbody>
              {p.similar_patients.map((s) => (
                <tr key={s.patient_id} data-testid="similar-patient">
                  <th scope="row">
                    <Link href={patientPagePath(s.patient_id)} className="patient-link">
                      {s.patient_id}
                    </Link>
                  </th>
                  <td>{s.cohort ?? "—"}</td>
                  <td className={s.outcome === 1 ? "outcome-event" : "outcome-none"}>
                    {outcomeText(s.outcome, words, s.time_months)}
                  </td>
                  <td className="num">{formatNumber(s.distance)}</td>
                  <td className="num">{s.features_compared}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <SourceNote>{SIMILAR_SOURCE}</SourceNote>
      </div>
    </section>
  );
}
