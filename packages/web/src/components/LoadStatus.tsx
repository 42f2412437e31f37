import type { ApiError } from "../api/ApiError.js";

export function Loading({ what }: { what: string }) {
  return (
    <p className="status status-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** An API failure said in words, with the server's own message, never a blank area. */
export function LoadError({ what, error }: { what: string; error: ApiError }) {
  return (
    <div className="status status-error" role="alert" data-testid="load-error">
      <p>
        <strong>Could not load {what}.</strong> {error.message}
      </p>
      {error.status > 0 ? (
        <p className="status-detail">
          HTTP {error.status} · {error.code}
        </p>
      ) : null}
    </div>
  );
}
