import type { EChartsOption } from "echarts";
import { describe, expect, it } from "vitest";
import { beeswarmChartOption } from "../src/charts/beeswarmChart.js";
import { calibrationAxisMax, calibrationChartOption } from "../src/charts/calibrationChart.js";
import { decisionCurveChartOption, decisionCurveYRange } from "../src/charts/decisionCurveChart.js";
import { dependenceChartOption, dependenceData } from "../src/charts/dependenceChart.js";
import { echarts } from "../src/charts/echarts.js";
import { forestAxisRange, forestChartOption } from "../src/charts/forestChart.js";
import { waterfallChartOption } from "../src/charts/waterfallChart.js";
import { beeswarmRows } from "../src/lab/beeswarm.js";
import { waterfallSteps } from "../src/lab/waterfall.js";
import { locoForestRows, transportForestRows } from "../src/modelLab/forestRows.js";
import {
  explanationFeatures,
  predictionFixture,
  transportFixture,
  validationFixture,
} from "./labFixtures.js";

/** Renders an option with ECharts' SSR SVG renderer, as the browser's SVG renderer draws it. */
function renderSvg(option: EChartsOption, width = 640, height = 360): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

function seriesOf(option: EChartsOption): { type: string; name?: string; data?: unknown[] }[] {
  return option.series as { type: string; name?: string; data?: unknown[] }[];
}

describe("calibration plot", () => {
  const input = {
    groups: validationFixture.nestedCv.calibrationGroups!,
    curve: validationFixture.nestedCv.calibrationCurve!,
  };

  it("scales both axes to the data, rounded up to a tenth", () => {
    expect(calibrationAxisMax(input)).toBe(0.8);
    expect(
      calibrationAxisMax({ groups: [], curve: { method: "", points: [{ predicted: 0.62, observed: 0.6 }] } }),
    ).toBe(0.8);
    expect(
      calibrationAxisMax({
        groups: [],
        curve: { method: "", points: [{ predicted: 0.05, observed: 0.04 }] },
      }),
    ).toBe(0.1);
  });

  it("draws the diagonal, the lowess curve sorted by predicted risk and the groups with their intervals", () => {
    const option = calibrationChartOption(input);
    const series = seriesOf(option);
    expect(series.map((s) => s.type)).toEqual(["line", "line", "custom", "scatter"]);
    expect(series[1]!.data).toEqual([
      [0.1, 0.12],
      [0.5, 0.48],
      [0.8, 0.75],
    ]);
    expect(series[2]!.data).toEqual([
      [0.12, 0.1, 0.03, 0.26],
      [0.4, 0.43, 0.27, 0.61],
    ]);
    const svg = renderSvg(option);
    expect(svg).toContain("observed frequency");
    expect(svg).toContain("lowess");
  });
});

describe("decision curve", () => {
  const curve = validationFixture.nestedCv.decisionCurve!;

  it("keeps the y axis near zero so that a steep 'treat all' does not flatten the useful range", () => {
    // The model peaks at 0.37: the axis ends on the next 0.1 tick and goes one tick below zero.
    expect(decisionCurveYRange(curve)).toEqual({ min: -0.1, max: 0.4 });
    const rare = { ...curve, model: [0.05, 0.03, 0, 0], treatAll: [0.04, 0.01, -0.5, -5] };
    expect(decisionCurveYRange(rare)).toEqual({ min: -0.02, max: 0.06 });
  });

  it("draws the model, treat all and treat none", () => {
    const option = decisionCurveChartOption(curve);
    expect(seriesOf(option).map((s) => s.name)).toEqual(["model", "treat all", "treat none"]);
    expect(renderSvg(option)).toContain("treat none");
  });
});

describe("forest plots", () => {
  it("bounds the axis so that an unbounded interval cannot flatten the plot", () => {
    const rows = transportForestRows(transportFixture.predictors, (n) => n);
    const range = forestAxisRange(
      rows.flatMap((r) => r.values),
      { min: 1 / 64, max: 64 },
      1,
    );
    expect(range).toEqual({ min: 1 / 64, max: 64 });
  });

  it("renders the leave-one-centre-out plot with every group, the small centres named as such", () => {
    const rows = locoForestRows(validationFixture.loco!);
    const option = forestChartOption({
      rows,
      series: [{ name: "AUC", color: "#0b6bb0" }],
      axis: { name: "AUC", type: "value", min: 0.4, max: 1, reference: 0.5 },
    });
    const custom = seriesOf(option)[0]!;
    // The centre without an AUC has a row but no point.
    expect(custom.data).toHaveLength(3);
    const svg = renderSvg(option, 720, 300);
    expect(svg).toContain("Small centres, pooled (C05, C07)");
    expect(svg).toContain("Pooled (random effects)");
    expect(svg).toContain("<polygon");
  });

  it("renders the transport forest with both cohorts on a log scale, clamping the unbounded interval", () => {
    const rows = transportForestRows(transportFixture.predictors, (n) => n);
    const option = forestChartOption({
      rows,
      series: [
        { name: "3L+", color: "#c35a00" },
        { name: "2L", color: "#0b6bb0" },
      ],
      axis: { name: "odds ratio", type: "log", min: 1 / 64, max: 64, reference: 1 },
    });
    const twoL = seriesOf(option)[1]!.data as { value: number[] }[];
    expect(twoL[1]!.value.slice(2, 4)).toEqual([1 / 64, 64]);
    const svg = renderSvg(option, 720, 300);
    expect(svg).toContain("product=liso_cel");
    expect(svg).toContain("3L+");
  });
});

describe("global explanation plots", () => {
  it("puts each dot of the beeswarm on its feature's row, labelled by the feature", () => {
    const rows = beeswarmRows(explanationFeatures);
    const option = beeswarmChartOption(rows);
    const data = seriesOf(option)[0]!.data as { value: [number, number] }[];
    expect(data).toHaveLength(10);
    expect(data[0]!.value[0]).toBe(-0.3);
    expect(Math.round(data[5]!.value[1])).toBe(1);
    const svg = renderSvg(option, 720, 260);
    expect(svg).toContain("Response to bridging");
    expect(svg).toContain("SHAP value");
  });

  it("draws a coded feature's dependence against its levels, leaving missing values out", () => {
    const categorical = dependenceData(explanationFeatures[1]!, (c) =>
      c === "CMR" ? "complete" : "partial",
    );
    expect(categorical.levels).toEqual(["complete", "partial"]);
    expect(categorical.points.map(([x]) => Math.round(x))).toEqual([1, 0, 1]);
    const numeric = dependenceData(explanationFeatures[0]!);
    expect(numeric.missing).toBe(1);
    expect(numeric.points).toContainEqual([900, 0.6]);
    const binary = dependenceData(explanationFeatures[2]!);
    expect(binary.levels).toEqual(["no", "yes"]);
    expect(renderSvg(dependenceChartOption(explanationFeatures[0]!))).toContain("LDH (U/L)");
  });
});

describe("waterfall", () => {
  it("stacks an invisible offset under each step and labels each step in points", () => {
    const steps = waterfallSteps(predictionFixture, predictionFixture.reasons ?? []);
    const option = waterfallChartOption(steps);
    const [offset, step] = seriesOf(option);
    expect(offset!.data).toEqual(steps.map((s) => Math.min(s.start, s.end)));
    const sizes = (step!.data as { value: number }[]).map((d) => d.value);
    sizes.forEach((size, i) => {
      expect(size).toBeCloseTo(Math.abs(steps[i]!.end - steps[i]!.start), 10);
    });
    const svg = renderSvg(option, 720, 300);
    expect(svg).toContain("Starting point (base value)");
    expect(svg).toContain("This patient");
    expect(svg).toMatch(/\+\d+ points/);
  });
});
