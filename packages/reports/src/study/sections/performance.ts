import { calibrationChart } from "../../charts/calibrationChart.js";
import { decisionCurveChart } from "../../charts/decisionCurveChart.js";
import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, NOT_COMPUTED, percent, plural, range, withCi } from "../../text/format.js";
import type { StudyFacts } from "../studyFacts.js";
import type { StoredPerformance, StudyReportInput, SurvivalPerformanceJson } from "../studyReportInput.js";
import { HARRELL_C, months, timeDependentAuc } from "../studyWording.js";
import {
  competingCalibrationSection,
  competingConformalText,
  competingDecisionCurveCaption,
  competingPerformanceSection,
} from "./competingSections.js";
import { failuresNote, optimismRow, optimismTable } from "./optimismTable.js";

const interval = (x: { estimate: number; lower: number; upper: number } | null | undefined) =>
  x ? withCi(x.estimate, x.lower, x.upper) : "n/a";

/** log(observed / mean predicted risk) at the horizon: calibration-in-the-large, 0 when they agree. */
function inTheLarge(p: StoredPerformance): string {
  return fixed(p.calibrationIntercept);
}

/**
 * A time-to-event model's performance: Harrell's C over all follow-up leads, Uno's C and the
 * time-dependent AUC at the horizon follow, then the IPCW Brier score and IPA, and calibration at the
 * horizon (Kaplan–Meier observed vs mean predicted risk, Cox calibration slope).
 */
function survivalPerformanceSection(
  input: StudyReportInput,
  facts: StudyFacts,
  horizon: number,
): ReportSection {
  const cv = facts.validation.nestedCv.performance;
  const app = input.model.metrics.apparent;
  const cs: SurvivalPerformanceJson | undefined = cv.survival;
  const as: SurvivalPerformanceJson | undefined = app.survival;
  const corrected = (index: string, digits: number) => fixed(optimismRow(facts, index)?.corrected, digits);
  const h = months(horizon);
  const blocks: ReportBlock[] = [
    table(
      [
        "Measure",
        right("Nested CV (out-of-fold)"),
        right("Apparent (training rows)"),
        right("Optimism-corrected"),
      ],
      [
        [
          `${HARRELL_C}, all follow-up (95% CI)`,
          interval(cs?.harrellC),
          interval(as?.harrellC),
          corrected("HarrellC", 2),
        ],
        [`Uno's C, truncated at ${h} (95% CI)`, interval(cs?.unoC), interval(as?.unoC), corrected("UnoC", 2)],
        [
          `${timeDependentAuc(horizon)} (cumulative/dynamic, 95% CI)`,
          withCi(cv.auc, cv.aucLower, cv.aucUpper),
          withCi(app.auc, app.aucLower, app.aucUpper),
          "n/a",
        ],
        [`Brier score at ${h} (IPCW)`, fixed(cv.brier, 3), fixed(app.brier, 3), "n/a"],
        ["Null Brier (Kaplan–Meier, no predictors)", fixed(cv.brierNull, 3), fixed(app.brierNull, 3), "n/a"],
        ["IPA (1 − Brier / null Brier)", fixed(cs?.ipa, 3), fixed(as?.ipa, 3), "n/a"],
        [
          `Observed risk by ${h} (1 − Kaplan–Meier, 95% CI)`,
          interval(cs?.observedRisk),
          interval(as?.observedRisk),
          "n/a",
        ],
        [
          `Mean predicted risk by ${h}`,
          fixed(cs?.meanPredictedRisk, 3),
          fixed(as?.meanPredictedRisk, 3),
          "n/a",
        ],
        [
          "Calibration-in-the-large, log(observed / mean predicted risk)",
          inTheLarge(cv),
          inTheLarge(app),
          "n/a",
        ],
        [
          "Calibration slope (Cox)",
          fixed(cv.calibrationSlope),
          fixed(app.calibrationSlope),
          corrected("Slope", 2),
        ],
      ],
      "Discrimination and calibration",
    ),
    paragraph(
      `The nested cross-validation estimates how the whole procedure, tuning included, performs on patients it has not seen (${cv.n} out-of-fold predictions, ${plural(cv.nEvents, "event")} over follow-up${cs ? `, ${cs.eventsByHorizon} by ${h}` : ""}). The apparent performance is measured on the rows the stored version was fitted on and is optimistic by construction. ${HARRELL_C} is the share of usable patient pairs whose order of event times the model's linear predictor gets right, over all follow-up (Harrell et al., JAMA 1982;247:2543); Uno's C weights the pairs by the inverse probability of censoring and stops at ${h} (Uno et al., Stat Med 2011;30:1105). The ${timeDependentAuc(horizon)} is the cumulative/dynamic AUC: patients with the event by ${h}${cs ? ` (${cs.aucCases})` : ""} against those still event-free there${cs ? ` (${cs.aucControls})` : ""}, censoring handled by inverse probability weights (Blanche et al., Stat Med 2013;32:5381). The Brier score at ${h} is inverse-probability-of-censoring weighted and is to be read against the Kaplan–Meier null; the IPA is the share of it the model removes (Kattan & Gerds, Diagn Progn Res 2018;2:7). Calibration-in-the-large compares the observed risk by ${h}, 1 − the Kaplan–Meier survival, with the mean predicted risk (0 when they agree); the calibration slope is the Cox coefficient of the linear predictor (ideal 1; below 1: predictions too extreme).`,
    ),
  ];
  if (cv.calibrationProblem)
    blocks.push(note(`Calibration of the out-of-fold predictions: ${cv.calibrationProblem}.`));
  if (cs && cs.problems.length > 0)
    blocks.push(note(`Not estimable on the out-of-fold predictions: ${cs.problems.join("; ")}.`));
  blocks.push(optimismTable(facts), ...failuresNote(facts));
  return { id: "performance", heading: "Performance", tripod: ["12e", "23a"], blocks };
}

export function performanceSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  if (facts.survival?.competing)
    return competingPerformanceSection(input, facts, facts.survival.horizonMonths, facts.survival.competing);
  if (facts.survival) return survivalPerformanceSection(input, facts, facts.survival.horizonMonths);
  const cv: StoredPerformance = facts.validation.nestedCv.performance;
  const app = input.model.metrics.apparent;
  const corrected = (index: string, digits: number) => fixed(optimismRow(facts, index)?.corrected, digits);
  const blocks: ReportBlock[] = [
    table(
      [
        "Measure",
        right("Nested CV (out-of-fold)"),
        right("Apparent (training rows)"),
        right("Optimism-corrected"),
      ],
      [
        [
          "AUC (95% CI, DeLong)",
          withCi(cv.auc, cv.aucLower, cv.aucUpper),
          withCi(app.auc, app.aucLower, app.aucUpper),
          corrected("AUC", 2),
        ],
        ["Brier score", fixed(cv.brier, 3), fixed(app.brier, 3), corrected("Brier", 3)],
        ["Null Brier (prevalence only)", fixed(cv.brierNull, 3), fixed(app.brierNull, 3), "n/a"],
        [
          "Calibration intercept",
          fixed(cv.calibrationIntercept),
          fixed(app.calibrationIntercept),
          corrected("Intercept", 2),
        ],
        ["Calibration slope", fixed(cv.calibrationSlope), fixed(app.calibrationSlope), corrected("Slope", 2)],
      ],
      "Discrimination and calibration",
    ),
    paragraph(
      `The nested cross-validation estimates how the whole procedure, tuning included, performs on patients it has not seen (${cv.n} out-of-fold predictions, ${plural(cv.nEvents, "event")}). The apparent performance is measured on the rows the stored version was fitted on and is optimistic by construction. The Brier score is to be read against the null Brier of a model that predicts the event rate for everyone. Calibration intercept (calibration-in-the-large, ideal 0) and slope (ideal 1; below 1: predictions too extreme) come from a logistic recalibration of the predictions (Van Calster et al., BMC Med 2019;17:230).`,
    ),
  ];
  if (cv.calibrationProblem)
    blocks.push(note(`Calibration of the out-of-fold predictions: ${cv.calibrationProblem}.`));
  blocks.push(optimismTable(facts), ...failuresNote(facts));
  return { id: "performance", heading: "Performance", tripod: ["12e", "23a"], blocks };
}

/**
 * Calibration of a time-to-event model at the horizon (Royston & Altman, BMC Med Res Methodol
 * 2013;13:33): risk groups with the Kaplan–Meier risk by the horizon, and calibration-in-the-large as
 * observed vs mean predicted risk. No smoothed curve: see the note it writes.
 */
function survivalCalibrationSection(facts: StudyFacts, horizon: number): ReportSection {
  const nested = facts.validation.nestedCv;
  const groups = nested.calibrationGroups ?? null;
  const s = nested.performance.survival;
  const h = months(horizon);
  const blocks: ReportBlock[] = [];
  if (!groups || groups.length === 0) {
    blocks.push(note(`Calibration plot: ${NOT_COMPUTED} (the run stores no calibration groups).`));
  } else {
    blocks.push({
      kind: "chart",
      caption: `Calibration at ${h} of the nested cross-validation's out-of-fold predictions: the observed risk by ${h} (1 − the group's Kaplan–Meier survival, 95% Greenwood intervals) against the group's mean predicted risk, by group of predicted risk, and the diagonal of perfect calibration.`,
      chart: calibrationChart(groups, null, "calibration-plot", {
        predicted: `Predicted risk by ${h}`,
        observed: `Observed risk by ${h} (Kaplan–Meier)`,
      }),
    });
    blocks.push(
      table(
        [
          "Predicted risk",
          right("Patients"),
          right(`Events by ${h}`),
          right(`At risk at ${h}`),
          right("Mean predicted"),
          right("Observed, Kaplan–Meier (95% CI)"),
        ],
        groups.map((g) => [
          range(g.lower, g.upper, 3),
          String(g.n),
          g.eventsByHorizon === undefined ? "n/a" : String(g.eventsByHorizon),
          g.atRiskAtHorizon === undefined ? "n/a" : String(g.atRiskAtHorizon),
          fixed(g.meanPredicted, 3),
          withCi(g.observed, g.observedLower, g.observedUpper, 3, ""),
        ]),
        "Calibration groups at the horizon",
      ),
    );
  }
  blocks.push(
    paragraph(
      `No smoothed calibration curve is drawn: a smooth of observed 0/1 outcomes against predictions needs every patient's status at ${h}, and a patient censored before ${h} has none; dropping those patients would bias the observed risk downwards. The groups instead estimate each observed risk by Kaplan–Meier, which uses the censored patients' follow-up (Royston & Altman, BMC Med Res Methodol 2013;13:33).`,
    ),
  );
  if (s) {
    blocks.push(
      paragraph(
        `Calibration-in-the-large at ${h}: observed risk ${withCi(s.observedRisk.estimate, s.observedRisk.lower, s.observedRisk.upper, 3)} (1 − Kaplan–Meier S(${h}) over all out-of-fold patients) against a mean predicted risk of ${fixed(s.meanPredictedRisk, 3)}; log(observed / mean predicted) = ${fixed(nested.performance.calibrationIntercept, 3)} (0: the model predicts the cohort's overall risk).`,
      ),
    );
  }
  return { id: "calibration", heading: "Calibration plot", tripod: ["12e", "23a"], blocks };
}

export function calibrationSection(facts: StudyFacts): ReportSection {
  if (facts.survival?.competing)
    return competingCalibrationSection(facts, facts.survival.horizonMonths, facts.survival.competing);
  if (facts.survival) return survivalCalibrationSection(facts, facts.survival.horizonMonths);
  const nested = facts.validation.nestedCv;
  const groups = nested.calibrationGroups ?? null;
  const curve = nested.calibrationCurve ?? null;
  const blocks: ReportBlock[] = [];
  if (!groups || groups.length === 0) {
    blocks.push(note(`Calibration plot: ${NOT_COMPUTED} (the run stores no calibration groups).`));
  } else {
    blocks.push({
      kind: "chart",
      caption: `Calibration of the nested cross-validation's out-of-fold predictions: observed proportion by group of predicted risk with 95% Wilson intervals, ${curve ? `the ${curve.method} smooth` : "no smooth (not computed in this run)"}, and the diagonal of perfect calibration.`,
      chart: calibrationChart(groups, curve, "calibration-plot"),
    });
    blocks.push(
      table(
        ["Predicted risk", right("Patients"), right("Mean predicted"), right("Observed (95% CI)")],
        groups.map((g) => [
          range(g.lower, g.upper, 3),
          String(g.n),
          fixed(g.meanPredicted, 3),
          withCi(g.observed, g.observedLower, g.observedUpper, 3, ""),
        ]),
        "Calibration groups",
      ),
    );
    if (!curve) blocks.push(note(`Smoothed calibration curve: ${NOT_COMPUTED}.`));
  }
  return { id: "calibration", heading: "Calibration plot", tripod: ["12e", "23a"], blocks };
}

export function decisionCurveSection(facts: StudyFacts): ReportSection {
  const curve = facts.validation.nestedCv.decisionCurve ?? null;
  const blocks: ReportBlock[] = [];
  if (!curve || curve.thresholds.length === 0) {
    blocks.push(note(`Decision curve: ${NOT_COMPUTED}.`));
  } else {
    const horizon = facts.survival?.horizonMonths;
    const competing = facts.survival?.competing ?? null;
    blocks.push({
      kind: "chart",
      caption: competing
        ? competingDecisionCurveCaption(facts, horizon!, competing)
        : horizon === undefined
          ? "Decision curve of the out-of-fold predictions: net benefit of acting on the model at each threshold probability, against treating everyone and treating no one (Vickers & Elkin, Med Decis Making 2006;26:565)."
          : `Decision curve of the out-of-fold predictions at ${months(horizon)}: net benefit of acting on the model at each threshold of the risk by ${months(horizon)}, against treating everyone and treating no one. Under censoring, the risk among those the model would treat is the Kaplan–Meier risk by ${months(horizon)} (Vickers et al., BMC Med Inform Decis Mak 2008;8:53).`,
      chart: decisionCurveChart(curve, "decision-curve"),
    });
    const shown = curve.thresholds.flatMap((t, i) => (Math.round(t * 100) % 10 === 0 ? [i] : []));
    blocks.push(
      table(
        [
          right("Threshold"),
          right("Model"),
          right("Treat all"),
          right("Treat none"),
          "Model better than both",
        ],
        shown.map((i) => {
          const model = curve.model[i]!;
          const all = curve.treatAll[i]!;
          const none = curve.treatNone[i]!;
          return [
            percent(curve.thresholds[i]),
            fixed(model, 3),
            fixed(all, 3),
            fixed(none, 3),
            model > Math.max(all, none) ? "yes" : "no",
          ];
        }),
        "Net benefit at selected thresholds",
      ),
    );
  }
  return { id: "decision-curve", heading: "Decision curve", tripod: ["12e", "23a"], blocks };
}

export function conformalSection(facts: StudyFacts): ReportSection {
  const c = facts.validation.conformal ?? null;
  const blocks: ReportBlock[] = [];
  if (!c) {
    blocks.push(note(`Conformal coverage: ${NOT_COMPUTED}.`));
  } else {
    const total = c.setSizes.empty + c.setSizes.single + c.setSizes.both;
    blocks.push(
      paragraph(
        `Split-conformal prediction sets (Lei et al., JASA 2018;113:1094) at target coverage ${percent(c.targetCoverage)} (α = ${fixed(c.alpha)}), built inside each outer fold and checked on the held-out fold: the sets contained the observed outcome for ${percent(c.empiricalCoverage, 1)} of ${c.n} patients (95% CI ${percent(c.coverageLower, 1)}–${percent(c.coverageUpper, 1)}). Method: ${c.method}.`,
      ),
      table(
        ["Set", right("Patients"), right("Share")],
        [
          [
            "one outcome",
            String(c.setSizes.single),
            percent(total > 0 ? c.setSizes.single / total : Number.NaN, 1),
          ],
          [
            "both outcomes (cannot tell)",
            String(c.setSizes.both),
            percent(total > 0 ? c.setSizes.both / total : Number.NaN, 1),
          ],
          [
            "empty (both atypical)",
            String(c.setSizes.empty),
            percent(total > 0 ? c.setSizes.empty / total : Number.NaN, 1),
          ],
        ],
        "Prediction set sizes",
      ),
    );
    if (facts.survival?.competing) {
      blocks.push(
        paragraph(competingConformalText(facts, facts.survival.horizonMonths, facts.survival.competing)),
      );
    } else if (facts.survival) {
      const h = months(facts.survival.horizonMonths);
      blocks.push(
        paragraph(
          `For this time-to-event model the outcome of a set is the status at ${h} (the event by then, or event-free at ${h}); ${c.n} of the ${facts.validation.nestedCv.performance.n} out-of-fold patients have a known status there. Those censored before ${h} cannot be checked and are left out of calibration and of the coverage check, so the coverage describes patients followed to ${h} or with an earlier event.`,
        ),
      );
    }
  }
  return { id: "conformal", heading: "Conformal coverage", tripod: ["23a"], blocks };
}
