import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, pValue, timestamp, withCi } from "../../text/format.js";
import type { StudyFacts } from "../studyFacts.js";
import type { StudyReportInput } from "../studyReportInput.js";

const ID = "transport";
const HEADING = "Transport from 3L+ to 2L";
const TRIPOD = ["12f", "16", "20c", "23a", "24"];

/** DESIGN.md "Transportability": fit in 3L+, evaluate in 2L, compare effects, measure covariate shift. */
export function transportSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  if (!facts.transport) {
    return {
      id: ID,
      heading: HEADING,
      tripod: TRIPOD,
      blocks: [
        note(
          "No transport analysis is stored for this model version: development and evaluation use the same population.",
        ),
      ],
    };
  }
  const t = facts.transport.result;
  const when = input.transport ? ` of ${timestamp(input.transport.createdAt)}` : "";
  const p = t.performance_2l;
  const blocks: ReportBlock[] = [
    paragraph(
      `From ${facts.transport.source}${when}: the learner (first grid entry) fitted on ${t.n_3l} 3L+ patients and evaluated in ${t.n_2l} 2L patients, who are treated earlier in the disease, with a less worn-down immune system.`,
    ),
    paragraph(t.headline),
    table(
      ["Measure", right("In 2L")],
      [
        ["AUC (95% CI, DeLong)", withCi(p.auc, p.auc_lower, p.auc_upper)],
        ["Brier score", fixed(p.brier, 3)],
        ["Calibration slope", fixed(p.calibration_slope)],
        ["Calibration intercept", fixed(p.calibration_intercept)],
      ],
      "Performance of the 3L+ model in 2L",
    ),
  ];
  if (p.calibration_problem) blocks.push(note(`Calibration in 2L: ${p.calibration_problem}.`));
  if (t.recalibration.length > 0) {
    blocks.push(
      table(
        ["Updating (cross-validated in 2L)", right("AUC"), right("Slope"), right("Intercept")],
        t.recalibration.map((r) => [
          r.method,
          fixed(r.auc),
          fixed(r.calibration_slope),
          fixed(r.calibration_intercept),
        ]),
        "Model updating in 2L",
      ),
    );
  }
  const e = t.effects_rows;
  blocks.push(
    table(
      [
        "Predictor",
        "Scale",
        right("3L+ log-odds (95% CI)"),
        right("2L log-odds (95% CI)"),
        right("Interaction p"),
      ],
      t.predictors.map((x) => [
        facts.labelOf(x.name),
        x.scale,
        withCi(x.effect_3l.estimate, x.effect_3l.lower, x.effect_3l.upper, 2, ""),
        withCi(x.effect_2l.estimate, x.effect_2l.lower, x.effect_2l.upper, 2, ""),
        pValue(x.interaction_p),
      ]),
      "Predictor effects side by side",
    ),
    paragraph(
      `Effects on the log-odds of ${t.event} from unpenalised logistic regressions in each cohort (${e.adjustment === "adjusted" ? "all predictors together" : "one predictor at a time"}; complete cases: ${e.n_3l} in 3L+, ${e.n_2l} in 2L, ${e.dropped_incomplete} dropped)${e.adjustment_reason ? `: ${e.adjustment_reason}` : ""}. The interaction p is the Wald test of predictor × cohort in one model of both cohorts.`,
    ),
  );
  if (e.not_estimable.length > 0) {
    blocks.push(note(`Not estimable: ${e.not_estimable.map(facts.labelOf).join(", ")}.`));
  }
  const shifts = [...t.shift.smd].sort((a, b) => Math.abs(b.smd ?? 0) - Math.abs(a.smd ?? 0));
  blocks.push(
    paragraph(
      `Covariate shift: a cross-validated classifier tells 3L+ from 2L patients with AUC ${withCi(t.shift.domain_auc, t.shift.domain_auc_lower, t.shift.domain_auc_upper)} (0.5: the cohorts cannot be told apart). Standardised mean differences are 3L+ minus 2L; |SMD| above 0.1 is commonly read as a meaningful imbalance (Austin, Stat Med 2009;28:3083).`,
    ),
    table(
      ["Predictor", right("SMD"), right("Missing 3L+"), right("Missing 2L"), "Note"],
      shifts.map((s) => [
        facts.labelOf(s.name),
        fixed(s.smd),
        String(s.missing_3l),
        String(s.missing_2l),
        s.note ?? "",
      ]),
      "Standardised mean differences",
    ),
  );
  return { id: ID, heading: HEADING, tripod: TRIPOD, blocks };
}
