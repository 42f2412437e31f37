/** The UI's pages. Paths are real URLs (history API), so every page can be bookmarked or opened in a new tab. */
export type Route =
  | { page: "study" }
  | { page: "patient"; patientId: string }
  | { page: "calculators" }
  | { page: "calculator"; scale: string }
  | { page: "lab" }
  | { page: "model"; name: string }
  | { page: "transport"; name: string }
  | { page: "decision"; patientId: string }
  | { page: "notFound"; path: string };

const PATIENT_PATH = /^\/patients\/([^/]+)\/?$/;
const CALCULATORS_PATH = /^\/calculators\/?$/;
const CALCULATOR_PATH = /^\/calculators\/([^/]+)\/?$/;
const DECISION_PATH = /^\/patients\/([^/]+)\/decision\/?$/;
const LAB_PATH = /^\/lab\/?$/;
const MODEL_PATH = /^\/lab\/models\/([^/]+)\/?$/;
const TRANSPORT_PATH = /^\/lab\/models\/([^/]+)\/transport\/?$/;

export function matchRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "" || pathname === "/index.html") return { page: "study" };
  const patient = PATIENT_PATH.exec(pathname);
  if (patient !== null) {
    const patientId = safeDecode(patient[1]!);
    if (patientId !== null && patientId.length > 0) return { page: "patient", patientId };
  }
  const decision = decodedSegment(DECISION_PATH, pathname);
  if (decision !== null) return { page: "decision", patientId: decision };
  if (CALCULATORS_PATH.test(pathname)) return { page: "calculators" };
  const calculator = CALCULATOR_PATH.exec(pathname);
  if (calculator !== null) {
    const scale = safeDecode(calculator[1]!);
    if (scale !== null && scale.length > 0) return { page: "calculator", scale };
  }
  if (LAB_PATH.test(pathname)) return { page: "lab" };
  const model = decodedSegment(MODEL_PATH, pathname);
  if (model !== null) return { page: "model", name: model };
  const transport = decodedSegment(TRANSPORT_PATH, pathname);
  if (transport !== null) return { page: "transport", name: transport };
  return { page: "notFound", path: pathname };
}

export function patientPagePath(patientId: string): string {
  return "/patients/" + encodeURIComponent(patientId);
}

export const CALCULATORS_PAGE_PATH = "/calculators";

export function calculatorPagePath(scale: string): string {
  return CALCULATORS_PAGE_PATH + "/" + encodeURIComponent(scale);
}

export function decisionPagePath(patientId: string): string {
  return patientPagePath(patientId) + "/decision";
}

export const LAB_PAGE_PATH = "/lab";

export function modelPagePath(name: string, version: number | null = null): string {
  const path = LAB_PAGE_PATH + "/models/" + encodeURIComponent(name);
  return version === null ? path : `${path}?version=${version}`;
}

export function transportPagePath(name: string): string {
  return LAB_PAGE_PATH + "/models/" + encodeURIComponent(name) + "/transport";
}

/** `?version=3` → 3; anything else (absent, not a positive integer) → null, the newest version. */
export function parseVersion(search: string): number | null {
  const text = new URLSearchParams(search).get("version");
  if (text === null || !/^[1-9][0-9]{0,8}$/.test(text)) return null;
  return Number(text);
}

/** The first path segment a pattern captures, decoded; null when it does not match or does not decode. */
function decodedSegment(pattern: RegExp, pathname: string): string | null {
  const match = pattern.exec(pathname);
  if (match === null) return null;
  const segment = safeDecode(match[1]!);
  return segment !== null && segment.length > 0 ? segment : null;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape such as "%E0%A4%A" cannot name a patient.
    return null;
  }
}
