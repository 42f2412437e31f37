import type { EChartsOption } from "echarts";
import { type BeeswarmRow, rankColor } from "../lab/beeswarm.js";
import { formatEstimate, formatFeatureValue } from "../lab/labFormat.js";
import { isMarginScale, type ShapScale } from "../lab/survival.js";
import { escapeHtml } from "./escapeHtml.js";
import { AXIS_TEXT_COLOR, FONT_FAMILY, GRID_LINE_COLOR, REFERENCE_COLOR } from "./palette.js";

export const BEESWARM_ROW_HEIGHT = 34;

export function beeswarmChartHeight(rows: number): number {
  return 80 + Math.max(1, rows) * BEESWARM_ROW_HEIGHT;
}

/**
 * Rows sit at integer y positions on a value axis (−1 and n are empty padding rows) so that each dot
 * can be placed a fraction of a row off the line, which a category axis cannot do.
 */
export function beeswarmChartOption(
  rows: readonly BeeswarmRow[],
  codeLabel: (feature: string, code: string) => string = (_f, code) => code,
  /**
   * What the SHAP values are on: "log-odds", "log relative hazard" for a time-to-event model, or the
   * cause's log hazard for a competing-risks model.
   */
  marginScale: ShapScale = "log-odds",
): EChartsOption {
  const tooltips: string[] = [];
  const data: { value: [number, number]; itemStyle: { color: string } }[] = [];
  rows.forEach((row, r) => {
    for (const p of row.points) {
      data.push({ value: [p.shap, r + p.offset], itemStyle: { color: rankColor(p.rank) } });
      // A missing value is drawn grey and said so: a tree routes it and may attribute to it (§D.6 item 3).
      const value =
        p.value === null
          ? "missing (grey)"
          : formatFeatureValue(p.value, { unit: row.unit, codeLabel: (c) => codeLabel(row.feature, c) });
      tooltips.push(`${row.label}: ${value}\n` + `SHAP ${formatEstimate(p.shap)} (${marginScale})`);
    }
  });
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) =>
        escapeHtml(tooltips[(params as { dataIndex: number }).dataIndex] ?? "").replace(/\n/g, "<br/>"),
    },
    grid: { top: 12, left: 8, right: 24, bottom: 44 },
    xAxis: {
      type: "value",
      name: isMarginScale(marginScale)
        ? `SHAP value: contribution to the ${marginScale} of the event`
        : `SHAP value: contribution to the ${marginScale}`,
      nameLocation: "middle",
      nameGap: 28,
      // The rows sit on integer y values: an axis line "on zero" would run through the first row.
      axisLine: { onZero: false },
      axisLabel: { color: AXIS_TEXT_COLOR },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    yAxis: {
      type: "value",
      inverse: true,
      min: -1,
      max: rows.length,
      interval: 1,
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: {
        color: AXIS_TEXT_COLOR,
        width: 240,
        overflow: "truncate",
        formatter: (value: number) => rows[value]?.label ?? "",
      },
    },
    series: [
      {
        type: "scatter",
        name: "training patients",
        symbolSize: 5,
        data,
        markLine: {
          silent: true,
          symbol: "none",
          label: { show: false },
          lineStyle: { color: REFERENCE_COLOR, width: 1 },
          data: [{ xAxis: 0 }],
        },
      },
    ],
  };
}
