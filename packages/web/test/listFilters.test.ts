import { describe, expect, it } from "vitest";
import { patientApiPath, patientListApiPath } from "../src/api/paths.js";
import { parseCohort } from "../src/cohorts.js";
import { listFiltersSearch, PAGE_SIZE, pageLinks, parseListFilters } from "../src/study/listFilters.js";

describe("cohort from the URL", () => {
  it("accepts the two cohorts, including an unencoded 3L+", () => {
    expect(parseCohort("2L")).toBe("2L");
    expect(parseCohort("3L+")).toBe("3L+");
    expect(parseCohort("3L ")).toBe("3L+");
    expect(parseCohort("3L")).toBeNull();
    expect(parseCohort("1L")).toBeNull();
    expect(parseCohort(null)).toBeNull();
  });
});

describe("list filters in the page URL", () => {
  it("round-trips through the query string", () => {
    const filters = { cohort: "3L+" as const, center: "C01", offset: 50 };
    const search = listFiltersSearch(filters);
    expect(search).toBe("?cohort=3L%2B&center=C01&offset=50");
    expect(parseListFilters(search)).toEqual(filters);
  });

  it("leaves defaults out and reads garbage as defaults", () => {
    expect(listFiltersSearch({ cohort: null, center: null, offset: 0 })).toBe("");
    expect(parseListFilters("")).toEqual({ cohort: null, center: null, offset: 0 });
    expect(parseListFilters("?cohort=4L&center=%20&offset=-3")).toEqual({
      cohort: null,
      center: null,
      offset: 0,
    });
    expect(parseListFilters("?offset=abc").offset).toBe(0);
    expect(parseListFilters("?offset=2.5").offset).toBe(0);
    expect(parseListFilters("?cohort=3L+").cohort).toBe("3L+");
  });
});

describe("API paths", () => {
  it("encodes the cohort as the API expects", () => {
    expect(patientListApiPath({ cohort: "3L+", center: "C01", offset: 25, limit: PAGE_SIZE })).toBe(
      "/api/patients?limit=25&offset=25&cohort=3L%2B&center=C01",
    );
    expect(patientListApiPath({ cohort: null, center: null, offset: 0, limit: 10 })).toBe(
      "/api/patients?limit=10&offset=0",
    );
  });

  it("escapes patient ids", () => {
    expect(patientApiPath("C01-0007")).toBe("/api/patients/C01-0007");
    expect(patientApiPath("a/b?c")).toBe("/api/patients/a%2Fb%3Fc");
  });
});

describe("pageLinks", () => {
  it("describes the first, a middle and the last page", () => {
    expect(pageLinks({ total: 60, limit: 25, offset: 0, shown: 25 })).toEqual({
      summary: "1–25 of 60",
      previousOffset: null,
      nextOffset: 25,
    });
    expect(pageLinks({ total: 60, limit: 25, offset: 25, shown: 25 })).toEqual({
      summary: "26–50 of 60",
      previousOffset: 0,
      nextOffset: 50,
    });
    expect(pageLinks({ total: 60, limit: 25, offset: 50, shown: 10 })).toEqual({
      summary: "51–60 of 60",
      previousOffset: 25,
      nextOffset: null,
    });
  });

  it("handles an empty result and an offset past the end", () => {
    expect(pageLinks({ total: 0, limit: 25, offset: 0, shown: 0 }).summary).toBe("No patients");
    expect(pageLinks({ total: 60, limit: 25, offset: 100, shown: 0 })).toEqual({
      summary: "None of 60 on this page",
      previousOffset: 75,
      nextOffset: null,
    });
  });

  it("never goes below offset 0 from an unaligned offset", () => {
    expect(pageLinks({ total: 60, limit: 25, offset: 10, shown: 25 }).previousOffset).toBe(0);
  });
});
