import type { EChartsOption } from "echarts";
import type { ExplanationFeature } from "../lab/labApiTypes.js";
import { formatEstimate, formatFeatureValue } from "../lab/labFormat.js";
import { isMarginScale, type ShapScale } from "../lab/survival.js";
import { escapeHtml } from "./escapeHtml.js";
import { AXIS_TEXT_COLOR, FONT_FAMILY, GRID_LINE_COLOR, MODEL_COLOR, REFERENCE_COLOR } from "./palette.js";

export interface DependenceData {
  /** [x, shap]: the value itself for a number, the level's position for a code or yes/no. */
  points: [number, number][];
  /** Level labels by position; empty for a numeric feature. */
  levels: string[];
  values: ExplanationFeature["points"][number]["value"][];
  missing: number;
}

/** A small deterministic spread within a level so that stacked dots stay countable. */
function jitter(index: number): number {
  return (((index * 0.618033988749895) % 1) - 0.5) * 0.4;
}

export function dependenceData(
  feature: ExplanationFeature,
  levelLabel: (code: string) => string = (code) => code,
): DependenceData {
  const present = feature.points.filter((p) => p.value !== null);
  const missing = feature.points.length - present.length;
  if (feature.type === "numeric") {
    return {
      points: present.map((p) => [p.value as number, p.shap]),
      levels: [],
      values: present.map((p) => p.value),
      missing,
    };
  }
  const codes = [...new Set(present.map((p) => String(p.value)))].sort((a, b) =>
    feature.type === "binary" ? Number(a) - Number(b) : a.localeCompare(b),
  );
  const levels = codes.map((c) =>
    feature.type === "binary" ? (c === "1" ? "yes" : c === "0" ? "no" : c) : levelLabel(c),
  );
  return {
    points: present.map((p, i) => [codes.indexOf(String(p.value)) + jitter(i), p.shap]),
    levels,
    values: present.map((p) => p.value),
    missing,
  };
}

/** One feature's SHAP value against its value over the training patients (the SHAP dependence plot). */
export function dependenceChartOption(
  feature: ExplanationFeature,
  levelLabel: (code: string) => string = (code) => code,
  /**
   * What the SHAP values are on: "log-odds", "log relative hazard" for a time-to-event model, or the
   * cause's log hazard for a competing-risks model.
   */
  marginScale: ShapScale = "log-odds",
): EChartsOption {
  const d = dependenceData(feature, levelLabel);
  const categorical = d.levels.length > 0;
  const axisName = feature.unit ? `${feature.label} (${feature.unit})` : feature.label;
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }).dataIndex;
        const value = formatFeatureValue(d.values[i] ?? null, {
          unit: feature.unit,
          type: feature.type,
          codeLabel: levelLabel,
        });
        return escapeHtml(`${feature.label}: ${value}`) + `<br/>SHAP ${formatEstimate(d.points[i]?.[1])}`;
      },
    },
    grid: { top: 16, left: 16, right: 20, bottom: 44 },
    xAxis: categorical
      ? {
          type: "value",
          name: axisName,
          nameLocation: "middle",
          nameGap: 28,
          axisLine: { onZero: false },
          min: -1,
          max: d.levels.length,
          interval: 1,
          splitLine: { show: false },
          axisLabel: { color: AXIS_TEXT_COLOR, formatter: (v: number) => d.levels[v] ?? "" },
        }
      : {
          type: "value",
          name: axisName,
          nameLocation: "middle",
          nameGap: 28,
          scale: true,
          axisLine: { onZero: false },
          axisLabel: { color: AXIS_TEXT_COLOR },
          splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
        },
    yAxis: {
      type: "value",
      name: isMarginScale(marginScale) ? `SHAP (${marginScale})` : `SHAP: ${marginScale}`,
      nameTextStyle: { color: AXIS_TEXT_COLOR, align: "left" },
      axisLabel: { color: AXIS_TEXT_COLOR },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    series: [
      {
        type: "scatter",
        name: feature.label,
        symbolSize: 6,
        itemStyle: { color: MODEL_COLOR, opacity: 0.6 },
        data: d.points,
        markLine: {
          silent: true,
          symbol: "none",
          label: { show: false },
          lineStyle: { color: REFERENCE_COLOR, width: 1 },
          data: [{ yAxis: 0 }],
        },
      },
    ],
  };
}
