import type { EChartsOption } from "echarts";
import { formatPoints, formatProbability } from "../lab/labFormat.js";
import type { OutcomeWords } from "../lab/outcomes.js";
import { monthsText } from "../lab/survival.js";
import type { WaterfallStep } from "../lab/waterfall.js";
import { escapeHtml } from "./escapeHtml.js";
import {
  AXIS_TEXT_COLOR,
  FONT_FAMILY,
  GRID_LINE_COLOR,
  LOWERS_COLOR,
  RAISES_COLOR,
  SUMMARY_COLOR,
} from "./palette.js";

export function waterfallChartHeight(steps: number): number {
  return 60 + Math.max(1, steps) * 30;
}

function stepColor(step: WaterfallStep): string {
  if (step.kind === "base" || step.kind === "total") return SUMMARY_COLOR;
  return step.points >= 0 ? RAISES_COLOR : LOWERS_COLOR;
}

export function stepValueText(step: WaterfallStep): string {
  return step.kind === "base" || step.kind === "total"
    ? formatProbability(step.end / 100)
    : formatPoints(step.points);
}

/** What the waterfall's axis measures: a probability on the log-odds, or a risk by a horizon on the log relative hazard. */
export interface WaterfallScale {
  /** The x axis' name. */
  axisName: string;
  /** "probability" or "risk", in the tooltips. */
  measure: string;
  /** The SHAP reference's scale, in the base bar's tooltip. */
  marginName: string;
}

export const PROBABILITY_SCALE: WaterfallScale = {
  axisName: "probability of the event (%)",
  measure: "probability",
  marginName: "log-odds",
};

/** The scale of a model's waterfall: risk points by the horizon for a time-to-event model. */
export function waterfallScale(words: Pick<OutcomeWords, "survival">): WaterfallScale {
  if (!words.survival) return PROBABILITY_SCALE;
  return {
    axisName: `risk of the event by ${monthsText(words.survival.horizonMonths)} (%; steps in risk points)`,
    measure: "risk",
    marginName: "log relative hazard",
  };
}

function stepTooltip(step: WaterfallStep, scale: WaterfallScale): string {
  switch (step.kind) {
    case "base":
      return `The model's base value, the SHAP reference: the ${scale.measure} at the training patients' mean ${scale.marginName}, ${formatProbability(step.end / 100)}. Each bar below adds one input.`;
    case "total":
      return `This patient's ${scale.measure}: ${formatProbability(step.end / 100)}`;
    case "rest":
      return `Every other input together: ${formatPoints(step.points)}`;
    default:
      return step.text.length > 0 ? step.text : `${step.label}: ${formatPoints(step.points)}`;
  }
}

/**
 * The classic stacked-bar waterfall: an invisible bar up to where each step starts, then the step
 * itself, coloured by direction; the first bar is the base probability and the last the patient's.
 */
export function waterfallChartOption(
  steps: readonly WaterfallStep[],
  scale: WaterfallScale = PROBABILITY_SCALE,
): EChartsOption {
  const top = Math.max(10, ...steps.map((s) => Math.max(s.start, s.end)));
  // Room for the labels at the bar ends, on a multiple of the 20% ticks so the last label stands alone.
  const max = Math.min(100, Math.ceil((top + 8) / 20) * 20);
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const step = first?.dataIndex === undefined ? undefined : steps[first.dataIndex];
        return step ? escapeHtml(stepTooltip(step, scale)) : "";
      },
    },
    grid: { top: 8, left: 8, right: 56, bottom: 36 },
    xAxis: {
      type: "value",
      min: 0,
      max,
      name: scale.axisName,
      nameLocation: "middle",
      nameGap: 24,
      axisLabel: { color: AXIS_TEXT_COLOR, formatter: "{value}%" },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: steps.map((s) => s.label),
      axisTick: { show: false },
      axisLabel: { color: AXIS_TEXT_COLOR, width: 220, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: "start",
        stack: "waterfall",
        silent: true,
        itemStyle: { color: "transparent" },
        data: steps.map((s) => Math.min(s.start, s.end)),
      },
      {
        type: "bar",
        name: "step",
        stack: "waterfall",
        barMaxWidth: 18,
        label: {
          show: true,
          position: "right",
          color: AXIS_TEXT_COLOR,
          formatter: (p: unknown) => {
            const step = steps[(p as { dataIndex: number }).dataIndex];
            return step ? stepValueText(step) : "";
          },
        },
        data: steps.map((s) => ({ value: Math.abs(s.end - s.start), itemStyle: { color: stepColor(s) } })),
      },
    ],
  };
}
