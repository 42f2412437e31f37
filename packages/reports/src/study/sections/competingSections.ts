import { SMALL_CENTRES } from "@carta/ml";
import { calibrationChart } from "../../charts/calibrationChart.js";
import { forestPlot, pooledForestRow } from "../../charts/forestPlot.js";
import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, NOT_COMPUTED, percent, plural, range, withCi } from "../../text/format.js";
import { causeAuc, causeIncidence, WOLBERS_C } from "../competingWording.js";
import type { CompetingFacts, StudyFacts } from "../studyFacts.js";
import type { StoredLoco, StudyReportInput, SurvivalPerformanceJson } from "../studyReportInput.js";
import { months } from "../studyWording.js";
import { failuresNote, optimismRow, optimismTable } from "./optimismTable.js";

/**
 * The performance, calibration, decision curve, conformal and centre sections of a competing-risks
 * model (relapse_vs_nrm), with riskRegression::Score's definitions for one cause (docs/lab.md):
 * Wolbers' C truncated at the horizon and the cause's time-dependent AUC lead, the Brier score is
 * IPCW with the competing event counting as no event, and the observed risk is the Aalen–Johansen
 * cumulative incidence — never one minus a Kaplan–Meier survival, which would count the competing
 * event as censoring and overstate the incidence.
 */

const interval = (x: { estimate: number; lower: number; upper: number } | null | undefined, digits = 2) =>
  x ? withCi(x.estimate, x.lower, x.upper, digits) : "n/a";

export function competingPerformanceSection(
  input: StudyReportInput,
  facts: StudyFacts,
  horizon: number,
  competing: CompetingFacts,
): ReportSection {
  const cv = facts.validation.nestedCv.performance;
  const app = input.model.metrics.apparent;
  const cs: SurvivalPerformanceJson | undefined = cv.survival;
  const as: SurvivalPerformanceJson | undefined = app.survival;
  const corrected = (index: string, digits: number) => fixed(optimismRow(facts, index)?.corrected, digits);
  const h = months(horizon);
  const cause = competing.cause;
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
          `${WOLBERS_C}, truncated at ${h}`,
          fixed(cs?.competing?.wolbersC),
          fixed(as?.competing?.wolbersC),
          corrected("WolbersC", 2),
        ],
        [
          `${causeAuc(cause, horizon)} (competing events as controls, IPCW, 95% CI)`,
          withCi(cv.auc, cv.aucLower, cv.aucUpper),
          withCi(app.auc, app.aucLower, app.aucUpper),
          corrected("AUC", 2),
        ],
        [
          `Brier score of ${cause.short} at ${h} (IPCW)`,
          fixed(cv.brier, 3),
          fixed(app.brier, 3),
          corrected("Brier", 3),
        ],
        [
          "Null Brier (Aalen–Johansen incidence for everyone)",
          fixed(cv.brierNull, 3),
          fixed(app.brierNull, 3),
          "n/a",
        ],
        ["IPA (1 − Brier / null Brier)", fixed(cs?.ipa, 3), fixed(as?.ipa, 3), "n/a"],
        [
          `Observed ${causeIncidence(cause, horizon)} (Aalen–Johansen, 95% CI)`,
          interval(cs?.observedRisk, 3),
          interval(as?.observedRisk, 3),
          "n/a",
        ],
        [
          `Mean predicted ${causeIncidence(cause, horizon)}`,
          fixed(cs?.meanPredictedRisk, 3),
          fixed(as?.meanPredictedRisk, 3),
          "n/a",
        ],
        [
          "Calibration-in-the-large, log(observed / mean predicted incidence)",
          fixed(cv.calibrationIntercept),
          fixed(app.calibrationIntercept),
          "n/a",
        ],
        ["Calibration slope", "not estimated", "not estimated", "n/a"],
      ],
      "Discrimination and calibration",
    ),
    paragraph(
      `The nested cross-validation estimates how the whole procedure, tuning included, performs on patients it has not seen (${cv.n} out-of-fold predictions, ${plural(facts.validation.nEvents, `${cause.short} event`)} over follow-up${cs ? `, ${cs.eventsByHorizon} by ${h}` : ""}${cs?.competing ? `, and ${cs.competing.competingByHorizon} competing events by ${h}` : ""}). The apparent performance is measured on the rows the stored version was fitted on and is optimistic by construction. ${WOLBERS_C} is the share of comparable patient pairs whose order the predicted incidence gets right: a patient with ${cause.short} by ${h} against one still free of it later, a patient with the competing event staying comparable at every time (Wolbers et al., Epidemiology 2009;20:555; Biostatistics 2014;15:526); no standard error is computed for it. The ${causeAuc(cause, horizon)} is the cumulative/dynamic AUC of the cause: patients with ${cause.short} by ${h}${cs ? ` (${cs.aucCases})` : ""} against everyone whose status there is known without it — still event-free after ${h}, or with ${cause.competing} first${cs ? ` (${cs.aucControls})` : ""} — censoring handled by inverse probability weights (Blanche et al., Stat Med 2013;32:5381; riskRegression::Score). The Brier score at ${h} counts a competing event as no ${cause.short} by ${h}, is weighted by the inverse probability of censoring, and is to be read against the null model that predicts everyone the Aalen–Johansen incidence; the IPA is the share of it the model removes (Kattan & Gerds, Diagn Progn Res 2018;2:7). Calibration-in-the-large compares the observed ${causeIncidence(cause, horizon)}, the Aalen–Johansen estimate, with the mean predicted incidence (0 when they agree). No calibration slope is estimated for a cumulative-incidence model: calibration is read from the risk groups below and calibration-in-the-large.`,
    ),
  ];
  if (cs && cs.problems.length > 0)
    blocks.push(note(`Not estimable on the out-of-fold predictions: ${cs.problems.join("; ")}.`));
  blocks.push(optimismTable(facts), ...failuresNote(facts));
  return { id: "performance", heading: "Performance", tripod: ["12e", "23a"], blocks };
}

/** Calibration at the horizon: risk groups with the Aalen–Johansen cumulative incidence of the cause. */
export function competingCalibrationSection(
  facts: StudyFacts,
  horizon: number,
  competing: CompetingFacts,
): ReportSection {
  const nested = facts.validation.nestedCv;
  const groups = nested.calibrationGroups ?? null;
  const s = nested.performance.survival;
  const h = months(horizon);
  const cause = competing.cause;
  const blocks: ReportBlock[] = [];
  if (!groups || groups.length === 0) {
    blocks.push(note(`Calibration plot: ${NOT_COMPUTED} (the run stores no calibration groups).`));
  } else {
    blocks.push({
      kind: "chart",
      caption: `Calibration at ${h} of the nested cross-validation's out-of-fold predictions: the observed ${causeIncidence(cause, horizon)} (the group's Aalen–Johansen estimate, ${cause.competing} competing, 95% Wald intervals from Aalen's variance) against the group's mean predicted incidence, by group of predicted risk, and the diagonal of perfect calibration.`,
      chart: calibrationChart(groups, null, "calibration-plot", {
        predicted: `Predicted incidence of ${cause.short} by ${h}`,
        observed: `Observed incidence by ${h} (Aalen–Johansen)`,
      }),
    });
    blocks.push(
      table(
        [
          "Predicted incidence",
          right("Patients"),
          right(`${cause.short} events by ${h}`),
          right(`Followed past ${h}`),
          right("Mean predicted"),
          right("Observed, Aalen–Johansen (95% CI)"),
        ],
        groups.map((g) => [
          range(g.lower, g.upper, 3),
          String(g.n),
          g.eventsByHorizon === undefined ? "n/a" : String(g.eventsByHorizon),
          g.atRiskAfterHorizon === undefined ? "n/a" : String(g.atRiskAfterHorizon),
          fixed(g.meanPredicted, 3),
          withCi(g.observed, g.observedLower, g.observedUpper, 3, ""),
        ]),
        "Calibration groups at the horizon",
      ),
    );
  }
  blocks.push(
    paragraph(
      `No smoothed calibration curve is drawn: a smooth of observed 0/1 outcomes needs every patient's status at ${h}, and a patient censored before ${h} has none. Each group's observed incidence is instead the Aalen–Johansen estimate (cmprsk::cuminc), which uses the censored patients' follow-up and counts ${cause.competing} as a competing event; a Kaplan–Meier estimate would count it as censoring and overstate the incidence of ${cause.short} (Putter et al., Stat Med 2007;26:2389).`,
    ),
  );
  if (s) {
    blocks.push(
      paragraph(
        `Calibration-in-the-large at ${h}: observed ${causeIncidence(cause, horizon)} ${interval(s.observedRisk, 3)} (Aalen–Johansen over all out-of-fold patients) against a mean predicted incidence of ${fixed(s.meanPredictedRisk, 3)}; log(observed / mean predicted) = ${fixed(nested.performance.calibrationIntercept, 3)} (0: the model predicts the cohort's overall incidence).`,
      ),
    );
  }
  return { id: "calibration", heading: "Calibration plot", tripod: ["12e", "23a"], blocks };
}

/**
 * How the stored decision curve estimated the cause's incidence among everyone: its treat-all net
 * benefit at threshold t is F − (1 − F)·t/(1 − t), so F is read back from it and compared with the
 * run's Aalen–Johansen incidence. A curve built by treating the competing event as censoring gives a
 * larger F; the report then says so rather than presenting it as competing-risks net benefit.
 */
export interface DecisionCurveIncidence {
  /** The overall incidence the curve's treat-all line implies. */
  implied: number;
  /** The Aalen–Johansen incidence of the same out-of-fold patients. */
  aalenJohansen: number;
  /** The two agree: the curve's incidences are Aalen–Johansen ones. */
  agrees: boolean;
}

/** Agreement to this absolute difference: two estimates of the same incidence computed in different code. */
const SAME_INCIDENCE = 1e-6;

export function decisionCurveIncidence(facts: StudyFacts): DecisionCurveIncidence | null {
  const curve = facts.validation.nestedCv.decisionCurve ?? null;
  const observed = facts.validation.nestedCv.performance.survival?.observedRisk.estimate;
  if (!curve || curve.thresholds.length === 0 || observed === undefined || !Number.isFinite(observed))
    return null;
  const t = curve.thresholds[0]!;
  const odds = t / (1 - t);
  const implied = (curve.treatAll[0]! + odds) / (1 + odds);
  if (!Number.isFinite(implied)) return null;
  return { implied, aalenJohansen: observed, agrees: Math.abs(implied - observed) <= SAME_INCIDENCE };
}

export function competingDecisionCurveCaption(
  facts: StudyFacts,
  horizon: number,
  competing: CompetingFacts,
): string {
  const h = months(horizon);
  const cause = competing.cause;
  const base = `Decision curve of the out-of-fold predictions at ${h}: net benefit of acting on the model at each threshold of the predicted ${causeIncidence(cause, horizon)}, against treating everyone and treating no one (Vickers et al., BMC Med Inform Decis Mak 2008;8:53), ${cause.competing} counting as no ${cause.short} by ${h}.`;
  const check = decisionCurveIncidence(facts);
  if (!check) return base;
  if (check.agrees)
    return `${base} The incidence among those treated is the Aalen–Johansen estimate (the treat-all line implies ${percent(check.implied, 1)} overall, as the calibration does).`;
  return `${base} Caution: the stored curve did not estimate the incidence with the competing event as competing — its treat-all line implies an overall incidence of ${percent(check.implied, 1)} against the Aalen–Johansen ${percent(check.aalenJohansen, 1)} — so the benefit of treating is overstated; read the curve as an upper bound.`;
}

export function competingConformalText(
  facts: StudyFacts,
  horizon: number,
  competing: CompetingFacts,
): string {
  const c = facts.validation.conformal!;
  const h = months(horizon);
  const cause = competing.cause;
  return `For this competing-risks model the outcome of a set is the status at ${h}: 1 = ${cause.short} by ${h}; 0 = free of any event at ${h}, or ${cause.competing} first (the competing event counts as 0). ${c.n} of the ${facts.validation.nestedCv.performance.n} out-of-fold patients have a known status there. Those censored before ${h} without an event cannot be checked and are left out of calibration and of the coverage check.`;
}

type Pooled = NonNullable<StoredLoco["pooledAuc"]>;

function pooledText(name: string, p: Pooled | null): string {
  if (!p) return `${name}: not estimable (fewer than two groups with a value)`;
  const pi =
    p.piLower !== null && p.piUpper !== null
      ? `; 95% prediction interval ${range(p.piLower, p.piUpper)}`
      : "; no prediction interval (fewer than 3 groups)";
  return `${name} ${withCi(p.estimate, p.ciLower, p.ciUpper)}${pi}; τ = ${fixed(p.tau, 3)}, I² = ${fixed(p.i2, 0)}%, ${plural(p.k, "group")}`;
}

/**
 * Leave-one-centre-out of a competing-risks model: each held-out group's time-dependent AUC of the
 * cause, pooled on the logit scale with its prediction interval in the forest plot (Debray et al.,
 * BMJ 2023;380:e071018); Wolbers' C has no standard error here and is given per group only.
 */
export function competingCentresBlocks(
  facts: StudyFacts,
  loco: StoredLoco,
  horizon: number,
  competing: CompetingFacts,
  poolingNotes: ReportBlock[],
): ReportBlock[] {
  const h = months(horizon);
  const cause = competing.cause;
  const auc = causeAuc(cause, horizon);
  const blocks: ReportBlock[] = [
    paragraph(
      `Each centre with at least ${loco.minEvents} ${cause.short} events is held out in turn; the model (first grid entry, both cause-specific models) is fitted on the other centres and scored on it. The centres' ${auc} is pooled by random-effects meta-analysis on the logit scale (Debray et al., BMJ 2023;380:e071018); the prediction interval is where it is expected to fall in a new centre. ${WOLBERS_C} has no standard error here, so it is shown per group and not pooled.`,
    ),
    ...poolingNotes,
    table(
      [
        "Held out",
        "Centres",
        right("Patients"),
        right(`${cause.short} events`),
        right(`AUC at ${h} (95% CI)`),
        right(WOLBERS_C),
        right(`log(O/E) at ${h}`),
      ],
      loco.groups.map((g) => [
        g.label + (g.belowMinimum ? " (below minimum, not pooled)" : ""),
        g.centers.join(", "),
        String(g.n),
        String(g.nEvents),
        g.performance
          ? withCi(g.performance.auc, g.performance.aucLower, g.performance.aucUpper, 2, "")
          : "n/a (not estimable)",
        fixed(g.performance?.survival?.competing?.wolbersC),
        fixed(g.performance?.calibrationIntercept),
      ]),
      "Leave-one-centre-out",
    ),
  ];
  const rows = loco.groups
    .filter((g) => g.performance !== null && Number.isFinite(g.performance.auc))
    .map((g) => ({
      label: `${g.label} (${g.n}/${g.nEvents})`,
      estimate: g.performance!.auc,
      lower: g.performance!.aucLower,
      upper: g.performance!.aucUpper,
    }));
  const p = loco.pooledAuc ?? null;
  if (rows.length > 0) {
    blocks.push({
      kind: "chart",
      caption: `${auc.charAt(0).toUpperCase()}${auc.slice(1)} of each held-out group (patients/${cause.short} events) with 95% CI; the diamond is the random-effects pooled AUC with its 95% CI, the dashed line its 95% prediction interval; the vertical line is AUC 0.5 (no discrimination).${facts.smallCentres.length > 0 ? ` "${SMALL_CENTRES}" pools ${facts.smallCentres.join(", ")}.` : ""}`,
      chart: forestPlot(rows, pooledForestRow(p), {
        id: "loco-forest",
        axisName: `AUC of ${cause.short} at ${h}`,
        reference: 0.5,
      }),
    });
  }
  blocks.push(
    paragraph(`${pooledText(`Pooled ${auc}`, p)}.`),
    note(
      `${WOLBERS_C} and the calibration-in-the-large at ${h}, log(observed Aalen–Johansen / mean predicted incidence), are shown per group but not pooled.`,
    ),
  );
  return blocks;
}
