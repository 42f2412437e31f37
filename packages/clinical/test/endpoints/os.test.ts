import { describe, expect, it } from "vitest";
import { os } from "../../src/endpoints/index.js";
import { APHERESIS, day, patient } from "./patients.js";

// clinical-reference.md §E.3 (OS).
describe("OS", () => {
  it("death from any cause is the event", () => {
    const r = os(patient({ progressionDate: day(60), deathDate: "2024-06-01", deathCause: "progression" }));
    expect(r).toMatchObject({ timeDays: 143, event: 1, endDate: "2024-06-01" });
    expect(r.reason).toBe("event: death on 2024-06-01 (day 143)");
  });

  it("censored at the last contact alive", () => {
    const r = os(patient({ lastContactDate: "2025-01-10", lastDiseaseAssessmentDate: "2024-10-01" }));
    expect(r).toMatchObject({ timeDays: 366, event: 0 });
    expect(r.reason).toBe("censored at last contact alive 2025-01-10 (day 366)");
  });

  it("new therapy and transplant do not censor OS", () => {
    const p = patient({
      newTherapyDate: day(50),
      consolidativeTransplant: "allogeneic",
      consolidativeTransplantDate: day(40),
      deathDate: day(300),
    });
    expect(os(p)).toMatchObject({ timeDays: 300, event: 1 });
  });

  it("ITT counts from leukapheresis, including a patient never infused", () => {
    expect(os(patient({ deathDate: day(100) }), { timeZero: "apheresis" })).toMatchObject({ timeDays: 135 });
    const notInfused = { apheresisDate: APHERESIS, deathDate: "2023-12-26" };
    expect(os(notInfused, { timeZero: "apheresis" })).toMatchObject({ timeDays: 20, event: 1 });
    expect(os(notInfused)).toMatchObject({ timeDays: null, missing: ["infusionDate"] });
  });

  it("alive with no last contact: null naming lastContactDate", () => {
    const r = os(patient({ lastDiseaseAssessmentDate: day(90) }));
    expect(r).toMatchObject({ timeDays: null, event: null, missing: ["lastContactDate"] });
    expect(r.reason).toContain("lastContactDate");
  });

  it("death before infusion or leukapheresis is refused naming both fields", () => {
    expect(() => os(patient({ deathDate: "2024-01-09" }))).toThrow(
      /deathDate 2024-01-09 is before .*infusionDate/,
    );
    expect(() =>
      os({ apheresisDate: APHERESIS, deathDate: "2023-12-01" }, { timeZero: "apheresis" }),
    ).toThrow("deathDate 2023-12-01 is before apheresisDate 2023-12-06");
  });

  it("last contact before death is refused (the dictionary records last contact as the death date)", () => {
    expect(() => os(patient({ deathDate: day(100), lastContactDate: day(90) }))).toThrow(
      /lastContactDate .*deathDate/,
    );
  });
});
