import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../src/apiTypes.js";
import { DEFAULT_STUDY_NAME, dictionaryLookup } from "../src/dictionary/lookup.js";
import { labTable } from "../src/patient/labTable.js";
import { diseaseObservations, findObservation, observationValueText } from "../src/patient/patientFacts.js";
import { timelineKeys } from "../src/patient/timelineKeys.js";
import { crpFixture, patientFixture, plateletsFixture } from "./fixtures.js";

describe("labTable", () => {
  it("has a row per time point in study-day order and a gap where a lab was not measured", () => {
    const table = labTable([crpFixture, plateletsFixture]);
    expect(table.series.map((series) => series.variable)).toEqual(["crp_mg_per_l", "platelets"]);
    expect(table.rows).toEqual([
      { timePoint: "pre_ld", studyDay: -5, values: [4.5, null] },
      { timePoint: "d0", studyDay: 0, values: [8, 150] },
      { timePoint: "d3", studyDay: 3, values: [null, 90] },
      { timePoint: "d7", studyDay: 7, values: [12, null] },
    ]);
  });

  it("is empty without labs", () => {
    expect(labTable([])).toEqual({ series: [], rows: [] });
  });
});

describe("patient facts", () => {
  it("finds who-variables across sections", () => {
    expect(findObservation(patientFixture.sections, "sex")?.display).toBe("Female");
    expect(findObservation(patientFixture.sections, "product")?.value).toBe("axi_cel");
    expect(findObservation(patientFixture.sections, "mtv_ml")).toBeNull();
  });

  it("summarises the disease from the baseline form without repeating age and sex", () => {
    expect(diseaseObservations(patientFixture.sections).map((o) => o.variable)).toEqual(["ann_arbor_stage"]);
    expect(diseaseObservations([])).toEqual([]);
  });

  it("shows stored numbers as stored and codes by their label", () => {
    const [age, sex] = patientFixture.sections[0]!.observations;
    expect(observationValueText(age!)).toBe("67");
    expect(observationValueText(sex!)).toBe("Female");
  });
});

describe("timelineKeys", () => {
  const event = (name: string, date: string): TimelineEvent => ({
    date,
    studyDay: null,
    event: name,
    label: name,
    detail: null,
  });

  it("is unique even when the same event happens twice on one day", () => {
    const keys = timelineKeys([
      event("infection", "2024-02-01"),
      event("infection", "2024-02-01"),
      event("infusion", "2024-01-20"),
    ]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe("infection@2024-02-01@infection");
  });
});

describe("dictionaryLookup", () => {
  const lookup = dictionaryLookup({
    format: "carta.dictionary",
    version: 1,
    study: "CARTA-2L",
    forms: [{ id: "baseline", label: "Patient and disease at baseline" }],
    timePoints: [
      { id: "pre_ld", label: "Pre-lymphodepletion (day −5)", landmark: "lymphodepletion", nominalDay: -5 },
    ],
    variables: [
      {
        id: "product",
        label: "Product",
        type: "code",
        unit: null,
        form: "product",
        timePoints: ["decision"],
        landmark: "decision",
        required: true,
        codes: [{ code: "axi_cel", label: "axicabtagene ciloleucel" }],
      },
    ],
  });

  it("labels ids from the dictionary", () => {
    expect(lookup.studyName).toBe("CARTA-2L");
    expect(lookup.timePointLabel("pre_ld")).toBe("Pre-lymphodepletion (day −5)");
    expect(lookup.timePointLabels).toEqual({ pre_ld: "Pre-lymphodepletion (day −5)" });
    expect(lookup.codeLabel("product", "axi_cel")).toBe("axicabtagene ciloleucel");
    expect(lookup.variable("product")?.type).toBe("code");
  });

  it("falls back to the id itself for anything unknown, and without a dictionary", () => {
    expect(lookup.timePointLabel("d400")).toBe("d400");
    expect(lookup.codeLabel("product", "new_cel")).toBe("new_cel");
    expect(lookup.codeLabel("sex", "F")).toBe("F");
    const empty = dictionaryLookup(null);
    expect(empty.studyName).toBe(DEFAULT_STUDY_NAME);
    expect(empty.timePointLabel("d7")).toBe("d7");
    expect(lookup.variable("sex")).toBeNull();
    expect(empty.variable("product")).toBeNull();
  });
});
