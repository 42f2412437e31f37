import type { ApiErrorBody } from "../apiTypes.js";

/** One refused input field of a 400 answer, as `POST /api/scales/:scale` reports it. */
export interface ApiIssue {
  field: string;
  rule: string;
  message: string;
}

/** An API call that did not return data: `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ApiIssue[];

  constructor(status: number, code: string, message: string, issues: readonly ApiIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as ApiErrorBody).error === "string" &&
    typeof (body as ApiErrorBody).message === "string"
  );
}

function isIssue(item: unknown): item is ApiIssue {
  if (typeof item !== "object" || item === null) return false;
  const issue = item as ApiIssue;
  return (
    typeof issue.field === "string" && typeof issue.rule === "string" && typeof issue.message === "string"
  );
}

/** The well-formed entries of a body's `issues` array; anything else in it is dropped, not trusted. */
function issuesOf(body: unknown): ApiIssue[] {
  const issues = (body as { issues?: unknown }).issues;
  return Array.isArray(issues) ? issues.filter(isIssue) : [];
}

/** Builds the error for a non-2xx answer; a body that is not the API's error shape still yields a message. */
export function apiErrorFromResponse(status: number, statusText: string, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.error, body.message, issuesOf(body));
  const reason = statusText.length > 0 ? statusText : "request failed";
  return new ApiError(status, "http_" + status, `The server answered ${status} (${reason}).`);
}
