import type { EChartsOption } from "echarts";
import type { Cohort, CohortSummary } from "../apiTypes.js";
import { COHORTS } from "../cohorts.js";
import { AXIS_TEXT_COLOR, COHORT_COLORS, FONT_FAMILY, GRID_LINE_COLOR } from "./palette.js";

export type CenterCounts = CohortSummary["byCenter"][number];

const ROW_HEIGHT = 26;
const CHROME_HEIGHT = 90;

/** One labelled row per centre keeps every centre name readable, so the chart grows with the study. */
export function centerChartHeight(centerCount: number): number {
  return CHROME_HEIGHT + ROW_HEIGHT * Math.max(1, centerCount);
}

export function centerLabel(center: CenterCounts): string {
  return center.name.length === 0 || center.name === center.center
    ? center.center
    : `${center.center} · ${center.name}`;
}

/** Patients per centre, one horizontal bar per centre stacked by cohort, centres in the order given. */
export function centerChartOption(byCenter: readonly CenterCounts[]): EChartsOption {
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    color: COHORTS.map((cohort) => COHORT_COLORS[cohort]),
    legend: { top: 0, left: 0, textStyle: { color: AXIS_TEXT_COLOR } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { top: 36, left: 8, right: 24, bottom: 28 },
    xAxis: {
      type: "value",
      name: "patients",
      nameLocation: "middle",
      nameGap: 24,
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT_COLOR },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    yAxis: {
      type: "category",
      // First centre at the top, as in the table it is read against.
      inverse: true,
      data: byCenter.map(centerLabel),
      axisLabel: { color: AXIS_TEXT_COLOR, width: 220, overflow: "truncate" },
    },
    series: COHORTS.map((cohort: Cohort) => ({
      type: "bar" as const,
      name: cohort,
      stack: "patients",
      barMaxWidth: 18,
      itemStyle: { color: COHORT_COLORS[cohort] },
      emphasis: { focus: "series" as const },
      data: byCenter.map((center) => center.counts[cohort] ?? 0),
    })),
  };
}
