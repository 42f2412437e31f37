import type { ApiErrorBody } from "../apiTypes.js";

/** An API call that did not return data: `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
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

/** Builds the error for a non-2xx answer; a body that is not the API's error shape still yields a message. */
export function apiErrorFromResponse(status: number, statusText: string, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.error, body.message);
  const reason = statusText.length > 0 ? statusText : "request failed";
  return new ApiError(status, "http_" + status, `The server answered ${status} (${reason}).`);
}
