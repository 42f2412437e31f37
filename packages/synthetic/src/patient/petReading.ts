import type { LuganoPetInput } from "@carta/clinical";
import type { SeededRandom } from "@carta/stats";

/**
 * The PET-CT reading behind a simulated day-28 or day-90 metabolic response other than PMD (Lugano 2014,
 * Cheson 2014; clinical-reference.md §B.4): highest Deauville score at the sites of initial disease,
 * uptake change vs baseline, new FDG-avid foci and bone marrow. Drawn so that `luganoPet` gives the
 * target category; the recorder records the category the scale gives. The score mixes are [A].
 * PMD recorded because the patient progressed or died first (§E.3) has no reading.
 */
export type PetReading = Required<
  Pick<
    LuganoPetInput,
    "highestDeauville" | "uptakeChangeVsBaseline" | "newFdgAvidFociConsistentWithLymphoma" | "boneMarrowPet"
  >
>;

const DEAUVILLE_CMR = [0.25, 0.4, 0.35]; // scores 1, 2, 3
const DEAUVILLE_RESIDUAL = [0.7, 0.3]; // scores 4, 5

export function petReading(rng: SeededRandom, response: "CMR" | "PMR" | "NMR"): PetReading {
  if (response === "CMR") {
    return {
      highestDeauville: 1 + rng.categorical(DEAUVILLE_CMR),
      uptakeChangeVsBaseline: "reduced",
      newFdgAvidFociConsistentWithLymphoma: false,
      boneMarrowPet: "no_fdg_avid_disease",
    };
  }
  return {
    highestDeauville: 4 + rng.categorical(DEAUVILLE_RESIDUAL),
    uptakeChangeVsBaseline: response === "PMR" ? "reduced" : "no_significant_change",
    newFdgAvidFociConsistentWithLymphoma: false,
    boneMarrowPet:
      response === "PMR" && rng.bernoulli(0.1)
        ? "residual_uptake_reduced_vs_baseline"
        : "no_fdg_avid_disease",
  };
}
