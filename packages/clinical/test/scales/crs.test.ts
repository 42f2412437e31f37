import { describe, expect, it } from "vitest";
import { type CrsInput, crs, OXYGEN_DEVICES } from "../../src/scales/crs.js";

// Worked examples and cut-offs: clinical-reference.md §B.1 (Lee 2019).
const febrile: CrsInput = { temperatureMaxC: 38.5, hypotensionPresent: false, oxygenDevice: "none" };

describe("CRS worked examples (§B.1)", () => {
  it("38.9 °C, normotensive, nasal cannula 3 L/min → 2", () => {
    const r = crs({ temperatureMaxC: 38.9, oxygenDevice: "nasal_cannula", oxygenFlowLPerMin: 3 });
    expect(r).toMatchObject({ value: 2, hypotensionSubgrade: 0, hypoxiaSubgrade: 2 });
    expect(r.reason).toContain("nasal cannula at 3 L/min");
  });
  it("39.5 °C, hypotension on norepinephrine alone, room air → 3", () => {
    const r = crs({
      temperatureMaxC: 39.5,
      hypotensionPresent: true,
      vasopressorsInUse: ["norepinephrine"],
      oxygenDevice: "none",
    });
    expect(r).toMatchObject({ value: 3, hypotensionSubgrade: 3, hypoxiaSubgrade: 0 });
    expect(r.reason).toContain("one vasopressor");
  });
  it("after tocilizumab, 37.0 °C, fluid-responsive hypotension, intubated → 4", () => {
    const r = crs({
      temperatureMaxC: 37.0,
      treatedForCrsBeforeAssessment: true,
      hypotensionPresent: true,
      vasopressorsInUse: [],
      oxygenDevice: "mechanical_ventilation",
    });
    expect(r).toMatchObject({ value: 4, hypotensionSubgrade: 2, hypoxiaSubgrade: 4 });
    expect(r.reason).toContain("fever is not required");
    expect(r.reason).toContain("positive-pressure");
  });
});

describe("CRS cut-offs", () => {
  it("fever is ≥ 38.0 °C, inclusive", () => {
    expect(crs({ ...febrile, temperatureMaxC: 37.9 }).value).toBe(0);
    expect(crs({ ...febrile, temperatureMaxC: 38.0 }).value).toBe(1);
    expect(crs({ ...febrile, temperatureMaxC: 38.0 }).reason).toContain("without hypotension or hypoxia");
  });
  it("nasal cannula ≤ 6 L/min is low flow (2), above it high flow (3)", () => {
    expect(crs({ ...febrile, oxygenDevice: "nasal_cannula", oxygenFlowLPerMin: 6 }).value).toBe(2);
    expect(crs({ ...febrile, oxygenDevice: "nasal_cannula", oxygenFlowLPerMin: 6.1 }).value).toBe(3);
  });
  it("grades every oxygen device", () => {
    const grades = Object.fromEntries(
      OXYGEN_DEVICES.map((device) => [
        device,
        crs({ ...febrile, oxygenDevice: device, oxygenFlowLPerMin: device === "none" ? 0 : 4 }).value,
      ]),
    );
    expect(grades).toEqual({
      none: 1,
      blow_by: 2,
      nasal_cannula: 2,
      high_flow_nasal_cannula: 3,
      simple_facemask: 3,
      non_rebreather_mask: 3,
      venturi_mask: 3,
      cpap: 4,
      bipap: 4,
      mechanical_ventilation: 4,
    });
  });
  it("counts vasopressors with vasopressin excluded from the ≥ 2 rule", () => {
    const withPressors = (vasopressorsInUse: CrsInput["vasopressorsInUse"]) =>
      crs({ ...febrile, hypotensionPresent: true, vasopressorsInUse }).value;
    expect(withPressors([])).toBe(2);
    expect(withPressors(["vasopressin"])).toBe(3);
    expect(withPressors(["norepinephrine"])).toBe(3);
    expect(withPressors(["norepinephrine", "vasopressin"])).toBe(3);
    expect(withPressors(["norepinephrine", "phenylephrine"])).toBe(4);
    expect(withPressors(["norepinephrine", "epinephrine", "vasopressin"])).toBe(4);
  });
  it("takes the worse of hypotension and hypoxia and names both when they tie", () => {
    const r = crs({
      ...febrile,
      hypotensionPresent: true,
      vasopressorsInUse: ["dopamine"],
      oxygenDevice: "venturi_mask",
    });
    expect(r.value).toBe(3);
    expect(r.reason).toContain("hypotension");
    expect(r.reason).toContain("Venturi mask");
  });
  it("thresholds are options", () => {
    expect(crs({ ...febrile, temperatureMaxC: 38.2 }, { feverThresholdC: 38.3 }).value).toBe(0);
    expect(
      crs({ ...febrile, oxygenDevice: "nasal_cannula", oxygenFlowLPerMin: 5 }, { lowFlowMaxLPerMin: 4 })
        .value,
    ).toBe(3);
  });
});

describe("CRS special cases", () => {
  it("symptoms attributable to another cause are not CRS", () => {
    const r = crs({ ...febrile, oxygenDevice: "bipap", symptomsAttributableToOtherCause: true });
    expect(r.value).toBe(0);
    expect(r.reason).toContain("another cause");
  });
  it("death attributable to CRS is grade 5", () => {
    expect(crs({ ...febrile, deathAttributableToCrs: true }).value).toBe(5);
  });
  it("treated, afebrile, no hypotension or hypoxia: grade 1 with the §F.4 flag", () => {
    const r = crs({ ...febrile, temperatureMaxC: 36.8, treatedForCrsBeforeAssessment: true });
    expect(r).toMatchObject({ value: 1, afebrileAfterTreatment: true });
    expect(r.reason).toContain("§F.4");
    expect(crs({ ...febrile, treatedForCrsBeforeAssessment: true }).afebrileAfterTreatment).toBe(false);
  });
});

describe("CRS missing inputs", () => {
  it("is null naming the temperature when fever decides, and does not need it after treatment", () => {
    const r = crs({ hypotensionPresent: false, oxygenDevice: "nasal_cannula", oxygenFlowLPerMin: 2 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing temperatureMaxC");
    expect(r.reason).toContain("grade 0 or grade 2");
    const treated = crs({
      treatedForCrsBeforeAssessment: true,
      oxygenDevice: "nasal_cannula",
      oxygenFlowLPerMin: 2,
    });
    expect(treated.value).toBe(2);
    expect(treated.reason).toContain("temperatureMaxC not recorded (cannot change the result)");
  });
  it("needs the oxygen device unless hypotension already gives grade 4", () => {
    const r = crs({ temperatureMaxC: 39 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing oxygenDevice");
    const shocked = crs({
      temperatureMaxC: 39,
      hypotensionPresent: true,
      vasopressorsInUse: ["norepinephrine", "epinephrine"],
    });
    expect(shocked.value).toBe(4);
    expect(shocked.reason).toContain("oxygenDevice not recorded (cannot change the result)");
  });
  it("needs the flow only for a nasal cannula that could change the grade", () => {
    const r = crs({ ...febrile, oxygenDevice: "nasal_cannula" });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing oxygenFlowLPerMin");
    expect(
      crs({
        ...febrile,
        oxygenDevice: "nasal_cannula",
        hypotensionPresent: true,
        vasopressorsInUse: ["dopamine"],
      }).value,
    ).toBe(3);
  });
  it("needs the vasopressor list when hypotension is present, unless hypoxia is grade 4", () => {
    expect(crs({ ...febrile, hypotensionPresent: true }).reason).toContain("missing vasopressorsInUse");
    expect(crs({ ...febrile, hypotensionPresent: true, oxygenDevice: "cpap" }).value).toBe(4);
  });
  it("a finding given as null is not assessed: needed when it could change the grade", () => {
    const r = crs({ ...febrile, hypotensionPresent: null, vasopressorsInUse: [] });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing hypotensionPresent");
    expect(crs({ ...febrile, hypotensionPresent: null, vasopressorsInUse: ["norepinephrine"] }).value).toBe(
      3,
    );
    expect(crs({ ...febrile, deathAttributableToCrs: null }).reason).toContain("deathAttributableToCrs");
  });
});

describe("CRS invalid inputs", () => {
  it("refuses contradictions and unknown codes, naming the field", () => {
    expect(() =>
      crs({ ...febrile, hypotensionPresent: false, vasopressorsInUse: ["norepinephrine"] }),
    ).toThrow(/vasopressorsInUse/);
    expect(() => crs({ ...febrile, oxygenDevice: "none", oxygenFlowLPerMin: 2 })).toThrow(
      /oxygenFlowLPerMin/,
    );
    expect(() =>
      crs({ ...febrile, hypotensionPresent: true, vasopressorsInUse: ["dopamine", "dopamine"] }),
    ).toThrow(/twice/);
    expect(() =>
      crs({ ...febrile, hypotensionPresent: true, vasopressorsInUse: ["milrinone" as "dopamine"] }),
    ).toThrow(/milrinone/);
    expect(() => crs({ ...febrile, temperatureMaxC: Number.NaN })).toThrow(/temperatureMaxC/);
    expect(() =>
      crs({ ...febrile, symptomsAttributableToOtherCause: true, deathAttributableToCrs: true }),
    ).toThrow(/contradiction|another cause/);
  });
});
