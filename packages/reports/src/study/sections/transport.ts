import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, percent, pValue, timestamp, withCi } from "../../text/format.js";
import type { StudyFacts } from "../studyFacts.js";
import type { StudyReportInput, TransportResultJson } from "../studyReportInput.js";
import { HARRELL_C, months, timeDependentAuc } from "../studyWording.js";

const ID = "transport";
const HEADING = "Transport from 3L+ to 2L";
const TRIPOD = ["12f", "16", "20c", "23a", "24"];

/** How each update of the 3L+ model in 2L is made (transportBinary and transportSurvival in @carta/ml). */
const UPDATE_METHODS: Readonly<Record<string, string>> = {
  original: "3L+ model as is",
  intercept: "intercept re-estimated (calibration-in-the-large)",
  logistic: "logistic recalibration (intercept and slope)",
  baseline: "baseline hazard re-estimated (linear predictor as offset)",
  slope: "slope and baseline hazard re-estimated",
};

function updateMethod(method: string): string {
  const how = UPDATE_METHODS[method];
  return how ? `${method}: ${how}` : method;
}

type Recalibration = TransportResultJson["recalibration"][number];
type WithNetBenefit = Recalibration & { net_benefit: NonNullable<Recalibration["net_benefit"]> };

/**
 * The updates compared by net benefit in 2L (Vickers & Elkin, Med Decis Making 2006;26:565; for a
 * time-to-event model at the horizon, Vickers et al., BMC Med Inform Decis Mak 2008;8:53): at each
 * threshold, each update's net benefit beside treating everyone, and the strategy with the most. A run
 * stored before the net benefit was added has none: the comparison is then left out, and said so.
 */
function netBenefitBlocks(t: TransportResultJson, horizon: number | null): ReportBlock[] {
  const updates = t.recalibration;
  if (updates.length === 0) return [];
  if (!updates.every((r): r is WithNetBenefit => r.net_benefit !== undefined)) {
    return [note("Net benefit of the updates: not computed in this run (the transport run predates it).")];
  }
  const first = updates[0]!.net_benefit;
  const rows = first.thresholds.map((threshold, i) => {
    const values = updates.map((r) => r.net_benefit.model[i] ?? Number.NaN);
    const treatAll = first.treat_all[i] ?? Number.NaN;
    // Simplest first: a tie goes to the strategy earlier in this list.
    const candidates = [
      { name: "treat none", value: 0 },
      { name: "treat all", value: treatAll },
      ...updates.map((r, j) => ({ name: r.method, value: values[j]! })),
    ].filter((c) => Number.isFinite(c.value));
    const best = candidates.reduce<{ name: string; value: number } | null>(
      (a, c) => (a === null || c.value > a.value + 1e-12 ? c : a),
      null,
    );
    return [percent(threshold), ...values.map((v) => fixed(v, 3)), fixed(treatAll, 3), best?.name ?? "n/a"];
  });
  const at = horizon === null ? "" : ` at ${months(horizon)}`;
  return [
    table(
      [
        right(horizon === null ? "Threshold" : `Threshold (risk by ${months(horizon)})`),
        ...updates.map((r) => right(r.method)),
        right("Treat all"),
        "Most net benefit",
      ],
      rows,
      `Net benefit in 2L${at} of each update (cross-validated in 2L) and of treating everyone`,
    ),
    paragraph(
      `The updates compared by net benefit${at}: at a threshold t, the benefit of treating the patients whose predicted risk is at least t, true positives minus false positives weighted by t/(1 − t), per patient (Vickers & Elkin, Med Decis Making 2006;26:565)${horizon === null ? "" : `; under censoring the risk among those treated is their Kaplan–Meier risk by ${months(horizon)} (Vickers et al., BMC Med Inform Decis Mak 2008;8:53)`}. Treating no one has net benefit 0. An update is worth making at the thresholds where it gives more net benefit than the 3L+ model as is and than both default strategies; ties go to the simpler strategy.`,
    ),
  ];
}

/** The effects table and the paragraph saying how the effects were estimated. */
function effectsBlocks(t: TransportResultJson, facts: StudyFacts): ReportBlock[] {
  const e = t.effects_rows;
  const survival = facts.survival !== null;
  const scale = survival ? "log HR" : "log-odds";
  const fit = survival
    ? `Effects are log hazard ratios (log HR per SD for a numeric predictor, numeric predictors standardised by the pooled mean and SD) of the time to the event over all follow-up, from unpenalised Cox regressions (Efron ties) in each cohort`
    : `Effects on the log-odds of ${t.event} from unpenalised logistic regressions in each cohort`;
  const interaction = survival
    ? "The interaction p is the Wald test of predictor × cohort in one Cox model of both cohorts, the cohort a covariate (so the two cohorts' baseline hazards are taken as proportional)."
    : "The interaction p is the Wald test of predictor × cohort in one model of both cohorts.";
  const blocks: ReportBlock[] = [
    table(
      [
        "Predictor",
        "Scale",
        right(`3L+ ${scale} (95% CI)`),
        right(`2L ${scale} (95% CI)`),
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
      `${fit} (${e.adjustment === "adjusted" ? "all predictors together" : "one predictor at a time"}; complete cases: ${e.n_3l} in 3L+, ${e.n_2l} in 2L, ${e.dropped_incomplete} dropped)${e.adjustment_reason ? `: ${e.adjustment_reason}` : ""}. ${interaction}`,
    ),
  ];
  if (e.not_estimable.length > 0) {
    blocks.push(note(`Not estimable: ${e.not_estimable.map(facts.labelOf).join(", ")}.`));
  }
  return blocks;
}

/** Performance in 2L of a time-to-event model, and its updates: C-index first, the AUC at the horizon named. */
function survivalPerformanceBlocks(t: TransportResultJson, horizon: number): ReportBlock[] {
  const p = t.performance_2l;
  const h = months(p.horizon_months ?? horizon);
  const blocks: ReportBlock[] = [
    table(
      ["Measure", right("In 2L")],
      [
        [`C-index (${HARRELL_C}, 95% CI)`, withCi(p.c_index, p.c_index_lower, p.c_index_upper)],
        [
          `${timeDependentAuc(p.horizon_months ?? horizon)} (95% CI)`,
          withCi(p.auc, p.auc_lower, p.auc_upper),
        ],
        [`Brier score at ${h} (IPCW)`, fixed(p.brier, 3)],
        ["Calibration slope (Cox)", fixed(p.calibration_slope)],
        [
          `Calibration-in-the-large, log(observed / mean predicted risk) at ${h}`,
          fixed(p.calibration_intercept),
        ],
      ],
      "Performance of the 3L+ model in 2L",
    ),
  ];
  if (p.calibration_problem) blocks.push(note(`Calibration in 2L: ${p.calibration_problem}.`));
  if (t.recalibration.length > 0) {
    blocks.push(
      table(
        [
          "Updating (cross-validated in 2L)",
          right("C-index"),
          right(`AUC at ${h}`),
          right("Slope"),
          right(`log(O/E) at ${h}`),
        ],
        t.recalibration.map((r) => [
          updateMethod(r.method),
          fixed(r.c_index),
          fixed(r.auc),
          fixed(r.calibration_slope),
          fixed(r.calibration_intercept),
        ]),
        "Model updating in 2L",
      ),
    );
  }
  return blocks;
}

function binaryPerformanceBlocks(t: TransportResultJson): ReportBlock[] {
  const p = t.performance_2l;
  const blocks: ReportBlock[] = [
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
  return blocks;
}

/** DESIGN.md "Transportability": fit in 3L+, evaluate in 2L, compare effects, measure covariate shift. */
export function transportSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  if (!facts.transport) {
    const why = facts.survival?.competing
      ? "No transport analysis: the 3L+ → 2L transport is not available for the competing-risks endpoint in version 1 (the spec refuses it: its Kaplan–Meier-based performance in 2L would be biased by the competing event). Development and evaluation use the same population."
      : "No transport analysis is stored for this model version: development and evaluation use the same population.";
    return { id: ID, heading: HEADING, tripod: TRIPOD, blocks: [note(why)] };
  }
  const t = facts.transport.result;
  const when = input.transport ? ` of ${timestamp(input.transport.createdAt)}` : "";
  const horizon = facts.survival ? (t.performance_2l.horizon_months ?? facts.survival.horizonMonths) : null;
  const blocks: ReportBlock[] = [
    paragraph(
      `From ${facts.transport.source}${when}: the learner (first grid entry) fitted on ${t.n_3l} 3L+ patients and evaluated in ${t.n_2l} 2L patients, who are treated earlier in the disease, with a less worn-down immune system.`,
    ),
    paragraph(t.headline),
    ...(horizon === null ? binaryPerformanceBlocks(t) : survivalPerformanceBlocks(t, horizon)),
    ...netBenefitBlocks(t, horizon),
    ...effectsBlocks(t, facts),
  ];
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
