import type { CustomSeriesRenderItemAPI, EChartsOption } from "echarts";
import type { CalibrationGroup } from "../lab/labApiTypes.js";
import { formatProbability } from "../lab/labFormat.js";
import { monthsText } from "../lab/survival.js";
import { escapeHtml } from "./escapeHtml.js";
import {
  AXIS_TEXT_COLOR,
  FONT_FAMILY,
  GRID_LINE_COLOR,
  MODEL_COLOR,
  REFERENCE_COLOR,
  SUMMARY_COLOR,
} from "./palette.js";

export interface CalibrationInput {
  groups: readonly CalibrationGroup[];
  curve: { method: string; points: readonly { predicted: number; observed: number }[] } | null;
  /**
   * Time-to-event models: the horizon of the risk. The groups are then Kaplan–Meier risk groups and no
   * smooth curve is drawn (a lowess of 0/1 outcomes has no meaning under censoring).
   */
  horizonMonths?: number | null;
  /**
   * Competing-risks models: the cause's short name ("NRM"). The groups' observed risk is then the
   * Aalen–Johansen cumulative incidence, never 1 − Kaplan–Meier.
   */
  competingCause?: string | null;
}

/** Axis ends the tick spacing divides (ECharts steps 0.1 up to 0.5 and 0.2 above), so no two labels collide. */
const AXIS_ENDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1];

/** The upper end of both axes: just above the data, so a rare event is not squeezed into a corner. */
export function calibrationAxisMax(input: CalibrationInput): number {
  let top = 0.1;
  for (const g of input.groups) top = Math.max(top, g.meanPredicted, g.observedUpper, g.upper);
  for (const p of input.curve?.points ?? []) top = Math.max(top, p.predicted, p.observed);
  return AXIS_ENDS.find((end) => end >= top - 1e-9) ?? 1;
}

export function calibrationGroupTooltip(g: CalibrationGroup, competingCause: string | null = null): string {
  if (competingCause !== null)
    return (
      `predicted ${formatProbability(g.lower)}–${formatProbability(g.upper)} (${g.n} patients)\n` +
      `mean predicted incidence of ${competingCause} ${formatProbability(g.meanPredicted)}\n` +
      `observed (Aalen–Johansen) ${formatProbability(g.observed)} (95% CI ${formatProbability(g.observedLower)}–${formatProbability(g.observedUpper)})`
    );
  if (g.atRiskAtHorizon !== undefined)
    return (
      `predicted ${formatProbability(g.lower)}–${formatProbability(g.upper)} (${g.n} patients)\n` +
      `mean predicted risk ${formatProbability(g.meanPredicted)}\n` +
      `observed (Kaplan–Meier) ${formatProbability(g.observed)} (95% CI ${formatProbability(g.observedLower)}–${formatProbability(g.observedUpper)})\n` +
      `${g.eventsByHorizon ?? 0} events by the horizon, ${g.atRiskAtHorizon} still at risk there`
    );
  return (
    `predicted ${formatProbability(g.lower)}–${formatProbability(g.upper)} (${g.n} patients)\n` +
    `mean predicted ${formatProbability(g.meanPredicted)}\n` +
    `observed ${formatProbability(g.observed)} (95% Wilson CI ${formatProbability(g.observedLower)}–${formatProbability(g.observedUpper)})`
  );
}

function errorBar(_params: unknown, api: CustomSeriesRenderItemAPI) {
  const x = api.value(0) as number;
  const [ax, ay] = api.coord([x, api.value(2) as number]) as [number, number];
  const [, by] = api.coord([x, api.value(3) as number]) as [number, number];
  const style = { stroke: SUMMARY_COLOR, lineWidth: 1.2 };
  return {
    type: "group",
    children: [
      { type: "line", shape: { x1: ax, y1: ay, x2: ax, y2: by }, style },
      { type: "line", shape: { x1: ax - 3, y1: ay, x2: ax + 3, y2: ay }, style },
      { type: "line", shape: { x1: ax - 3, y1: by, x2: ax + 3, y2: by }, style },
    ],
  } as never;
}

/**
 * Out-of-fold predicted risk against observed frequency (Van Calster et al., J Clin Epidemiol 2016):
 * grouped observed proportions with Wilson intervals, the lowess curve as rms::val.prob draws it, and
 * the diagonal of perfect calibration.
 */
export function calibrationChartOption(input: CalibrationInput): EChartsOption {
  const max = calibrationAxisMax(input);
  const horizon = input.horizonMonths ?? null;
  const cause = horizon === null ? null : (input.competingCause ?? null);
  const tooltips = input.groups.map((g) => calibrationGroupTooltip(g, cause));
  const groupsName =
    horizon === null
      ? "groups (95% CI)"
      : cause !== null
        ? "Aalen–Johansen incidence groups (95% CI)"
        : "Kaplan–Meier risk groups (95% CI)";
  const axis = (name: string) => ({
    type: "value" as const,
    name,
    nameLocation: "middle" as const,
    nameGap: 30,
    min: 0,
    max,
    axisLabel: { color: AXIS_TEXT_COLOR, formatter: (v: number) => formatProbability(v) },
    splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
  });
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    legend: { top: 0, left: 0, textStyle: { color: AXIS_TEXT_COLOR } },
    tooltip: {
      trigger: "item",
      formatter: (params: unknown) => {
        const p = params as { seriesName?: string; dataIndex: number; value?: unknown };
        if (p.seriesName === groupsName)
          return escapeHtml(tooltips[p.dataIndex] ?? "").replace(/\n/g, "<br/>");
        const v = p.value as [number, number] | undefined;
        return v
          ? `${escapeHtml(p.seriesName ?? "")}: predicted ${formatProbability(v[0])}, observed ${formatProbability(v[1])}`
          : "";
      },
    },
    grid: { top: 40, left: 16, right: 20, bottom: 40 },
    xAxis: axis(
      horizon === null
        ? "predicted risk (out-of-fold)"
        : cause !== null
          ? `predicted incidence of ${cause} by ${monthsText(horizon)} (out-of-fold)`
          : `predicted risk by ${monthsText(horizon)} (out-of-fold)`,
    ),
    yAxis: axis(
      horizon === null
        ? "observed frequency"
        : cause !== null
          ? "observed incidence (Aalen–Johansen)"
          : "observed risk (Kaplan–Meier)",
    ),
    series: [
      {
        type: "line",
        name: "ideal",
        data: [
          [0, 0],
          [max, max],
        ],
        showSymbol: false,
        silent: true,
        lineStyle: { color: REFERENCE_COLOR, type: "dashed", width: 1 },
        itemStyle: { color: REFERENCE_COLOR },
      },
      ...(horizon !== null
        ? []
        : [
            {
              type: "line" as const,
              name: input.curve ? "lowess" : "lowess (not computed)",
              data: (input.curve?.points ?? [])
                .slice()
                .sort((a, b) => a.predicted - b.predicted)
                .map((p) => [p.predicted, p.observed]),
              showSymbol: false,
              smooth: false,
              lineStyle: { color: MODEL_COLOR, width: 2 },
              itemStyle: { color: MODEL_COLOR },
            },
          ]),
      {
        type: "custom",
        name: groupsName,
        renderItem: errorBar,
        itemStyle: { color: SUMMARY_COLOR },
        encode: { x: 0, y: [1, 2, 3] },
        data: input.groups.map((g) => [g.meanPredicted, g.observed, g.observedLower, g.observedUpper]),
        z: 3,
      },
      {
        type: "scatter",
        name: groupsName,
        symbolSize: 8,
        itemStyle: { color: SUMMARY_COLOR },
        data: input.groups.map((g) => [g.meanPredicted, g.observed]),
        z: 4,
      },
    ],
  };
}
