import { ApiError, apiErrorFromResponse } from "./ApiError.js";

/** GETs a same-origin API path and returns its JSON body, or throws an ApiError the UI can show. */
export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: "application/json" }, signal });
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
