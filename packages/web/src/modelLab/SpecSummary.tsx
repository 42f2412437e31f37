import { formatNumber } from "../format/numbers.js";
import {
  CAUSE_SPECIFIC_SOURCES,
  causeAucName,
  competingCauseOf,
  cumulativeIncidenceText,
} from "../lab/competing.js";
import type { ModelRecord } from "../lab/labApiTypes.js";
import {
  cohortLabel,
  formatDay,
  formatEstimate,
  formatWithCi,
  gridEntryText,
  landmarkLabel,
  learnerLabel,
} from "../lab/labFormat.js";
import { Sourced } from "../lab/Sourced.js";
import { isSurvivalEndpoint, monthsText, survivalEventNoun } from "../lab/survival.js";
import { modalityLabel } from "../lab/waterfall.js";

function List({ items }: { items: string[] }) {
  return <>{items.join(", ")}</>;
}

/** What the model is: endpoint, population, landmark, features, learner and how it is validated. */
export function SpecSummary({
  model,
  featureLabel,
  chosen,
}: {
  model: ModelRecord;
  featureLabel: (feature: string) => string;
  /** Grid index chosen in each outer fold of the newest validation, when there is one. */
  chosen: readonly number[] | null;
}) {
  const { spec, metrics } = model;
  const f = spec.features;
  const none = (f.variables?.length ?? 0) + (f.modalities?.length ?? 0) + (f.derived?.length ?? 0) === 0;
  const v = spec.validation;
  const apparent = metrics.apparent;
  const survival = apparent.survival ?? null;
  const horizon = spec.horizonMonths ?? survival?.horizonMonths ?? null;
  const cause = competingCauseOf(spec.endpoint, spec.cause, survival?.competing?.cause);
  return (
    <section className="panel panel-wide" aria-labelledby="spec-title" data-testid="model-spec">
      <h2 id="spec-title">What this model is</h2>
      <dl className="spec-list">
        <div>
          <dt>Predicts</dt>
          {cause !== null && horizon !== null ? (
            <dd data-testid="model-predicts">
              the <strong>{cumulativeIncidenceText(cause, horizon)}</strong> from the landmark: the absolute
              risk of {cause.event}, with {cause.competing} as a competing event (a Kaplan–Meier risk would
              count the competing event as censoring and overstate it), from cause-specific
              proportional-hazards models of both causes with Breslow baselines ({CAUSE_SPECIFIC_SOURCES}){" "}
              <code className="field-name">
                {spec.endpoint} · {cause.cause}
              </code>
            </dd>
          ) : isSurvivalEndpoint(spec.endpoint) && horizon !== null ? (
            <dd data-testid="model-predicts">
              the risk of <strong>{survivalEventNoun(spec.endpoint)}</strong> by {monthsText(horizon)} from
              the landmark, 1 − S({formatNumber(horizon)} months | x), from a proportional-hazards model with
              a Breslow baseline; patients censored before then count with their follow-up{" "}
              <code className="field-name">{spec.endpoint}</code>
            </dd>
          ) : (
            <dd>
              the probability of <strong>{metrics.event}</strong>{" "}
              <code className="field-name">{spec.endpoint}</code>
            </dd>
          )}
        </div>
        <div>
          <dt>Population</dt>
          <dd>
            infused, consenting patients of cohort {cohortLabel(spec.cohort)}; {metrics.n} patients with{" "}
            {metrics.nEvents} events, from {metrics.centers.length} centres
            {Object.keys(metrics.byCohort).length > 1
              ? ` (${Object.entries(metrics.byCohort)
                  .map(([cohort, c]) => `${cohort}: ${c.n} / ${c.nEvents} events`)
                  .join("; ")})`
              : ""}
          </dd>
        </div>
        <div>
          <dt>Landmark</dt>
          <dd>
            {landmarkLabel(spec.landmark)}: only values known by then are used; the outcome counts from it
            (from infusion for earlier landmarks)
          </dd>
        </div>
        <div>
          <dt>Features</dt>
          <dd data-testid="model-features">
            {none ? (
              "everything known at the landmark (every modality and every computable score)"
            ) : (
              <ul className="plain-list">
                {f.variables && f.variables.length > 0 ? (
                  <li>
                    variables: <List items={f.variables.map(featureLabel)} />
                  </li>
                ) : null}
                {f.modalities && f.modalities.length > 0 ? (
                  <li>
                    modalities: <List items={f.modalities.map(modalityLabel)} />
                  </li>
                ) : null}
                {f.derived && f.derived.length > 0 ? (
                  <li>
                    derived scores: <List items={f.derived} />
                  </li>
                ) : null}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Learner</dt>
          <dd>
            {learnerLabel(spec.learner.kind)}; the model version is fitted with the first grid entry on every
            training row
            <table className="data-table grid-table">
              <thead>
                <tr>
                  <th scope="col">Grid entry</th>
                  <th scope="col">Hyperparameters</th>
                  {chosen !== null ? (
                    <th scope="col" className="num">
                      Chosen in outer folds
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {spec.learner.grid.map((_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: grid entries are identified by their position
                  <tr key={i}>
                    <th scope="row">{i + 1}</th>
                    <td>{gridEntryText(spec.learner, i)}</td>
                    {chosen !== null ? (
                      <td className="num">
                        {chosen.filter((c) => c === i).length} of {chosen.length}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </dd>
        </div>
        <div>
          <dt>Validation design</dt>
          <dd>
            nested cross-validation ({v.outerFolds} outer × {v.innerFolds} inner folds, the grid tuned
            inside); bootstrap optimism correction ({v.bootstrapReplicates} replicates);{" "}
            {v.leaveOneCenterOut
              ? `leave-one-centre-out (centres with fewer than ${v.locoMinEvents} events or non-events pooled as “small centres”)`
              : "no leave-one-centre-out"}
            ;{" "}
            {v.transport
              ? `transport ${v.transport.development} → ${v.transport.target}`
              : "no transport analysis"}
            ; seed {v.seed}
          </dd>
        </div>
        <div>
          <dt>Apparent performance</dt>
          <dd>
            <Sourced
              source={`On the ${apparent.n} training rows themselves (v${model.version}): optimistic by construction; see the validation below`}
            >
              {cause !== null && survival !== null
                ? `Wolbers' C ${formatEstimate(survival.competing?.wolbersC, "not estimable")}, ${causeAucName(cause, survival.horizonMonths)} ${formatEstimate(apparent.auc)}; no calibration slope for a cumulative-incidence model`
                : survival?.harrellC
                  ? `Harrell's C ${formatWithCi(survival.harrellC.estimate, survival.harrellC.lower, survival.harrellC.upper)}, time-dependent AUC at ${monthsText(survival.horizonMonths)} ${formatEstimate(apparent.auc)}, `
                  : `AUC ${formatWithCi(apparent.auc, apparent.aucLower, apparent.aucUpper)}, `}
              {cause !== null && survival !== null
                ? ""
                : `calibration slope ${formatEstimate(apparent.calibrationSlope, "not estimable")}`}
            </Sourced>{" "}
            <span className="muted">(optimistic: the same rows fitted and scored)</span>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            v{model.version}, trained {formatDay(model.createdAt)} by {model.createdBy}; spec{" "}
            <code className="field-name" title={model.specHash}>
              {model.specHash.slice(0, 12)}
            </code>
            , data snapshot{" "}
            <code className="field-name" title={model.dataSnapshotHash}>
              {model.dataSnapshotHash.slice(0, 12)}
            </code>
          </dd>
        </div>
        <div>
          <dt>Intended use</dt>
          <dd>
            {spec.intendedUse ??
              "research use in the study; not stated in the spec (each prediction carries the generic statement)"}
          </dd>
        </div>
      </dl>
    </section>
  );
}
