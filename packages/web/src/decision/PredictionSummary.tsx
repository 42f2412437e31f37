import { predictionCause } from "../lab/competing.js";
import type { PatientPrediction } from "../lab/labApiTypes.js";
import { formatEstimate, formatWithCi } from "../lab/labFormat.js";
import type { OutcomeWords } from "../lab/outcomes.js";
import { Sourced } from "../lab/Sourced.js";
import { Link } from "../router/Link.js";
import { modelPagePath } from "../router/routes.js";
import { ConformalLine, ProbabilityBlock, ReasonsList } from "./PredictionParts.js";
import { aucAtHorizonText, modelText, validationSource } from "./predictionText.js";

/** One model's prediction as a card on the patient page: the number, its uncertainty, the top reasons. */
export function PredictionSummary({
  prediction: p,
  words,
}: {
  prediction: PatientPrediction;
  words: OutcomeWords;
}) {
  const v = p.model.validation ?? null;
  return (
    <article className="prediction-card" data-testid="prediction-card" data-model={p.model.name}>
      <h3>{words.title}</h3>
      <ProbabilityBlock prediction={p} words={words} />
      <ConformalLine prediction={p} words={words} />
      <ReasonsList prediction={p} words={words} limit={3} />
      <p className="source-note">
        <Link href={modelPagePath(p.model.name, p.model.version)}>{modelText(p)}</Link>
        {" · "}
        {v && predictionCause(p.model) !== null ? (
          <Sourced source={validationSource(p)}>validated {aucAtHorizonText(p)}</Sourced>
        ) : v?.c_index ? (
          <Sourced source={validationSource(p)}>
            validated C-index {formatWithCi(v.c_index.estimate, v.c_index.lower, v.c_index.upper)},
            calibration slope {formatEstimate(v.calibration_slope, "not estimable")}
          </Sourced>
        ) : v ? (
          <Sourced source={validationSource(p)}>
            validated AUC {formatWithCi(v.auc, v.auc_lower, v.auc_upper)}, calibration slope{" "}
            {formatEstimate(v.calibration_slope, "not estimable")}
          </Sourced>
        ) : (
          "not validated yet"
        )}
      </p>
    </article>
  );
}
