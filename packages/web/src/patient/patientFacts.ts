import type { ObservationView, PatientDetail } from "../apiTypes.js";

/** Variables shown under "who" (clinical-reference.md §A.2), so the disease summary does not repeat them. */
export const WHO_VARIABLES = { age: "age_years", sex: "sex" } as const;

/** The form whose values describe the disease at relapse (clinical-reference.md §A.2). */
export const DISEASE_FORM = "baseline";

export function findObservation(
  sections: PatientDetail["sections"],
  variable: string,
): ObservationView | null {
  for (const section of sections) {
    const found = section.observations.find((observation) => observation.variable === variable);
    if (found !== undefined) return found;
  }
  return null;
}

/** The disease at relapse: the baseline form's values without the demographics already shown above them. */
export function diseaseObservations(sections: PatientDetail["sections"]): ObservationView[] {
  const who = new Set<string>(Object.values(WHO_VARIABLES));
  return sections
    .filter((section) => section.form === DISEASE_FORM)
    .flatMap((section) => section.observations)
    .filter((observation) => !who.has(observation.variable));
}

/** Text for an observation's value column: the stored number as is (its unit has its own column), else the label. */
export function observationValueText(observation: ObservationView): string {
  return typeof observation.value === "number" ? String(observation.value) : observation.display;
}
