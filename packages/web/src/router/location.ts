import { useSyncExternalStore } from "react";

const NAVIGATE_EVENT = "carta:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

// A string snapshot keeps useSyncExternalStore stable: equal URLs compare equal without new objects.
function currentUrl(): string {
  return window.location.pathname + window.location.search;
}

export interface AppLocation {
  pathname: string;
  search: string;
}

/** The current path and query, re-rendering on back/forward and on navigate(). */
export function useLocation(): AppLocation {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const queryStart = url.indexOf("?");
  return queryStart < 0
    ? { pathname: url, search: "" }
    : { pathname: url.slice(0, queryStart), search: url.slice(queryStart) };
}

/** Moves to a same-origin URL without reloading; a new page starts at the top, a new query keeps the scroll. */
export function navigate(href: string): void {
  const before = window.location.pathname;
  window.history.pushState(null, "", href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (window.location.pathname !== before) window.scrollTo(0, 0);
}
