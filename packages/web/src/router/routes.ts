/** The UI's pages. Paths are real URLs (history API), so every page can be bookmarked or opened in a new tab. */
export type Route =
  | { page: "study" }
  | { page: "patient"; patientId: string }
  | { page: "notFound"; path: string };

const PATIENT_PATH = /^\/patients\/([^/]+)\/?$/;

export function matchRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "" || pathname === "/index.html") return { page: "study" };
  const patient = PATIENT_PATH.exec(pathname);
  if (patient !== null) {
    const patientId = safeDecode(patient[1]!);
    if (patientId !== null && patientId.length > 0) return { page: "patient", patientId };
  }
  return { page: "notFound", path: pathname };
}

export function patientPagePath(patientId: string): string {
  return "/patients/" + encodeURIComponent(patientId);
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape such as "%E0%A4%A" cannot name a patient.
    return null;
  }
}
