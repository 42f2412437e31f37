import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { causeWording } from "../src/lab/competing.js";
import {
  causeSpecificEffectHeader,
  causeSpecificEffectsNote,
  causeSpecificHrName,
  causeSpecificModelText,
  competingRecalibrationDetail,
  competingRecalibrationLabel,
  competingTransportCalibrationText,
  competingTransportHeadline,
  transportCause,
} from "../src/lab/competingTransport.js";
import type { TransportJson } from "../src/lab/labApiTypes.js";
import { transportForestRows } from "../src/modelLab/forestRows.js";
import {
  CompetingPerformance2l,
  CompetingRecalibration,
  NetBenefitSection,
} from "../src/modelLab/TransportParts.js";
import { competingTransportFixture, transportFixture } from "./labFixtures.js";

const nrm = causeWording("nrm")!;
const relapse = causeWording("relapse")!;

/** The text of rendered markup, tags dropped and entities decoded as a browser would show it. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'");
}

describe("transport wording of a competing-risks model", () => {
  it("finds the cause from the result, else the spec, and none for other endpoints", () => {
    expect(transportCause(competingTransportFixture)?.cause).toBe("nrm");
    const { cause: _cause, ...withoutCause } = competingTransportFixture.performance_2l;
    const older: TransportJson = { ...competingTransportFixture, performance_2l: withoutCause };
    expect(transportCause(older)).toBeNull();
    expect(transportCause(older, "relapse")?.cause).toBe("relapse");
    expect(transportCause(transportFixture, "nrm")).toBeNull();
  });

  it("names the recalibration methods in words, each cause's model taking part", () => {
    expect(["original", "baseline", "slope"].map(competingRecalibrationLabel)).toEqual([
      "as developed",
      "baselines re-estimated in 2L",
      "slopes and baselines updated in 2L",
    ]);
    expect(competingRecalibrationLabel("intercept")).toBe("intercept");
    expect(competingRecalibrationDetail("baseline", nrm)).toBe(
      "both causes' linear predictors kept, the Breslow baselines of NRM and relapse re-estimated in 2L",
    );
    expect(competingRecalibrationDetail("slope", relapse)).toMatch(/^each cause's Cox slope/);
  });

  it("labels the effects as cause-specific hazard ratios of the cause, the other as censoring", () => {
    expect(causeSpecificHrName(nrm)).toBe("cause-specific hazard ratio of NRM");
    expect(causeSpecificEffectHeader(relapse, "2L")).toBe("Cause-specific log HR of relapse in 2L (95% CI)");
    expect(causeSpecificModelText(nrm)).toBe("Cox model of NRM (Efron ties, relapse as censoring)");
    const note = causeSpecificEffectsNote(nrm);
    expect(note).toMatch(
      /^Cause-specific log hazard ratios of NRM \(positive: a higher hazard of NRM\), from Cox models of NRM/,
    );
    expect(note).toContain("relapse counted as censoring");
    expect(note).toContain("not a ratio of cumulative incidences");
  });

  it("puts the cause-specific ratio in the forest plot's tooltips, other models' unchanged", () => {
    const rows = transportForestRows(
      competingTransportFixture.predictors,
      (n) => n,
      "HR",
      "cause-specific HR of NRM",
    );
    expect(rows[0]!.values[0]!.estimate).toBeCloseTo(Math.exp(0.4), 12);
    expect(rows[0]!.values[0]!.tooltip).toMatch(
      /3L\+: cause-specific HR of NRM 1\.49 \(95% CI 1\.11–2\.01\) per SD \(log cause-specific HR of NRM 0\.40 \(0\.10–0\.70\)\)/,
    );
    expect(transportForestRows(transportFixture.predictors, (n) => n, "HR")[0]!.values[0]!.tooltip).toMatch(
      /3L\+: HR 2\.46 .* \(log HR 0\.90/,
    );
  });

  it("says calibration-in-the-large with the Aalen–Johansen incidence and no slope", () => {
    const p2 = competingTransportFixture.performance_2l;
    expect(competingTransportCalibrationText(p2, nrm)).toBe(
      "log(Aalen–Johansen observed / mean predicted incidence of NRM) at 12 months −0.21 (ideal 0); slope not estimated",
    );
    expect(competingTransportCalibrationText({ ...p2, calibration_intercept: null }, nrm)).toBe(
      "log(Aalen–Johansen observed / mean predicted incidence of NRM) at 12 months not estimable; slope not estimated",
    );
  });

  it("heads the page with the cause's AUC at the horizon and Wolbers' C, never a C-index", () => {
    const headline = competingTransportHeadline(competingTransportFixture, nrm);
    expect(headline).toMatch(
      /^In 2L the 3L\+ model of NRM \(relapse competing\) has time-dependent AUC of NRM at 12 months 0\.63 \(95% CI 0\.51–0\.75\) and Wolbers' C 0\.61; log\(Aalen–Johansen observed \/ mean predicted incidence\) −0\.21, no calibration slope/,
    );
    expect(headline).toContain("a classifier tells the cohorts apart with AUC 0.68.");
    expect(headline).toContain(
      "1 of the 2 predictor × cohort interaction tests of the cause-specific hazard of NRM reaches p < 0.05 (mtv_ml p = 0.03); 0 remain below the Bonferroni threshold 0.025 for 2 tests.",
    );
    expect(headline).not.toMatch(/C-index|Harrell/);

    const quiet = competingTransportHeadline(
      {
        ...competingTransportFixture,
        predictors: competingTransportFixture.predictors.map((p) => ({ ...p, interaction_p: 0.4 })),
        performance_2l: { ...competingTransportFixture.performance_2l, wolbers_c: null },
      },
      nrm,
    );
    expect(quiet).toContain("Wolbers' C not estimable");
    expect(quiet).toMatch(
      /None of the 2 .* reaches p < 0\.05 \(smallest p = 0\.40, mtv_ml\); this does not show/,
    );
    expect(competingTransportHeadline({ ...competingTransportFixture, predictors: [] }, nrm)).toMatch(
      /No predictor effects could be compared\.$/,
    );
  });
});

describe("transport page parts of a competing-risks model", () => {
  const r = competingTransportFixture;

  it("shows the cause's AUC, Wolbers' C and the Aalen–Johansen calibration with the problem", () => {
    const text = textOf(
      renderToStaticMarkup(
        createElement(CompetingPerformance2l, { r, horizon: 12, runText: "run t1", cause: nrm }),
      ),
    );
    expect(text).toContain("Time-dependent AUC of NRM at 12 months0.63 (95% CI 0.51–0.75)");
    expect(text).toContain("Wolbers' C (truncated at 12 months)0.61");
    expect(text).toContain(
      "log(Aalen–Johansen observed / mean predicted incidence of NRM) at 12 months −0.21 (ideal 0); slope not estimated No calibration slope is estimated for a cumulative-incidence model.",
    );
    expect(text).toContain("Brier score of NRM at 12 months0.088");
    expect(text).not.toMatch(/C-index|Harrell|Kaplan/);
  });

  it("compares the methods by name, the cause's AUC, Wolbers' C and log(O/E), with no slope column", () => {
    const html = renderToStaticMarkup(createElement(CompetingRecalibration, { r, horizon: 12, cause: nrm }));
    const text = textOf(html);
    expect(text).toMatch(
      /^MethodAUC of NRM at 12 monthsWolbers' Clog\(O\/E\)as developed0\.630\.61−0\.21baselines re-estimated in 2L0\.620\.600\.02slopes and baselines updated in 2L0\.60——$/,
    );
    expect(text).not.toMatch(/Slope|C-index/);
  });

  it("tables net benefit by the methods' names with Aalen–Johansen incidence, other models as before", () => {
    const text = textOf(
      renderToStaticMarkup(
        createElement(NetBenefitSection, { r, runText: "run t1", horizon: 12, cause: nrm }),
      ),
    );
    expect(text).toContain(
      "Thresholdas developedbaselines re-estimated in 2Lslopes and baselines updated in 2Ltreat allHighest net benefit",
    );
    // 5%: "baselines" within rounding of treat-all is no win; 10%: "baselines" beats the others.
    expect(text).toContain("5%0.0310.0450.0440.046treat all");
    expect(text).toContain("10%0.0120.0200.018−0.006baselines re-estimated in 2L");
    expect(text).toContain("Aalen–Johansen incidence of NRM among those at or above the threshold");
    expect(text).toContain("relapse first counted as no event of it");
    expect(text).not.toContain("Kaplan–Meier");

    const survival = textOf(
      renderToStaticMarkup(
        createElement(NetBenefitSection, {
          r: { ...r, endpoint: "pfs", performance_2l: { ...r.performance_2l, cause: undefined } },
          runText: "run t1",
          horizon: 12,
        }),
      ),
    );
    expect(survival).toContain("Thresholdoriginalbaselineslopetreat all");
    expect(survival).toContain("Kaplan–Meier risk");
  });
});
