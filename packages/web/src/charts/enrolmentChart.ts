import type { EChartsOption } from "echarts";
import type { Cohort, CohortSummary } from "../apiTypes.js";
import { COHORTS } from "../cohorts.js";
import { formatMonth, monthRange } from "../format/dates.js";
import { AXIS_TEXT_COLOR, COHORT_COLORS, FONT_FAMILY, GRID_LINE_COLOR } from "./palette.js";

export type EnrolmentMonth = CohortSummary["enrolment"][number];

export interface EnrolmentSeries {
  /** "YYYY-MM", consecutive: months without enrolment are present with zero counts. */
  months: string[];
  monthly: Record<Cohort, number[]>;
  cumulative: Record<Cohort, number[]>;
}

/**
 * Puts the API's months in calendar order and fills the months nobody was enrolled in, so that the
 * x axis is proportional to time and a pause in enrolment is visible rather than skipped.
 */
export function enrolmentSeries(enrolment: readonly EnrolmentMonth[]): EnrolmentSeries {
  const byMonth = new Map<string, EnrolmentMonth["counts"]>();
  for (const entry of enrolment) {
    const previous = byMonth.get(entry.month);
    byMonth.set(
      entry.month,
      previous === undefined
        ? entry.counts
        : { "2L": previous["2L"] + entry.counts["2L"], "3L+": previous["3L+"] + entry.counts["3L+"] },
    );
  }
  const given = [...byMonth.keys()].sort();
  const filled = given.length === 0 ? [] : monthRange(given[0]!, given[given.length - 1]!);
  // Keep the API's labels when they are not YYYY-MM months: better an uneven axis than a lost month.
  const months = filled.length > 0 && given.every((month) => filled.includes(month)) ? filled : given;

  const monthly = { "2L": [] as number[], "3L+": [] as number[] };
  const cumulative = { "2L": [] as number[], "3L+": [] as number[] };
  for (const cohort of COHORTS) {
    let total = 0;
    for (const month of months) {
      const count = byMonth.get(month)?.[cohort] ?? 0;
      total += count;
      monthly[cohort].push(count);
      cumulative[cohort].push(total);
    }
  }
  return { months, monthly, cumulative };
}

/** Monthly enrolment as stacked bars (left axis) with each cohort's running total as a line (right axis). */
export function enrolmentChartOption(enrolment: readonly EnrolmentMonth[]): EChartsOption {
  const series = enrolmentSeries(enrolment);
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    legend: { top: 0, left: 0, textStyle: { color: AXIS_TEXT_COLOR } },
    tooltip: { trigger: "axis" },
    grid: { top: 64, left: 8, right: 8, bottom: 8 },
    xAxis: {
      type: "category",
      data: series.months.map(formatMonth),
      axisLabel: { color: AXIS_TEXT_COLOR },
    },
    yAxis: [
      {
        type: "value",
        name: "enrolled per month",
        minInterval: 1,
        nameTextStyle: { color: AXIS_TEXT_COLOR, align: "left" },
        axisLabel: { color: AXIS_TEXT_COLOR },
        splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
      },
      {
        type: "value",
        name: "cumulative",
        minInterval: 1,
        nameTextStyle: { color: AXIS_TEXT_COLOR, align: "right" },
        axisLabel: { color: AXIS_TEXT_COLOR },
        splitLine: { show: false },
      },
    ],
    series: [
      ...COHORTS.map((cohort) => ({
        type: "bar" as const,
        name: `${cohort} per month`,
        stack: "monthly",
        yAxisIndex: 0,
        itemStyle: { color: COHORT_COLORS[cohort], opacity: 0.75 },
        data: series.monthly[cohort],
      })),
      ...COHORTS.map((cohort) => ({
        type: "line" as const,
        name: `${cohort} cumulative`,
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { color: COHORT_COLORS[cohort], width: 2 },
        itemStyle: { color: COHORT_COLORS[cohort] },
        data: series.cumulative[cohort],
      })),
    ],
  };
}
