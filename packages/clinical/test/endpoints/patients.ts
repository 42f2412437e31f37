import type { EndpointPatient } from "../../src/endpoints/index.js";

/**
 * Hand-made patients. Infusion on 2024-01-10 (day 0); 2024 is a leap year, so day 50 is 2024-02-29.
 * `day(n)` writes the date n days after infusion, for tests that walk a window edge by edge.
 */
export const INFUSION = "2024-01-10";
export const APHERESIS = "2023-12-06"; // day −35

export function day(n: number): string {
  return new Date(Date.parse(`${INFUSION}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function patient(fields: EndpointPatient = {}): EndpointPatient {
  return { apheresisDate: APHERESIS, infusionDate: INFUSION, ...fields };
}
