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
import type { StoredPerformance, StudyReportInput } from "../studyReportInput.js";

function optimismRow(facts: StudyFacts, index: string) {
  return facts.validation.optimism.indexes.find((i) => i.index === index) ?? null;
}

export function performanceSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const cv: StoredPerformance = facts.validation.nestedCv.performance;
  const app = input.model.metrics.apparent;
  const corrected = (index: string, digits: number) => fixed(optimismRow(facts, index)?.corrected, digits);
  const o = facts.validation.optimism;
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
  blocks.push(
    table(
      ["Index", right("Apparent"), right("Optimism"), right("Corrected"), right("Replicates used")],
      o.indexes.map((i) => [
        i.index,
        fixed(i.apparent, 3),
        fixed(i.optimism, 3),
        fixed(i.corrected, 3),
        String(i.n),
      ]),
      `Bootstrap optimism correction (${o.fitted} of ${o.replicates} replicates fitted)`,
    ),
  );
  if (o.failures.length > 0) {
    blocks.push(
      note(
        `${plural(o.failures.length, "replicate")} could not be fitted: ${o.failures
          .slice(0, 5)
          .map((f) => `#${f.replicate} ${f.reason}`)
          .join("; ")}${o.failures.length > 5 ? "; …" : ""}.`,
      ),
    );
  }
  return { id: "performance", heading: "Performance", tripod: ["12e", "23a"], blocks };
}

export function calibrationSection(facts: StudyFacts): ReportSection {
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
    blocks.push({
      kind: "chart",
      caption:
        "Decision curve of the out-of-fold predictions: net benefit of acting on the model at each threshold probability, against treating everyone and treating no one (Vickers & Elkin, Med Decis Making 2006;26:565).",
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
  }
  return { id: "conformal", heading: "Conformal coverage", tripod: ["23a"], blocks };
}
