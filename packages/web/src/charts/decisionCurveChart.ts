import type { EChartsOption } from "echarts";
import type { DecisionCurve } from "../lab/labApiTypes.js";
import { formatProbability, formatSmall } from "../lab/labFormat.js";
import {
  AXIS_TEXT_COLOR,
  FONT_FAMILY,
  GRID_LINE_COLOR,
  MODEL_COLOR,
  REFERENCE_COLOR,
  TREAT_ALL_COLOR,
} from "./palette.js";

/**
 * Net benefit against the threshold probability (Vickers & Elkin, Med Decis Making 2006): the model,
 * treating everyone and treating no one. The y axis stops a little below zero, as is usual, because
 * "treat all" falls steeply at high thresholds and would flatten the range where decisions are made.
 */
export function decisionCurveYRange(curve: DecisionCurve): { min: number; max: number } {
  let top = 0.01;
  for (const v of [...curve.model, ...curve.treatAll]) if (Number.isFinite(v)) top = Math.max(top, v);
  // A step of 0.1 above 0.2 and 0.02 below keeps both ends on a tick.
  const step = top > 0.2 ? 0.1 : 0.02;
  const max = Math.round(Math.ceil((top * 1.05) / step) * step * 100) / 100;
  return { min: -Math.round(Math.max(step, Math.ceil((max * 0.2) / step) * step) * 100) / 100, max };
}

export function decisionCurveChartOption(curve: DecisionCurve): EChartsOption {
  const y = decisionCurveYRange(curve);
  const line = (name: string, values: readonly number[], color: string, dashed: boolean) => ({
    type: "line" as const,
    name,
    showSymbol: false,
    lineStyle: { color, width: dashed ? 1.5 : 2, type: dashed ? ("dashed" as const) : ("solid" as const) },
    itemStyle: { color },
    data: curve.thresholds.map((t, i) => [t, values[i] ?? null]),
  });
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    legend: { top: 0, left: 0, textStyle: { color: AXIS_TEXT_COLOR } },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v: unknown) => (typeof v === "number" ? formatSmall(v) : String(v)),
    },
    grid: { top: 40, left: 16, right: 20, bottom: 40 },
    xAxis: {
      type: "value",
      name: "threshold probability",
      nameLocation: "middle",
      nameGap: 30,
      min: 0,
      max: 1,
      axisLabel: { color: AXIS_TEXT_COLOR, formatter: (v: number) => formatProbability(v) },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    yAxis: {
      type: "value",
      name: "net benefit",
      nameLocation: "middle",
      nameGap: 44,
      min: y.min,
      max: y.max,
      nameTextStyle: { color: AXIS_TEXT_COLOR },
      axisLabel: { color: AXIS_TEXT_COLOR },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    series: [
      line("model", curve.model, MODEL_COLOR, false),
      line("treat all", curve.treatAll, TREAT_ALL_COLOR, true),
      line("treat none", curve.treatNone, REFERENCE_COLOR, true),
    ],
  };
}
