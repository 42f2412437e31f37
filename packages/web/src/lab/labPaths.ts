import type { WhatIf } from "./labApiTypes.js";

export const LAB_MODELS_API_PATH = "/api/lab/models";
export const LAB_PREDICT_API_PATH = "/api/lab/predict";

export function modelApiPath(name: string, version: number | null = null): string {
  const path = LAB_MODELS_API_PATH + "/" + encodeURIComponent(name);
  return version === null ? path : `${path}?version=${version}`;
}

export function patientPredictionsApiPath(patientId: string): string {
  return "/api/patients/" + encodeURIComponent(patientId) + "/predictions";
}

/**
 * The one-page PDF of the decision page. The what-if overrides travel as URL-encoded JSON, only when
 * there are any, so the plain link prints exactly what was recorded.
 */
export function decisionReportPdfPath(patientId: string, whatIf: WhatIf = {}): string {
  const path = "/api/patients/" + encodeURIComponent(patientId) + "/decision-report.pdf";
  return Object.keys(whatIf).length === 0
    ? path
    : `${path}?whatIf=${encodeURIComponent(JSON.stringify(whatIf))}`;
}

export function runReportPath(runId: string, format: "html" | "pdf"): string {
  return "/api/lab/runs/" + encodeURIComponent(runId) + "/report." + format;
}
