import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { type CrsInput, crs, OXYGEN_DEVICES, type OxygenDevice, VASOPRESSORS } from "../../src/scales/crs.js";
import { icahtEarly, icahtEarlyFromDurations, icahtLate } from "../../src/scales/icaht.js";
import {
  CEREBRAL_EDEMA_FINDINGS,
  type IcansInput,
  icans,
  LEVELS_OF_CONSCIOUSNESS,
  SEIZURE_FINDINGS,
} from "../../src/scales/icans.js";
import {
  BONE_MARROW_PET_FINDINGS,
  type CtResponse,
  type LuganoPetInput,
  luganoCt,
  luganoLesion,
  luganoPet,
  type MetabolicResponse,
  UPTAKE_CHANGES,
} from "../../src/scales/lugano.js";

/**
 * Property: making one sign worse never lowers a grade. Each case draws a random complete input, worsens
 * one sign at random and compares; seeded, so a failure reproduces.
 */
const TRIALS = 1500;

function pick<T>(rng: SeededRandom, values: readonly T[]): T {
  return values[rng.integer(values.length)]!;
}

function expectNotLower(base: number | null, worse: number | null, context: () => unknown): void {
  if (base === null || worse === null)
    throw new Error(`complete input graded null: ${JSON.stringify(context())}`);
  if (worse < base) expect.fail(`grade fell from ${base} to ${worse}: ${JSON.stringify(context())}`);
}

describe("grades never decrease when one sign worsens", () => {
  it("CRS", () => {
    const rng = new SeededRandom(2019);
    const deviceOrder = (d: OxygenDevice) => OXYGEN_DEVICES.indexOf(d);
    for (let t = 0; t < TRIALS; t++) {
      const hypotension = rng.bernoulli(0.5);
      const base: CrsInput = {
        temperatureMaxC: 36 + Math.round(rng.uniform() * 40) / 10,
        treatedForCrsBeforeAssessment: rng.bernoulli(0.3),
        hypotensionPresent: hypotension,
        vasopressorsInUse: hypotension ? VASOPRESSORS.filter(() => rng.bernoulli(0.25)) : [],
        oxygenDevice: pick(rng, OXYGEN_DEVICES),
        oxygenFlowLPerMin: Math.round(rng.uniform() * 120) / 10,
      };
      if (base.oxygenDevice === "none") base.oxygenFlowLPerMin = 0;
      const worse: CrsInput = { ...base };
      switch (rng.integer(6)) {
        case 0:
          worse.temperatureMaxC = base.temperatureMaxC! + rng.uniform() * 2;
          break;
        case 1:
          worse.treatedForCrsBeforeAssessment = true;
          break;
        case 2:
          worse.hypotensionPresent = true;
          break;
        case 3: {
          worse.hypotensionPresent = true;
          const missing = VASOPRESSORS.filter((v) => !base.vasopressorsInUse!.includes(v));
          if (missing.length > 0) worse.vasopressorsInUse = [...base.vasopressorsInUse!, pick(rng, missing)];
          break;
        }
        case 4: {
          // Devices are listed from least to most support; nasal cannula keeps its flow.
          const later = OXYGEN_DEVICES.filter((d) => deviceOrder(d) > deviceOrder(base.oxygenDevice!));
          if (later.length > 0) {
            worse.oxygenDevice = pick(rng, later);
            if (base.oxygenDevice === "none") worse.oxygenFlowLPerMin = 2;
          }
          break;
        }
        default:
          if (base.oxygenDevice !== "none")
            worse.oxygenFlowLPerMin = base.oxygenFlowLPerMin! + rng.uniform() * 5;
      }
      expectNotLower(crs(base).value, crs(worse).value, () => ({ base, worse }));
    }
  });

  it("ICANS", () => {
    const rng = new SeededRandom(2020);
    const awake = LEVELS_OF_CONSCIOUSNESS.filter((l) => l !== "unarousable_or_coma");
    const items = [
      ["orientationPoints", 4],
      ["namingPoints", 3],
      ["followsCommandsPoints", 1],
      ["writingPoints", 1],
      ["attentionPoints", 1],
    ] as const;
    for (let t = 0; t < TRIALS; t++) {
      const base: IcansInput = {
        levelOfConsciousness: pick(rng, awake),
        seizure: pick(rng, SEIZURE_FINDINGS),
        cerebralEdema: pick(rng, CEREBRAL_EDEMA_FINDINGS),
        deepFocalMotorWeakness: rng.bernoulli(0.1),
      };
      for (const [key, max] of items) base[key] = rng.integer(max + 1);
      const worse: IcansInput = { ...base };
      const step = <T>(order: readonly T[], value: T): T =>
        order[Math.min(order.indexOf(value) + 1, order.length - 1)]!;
      switch (rng.integer(6)) {
        case 0: {
          const [key] = pick(rng, items);
          worse[key] = Math.max(0, base[key]! - 1);
          break;
        }
        case 1:
          worse.levelOfConsciousness = step(awake, base.levelOfConsciousness!);
          break;
        case 2:
          worse.seizure = step(SEIZURE_FINDINGS, base.seizure!);
          break;
        case 3:
          worse.cerebralEdema = step(CEREBRAL_EDEMA_FINDINGS, base.cerebralEdema!);
          break;
        case 4:
          worse.deepFocalMotorWeakness = true;
          break;
        default:
          // becoming unarousable: the ICE cannot be performed any more
          for (const [key] of items) worse[key] = null;
          worse.levelOfConsciousness = "unarousable_or_coma";
          worse.patientUnarousable = true;
      }
      expectNotLower(icans(base).value, icans(worse).value, () => ({ base, worse }));
    }
  });

  it("early ICAHT from a daily series, and its durations", () => {
    const rng = new SeededRandom(2023);
    for (let t = 0; t < TRIALS; t++) {
      // a nadir somewhere in the first week, with noise, sometimes a second dip
      const nadirDay = rng.integer(8);
      const depth = rng.uniform();
      const recovery = 3 + rng.integer(25);
      const anc = Array.from({ length: 31 }, (_, day) => {
        const inEpisode = day >= nadirDay && day < nadirDay + recovery;
        const level = inEpisode ? depth * 0.6 : 0.4 + rng.uniform() * 2.5;
        return Math.round(level * (0.6 + rng.uniform() * 0.8) * 100) / 100;
      });
      const day = rng.integer(31);
      const worse = [...anc];
      worse[day] = Math.round(anc[day]! * rng.uniform() * 100) / 100;
      const a = icahtEarly(anc);
      const b = icahtEarly(worse);
      expectNotLower(a.value, b.value, () => ({ anc, day, to: worse[day] }));
      expect(b.severeNeutropeniaDays!).toBeGreaterThanOrEqual(a.severeNeutropeniaDays!);
      expect(b.profoundNeutropeniaDays!).toBeGreaterThanOrEqual(a.profoundNeutropeniaDays!);
    }
  });

  it("early ICAHT from recorded durations, and late ICAHT", () => {
    const rng = new SeededRandom(2024);
    for (let t = 0; t < TRIALS; t++) {
      const severe = 1 + rng.integer(31);
      const profound = rng.integer(severe + 1);
      const neverRecovered = severe === 31 || rng.bernoulli(0.1);
      const base = { severeNeutropeniaDays: severe, profoundNeutropeniaDays: profound, neverRecovered };
      const worse = { ...base };
      const which = rng.integer(3);
      if (which === 0) worse.severeNeutropeniaDays = Math.min(31, severe + 1 + rng.integer(5));
      else if (which === 1) worse.profoundNeutropeniaDays = Math.min(severe, profound + 1 + rng.integer(5));
      else worse.neverRecovered = true;
      if (worse.severeNeutropeniaDays === 31) worse.neverRecovered = true;
      expectNotLower(icahtEarlyFromDurations(base).value, icahtEarlyFromDurations(worse).value, () => ({
        base,
        worse,
      }));

      const late = Array.from({ length: 2 + rng.integer(5) }, () => rng.integer(3000));
      const lower = [...late];
      const i = rng.integer(late.length);
      lower[i] = rng.integer(late[i]! + 1);
      for (const rule of ["at_least_two", "nadir"] as const) {
        const options = { rule, ancUnit: "cells/µL" as const };
        expectNotLower(icahtLate(late, options).value, icahtLate(lower, options).value, () => ({
          late,
          lower,
          rule,
        }));
      }
    }
  });

  it("Lugano metabolic response (CMR < PMR < NMR < PMD)", () => {
    const rng = new SeededRandom(2014);
    const rank = (r: MetabolicResponse | null) =>
      r === null ? null : ["CMR", "PMR", "NMR", "PMD"].indexOf(r);
    const worsen = <T>(order: readonly T[], value: T): T =>
      order[Math.min(order.indexOf(value) + 1, order.length - 1)]!;
    const uptakeOrder = UPTAKE_CHANGES; // reduced, no significant change, increased
    for (let t = 0; t < TRIALS; t++) {
      const base: LuganoPetInput = {
        highestDeauville: 1 + rng.integer(5),
        uptakeChangeVsBaseline: pick(rng, UPTAKE_CHANGES),
        newFdgAvidFociConsistentWithLymphoma: rng.bernoulli(0.1),
        boneMarrowPet: pick(rng, BONE_MARROW_PET_FINDINGS),
      };
      const worse = { ...base };
      const which = rng.integer(4);
      if (which === 0) worse.highestDeauville = Math.min(5, base.highestDeauville! + 1);
      else if (which === 1) worse.uptakeChangeVsBaseline = worsen(uptakeOrder, base.uptakeChangeVsBaseline!);
      else if (which === 2) worse.newFdgAvidFociConsistentWithLymphoma = true;
      else worse.boneMarrowPet = worsen(BONE_MARROW_PET_FINDINGS, base.boneMarrowPet!);
      expectNotLower(rank(luganoPet(base).value), rank(luganoPet(worse).value), () => ({ base, worse }));
    }
  });

  it("Lugano CT response (CR < PR < SD < PD) and the single-lesion rule", () => {
    const rng = new SeededRandom(3059);
    const rank = (r: CtResponse | null) => (r === null ? null : ["CR", "PR", "SD", "PD"].indexOf(r));
    for (let t = 0; t < TRIALS; t++) {
      const newLesions = rng.bernoulli(0.2);
      const base = {
        spdBaselineMm2: 100 + rng.integer(5000),
        spdCurrentMm2: rng.integer(6000),
        allTargetNodesLdiLe15Mm: rng.bernoulli(0.3),
        newLesions,
        newNodeLongestDiameterCm: newLesions ? Math.round(rng.uniform() * 30) / 10 : undefined,
        anySingleLesionMeetsPpdProgression: rng.bernoulli(0.1),
        spleenProgression: rng.bernoulli(0.05),
        marrowNewInvolvement: rng.bernoulli(0.05),
      };
      const worse = { ...base };
      switch (rng.integer(5)) {
        case 0:
          worse.spdCurrentMm2 = base.spdCurrentMm2 + rng.integer(3000);
          break;
        case 1:
          worse.allTargetNodesLdiLe15Mm = false;
          break;
        case 2:
          worse.newLesions = true;
          worse.newNodeLongestDiameterCm = (base.newNodeLongestDiameterCm ?? 0) + rng.uniform() * 2;
          break;
        case 3:
          worse.anySingleLesionMeetsPpdProgression = true;
          break;
        default:
          worse.spleenProgression = true;
      }
      expectNotLower(rank(luganoCt(base).value), rank(luganoCt(worse).value), () => ({ base, worse }));

      const nadirLdi = Math.round(rng.uniform() * 40) / 10;
      const nadir = { nadirLdiCm: nadirLdi, nadirSdiCm: Math.round(rng.uniform() * nadirLdi * 10) / 10 };
      const currentLdi = Math.round(rng.uniform() * 50) / 10;
      const lesion = {
        ...nadir,
        currentLdiCm: currentLdi,
        currentSdiCm: Math.round(rng.uniform() * currentLdi * 10) / 10,
      };
      const grown = { ...lesion, currentLdiCm: lesion.currentLdiCm + Math.round(rng.uniform() * 10) / 10 };
      const meets = (x: typeof lesion) => (luganoLesion(x).meetsProgression ? 1 : 0);
      expectNotLower(meets(lesion), meets(grown), () => ({ lesion, grown }));
    }
  });
});
