import type { EChartsOption } from "echarts";
import { diamonds, horizontalWhiskers } from "./errorBars.js";
import {
  CHART_COLORS,
  CHART_GRID_COLOR,
  CHART_TEXT_COLOR,
  renderSvgChart,
  type SvgChart,
  valueAxis,
} from "./svgChart.js";

export interface ForestRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
}

export interface ForestPooled extends ForestRow {
  /** The random-effects prediction interval (Riley et al., BMJ 2011;342:d549); null when k < 3. */
  piLower: number | null;
  piUpper: number | null;
}

/** A random-effects pooled estimate (ciLower/ciUpper, piLower/piUpper) as the plot's pooled row; null stays null. */
export function pooledForestRow(
  p: {
    estimate: number;
    ciLower: number;
    ciUpper: number;
    piLower: number | null;
    piUpper: number | null;
  } | null,
): ForestPooled | null {
  return p
    ? {
        label: "Pooled (random effects)",
        estimate: p.estimate,
        lower: p.ciLower,
        upper: p.ciUpper,
        piLower: p.piLower,
        piUpper: p.piUpper,
      }
    : null;
}

/**
 * A forest plot of per-centre estimates with the random-effects pooled estimate as a diamond and its
 * prediction interval as a dashed line on the same row, and a reference line (AUC 0.5: no discrimination).
 */
export function forestPlot(
  rows: readonly ForestRow[],
  pooled: ForestPooled | null,
  options: { id: string; axisName: string; reference: number },
): SvgChart {
  const labels = [...rows.map((r) => r.label), ...(pooled ? [pooled.label] : [])];
  const finite = [
    ...rows.flatMap((r) => [r.lower, r.upper]),
    ...(pooled
      ? [pooled.lower, pooled.upper, pooled.piLower ?? pooled.lower, pooled.piUpper ?? pooled.upper]
      : []),
    options.reference,
  ].filter(Number.isFinite);
  const xMin = Math.floor(Math.min(...finite) * 10 + 1e-9) / 10;
  const xMax = Math.ceil(Math.max(...finite) * 10 - 1e-9) / 10;
  const longest = Math.max(...labels.map((l) => l.length), 8);
  const series: unknown[] = [
    horizontalWhiskers(
      "95% CI",
      CHART_COLORS.black,
      rows.map((r, i) => [r.lower, r.upper, i]),
    ),
    {
      type: "scatter",
      name: "Held-out centre",
      data: rows.map((r, i) => [r.estimate, i]),
      symbol: "rect",
      symbolSize: 8,
      itemStyle: { color: CHART_COLORS.blue },
      markLine: {
        silent: true,
        symbol: "none",
        label: { show: false },
        lineStyle: { color: CHART_COLORS.grey, type: "dashed" },
        data: [{ xAxis: options.reference }],
      },
    },
  ];
  if (pooled) {
    const i = rows.length;
    if (pooled.piLower !== null && pooled.piUpper !== null) {
      series.push(
        horizontalWhiskers(
          "95% prediction interval",
          CHART_COLORS.orange,
          [[pooled.piLower, pooled.piUpper, i]],
          true,
        ),
      );
    }
    series.push(
      diamonds("Pooled (random effects)", CHART_COLORS.orange, [
        [pooled.estimate, pooled.lower, pooled.upper, i],
      ]),
    );
  }
  const option = {
    grid: { left: Math.min(220, 12 + longest * 6), right: 24, top: 30, bottom: 48 },
    legend: { top: 2, textStyle: { color: CHART_TEXT_COLOR, fontSize: 10 }, itemHeight: 8 },
    xAxis: valueAxis(options.axisName, { min: xMin, max: xMax }),
    yAxis: {
      type: "category",
      data: labels,
      inverse: true,
      axisLabel: { color: CHART_TEXT_COLOR, fontSize: 10 },
      axisLine: { lineStyle: { color: CHART_GRID_COLOR } },
      axisTick: { show: false },
    },
    series,
  } as EChartsOption;
  return renderSvgChart(option, { id: options.id, width: 520, height: 90 + 24 * labels.length });
}
