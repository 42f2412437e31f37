import { describe, expect, it } from "vitest";
import { simulateStudyTruth } from "../src/generate.js";
import { generateSyntheticStudy, serializeSyntheticStudy } from "../src/index.js";

describe("determinism", () => {
  it("gives the same text for the same seed and a different text for another seed", () => {
    const a = serializeSyntheticStudy(generateSyntheticStudy());
    const b = serializeSyntheticStudy(generateSyntheticStudy({ seed: 20260101 }));
    expect(a === b).toBe(true);
    const c = serializeSyntheticStudy(generateSyntheticStudy({ seed: 20260102 }));
    expect(a === c).toBe(false);
  });

  it("serialises canonically: one JSON record per line, independent of in-memory order", () => {
    const study = generateSyntheticStudy({ seed: 7, nThirdLinePlus: 40, nSecondLine: 30, nCenters: 5 });
    const text = serializeSyntheticStudy(study);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 5 + 70 + study.observations.length);
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ record: "study", format: "carta.synthetic-study", version: 1, seed: 7 });
    expect(header.parameters.options.nCenters).toBe(5);
    expect(JSON.parse(lines.at(-1)!).record).toBe("observation");
    for (const line of lines) {
      const keys = Object.keys(JSON.parse(line));
      expect(keys).toEqual([...keys].sort());
    }
    const shuffled = {
      ...study,
      centers: [...study.centers].reverse(),
      patients: [...study.patients].reverse(),
      observations: [...study.observations].reverse(),
    };
    expect(serializeSyntheticStudy(shuffled) === text).toBe(true);
  });

  it("keeps a cohort's patients unchanged when the other cohort's size changes (forked streams)", () => {
    const thirdLine = (nSecondLine: number) =>
      simulateStudyTruth({ nSecondLine, nThirdLinePlus: 200 })
        .patients.filter((p) => p.cohort === "3L+")
        .map((p) => JSON.stringify([p.base, p.infusionDay, p.followUp, p.toxicity]));
    expect(thirdLine(50)).toEqual(thirdLine(120));
  });

  it("refuses invalid options, naming them", () => {
    expect(() => generateSyntheticStudy({ nSecondLine: -1 })).toThrow(/nSecondLine/);
    expect(() => generateSyntheticStudy({ seed: 1.5 })).toThrow(/seed/);
    expect(() => generateSyntheticStudy({ dataCutoff: "2026-02-30" })).toThrow(/dataCutoff/);
    expect(() => generateSyntheticStudy({ dataCutoff: "2025-01-01" })).toThrow(/dataCutoff/);
    expect(() => generateSyntheticStudy({ nCenters: 0 })).toThrow(/nCenters/);
  });

  it("moves follow-up with the data cut-off", () => {
    const late = generateSyntheticStudy({
      seed: 3,
      nThirdLinePlus: 60,
      nSecondLine: 60,
      dataCutoff: "2028-12-31",
    });
    const lastContacts = late.observations
      .filter((o) => o.variable === "last_contact_date")
      .map((o) => o.value as string);
    expect(lastContacts.some((d) => d > "2026-10-31")).toBe(true);
    expect(lastContacts.every((d) => d <= "2028-12-31")).toBe(true);
  });
});
