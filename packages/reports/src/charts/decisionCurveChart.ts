import type { EChartsOption } from "echarts";
import type { DecisionCurveJson } from "../study/studyReportInput.js";
import { CHART_COLORS, CHART_TEXT_COLOR, renderSvgChart, type SvgChart, valueAxis } from "./svgChart.js";

/**
 * Net benefit against threshold probability for the model, treat all and treat none (Vickers & Elkin,
 * Med Decis Making 2006;26:565). The y axis stops a little below zero, as decision curves are drawn:
 * treat all falls steeply negative at high thresholds and would flatten everything else.
 */
export function decisionCurveChart(curve: DecisionCurveJson, id: string): SvgChart {
  const top = Math.max(
    0.05,
    ...curve.model.filter(Number.isFinite),
    ...curve.treatAll.filter(Number.isFinite),
  );
  const yMax = Math.ceil(top * 10 - 1e-9) / 10;
  const line = (name: string, values: number[], color: string, dashed = false) => ({
    type: "line",
    name,
    data: curve.thresholds.map((t, i) => [t, values[i]]),
    symbol: "none",
    clip: true,
    lineStyle: { color, width: dashed ? 1 : 2, type: dashed ? "dashed" : "solid" },
    itemStyle: { color },
  });
  const option = {
    grid: { left: 56, right: 20, top: 36, bottom: 48 },
    legend: { top: 4, textStyle: { color: CHART_TEXT_COLOR, fontSize: 10 }, itemHeight: 8 },
    xAxis: valueAxis("Threshold probability", { min: 0, max: 1 }),
    yAxis: valueAxis("Net benefit", { min: -0.05, max: yMax, nameGap: 40 }),
    series: [
      line("Model", curve.model, CHART_COLORS.blue),
      line("Treat all", curve.treatAll, CHART_COLORS.orange),
      line("Treat none", curve.treatNone, CHART_COLORS.grey, true),
    ],
  } as EChartsOption;
  return renderSvgChart(option, { id, width: 460, height: 320 });
}
