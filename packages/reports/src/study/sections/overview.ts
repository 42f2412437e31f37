import { describeTimePoint, LANDMARK_LAST_TIME_POINT, type PredictionLandmark } from "@carta/clinical";
import { intendedUseOf } from "@carta/ml";
import { note, paragraph, type ReportSection, table } from "../../document/reportDocument.js";
import { fixed, percent, plural, timestamp, withCi } from "../../text/format.js";
import { CAUSE_SPECIFIC_SOURCES, causeAuc, causeIncidence, WOLBERS_C } from "../competingWording.js";
import type { CompetingFacts, StudyFacts } from "../studyFacts.js";
import type { StudyReportInput } from "../studyReportInput.js";
import {
  cohortWording,
  decisionPoint,
  endpointLabel,
  HARRELL_C,
  learnerWording,
  months,
  timeDependentAuc,
} from "../studyWording.js";
import { transportCause } from "./transport.js";

function designs(input: StudyReportInput, facts: StudyFacts): string {
  const v = input.model.spec.validation;
  const parts = [
    `nested cross-validation (${v.outerFolds} outer × ${v.innerFolds} inner folds)`,
    `bootstrap optimism correction (${v.bootstrapReplicates} replicates)`,
  ];
  if (facts.validation.loco) parts.push("leave-one-centre-out internal–external validation");
  if (facts.transport) parts.push("a 3L+ → 2L transport analysis");
  return parts.join(", ");
}

/**
 * The summary's sentences on the data and the performance of a time-to-event model: Harrell's C leads,
 * the time-dependent AUC at the horizon is named as such, calibration is read at the horizon.
 */
function survivalSummary(input: StudyReportInput, facts: StudyFacts, horizon: number): string[] {
  const m = input.model.metrics;
  const cv = facts.validation.nestedCv.performance;
  const s = cv.survival;
  const h = months(horizon);
  const byHorizon = facts.survival?.eventsByHorizon;
  const out = [
    `${input.synthetic ? "Synthetic data: " : "Data: "}${m.n} patients with a known endpoint and ${plural(m.nEvents, "event")} over follow-up${byHorizon === null || byHorizon === undefined ? "" : ` (${byHorizon} by ${h})`} from ${plural(m.centers.length, "centre")} of ${input.studyName}; ${plural(facts.candidatePredictors, "candidate predictor")}.`,
    `Validation by ${designs(input, facts)}.`,
  ];
  const c = s?.harrellC;
  out.push(
    `Nested cross-validated ${HARRELL_C} ${c ? withCi(c.estimate, c.lower, c.upper) : "n/a"}, ${timeDependentAuc(horizon)} ${withCi(cv.auc, cv.aucLower, cv.aucUpper)}, IPCW Brier score at ${h} ${fixed(cv.brier, 3)} (Kaplan–Meier null ${fixed(cv.brierNull, 3)}), calibration slope ${fixed(cv.calibrationSlope)}; observed risk by ${h} ${percent(s?.observedRisk.estimate, 1)} against a mean predicted ${percent(s?.meanPredictedRisk, 1)}.`,
  );
  const harrell = facts.validation.optimism.indexes.find((i) => i.index === "HarrellC");
  if (harrell)
    out.push(
      `Bootstrap optimism-corrected ${HARRELL_C} ${fixed(harrell.corrected)} (apparent ${fixed(harrell.apparent)}).`,
    );
  const pooled = facts.validation.loco?.pooledHarrellC ?? null;
  if (pooled) {
    const pi =
      pooled.piLower !== null && pooled.piUpper !== null
        ? `, 95% prediction interval ${fixed(pooled.piLower)}–${fixed(pooled.piUpper)}`
        : "";
    out.push(
      `Leave-one-centre-out: pooled ${HARRELL_C} ${withCi(pooled.estimate, pooled.ciLower, pooled.ciUpper)}${pi}, over ${plural(pooled.k, "held-out group")}.`,
    );
  }
  if (facts.transport) {
    const t = facts.transport.result.performance_2l;
    out.push(
      `Fitted in 3L+ and applied in 2L: C-index ${withCi(t.c_index, t.c_index_lower, t.c_index_upper)}, ${timeDependentAuc(t.horizon_months ?? horizon)} ${fixed(t.auc)}, calibration slope ${fixed(t.calibration_slope)}.`,
    );
  }
  return out;
}

/**
 * The summary's sentences of a competing-risks model: Wolbers' C and the cause's time-dependent AUC at
 * the horizon lead, calibration is the Aalen–Johansen cumulative incidence against the mean predicted,
 * and leave-one-centre-out pools the cause's AUC.
 */
function competingSummary(
  input: StudyReportInput,
  facts: StudyFacts,
  horizon: number,
  competing: CompetingFacts,
): string[] {
  const m = input.model.metrics;
  const cv = facts.validation.nestedCv.performance;
  const s = cv.survival;
  const h = months(horizon);
  const cause = competing.cause;
  const byHorizon = facts.survival?.eventsByHorizon;
  const competingBy = competing.competingByHorizon;
  const counts = [
    byHorizon === null || byHorizon === undefined ? null : `${byHorizon} by ${h}`,
    competingBy === null ? null : `${competingBy} with ${cause.competing}, the competing event, by ${h}`,
  ].filter((x): x is string => x !== null);
  const out = [
    `${input.synthetic ? "Synthetic data: " : "Data: "}${m.n} patients with a known endpoint and ${plural(m.nEvents, `${cause.short} event`)} over follow-up${counts.length > 0 ? ` (${counts.join("; ")})` : ""} from ${plural(m.centers.length, "centre")} of ${input.studyName}; ${plural(facts.candidatePredictors, "candidate predictor")}.`,
    `Validation by ${designs(input, facts)}.`,
  ];
  const wolbers = s?.competing?.wolbersC;
  out.push(
    `Nested cross-validated ${WOLBERS_C} (truncated at ${h}) ${fixed(wolbers)}, ${causeAuc(cause, horizon)} ${withCi(cv.auc, cv.aucLower, cv.aucUpper)}, IPCW Brier score at ${h} ${fixed(cv.brier, 3)} (null model ${fixed(cv.brierNull, 3)}); observed ${causeIncidence(cause, horizon)} ${percent(s?.observedRisk.estimate, 1)} (Aalen–Johansen) against a mean predicted ${percent(s?.meanPredictedRisk, 1)}; no calibration slope (a cumulative-incidence model).`,
  );
  const corrected = ["WolbersC", "AUC"].flatMap((index) => {
    const row = facts.validation.optimism.indexes.find((i) => i.index === index);
    const name = index === "WolbersC" ? WOLBERS_C : causeAuc(cause, horizon);
    return row ? [`${name} ${fixed(row.corrected)} (apparent ${fixed(row.apparent)})`] : [];
  });
  if (corrected.length > 0) out.push(`Bootstrap optimism-corrected ${corrected.join(", ")}.`);
  const pooled = facts.validation.loco?.pooledAuc ?? null;
  if (pooled) {
    const pi =
      pooled.piLower !== null && pooled.piUpper !== null
        ? `, 95% prediction interval ${fixed(pooled.piLower)}–${fixed(pooled.piUpper)}`
        : "";
    out.push(
      `Leave-one-centre-out: pooled ${causeAuc(cause, horizon)} ${withCi(pooled.estimate, pooled.ciLower, pooled.ciUpper)}${pi}, over ${plural(pooled.k, "held-out group")}.`,
    );
  }
  if (facts.transport) {
    const t = facts.transport.result.performance_2l;
    const h2l = t.horizon_months ?? horizon;
    const cause2l = transportCause(facts) ?? cause;
    out.push(
      `Fitted in 3L+ and applied in 2L: ${causeAuc(cause2l, h2l)} ${withCi(t.auc, t.auc_lower, t.auc_upper)}, ${WOLBERS_C} ${fixed(t.wolbers_c)}, calibration-in-the-large log(observed Aalen–Johansen / mean predicted incidence) ${fixed(t.calibration_intercept)}.`,
    );
  } else out.push("No 3L+ → 2L transport analysis was run for this model.");
  return out;
}

/** TRIPOD+AI item 2: the abstract, as a summary generated from the run. */
export function summarySection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const spec = input.model.spec;
  const competing = facts.survival?.competing ?? null;
  if (facts.survival && competing) {
    const h = facts.survival.horizonMonths;
    const sentences = [
      `Development and internal validation of a multivariable prediction model (${learnerWording(spec.learner.kind).short}, one cause-specific model per cause) of the ${causeIncidence(competing.cause, h)} from the landmark, with ${competing.cause.competing} as a competing event, predicted at ${decisionPoint(spec.landmark)}, in ${cohortWording(spec.cohort)}.`,
      ...competingSummary(input, facts, h, competing),
    ];
    return { id: "summary", heading: "Summary", tripod: ["2"], blocks: [paragraph(sentences.join(" "))] };
  }
  if (facts.survival) {
    const sentences = [
      `Development and internal validation of a multivariable prediction model (${learnerWording(spec.learner.kind).short}) of the risk of ${input.model.metrics.event}, predicted at ${decisionPoint(spec.landmark)}, in ${cohortWording(spec.cohort)}.`,
      ...survivalSummary(input, facts, facts.survival.horizonMonths),
    ];
    return { id: "summary", heading: "Summary", tripod: ["2"], blocks: [paragraph(sentences.join(" "))] };
  }
  const m = input.model.metrics;
  const cv = facts.validation.nestedCv.performance;
  const auc = facts.validation.optimism.indexes.find((i) => i.index === "AUC");
  const sentences = [
    `Development and internal validation of a multivariable prediction model (${learnerWording(spec.learner.kind).short}) of the probability of ${m.event}, predicted at ${decisionPoint(spec.landmark)}, in ${cohortWording(spec.cohort)}.`,
    `${input.synthetic ? "Synthetic data: " : "Data: "}${m.n} patients with a known endpoint and ${plural(m.nEvents, "event")} (${percent(m.nEvents / m.n, 1)}) from ${plural(m.centers.length, "centre")} of ${input.studyName}; ${plural(facts.candidatePredictors, "candidate predictor")}.`,
    `Validation by ${designs(input, facts)}.`,
    `Nested cross-validated AUC ${withCi(cv.auc, cv.aucLower, cv.aucUpper)}, Brier score ${fixed(cv.brier, 3)} (prevalence-only ${fixed(cv.brierNull, 3)}), calibration slope ${fixed(cv.calibrationSlope)} and intercept ${fixed(cv.calibrationIntercept)}.`,
  ];
  if (auc)
    sentences.push(
      `Bootstrap optimism-corrected AUC ${fixed(auc.corrected)} (apparent ${fixed(auc.apparent)}).`,
    );
  const pooled = facts.validation.loco?.pooledAuc;
  if (pooled) {
    const pi =
      pooled.piLower !== null && pooled.piUpper !== null
        ? `, 95% prediction interval ${fixed(pooled.piLower)}–${fixed(pooled.piUpper)}`
        : "";
    sentences.push(
      `Leave-one-centre-out: pooled AUC ${withCi(pooled.estimate, pooled.ciLower, pooled.ciUpper)}${pi}, over ${plural(pooled.k, "held-out group")}.`,
    );
  }
  if (facts.transport) {
    const t = facts.transport.result.performance_2l;
    sentences.push(
      `Fitted in 3L+ and applied in 2L: AUC ${withCi(t.auc, t.auc_lower, t.auc_upper)}, calibration slope ${fixed(t.calibration_slope)}.`,
    );
  }
  return { id: "summary", heading: "Summary", tripod: ["2"], blocks: [paragraph(sentences.join(" "))] };
}

/** The spec's statement of intended use (TRIPOD+AI 3b), or carta's generic research-use one when it has none. */
function intendedUse(input: StudyReportInput): string {
  // Specs stored before the field existed read as null: the generic statement.
  const stated = input.model.spec.intendedUse ?? null;
  const text = intendedUseOf({ ...input.model.spec, intendedUse: stated }, input.model.metrics.event);
  return stated === null ? `${text} (carta's generic statement: the model spec states none)` : text;
}

export function intendedUseSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const spec = input.model.spec;
  const m = input.model.metrics;
  const last = LANDMARK_LAST_TIME_POINT[spec.landmark as PredictionLandmark];
  return {
    id: "intended-use",
    heading: "Title and intended use",
    tripod: ["1", "3a", "3b", "4", "15"],
    blocks: [
      paragraph(
        `A multivariable prediction model of ${m.event} (${endpointLabel(spec.endpoint)}) for ${cohortWording(spec.cohort)}: development of ${input.model.name} version ${input.model.version} and its internal validation (${designs(input, facts)}).`,
      ),
      table(
        ["", ""],
        [
          ["Intended use", intendedUse(input)],
          [
            "Predicted",
            facts.survival?.competing
              ? `the ${causeIncidence(facts.survival.competing.cause, facts.survival.horizonMonths)}: the probability of ${m.event}`
              : `the probability of ${m.event}`,
          ],
          ["Decision point (landmark)", decisionPoint(spec.landmark)],
          [
            "Information used",
            last
              ? `values known at the landmark only: nothing recorded after ${describeTimePoint(last)} (docs/lab.md "Landmarks")`
              : "values known at the landmark only",
          ],
          ["Target population", `${cohortWording(spec.cohort)} in ${input.studyName}`],
          [
            "Intended users",
            "treating physicians and tumour boards, as decision support next to clinical judgement",
          ],
          [
            "Output",
            facts.survival?.competing
              ? `the patient's ${causeIncidence(facts.survival.competing.cause, facts.survival.horizonMonths)}, ${facts.survival.competing.cause.competing} competing: from cause-specific Cox models of both causes (each a linear predictor and a Breslow baseline), combined as the cause's hazard times the probability of being free of both events (${CAUSE_SPECIFIC_SOURCES}); with a bootstrap interval and a split-conformal prediction set for the status at the horizon; the model sets no classification threshold (the decision curve shows net benefit across thresholds)`
              : facts.survival
                ? `the patient's risk of the event by ${months(facts.survival.horizonMonths)} (1 − S(τ) from the Cox model's linear predictor and Breslow baseline), with a bootstrap interval and a split-conformal prediction set for the status at the horizon; the model sets no classification threshold (the decision curve shows net benefit across thresholds)`
                : "a probability for the patient, with a bootstrap interval and a split-conformal prediction set; the model sets no classification threshold (the decision curve shows net benefit across thresholds)",
          ],
          ["Learner", learnerWording(spec.learner.kind).long],
        ],
      ),
      note("Research use only: not a medical device and not a substitute for clinical judgement."),
    ],
  };
}

export function dataSourceSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const m = input.model.metrics;
  const v = facts.validation;
  const blocks = [
    paragraph(
      input.synthetic
        ? `The data are carta's synthetic cohort for ${input.studyName}: simulated patients generated to the study's recipe (clinical-reference.md §D). They exercise the software; the numbers say nothing about real CAR-T patients.`
        : `The data are the ${input.studyName} records in the carta store (prospective multicentre collection; clinical-reference.md), read with the scope of the user who trained the model.`,
    ),
    table(
      ["", ""],
      [
        ["Centres", `${m.centers.length}: ${m.centers.join(", ")}`],
        ["Data snapshot (sha256 of the rows used)", input.model.dataSnapshotHash],
        ["Model spec (sha256)", input.model.specHash],
        ["Model version trained", `${timestamp(input.model.createdAt)} by ${input.model.createdBy}`],
        ["Validation run", `${input.validation.id}, ${timestamp(input.validation.createdAt)}`],
        [
          "Transport run",
          input.transport ? `${input.transport.id}, ${timestamp(input.transport.createdAt)}` : "none stored",
        ],
      ],
    ),
  ];
  if (v.n !== m.n || v.nEvents !== m.nEvents) {
    blocks.push(
      note(
        `The validation run saw ${v.n} rows with ${plural(v.nEvents, "event")}, the model version was trained on ${m.n} with ${m.nEvents}: the data changed between training and validation.`,
      ),
    );
  }
  blocks.push(
    note(
      "Accrual and follow-up dates are not part of the stored run (TRIPOD+AI 5b): not available in this report.",
    ),
    paragraph(
      "Data preparation: every predictor is read at one time point, the latest admissible at the landmark, the same visit for every patient. A missing value stays missing: it is never imputed in the table, set to zero or carried forward from an earlier visit. Categorical predictors keep their dictionary codes; derived scores are computed only from values admissible at the landmark.",
    ),
  );
  return { id: "data-source", heading: "Data source", tripod: ["5a", "5b", "6a", "7"], blocks };
}
