import { renderHtml } from "../document/renderHtml.js";
import { renderPdf } from "../document/renderPdf.js";
import type { ReportDocument, ReportSection } from "../document/reportDocument.js";
import { type PdfOptions, pdfCreationDate } from "../pdf/pdfDocument.js";
import { timestamp } from "../text/format.js";
import { causeIncidence } from "./competingWording.js";
import { centresSection } from "./sections/centres.js";
import { modelSection } from "./sections/modelSection.js";
import { dataSourceSection, intendedUseSection, summarySection } from "./sections/overview.js";
import {
  calibrationSection,
  conformalSection,
  decisionCurveSection,
  performanceSection,
} from "./sections/performance.js";
import {
  missingDataSection,
  outcomeSection,
  participantsSection,
  predictorsSection,
  sampleSizeSection,
} from "./sections/population.js";
import { stabilitySection } from "./sections/stability.js";
import { transportSection } from "./sections/transport.js";
import { limitationsSection, useSection } from "./sections/useAndLimitations.js";
import { type StudyFacts, studyFacts } from "./studyFacts.js";
import type { StudyReportInput } from "./studyReportInput.js";
import { months } from "./studyWording.js";
import { checklistSection } from "./tripodChecklist.js";

/**
 * The TRIPOD+AI study report of one validated model (Collins et al., BMJ 2024;385:e078378;
 * clinical-reference.md §E.1), generated from the stored model version and its runs only. Sections
 * follow the checklist's order; the last one maps every item to the section that reports it.
 */

export const SYNTHETIC_BANNER =
  "SYNTHETIC DATA: every patient in this report was simulated by carta's synthetic cohort generator. The model and its performance describe the software, not CAR-T patients.";

/** What the endpoint's risk is: by the horizon, and for competing risks of which cause, the other competing. */
function endpointDetail(facts: StudyFacts): string {
  const s = facts.survival;
  if (!s) return "";
  if (s.competing)
    return `, cause ${s.competing.cause.id} (${causeIncidence(s.competing.cause, s.horizonMonths)}, ${s.competing.cause.competing} competing)`;
  return ` (risk by ${months(s.horizonMonths)})`;
}

export function studyReportDocument(input: StudyReportInput): ReportDocument {
  const facts = studyFacts(input);
  const m = input.model;
  const sections: ReportSection[] = [
    summarySection(input, facts),
    intendedUseSection(input, facts),
    dataSourceSection(input, facts),
    participantsSection(input, facts),
    outcomeSection(input, facts),
    predictorsSection(input, facts),
    sampleSizeSection(facts),
    missingDataSection(input, facts),
    modelSection(input, facts),
    performanceSection(input, facts),
    calibrationSection(facts),
    decisionCurveSection(facts),
    centresSection(facts),
    conformalSection(facts),
    stabilitySection(facts),
    transportSection(input, facts),
    useSection(input, facts),
    limitationsSection(input, facts),
  ];
  sections.push(checklistSection(facts, sections));
  return {
    title: `${input.studyName}: ${m.metrics.event}, model ${m.name} v${m.version}`,
    meta: [
      ["Report", "TRIPOD+AI study report (development and internal validation)"],
      ["Model", `${m.name} version ${m.version} (${m.spec.learner.kind}), trained ${timestamp(m.createdAt)}`],
      [
        "Endpoint",
        `${m.spec.endpoint}${endpointDetail(facts)} at landmark ${m.spec.landmark}, cohort ${m.spec.cohort}`,
      ],
      ["Validation run", `${input.validation.id} (${timestamp(input.validation.createdAt)})`],
      [
        "Transport run",
        input.transport ? `${input.transport.id} (${timestamp(input.transport.createdAt)})` : "none",
      ],
      ["Generated", timestamp(input.generatedAt)],
    ],
    banner: input.synthetic ? SYNTHETIC_BANNER : null,
    sections,
    footer: `${input.studyName} · ${m.name} v${m.version} · validation run ${input.validation.id}${input.synthetic ? " · SYNTHETIC DATA" : ""}`,
    generatedAt: input.generatedAt,
  };
}

/** The study report as one self-contained HTML page (inline CSS and SVG charts). */
export function studyReportHtml(input: StudyReportInput): string {
  return renderHtml(studyReportDocument(input));
}

/** The same report as an A4 PDF; the same input gives the same bytes. */
export async function studyReportPdf(input: StudyReportInput, options: PdfOptions = {}): Promise<Uint8Array> {
  // A bad timestamp is refused before the report is built.
  pdfCreationDate(input.generatedAt);
  return renderPdf(studyReportDocument(input), options);
}
