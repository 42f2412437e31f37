import type { Cohort } from "../apiTypes.js";
import { parseCohort } from "../cohorts.js";

/** Patients per page of the study list. */
export const PAGE_SIZE = 25;

/** The patient list's state lives in the page URL, so a filtered page can be shared, reloaded or gone back to. */
export interface ListFilters {
  cohort: Cohort | null;
  center: string | null;
  offset: number;
}

export function parseListFilters(search: string): ListFilters {
  const params = new URLSearchParams(search);
  const center = params.get("center")?.trim() ?? "";
  const offset = Number(params.get("offset") ?? "0");
  return {
    cohort: parseCohort(params.get("cohort")),
    center: center.length > 0 ? center : null,
    offset: Number.isSafeInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** "?cohort=3L%2B&center=C01&offset=25"; the defaults are left out, so the unfiltered first page is "". */
export function listFiltersSearch(filters: ListFilters): string {
  const params = new URLSearchParams();
  if (filters.cohort !== null) params.set("cohort", filters.cohort);
  if (filters.center !== null) params.set("center", filters.center);
  if (filters.offset > 0) params.set("offset", String(filters.offset));
  const search = params.toString();
  return search.length > 0 ? "?" + search : "";
}

export interface PageLinks {
  /** "1–25 of 940", or "No patients" */
  summary: string;
  previousOffset: number | null;
  nextOffset: number | null;
}

/** Paging from what the API answered (its own total, limit and offset), not from what was asked. */
export function pageLinks(page: { total: number; limit: number; offset: number; shown: number }): PageLinks {
  if (page.total === 0) return { summary: "No patients", previousOffset: null, nextOffset: null };
  const first = page.offset + 1;
  const last = page.offset + page.shown;
  const summary =
    page.shown === 0 ? `None of ${page.total} on this page` : `${first}–${last} of ${page.total}`;
  const limit = Math.max(1, page.limit);
  return {
    summary,
    previousOffset: page.offset > 0 ? Math.max(0, page.offset - limit) : null,
    nextOffset: page.offset + limit < page.total ? page.offset + limit : null,
  };
}
