import { useId, useMemo, useState } from "react";
import { Chart } from "../charts/Chart.js";
import {
  ebmPairHeatmapData,
  ebmPairHeatmapHeight,
  ebmPairHeatmapOption,
  NEUTRAL_COLOR,
} from "../charts/ebmPairHeatmap.js";
import { ebmShapeChartOption, formatLogOdds, trainingPatients } from "../charts/ebmShapeChart.js";
import { GRID_LINE_COLOR, LOWERS_COLOR, RAISES_COLOR } from "../charts/palette.js";
import type { EbmPairShape, EbmShapes, ModelRecord } from "../lab/labApiTypes.js";
import { formatEstimate } from "../lab/labFormat.js";
import { SourceNote } from "../lab/Sourced.js";
import {
  axisBinLabel,
  type EbmNaming,
  labelWithUnit,
  pairsByImportance,
  shapeRows,
  shapesByImportance,
} from "./ebmShapes.js";

/**
 * An explainable boosting machine is its shape functions (Lou et al., KDD 2013; Nori et al.,
 * InterpretML 2019): the model adds one learned score per feature value and one per pair cell. The
 * figures show those scores as the model holds them, with the training patients behind each bin.
 */
export function EbmShapesSection({
  shapes,
  model,
  naming,
}: {
  shapes: EbmShapes;
  model: ModelRecord;
  naming: EbmNaming;
}) {
  const selectId = useId();
  const ranked = useMemo(() => shapesByImportance(shapes), [shapes]);
  const pairs = useMemo(() => pairsByImportance(shapes), [shapes]);
  const [selected, setSelected] = useState<string | null>(null);
  const current = ranked.find((s) => s.feature === selected) ?? ranked[0] ?? null;
  const event = model.metrics.event;
  const option = useMemo(
    () =>
      current === null
        ? null
        : ebmShapeChartOption(current, {
            name: labelWithUnit(naming, current.feature),
            event,
            level: (code) => naming.level(current.feature, code),
          }),
    [current, naming, event],
  );

  return (
    <section className="panel panel-wide" aria-labelledby="ebm-shapes-title" data-testid="ebm-shapes">
      <h2 id="ebm-shapes-title">EBM shape functions</h2>
      <p data-testid="ebm-score-caption">
        Scores are on the log-odds scale: above 0 the model's probability of <strong>{event}</strong> is
        higher, below 0 lower. A patient's log-odds is the intercept ({formatLogOdds(shapes.intercept)}) plus
        one score per feature and one per pair.
      </p>
      {current !== null && option !== null ? (
        <div className="figure" data-testid="ebm-shape" data-feature={current.feature}>
          <h3>Shape function</h3>
          <label htmlFor={selectId} className="inline-label">
            Feature{" "}
            <select
              id={selectId}
              value={current.feature}
              onChange={(e) => setSelected(e.target.value)}
              data-testid="ebm-feature"
            >
              {ranked.map((s) => (
                <option key={s.feature} value={s.feature}>
                  {naming.label(s.feature)} (importance {formatEstimate(s.importance)})
                </option>
              ))}
            </select>
          </label>
          <Chart
            option={option}
            height={320}
            ariaLabel={`Shape function of ${naming.label(current.feature)}: the log-odds score the model adds for each ${current.type === "numeric" ? "value range" : "level"}, above 0 meaning a higher probability of ${event}`}
            testId="ebm-shape-chart"
          />
          <p data-testid="ebm-missing">
            Value missing: {trainingPatients(current.missing.count)}
            {current.missing.count > 0
              ? `, score ${formatLogOdds(current.missing.score)} (log-odds)`
              : `; a patient without a value gets ${formatLogOdds(current.missing.score)}`}
            .
          </p>
          <SourceNote>
            {current.type === "numeric"
              ? "The line is the score over each value bin; the grey histogram behind it shows where the training patients' values lie (bar area = patients in the bin, the count is in each bin's tooltip), so a step over a low bar rests on few patients."
              : "One bar per level, with its training patients under its name."}{" "}
            Importance = mean |score| over the {shapeRows(current)} training rows of {model.name} v
            {model.version}.
          </SourceNote>
        </div>
      ) : null}
      {pairs.length === 0 ? (
        <p className="empty">This model has no pair terms.</p>
      ) : (
        pairs.map((pair) => <PairFigure key={pair.features.join("×")} pair={pair} naming={naming} />)
      )}
    </section>
  );
}

/** The legend's sample of an empty cell, as the heatmap draws it: a white square with a grey outline. */
const EMPTY_CELL_SWATCH = { background: "#ffffff", border: `1px solid ${GRID_LINE_COLOR}`, borderRadius: 0 };

function PairFigure({ pair, naming }: { pair: EbmPairShape; naming: EbmNaming }) {
  const [rowFeature, columnFeature] = pair.features;
  const option = useMemo(
    () =>
      ebmPairHeatmapOption(pair, {
        rowName: labelWithUnit(naming, rowFeature),
        columnName: labelWithUnit(naming, columnFeature),
        rowBinLabels: pair.rows.map((b) => axisBinLabel(b, (code) => naming.level(rowFeature, code))),
        columnBinLabels: pair.columns.map((b) =>
          axisBinLabel(b, (code) => naming.level(columnFeature, code)),
        ),
      }),
    [pair, naming, rowFeature, columnFeature],
  );
  const maxAbs = useMemo(() => ebmPairHeatmapData(pair).maxAbs, [pair]);
  const title = `${naming.label(rowFeature)} × ${naming.label(columnFeature)}`;
  return (
    <div className="figure" data-testid="ebm-pair" data-features={pair.features.join(" ")}>
      <h3>Interaction: {title}</h3>
      <Chart
        option={option}
        height={ebmPairHeatmapHeight(pair)}
        ariaLabel={`Heatmap of the log-odds score the pair ${title} adds on top of both features' own shapes`}
        testId="ebm-pair-chart"
      />
      <p className="legend-line">
        lowers {formatLogOdds(-maxAbs)}
        <span
          className="swatch-scale"
          style={{
            background: `linear-gradient(to right, ${LOWERS_COLOR}, ${NEUTRAL_COLOR}, ${RAISES_COLOR})`,
          }}
        />
        {formatLogOdds(maxAbs)} raises <span className="swatch" style={EMPTY_CELL_SWATCH} /> no training
        patient
      </p>
      <SourceNote>
        The score this pair adds on top of both features' own shape functions: orange raises and blue lowers
        the probability. Cells without training patients are left blank. Importance{" "}
        {formatEstimate(pair.importance)} (mean |score| over the training rows).
      </SourceNote>
    </div>
  );
}
