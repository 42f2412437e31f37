import type { ReportSection } from "../document/reportDocument.js";
import { type StudyFacts, studyFacts } from "./studyFacts.js";
import type { StudyReportInput } from "./studyReportInput.js";

/**
 * The TRIPOD+AI checklist (Collins et al., BMJ 2024;385:e078378; clinical-reference.md §E.1): each
 * item, where this report answers it, and honestly how far. Items about the study's governance
 * (ethics, funding, registration, patient involvement) are not in a stored run and are marked so.
 */

export type ChecklistStatus = "reported" | "partly reported" | "not available" | "not applicable";

export interface ChecklistEntry {
  item: string;
  topic: string;
  sections: string[];
  status: ChecklistStatus;
  comment: string;
}

type Rule = [status: ChecklistStatus, comment: string];

interface ChecklistItem {
  item: string;
  topic: string;
  sections: string[];
  rule: (facts: StudyFacts) => Rule;
}

const REPORTED: Rule = ["reported", ""];
const reported = (): Rule => REPORTED;
const fixedRule = (status: ChecklistStatus, comment: string) => (): Rule => [status, comment];
const GOVERNANCE = "a matter of the study protocol and publication, not of the stored run";
/**
 * Why a run has no transport analysis. A competing-risks model's runs stored before its transport
 * existed have none; with one, items 12f, 16, 20c and 24 are reported as for any model.
 */
const noTransport = (f: StudyFacts, otherwise: string): Rule => [
  "not applicable",
  f.survival?.competing ? "no transport analysis was run for this model" : otherwise,
];

const ITEMS: readonly ChecklistItem[] = [
  {
    item: "1",
    topic: "Title: development or evaluation, population, outcome",
    sections: ["intended-use"],
    rule: reported,
  },
  {
    item: "2",
    topic: "Abstract",
    sections: ["summary"],
    rule: fixedRule(
      "partly reported",
      "a generated summary; the abstract checklist applies to the publication",
    ),
  },
  {
    item: "3a",
    topic: "Healthcare context and rationale",
    sections: ["intended-use"],
    rule: fixedRule("partly reported", "no review of existing models"),
  },
  {
    item: "3b",
    topic: "Target population, intended purpose and users",
    sections: ["intended-use"],
    rule: reported,
  },
  {
    item: "3c",
    topic: "Known health inequalities",
    sections: [],
    rule: fixedRule("not available", "not assessed"),
  },
  {
    item: "4",
    topic: "Objectives: development and/or validation",
    sections: ["intended-use"],
    rule: reported,
  },
  { item: "5a", topic: "Sources of data", sections: ["data-source"], rule: reported },
  {
    item: "5b",
    topic: "Dates of data collection",
    sections: ["data-source"],
    rule: fixedRule("not available", "not part of the stored run"),
  },
  { item: "6a", topic: "Setting, number and location of centres", sections: ["data-source"], rule: reported },
  { item: "6b", topic: "Eligibility criteria", sections: ["participants"], rule: reported },
  { item: "6c", topic: "Treatments received", sections: ["participants"], rule: reported },
  { item: "7", topic: "Data preparation and quality checking", sections: ["data-source"], rule: reported },
  { item: "8a", topic: "Outcome definition, horizon, assessment", sections: ["outcome"], rule: reported },
  {
    item: "8b",
    topic: "Outcome assessors",
    sections: ["outcome"],
    rule: fixedRule("not available", "not recorded in the store"),
  },
  {
    item: "8c",
    topic: "Blinding of outcome assessment",
    sections: ["outcome"],
    rule: fixedRule("not available", "not recorded in the store"),
  },
  { item: "9a", topic: "Choice and pre-selection of predictors", sections: ["predictors"], rule: reported },
  { item: "9b", topic: "Predictor definitions and timing", sections: ["predictors"], rule: reported },
  {
    item: "9c",
    topic: "Predictor assessors",
    sections: ["predictors"],
    rule: fixedRule("not available", "not recorded in the store"),
  },
  {
    item: "10",
    topic: "Sample size",
    sections: ["sample-size"],
    rule: fixedRule("partly reported", "events per predictor; no formal calculation"),
  },
  { item: "11", topic: "Missing data", sections: ["missing-data"], rule: reported },
  {
    item: "12a",
    topic: "How the data were used (partitioning, resampling)",
    sections: ["model", "participants"],
    rule: reported,
  },
  { item: "12b", topic: "Handling of predictors", sections: ["model"], rule: reported },
  {
    item: "12c",
    topic: "Model type, building, tuning, internal validation",
    sections: ["model", "stability"],
    rule: reported,
  },
  {
    item: "12d",
    topic: "Heterogeneity across clusters",
    sections: ["centres"],
    rule: (f) => (f.validation.loco ? REPORTED : ["not available", "leave-one-centre-out not run"]),
  },
  {
    item: "12e",
    topic: "Performance measures and plots",
    sections: ["performance", "calibration", "decision-curve"],
    rule: (f) =>
      f.validation.nestedCv.calibrationGroups && f.validation.nestedCv.decisionCurve
        ? REPORTED
        : ["partly reported", "calibration plot or decision curve not computed in this run"],
  },
  {
    item: "12f",
    topic: "Model updating",
    sections: ["transport"],
    rule: (f) =>
      (f.transport?.result.recalibration.length ?? 0) > 0
        ? REPORTED
        : noTransport(f, "no updating in this run"),
  },
  { item: "12g", topic: "How predictions are calculated", sections: ["use"], rule: reported },
  { item: "13", topic: "Class imbalance", sections: ["model"], rule: reported },
  {
    item: "14",
    topic: "Fairness",
    sections: [],
    rule: fixedRule("not available", "no fairness analysis in carta's runs"),
  },
  { item: "15", topic: "Model output and thresholds", sections: ["intended-use", "use"], rule: reported },
  {
    item: "16",
    topic: "Differences between development and evaluation data",
    sections: ["transport"],
    rule: (f) => (f.transport ? REPORTED : noTransport(f, "no separate evaluation population")),
  },
  { item: "17", topic: "Ethical approval", sections: [], rule: fixedRule("not available", GOVERNANCE) },
  { item: "18a", topic: "Funding", sections: [], rule: fixedRule("not available", GOVERNANCE) },
  { item: "18b", topic: "Conflicts of interest", sections: [], rule: fixedRule("not available", GOVERNANCE) },
  { item: "18c", topic: "Protocol", sections: [], rule: fixedRule("not available", GOVERNANCE) },
  { item: "18d", topic: "Registration", sections: [], rule: fixedRule("not available", GOVERNANCE) },
  {
    item: "18e",
    topic: "Data sharing",
    sections: ["data-source"],
    rule: fixedRule(
      "partly reported",
      "the data snapshot is identified by its hash; sharing terms are not stated",
    ),
  },
  {
    item: "18f",
    topic: "Code sharing",
    sections: ["model", "use"],
    rule: fixedRule(
      "partly reported",
      "spec and serialized model are stored in the registry; where code is shared is not stated",
    ),
  },
  {
    item: "19",
    topic: "Patient and public involvement",
    sections: [],
    rule: fixedRule("not available", GOVERNANCE),
  },
  {
    item: "20a",
    topic: "Participant flow, with and without the outcome",
    sections: ["participants"],
    rule: reported,
  },
  {
    item: "20b",
    topic: "Participant characteristics",
    sections: ["participants", "predictors"],
    rule: fixedRule("partly reported", "predictors' missingness and cohorts; no demographics table"),
  },
  {
    item: "20c",
    topic: "Predictor distributions: development vs evaluation",
    sections: ["transport"],
    rule: (f) => (f.transport ? REPORTED : noTransport(f, "no separate evaluation population")),
  },
  {
    item: "21",
    topic: "Participants and events in each analysis",
    sections: ["participants"],
    rule: reported,
  },
  { item: "22", topic: "Full model specification", sections: ["model"], rule: reported },
  {
    item: "23a",
    topic: "Performance with confidence intervals",
    sections: ["performance", "calibration", "decision-curve", "conformal"],
    rule: fixedRule("partly reported", "no sociodemographic subgroups"),
  },
  {
    item: "23b",
    topic: "Heterogeneity of performance across clusters",
    sections: ["centres"],
    rule: (f) => (f.validation.loco ? REPORTED : ["not available", "leave-one-centre-out not run"]),
  },
  {
    item: "24",
    topic: "Model updating results",
    sections: ["transport"],
    rule: (f) =>
      (f.transport?.result.recalibration.length ?? 0) > 0
        ? REPORTED
        : noTransport(f, "no updating in this run"),
  },
  {
    item: "25",
    topic: "Interpretation",
    sections: ["summary", "limitations"],
    rule: fixedRule("partly reported", "comparison with previous studies is for the authors"),
  },
  { item: "26", topic: "Limitations", sections: ["limitations"], rule: reported },
  {
    item: "27a",
    topic: "Handling poor quality or unavailable input data",
    sections: ["use"],
    rule: reported,
  },
  { item: "27b", topic: "User interaction and expertise", sections: ["use"], rule: reported },
  { item: "27c", topic: "Future research", sections: ["use"], rule: reported },
];

function checklistEntries(facts: StudyFacts): ChecklistEntry[] {
  return ITEMS.map((i) => {
    const [status, comment] = i.rule(facts);
    return { item: i.item, topic: i.topic, sections: i.sections, status, comment };
  });
}

/** The checklist of a stored run, as data (the study report's last section draws it). */
export function tripodChecklist(input: StudyReportInput): ChecklistEntry[] {
  return checklistEntries(studyFacts(input));
}

/** Every item number of the checklist, in order. */
export const TRIPOD_AI_ITEMS: readonly string[] = ITEMS.map((i) => i.item);

export function checklistSection(facts: StudyFacts, sections: readonly ReportSection[]): ReportSection {
  const names = new Map(sections.map((s, i) => [s.id, `${i + 1}. ${s.heading}`]));
  const rows = checklistEntries(facts).map((e) => [
    e.item,
    e.topic,
    e.sections.map((id) => names.get(id) ?? id).join("; ") || "-",
    e.status,
    e.comment,
  ]);
  return {
    id: "checklist",
    heading: "TRIPOD+AI checklist",
    tripod: [],
    blocks: [
      {
        kind: "table",
        caption: "TRIPOD+AI (Collins et al., BMJ 2024;385:e078378): where each item is reported",
        columns: [
          { label: "Item" },
          { label: "Topic" },
          { label: "Section" },
          { label: "Status" },
          { label: "Comment" },
        ],
        rows,
      },
    ],
  };
}
