import type { EChartsOption } from "echarts";
import type { CalibrationCurveJson, CalibrationGroupJson } from "../study/studyReportInput.js";
import { verticalWhiskers } from "./errorBars.js";
import { CHART_COLORS, CHART_TEXT_COLOR, renderSvgChart, type SvgChart, valueAxis } from "./svgChart.js";

/**
 * The calibration plot of the out-of-fold predictions as TRIPOD+AI item 23a asks for it (and as
 * rms::val.prob draws it): observed vs predicted risk by risk group with 95% CIs, the lowess
 * smooth when there is one, and the diagonal of perfect calibration. A time-to-event model's groups
 * have the Kaplan–Meier risk by the horizon as the observed value and no smooth; its axes say so.
 */
export function calibrationChart(
  groups: readonly CalibrationGroupJson[],
  curve: CalibrationCurveJson | null,
  id: string,
  axes: { predicted: string; observed: string } = {
    predicted: "Predicted probability",
    observed: "Observed proportion",
  },
): SvgChart {
  const values = [
    ...groups.flatMap((g) => [g.meanPredicted, g.observedUpper]),
    ...(curve?.points ?? []).flatMap((p) => [p.predicted, p.observed]),
  ].filter(Number.isFinite);
  // Zoom to the risks the model gives (a toxicity model rarely predicts above 40%), in steps of 0.1.
  const top = Math.min(1, Math.max(0.1, Math.ceil(Math.max(...values, 0) * 10 - 1e-9) / 10));
  const series: unknown[] = [
    {
      type: "line",
      name: "Perfect calibration",
      data: [
        [0, 0],
        [top, top],
      ],
      symbol: "none",
      lineStyle: { color: CHART_COLORS.grey, type: "dashed", width: 1 },
      itemStyle: { color: CHART_COLORS.grey },
    },
  ];
  if (curve && curve.points.length > 0) {
    series.push({
      type: "line",
      name: "Lowess smooth",
      data: curve.points.map((p) => [p.predicted, p.observed]),
      symbol: "none",
      lineStyle: { color: CHART_COLORS.blue, width: 2 },
      itemStyle: { color: CHART_COLORS.blue },
    });
  }
  series.push(
    verticalWhiskers(
      "95% CI",
      CHART_COLORS.orange,
      groups.map((g) => [g.meanPredicted, g.observedLower, g.observedUpper]),
    ),
    {
      type: "scatter",
      name: "Risk groups",
      data: groups.map((g) => [g.meanPredicted, g.observed]),
      symbolSize: 7,
      itemStyle: { color: CHART_COLORS.orange },
      z: 3,
    },
  );
  const option = {
    grid: { left: 56, right: 20, top: 36, bottom: 48 },
    legend: { top: 4, textStyle: { color: CHART_TEXT_COLOR, fontSize: 10 }, itemHeight: 8 },
    xAxis: valueAxis(axes.predicted, { min: 0, max: top }),
    yAxis: valueAxis(axes.observed, { min: 0, max: top, nameGap: 36 }),
    series,
  } as EChartsOption;
  return renderSvgChart(option, { id, width: 460, height: 380 });
}
