/**
 * @carta/reports — layer 4: carta's reports rendered without a browser (DESIGN.md "Interfaces":
 * per-patient decision-support report; study report with TRIPOD+AI items, HTML and PDF). Charts are
 * ECharts rendered server-side to SVG, the library the web UI uses; PDFs are drawn with pdfkit.
 */
export type { SvgChart } from "./charts/svgChart.js";
export { DECISION_DISCLAIMER, decisionReportPdf } from "./decision/decisionReport.js";
export type {
  DecisionPrediction,
  DecisionReportInput,
  PredictionReason,
  PredictionValidation,
  WhatIfOverride,
} from "./decision/decisionReportInput.js";
export type { ReportBlock, ReportDocument, ReportSection } from "./document/reportDocument.js";
export {
  decisionPredictionOf,
  decisionReportInputFromStore,
  ReportNotAvailable,
  studyReportInputFromStore,
} from "./fromStore.js";
export type { PdfOptions } from "./pdf/pdfDocument.js";
export {
  SYNTHETIC_BANNER,
  studyReportDocument,
  studyReportHtml,
  studyReportPdf,
} from "./study/studyReport.js";
export type {
  CalibrationCurveJson,
  CalibrationGroupJson,
  CompetingTransportPerformanceJson,
  ConformalCoverageJson,
  DecisionCurveJson,
  PredictorStabilityJson,
  RecalibrationNetBenefitJson,
  ReportFeature,
  StoredValidation,
  StudyReportInput,
  SurvivalPerformanceJson,
  TransportResultJson,
} from "./study/studyReportInput.js";
export type { ChecklistEntry, ChecklistStatus } from "./study/tripodChecklist.js";
export { TRIPOD_AI_ITEMS, tripodChecklist } from "./study/tripodChecklist.js";
export { NOT_COMPUTED } from "./text/format.js";
