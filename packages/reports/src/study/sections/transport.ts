import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, percent, pValue, timestamp, withCi } from "../../text/format.js";
import { type CauseWording, causeAuc, causeIncidence, causeWording, WOLBERS_C } from "../competingWording.js";
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

/** The same for a competing-risks model: both causes' cause-specific Cox models are updated (transportCompeting in @carta/ml). */
const COMPETING_UPDATE_METHODS: Readonly<Record<string, string>> = {
  original: "3L+ models as is",
  baseline: "both causes' Breslow baselines re-estimated (linear predictors kept)",
  slope: "each cause's slope and baseline hazard re-estimated",
};

function updateMethod(method: string, methods = UPDATE_METHODS): string {
  const how = methods[method];
  return how ? `${method}: ${how}` : method;
}

/**
 * The cause whose incidence a competing-risks transport judged: the one the document names, else the
 * model's (the document describes itself); null for a binary or pfs/os model.
 */
export function transportCause(facts: StudyFacts): CauseWording | null {
  const competing = facts.survival?.competing ?? null;
  if (!competing) return null;
  const stated = facts.transport?.result.performance_2l.cause;
  return stated === "relapse" || stated === "nrm" ? causeWording(stated) : competing.cause;
}

type Recalibration = TransportResultJson["recalibration"][number];
type WithNetBenefit = Recalibration & { net_benefit: NonNullable<Recalibration["net_benefit"]> };

/**
 * The updates compared by net benefit in 2L (Vickers & Elkin, Med Decis Making 2006;26:565; for a
 * time-to-event model at the horizon, Vickers et al., BMC Med Inform Decis Mak 2008;8:53): at each
 * threshold, each update's net benefit beside treating everyone, and the strategy with the most. A run
 * stored before the net benefit was added has none: the comparison is then left out, and said so.
 */
function netBenefitBlocks(
  t: TransportResultJson,
  horizon: number | null,
  cause: CauseWording | null,
): ReportBlock[] {
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
  const thresholdOf =
    horizon === null
      ? "Threshold"
      : cause
        ? `Threshold (incidence of ${cause.short} by ${months(horizon)})`
        : `Threshold (risk by ${months(horizon)})`;
  const risk =
    horizon === null
      ? ""
      : cause
        ? `; under censoring and the competing event the risk among those treated is their Aalen–Johansen ${causeIncidence(cause, horizon)}, ${cause.competing} counting as no ${cause.short} (Vickers et al., BMC Med Inform Decis Mak 2008;8:53)`
        : `; under censoring the risk among those treated is their Kaplan–Meier risk by ${months(horizon)} (Vickers et al., BMC Med Inform Decis Mak 2008;8:53)`;
  return [
    table(
      [right(thresholdOf), ...updates.map((r) => right(r.method)), right("Treat all"), "Most net benefit"],
      rows,
      `Net benefit in 2L${at} of each update (cross-validated in 2L) and of treating everyone`,
    ),
    paragraph(
      `The updates compared by net benefit${at}: at a threshold t, the benefit of treating the patients whose predicted risk is at least t, true positives minus false positives weighted by t/(1 − t), per patient (Vickers & Elkin, Med Decis Making 2006;26:565)${risk}. Treating no one has net benefit 0. An update is worth making at the thresholds where it gives more net benefit than the 3L+ model as is and than both default strategies; ties go to the simpler strategy.`,
    ),
  ];
}

/**
 * The effects table and the paragraph saying how the effects were estimated. For a competing-risks
 * model they are cause-specific log hazard ratios: Cox models of the cause with the competing event as
 * censoring, which is what a cause-specific hazard is (Putter et al., Stat Med 2007;26:2389).
 */
function effectsBlocks(t: TransportResultJson, facts: StudyFacts, cause: CauseWording | null): ReportBlock[] {
  const e = t.effects_rows;
  const survival = facts.survival !== null;
  const scale = cause ? "cause-specific log HR" : survival ? "log HR" : "log-odds";
  const fit = cause
    ? `Effects are cause-specific log hazard ratios of ${cause.short} (log HR per SD for a numeric predictor, numeric predictors standardised by the pooled mean and SD) over all follow-up, from unpenalised Cox regressions (Efron ties) in each cohort with ${cause.competing} as censoring`
    : survival
      ? `Effects are log hazard ratios (log HR per SD for a numeric predictor, numeric predictors standardised by the pooled mean and SD) of the time to the event over all follow-up, from unpenalised Cox regressions (Efron ties) in each cohort`
      : `Effects on the log-odds of ${t.event} from unpenalised logistic regressions in each cohort`;
  const interaction = cause
    ? `Censoring the competing event is what a cause-specific hazard is (Putter et al., Stat Med 2007;26:2389): these are effects on the hazard of ${cause.short} among patients still free of either event, not on its cumulative incidence, which also depends on the hazard of ${cause.competingShort}. The interaction p is the Wald test of predictor × cohort in one cause-specific Cox model of ${cause.short} in both cohorts, the cohort a covariate (so the two cohorts' baseline hazards of ${cause.short} are taken as proportional).`
    : survival
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

/**
 * Performance in 2L of a competing-risks model and its updates, with riskRegression::Score's
 * definitions for one cause as in the validation: the cause's time-dependent AUC and Wolbers' C lead,
 * calibration-in-the-large against the Aalen–Johansen incidence, and no calibration slope.
 */
function competingPerformanceBlocks(
  t: TransportResultJson,
  horizon: number,
  cause: CauseWording,
): ReportBlock[] {
  const p = t.performance_2l;
  const h = months(horizon);
  const auc = causeAuc(cause, horizon);
  const blocks: ReportBlock[] = [
    table(
      ["Measure", right("In 2L")],
      [
        [`${auc} (competing events as controls, IPCW, 95% CI)`, withCi(p.auc, p.auc_lower, p.auc_upper)],
        [`${WOLBERS_C}, truncated at ${h}`, fixed(p.wolbers_c)],
        [`Brier score of ${cause.short} at ${h} (IPCW)`, fixed(p.brier, 3)],
        [
          `Calibration-in-the-large, log(observed Aalen–Johansen / mean predicted incidence) at ${h}`,
          fixed(p.calibration_intercept),
        ],
        ["Calibration slope", "not estimated"],
      ],
      "Performance of the 3L+ model in 2L",
    ),
    paragraph(
      `The 3L+ cause-specific models of both causes give each 2L patient a ${causeIncidence(cause, horizon)}. Its ${auc} counts the patients with ${cause.short} by ${h} as cases and everyone known to be free of it there — still event-free, or with ${cause.competing} first — as controls, censoring handled by inverse probability weights (Blanche et al., Stat Med 2013;32:5381; riskRegression::Score). ${WOLBERS_C} is the share of comparable pairs the predicted incidence orders rightly, a patient with the competing event staying comparable (Wolbers et al., Biostatistics 2014;15:526). Calibration-in-the-large compares the Aalen–Johansen ${causeIncidence(cause, horizon)} in 2L with the mean predicted incidence (0 when they agree); no calibration slope is estimated for a cumulative-incidence model.`,
    ),
  ];
  if (p.calibration_problem) blocks.push(note(`Calibration in 2L: ${p.calibration_problem}.`));
  if (t.recalibration.length > 0) {
    blocks.push(
      table(
        [
          "Updating (cross-validated in 2L)",
          right(`AUC of ${cause.short} at ${h}`),
          right(WOLBERS_C),
          right(`log(O/E) at ${h}`),
        ],
        t.recalibration.map((r) => [
          updateMethod(r.method, COMPETING_UPDATE_METHODS),
          fixed(r.auc),
          fixed(r.wolbers_c),
          fixed(r.calibration_intercept),
        ]),
        "Model updating in 2L",
      ),
      paragraph(
        `Each update keeps the 3L+ linear predictors of both causes, since the incidence of ${cause.short} depends on the hazards of both: "baseline" re-estimates both causes' Breslow baselines in 2L, "slope" refits each cause's coefficient of its own linear predictor and then its baseline (van Houwelingen, Stat Med 2000;19:3401, per cause). Updates are fitted and judged by cross-validation within 2L (folds stratified on the status); log(O/E) is the calibration-in-the-large against the Aalen–Johansen incidence.`,
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
      ? "No transport analysis was run for this model: development and evaluation use the same population, and its performance in 2L specifically is not established."
      : "No transport analysis is stored for this model version: development and evaluation use the same population.";
    return { id: ID, heading: HEADING, tripod: TRIPOD, blocks: [note(why)] };
  }
  const t = facts.transport.result;
  const when = input.transport ? ` of ${timestamp(input.transport.createdAt)}` : "";
  const horizon = facts.survival ? (t.performance_2l.horizon_months ?? facts.survival.horizonMonths) : null;
  const cause = transportCause(facts);
  const modelCause = facts.survival?.competing?.cause ?? null;
  const blocks: ReportBlock[] = [
    paragraph(
      `From ${facts.transport.source}${when}: the learner (first grid entry${cause ? ", cause-specific models of both causes" : ""}) fitted on ${t.n_3l} 3L+ patients and evaluated in ${t.n_2l} 2L patients, who are treated earlier in the disease, with a less worn-down immune system.`,
    ),
  ];
  if (cause && modelCause && cause.id !== modelCause.id)
    blocks.push(
      note(
        `Caution: this transport analysis judged the incidence of ${cause.short}, while the model predicts that of ${modelCause.short}; the numbers below are of ${cause.short}.`,
      ),
    );
  blocks.push(
    paragraph(t.headline),
    ...(horizon === null
      ? binaryPerformanceBlocks(t)
      : cause
        ? competingPerformanceBlocks(t, horizon, cause)
        : survivalPerformanceBlocks(t, horizon)),
    ...netBenefitBlocks(t, horizon, cause),
    ...effectsBlocks(t, facts, cause),
  );
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
