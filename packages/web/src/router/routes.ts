/** The UI's pages. Paths are real URLs (history API), so every page can be bookmarked or opened in a new tab. */
export type Route =
  | { page: "study" }
  | { page: "patient"; patientId: string }
  | { page: "calculators" }
  | { page: "calculator"; scale: string }
  | { page: "notFound"; path: string };

const PATIENT_PATH = /^\/patients\/([^/]+)\/?$/;
const CALCULATORS_PATH = /^\/calculators\/?$/;
const CALCULATOR_PATH = /^\/calculators\/([^/]+)\/?$/;

export function matchRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "" || pathname === "/index.html") return { page: "study" };
  const patient = PATIENT_PATH.exec(pathname);
  if (patient !== null) {
    const patientId = safeDecode(patient[1]!);
    if (patientId !== null && patientId.length > 0) return { page: "patient", patientId };
  }
  if (CALCULATORS_PATH.test(pathname)) return { page: "calculators" };
  const calculator = CALCULATOR_PATH.exec(pathname);
  if (calculator !== null) {
    const scale = safeDecode(calculator[1]!);
    if (scale !== null && scale.length > 0) return { page: "calculator", scale };
  }
  return { page: "notFound", path: pathname };
}

export function patientPagePath(patientId: string): string {
  return "/patients/" + encodeURIComponent(patientId);
}

export const CALCULATORS_PAGE_PATH = "/calculators";

export function calculatorPagePath(scale: string): string {
  return CALCULATORS_PAGE_PATH + "/" + encodeURIComponent(scale);
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape such as "%E0%A4%A" cannot name a patient.
    return null;
  }
}
