import { ApiError, apiErrorFromResponse } from "./ApiError.js";

/** GETs a same-origin API path and returns its JSON body, or throws an ApiError the UI can show. */
export function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { headers: { accept: "application/json" }, signal });
}

/** POSTs a JSON body to a same-origin API path; errors as for fetchJson, a 400 carrying its issues. */
export function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

async function requestJson<T>(path: string, init: RequestInit): Promise<T> {
  const signal = init.signal;
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, "network", "The carta server could not be reached. Is it running?");
  }
  const text = await response.text();
  let body: unknown = null;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, "bad_json", `The answer to ${path} was not JSON.`);
    }
  }
  if (!response.ok) throw apiErrorFromResponse(response.status, response.statusText, body);
  return body as T;
}
