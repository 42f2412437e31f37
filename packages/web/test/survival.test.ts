import type { EChartsOption } from "echarts";
import { describe, expect, it } from "vitest";
import { beeswarmChartOption } from "../src/charts/beeswarmChart.js";
import { calibrationChartOption, calibrationGroupTooltip } from "../src/charts/calibrationChart.js";
import { dependenceChartOption } from "../src/charts/dependenceChart.js";
import { echarts } from "../src/charts/echarts.js";
import { waterfallChartOption, waterfallScale } from "../src/charts/waterfallChart.js";
import {
  aucAtHorizonText,
  probabilitySource,
  reasonSentence,
  validationSource,
} from "../src/decision/predictionText.js";
import { beeswarmRows } from "../src/lab/beeswarm.js";
import type {
  CalibrationGroup,
  LocoJson,
  PatientPrediction,
  PerformanceJson,
  RecalibrationMethod,
  SurvivalPerformance,
} from "../src/lab/labApiTypes.js";
import { gridEntryText, learnerLabel } from "../src/lab/labFormat.js";
import { estimateName, outcomeText, outcomeWords, reasonMeasure } from "../src/lab/outcomes.js";
import {
  calibrationInTheLargeText,
  followUpText,
  isSurvivalEndpoint,
  marginScaleOf,
  monthsText,
  netBenefitComparison,
  recalibrationLabel,
  survivalEventNoun,
  survivalIndexLabel,
} from "../src/lab/survival.js";
import { logistic, marginLink, modalityPoints, waterfallSteps } from "../src/lab/waterfall.js";
import {
  locoEstimate,
  locoForestRows,
  locoPooled,
  pooledText,
  transportForestRows,
} from "../src/modelLab/forestRows.js";
import { explanationFeatures, predictionFixture } from "./labFixtures.js";

function renderSvg(option: EChartsOption, width = 640, height = 360): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** A Cox model's stored prediction: the risk by 12 months from a Breslow baseline, Λ₀(τ)·e^(−c) = H. */
const H = 0.55;
const MARGIN = 0.4;
const BASE_MARGIN = -0.1;
const risk = (eta: number) => 1 - Math.exp(-H * Math.exp(eta));

const coxPrediction: PatientPrediction = {
  ...predictionFixture,
  model: {
    ...predictionFixture.model,
    name: "pfs-cox",
    kind: "elastic-net-cox",
    endpoint: "pfs",
    event: "progression or death within 12 months of the landmark",
    horizon_months: 12,
    margin_scale: "log relative hazard",
    validation: {
      ...predictionFixture.model.validation!,
      c_index: { estimate: 0.64, lower: 0.61, upper: 0.67 },
      horizon_months: 12,
    },
  },
  probability: risk(MARGIN),
  margin: MARGIN,
  base_margin: BASE_MARGIN,
  modalities: [
    { modality: "clinical", shap: 0.35, features: 3 },
    { modality: "ctdna", shap: 0.15, features: 1 },
  ],
  reasons: [
    {
      feature: "ldh_u_per_l",
      label: "Lactate dehydrogenase",
      value: 566,
      unit: "U/L",
      points: (risk(BASE_MARGIN + 0.3) - risk(BASE_MARGIN)) * 100,
      text: "",
    },
  ],
  similar_patients: [
    { patient_id: "SYN-C01-0002", distance: 0.01, features_compared: 4, outcome: 1, time_months: 5.2 },
    { patient_id: "SYN-C01-0003", distance: 0.02, features_compared: 4, outcome: 0, time_months: 14 },
  ],
};

describe("time-to-event wording", () => {
  it("tells the time-to-event endpoints and Cox learners from the binary ones", () => {
    expect(isSurvivalEndpoint("pfs")).toBe(true);
    expect(isSurvivalEndpoint("os")).toBe(true);
    expect(isSurvivalEndpoint("pfs_event_by_12m")).toBe(false);
    expect(marginScaleOf("elastic-net-cox")).toBe("log relative hazard");
    expect(marginScaleOf("boosted-trees-cox")).toBe("log relative hazard");
    expect(marginScaleOf("boosted-trees")).toBe("log-odds");
    expect(survivalEventNoun("os")).toBe("death");
    expect(survivalEventNoun("pfs")).toBe("progression or death");
    expect(monthsText(12)).toBe("12 months");
    expect(monthsText(1)).toBe("1 month");
    expect(monthsText(6.5)).toBe("6.5 months");
  });

  it("says a past patient's follow-up: the event or the censoring, and when", () => {
    expect(followUpText(1, 5.2, "progression or death")).toBe("progression or death at 5.2 months");
    expect(followUpText(0, 14, "progression or death")).toBe("censored at 14.0 months");
    const words = outcomeWords("pfs", "progression or death within 12 months of the landmark", 12);
    expect(outcomeText(1, words, 5.2)).toBe("progression or death at 5.2 months");
    expect(outcomeText(0, words, 14)).toBe("censored at 14.0 months");
    // Without a time (an older server) the status at the horizon is said instead.
    expect(outcomeText(0, words)).toBe("alive and progression-free at 12 months");
  });

  it("names the risk by the horizon, and leaves a binary endpoint's words as they were", () => {
    const pfs = outcomeWords("pfs", "progression or death within 12 months of the landmark", 12);
    expect(pfs.title).toBe("Progression or death by 12 months");
    expect(estimateName(pfs)).toBe("risk of progression or death by 12 months");
    expect(reasonMeasure(pfs)).toBe("12-month risk of progression or death");
    expect(pfs.complement?.title).toBe("Progression-free at 12 months");
    const os = outcomeWords("os", "death from any cause", 24);
    expect(estimateName(os)).toBe("risk of death from any cause by 24 months");
    expect(os.noEvent).toBe("alive at 24 months");

    const binary = outcomeWords("pfs_event_by_12m", "progression or death within 12 months", null);
    expect(binary.survival).toBeUndefined();
    expect(estimateName(binary)).toBe("probability of progression or death within 12 months");
    expect(reasonMeasure(binary)).toBe("probability of progression or death within 12 months");
    expect(outcomeText(1, binary, null)).toBe("progression or death within 12 months");
  });

  it("writes a reason on the risk scale without repeating 'by'", () => {
    const words = outcomeWords("pfs", "", 12);
    const reason = { ...coxPrediction.reasons![0]!, points: 3.2 };
    expect(reasonSentence(reason, "566 U/L", words.event, reasonMeasure(words))).toBe(
      "Lactate dehydrogenase 566 U/L raised the 12-month risk of progression or death by 3 points",
    );
    expect(reasonSentence(reason, "566 U/L", "grade ≥ 3 CRS")).toBe(
      "Lactate dehydrogenase 566 U/L raised the probability of grade ≥ 3 CRS by 3 points",
    );
  });

  it("gives the C-index and the time-dependent AUC as the prediction's validation", () => {
    expect(aucAtHorizonText(coxPrediction)).toBe("time-dependent AUC at 12 months 0.71 (0.64–0.78)");
    expect(validationSource(coxPrediction)).toMatch(/Harrell's C .* time-dependent AUC at 12 months/);
    expect(probabilitySource(coxPrediction)).toMatch(/^Risk of progression or death by 12 months, 1 − S\(12/);
    expect(probabilitySource(predictionFixture)).toMatch(/^P\(progression or death within 12 months/);
  });

  it("names the learners and their grid entries", () => {
    expect(learnerLabel("elastic-net-cox")).toMatch(/Cox/);
    expect(gridEntryText({ kind: "elastic-net-cox", grid: [{ lambda: 0.02, alpha: 0.5 }] }, 0)).toBe(
      "λ 0.02 · α 0.5",
    );
    expect(gridEntryText({ kind: "boosted-trees-cox", grid: [{ rounds: 50, maxDepth: 2 }] }, 0)).toBe(
      "50 rounds · depth 2",
    );
  });

  it("names the survival optimism indexes and the recalibration methods", () => {
    expect(survivalIndexLabel("HarrellC")).toBe("Harrell's C");
    expect(survivalIndexLabel("UnoC")).toMatch(/^Uno's C/);
    expect(survivalIndexLabel("Slope")).toMatch(/^Calibration slope/);
    expect(survivalIndexLabel("somethingElse")).toBe("somethingElse");
    expect(recalibrationLabel("baseline")).toBe("baseline hazard re-estimated in 2L");
    expect(recalibrationLabel("logistic")).toBe("intercept and slope updated in 2L");
  });
});

const survivalPerformance: SurvivalPerformance = {
  horizonMonths: 12,
  eventsByHorizon: 399,
  aucCases: 399,
  aucControls: 328,
  harrellC: { estimate: 0.641, lower: 0.615, upper: 0.666 },
  unoC: { estimate: 0.639, lower: 0.613, upper: 0.665 },
  ipa: 0.085,
  observedRisk: { estimate: 0.4907, lower: 0.4548, upper: 0.5243 },
  meanPredictedRisk: 0.4925,
  problems: [],
};

describe("calibration of a time-to-event model", () => {
  it("says calibration-in-the-large as observed against mean predicted risk", () => {
    expect(calibrationInTheLargeText(survivalPerformance)).toBe(
      "observed 49% (95% CI 45–52%) vs mean predicted 49%",
    );
  });

  const groups: CalibrationGroup[] = [
    {
      lower: 0.26,
      upper: 0.34,
      n: 83,
      meanPredicted: 0.31,
      observed: 0.21,
      observedLower: 0.11,
      observedUpper: 0.29,
      eventsByHorizon: 16,
      atRiskAtHorizon: 49,
    },
    {
      lower: 0.34,
      upper: 0.8,
      n: 83,
      meanPredicted: 0.55,
      observed: 0.6,
      observedLower: 0.5,
      observedUpper: 0.7,
      eventsByHorizon: 40,
      atRiskAtHorizon: 20,
    },
  ];

  it("draws Kaplan–Meier risk groups with no smooth curve", () => {
    const option = calibrationChartOption({ groups, curve: null, horizonMonths: 12 });
    const series = option.series as { type: string; name?: string }[];
    expect(series.map((s) => s.type)).toEqual(["line", "custom", "scatter"]);
    expect(series[2]!.name).toBe("Kaplan–Meier risk groups (95% CI)");
    const svg = renderSvg(option);
    expect(svg).toContain("predicted risk by 12 months");
    expect(svg).toContain("observed risk (Kaplan–Meier)");
    expect(svg).not.toContain("lowess");
    expect(calibrationGroupTooltip(groups[0]!)).toMatch(
      /observed \(Kaplan–Meier\) 21% .*\n16 events by the horizon, 49 still at risk there$/s,
    );
  });
});

describe("risk link of a Cox prediction", () => {
  it("recovers the Breslow risk at any margin from the patient's own risk", () => {
    const link = marginLink(coxPrediction);
    for (const eta of [-1, BASE_MARGIN, 0, MARGIN, 1.3]) expect(link(eta)).toBeCloseTo(risk(eta), 12);
    expect(marginLink(predictionFixture)).toBe(logistic);
  });

  it("starts the waterfall at the base risk and ends it at the patient's risk, in risk points", () => {
    const steps = waterfallSteps(coxPrediction, coxPrediction.reasons!, marginLink(coxPrediction));
    expect(steps[0]!.end).toBeCloseTo(risk(BASE_MARGIN) * 100, 10);
    expect(steps.at(-1)!.end).toBeCloseTo(risk(MARGIN) * 100, 10);
    expect(steps[1]!.end).toBeCloseTo(risk(BASE_MARGIN + 0.3) * 100, 10);
    expect(steps.map((s) => s.kind)).toEqual(["base", "reason", "rest", "total"]);
    const scale = waterfallScale(outcomeWords("pfs", "", 12));
    expect(scale.measure).toBe("risk");
    const svg = renderSvg(waterfallChartOption(steps, scale), 720, 300);
    expect(svg).toContain("risk of the event by 12 months (%; steps in risk points)");
  });

  it("adds the modalities up to the patient's risk", () => {
    const link = marginLink(coxPrediction);
    const points = modalityPoints(coxPrediction.base_margin, coxPrediction.modalities, link);
    const total = points.reduce((sum, m) => sum + m.points, 0);
    expect(total).toBeCloseTo((risk(MARGIN) - risk(BASE_MARGIN)) * 100, 10);
    expect(points[0]!.modality).toBe("clinical");
  });
});

describe("explanation axes of a Cox model", () => {
  it("says log relative hazard on the beeswarm and the dependence plot", () => {
    const bee = renderSvg(
      beeswarmChartOption(beeswarmRows(explanationFeatures), undefined, "log relative hazard"),
    );
    expect(bee).toContain("contribution to the log relative hazard of the event");
    expect(renderSvg(beeswarmChartOption(beeswarmRows(explanationFeatures)))).toContain(
      "contribution to the log-odds of the event",
    );
    const dep = renderSvg(dependenceChartOption(explanationFeatures[0]!, undefined, "log relative hazard"));
    expect(dep).toContain("SHAP (log relative hazard)");
  });
});

function centre(
  label: string,
  c: { estimate: number; lower: number; upper: number } | null,
): LocoJson["groups"][number] {
  const performance: PerformanceJson = {
    n: 20,
    nEvents: 10,
    auc: 0.7,
    aucLower: 0.5,
    aucUpper: 0.9,
    brier: 0.2,
    brierNull: 0.25,
    calibrationIntercept: 0,
    calibrationSlope: 1,
    calibrationProblem: null,
    survival: { ...survivalPerformance, harrellC: c },
  };
  return { label, centers: [label], n: 20, nEvents: 10, belowMinimum: false, performance };
}

describe("leave-one-centre-out of a Cox model", () => {
  const loco: LocoJson = {
    minEvents: 5,
    leftOut: null,
    groups: [centre("C01", { estimate: 0.43, lower: 0.23, upper: 0.64 }), centre("C02", null)],
    pooledAuc: null,
    pooledSlope: null,
    pooledIntercept: null,
    pooledHarrellC: {
      estimate: 0.64,
      ciLower: 0.61,
      ciUpper: 0.67,
      piLower: 0.58,
      piUpper: 0.7,
      tau: 0.02,
      i2: 10,
      k: 2,
    },
  };

  it("plots each centre's Harrell's C and the pooled C with its prediction interval", () => {
    const rows = locoForestRows(loco, "harrellC");
    expect(rows.map((r) => r.label)).toEqual(["C01", "C02 (not estimable)", "Pooled (random effects)"]);
    expect(rows[0]!.values[0]).toMatchObject({ estimate: 0.43, lower: 0.23, upper: 0.64 });
    expect(rows[0]!.values[0]!.tooltip).toMatch(/^C01: Harrell's C 0\.43/);
    expect(rows[2]!.values[0]).toMatchObject({ estimate: 0.64, prediction: { lower: 0.58, upper: 0.7 } });
    expect(rows[2]!.values[0]!.tooltip).toContain("pooled Harrell's C 0.64");
    // The binary reading of the same run has no pooled AUC: only the centres' AUCs.
    expect(locoForestRows(loco).map((r) => r.label)).toEqual(["C01", "C02"]);
    expect(locoEstimate(loco.groups[0]!.performance, "auc")).toEqual({
      estimate: 0.7,
      lower: 0.5,
      upper: 0.9,
    });
    expect(locoPooled(loco, "auc")).toBeNull();
    expect(pooledText(loco.pooledHarrellC!, "Harrell's C")).toMatch(
      /^random-effects pooled Harrell's C 0\.64 \(95% CI 0\.61–0\.67\)\n95% prediction interval 0\.58–0\.70 \(where a new centre's Harrell's C is expected\)/,
    );
  });
});

describe("transport of a Cox model", () => {
  it("shows hazard ratios with the log hazard ratio in the tooltip", () => {
    const rows = transportForestRows(
      [
        {
          name: "ldh_u_per_l",
          scale: "per SD",
          effect_3l: { estimate: Math.log(1.5), lower: 0, upper: Math.log(2) },
          effect_2l: { estimate: 0, lower: -0.5, upper: 0.5 },
          interaction_p: 0.3,
        },
      ],
      (n) => n,
      "HR",
    );
    expect(rows[0]!.values[0]!.estimate).toBeCloseTo(1.5, 12);
    expect(rows[0]!.values[0]!.tooltip).toMatch(
      /3L\+: HR 1\.50 \(95% CI 1\.00–2\.00\) per SD \(log HR 0\.41/,
    );
  });

  it("compares the recalibration methods by net benefit against treat-all and treat-none", () => {
    const curve = (model: number[]) => ({
      thresholds: [0.1, 0.3, 0.5, 0.9],
      model,
      treat_all: [0.38, 0.2, -0.12, -3.5],
    });
    const methods: RecalibrationMethod[] = [
      {
        method: "original",
        auc: 0.64,
        calibration_slope: 0.7,
        calibration_intercept: -0.15,
        net_benefit: curve([0.38, 0.204, 0.05, -0.01]),
      },
      {
        method: "baseline",
        auc: 0.63,
        calibration_slope: 0.69,
        calibration_intercept: 0.03,
        net_benefit: curve([0.38, 0.209, 0.061, -0.02]),
      },
      {
        method: "slope",
        auc: 0.63,
        calibration_slope: 1.02,
        calibration_intercept: 0.01,
        net_benefit: curve([0.3804, 0.206, 0.063, Number.NaN]),
      },
    ];
    const comparison = netBenefitComparison(methods)!;
    expect(comparison.methods).toEqual(["original", "baseline", "slope"]);
    // A difference within rounding is not a win over treating everyone.
    expect(comparison.rows.map((r) => r.best)).toEqual(["treat all", "baseline", "slope", "treat none"]);
    expect(comparison.rows[3]!.model).toEqual([-0.01, -0.02, null]);
    expect(comparison.rows[1]!.treatAll).toBe(0.2);
    // Older runs carry no net benefit: nothing to compare.
    expect(
      netBenefitComparison([
        { method: "intercept", auc: 0.7, calibration_slope: 1, calibration_intercept: 0 },
      ]),
    ).toBeNull();
  });
});
