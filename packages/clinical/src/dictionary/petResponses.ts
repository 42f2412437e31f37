import { type BoneMarrowPet, luganoPet, type UptakeChange } from "../scales/lugano.js";
import type { DerivedValue, ValueLookup } from "./derive.js";

/**
 * The day-28 and day-90 Lugano metabolic responses (Cheson BD et al. J Clin Oncol 2014;32:3059;
 * clinical-reference.md §B.4) derived from the recorded PET-CT reading: highest Deauville score at the
 * sites of initial disease, uptake change vs baseline, new FDG-avid foci and bone marrow. A time point
 * without a recorded Deauville score gets no derived response: a PMD recorded because the patient
 * progressed or died before the assessment (§E.3) is an event rule, not a PET reading. Deauville X (new
 * uptake unlikely to be lymphoma) is not a score at the sites of initial disease and is not graded.
 */

const PET_ASSESSMENTS = [
  { timePoint: "d28", deauville: "deauville_d28", response: "response_d28" },
  { timePoint: "d90", deauville: "deauville_d90", response: "response_d90" },
] as const;

/** A derived coded value (a response category) with the scale's reason; DerivedValue holds numbers and flags. */
export interface DerivedCode extends Omit<DerivedValue, "value"> {
  value: string | null;
}

export function derivePetResponses(get: ValueLookup): DerivedCode[] {
  const out: DerivedCode[] = [];
  for (const { timePoint, deauville, response } of PET_ASSESSMENTS) {
    const score = get(deauville, timePoint);
    if (score === undefined || score === null) continue;
    if (!/^[1-5]$/.test(String(score))) {
      out.push({
        variable: response,
        timePoint,
        value: null,
        reason: `not graded: ${deauville} is ${score}, not a score 1–5 at the sites of initial disease`,
      });
      continue;
    }
    const text = (variable: string) => {
      const v = get(variable, timePoint);
      return typeof v === "string" ? v : undefined;
    };
    const newFoci = get("pet_new_fdg_avid_foci", timePoint);
    const result = luganoPet({
      highestDeauville: Number(score),
      uptakeChangeVsBaseline: text("pet_uptake_change_vs_baseline") as UptakeChange | undefined,
      newFdgAvidFociConsistentWithLymphoma: typeof newFoci === "boolean" ? newFoci : undefined,
      boneMarrowPet: text("pet_bone_marrow") as BoneMarrowPet | undefined,
    });
    out.push({ variable: response, timePoint, value: result.value, reason: result.reason });
  }
  return out;
}
