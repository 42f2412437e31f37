import type { EChartsOption } from "echarts";
import { describe, expect, it } from "vitest";
import {
  divergingColor,
  ebmPairHeatmapData,
  ebmPairHeatmapHeight,
  ebmPairHeatmapOption,
} from "../src/charts/ebmPairHeatmap.js";
import {
  ebmBinDensities,
  ebmLevelChartOption,
  ebmShapeChartOption,
  ebmStepChartOption,
  ebmStepPoints,
  formatLogOdds,
  scoreAxisName,
} from "../src/charts/ebmShapeChart.js";
import { echarts } from "../src/charts/echarts.js";
import { LOWERS_COLOR, RAISES_COLOR } from "../src/charts/palette.js";
import { dictionaryLookup } from "../src/dictionary/lookup.js";
import type { EbmPairShape, GlobalExplanations } from "../src/lab/labApiTypes.js";
import {
  axisBinLabel,
  ebmNaming,
  labelWithUnit,
  levelWords,
  pairsByImportance,
  shapeRows,
  shapesByImportance,
} from "../src/modelLab/ebmShapes.js";
import { dictionaryFixture, ebmShapesFixture, explanationFeatures } from "./labFixtures.js";

const EVENT = "complete metabolic response at day +90";
const dictionary = dictionaryLookup({
  format: "carta.dictionary",
  version: 1,
  variables: Object.values(dictionaryFixture),
  timePoints: [],
} as never);
const explanations: GlobalExplanations = {
  baseMargin: -0.4,
  features: explanationFeatures,
  ebmShapes: ebmShapesFixture,
};
const shape = (feature: string) => ebmShapesFixture.features.find((f) => f.feature === feature)!;
const pair = ebmShapesFixture.pairs[0]!;

function renderSvg(option: EChartsOption, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

function tooltipOf(option: EChartsOption, dataIndex: number): string {
  const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
  return formatter({ dataIndex });
}

function seriesOf(option: EChartsOption) {
  return option.series as { type: string; data: unknown[]; yAxisIndex?: number }[];
}

describe("EBM shapes: order and names", () => {
  it("orders the features and pairs by importance, not as the model lists them", () => {
    expect(shapesByImportance(ebmShapesFixture).map((s) => s.feature)).toEqual([
      "ldh_u_per_l",
      "bulky_disease",
      "bridging_response",
    ]);
    const weaker: EbmPairShape = { ...pair, features: ["mtv_ml", "ecog_ps"], importance: 0.01 };
    const shapes = { ...ebmShapesFixture, pairs: [weaker, pair] };
    expect(pairsByImportance(shapes).map((p) => p.features[0])).toEqual(["ldh_u_per_l", "mtv_ml"]);
  });

  it("names features as the page does: the server's label and unit first, else the dictionary's", () => {
    const withServerNames = ebmNaming(ebmShapesFixture, explanations, dictionary);
    expect(labelWithUnit(withServerNames, "ldh_u_per_l")).toBe("LDH (U/L)");
    expect(labelWithUnit(withServerNames, "bulky_disease")).toBe("Bulky disease");
    const fromDictionary = ebmNaming(ebmShapesFixture, null, dictionary);
    expect(labelWithUnit(fromDictionary, "ldh_u_per_l")).toBe("Lactate dehydrogenase (U/L)");
    expect(fromDictionary.label("bridging_response")).toBe("Response to bridging (Lugano)");
    expect(fromDictionary.label("ldh_u_per_l_at_apheresis")).toBe("Lactate dehydrogenase (at apheresis)");
    expect(labelWithUnit(fromDictionary, "not_in_dictionary")).toBe("not_in_dictionary");
  });

  it("says levels in words: yes/no for a binary feature, the dictionary's label for a code", () => {
    const naming = ebmNaming(ebmShapesFixture, explanations, dictionary);
    expect(naming.level("bulky_disease", "1")).toBe("yes");
    expect(naming.level("bulky_disease", "0")).toBe("no");
    expect(naming.level("bridging_response", "CMR")).toBe("Complete metabolic response");
    expect(naming.level("bridging_response", "SD")).toBe("SD");
    expect(levelWords("categorical", "1", (c) => `code ${c}`)).toBe("code 1");
  });

  it("labels a pair axis bin by its value range, its level or as missing", () => {
    const level = (code: string) => `level ${code}`;
    expect(pair.rows.map((b) => axisBinLabel(b, level))).toEqual([
      "missing",
      "100–200",
      "200–500",
      "500–2000",
    ]);
    expect(axisBinLabel(pair.columns[1]!, level)).toBe("level CMR");
  });

  it("counts a shape's training rows over its bins and the missing one", () => {
    expect(shapeRows(shape("ldh_u_per_l"))).toBe(100);
    expect(shapeRows(shape("bulky_disease"))).toBe(100);
  });
});

describe("EBM shape charts", () => {
  it("signs log-odds scores with a real minus and no sign for zero", () => {
    expect(formatLogOdds(0.314)).toBe("+0.31");
    expect(formatLogOdds(-0.12)).toBe("−0.12");
    expect(formatLogOdds(0.001)).toBe("0.00");
    expect(formatLogOdds(0)).toBe("0.00");
  });

  it("draws a numeric shape as steps from each bin's lower to its upper edge", () => {
    expect(ebmStepPoints(shape("ldh_u_per_l").bins)).toEqual([
      [100, -0.3],
      [200, -0.3],
      [200, 0.1],
      [500, 0.1],
      [500, 0.8],
      [2000, 0.8],
    ]);
    expect(ebmStepPoints(shape("bulky_disease").bins)).toEqual([]);
  });

  it("draws the training values under the step as a histogram whose bar areas are the bins' counts", () => {
    expect(ebmBinDensities(shape("ldh_u_per_l").bins)).toEqual([
      [100, 200, 0.52],
      [200, 500, 0.14],
      [500, 2000, 0.004],
    ]);
    // A bin of one repeated value is given 0.5% of the range as width rather than an infinite height.
    const point = { x: 3, lower: 3, upper: 3, score: 0, count: 10 };
    const spread = { x: 50, lower: 0, upper: 100, score: 0, count: 10 };
    expect(ebmBinDensities([spread, point])).toEqual([
      [0, 100, 0.1],
      [3, 3, 20],
    ]);
  });

  it("puts the histogram on a hidden axis under the step, each bin's count in its tooltip", () => {
    const option = ebmStepChartOption(shape("ldh_u_per_l"), { name: "LDH (U/L)", event: EVENT });
    const [histogram, step] = seriesOf(option);
    expect(histogram!.type).toBe("custom");
    expect(histogram!.yAxisIndex).toBe(1);
    expect(histogram!.data).toEqual(ebmBinDensities(shape("ldh_u_per_l").bins));
    expect(step!.type).toBe("line");
    // The tallest bar reaches a quarter of the plot.
    const [scoreAxis, densityAxis] = option.yAxis as { name?: string; max?: number; show?: boolean }[];
    expect(densityAxis).toMatchObject({ show: false, max: 2.08 });
    expect(scoreAxis!.name).toBe(scoreAxisName(EVENT));
    expect(scoreAxis!.name).toContain(`higher probability of ${EVENT}`);
    expect(option.xAxis).toMatchObject({ min: 100, max: 2000 });
    expect(tooltipOf(option, 2)).toBe(
      "LDH (U/L): 500–2000<br/>score +0.80 (log-odds)<br/>6 training patients",
    );
    const svg = renderSvg(option);
    expect(svg).toContain("higher probability of complete metabolic response");
    // One light bar per bin.
    expect(svg.match(/fill="rgb\(107,116,128\)" fill-opacity="0\.22"/g)).toHaveLength(3);
  });

  it("draws a level shape as one bar per level, coloured by the sign of its score, counts under the names", () => {
    const naming = ebmNaming(ebmShapesFixture, explanations, dictionary);
    const option = ebmLevelChartOption(shape("bulky_disease"), {
      name: "Bulky disease",
      event: EVENT,
      level: (code) => naming.level("bulky_disease", code),
    });
    expect((option.xAxis as { data: string[] }).data).toEqual(["no\nn = 70", "yes\nn = 28"]);
    expect(seriesOf(option)[0]!.data).toEqual([
      { value: -0.1, itemStyle: { color: LOWERS_COLOR } },
      { value: 0.25, itemStyle: { color: RAISES_COLOR } },
    ]);
    expect(tooltipOf(option, 1)).toBe(
      "Bulky disease: yes<br/>score +0.25 (log-odds)<br/>28 training patients",
    );
    expect(renderSvg(option)).toContain("n = 28");
  });

  it("chooses the step chart for numbers and the bar chart for levels", () => {
    const options = { name: "x", event: EVENT };
    expect(seriesOf(ebmShapeChartOption(shape("ldh_u_per_l"), options)).map((s) => s.type)).toEqual([
      "custom",
      "line",
    ]);
    expect(seriesOf(ebmShapeChartOption(shape("bridging_response"), options)).map((s) => s.type)).toEqual([
      "bar",
    ]);
  });

  it("escapes a label before it goes into the tooltip's HTML", () => {
    const option = ebmStepChartOption(shape("ldh_u_per_l"), { name: "<b>LDH</b>", event: EVENT });
    expect(tooltipOf(option, 0)).toMatch(/^&lt;b&gt;LDH&lt;\/b&gt;: 100–200/);
  });
});

describe("EBM pair heatmap", () => {
  const naming = ebmNaming(ebmShapesFixture, explanations, dictionary);
  const options = {
    rowName: "LDH (U/L)",
    columnName: "Response to bridging",
    rowBinLabels: pair.rows.map((b) => axisBinLabel(b, (c) => naming.level("ldh_u_per_l", c))),
    columnBinLabels: pair.columns.map((b) => axisBinLabel(b, (c) => naming.level("bridging_response", c))),
  };

  it("drops a missing bin no training patient fell in and blanks cells without patients", () => {
    const d = ebmPairHeatmapData(pair);
    expect(d.rows).toEqual([1, 2, 3]);
    expect(d.columns).toEqual([0, 1, 2]);
    expect(d.cells).toHaveLength(9);
    expect(d.cells[7]).toEqual([1, 2, "-"]);
    expect(d.cells[8]).toEqual([2, 2, -0.12]);
    expect(d.counts).toEqual([12, 15, 25, 10, 15, 17, 3, 0, 3]);
    // The empty cell's 0.5 is not what the colour scale is stretched to.
    expect(d.maxAbs).toBe(0.12);
  });

  it("keeps a usable colour scale when the pair adds nothing", () => {
    const flat = { ...pair, scores: pair.scores.map((row) => row.map(() => 0)) };
    expect(ebmPairHeatmapData(flat).maxAbs).toBe(0.01);
  });

  it("colours scores on a diverging scale from blue through grey to orange, clamped at ±maxAbs", () => {
    expect(divergingColor(0, 0.12)).toBe("rgb(244, 245, 247)");
    expect(divergingColor(-0.12, 0.12)).toBe("rgb(11, 107, 176)");
    expect(divergingColor(0.12, 0.12)).toBe("rgb(195, 90, 0)");
    expect(divergingColor(5, 0.12)).toBe("rgb(195, 90, 0)");
    // Half way to orange: each channel half way from the neutral grey.
    expect(divergingColor(0.06, 0.12)).toBe("rgb(220, 168, 124)");
  });

  it("draws one rectangle per cell on the bins as axis labels, an empty cell as an outline", () => {
    const option = ebmPairHeatmapOption(pair, options);
    expect((option.xAxis as { data: string[] }).data).toEqual([
      "missing",
      "Complete metabolic response",
      "Partial metabolic response",
    ]);
    expect((option.yAxis as { data: string[] }).data).toEqual(["100–200", "200–500", "500–2000"]);
    expect(seriesOf(option)[0]!.data).toHaveLength(9);
    expect(tooltipOf(option, 7)).toBe(
      "LDH (U/L): 500–2000<br/>Response to bridging: Complete metabolic response<br/>no training patient: score not drawn",
    );
    expect(tooltipOf(option, 0)).toContain("score +0.02 (log-odds)<br/>12 training patients");
    const svg = renderSvg(option, 720, ebmPairHeatmapHeight(pair));
    expect(svg).toContain("Partial metabolic response");
    // The most negative drawn cell is full blue, the empty one a white outline.
    expect(svg).toContain('fill="rgb(11, 107, 176)"');
    expect(svg.match(/fill="#fff(fff)?" stroke="#e3e6ea"/g)).toHaveLength(1);
    expect(svg.match(/ecmeta_series_index="0"/g)).toHaveLength(9);
  });

  it("grows with the number of rows", () => {
    expect(ebmPairHeatmapHeight(pair)).toBe(260);
    const rows = Array.from({ length: 17 }, (_, i) => ({
      missing: i === 0,
      x: i,
      lower: i,
      upper: i + 1,
    }));
    const tall = {
      ...pair,
      rows,
      scores: rows.map(() => [0, 0, 0]),
      counts: rows.map(() => [1, 1, 1]),
    };
    expect(ebmPairHeatmapHeight(tall)).toBe(130 + 22 * 17);
  });
});
