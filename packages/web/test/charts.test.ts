import { describe, expect, it } from "vitest";
import { centerChartHeight, centerChartOption, centerLabel } from "../src/charts/centerChart.js";
import { echarts } from "../src/charts/echarts.js";
import { enrolmentChartOption, enrolmentSeries } from "../src/charts/enrolmentChart.js";
import {
  labChartOption,
  labChartTitle,
  labPointName,
  labTooltipHtml,
  rangeText,
} from "../src/charts/labChart.js";
import { COHORT_COLORS } from "../src/charts/palette.js";
import { crpFixture, plateletsFixture, summaryFixture } from "./fixtures.js";

interface SeriesShape {
  type: string;
  name: string;
  stack?: string;
  yAxisIndex?: number;
  itemStyle?: { color?: string };
  data: unknown[];
  markArea?: { data: [{ yAxis: number }, { yAxis: number }][] };
  markLine?: { data: { xAxis: number }[] };
}

interface OptionShape {
  title?: { text: string; subtext: string };
  xAxis: { type: string; data?: string[] };
  yAxis: { type: string; data?: string[]; inverse?: boolean } | { type: string }[];
  series: SeriesShape[];
}

/** The option's data, as plain JSON (functions such as a tooltip formatter drop out). */
function asJson(option: unknown): OptionShape {
  return JSON.parse(JSON.stringify(option)) as OptionShape;
}

/** Renders an option the way the server will, with ECharts' SSR SVG renderer. */
function renderSvg(option: ReturnType<typeof centerChartOption>, width = 600, height = 300): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

describe("centerChartOption", () => {
  const option = asJson(centerChartOption(summaryFixture.byCenter));

  it("has one category per centre, labelled with code and name", () => {
    const yAxis = option.yAxis as { type: string; data: string[]; inverse: boolean };
    expect(yAxis.type).toBe("category");
    expect(yAxis.data).toEqual(["C01 · Bologna", "C02"]);
    expect(yAxis.inverse).toBe(true);
  });

  it("stacks one series per cohort in the cohort colours", () => {
    expect(option.series.map((s) => [s.name, s.type, s.stack, s.itemStyle?.color, s.data])).toEqual([
      ["2L", "bar", "patients", COHORT_COLORS["2L"], [2, 1]],
      ["3L+", "bar", "patients", COHORT_COLORS["3L+"], [2, 0]],
    ]);
  });

  it("grows with the number of centres", () => {
    expect(centerChartHeight(25)).toBeGreaterThan(centerChartHeight(5));
    expect(centerChartHeight(0)).toBe(centerChartHeight(1));
    expect(centerLabel({ center: "C07", name: "", counts: { "2L": 0, "3L+": 0 } })).toBe("C07");
  });

  it("renders to SVG on the server", () => {
    const svg = renderSvg(centerChartOption(summaryFixture.byCenter));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("C01 · Bologna");
  });
});

describe("enrolment by month", () => {
  it("orders months and fills the gaps with zeros", () => {
    const series = enrolmentSeries(summaryFixture.enrolment);
    expect(series.months).toEqual(["2023-12", "2024-01", "2024-02", "2024-03"]);
    expect(series.monthly["2L"]).toEqual([1, 1, 0, 1]);
    expect(series.monthly["3L+"]).toEqual([2, 0, 0, 0]);
    expect(series.cumulative["2L"]).toEqual([1, 2, 2, 3]);
    expect(series.cumulative["3L+"]).toEqual([2, 2, 2, 2]);
  });

  it("keeps labels that are not months rather than dropping them", () => {
    const series = enrolmentSeries([
      { month: "unknown", counts: { "2L": 2, "3L+": 0 } },
      { month: "2024-01", counts: { "2L": 1, "3L+": 1 } },
    ]);
    expect(series.months).toEqual(["2024-01", "unknown"]);
    expect(series.cumulative["2L"]).toEqual([1, 3]);
  });

  it("is empty without enrolment", () => {
    expect(enrolmentSeries([])).toEqual({
      months: [],
      monthly: { "2L": [], "3L+": [] },
      cumulative: { "2L": [], "3L+": [] },
    });
  });

  it("draws monthly bars on the left axis and cumulative lines on the right", () => {
    const option = asJson(enrolmentChartOption(summaryFixture.enrolment));
    expect(option.xAxis.data).toEqual(["Dec 2023", "Jan 2024", "Feb 2024", "Mar 2024"]);
    expect(option.series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([
      ["2L per month", "bar", 0],
      ["3L+ per month", "bar", 0],
      ["2L cumulative", "line", 1],
      ["3L+ cumulative", "line", 1],
    ]);
    expect(option.series[2]!.data).toEqual([1, 2, 2, 3]);
    expect(renderSvg(enrolmentChartOption(summaryFixture.enrolment))).toContain("Jan 2024");
  });
});

describe("labChartOption", () => {
  it("puts the unit in the title and the plausible range in the subtitle", () => {
    expect(labChartTitle(crpFixture)).toBe("CRP (mg/L)");
    expect(labChartTitle({ label: "ECOG", unit: null })).toBe("ECOG");
    expect(rangeText(crpFixture.range)).toBe("plausible range 0–500");
    expect(rangeText(null)).toBeNull();
    const option = asJson(labChartOption(crpFixture));
    expect(option.title).toMatchObject({ text: "CRP (mg/L)", subtext: "plausible range 0–500" });
  });

  it("plots points by study day in order, named by time point", () => {
    const option = asJson(labChartOption(crpFixture, { timePointLabels: { d0: "Day 0 (infusion)" } }));
    expect(option.xAxis.type).toBe("value");
    expect(option.series[0]!.data).toEqual([
      { name: "pre_ld · day −5", value: [-5, 4.5] },
      { name: "Day 0 (infusion)", value: [0, 8] },
      { name: "d7 · day +7", value: [7, 12] },
    ]);
  });

  it("shades the plausible range, and only when the dictionary gives one", () => {
    expect(asJson(labChartOption(crpFixture)).series[0]!.markArea?.data).toEqual([
      [{ yAxis: 0 }, { yAxis: 500 }],
    ]);
    expect(asJson(labChartOption(plateletsFixture)).series[0]!.markArea).toBeUndefined();
  });

  it("marks infusion (day 0) only when the plotted days include it", () => {
    expect(asJson(labChartOption(crpFixture)).series[0]!.markLine?.data).toEqual([{ xAxis: 0 }]);
    const beforeInfusion = { ...crpFixture, points: crpFixture.points.filter((point) => point.studyDay < 0) };
    expect(asJson(labChartOption(beforeInfusion)).series[0]!.markLine).toBeUndefined();
    expect(asJson(labChartOption({ ...crpFixture, points: [] })).series[0]!.markLine).toBeUndefined();
  });

  it("names a point by its time point, adding the study day unless the label already says it", () => {
    expect(labPointName("Leukapheresis", -35)).toBe("Leukapheresis · day −35");
    expect(labPointName("Day +14", 14)).toBe("Day +14");
    expect(labPointName("Pre-lymphodepletion (day −5)", -5)).toBe("Pre-lymphodepletion (day −5)");
    expect(labPointName("Day +14", 15)).toBe("Day +14 · day +15");
  });

  it("shows the hovered time point with its value and unit, escaped", () => {
    const hovered = [{ name: "Day +7 · day +7", value: [7, 12.345] }];
    expect(labTooltipHtml(hovered, "mg/L")).toBe("Day +7 · day +7<br/><strong>12.3</strong> mg/L");
    expect(labTooltipHtml(hovered[0], null)).toBe("Day +7 · day +7<br/><strong>12.3</strong>");
    expect(labTooltipHtml([{ name: "<b>", value: [1, 2] }], "x<y")).toBe(
      "&lt;b&gt;<br/><strong>2</strong> x&lt;y",
    );
    expect(labTooltipHtml([], "mg/L")).toBe("");
  });

  it("does not reorder the caller's points", () => {
    labChartOption(crpFixture);
    expect(crpFixture.points.map((point) => point.studyDay)).toEqual([7, -5, 0]);
  });

  it("renders to SVG on the server with its title", () => {
    const svg = renderSvg(labChartOption(crpFixture), 320, 220);
    expect(svg).toContain("CRP (mg/L)");
  });
});
