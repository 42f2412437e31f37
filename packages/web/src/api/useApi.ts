import { useEffect, useState } from "react";
import { ApiError } from "./ApiError.js";
import { fetchJson } from "./fetchJson.js";

export type ApiState<T> =
  | { status: "loading" }
  | { status: "ok"; data: T }
  | { status: "error"; error: ApiError };

/**
 * Loads one API path and reloads when it changes; the previous request is aborted so a slow answer
 * for an old filter can never overwrite the newer one.
 */
export function useApi<T>(path: string): ApiState<T> {
  const [state, setState] = useState<{ path: string; state: ApiState<T> }>({
    path,
    state: { status: "loading" },
  });

  useEffect(() => {
    const controller = new AbortController();
    setState({ path, state: { status: "loading" } });
    fetchJson<T>(path, controller.signal).then(
      (data) => setState({ path, state: { status: "ok", data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError(0, "client", error instanceof Error ? error.message : String(error));
        setState({ path, state: { status: "error", error: apiError } });
      },
    );
    return () => controller.abort();
  }, [path]);

  // Until the effect for a new path has run, the stored state still belongs to the old one.
  return state.path === path ? state.state : { status: "loading" };
}
