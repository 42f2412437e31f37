import { describe, expect, it } from "vitest";
import { competingRisks, landmarkNominalDay, os, pfs } from "../../src/endpoints/index.js";
import { day, patient } from "./patients.js";

describe("landmarks", () => {
  it("an event before the landmark excludes the patient", () => {
    const r = pfs(patient({ progressionDate: day(20) }), { landmarkDays: 28 });
    expect(r).toMatchObject({ excluded: true, timeDays: null, event: null, landmarkDay: 28 });
    expect(r.reason).toBe(`excluded at landmark day 28: event: progression on ${day(20)} (day 20)`);
  });

  it("censoring before the landmark excludes the patient", () => {
    const r = os(patient({ lastContactDate: day(5) }), { landmarkDays: 7 });
    expect(r.excluded).toBe(true);
    expect(r.reason).toContain("censored at last contact alive");
  });

  it("time counts from the landmark", () => {
    const r = pfs(patient({ progressionDate: day(100) }), { landmarkDays: 28 });
    expect(r).toMatchObject({ excluded: false, timeDays: 72, event: 1, endDate: day(100), landmarkDay: 28 });
    expect(r.timeMonths).toBeCloseTo(72 / 30.4375, 12);
    expect(r.reason).toContain(`time from landmark day 28 (${day(28)})`);
  });

  it("an event on the landmark day stays in with time 0", () => {
    expect(os(patient({ deathDate: day(7) }), { landmarkDays: 7 })).toMatchObject({
      excluded: false,
      timeDays: 0,
      event: 1,
    });
  });

  it("landmark 0 changes nothing but the reason", () => {
    const p = patient({ deathDate: day(3) });
    expect(os(p, { landmarkDays: 0 })).toMatchObject({ timeDays: 3, event: 1, landmarkDay: 0 });
    expect(os(p)).toMatchObject({ timeDays: 3, event: 1, landmarkDay: null });
  });

  it("named landmarks take their nominal day from the dictionary", () => {
    expect(landmarkNominalDay("infusion")).toBe(0);
    expect(landmarkNominalDay("day7")).toBe(7);
    expect(landmarkNominalDay("day28")).toBe(28);
    expect(landmarkNominalDay("lymphodepletion")).toBe(-5);
    expect(landmarkNominalDay("followup")).toBeNull();
    const p = patient({ progressionDate: day(100) });
    expect(pfs(p, { landmarkDays: "day28" })).toMatchObject({ timeDays: 72, landmarkDay: 28 });
    expect(pfs(p, { landmarkDays: "day7" })).toMatchObject({ timeDays: 93, landmarkDay: 7 });
    expect(pfs(p, { landmarkDays: "infusion" })).toMatchObject({ timeDays: 100, landmarkDay: 0 });
  });

  it("competing risks at a landmark: NRM before it excludes, after it counts from it", () => {
    expect(competingRisks(patient({ deathDate: day(15) }), { landmarkDays: "day28" }).excluded).toBe(true);
    expect(competingRisks(patient({ deathDate: day(40) }), { landmarkDays: "day28" })).toMatchObject({
      timeDays: 12,
      event: 2,
    });
  });

  it("an ITT landmark counts from leukapheresis", () => {
    const p = patient({ progressionDate: day(20) });
    expect(pfs(p, { timeZero: "apheresis", landmarkDays: 28 })).toMatchObject({ timeDays: 27, event: 1 });
    expect(pfs(p, { timeZero: "apheresis", landmarkDays: 60 }).excluded).toBe(true);
  });

  it("landmarks no analysis could mean are refused", () => {
    const p = patient({ progressionDate: day(100) });
    expect(() => pfs(p, { landmarkDays: "lymphodepletion" })).toThrow(/day -5, before time zero/);
    expect(() => pfs(p, { landmarkDays: "followup" })).toThrow(/no nominal day/);
    expect(() => pfs(p, { landmarkDays: "day28", timeZero: "apheresis" })).toThrow(
      /give the landmark in days/,
    );
    expect(() => pfs(p, { landmarkDays: -7 })).toThrow(/landmarkDays must be a whole number/);
    expect(() => pfs(p, { landmarkDays: 7.5 })).toThrow(/landmarkDays must be a whole number/);
    // @ts-expect-error: not a landmark name
    expect(() => pfs(p, { landmarkDays: "day90" })).toThrow(
      /landmarkDays must be a number of days or one of/,
    );
  });

  it("a missing result stays missing at a landmark", () => {
    expect(pfs(patient({}), { landmarkDays: 28 })).toMatchObject({
      excluded: false,
      timeDays: null,
      missing: ["lastDiseaseAssessmentDate"],
    });
  });
});
