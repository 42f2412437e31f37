import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, EChartsOption } from "echarts";
import { escapeHtml } from "./escapeHtml.js";
import {
  AXIS_TEXT_COLOR,
  FONT_FAMILY,
  GRID_LINE_COLOR,
  HIGHLIGHT_COLOR,
  REFERENCE_COLOR,
} from "./palette.js";

/**
 * A forest plot: one row per group or predictor, each series a point with its confidence interval,
 * drawn side by side within the row when there are several (e.g. the effect in 3L+ and in 2L). A
 * summary value is a diamond spanning its CI with its prediction interval as a thinner line, the
 * usual picture of a random-effects estimate (Riley et al., BMJ 2011).
 */

export interface ForestValue {
  estimate: number;
  lower: number;
  upper: number;
  /** Prediction interval of a pooled estimate, drawn as a thin line beyond the diamond. */
  prediction?: { lower: number; upper: number };
  shape?: "square" | "diamond";
  /** Tooltip text (plain, escaped when shown). */
  tooltip: string;
}

export interface ForestRow {
  label: string;
  highlight?: boolean;
  /** One per series; null where the series has no estimate for the row. */
  values: (ForestValue | null)[];
}

export interface ForestSeries {
  name: string;
  color: string;
}

export interface ForestAxis {
  name: string;
  type: "value" | "log";
  min: number;
  max: number;
  /** The no-effect or chance line (1 for odds ratios, 0.5 for AUC). */
  reference: number;
}

export const FOREST_ROW_HEIGHT = 30;
const FOREST_CHROME = 90;

export function forestChartHeight(rows: number, seriesCount = 1): number {
  return FOREST_CHROME + Math.max(1, rows) * FOREST_ROW_HEIGHT * (seriesCount > 1 ? 1.4 : 1);
}

function clamp(value: number, axis: ForestAxis): number {
  return Math.min(axis.max, Math.max(axis.min, value));
}

/**
 * Axis limits that show every estimate and most of each interval, within hard bounds: an interval
 * running to ±infinity (separation in a small cohort) is cut at the bound rather than flattening the
 * rest of the plot; the tooltip keeps the real numbers.
 */
export function forestAxisRange(
  values: readonly (ForestValue | null)[],
  bounds: { min: number; max: number },
  reference: number,
): { min: number; max: number } {
  let lo = reference;
  let hi = reference;
  for (const v of values) {
    if (v === null) continue;
    for (const x of [v.estimate, v.lower, v.upper, v.prediction?.lower, v.prediction?.upper]) {
      if (x === undefined || !Number.isFinite(x)) continue;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return { min: Math.max(bounds.min, lo), max: Math.min(bounds.max, hi) };
}

interface Datum {
  value: [number, number, number, number, number, number];
  tooltip: string;
}

function renderer(seriesIndex: number, seriesCount: number, color: string, shapes: ("square" | "diamond")[]) {
  return (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
    const estimate = api.value(0) as number;
    const row = api.value(1) as number;
    const lower = api.value(2) as number;
    const upper = api.value(3) as number;
    const piLower = api.value(4) as number;
    const piUpper = api.value(5) as number;
    const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? FOREST_ROW_HEIGHT;
    const offset = seriesCount > 1 ? (seriesIndex - (seriesCount - 1) / 2) * band * 0.32 : 0;
    const [cx, cy] = api.coord([estimate, row]) as [number, number];
    const [lx] = api.coord([lower, row]) as [number, number];
    const [ux] = api.coord([upper, row]) as [number, number];
    const y = cy + offset;
    const shape = shapes[params.dataIndex] ?? "square";
    const children: unknown[] = [];
    if (Number.isFinite(piLower) && Number.isFinite(piUpper)) {
      const [pl] = api.coord([piLower, row]) as [number, number];
      const [pu] = api.coord([piUpper, row]) as [number, number];
      children.push({
        type: "line",
        shape: { x1: pl, y1: y, x2: pu, y2: y },
        style: { stroke: color, lineWidth: 1, lineDash: [4, 3] },
      });
    }
    if (shape === "diamond") {
      const h = Math.min(9, band * 0.3);
      children.push({
        type: "polygon",
        shape: {
          points: [
            [lx, y],
            [cx, y - h],
            [ux, y],
            [cx, y + h],
          ],
        },
        style: { fill: color },
      });
    } else {
      children.push(
        { type: "line", shape: { x1: lx, y1: y, x2: ux, y2: y }, style: { stroke: color, lineWidth: 1.5 } },
        {
          type: "line",
          shape: { x1: lx, y1: y - 4, x2: lx, y2: y + 4 },
          style: { stroke: color, lineWidth: 1.5 },
        },
        {
          type: "line",
          shape: { x1: ux, y1: y - 4, x2: ux, y2: y + 4 },
          style: { stroke: color, lineWidth: 1.5 },
        },
        { type: "rect", shape: { x: cx - 4, y: y - 4, width: 8, height: 8 }, style: { fill: color } },
      );
    }
    return { type: "group", children } as never;
  };
}

export function forestChartOption(options: {
  rows: readonly ForestRow[];
  series: readonly ForestSeries[];
  axis: ForestAxis;
}): EChartsOption {
  const { rows, series, axis } = options;
  const data = series.map((_, s) => {
    const items: Datum[] = [];
    const shapes: ("square" | "diamond")[] = [];
    rows.forEach((row, r) => {
      const v = row.values[s];
      if (v === null || v === undefined || !Number.isFinite(v.estimate)) return;
      items.push({
        value: [
          clamp(v.estimate, axis),
          r,
          clamp(Number.isFinite(v.lower) ? v.lower : axis.min, axis),
          clamp(Number.isFinite(v.upper) ? v.upper : axis.max, axis),
          v.prediction ? clamp(v.prediction.lower, axis) : Number.NaN,
          v.prediction ? clamp(v.prediction.upper, axis) : Number.NaN,
        ],
        tooltip: v.tooltip,
      });
      shapes.push(v.shape ?? "square");
    });
    return { items, shapes };
  });
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    legend:
      series.length > 1
        ? { top: 0, left: 0, data: series.map((s) => s.name), textStyle: { color: AXIS_TEXT_COLOR } }
        : undefined,
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) => {
        const p = params as { data?: { tooltip?: string } };
        return escapeHtml(p.data?.tooltip ?? "").replace(/\n/g, "<br/>");
      },
    },
    grid: { top: series.length > 1 ? 32 : 12, left: 8, right: 24, bottom: 44 },
    xAxis: {
      type: axis.type,
      name: axis.name,
      nameLocation: "middle",
      nameGap: 28,
      min: axis.min,
      max: axis.max,
      logBase: axis.type === "log" ? 2 : undefined,
      axisLabel: { color: AXIS_TEXT_COLOR },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: rows.map((row) => row.label),
      axisTick: { show: false },
      axisLabel: {
        color: AXIS_TEXT_COLOR,
        width: 300,
        overflow: "truncate",
        formatter: (value: string, index: number) => (rows[index]?.highlight ? `{hl|${value}}` : value),
        rich: { hl: { color: HIGHLIGHT_COLOR, fontWeight: "bold" } },
      },
    },
    series: [
      ...series.map((s, i) => ({
        type: "custom" as const,
        name: s.name,
        itemStyle: { color: s.color },
        renderItem: renderer(i, series.length, s.color, data[i]!.shapes),
        encode: { x: [0, 2, 3], y: 1 },
        data: data[i]!.items,
        z: 3,
      })),
      {
        type: "line" as const,
        name: "reference",
        silent: true,
        showSymbol: false,
        data: [],
        markLine: {
          silent: true,
          symbol: "none",
          label: { show: false },
          lineStyle: { color: REFERENCE_COLOR, type: "dashed", width: 1 },
          data: [{ xAxis: axis.reference }],
        },
        tooltip: { show: false },
      },
    ],
  };
}
