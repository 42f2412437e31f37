import { describe, expect, it } from "vitest";
import { competingRisks, pfs } from "../../src/endpoints/index.js";
import { day, patient } from "./patients.js";

// clinical-reference.md §E.3 (NRM, CIR): status 0 censored, 1 relapse/progression, 2 NRM.
describe("relapse and non-relapse mortality", () => {
  it("progression is status 1", () => {
    const r = competingRisks(patient({ progressionDate: day(75), deathDate: day(160) }));
    expect(r).toMatchObject({ timeDays: 75, event: 1 });
    expect(r.reason).toContain("counted as relapse");
  });

  it("death without prior progression is status 2 (NRM)", () => {
    const r = competingRisks(patient({ deathDate: day(21), deathCause: "infection" }));
    expect(r).toMatchObject({ timeDays: 21, event: 2 });
    expect(r.reason).toContain("counted as NRM");
  });

  it("censored (0) at the last adequate disease assessment, like PFS", () => {
    const p = patient({ lastDiseaseAssessmentDate: day(365), lastContactDate: day(400) });
    expect(competingRisks(p)).toMatchObject({ timeDays: 365, event: 0 });
    expect(pfs(p)).toMatchObject({ timeDays: 365, event: 0 });
  });

  it("NRM after new therapy: censored at the therapy by default, counted when followed through", () => {
    const p = patient({ newTherapyDate: day(100), deathDate: day(130), deathCause: "infection" });
    expect(competingRisks(p)).toMatchObject({ timeDays: 100, event: 0 });
    expect(competingRisks(p, { newTherapy: "ignore" })).toMatchObject({ timeDays: 130, event: 2 });
  });

  it("transplant in response censors; ignored, a later relapse counts", () => {
    const p = patient({
      consolidativeTransplant: "autologous",
      consolidativeTransplantDate: day(110),
      progressionDate: day(250),
    });
    expect(competingRisks(p)).toMatchObject({ timeDays: 110, event: 0 });
    expect(competingRisks(p, { consolidativeTransplant: "ignore" })).toMatchObject({
      timeDays: 250,
      event: 1,
    });
  });

  it("death from lymphoma with no progression date: null naming progressionDate", () => {
    const r = competingRisks(patient({ deathDate: day(70), deathCause: "progression" }));
    expect(r).toMatchObject({ timeDays: null, event: null, missing: ["progressionDate"] });
  });

  it("ITT time zero", () => {
    expect(competingRisks(patient({ deathDate: day(10) }), { timeZero: "apheresis" })).toMatchObject({
      timeDays: 45,
      event: 2,
    });
  });

  it("new therapy cannot be a competing event", () => {
    // @ts-expect-error: "event" is not a competing-risks rule
    expect(() => competingRisks(patient({ deathDate: day(10) }), { newTherapy: "event" })).toThrow(
      /option newTherapy/,
    );
  });
});
