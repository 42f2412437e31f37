import { describe, expect, it } from "vitest";
import { type IcansInput, icans } from "../../src/scales/icans.js";
import { iceDomainGrade, iceScore } from "../../src/scales/ice.js";

// Worked examples and domain boundaries: clinical-reference.md §B.2 (Lee 2019).
const calm = { levelOfConsciousness: "alert", seizure: "none", cerebralEdema: "none" } as const;

/** ICE items summing to `total` (orientation first, then naming, commands, writing, attention). */
function iceItems(total: number): IcansInput {
  const items = {
    orientationPoints: 0,
    namingPoints: 0,
    followsCommandsPoints: 0,
    writingPoints: 0,
    attentionPoints: 0,
  };
  let left = total;
  for (const [key, max] of [
    ["orientationPoints", 4],
    ["namingPoints", 3],
    ["followsCommandsPoints", 1],
    ["writingPoints", 1],
    ["attentionPoints", 1],
  ] as const) {
    items[key] = Math.min(max, left);
    left -= items[key];
  }
  return items;
}

describe("ICE and ICANS worked examples (§B.2)", () => {
  it("orientation 4, naming 3, commands 1, writing 0, attention 0 → ICE 8 → grade 1", () => {
    const r = icans({
      orientationPoints: 4,
      namingPoints: 3,
      followsCommandsPoints: 1,
      writingPoints: 0,
      attentionPoints: 0,
      ...calm,
    });
    expect(r.ice.value).toBe(8);
    expect(r.value).toBe(1);
    expect(r.reason).toContain("ICE 8");
  });
  it("2+2+1+0+0 = ICE 5 and awakens to voice → domains 2 and 2 → grade 2", () => {
    const r = icans({
      orientationPoints: 2,
      namingPoints: 2,
      followsCommandsPoints: 1,
      writingPoints: 0,
      attentionPoints: 0,
      ...calm,
      levelOfConsciousness: "awakens_to_voice",
    });
    expect(r.ice.value).toBe(5);
    expect(r.domains).toMatchObject({ ice: 2, consciousness: 2 });
    expect(r.value).toBe(2);
    expect(r.reason).toMatch(/ICE 5.*awakens to voice/);
  });
  it("ICE 6 (3+2+1+0+0) plus a brief generalised seizure that resolved → grade 3", () => {
    const r = icans({
      orientationPoints: 3,
      namingPoints: 2,
      followsCommandsPoints: 1,
      writingPoints: 0,
      attentionPoints: 0,
      ...calm,
      seizure: "focal_or_generalized_resolving_rapidly",
    });
    expect(r.ice.value).toBe(6);
    expect(r.value).toBe(3);
    expect(r.reason).toContain("seizure");
  });
});

describe("ICE domain boundaries", () => {
  it.each([
    [10, 0],
    [9, 1],
    [7, 1],
    [6, 2],
    [3, 2],
    [2, 3],
    [0, 3],
  ])("ICE %i → grade %i", (ice, grade) => {
    expect(iceDomainGrade(ice)).toBe(grade);
    expect(icans({ ...iceItems(ice), ...calm }).value).toBe(grade);
  });
  it("unarousable: items null, ICE 0, grade 4", () => {
    const r = icans({
      patientUnarousable: true,
      levelOfConsciousness: "unarousable_or_coma",
      seizure: "none",
      cerebralEdema: "none",
    });
    expect(r.ice).toMatchObject({ value: 0, mode: "unarousable" });
    expect(r.value).toBe(4);
    expect(r.reason).toContain("unarousable");
  });
  it("global aphasia while awake: ICE 0 but grade 3, not 4", () => {
    const r = icans({ globalAphasiaWhileAwake: true, ...calm });
    expect(r.ice).toMatchObject({ value: 0, mode: "global_aphasia" });
    expect(r.value).toBe(3);
    expect(r.reason).toContain("global aphasia");
    expect(icans({ ...iceItems(0), globalAphasiaWhileAwake: true, ...calm }).value).toBe(3);
  });
});

describe("ICANS other domains", () => {
  const ice10 = iceItems(10);
  it.each([
    ["alert", 0],
    ["awakens_spontaneously", 1],
    ["awakens_to_voice", 2],
    ["awakens_to_tactile_stimulus", 3],
  ] as const)("consciousness %s → %i", (levelOfConsciousness, grade) => {
    expect(icans({ ...ice10, ...calm, levelOfConsciousness }).value).toBe(grade);
  });
  it("unarousable or coma is grade 4 and makes the ICE items not assessable", () => {
    const r = icans({ ...calm, levelOfConsciousness: "unarousable_or_coma" });
    expect(r).toMatchObject({ value: 4, ice: { value: 0 } });
  });
  it.each([
    ["none", 0],
    ["focal_or_generalized_resolving_rapidly", 3],
    ["nonconvulsive_on_eeg_resolving_with_intervention", 3],
    ["prolonged_gt_5min_or_repetitive_without_return_to_baseline", 4],
  ] as const)("seizure %s → %i", (seizure, grade) => {
    expect(icans({ ...ice10, ...calm, seizure }).value).toBe(grade);
  });
  it.each([
    ["none", 0],
    ["focal_local_on_imaging", 3],
    ["diffuse_or_posturing_or_cn6_palsy_or_papilledema_or_cushing_triad", 4],
  ] as const)("cerebral oedema %s → %i", (cerebralEdema, grade) => {
    expect(icans({ ...ice10, ...calm, cerebralEdema }).value).toBe(grade);
  });
  it("deep focal motor weakness is grade 4; death from ICANS grade 5", () => {
    expect(icans({ ...ice10, ...calm, deepFocalMotorWeakness: true }).value).toBe(4);
    expect(icans({ ...ice10, ...calm, deathAttributableToIcans: true }).value).toBe(5);
  });
  it("ICE 10 with no other finding is grade 0", () => {
    const r = icans({ ...ice10, ...calm });
    expect(r.value).toBe(0);
    expect(r.reason).toContain("ICANS grade 0: ICE 10, alert");
  });
});

describe("ICANS missing inputs", () => {
  it("an ICE item not assessed in an awake patient leaves ICE null and names the item", () => {
    const r = icans({ ...iceItems(10), attentionPoints: null, ...calm });
    expect(r.ice.value).toBeNull();
    expect(r.value).toBeNull();
    expect(r.reason).toContain("attentionPoints");
    expect(iceScore({ ...iceItems(10), attentionPoints: null }).possible).toEqual([9, 10]);
  });
  it("a missing item that cannot change the grade is not needed", () => {
    // 4 + 3 + 0 + 0 = 7 with attention unknown: ICE 7 or 8, grade 1 either way
    const r = icans({
      orientationPoints: 4,
      namingPoints: 3,
      followsCommandsPoints: 0,
      writingPoints: 0,
      ...calm,
    });
    expect(r.value).toBe(1);
    expect(r.ice.value).toBeNull();
    expect(r.reason).toContain("attentionPoints");
  });
  it("another domain at grade 4 settles the grade without the ICE", () => {
    const r = icans({ ...calm, seizure: "prolonged_gt_5min_or_repetitive_without_return_to_baseline" });
    expect(r.value).toBe(4);
    expect(r.ice.value).toBeNull();
  });
  it("names the level of consciousness when it is missing", () => {
    const r = icans({ ...iceItems(10), seizure: "none", cerebralEdema: "none" });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("levelOfConsciousness");
  });
  it("unknown arousability with no ICE item scored leaves both open", () => {
    const r = icans({ ...calm, levelOfConsciousness: null, patientUnarousable: null });
    expect(r.value).toBeNull();
    expect(r.reason).toContain("patientUnarousable");
  });
});

describe("ICANS contradictions", () => {
  it("refuses ICE items scored for an unarousable patient, naming the item", () => {
    expect(() =>
      icans({ orientationPoints: 2, patientUnarousable: true, ...calm, levelOfConsciousness: null }),
    ).toThrow(/orientationPoints.*unarousable/);
    expect(() => icans({ namingPoints: 1, ...calm, levelOfConsciousness: "unarousable_or_coma" })).toThrow(
      /namingPoints/,
    );
  });
  it("refuses points with global aphasia, and aphasia with an unarousable patient", () => {
    expect(() => icans({ ...iceItems(3), globalAphasiaWhileAwake: true, ...calm })).toThrow(
      /orientationPoints/,
    );
    expect(() => icans({ globalAphasiaWhileAwake: true, patientUnarousable: true })).toThrow(
      /globalAphasiaWhileAwake/,
    );
  });
  it("refuses an unarousable patient described as alert, and items out of range", () => {
    expect(() => icans({ patientUnarousable: true, ...calm })).toThrow(/levelOfConsciousness/);
    expect(() => icans({ ...iceItems(10), orientationPoints: 5, ...calm })).toThrow(/orientationPoints/);
    expect(() => icans({ ...iceItems(10), ...calm, seizure: "absence" as "none" })).toThrow(/seizure/);
  });
});
