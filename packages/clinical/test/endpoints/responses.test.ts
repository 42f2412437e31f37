import { describe, expect, it } from "vitest";
import { bestOverallResponse, day90Response } from "../../src/endpoints/index.js";
import { day, patient } from "./patients.js";

// Best overall response (§A.6, §E.3) and day-90 response (§E.3, §D.4).
describe("best overall response", () => {
  it("the best category in the window: CMR over PMR", () => {
    const r = bestOverallResponse(
      patient({ responseD28: "PMR", responseD90: "CMR", lastContactDate: day(200) }),
    );
    expect(r).toMatchObject({
      response: "CMR",
      responder: true,
      date: day(90),
      studyDay: 90,
      source: "responseD90",
    });
    expect(r.reason).toContain("best of 2 assessments from day 1 to day 180 (ends at day +180)");
  });

  it("CT categories rank alongside; a PET-CT category wins an equal rank", () => {
    expect(
      bestOverallResponse(patient({ responseD28: "SD", assessments: [{ date: day(60), response: "PR" }] })),
    ).toMatchObject({ response: "PR", studyDay: 60 });
    expect(bestOverallResponse(patient({ responseD28: "CR", responseD90: "CMR" }))).toMatchObject({
      response: "CMR",
      studyDay: 90,
    });
    expect(bestOverallResponse(patient({ responseD28: "NMR", responseD90: "SD" }))).toMatchObject({
      response: "NMR",
      studyDay: 28,
      responder: false,
    });
  });

  it("the window ends at progression: later scans do not count, the progression is PMD", () => {
    const p = patient({
      responseD28: "NMR",
      progressionDate: day(60),
      assessments: [{ date: day(120), response: "CMR" }],
    });
    expect(bestOverallResponse(p)).toMatchObject({ response: "NMR", studyDay: 28 });
    expect(bestOverallResponse(patient({ progressionDate: day(20) }))).toMatchObject({
      response: "PMD",
      source: "progressionDate",
      studyDay: 20,
    });
  });

  it("the window ends at new therapy, a scan that day included", () => {
    const p = patient({
      responseD28: "NMR",
      newTherapyDate: day(70),
      assessments: [
        { date: day(70), response: "PMR" },
        { date: day(71), response: "CMR" },
      ],
    });
    expect(bestOverallResponse(p)).toMatchObject({ response: "PMR", studyDay: 70 });
  });

  it("day +180 is in the window, day +181 is not; the end is an option", () => {
    const late = (d: number) =>
      patient({ responseD28: "PMR", assessments: [{ date: day(d), response: "CMR" }] });
    expect(bestOverallResponse(late(180))).toMatchObject({ response: "CMR", studyDay: 180 });
    expect(bestOverallResponse(late(181))).toMatchObject({ response: "PMR", studyDay: 28 });
    expect(bestOverallResponse(late(181), { windowEndDay: 365 })).toMatchObject({ response: "CMR" });
  });

  it("a scan on the infusion day is baseline, not response", () => {
    expect(
      bestOverallResponse(
        patient({ assessments: [{ date: day(0), response: "CMR" }], lastContactDate: day(10) }),
      ),
    ).toMatchObject({ response: null, missing: ["responseD28", "responseD90", "assessments"] });
  });

  it("death before any assessment is not evaluable, not imputed", () => {
    const r = bestOverallResponse(patient({ deathDate: day(12), deathCause: "CRS" }));
    expect(r).toMatchObject({ response: null, responder: null, missing: [] });
    expect(r.reason).toContain("not evaluable");
    // The coded day-90 PMD of a patient dead before day 90 is not a scan.
    expect(
      bestOverallResponse(patient({ responseD28: "PMR", responseD90: "PMD", deathDate: day(50) })),
    ).toMatchObject({ response: "PMR" });
  });

  it("refuses a window end that is not a whole number of days", () => {
    expect(() => bestOverallResponse(patient({ responseD28: "CMR" }), { windowEndDay: -1 })).toThrow(
      /option windowEndDay/,
    );
    expect(() => day90Response(patient({ responseD90: "CMR" }), { windowDays: 1.5 })).toThrow(
      /option windowDays/,
    );
  });

  it("needs infusionDate", () => {
    expect(bestOverallResponse({ responseD28: "CMR" })).toMatchObject({
      response: null,
      missing: ["infusionDate"],
    });
  });
});

describe("day-90 response", () => {
  const scanOn = (d: number) =>
    patient({ assessments: [{ date: day(d), response: "CMR" }], lastContactDate: day(200) });

  it("window edges: day 76 and day 104 are in, day 75 and day 105 are out", () => {
    expect(day90Response(scanOn(76))).toMatchObject({ response: "CMR", studyDay: 76 });
    expect(day90Response(scanOn(104))).toMatchObject({ response: "CMR", studyDay: 104 });
    const out = day90Response(scanOn(105));
    expect(out).toMatchObject({ response: null, missing: ["responseD90"] });
    expect(out.reason).toContain("no scan from day 76 to day 104");
    expect(day90Response(scanOn(75))).toMatchObject({ response: null });
    expect(day90Response(scanOn(105), { windowDays: 15 })).toMatchObject({ response: "CMR" });
  });

  it("an undated day-90 response sits on day 90", () => {
    expect(day90Response(patient({ responseD90: "PMR" }))).toMatchObject({
      response: "PMR",
      responder: true,
      studyDay: 90,
      source: "responseD90",
    });
  });

  it("the scan nearest day 90 counts; the earlier one on a tie", () => {
    const p = (a: number, b: number) =>
      patient({
        assessments: [
          { date: day(a), response: "PMR" },
          { date: day(b), response: "CMR" },
        ],
      });
    expect(day90Response(p(80, 93))).toMatchObject({ response: "CMR", studyDay: 93 });
    expect(day90Response(p(85, 95))).toMatchObject({ response: "PMR", studyDay: 85 });
  });

  it("progressed or dead before day 90: PMD, never missing", () => {
    const progressed = day90Response(patient({ progressionDate: day(89) }));
    expect(progressed).toMatchObject({
      response: "PMD",
      responder: false,
      studyDay: 89,
      source: "progressionDate",
    });
    expect(progressed.reason).toContain("before day 90, non-responder");
    expect(day90Response(patient({ deathDate: day(89), deathCause: "infection" }))).toMatchObject({
      response: "PMD",
      source: "deathDate",
    });
    // The day-28 CMR does not rescue a patient who died before day 90.
    expect(day90Response(patient({ responseD28: "CMR", deathDate: day(60) }))).toMatchObject({
      response: "PMD",
    });
  });

  it("progression or death on day 90 and after: a progression in the window is a PMD scan that day", () => {
    const scanAndProgression = (progression: number) =>
      patient({ responseD90: "PMR", responseD90Date: day(80), progressionDate: day(progression) });
    // Progression on day 100 and the day-80 scan are equally far from day 90: the earlier one counts.
    expect(day90Response(scanAndProgression(100))).toMatchObject({ response: "PMR", studyDay: 80 });
    expect(day90Response(scanAndProgression(95))).toMatchObject({ response: "PMD", studyDay: 95 });
    expect(day90Response(scanAndProgression(110))).toMatchObject({ response: "PMR", studyDay: 80 });
    expect(day90Response(patient({ progressionDate: day(90) }))).toMatchObject({
      response: "PMD",
      studyDay: 90,
      source: "progressionDate",
    });
    // Death inside the window without a scan is a non-responder; after the window it leaves the response missing.
    expect(day90Response(patient({ deathDate: day(95) }))).toMatchObject({
      response: "PMD",
      source: "deathDate",
    });
    expect(day90Response(patient({ deathDate: day(105), lastDiseaseAssessmentDate: day(28) }))).toMatchObject(
      {
        response: null,
        missing: ["responseD90"],
      },
    );
  });

  it("a scan after the start of new therapy is not the CAR-T day-90 response", () => {
    const r = day90Response(patient({ newTherapyDate: day(70), responseD90: "CMR" }));
    expect(r).toMatchObject({ response: null, missing: ["responseD90"] });
    expect(r.reason).toContain("before new therapy");
  });

  it("needs infusionDate", () => {
    expect(day90Response({ responseD90: "CMR" })).toMatchObject({
      response: null,
      missing: ["infusionDate"],
    });
  });
});
