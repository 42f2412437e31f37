import type { EChartsOption } from "echarts";
import { describe, expect, it } from "vitest";
import { beeswarmChartOption } from "../src/charts/beeswarmChart.js";
import { calibrationChartOption, calibrationGroupTooltip } from "../src/charts/calibrationChart.js";
import { dependenceChartOption } from "../src/charts/dependenceChart.js";
import { echarts } from "../src/charts/echarts.js";
import {
  aucAtHorizonText,
  probabilitySource,
  reasonSentence,
  validationSource,
} from "../src/decision/predictionText.js";
import { beeswarmRows } from "../src/lab/beeswarm.js";
import {
  aalenJohansenInTheLargeText,
  causeAucName,
  causeHazardScale,
  causeWording,
  competingCauseOf,
  competingFollowUpText,
  competingIndexLabel,
  cumulativeIncidenceText,
  isCompetingEndpoint,
  predictionCause,
} from "../src/lab/competing.js";
import type {
  CalibrationGroup,
  GlobalExplanations,
  LocoJson,
  PatientPrediction,
  PerformanceJson,
  SurvivalPerformance,
} from "../src/lab/labApiTypes.js";
import { missingFeatureText, missingShareText, missingSignal, shareText } from "../src/lab/missingSignal.js";
import {
  estimateName,
  outcomeText,
  outcomeWords,
  predictionWords,
  reasonMeasure,
} from "../src/lab/outcomes.js";
import { logistic, marginLink } from "../src/lab/waterfall.js";
import { locoForestRows, pooledText } from "../src/modelLab/forestRows.js";
import { explanationFeatures, predictionFixture } from "./labFixtures.js";

function renderSvg(option: EChartsOption, width = 640, height = 360): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const nrm = causeWording("nrm")!;
const relapse = causeWording("relapse")!;

/** An NRM model's out-of-fold performance as the engine's competingPerformanceJson writes it. */
const competingSurvival: SurvivalPerformance = {
  horizonMonths: 12,
  eventsByHorizon: 21,
  aucCases: 21,
  aucControls: 180,
  harrellC: null,
  unoC: null,
  ipa: 0.03,
  observedRisk: { estimate: 0.092, lower: 0.061, upper: 0.124 },
  meanPredictedRisk: 0.088,
  problems: [],
  competing: { cause: "nrm", competingByHorizon: 95, wolbersC: 0.64 },
};

describe("competing-risks wording", () => {
  it("tells the competing endpoint and its causes from the others", () => {
    expect(isCompetingEndpoint("relapse_vs_nrm")).toBe(true);
    expect(isCompetingEndpoint("pfs")).toBe(false);
    expect(causeWording("os")).toBeNull();
    expect(competingCauseOf("pfs", "nrm")).toBeNull();
    expect(competingCauseOf("relapse_vs_nrm", undefined, null, "relapse")).toBe(relapse);
    expect(competingCauseOf("relapse_vs_nrm", null)).toBeNull();
  });

  it("names the incidence, the cause's AUC, the hazard scale and the optimism indexes", () => {
    expect(cumulativeIncidenceText(nrm, 12)).toBe(
      "cumulative incidence of NRM by 12 months, relapse competing",
    );
    expect(cumulativeIncidenceText(relapse, 6)).toBe(
      "cumulative incidence of relapse by 6 months, NRM competing",
    );
    expect(causeAucName(nrm, 12)).toBe("time-dependent AUC of NRM at 12 months");
    expect(causeHazardScale(nrm)).toBe("log hazard of NRM (cause-specific)");
    expect(["WolbersC", "AUC", "Brier", "Other"].map((i) => competingIndexLabel(i, nrm, 12))).toEqual([
      "Wolbers' C (truncated at 12 months)",
      "Time-dependent AUC of NRM at 12 months",
      "Brier score of NRM at 12 months (IPCW)",
      "Other",
    ]);
  });

  it("says calibration-in-the-large with the Aalen–Johansen incidence, never Kaplan–Meier", () => {
    const text = aalenJohansenInTheLargeText(competingSurvival);
    expect(text).toBe("observed (Aalen–Johansen) 9% (95% CI 6–12%) vs mean predicted 9%");
    expect(text).not.toContain("Kaplan");
  });

  it("says a past patient's follow-up by status: the cause, the competing event, or censoring", () => {
    expect(competingFollowUpText(2, 5.24, nrm)).toBe("NRM at 5.2 months");
    expect(competingFollowUpText(1, 3, nrm)).toBe("relapse at 3.0 months (competing)");
    expect(competingFollowUpText(1, 3, relapse)).toBe("relapse at 3.0 months");
    expect(competingFollowUpText(0, 14, nrm)).toBe("censored at 14.0 months");
  });
});

describe("calibration of a competing-risks model", () => {
  const groups: CalibrationGroup[] = [
    {
      lower: 0.02,
      upper: 0.06,
      n: 40,
      meanPredicted: 0.04,
      observed: 0.05,
      observedLower: 0,
      observedUpper: 0.12,
    },
    {
      lower: 0.06,
      upper: 0.3,
      n: 40,
      meanPredicted: 0.15,
      observed: 0.13,
      observedLower: 0.03,
      observedUpper: 0.23,
    },
  ];

  it("draws Aalen–Johansen incidence groups, the cause on the axis", () => {
    const option = calibrationChartOption({ groups, curve: null, horizonMonths: 12, competingCause: "NRM" });
    const series = option.series as { type: string; name?: string }[];
    expect(series.map((s) => s.type)).toEqual(["line", "custom", "scatter"]);
    expect(series[2]!.name).toBe("Aalen–Johansen incidence groups (95% CI)");
    const svg = renderSvg(option);
    expect(svg).toContain("predicted incidence of NRM by 12 months");
    expect(svg).toContain("observed incidence (Aalen–Johansen)");
    expect(svg).not.toContain("Kaplan");
    expect(calibrationGroupTooltip(groups[1]!, "NRM")).toBe(
      "predicted 6%–30% (40 patients)\nmean predicted incidence of NRM 15%\nobserved (Aalen–Johansen) 13% (95% CI 3%–23%)",
    );
  });

  it("leaves a Cox model's Kaplan–Meier groups as they were", () => {
    const svg = renderSvg(calibrationChartOption({ groups, curve: null, horizonMonths: 12 }));
    expect(svg).toContain("observed risk (Kaplan–Meier)");
  });
});

describe("explanation axes of a competing-risks model", () => {
  it("puts the cause's own log hazard on the beeswarm and the dependence plot", () => {
    const scale = causeHazardScale(nrm);
    const bee = renderSvg(beeswarmChartOption(beeswarmRows(explanationFeatures), undefined, scale));
    expect(bee).toContain("contribution to the log hazard of NRM (cause-specific)");
    expect(bee).not.toContain("of the event");
    const dep = renderSvg(dependenceChartOption(explanationFeatures[0]!, undefined, scale));
    expect(dep).toContain("SHAP: log hazard of NRM (cause-specific)");
  });

  it("says a missing value is missing in the beeswarm's tooltip", () => {
    const option = beeswarmChartOption(beeswarmRows(explanationFeatures));
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const series = (option.series as { data: { itemStyle: { color: string } }[] }[])[0]!;
    // The LDH row's fourth point is the missing one.
    expect(series.data[3]!.itemStyle.color).toBe("#9a9a9a");
    expect(formatter({ dataIndex: 3 })).toMatch(/^LDH: missing \(grey\)<br\/>SHAP/);
    expect(formatter({ dataIndex: 0 })).toMatch(/^LDH: 200 U\/L<br\/>/);
  });
});

function centre(label: string, auc: number, wolbersC: number | null): LocoJson["groups"][number] {
  const performance: PerformanceJson = {
    n: 30,
    nEvents: 4,
    auc,
    aucLower: auc - 0.2,
    aucUpper: Math.min(1, auc + 0.2),
    brier: 0.08,
    brierNull: 0.09,
    calibrationIntercept: 0.1,
    calibrationSlope: null,
    calibrationProblem: "no calibration slope is estimated for a cumulative-incidence model",
    survival: { ...competingSurvival, competing: { cause: "nrm", competingByHorizon: 12, wolbersC } },
  };
  return { label, centers: [label], n: 30, nEvents: 4, belowMinimum: false, performance };
}

describe("leave-one-centre-out of a competing-risks model", () => {
  const loco: LocoJson = {
    minEvents: 3,
    leftOut: null,
    groups: [centre("C01", 0.7, 0.66), centre("C02", 0.6, null)],
    pooledAuc: {
      estimate: 0.65,
      ciLower: 0.55,
      ciUpper: 0.75,
      piLower: 0.5,
      piUpper: 0.8,
      tau: 0.03,
      i2: 5,
      k: 2,
    },
    pooledSlope: null,
    pooledIntercept: null,
    pooledHarrellC: null,
  };

  it("plots each centre's AUC of the cause and the pooled AUC under the cause's name", () => {
    const name = causeAucName(nrm, 12);
    const rows = locoForestRows(loco, "auc", name);
    expect(rows.map((r) => r.label)).toEqual(["C01", "C02", "Pooled (random effects)"]);
    expect(rows[0]!.values[0]!.tooltip).toMatch(/^C01: time-dependent AUC of NRM at 12 months 0\.70/);
    expect(rows[2]!.values[0]).toMatchObject({ estimate: 0.65, prediction: { lower: 0.5, upper: 0.8 } });
    expect(pooledText(loco.pooledAuc!, name)).toMatch(
      /^random-effects pooled time-dependent AUC of NRM at 12 months 0\.65 \(95% CI 0\.55–0\.75\)/,
    );
  });
});

describe("missing values as signal", () => {
  const explanations: GlobalExplanations = {
    rows: 240,
    baseMargin: 0,
    missingShare: 0.14,
    features: [
      { ...explanationFeatures[0]!, missing: { rows: 20, shareOfShap: 0.1 } },
      { ...explanationFeatures[1]!, missing: { rows: 120, shareOfShap: 0.35 } },
      { ...explanationFeatures[2]!, missing: { rows: 0, shareOfShap: 0 } },
      {
        ...explanationFeatures[2]!,
        feature: "ctdna",
        label: "ctDNA",
        missing: { rows: 130, shareOfShap: 0.35 },
      },
    ],
  };

  it("ranks the features with missing rows by the share of their own |SHAP| on them", () => {
    const signal = missingSignal(explanations)!;
    expect(signal.share).toBe(0.14);
    expect(signal.rows).toBe(240);
    // Ties go to the feature with more missing rows; a feature never missing is not listed.
    expect(signal.features.map((f) => f.feature)).toEqual(["ctdna", "bridging_response", "ldh_u_per_l"]);
    expect(missingSignal(explanations, 1)!.features).toHaveLength(1);
    expect(missingShareText(signal)).toBe("Missing values carry 14% of the explanation's total |SHAP|");
    expect(missingFeatureText(signal.features[0]!, signal.rows)).toBe(
      "ctDNA: missing in 130 of 240 training rows, 35% of its |SHAP|",
    );
    expect(missingFeatureText(signal.features[0]!, null)).toBe(
      "ctDNA: missing in 130 training rows, 35% of its |SHAP|",
    );
  });

  it("says a small share is not zero, and says nothing for an older server", () => {
    expect(shareText(0.003)).toBe("under 1%");
    expect(shareText(0)).toBe("0%");
    expect(missingSignal({ baseMargin: 0, features: explanationFeatures })).toBeNull();
    expect(missingSignal(null)).toBeNull();
  });
});

/** An NRM model's prediction; the server may not name the cause, whose event text then says it. */
const nrmPrediction: PatientPrediction = {
  ...predictionFixture,
  model: {
    ...predictionFixture.model,
    name: "nrm-cox",
    kind: "cause-specific-cox",
    endpoint: "relapse_vs_nrm",
    event: "non-relapse mortality, death without prior progression (progression competing)",
    horizon_months: 12,
    validation: {
      ...predictionFixture.model.validation!,
      auc: 0.66,
      auc_lower: 0.55,
      auc_upper: 0.77,
      calibration_slope: null,
      c_index: null,
      horizon_months: 12,
    },
  },
  probability: 0.1,
  margin: 0.2,
};

describe("a competing-risks prediction", () => {
  it("finds its cause from the server's cause or, failing that, its event text", () => {
    expect(predictionCause(nrmPrediction.model)).toBe(nrm);
    expect(predictionCause({ ...nrmPrediction.model, event: "something else", cause: "relapse" })).toBe(
      relapse,
    );
    expect(predictionCause({ ...nrmPrediction.model, event: "something else" })).toBeNull();
    expect(predictionCause(predictionFixture.model)).toBeNull();
  });

  it("speaks of the cumulative incidence of the cause, the other competing, with no complement", () => {
    const words = predictionWords(nrmPrediction.model);
    expect(words.title).toBe("Non-relapse mortality by 12 months");
    expect(words.complement).toBeNull();
    expect(estimateName(words)).toBe("cumulative incidence of NRM by 12 months, relapse competing");
    expect(reasonMeasure(words)).toBe("12-month cumulative incidence of NRM");
    expect(outcomeText(2, words, 4)).toBe("NRM at 4.0 months");
    expect(outcomeText(1, words, 2.5)).toBe("relapse at 2.5 months (competing)");
    expect(outcomeWords("relapse_vs_nrm", "x", 6, "relapse").title).toBe("Relapse by 6 months");
    // Binary and Cox endpoints keep their words.
    expect(predictionWords(predictionFixture.model).title).toBe("Progression or death by 12 months");
    const reason = { feature: "ecog_ps", label: "ECOG", value: 2, unit: null, points: 3.2, text: "" };
    expect(reasonSentence(reason, "2", words.event, reasonMeasure(words))).toBe(
      "ECOG 2 raised the 12-month cumulative incidence of NRM by 3 points",
    );
  });

  it("names the model, the cause's validated AUC and no Harrell's C or Kaplan–Meier", () => {
    const source = probabilitySource(nrmPrediction);
    expect(source).toMatch(
      /^Cumulative incidence of NRM by 12 months, relapse competing, from cause-specific/,
    );
    expect(source).not.toContain("Kaplan");
    expect(aucAtHorizonText(nrmPrediction)).toBe("time-dependent AUC of NRM at 12 months 0.66 (0.55–0.77)");
    const validation = validationSource(nrmPrediction);
    expect(validation).toContain("out-of-fold time-dependent AUC of NRM at 12 months");
    expect(validation).not.toContain("Harrell");
  });

  it("links the margin to the incidence through the patient's own, not the logistic", () => {
    const link = marginLink(nrmPrediction);
    expect(link(nrmPrediction.margin)).toBeCloseTo(0.1, 12);
    expect(link(nrmPrediction.margin + Math.log(2))).toBeCloseTo(1 - 0.9 ** 2, 12);
    expect(link(0)).not.toBeCloseTo(logistic(0), 3);
  });
});
