import {
  BONE_MARROW_PET_FINDINGS,
  type BoneMarrowPet,
  luganoPet,
  UPTAKE_CHANGES,
  type UptakeChange,
} from "../lugano.js";
import { defineScale, read } from "./define.js";

const F = {
  deauville: "highest_deauville_score_at_sites_of_initial_disease_1_to_5",
  uptake: "uptake_change_vs_baseline",
  newFoci: "new_fdg_avid_foci_consistent_with_lymphoma",
  scoredX: "new_uptake_scored_X_unlikely_lymphoma",
  marrow: "bone_marrow_pet",
  residualMass: "residual_mass_on_ct",
} as const;

export const LUGANO_PET_SCALE = defineScale({
  id: "lugano-pet",
  title: "Lugano 2014 metabolic response (PET-CT, Deauville)",
  citation: "Cheson BD et al. J Clin Oncol 2014;32:3059 (clinical-reference.md §B.4)",
  fields: [
    {
      name: F.deauville,
      type: "integer",
      unit: "Deauville score",
      range: { min: 1, max: 5 },
      presence: "required",
      description: "Highest Deauville score at the sites of initial disease (X is the separate yes/no field)",
    },
    {
      name: F.uptake,
      type: "code",
      unit: null,
      allowed: UPTAKE_CHANGES,
      presence: "required",
      neededWhen: `when ${F.deauville} is 4 or 5`,
      description: "Intensity of uptake compared with baseline",
    },
    {
      name: F.newFoci,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "New FDG-avid foci consistent with lymphoma (not infection or inflammation)",
    },
    {
      name: F.scoredX,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "New uptake scored X, judged unlikely to be lymphoma: recorded, never a new lesion",
    },
    {
      name: F.marrow,
      type: "code",
      unit: null,
      allowed: BONE_MARROW_PET_FINDINGS,
      presence: "required",
      description: "Bone marrow on PET",
    },
    {
      name: F.residualMass,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Residual mass on CT (allowed in CMR and PMR; does not change the category)",
    },
  ],
  outputs: [
    {
      name: "lugano_metabolic_response",
      type: "code",
      unit: null,
      allowed: ["CMR", "PMR", "NMR", "PMD"],
      description: "Metabolic response, evaluated in the order PMD, CMR, PMR, NMR",
    },
  ],
  rules: [],
  conventions: [
    "evaluated in the §B.4 order: PMD, CMR, PMR, NMR",
    "Deauville 4 with reduced uptake at an end-of-treatment time point (day 90) is PMR, i.e. residual disease (§F.8)",
  ],
  names: {
    highestDeauville: F.deauville,
    uptakeChangeVsBaseline: F.uptake,
    newFdgAvidFociConsistentWithLymphoma: F.newFoci,
    newUptakeScoredXUnlikelyLymphoma: F.scoredX,
    boneMarrowPet: F.marrow,
    residualMassOnCt: F.residualMass,
  },
  compute(input) {
    const result = luganoPet({
      highestDeauville: read<number>(input, F.deauville),
      uptakeChangeVsBaseline: read<UptakeChange>(input, F.uptake),
      newFdgAvidFociConsistentWithLymphoma: read<boolean>(input, F.newFoci),
      newUptakeScoredXUnlikelyLymphoma: read<boolean>(input, F.scoredX),
      boneMarrowPet: read<BoneMarrowPet>(input, F.marrow),
      residualMassOnCt: read<boolean>(input, F.residualMass),
    });
    return { outputs: { lugano_metabolic_response: result.value }, reason: result.reason };
  },
});
