import { describe, expect, it } from "vitest";
import { durationOfResponse } from "../../src/endpoints/index.js";
import { day, patient } from "./patients.js";

// clinical-reference.md §E.3 (DOR): responders, first CR/PR → progression or death.
describe("duration of response", () => {
  it("counts from the nominal day-28 response to progression", () => {
    const r = durationOfResponse(
      patient({ responseD28: "PMR", responseD90: "CMR", progressionDate: day(200) }),
    );
    expect(r).toMatchObject({ timeDays: 172, event: 1, timeZero: "first_response", timeZeroDate: day(28) });
    expect(r.reason).toBe(
      `first response PMR on ${day(28)} (responseD28, nominal date); event: progression on ${day(200)} (day 172)`,
    );
  });

  it("a recorded scan date replaces the nominal day", () => {
    const r = durationOfResponse(
      patient({ responseD28: "CMR", responseD28Date: day(31), progressionDate: day(200) }),
    );
    expect(r).toMatchObject({ timeDays: 169, timeZeroDate: day(31) });
  });

  it("the first response can come at day 90, or from any dated assessment", () => {
    expect(
      durationOfResponse(
        patient({ responseD28: "NMR", responseD90: "PR", lastDiseaseAssessmentDate: day(365) }),
      ),
    ).toMatchObject({ timeDays: 275, event: 0, timeZeroDate: day(90) });
    expect(
      durationOfResponse(
        patient({
          responseD28: "NMR",
          assessments: [{ date: day(60), response: "PMR" }],
          progressionDate: day(150),
        }),
      ),
    ).toMatchObject({ timeDays: 90, event: 1, timeZeroDate: day(60) });
  });

  it("death without progression: an event by default, censored at death when declared", () => {
    const p = patient({ responseD28: "CMR", deathDate: day(100), deathCause: "infection" });
    expect(durationOfResponse(p)).toMatchObject({ timeDays: 72, event: 1 });
    const censored = durationOfResponse(p, { deathWithoutProgression: "censor" });
    expect(censored).toMatchObject({ timeDays: 72, event: 0 });
    expect(censored.reason).toContain("deathWithoutProgression: censor");
  });

  it("a death from lymphoma stays an event when non-progression deaths are censored", () => {
    const p = patient({ responseD28: "CMR", deathDate: day(100), deathCause: "progression" });
    expect(durationOfResponse(p, { deathWithoutProgression: "censor" })).toMatchObject({ event: 1 });
  });

  it("censoring follows PFS: new therapy, transplant, last adequate assessment", () => {
    const base = { responseD28: "PMR" as const, lastDiseaseAssessmentDate: day(300) };
    expect(durationOfResponse(patient({ ...base, newTherapyDate: day(150) }))).toMatchObject({
      timeDays: 122,
      event: 0,
    });
    expect(
      durationOfResponse(patient({ ...base, newTherapyDate: day(150) }), { newTherapy: "event" }),
    ).toMatchObject({ timeDays: 122, event: 1 });
    const transplanted = patient({
      ...base,
      consolidativeTransplant: "allogeneic",
      consolidativeTransplantDate: day(100),
    });
    expect(durationOfResponse(transplanted)).toMatchObject({ timeDays: 72, event: 0 });
    expect(durationOfResponse(transplanted, { consolidativeTransplant: "ignore" })).toMatchObject({
      timeDays: 272,
      event: 0,
    });
  });

  it("non-responders are excluded from the DOR population", () => {
    const r = durationOfResponse(
      patient({ responseD28: "NMR", responseD90: "PMD", progressionDate: day(85) }),
    );
    expect(r).toMatchObject({ excluded: true, timeDays: null });
    expect(r.reason).toContain("not a responder (responseD28 NMR)");
    expect(durationOfResponse(patient({ progressionDate: day(20) })).excluded).toBe(true);
  });

  it("a response on the day of progression, after new therapy, or before infusion does not count", () => {
    expect(
      durationOfResponse(
        patient({ assessments: [{ date: day(40), response: "PR" }], progressionDate: day(40) }),
      ).excluded,
    ).toBe(true);
    expect(
      durationOfResponse(
        patient({ newTherapyDate: day(50), assessments: [{ date: day(60), response: "CMR" }] }),
      ).excluded,
    ).toBe(true);
    expect(
      durationOfResponse(patient({ assessments: [{ date: day(-8), response: "PMR" }], deathDate: day(20) }))
        .excluded,
    ).toBe(true);
  });

  it("no response recorded at all: null naming the response fields", () => {
    const r = durationOfResponse(patient({ lastContactDate: day(100) }));
    expect(r).toMatchObject({
      excluded: false,
      timeDays: null,
      missing: ["responseD28", "responseD90", "assessments"],
    });
  });

  it("a responder alive without a last adequate assessment: null naming it", () => {
    expect(durationOfResponse(patient({ responseD28: "CMR" }))).toMatchObject({
      timeDays: null,
      missing: ["lastDiseaseAssessmentDate"],
    });
  });

  it("a last assessment recorded before the nominal response day censors at the response", () => {
    const r = durationOfResponse(patient({ responseD90: "CMR", lastDiseaseAssessmentDate: day(86) }));
    expect(r).toMatchObject({ timeDays: 0, event: 0 });
    expect(r.reason).toContain("censored at time zero");
  });

  it("needs infusionDate; refuses contradictory response records", () => {
    expect(durationOfResponse({ responseD28: "CMR", responseD28Date: "2024-02-01" })).toMatchObject({
      missing: ["infusionDate"],
    });
    expect(() => durationOfResponse(patient({ responseD90: "CMR", deathDate: day(60) }))).toThrow(
      /responseD90 CMR at its nominal day \+90 is after deathDate/,
    );
    expect(() => durationOfResponse(patient({ responseD28Date: day(30) }))).toThrow(
      /responseD28Date .* but responseD28 is missing/,
    );
    expect(() =>
      durationOfResponse(patient({ responseD28: "CMR", assessments: [{ date: day(28), response: "PMR" }] })),
    ).toThrow(/different responses on the same day/);
  });
});
