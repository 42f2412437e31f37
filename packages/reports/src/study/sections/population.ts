import { describeTimePoint } from "@carta/clinical";
import {
  list,
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { countOf, fixed, percent, plural } from "../../text/format.js";
import { causeIncidence, WOLBERS_C } from "../competingWording.js";
import type { CompetingFacts, StudyFacts } from "../studyFacts.js";
import type { StudyReportInput } from "../studyReportInput.js";
import {
  cohortWording,
  decisionPoint,
  endpointDefinition,
  endpointHorizon,
  endpointLabel,
  exclusionReason,
  learnerWording,
  monthHorizon,
  months,
  outcomeTimeZero,
} from "../studyWording.js";

/** Learners that fit complete cases only. */
const COMPLETE_CASE_LEARNERS = ["elastic-net-logistic", "elastic-net-cox"];

const removed = (count: number) => (count === 0 ? "0" : `-${count}`);

/** TRIPOD+AI 20a: participant flow from everyone considered to the rows analysed. */
function flowTable(input: StudyReportInput, facts: StudyFacts): ReportBlock {
  const m = input.model.metrics;
  const rows: string[][] = [
    ["Patients considered (in scope and in the model's cohort)", "", String(facts.patientsConsidered)],
  ];
  for (const [rule, count] of Object.entries(m.excluded)) {
    rows.push([`Excluded: ${rule}`, exclusionReason(rule), removed(count)]);
  }
  rows.push([`Rows of the feature table at the landmark`, "", String(facts.tableRows)]);
  rows.push([
    "Dropped: endpoint unknown",
    "the endpoint could not be computed from what is recorded",
    removed(m.dropped.endpointMissing),
  ]);
  if (COMPLETE_CASE_LEARNERS.includes(facts.learnerKind) || m.dropped.incomplete > 0) {
    rows.push([
      "Dropped: incomplete predictors",
      "the elastic net fits complete cases only",
      removed(m.dropped.incomplete),
    ]);
  }
  const competing = facts.survival?.competing ?? null;
  rows.push([
    "Analysed (model development)",
    competing
      ? `${plural(m.nEvents, `${competing.cause.short} event`)} over follow-up; the other ${m.n - m.nEvents} had ${competing.cause.competing} first (the competing event) or were censored`
      : facts.survival
        ? `${plural(m.nEvents, "event")} over follow-up, ${m.n - m.nEvents} censored without an event`
        : `${plural(m.nEvents, "event")}, ${plural(m.n - m.nEvents, "non-event")}`,
    String(m.n),
  ]);
  return table(["Step", "Reason", right("Patients")], rows, "Participant flow");
}

function cohortTable(input: StudyReportInput, facts: StudyFacts): ReportBlock {
  const rows = Object.entries(input.model.metrics.byCohort)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cohort, c]) => [
      cohort,
      String(c.n),
      String(c.nEvents),
      percent(c.n > 0 ? c.nEvents / c.n : Number.NaN, 1),
    ]);
  // A time-to-event model's events are counted over all follow-up: their share is not a risk by any time.
  const cause = facts.survival?.competing?.cause.short;
  const columns = cause
    ? ["Cohort", right("Patients"), right(`${cause} events (over follow-up)`), right(`Share with ${cause}`)]
    : facts.survival
      ? ["Cohort", right("Patients"), right("Events (over follow-up)"), right("Share with an event")]
      : ["Cohort", right("Patients"), right("Events"), right("Event rate")];
  return table(columns, rows, "Patients and events by cohort");
}

/** TRIPOD+AI 21: participants and events in each analysis. */
function analysesTable(input: StudyReportInput, facts: StudyFacts): ReportBlock {
  const m = input.model.metrics;
  const v = facts.validation;
  // A competing-risks performance counts the cause's events by the horizon; this table counts them over follow-up.
  const competing = facts.survival?.competing ?? null;
  const rows: string[][] = [
    ["Fitting the stored model version", String(m.n), String(m.nEvents)],
    [
      `Nested cross-validation (tuning inside, ${v.nestedCv.outerFolds} outer folds)`,
      String(v.nestedCv.performance.n),
      String(competing ? v.nEvents : v.nestedCv.performance.nEvents),
    ],
    [
      `Bootstrap optimism (${v.optimism.fitted} of ${v.optimism.replicates} replicates fitted)`,
      String(v.n),
      String(v.nEvents),
    ],
  ];
  if (v.loco) {
    const left = v.loco.leftOut;
    rows.push([
      "Leave-one-centre-out",
      String(v.n - (left?.n ?? 0)),
      String(v.nEvents - (left?.nEvents ?? 0)),
    ]);
  }
  if (facts.transport) {
    const t = facts.transport.result;
    rows.push(["Transport: development (3L+)", String(t.n_3l), "n/a"]);
    rows.push(["Transport: evaluation (2L)", String(t.n_2l), "n/a"]);
    rows.push([
      "Transport: effects (complete cases, 3L+ / 2L)",
      `${t.effects_rows.n_3l} / ${t.effects_rows.n_2l}`,
      "n/a",
    ]);
  }
  return table(
    [
      "Analysis",
      right("Patients"),
      right(competing ? `${competing.cause.short} events (over follow-up)` : "Events"),
    ],
    rows,
    "Patients and events in each analysis",
  );
}

export function participantsSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const spec = input.model.spec;
  const hasProduct = input.features.some((f) => f.name === "product");
  const competing = facts.survival?.competing ?? null;
  const censoring = competing
    ? ` Patients censored before the ${monthHorizon(facts.survival!.horizonMonths)} stay in the analysis: their follow-up enters both cause-specific Cox fits, ${WOLBERS_C} and the Aalen–Johansen and IPCW estimates at the horizon. A patient whose first event is ${competing.cause.competing} has the competing event: it ends the time at risk of ${competing.cause.short} without being counted as censoring.`
    : facts.survival
      ? ` Patients censored before the ${monthHorizon(facts.survival.horizonMonths)} stay in the analysis: their follow-up enters the Cox fit, the C statistics and the Kaplan–Meier and IPCW estimates at the horizon.`
      : "";
  return {
    id: "participants",
    heading: "Participants",
    tripod: ["6b", "6c", "20a", "20b", "21"],
    blocks: [
      paragraph(
        `Eligible: consenting ${cohortWording(spec.cohort)} who received the CAR-T infusion (the mITT population, clinical-reference.md §E.3) and were still at risk at ${decisionPoint(spec.landmark)}. The feature table leaves out, by rule, patients who withdrew consent, were not infused, had the event or were censored before the landmark, or (for a horizon endpoint) were censored before the horizon.${censoring}`,
      ),
      flowTable(input, facts),
      cohortTable(input, facts),
      analysesTable(input, facts),
      paragraph(
        `Treatment: every analysed patient received CAR-T cells. ${hasProduct ? "The CAR-T product is one of the predictors." : "The CAR-T product is not a predictor of this model."} Bridging therapy enters only as a predictor the spec names.`,
      ),
      note(
        "Baseline characteristics beyond the predictors (age, sex and other demographics by cohort) are not part of the stored run: see the study's descriptive tables (TRIPOD+AI 20b, partly reported).",
      ),
    ],
  };
}

/** Horizon, competing event and censoring of a competing-risks endpoint. */
function competingHorizonRows(horizon: number, competing: CompetingFacts): string[][] {
  const h = months(horizon);
  const cause = competing.cause;
  return [
    [
      "Horizon",
      `${h} from the landmark: the model predicts the ${causeIncidence(cause, horizon)} (the probability of ${cause.event} by then)`,
    ],
    [
      "Competing event",
      `${cause.competing}: a patient who has it first can no longer have ${cause.short}, so it is a competing event, not censoring (Putter et al., Stat Med 2007;26:2389)`,
    ],
    [
      "Censoring",
      `right censoring at the last follow-up (clinical-reference.md §E.3); both cause-specific Cox models and ${WOLBERS_C} use all follow-up, and the incidence by ${h} is estimated with the Aalen–Johansen estimator and inverse probability of censoring weights, so no patient censored before ${h} is dropped and the competing event is never treated as censoring (which would overstate the incidence)`,
    ],
  ];
}

function horizonRows(input: StudyReportInput, facts: StudyFacts): string[][] {
  const spec = input.model.spec;
  if (!facts.survival) return [["Horizon", endpointHorizon(spec.endpoint)]];
  if (facts.survival.competing)
    return competingHorizonRows(facts.survival.horizonMonths, facts.survival.competing);
  const h = months(facts.survival.horizonMonths);
  return [
    ["Horizon", `${h} from the landmark: the model predicts the risk of the event by then`],
    [
      "Censoring",
      `time to the event with right censoring at the last follow-up; the Cox model and Harrell's C use all follow-up, the risk by ${h} is estimated with the Kaplan–Meier and IPCW methods, so no patient censored before ${h} is dropped`,
    ],
  ];
}

export function outcomeSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const spec = input.model.spec;
  const definition = endpointDefinition(spec.endpoint);
  return {
    id: "outcome",
    heading: "Outcome",
    tripod: ["8a", "8b", "8c"],
    blocks: [
      table(
        ["", ""],
        [
          ["Endpoint", `${endpointLabel(spec.endpoint)} (${spec.endpoint})`],
          ["Event predicted", input.model.metrics.event],
          ...(input.model.spec.cause ? [["Cause", input.model.spec.cause]] : []),
          ["Definition", definition ?? "not in the dictionary of this carta version"],
          ...horizonRows(input, facts),
          ["Time zero", outcomeTimeZero(spec.landmark)],
        ],
      ),
      paragraph(
        "The outcome is derived by carta's endpoint rules from the case-report forms (response per Lugano/LYRIC on the day +90 PET-CT; CRS and ICANS per ASTCT consensus grading; PFS per clinical-reference.md §E.3), the same rules at every centre and for both cohorts.",
      ),
      note(
        "Whether outcome assessors were blinded to the predictors is not recorded in the store (TRIPOD+AI 8b, 8c): not available.",
      ),
    ],
  };
}

function selectionText(input: StudyReportInput): string {
  const f = input.model.spec.features;
  const parts: string[] = [];
  if (f.variables?.length) parts.push(`variables ${f.variables.join(", ")}`);
  if (f.modalities?.length)
    parts.push(`every variable of the modalities ${f.modalities.join(", ")} known at the landmark`);
  if (f.derived?.length) parts.push(`the derived scores ${f.derived.join(", ")}`);
  return parts.length === 0
    ? "The spec names no predictors, so every variable and score known at the landmark is a candidate."
    : `Candidate predictors as the model spec names them: ${parts.join("; ")}.`;
}

export function predictorsSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const rows = input.features.map((f) => [
    f.label,
    f.name,
    f.unit ?? "",
    describeTimePoint(f.timePoint),
    f.modality,
    facts.tableRows > 0 ? `${f.missing} (${percent(f.missing / facts.tableRows, 1)})` : String(f.missing),
  ]);
  const derived = input.features.filter((f) => f.derivation !== null);
  const blocks: ReportBlock[] = [
    paragraph(
      `${selectionText(input)} No univariable pre-selection: every candidate enters the learner. A spec naming a variable recorded after the landmark is refused, so no predictor is measured after the decision point.`,
    ),
    table(
      ["Predictor", "Variable", "Unit", "Time point", "Modality", right("Missing")],
      rows,
      `Candidate predictors (missing: of the ${facts.tableRows} feature-table rows)`,
    ),
  ];
  if (derived.length > 0) {
    blocks.push(paragraph("Derived scores:"), list(derived.map((f) => `${f.label}: ${f.derivation}`)));
  }
  blocks.push(
    note(
      "Blinding of predictor assessment to the outcome and assessor qualifications are not recorded in the store (TRIPOD+AI 9c): not available.",
    ),
  );
  return { id: "predictors", heading: "Predictors", tripod: ["9a", "9b", "9c"], blocks };
}

export function sampleSizeSection(facts: StudyFacts): ReportSection {
  if (facts.survival?.competing)
    return competingSampleSizeSection(facts, facts.survival, facts.survival.competing);
  if (facts.survival) return survivalSampleSizeSection(facts, facts.survival);
  const smaller = Math.min(facts.events, facts.nonEvents);
  return {
    id: "sample-size",
    heading: "Sample size",
    tripod: ["10"],
    blocks: [
      table(
        ["Quantity", right("Value")],
        [
          ["Patients analysed", String(facts.n)],
          ["Events", String(facts.events)],
          ["Non-events", String(facts.nonEvents)],
          ["Candidate predictors", String(facts.candidatePredictors)],
          [
            "Model parameters (design columns)",
            facts.parameters === null ? "n/a (shape functions, no design matrix)" : String(facts.parameters),
          ],
          ["Events per candidate predictor (smaller outcome class)", fixed(facts.eventsPerPredictor, 1)],
          ["Events per parameter", fixed(facts.eventsPerParameter, 1)],
        ],
      ),
      paragraph(
        `The sample is the study's data at the time of the run, not the result of a sample-size calculation. With ${smaller} patients in the smaller outcome class and ${facts.candidatePredictors} candidate predictors there are ${fixed(facts.eventsPerPredictor, 1)} events per candidate predictor; 10 is a floor for regression (Peduzzi et al., J Clin Epidemiol 1996;49:1373), and flexible learners need more (van der Ploeg et al., BMC Med Res Methodol 2014;14:137). Riley et al. (BMJ 2020;368:m441) give the criteria a development sample should meet.`,
      ),
    ],
  };
}

/** For a time-to-event model: events over follow-up and by the horizon; events are what limits a Cox model. */
function survivalSampleSizeSection(
  facts: StudyFacts,
  survival: NonNullable<StudyFacts["survival"]>,
): ReportSection {
  const h = months(survival.horizonMonths);
  return {
    id: "sample-size",
    heading: "Sample size",
    tripod: ["10"],
    blocks: [
      table(
        ["Quantity", right("Value")],
        [
          ["Patients analysed", String(facts.n)],
          ["Events (over all follow-up)", String(facts.events)],
          [
            `Events by the ${monthHorizon(survival.horizonMonths)}`,
            survival.eventsByHorizon === null ? "n/a" : String(survival.eventsByHorizon),
          ],
          ["Censored without an event", String(facts.nonEvents)],
          ["Candidate predictors", String(facts.candidatePredictors)],
          [
            "Model parameters (design columns)",
            facts.parameters === null ? "n/a (shape functions, no design matrix)" : String(facts.parameters),
          ],
          ["Events per candidate predictor", fixed(facts.eventsPerPredictor, 1)],
          ["Events per parameter", fixed(facts.eventsPerParameter, 1)],
        ],
      ),
      paragraph(
        `The sample is the study's data at the time of the run, not the result of a sample-size calculation. For a time-to-event model the events carry the information, not the patients: with ${plural(facts.events, "event")} over follow-up${survival.eventsByHorizon === null ? "" : ` (${survival.eventsByHorizon} of them by ${h})`} and ${facts.candidatePredictors} candidate predictors there are ${fixed(facts.eventsPerPredictor, 1)} events per candidate predictor; 10 is a floor for Cox regression (Peduzzi et al., J Clin Epidemiol 1995;48:1503), and flexible learners need more (van der Ploeg et al., BMC Med Res Methodol 2014;14:137). Riley et al. (BMJ 2020;368:m441) give the criteria a development sample should meet, time-to-event outcomes included. The events by ${h} bound the precision of the risk at the horizon, its calibration and the time-dependent AUC.`,
      ),
    ],
  };
}

/**
 * For a competing-risks model: the cause's events over follow-up and by the horizon, and the competing
 * events, which inform the competing cause's own model but are not events of this cause.
 */
function competingSampleSizeSection(
  facts: StudyFacts,
  survival: NonNullable<StudyFacts["survival"]>,
  competing: CompetingFacts,
): ReportSection {
  const h = months(survival.horizonMonths);
  const horizon = monthHorizon(survival.horizonMonths);
  const cause = competing.cause;
  return {
    id: "sample-size",
    heading: "Sample size",
    tripod: ["10"],
    blocks: [
      table(
        ["Quantity", right("Value")],
        [
          ["Patients analysed", String(facts.n)],
          [`${cause.short} events (over all follow-up)`, String(facts.events)],
          [
            `${cause.short} events by the ${horizon}`,
            survival.eventsByHorizon === null ? "n/a" : String(survival.eventsByHorizon),
          ],
          [
            `Competing events (${cause.competing}) by the ${horizon}`,
            competing.competingByHorizon === null ? "n/a" : String(competing.competingByHorizon),
          ],
          [`No ${cause.short} event (competing event or censored)`, String(facts.nonEvents)],
          ["Candidate predictors", String(facts.candidatePredictors)],
          [
            "Model parameters per cause-specific model (design columns)",
            facts.parameters === null ? "n/a (no design matrix)" : String(facts.parameters),
          ],
          [`${cause.short} events per candidate predictor`, fixed(facts.eventsPerPredictor, 1)],
          [`${cause.short} events per parameter`, fixed(facts.eventsPerParameter, 1)],
        ],
      ),
      paragraph(
        `The sample is the study's data at the time of the run, not the result of a sample-size calculation. For the ${causeIncidence(cause, survival.horizonMonths)} the events of ${cause.short} carry the information of its cause-specific model: with ${plural(facts.events, "event")} over follow-up${survival.eventsByHorizon === null ? "" : ` (${survival.eventsByHorizon} of them by ${h})`} and ${facts.candidatePredictors} candidate predictors there are ${fixed(facts.eventsPerPredictor, 1)} events per candidate predictor; 10 is a floor for Cox regression (Peduzzi et al., J Clin Epidemiol 1995;48:1503), and flexible learners need more (van der Ploeg et al., BMC Med Res Methodol 2014;14:137). The competing events are the events of the other cause-specific model, which the incidence also depends on; they are not counted here. Riley et al. (BMJ 2020;368:m441) give the criteria a development sample should meet. The ${cause.short} events by ${h} bound the precision of the incidence at the horizon, its calibration and the time-dependent AUC.`,
      ),
    ],
  };
}

export function missingDataSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const m = input.model.metrics;
  const withMissing = input.features.filter((f) => f.missing > 0).sort((a, b) => b.missing - a.missing);
  const handling = COMPLETE_CASE_LEARNERS.includes(facts.learnerKind)
    ? `Complete cases: the elastic net refuses missing values and fills none in, so ${countOf(m.dropped.incomplete, m.n + m.dropped.incomplete)} rows with a known endpoint were dropped for an incomplete predictor.`
    : learnerWording(facts.learnerKind).missingInTraining;
  const blocks: ReportBlock[] = [
    paragraph(handling),
    paragraph(
      `Rows whose endpoint could not be computed (${m.dropped.endpointMissing}) were dropped; the feature table records the reason for each.`,
    ),
  ];
  if (withMissing.length > 0) {
    blocks.push(
      paragraph(
        `Predictors with missing values: ${withMissing.map((f) => `${f.label} ${percent(f.missing / facts.tableRows, 1)}`).join(", ")}.`,
      ),
    );
  } else {
    blocks.push(paragraph("No predictor has a missing value in the feature table."));
  }
  return { id: "missing-data", heading: "Missing data", tripod: ["11"], blocks };
}
