import type { EChartsOption } from "echarts";
import type { LabSeries } from "../apiTypes.js";
import { formatStudyDay } from "../format/dates.js";
import { formatNumber } from "../format/numbers.js";
import { escapeHtml } from "./escapeHtml.js";
import {
  AXIS_TEXT_COLOR,
  FONT_FAMILY,
  GRID_LINE_COLOR,
  INFUSION_LINE_COLOR,
  LAB_LINE_COLOR,
  RANGE_BAND_COLOR,
} from "./palette.js";

export interface LabChartOptions {
  /** Time point id → its dictionary label, shown in the tooltip; the id is shown when a label is missing. */
  timePointLabels?: Readonly<Record<string, string>>;
}

/** "C-reactive protein (mg/L)": the unit belongs in the title because the axes carry only numbers. */
export function labChartTitle(series: Pick<LabSeries, "label" | "unit">): string {
  return series.unit === null || series.unit.length === 0 ? series.label : `${series.label} (${series.unit})`;
}

export function rangeText(range: LabSeries["range"]): string | null {
  return range === null ? null : `plausible range ${formatNumber(range.min)}–${formatNumber(range.max)}`;
}

/** "Leukapheresis · day −35"; a label that already says its day ("Day +14", "Day 0 (infusion)") stands alone. */
export function labPointName(timePointLabel: string, studyDay: number): string {
  const day = formatStudyDay(studyDay);
  return timePointLabel.toLowerCase().includes(day) ? timePointLabel : `${timePointLabel} · ${day}`;
}

/**
 * Tooltip for one hovered point: its time point and study day, then the value with its unit. ECharts
 * passes an array for axis tooltips and one object for item tooltips; both are accepted.
 */
export function labTooltipHtml(params: unknown, unit: string | null): string {
  const first = (Array.isArray(params) ? params[0] : params) as
    | { name?: unknown; value?: unknown }
    | undefined;
  if (first === undefined || !Array.isArray(first.value)) return "";
  const value = first.value[1];
  const name = typeof first.name === "string" ? first.name : "";
  const valueText = formatNumber(typeof value === "number" ? value : null);
  const unitText = unit === null ? "" : " " + escapeHtml(unit);
  return `${escapeHtml(name)}<br/><strong>${valueText}</strong>${unitText}`;
}

/**
 * One lab variable over study days, for small multiples: a line through the measured points over a
 * shaded band of the dictionary's plausible range (values outside it are refused on entry, so a point near
 * its edge deserves a second look), with day 0 (infusion) marked.
 */
export function labChartOption(series: LabSeries, options: LabChartOptions = {}): EChartsOption {
  const labels = options.timePointLabels ?? {};
  const points = [...series.points].sort((a, b) => a.studyDay - b.studyDay);
  const band = series.range;
  // Marked only inside the plotted days: a line at day 0 off the data would stretch nothing and mislead.
  const showsInfusion =
    points.length > 0 && points[0]!.studyDay <= 0 && points[points.length - 1]!.studyDay >= 0;
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    title: {
      text: labChartTitle(series),
      subtext: rangeText(band) ?? "",
      left: 0,
      top: 0,
      textStyle: { fontSize: 13, fontWeight: 600, color: "#1d232b" },
      subtextStyle: { fontSize: 11, color: AXIS_TEXT_COLOR },
      itemGap: 4,
    },
    // Axis trigger: hovering anywhere above a day shows its value, no need to hit a 6-pixel dot.
    tooltip: { trigger: "axis", formatter: (params: unknown) => labTooltipHtml(params, series.unit) },
    grid: { top: 52, left: 8, right: 16, bottom: 28 },
    xAxis: {
      type: "value",
      name: "study day",
      nameLocation: "middle",
      nameGap: 22,
      scale: true,
      nameTextStyle: { color: AXIS_TEXT_COLOR, fontSize: 11 },
      axisLabel: { color: AXIS_TEXT_COLOR, fontSize: 11 },
      splitLine: { show: false },
    },
    yAxis: {
      type: "value",
      scale: true,
      // Study days run negative before infusion; the axis stays at the left edge, day 0 gets its own line.
      axisLine: { onZero: false },
      axisLabel: { color: AXIS_TEXT_COLOR, fontSize: 11 },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    series: [
      {
        type: "line",
        name: labChartTitle(series),
        symbol: "circle",
        symbolSize: 6,
        lineStyle: { color: LAB_LINE_COLOR, width: 1.5 },
        itemStyle: { color: LAB_LINE_COLOR },
        encode: { x: 0, y: 1, tooltip: 1 },
        data: points.map((point) => ({
          name: labPointName(labels[point.timePoint] ?? point.timePoint, point.studyDay),
          value: [point.studyDay, point.value],
        })),
        markLine: showsInfusion
          ? {
              silent: true,
              symbol: "none",
              lineStyle: { color: INFUSION_LINE_COLOR, type: "dashed", width: 1 },
              label: { formatter: "infusion", color: AXIS_TEXT_COLOR, fontSize: 10 },
              data: [{ xAxis: 0 }],
            }
          : undefined,
        markArea:
          band === null
            ? undefined
            : {
                silent: true,
                itemStyle: { color: RANGE_BAND_COLOR },
                data: [[{ yAxis: band.min }, { yAxis: band.max }]],
              },
      },
    ],
  };
}
