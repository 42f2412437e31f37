import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, EChartsOption } from "echarts";
import { formatNumber } from "../format/numbers.js";
import type { EbmFeatureShape, EbmShapeBin } from "../lab/labApiTypes.js";
import { formatEstimate } from "../lab/labFormat.js";
import { escapeHtml } from "./escapeHtml.js";
import {
  AXIS_TEXT_COLOR,
  FONT_FAMILY,
  GRID_LINE_COLOR,
  LOWERS_COLOR,
  MODEL_COLOR,
  RAISES_COLOR,
  REFERENCE_COLOR,
} from "./palette.js";

/** The training-count histogram behind a step: light enough that the step stays the figure. */
export const COUNT_HISTOGRAM_COLOR = "rgba(107, 116, 128, 0.22)";
/** Share of the plot's height the tallest histogram bar reaches, so bars never cover the step. */
const HISTOGRAM_SHARE = 0.25;
/** A bin narrower than this share of the value range (one repeated value) is drawn this wide. */
const NARROWEST_BIN = 0.005;

export interface EbmShapeChartOptions {
  /** The feature in clinical words, with its unit: "LDH (U/L)". */
  name: string;
  /** The model's event in words; the score axis says which way is "more likely". */
  event: string;
  /** A level's words (binary and categorical features). */
  level?: (level: string) => string;
}

/** A log-odds score with its sign, two decimals: "+0.31", "−0.12", "0.00". */
export function formatLogOdds(score: number): string {
  const text = formatEstimate(score);
  return score > 0 && text !== "0.00" ? `+${text}` : text;
}

/** The score axis's caption: positive means the model's event is more likely. */
export function scoreAxisName(event: string): string {
  return `↑ higher probability of ${event}\nscore (log-odds)`;
}

export function trainingPatients(count: number): string {
  return count === 1 ? "1 training patient" : `${formatNumber(count)} training patients`;
}

/**
 * The step of a numeric shape function as line vertices: each bin's score held flat from its lower
 * to its upper edge, so consecutive bins meet in a vertical jump at their shared edge.
 */
export function ebmStepPoints(bins: readonly EbmShapeBin[]): [number, number][] {
  const points: [number, number][] = [];
  for (const bin of bins) {
    if (bin.lower === null || bin.upper === null) continue;
    points.push([bin.lower, bin.score], [bin.upper, bin.score]);
  }
  return points;
}

function binTooltip(name: string, range: string, score: number, count: number): string {
  return (
    escapeHtml(`${name}: ${range}`) +
    `<br/>score ${formatLogOdds(score)} (log-odds)<br/>${trainingPatients(count)}`
  );
}

function scoreAxis(event: string) {
  return {
    type: "value" as const,
    name: scoreAxisName(event),
    nameTextStyle: { color: AXIS_TEXT_COLOR, align: "left" as const, lineHeight: 15 },
    axisLabel: { color: AXIS_TEXT_COLOR },
    splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
  };
}

const ZERO_LINE = {
  silent: true,
  symbol: "none",
  label: { show: false },
  lineStyle: { color: REFERENCE_COLOR, width: 1 },
  data: [{ yAxis: 0 }],
};

/**
 * Draws a bin: its histogram bar on the hidden density axis, under a transparent band the height of
 * the plot, so hovering anywhere above the bin gives its tooltip.
 */
function histogramBar(params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) {
  const [left, base] = api.coord([api.value(0) as number, 0]) as [number, number];
  const [right, top] = api.coord([api.value(1) as number, api.value(2) as number]) as [number, number];
  const plot = params.coordSys as unknown as { y: number; height: number };
  const width = Math.max(right - left, 1);
  return {
    type: "group",
    children: [
      {
        type: "rect",
        shape: { x: left, y: plot.y, width, height: plot.height },
        style: { fill: "transparent" },
      },
      {
        type: "rect",
        shape: { x: left, y: top, width, height: base - top },
        style: { fill: COUNT_HISTOGRAM_COLOR, stroke: "#ffffff", lineWidth: 0.5 },
      },
    ],
  } as never;
}

/**
 * The histogram of the training values over a numeric shape's bins as [lower, upper, patients per
 * unit of value]: EBM bins are quantile bins of unequal width, so a bar's area, not its height, is its
 * count — otherwise a wide tail bin holding a few patients would look as well supported as the bulk.
 */
export function ebmBinDensities(bins: readonly EbmShapeBin[]): [number, number, number][] {
  const edged = bins.filter((b) => b.lower !== null && b.upper !== null);
  const range =
    edged.reduce((m, b) => Math.max(m, b.upper!), -Infinity) -
    edged.reduce((m, b) => Math.min(m, b.lower!), Infinity);
  const narrowest = range > 0 && Number.isFinite(range) ? range * NARROWEST_BIN : 1;
  return edged.map((b) => [b.lower!, b.upper!, b.count / Math.max(b.upper! - b.lower!, narrowest)]);
}

/**
 * A numeric feature's shape function: the score (log-odds contribution) as a step over the value
 * bins, and under it the training values as a light histogram, so the reader sees where the step
 * rests on few patients; each bin's count is in its tooltip.
 */
export function ebmStepChartOption(shape: EbmFeatureShape, options: EbmShapeChartOptions): EChartsOption {
  const bins = shape.bins.filter((b) => b.lower !== null && b.upper !== null);
  const histogram = ebmBinDensities(bins);
  const maxDensity = histogram.reduce((m, [, , density]) => Math.max(m, density), 0);
  const first = bins[0];
  const last = bins[bins.length - 1];
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) => {
        const bin = bins[(params as { dataIndex: number }).dataIndex];
        if (bin === undefined) return "";
        return binTooltip(
          options.name,
          `${formatNumber(bin.lower)}–${formatNumber(bin.upper)}`,
          bin.score,
          bin.count,
        );
      },
    },
    grid: { top: 52, left: 16, right: 20, bottom: 44 },
    xAxis: {
      type: "value",
      name: options.name,
      nameLocation: "middle",
      nameGap: 28,
      min: first?.lower ?? undefined,
      max: last?.upper ?? undefined,
      axisLine: { onZero: false },
      axisLabel: { color: AXIS_TEXT_COLOR, formatter: (v: number) => formatNumber(v) },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    yAxis: [
      scoreAxis(options.event),
      { type: "value", show: false, min: 0, max: maxDensity > 0 ? maxDensity / HISTOGRAM_SHARE : 1 },
    ],
    series: [
      {
        type: "custom",
        name: "training patients",
        yAxisIndex: 1,
        renderItem: histogramBar,
        encode: { x: [0, 1], y: 2 },
        data: histogram,
        z: 1,
      },
      {
        type: "line",
        name: "score",
        silent: true,
        showSymbol: false,
        lineStyle: { color: MODEL_COLOR, width: 2 },
        itemStyle: { color: MODEL_COLOR },
        data: ebmStepPoints(bins),
        markLine: ZERO_LINE,
        z: 3,
      },
    ],
  };
}

/**
 * A binary or categorical feature's shape function: one bar per level, orange where the level raises
 * the log-odds and blue where it lowers it, with the training patients of each level under its name.
 */
export function ebmLevelChartOption(shape: EbmFeatureShape, options: EbmShapeChartOptions): EChartsOption {
  const level = options.level ?? ((code: string) => code);
  const names = shape.bins.map((b) => level(String(b.x)));
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }).dataIndex;
        const bin = shape.bins[i];
        return bin === undefined ? "" : binTooltip(options.name, names[i]!, bin.score, bin.count);
      },
    },
    grid: { top: 52, left: 16, right: 20, bottom: 64 },
    xAxis: {
      type: "category",
      name: options.name,
      nameLocation: "middle",
      nameGap: 44,
      data: shape.bins.map((b, i) => `${names[i]}\nn = ${formatNumber(b.count)}`),
      axisLabel: { color: AXIS_TEXT_COLOR, interval: 0 },
      axisTick: { alignWithLabel: true },
    },
    yAxis: scoreAxis(options.event),
    series: [
      {
        type: "bar",
        name: "score",
        barMaxWidth: 48,
        data: shape.bins.map((b) => ({
          value: b.score,
          itemStyle: { color: b.score >= 0 ? RAISES_COLOR : LOWERS_COLOR },
        })),
        markLine: ZERO_LINE,
      },
    ],
  };
}

/** The step chart for a numeric feature, the bar chart for a binary or categorical one. */
export function ebmShapeChartOption(shape: EbmFeatureShape, options: EbmShapeChartOptions): EChartsOption {
  return shape.type === "numeric" ? ebmStepChartOption(shape, options) : ebmLevelChartOption(shape, options);
}
