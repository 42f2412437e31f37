import { useEffect, useState } from "react";
import { ApiError } from "../api/ApiError.js";
import { fetchJson } from "../api/fetchJson.js";
import type { ApiState } from "../api/useApi.js";

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, "client", error instanceof Error ? error.message : String(error));
}

/**
 * Loads a path, then asks again every `intervalMs` for as long as `keepPolling(data)` holds (the demo
 * models being trained). A refresh keeps the data already shown, so the page never blinks back to
 * "loading"; a failed refresh keeps the last good data too and tries again at the next tick.
 * `reloadKey` forces a fresh load when something else says the answer has changed (the data shown
 * stays until the new answer arrives).
 */
export function usePolledApi<T>(
  path: string,
  keepPolling: (data: T) => boolean,
  intervalMs: number,
  reloadKey: string | number = 0,
): ApiState<T> {
  const [state, setState] = useState<{ path: string; state: ApiState<T> }>({
    path,
    state: { status: "loading" },
  });
  // The predicate is read through a ref-like holder so that an inline arrow does not restart polling.
  const [poll] = useState(() => ({ keepPolling }));
  poll.keepPolling = keepPolling;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is read by nobody; changing it is the signal to load again
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller = new AbortController();
    let hasData = false;
    const load = () => {
      controller = new AbortController();
      fetchJson<T>(path, controller.signal).then(
        (data) => {
          if (stopped) return;
          hasData = true;
          setState({ path, state: { status: "ok", data } });
          if (poll.keepPolling(data)) timer = setTimeout(load, intervalMs);
        },
        (error: unknown) => {
          if (stopped || controller.signal.aborted) return;
          if (hasData) {
            timer = setTimeout(load, intervalMs);
            return;
          }
          setState({ path, state: { status: "error", error: asApiError(error) } });
        },
      );
    };
    setState((previous) => (previous.path === path ? previous : { path, state: { status: "loading" } }));
    load();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      controller.abort();
    };
  }, [path, reloadKey, intervalMs, poll]);

  return state.path === path ? state.state : { status: "loading" };
}
