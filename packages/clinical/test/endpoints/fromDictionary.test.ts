import { describe, expect, it } from "vitest";
import type { ObservationValue } from "../../src/dictionary/values.js";
import { patientEndpoints } from "../../src/endpoints/fromDictionary.js";

function lookup(values: Record<string, ObservationValue>) {
  return (variable: string, timePoint: string) => values[`${variable}@${timePoint}`];
}

describe("endpoints from dictionary variables", () => {
  it("reads the dictionary's dates and gives PFS, OS, relapse vs NRM and day-90 response with reasons", () => {
    const get = lookup({
      "infusion_date@d0": "2024-01-01",
      "progression_date@outcome": "2024-03-01",
      "death_date@outcome": "2024-07-01",
      "death_cause@outcome": "progression",
      "last_disease_assessment_date@outcome": "2024-03-01",
      "last_contact_date@outcome": "2024-07-01",
    });
    const byName = Object.fromEntries(patientEndpoints(get).map((e) => [e.endpoint, e]));
    expect(byName.pfs).toMatchObject({ value: Math.round((60 / 30.4375) * 10) / 10, status: 1 });
    expect(byName.os).toMatchObject({ value: Math.round((182 / 30.4375) * 10) / 10, status: 1 });
    expect(byName.relapse_vs_nrm).toMatchObject({ status: 1 });
    expect(byName.day90_response).toMatchObject({ value: "PMD" });
    expect(byName.day90_response!.reason).toMatch(/before day 90/);
  });

  it("says why an endpoint cannot be computed instead of guessing", () => {
    const byName = Object.fromEntries(patientEndpoints(lookup({})).map((e) => [e.endpoint, e]));
    expect(byName.pfs).toMatchObject({ value: null, status: null });
    expect(byName.pfs!.reason).toMatch(/infusion/i);
  });
});
