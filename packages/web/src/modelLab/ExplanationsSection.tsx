import { useId, useMemo, useState } from "react";
import { beeswarmChartHeight, beeswarmChartOption } from "../charts/beeswarmChart.js";
import { Chart } from "../charts/Chart.js";
import { dependenceChartOption, dependenceData } from "../charts/dependenceChart.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { BEESWARM_TOP, beeswarmRows } from "../lab/beeswarm.js";
import { causeHazardScale, competingCauseOf } from "../lab/competing.js";
import type { GlobalExplanations, ModelRecord } from "../lab/labApiTypes.js";
import { formatEstimate } from "../lab/labFormat.js";
import {
  type MissingSignal,
  missingFeatureText,
  missingShareText,
  missingSignal,
  shareText,
} from "../lab/missingSignal.js";
import { NotComputed, SourceNote } from "../lab/Sourced.js";
import { marginScaleOf, type ShapScale, survivalEventNoun } from "../lab/survival.js";
import { modalityLabel } from "../lab/waterfall.js";
import { dictionaryVariableOf } from "../lab/whatIf.js";
import { EbmShapesSection } from "./EbmShapesSection.js";
import { ebmNaming } from "./ebmShapes.js";

/**
 * The model's global explanations: a SHAP beeswarm of the top features and one feature's dependence
 * plot; for an EBM, its shape functions and pair heatmaps follow in their own section.
 */
export function ExplanationsSection({
  explanations,
  model,
}: {
  explanations: GlobalExplanations | null;
  model: ModelRecord;
}) {
  const dictionary = useDictionary();
  const selectId = useId();
  const features = explanations?.features ?? [];
  const ranked = useMemo(() => [...features].sort((a, b) => b.meanAbsShap - a.meanAbsShap), [features]);
  const [selected, setSelected] = useState<string | null>(null);
  const current = ranked.find((f) => f.feature === selected) ?? ranked[0] ?? null;

  const codeLabel = useMemo(
    () => (feature: string, code: string) => {
      const entry = dictionaryVariableOf(feature, dictionary.variable);
      return entry === null ? code : dictionary.codeLabel(entry.id, code);
    },
    [dictionary],
  );
  const rows = useMemo(
    () =>
      beeswarmRows(ranked, BEESWARM_TOP, (feature) => {
        const entry = dictionaryVariableOf(feature, dictionary.variable);
        return entry?.codes?.map((c) => c.code);
      }),
    [ranked, dictionary],
  );
  const cause = competingCauseOf(model.spec.endpoint, model.spec.cause);
  // A competing-risks model is explained by its cause's own model, on that cause's log hazard.
  const scale: ShapScale = cause !== null ? causeHazardScale(cause) : marginScaleOf(model.spec.learner.kind);
  // A hazard is of the event itself; the horizon belongs to the risk, not to the log relative hazard.
  const event =
    scale === "log relative hazard" ? survivalEventNoun(model.spec.endpoint) : model.metrics.event;
  const missing = useMemo(() => missingSignal(explanations), [explanations]);
  const beeswarm = useMemo(() => beeswarmChartOption(rows, codeLabel, scale), [rows, codeLabel, scale]);
  const dependence = useMemo(
    () =>
      current === null
        ? null
        : dependenceChartOption(current, (code) => codeLabel(current.feature, code), scale),
    [current, codeLabel, scale],
  );
  const ebmShapes = explanations?.ebmShapes ?? null;
  const naming = useMemo(
    () => (ebmShapes === null ? null : ebmNaming(ebmShapes, explanations, dictionary)),
    [ebmShapes, explanations, dictionary],
  );
  const method =
    explanations?.method ??
    (model.spec.learner.kind === "boosted-trees" || model.spec.learner.kind === "boosted-trees-cox"
      ? "exact path-dependent TreeSHAP (Lundberg et al., Nat Mach Intell 2020)"
      : "linear SHAP, coefficient × (value − training mean)");

  return (
    <>
      <section className="panel panel-wide" aria-labelledby="explanations-title" data-testid="explanations">
        <h2 id="explanations-title">What drives the model</h2>
        {explanations === null || features.length === 0 ? (
          <NotComputed what="Global explanations" />
        ) : (
          <>
            <div className="figure" data-testid="beeswarm">
              <h3>
                SHAP values of the {Math.min(BEESWARM_TOP, features.length)} most important features, one dot
                per training patient
              </h3>
              <p className="legend-line" aria-hidden="true">
                <span className="swatch-scale" /> value low → high <span className="swatch swatch-missing" />{" "}
                missing
              </p>
              <Chart
                option={beeswarm}
                height={beeswarmChartHeight(rows.length)}
                ariaLabel={`Beeswarm plot of SHAP values for the ${rows.length} features with the largest mean absolute SHAP; the first is ${rows[0]?.label ?? ""}`}
                testId="beeswarm-chart"
              />
              <SourceNote>
                Each dot is one training patient of {model.name} v{model.version}; its position is the
                feature's contribution to the{" "}
                {cause !== null
                  ? `${scale} — the SHAP values of the model of ${cause.short} alone`
                  : `${scale} of ${event}`}{" "}
                ({method}), its colour the rank of the patient's value within the feature, grey where the
                value is missing.{" "}
                {scale === "log relative hazard"
                  ? "Positive: a higher hazard, so a higher risk of the event by the horizon. "
                  : ""}
                {cause !== null
                  ? `Positive: a higher hazard of ${cause.short}; its cumulative incidence also depends on the hazard of ${cause.competingShort}, which these values do not include. `
                  : ""}
                Features ordered by mean |SHAP|; at most 400 patients per feature are drawn.
              </SourceNote>
              {missing !== null ? <MissingLine signal={missing} /> : null}
            </div>
            {current !== null && dependence !== null ? (
              <div className="figure" data-testid="dependence">
                <h3>Dependence plot</h3>
                <label htmlFor={selectId} className="inline-label">
                  Feature{" "}
                  <select
                    id={selectId}
                    value={current.feature}
                    onChange={(event) => setSelected(event.target.value)}
                    data-testid="dependence-feature"
                  >
                    {ranked.map((f) => (
                      <option key={f.feature} value={f.feature}>
                        {f.label} (mean |SHAP| {formatEstimate(f.meanAbsShap)})
                      </option>
                    ))}
                  </select>
                </label>
                <Chart
                  option={dependence}
                  height={320}
                  ariaLabel={`SHAP value of ${current.label} against its value over the training patients`}
                  testId="dependence-chart"
                />
                <SourceNote>
                  {current.label}
                  {current.unit ? ` (${current.unit})` : ""}, {modalityLabel(current.modality)}:{" "}
                  {dependenceData(current).missing} training patients without a value are not drawn. Source:
                  the training rows of {model.name} v{model.version}, {method}.
                </SourceNote>
              </div>
            ) : null}
          </>
        )}
      </section>
      {ebmShapes !== null && naming !== null ? (
        <EbmShapesSection shapes={ebmShapes} model={model} naming={naming} />
      ) : null}
    </>
  );
}

/**
 * How much of the explanation sits on missing values (clinical-reference §D.6 item 3): the share of all
 * |SHAP|, and the features whose own |SHAP| sits most on their missing rows.
 */
function MissingLine({ signal }: { signal: MissingSignal }) {
  const tooltip = signal.features.map((f) => missingFeatureText(f, signal.rows)).join("\n");
  return (
    <div className="missing-signal">
      <p
        className="figure-summary"
        data-testid="missing-share"
        title={tooltip.length > 0 ? tooltip : undefined}
      >
        {missingShareText(signal)}
        {signal.features.length === 0
          ? ": no feature is missing in the training rows."
          : "; the features whose |SHAP| sits most on missing values:"}
      </p>
      {signal.features.length > 0 ? (
        <table className="data-table" data-testid="missing-table">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col" className="num">
                Rows missing
              </th>
              <th scope="col" className="num">
                Share of its |SHAP|
              </th>
            </tr>
          </thead>
          <tbody>
            {signal.features.map((f) => (
              <tr key={f.feature}>
                <th scope="row">{f.label}</th>
                <td className="num">
                  {f.rows}
                  {signal.rows === null ? "" : ` of ${signal.rows}`}
                </td>
                <td className="num">{shareText(f.shareOfShap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <SourceNote>
        carta adds no missingness indicators, but a tree routes a missing value by a learned direction and can
        still attribute to it; centre-driven missingness should not dominate the explanation
        (clinical-reference §D.6). Over all training rows, not only the dots drawn.
      </SourceNote>
    </div>
  );
}
