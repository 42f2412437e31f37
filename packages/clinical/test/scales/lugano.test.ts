import { describe, expect, it } from "vitest";
import {
  type LuganoCtInput,
  type LuganoPetInput,
  luganoCt,
  luganoLesion,
  luganoPet,
  sumOfProductDiameters,
} from "../../src/scales/lugano.js";

// Worked examples and rules: clinical-reference.md §B.4 (Cheson 2014).
const clean: LuganoPetInput = { boneMarrowPet: "no_fdg_avid_disease" };

describe("Lugano metabolic response worked examples (§B.4)", () => {
  it("Deauville 2, no residual mass, marrow clean → CMR", () => {
    const r = luganoPet({ ...clean, highestDeauville: 2, residualMassOnCt: false });
    expect(r.value).toBe("CMR");
    expect(r.reason).toContain("Deauville 2");
  });
  it("day-90 Deauville 4 with uptake reduced vs baseline → PMR (residual disease)", () => {
    const r = luganoPet({ ...clean, highestDeauville: 4, uptakeChangeVsBaseline: "reduced" });
    expect(r.value).toBe("PMR");
    expect(r.reason).toContain("residual disease");
  });
  it("Deauville 4 in old nodes plus a new FDG-avid lung nodule attributed to lymphoma → PMD", () => {
    const r = luganoPet({
      ...clean,
      highestDeauville: 4,
      uptakeChangeVsBaseline: "reduced",
      newFdgAvidFociConsistentWithLymphoma: true,
    });
    expect(r.value).toBe("PMD");
    expect(r.reason).toContain("new FDG-avid foci");
  });
});

describe("Lugano metabolic response rules", () => {
  it.each([
    [3, "increased", "CMR"],
    [4, "increased", "PMD"],
    [5, "increased", "PMD"],
    [3, "no_significant_change", "CMR"],
    [4, "no_significant_change", "NMR"],
    [3, "reduced", "CMR"],
    [4, "reduced", "PMR"],
    [1, "reduced", "CMR"],
  ] as const)("Deauville %i with %s uptake → %s", (highestDeauville, uptakeChangeVsBaseline, response) => {
    expect(luganoPet({ ...clean, highestDeauville, uptakeChangeVsBaseline }).value).toBe(response);
  });
  it("marrow: new foci are PMD; residual reduced uptake makes Deauville 1–3 a PMR", () => {
    expect(luganoPet({ highestDeauville: 2, boneMarrowPet: "new_or_recurrent_fdg_avid_foci" }).value).toBe(
      "PMD",
    );
    expect(
      luganoPet({ highestDeauville: 2, boneMarrowPet: "residual_uptake_reduced_vs_baseline" }).value,
    ).toBe("PMR");
    expect(
      luganoPet({
        highestDeauville: 4,
        uptakeChangeVsBaseline: "no_significant_change",
        boneMarrowPet: "residual_uptake_reduced_vs_baseline",
      }).value,
    ).toBe("NMR");
  });
  it("new uptake scored X is not a new lesion; a residual mass does not prevent CMR", () => {
    const r = luganoPet({
      ...clean,
      highestDeauville: 3,
      newUptakeScoredXUnlikelyLymphoma: true,
      residualMassOnCt: true,
    });
    expect(r.value).toBe("CMR");
    expect(r.reason).toContain("scored X");
    expect(r.reason).toContain("residual mass");
  });
  it("a new FDG-avid focus is PMD even at Deauville 1", () => {
    expect(
      luganoPet({ ...clean, highestDeauville: 1, newFdgAvidFociConsistentWithLymphoma: true }).value,
    ).toBe("PMD");
  });
});

describe("Lugano metabolic response missing inputs", () => {
  it("the uptake change is needed only for Deauville 4–5", () => {
    expect(luganoPet({ ...clean, highestDeauville: 3 }).value).toBe("CMR");
    const r = luganoPet({ ...clean, highestDeauville: 4 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing uptakeChangeVsBaseline");
    expect(r.reason).toMatch(/PMR|NMR|PMD/);
  });
  it("the Deauville score is needed unless progression is certain", () => {
    expect(luganoPet(clean).reason).toContain("missing highestDeauville");
    expect(luganoPet({ ...clean, newFdgAvidFociConsistentWithLymphoma: true }).value).toBe("PMD");
  });
  it("the marrow finding is required: absent, it could turn a response into PMD", () => {
    const r = luganoPet({ highestDeauville: 2 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("boneMarrowPet");
  });
  it("refuses impossible values naming the field", () => {
    expect(() => luganoPet({ ...clean, highestDeauville: 6 })).toThrow(/highestDeauville/);
    expect(() =>
      luganoPet({ ...clean, highestDeauville: 4, uptakeChangeVsBaseline: "up" as "reduced" }),
    ).toThrow(/uptakeChangeVsBaseline/);
  });
});

describe("Lugano CT-based response", () => {
  const measured: LuganoCtInput = { spdBaselineMm2: 4000 };
  it("PR is an SPD decrease of at least 50 %, inclusive", () => {
    const pr = luganoCt({ ...measured, spdCurrentMm2: 2000 });
    expect(pr).toMatchObject({ value: "PR", spdChangePercent: -50 });
    expect(luganoCt({ ...measured, spdCurrentMm2: 2001 }).value).toBe("SD");
  });
  it("an SPD increase alone is stable disease: progression is per lesion", () => {
    const r = luganoCt({ ...measured, spdCurrentMm2: 5600 });
    expect(r).toMatchObject({ value: "SD", spdChangePercent: 40 });
    expect(r.reason).toContain("no progression criterion");
  });
  it("CR needs every target node ≤ 1.5 cm and no new lesion; SPD is then not needed", () => {
    const r = luganoCt({ allTargetNodesLdiLe15Mm: true });
    expect(r).toMatchObject({ value: "CR", spdChangePercent: null });
    expect(r.reason).toContain("spdBaselineMm2, spdCurrentMm2 not recorded");
  });
  it("a new node > 1.5 cm is PD; one of 1.5 cm is not, but excludes CR", () => {
    expect(
      luganoCt({ ...measured, spdCurrentMm2: 500, newLesions: true, newNodeLongestDiameterCm: 1.6 }).value,
    ).toBe("PD");
    const small = luganoCt({
      ...measured,
      spdCurrentMm2: 500,
      allTargetNodesLdiLe15Mm: true,
      newLesions: true,
      newNodeLongestDiameterCm: 1.5,
    });
    expect(small.value).toBe("PR");
    expect(small.reason).toContain("no CR");
  });
  it.each([
    ["anySingleLesionMeetsPpdProgression", "PPD"],
    ["spleenProgression", "splenic"],
    ["marrowNewInvolvement", "marrow"],
  ] as const)("%s is PD", (field, text) => {
    const r = luganoCt({ ...measured, spdCurrentMm2: 100, allTargetNodesLdiLe15Mm: true, [field]: true });
    expect(r.value).toBe("PD");
    expect(r.reason).toContain(text);
  });
  it("names what is missing", () => {
    const r = luganoCt({ spdBaselineMm2: 4000 });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("missing spdCurrentMm2");
    const sized = luganoCt({ ...measured, spdCurrentMm2: 1000, newLesions: true });
    expect(sized.value).toBeNull();
    expect(sized.reason).toContain("newNodeLongestDiameterCm");
    expect(luganoCt({ spleenProgression: true, newLesions: true }).value).toBe("PD");
  });
  it("refuses a new-node size without new lesions and a zero baseline", () => {
    expect(() => luganoCt({ ...measured, spdCurrentMm2: 1000, newNodeLongestDiameterCm: 2 })).toThrow(
      /newNodeLongestDiameterCm/,
    );
    expect(() => luganoCt({ spdBaselineMm2: 0, spdCurrentMm2: 0 })).toThrow(/spdBaselineMm2/);
  });
});

describe("Lugano single-lesion PPD progression rule", () => {
  it("LDi +0.5 cm from a nadir ≤ 2 cm counts despite binary floating point (1.7 − 1.2)", () => {
    const r = luganoLesion({ nadirLdiCm: 1.2, nadirSdiCm: 1.0, currentLdiCm: 1.7, currentSdiCm: 1.1 });
    expect(r).toMatchObject({ meetsProgression: true, value: "PD", nadirPpdCm2: 1.2 });
    expect(r.currentPpdCm2).toBeCloseTo(1.87, 10);
    expect(r.ppdIncreasePercent).toBeCloseTo(55.83, 2);
    expect(r.reason).toContain("LDi +0.5 cm");
  });
  it("needs LDi > 1.5 cm now", () => {
    const flat = { nadirLdiCm: 1.0, nadirSdiCm: 0.8 };
    expect(luganoLesion({ ...flat, currentLdiCm: 1.5, currentSdiCm: 1.5 }).meetsProgression).toBe(false);
    expect(luganoLesion({ ...flat, currentLdiCm: 1.6, currentSdiCm: 1.5 }).meetsProgression).toBe(true);
  });
  it("needs a PPD increase of at least 50 %", () => {
    const nadir = { nadirLdiCm: 2.0, nadirSdiCm: 1.0 };
    expect(luganoLesion({ ...nadir, currentLdiCm: 3.0, currentSdiCm: 1.0 })).toMatchObject({
      meetsProgression: true,
      ppdIncreasePercent: 50,
    });
    expect(luganoLesion({ ...nadir, currentLdiCm: 2.9, currentSdiCm: 1.0 }).meetsProgression).toBe(false);
  });
  it("needs +0.5 cm for a lesion ≤ 2 cm and +1.0 cm above 2 cm", () => {
    const big = { nadirLdiCm: 2.1, nadirSdiCm: 1.5 };
    expect(luganoLesion({ ...big, currentLdiCm: 2.9, currentSdiCm: 2.0 }).meetsProgression).toBe(false);
    expect(luganoLesion({ ...big, currentLdiCm: 3.1, currentSdiCm: 2.0 }).meetsProgression).toBe(true);
  });
  it("reads the size class at the nadir by default, at the current size as an option", () => {
    const lesion = { nadirLdiCm: 1.8, nadirSdiCm: 1.2, currentLdiCm: 2.4, currentSdiCm: 1.4 };
    expect(luganoLesion(lesion).meetsProgression).toBe(true);
    expect(luganoLesion(lesion, { sizeClassFrom: "current" }).meetsProgression).toBe(false);
  });
  it("regrowth from a resolved (0 × 0) nadir has no percentage but meets the rule", () => {
    const r = luganoLesion({ nadirLdiCm: 0, nadirSdiCm: 0, currentLdiCm: 1.8, currentSdiCm: 1.2 });
    expect(r).toMatchObject({ meetsProgression: true, ppdIncreasePercent: null, nadirPpdCm2: 0 });
    expect(r.reason).toContain("resolved");
  });
  it("missing measurements: null naming them, unless the current LDi already rules progression out", () => {
    const r = luganoLesion({ nadirLdiCm: 1.0, currentLdiCm: 2.0, currentSdiCm: 1.5 });
    expect(r.meetsProgression).toBeNull();
    expect(r.reason).toContain("nadirSdiCm");
    expect(luganoLesion({ currentLdiCm: 1.2 }).meetsProgression).toBe(false);
  });
  it("refuses a shortest diameter above the longest", () => {
    expect(() => luganoLesion({ nadirLdiCm: 1.0, nadirSdiCm: 1.2 })).toThrow(/nadirSdiCm/);
  });
});

describe("sum of the products of the diameters", () => {
  it("counts too-small lesions as 5 × 5 mm and vanished ones as 0 × 0", () => {
    expect(sumOfProductDiameters([{ ldiMm: 20, sdiMm: 15 }, "too_small_to_measure", "not_visible"])).toBe(
      325,
    );
  });
  it("takes at most six target lesions", () => {
    expect(() => sumOfProductDiameters(new Array(7).fill("not_visible"))).toThrow(/6/);
    expect(() => sumOfProductDiameters([{ ldiMm: 10, sdiMm: 12 }])).toThrow(/sdiMm/);
  });
});
