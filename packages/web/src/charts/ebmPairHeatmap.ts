import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, EChartsOption } from "echarts";
import type { EbmPairShape } from "../lab/labApiTypes.js";
import { formatLogOdds, trainingPatients } from "./ebmShapeChart.js";
import { escapeHtml } from "./escapeHtml.js";
import { AXIS_TEXT_COLOR, FONT_FAMILY, GRID_LINE_COLOR, LOWERS_COLOR, RAISES_COLOR } from "./palette.js";

export interface EbmPairHeatmapOptions {
  /** The pair's first feature (the rows of its table, the y axis) and second (columns, x axis). */
  rowName: string;
  columnName: string;
  /** One label per bin of `pair.rows` / `pair.columns`, the missing bin first. */
  rowBinLabels: readonly string[];
  columnBinLabels: readonly string[];
}

/** A cell: [column position, row position, score], or "-" for the score where no training patient fell. */
export type HeatmapCell = [number, number, number | "-"];

export interface EbmPairHeatmapData {
  /** Bin indexes of the pair table drawn (a missing bin only when training patients fell in it). */
  rows: number[];
  columns: number[];
  cells: HeatmapCell[];
  counts: number[];
  /** Largest |score| over the cells drawn: the colour scale runs from −maxAbs to +maxAbs. */
  maxAbs: number;
}

/** Below this the colour scale would stretch rounding noise over the whole palette. */
const SMALLEST_SCALE = 0.01;
/** The middle of the diverging scale: a score of 0, the pair adding nothing. */
export const NEUTRAL_COLOR = "#f4f5f7";

function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A score's colour on the diverging scale from blue (−maxAbs, lowers the probability) through a
 * neutral grey (0) to orange (+maxAbs, raises it), interpolated in RGB; scores beyond ±maxAbs clamp.
 */
export function divergingColor(score: number, maxAbs: number): string {
  const t = Math.max(-1, Math.min(1, score / maxAbs));
  const from = rgbOf(NEUTRAL_COLOR);
  const to = rgbOf(t < 0 ? LOWERS_COLOR : RAISES_COLOR);
  const mix = from.map((c, i) => Math.round(c + (to[i]! - c) * Math.abs(t)));
  return `rgb(${mix.join(", ")})`;
}

/**
 * The cells to draw: every value bin, a missing bin only when it holds training patients, and the
 * score left blank in a cell without any (the model's score there was not learned from a patient).
 */
export function ebmPairHeatmapData(pair: EbmPairShape): EbmPairHeatmapData {
  const rowTotal = (r: number) => pair.counts[r]!.reduce((a, b) => a + b, 0);
  const columnTotal = (c: number) => pair.counts.reduce((a, row) => a + row[c]!, 0);
  const rows = pair.rows.map((_, r) => r).filter((r) => !pair.rows[r]!.missing || rowTotal(r) > 0);
  const columns = pair.columns
    .map((_, c) => c)
    .filter((c) => !pair.columns[c]!.missing || columnTotal(c) > 0);
  const cells: HeatmapCell[] = [];
  const counts: number[] = [];
  let maxAbs = 0;
  rows.forEach((r, y) => {
    columns.forEach((c, x) => {
      const count = pair.counts[r]![c]!;
      const score = pair.scores[r]![c]!;
      if (count > 0) maxAbs = Math.max(maxAbs, Math.abs(score));
      cells.push([x, y, count > 0 ? score : "-"]);
      counts.push(count);
    });
  });
  return { rows, columns, cells, counts, maxAbs: Math.max(maxAbs, SMALLEST_SCALE) };
}

/** Pixels for a pair's heatmap: a fixed band per row plus the axes and the colour scale. */
export function ebmPairHeatmapHeight(pair: EbmPairShape): number {
  return Math.max(260, 130 + 22 * ebmPairHeatmapData(pair).rows.length);
}

/**
 * Draws a cell as a rectangle filling its band on both category axes: in its score's colour, or as an
 * empty outline where no training patient fell.
 */
function cellRenderer(colors: readonly (string | null)[]) {
  return (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
    const [cx, cy] = api.coord([api.value(0) as number, api.value(1) as number]) as [number, number];
    const [width, height] = api.size!([1, 1]) as [number, number];
    const color = colors[params.dataIndex] ?? null;
    return {
      type: "rect",
      shape: { x: cx - width / 2, y: cy - height / 2, width, height },
      style:
        color === null
          ? { fill: "#ffffff", stroke: GRID_LINE_COLOR, lineWidth: 1 }
          : { fill: color, stroke: "#ffffff", lineWidth: 1 },
    } as never;
  };
}

/**
 * A pair term as a heatmap: the log-odds the pair adds on top of both features' own shapes, per
 * cell of the two features' bins, blue where it lowers and orange where it raises the probability
 * (the scale's ends are ±maxAbs of ebmPairHeatmapData; the page draws the legend).
 */
export function ebmPairHeatmapOption(pair: EbmPairShape, options: EbmPairHeatmapOptions): EChartsOption {
  const d = ebmPairHeatmapData(pair);
  const rowLabels = d.rows.map((r) => options.rowBinLabels[r] ?? "");
  const columnLabels = d.columns.map((c) => options.columnBinLabels[c] ?? "");
  const colors = d.cells.map(([, , score]) => (score === "-" ? null : divergingColor(score, d.maxAbs)));
  const crowded = columnLabels.length > 6;
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }).dataIndex;
        const cell = d.cells[i];
        if (cell === undefined) return "";
        const [x, y, score] = cell;
        const place =
          escapeHtml(`${options.rowName}: ${rowLabels[y]}`) +
          "<br/>" +
          escapeHtml(`${options.columnName}: ${columnLabels[x]}`);
        if (score === "-") return `${place}<br/>no training patient: score not drawn`;
        return `${place}<br/>score ${formatLogOdds(score)} (log-odds)<br/>${trainingPatients(d.counts[i] ?? 0)}`;
      },
    },
    grid: { top: 28, left: 16, right: 20, bottom: crowded ? 84 : 48 },
    xAxis: {
      type: "category",
      name: options.columnName,
      nameLocation: "middle",
      nameGap: crowded ? 68 : 30,
      data: columnLabels,
      axisLabel: { color: AXIS_TEXT_COLOR, interval: 0, rotate: crowded ? 40 : 0 },
      axisTick: { show: false },
      splitLine: { show: false },
    },
    yAxis: {
      type: "category",
      name: options.rowName,
      nameTextStyle: { color: AXIS_TEXT_COLOR, align: "left" },
      data: rowLabels,
      axisLabel: { color: AXIS_TEXT_COLOR, interval: 0 },
      axisTick: { show: false },
      splitLine: { show: false },
    },
    series: [
      {
        type: "custom",
        name: `${options.rowName} × ${options.columnName}`,
        renderItem: cellRenderer(colors),
        encode: { x: 0, y: 1 },
        // Positions only: the colours (and blanks) come from the cells, so no "-" reaches ECharts.
        data: d.cells.map(([x, y]) => [x, y]),
      },
    ],
  };
}
