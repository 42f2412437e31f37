import { describe, expect, it } from "vitest";
import { competingRisks, DAYS_PER_MONTH, pfs } from "../../src/endpoints/index.js";
import { APHERESIS, day, patient } from "./patients.js";

// clinical-reference.md §E.3 (PFS), on hand-made patients with the days counted by hand.
describe("PFS events", () => {
  it("progression: Jan 10 → Apr 9 2024 is 90 days (through 29 February)", () => {
    const r = pfs(patient({ progressionDate: "2024-04-09", lastDiseaseAssessmentDate: "2024-04-09" }));
    expect(r).toMatchObject({ timeDays: 90, event: 1, endDate: "2024-04-09", excluded: false });
    expect(r.timeMonths).toBeCloseTo(90 / 30.4375, 12);
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(r.reason).toBe("event: progression on 2024-04-09 (day 90)");
  });

  it("death without progression is an event", () => {
    const r = pfs(patient({ deathDate: "2024-03-01", lastDiseaseAssessmentDate: "2024-02-07" }));
    expect(r).toMatchObject({ timeDays: 51, event: 1 });
    expect(r.reason).toContain("event: death without progression on 2024-03-01");
  });

  it("death after progression: the event is the progression", () => {
    const r = pfs(patient({ progressionDate: day(60), deathDate: day(120) }));
    expect(r).toMatchObject({ timeDays: 60, event: 1 });
    expect(r.reason).toContain("progression");
  });

  it("progression and death on one day: progression then death", () => {
    const r = pfs(patient({ progressionDate: day(45), deathDate: day(45) }));
    expect(r).toMatchObject({ timeDays: 45, event: 1 });
    expect(r.reason).toBe(`event: progression on ${day(45)} with death the same day (day 45)`);
    expect(competingRisks(patient({ progressionDate: day(45), deathDate: day(45) }))).toMatchObject({
      timeDays: 45,
      event: 1,
    });
  });

  it("death from lymphoma without a progression date is still a PFS event, flagged", () => {
    const r = pfs(patient({ deathDate: day(70), deathCause: "progression" }));
    expect(r).toMatchObject({ timeDays: 70, event: 1 });
    expect(r.reason).toContain("no progressionDate recorded");
  });
});

describe("PFS censoring", () => {
  it("at the last adequate disease assessment", () => {
    const r = pfs(patient({ lastDiseaseAssessmentDate: "2025-03-01", lastContactDate: "2025-04-01" }));
    expect(r).toMatchObject({ timeDays: 416, event: 0, endDate: "2025-03-01" });
    expect(r.reason).toBe("censored at last adequate disease assessment 2025-03-01 (day 416)");
  });

  it("a death after a long gap is still the event, not censored at the last assessment", () => {
    expect(pfs(patient({ lastDiseaseAssessmentDate: day(90), deathDate: day(400) }))).toMatchObject({
      timeDays: 400,
      event: 1,
    });
  });

  it("at time zero when the last adequate assessment precedes it", () => {
    const r = pfs(patient({ lastDiseaseAssessmentDate: day(-20) }));
    expect(r).toMatchObject({ timeDays: 0, event: 0, endDate: day(0) });
    expect(r.reason).toContain("censored at time zero");
  });

  it("new therapy without progression: censored at its start (default)", () => {
    const p = patient({
      newTherapyDate: day(100),
      progressionDate: day(150),
      lastDiseaseAssessmentDate: day(150),
    });
    const r = pfs(p);
    expect(r).toMatchObject({ timeDays: 100, event: 0 });
    expect(r.reason).toContain("censored at start of new anti-lymphoma therapy without progression");
  });

  it("new therapy without progression: an event in the sensitivity analysis", () => {
    const p = patient({
      newTherapyDate: day(100),
      progressionDate: day(150),
      lastDiseaseAssessmentDate: day(150),
    });
    const r = pfs(p, { newTherapy: "event" });
    expect(r).toMatchObject({ timeDays: 100, event: 1 });
    expect(r.reason).toContain("newTherapy: event");
  });

  it("new therapy followed through when ignored: the later progression counts", () => {
    const p = patient({
      newTherapyDate: day(100),
      progressionDate: day(150),
      lastDiseaseAssessmentDate: day(150),
    });
    expect(pfs(p, { newTherapy: "ignore" })).toMatchObject({ timeDays: 150, event: 1 });
  });

  it("new therapy after progression, or on the day of it, does not censor", () => {
    expect(pfs(patient({ progressionDate: day(80), newTherapyDate: day(95) }))).toMatchObject({
      timeDays: 80,
      event: 1,
    });
    expect(pfs(patient({ progressionDate: day(80), newTherapyDate: day(80) }))).toMatchObject({
      timeDays: 80,
      event: 1,
    });
  });

  it("death on the day new therapy starts: the event is kept", () => {
    expect(pfs(patient({ newTherapyDate: day(30), deathDate: day(30) }))).toMatchObject({
      timeDays: 30,
      event: 1,
    });
  });

  it("consolidative transplant in response: censored at transplant (default)", () => {
    const p = patient({
      consolidativeTransplant: "allogeneic",
      consolidativeTransplantDate: day(120),
      progressionDate: day(300),
    });
    const r = pfs(p);
    expect(r).toMatchObject({ timeDays: 120, event: 0 });
    expect(r.reason).toContain("censored at consolidative transplant (allogeneic) in response");
    expect(pfs(p, { consolidativeTransplant: "ignore" })).toMatchObject({ timeDays: 300, event: 1 });
  });

  it("transplant after progression is not consolidative and does not censor", () => {
    const p = patient({
      consolidativeTransplant: "autologous",
      consolidativeTransplantDate: day(200),
      progressionDate: day(150),
    });
    expect(pfs(p)).toMatchObject({ timeDays: 150, event: 1 });
  });

  it("earliest censoring intervention wins: transplant before new therapy", () => {
    const p = patient({
      consolidativeTransplant: "autologous",
      consolidativeTransplantDate: day(90),
      newTherapyDate: day(200),
      lastDiseaseAssessmentDate: day(300),
    });
    expect(pfs(p)).toMatchObject({ timeDays: 90, event: 0 });
    expect(pfs(p, { consolidativeTransplant: "ignore" })).toMatchObject({ timeDays: 200, event: 0 });
    expect(pfs(p, { consolidativeTransplant: "ignore", newTherapy: "ignore" })).toMatchObject({
      timeDays: 300,
      event: 0,
    });
  });
});

describe("PFS time zero: mITT (infusion) and ITT (leukapheresis)", () => {
  it("ITT adds the 35 days from leukapheresis to infusion", () => {
    const p = patient({ progressionDate: day(60) });
    expect(pfs(p)).toMatchObject({ timeDays: 60, timeZero: "infusion", timeZeroDate: "2024-01-10" });
    expect(pfs(p, { timeZero: "apheresis" })).toMatchObject({
      timeDays: 95,
      timeZero: "apheresis",
      timeZeroDate: APHERESIS,
    });
  });

  it("a patient never infused counts in ITT and is not computed in mITT", () => {
    const p = { apheresisDate: APHERESIS, progressionDate: "2024-01-05", deathDate: "2024-02-20" };
    expect(pfs(p, { timeZero: "apheresis" })).toMatchObject({ timeDays: 30, event: 1 });
    const m = pfs(p);
    expect(m).toMatchObject({ timeDays: null, event: null, excluded: false, missing: ["infusionDate"] });
    expect(m.reason).toContain("infusionDate");
  });

  it("progression during bridging: an ITT event, not determinable from infusion", () => {
    const p = patient({ progressionDate: day(-10), lastDiseaseAssessmentDate: day(90) });
    expect(pfs(p, { timeZero: "apheresis" })).toMatchObject({ timeDays: 25, event: 1 });
    const m = pfs(p);
    expect(m).toMatchObject({ timeDays: null, missing: ["progressionDate"] });
    expect(m.reason).toContain("precedes time zero (infusionDate 2024-01-10)");
  });

  it("ITT without an apheresis date is not computed, naming the field", () => {
    const r = pfs({ infusionDate: "2024-01-10", progressionDate: day(10) }, { timeZero: "apheresis" });
    expect(r).toMatchObject({ timeDays: null, missing: ["apheresisDate"] });
    expect(r.reason).toContain("apheresisDate");
  });
});

describe("PFS missing data and contradictions", () => {
  it("no event and no last adequate assessment: null, naming the field", () => {
    const r = pfs(patient({ lastContactDate: day(200) }));
    expect(r).toMatchObject({
      timeDays: null,
      timeMonths: null,
      event: null,
      missing: ["lastDiseaseAssessmentDate"],
    });
    expect(r.reason).toContain("lastDiseaseAssessmentDate");
  });

  it("the last assessment is not needed when an event is recorded", () => {
    expect(pfs(patient({ progressionDate: day(33) }))).toMatchObject({ timeDays: 33, event: 1 });
  });

  it("a transplant without its date: null when it would censor, ignored otherwise", () => {
    const p = patient({ consolidativeTransplant: "autologous", lastDiseaseAssessmentDate: day(200) });
    expect(pfs(p)).toMatchObject({ timeDays: null, missing: ["consolidativeTransplantDate"] });
    expect(pfs(p, { consolidativeTransplant: "ignore" })).toMatchObject({ timeDays: 200, event: 0 });
  });

  it("death before infusion is refused naming both fields", () => {
    expect(() => pfs(patient({ deathDate: "2024-01-05" }))).toThrow(RangeError);
    expect(() => pfs(patient({ deathDate: "2024-01-05" }))).toThrow(
      /deathDate 2024-01-05 .*infusionDate 2024-01-10/,
    );
  });

  it("progression after death is refused naming both fields", () => {
    expect(() => pfs(patient({ progressionDate: day(50), deathDate: day(40) }))).toThrow(
      `deathDate ${day(40)} is before progressionDate ${day(50)}`,
    );
  });

  it("an impossible calendar date is refused naming the field", () => {
    expect(() => pfs(patient({ progressionDate: "2023-02-29" }))).toThrow(/progressionDate must be a date/);
    expect(() => pfs(patient({ lastContactDate: "01/02/2024" }))).toThrow(/lastContactDate/);
  });

  it("an assessment after death, a transplant coded none with a date, an unknown code", () => {
    expect(() => pfs(patient({ deathDate: day(40), lastDiseaseAssessmentDate: day(41) }))).toThrow(
      /deathDate .*lastDiseaseAssessmentDate/,
    );
    expect(() =>
      pfs(patient({ consolidativeTransplant: "none", consolidativeTransplantDate: day(90) })),
    ).toThrow(/consolidativeTransplantDate .*consolidativeTransplant is none/);
    expect(() => pfs(patient({ deathDate: day(40), deathCause: "old_age" }))).toThrow(
      /deathCause must be one of/,
    );
  });

  it("an unknown option value is refused naming the option", () => {
    // @ts-expect-error: value outside the option's type, as a JSON caller could send it
    expect(() => pfs(patient({ progressionDate: day(5) }), { newTherapy: "exclude" })).toThrow(
      /option newTherapy/,
    );
    // @ts-expect-error: as above
    expect(() => pfs(patient({ progressionDate: day(5) }), { timeZero: "decision" })).toThrow(
      /option timeZero/,
    );
  });
});
