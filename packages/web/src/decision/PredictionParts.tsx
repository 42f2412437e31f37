import { predictionCause } from "../lab/competing.js";
import type { PatientPrediction } from "../lab/labApiTypes.js";
import {
  formatEstimate,
  formatPoints,
  formatProbability,
  formatProbabilityRange,
  formatWithCi,
} from "../lab/labFormat.js";
import {
  complementOf,
  conformalSetText,
  estimateName,
  type OutcomeWords,
  reasonMeasure,
} from "../lab/outcomes.js";
import { Sourced } from "../lab/Sourced.js";
import { Link } from "../router/Link.js";
import { modelPagePath } from "../router/routes.js";
import {
  aucAtHorizonText,
  conformalSource,
  intervalSource,
  modelText,
  probabilitySource,
  reasonSentence,
  reasonsSource,
  validationSource,
} from "./predictionText.js";
import { usePredictionNaming } from "./usePredictionNaming.js";

export const NOT_A_SUBSTITUTE = "Not a substitute for clinical judgement.";

/** The probability, its bootstrap interval and — for an adverse event told from its other side — 1 − p. */
export function ProbabilityBlock({
  prediction: p,
  words,
  baseline,
}: {
  prediction: PatientPrediction;
  words: OutcomeWords;
  /** The recorded-values prediction, when `prediction` is a what-if: shown as the change. */
  baseline?: PatientPrediction;
}) {
  const level = `${Math.round(p.interval.level * 100)}% interval`;
  const complement = words.complement
    ? complementOf({ probability: p.probability, lower: p.interval.lower, upper: p.interval.upper })
    : null;
  const delta = baseline ? (p.probability - baseline.probability) * 100 : null;
  return (
    <div className="probability-block">
      <p className="probability-line">
        <Sourced source={probabilitySource(p)} testId="probability">
          <span className="probability-number">{formatProbability(p.probability)}</span>
        </Sourced>{" "}
        <span className="probability-event">{estimateName(words)}</span>
      </p>
      <p className="interval-line">
        <Sourced source={intervalSource(p)} testId="interval">
          {level} {formatProbabilityRange(p.interval.lower, p.interval.upper)}
        </Sourced>
      </p>
      {baseline && delta !== null ? (
        <p className="what-if-change" data-testid="what-if-change">
          What if: {formatProbability(baseline.probability)} with the recorded values →{" "}
          <strong>{formatProbability(p.probability)}</strong> ({formatPoints(delta)})
        </p>
      ) : null}
      {complement && words.complement ? (
        <p className="complement-line" data-testid="complement">
          <Sourced source={`1 − the probability above, with its interval flipped (${modelText(p)})`}>
            {words.complement.title}: <strong>{formatProbability(complement.probability)}</strong> ({level}{" "}
            {formatProbabilityRange(complement.lower, complement.upper)})
          </Sourced>
        </p>
      ) : null}
    </div>
  );
}

export function ConformalLine({
  prediction: p,
  words,
}: {
  prediction: PatientPrediction;
  words: OutcomeWords;
}) {
  return (
    <p className="conformal-line" data-testid="conformal-text">
      <Sourced source={conformalSource(p)}>
        {conformalSetText(p.conformal_set, p.conformal.coverage, words)}
      </Sourced>
    </p>
  );
}

export function ReasonsList({
  prediction: p,
  words,
  limit = 5,
}: {
  prediction: PatientPrediction;
  words: OutcomeWords;
  limit?: number;
}) {
  const naming = usePredictionNaming(p);
  const reasons = (p.reasons ?? []).slice(0, limit);
  if (reasons.length === 0) return <p className="empty">The server sent no reasons with this prediction.</p>;
  return (
    <ol className="reasons" data-testid="reasons" title={reasonsSource(p)}>
      {reasons.map((r) => (
        <li key={r.feature} className={r.points >= 0 ? "reason-up" : "reason-down"}>
          {reasonSentence(r, naming.value(r.feature, r.value), words.event, reasonMeasure(words))}
        </li>
      ))}
    </ol>
  );
}

/** Which model, how well it validated, what it is for, and the sentence a physician must always see. */
export function ModelFacts({ prediction: p }: { prediction: PatientPrediction }) {
  const v = p.model.validation ?? null;
  return (
    <div className="model-facts" data-testid="model-facts">
      <p>
        <Link href={modelPagePath(p.model.name, p.model.version)}>{modelText(p)}</Link>, landmark{" "}
        {p.model.landmark}, trained on {p.training_data.rows} patients ({p.training_data.events} with the
        event).{" "}
        {v && predictionCause(p.model) !== null ? (
          <Sourced source={validationSource(p)} testId="validation-auc">
            Validated {aucAtHorizonText(p)}.
          </Sourced>
        ) : v?.c_index ? (
          <Sourced source={validationSource(p)} testId="validation-auc">
            Validated C-index {formatWithCi(v.c_index.estimate, v.c_index.lower, v.c_index.upper)};{" "}
            {aucAtHorizonText(p)}; calibration slope {formatEstimate(v.calibration_slope, "not estimable")}.
          </Sourced>
        ) : v ? (
          <Sourced source={validationSource(p)} testId="validation-auc">
            Validated AUC {formatWithCi(v.auc, v.auc_lower, v.auc_upper)}; calibration slope{" "}
            {formatEstimate(v.calibration_slope, "not estimable")}, intercept{" "}
            {formatEstimate(v.calibration_intercept, "not estimable")}.
          </Sourced>
        ) : (
          <span className="badge badge-warning">not validated yet</span>
        )}
      </p>
      {p.training_data.same_as_model ? null : (
        <p className="warning-line">
          The training rows read now differ from those this version was fitted on (new data, or fewer centres
          visible to you): the interval, conformal set, percentiles and similar patients come from the rows
          read now.
        </p>
      )}
      {p.model.intended_use ? <p>Intended use: {p.model.intended_use}</p> : null}
      <p className="disclaimer">{NOT_A_SUBSTITUTE}</p>
    </div>
  );
}
