/**
 * The endpoints a feature table carries (DESIGN.md "Models and explanations"): binary at a horizon,
 * time to event, competing risks. Each is counted from the table's landmark (landmarks.ts).
 */
export type FeatureEndpoint =
  | "cr_day90"
  | "crs_grade3"
  | "icans_grade3"
  | "pfs_event_by_6m"
  | "pfs_event_by_12m"
  | "pfs"
  | "os"
  | "relapse_vs_nrm";

export type EndpointKind = "binary" | "time_to_event" | "competing_risks";

export interface FeatureEndpointDef {
  id: FeatureEndpoint;
  kind: EndpointKind;
  label: string;
  /** The rule, as the table's metadata states it. */
  definition: string;
}

export const FEATURE_ENDPOINTS: readonly FeatureEndpointDef[] = [
  {
    id: "cr_day90",
    kind: "binary",
    label: "Complete response at day 90",
    definition:
      "1 = CMR (or CR on CT) on the day +90 (±14) assessment; 0 = any other category, progression or death before day 90 counting as PMD (§E.3); progression, death or last contact before a post-infusion landmark day excludes the patient",
  },
  {
    id: "crs_grade3",
    kind: "binary",
    label: "Grade ≥ 3 CRS",
    definition:
      "1 = ASTCT CRS grade ≥ 3 in days 0–30 (daily grades, else the day 0–30 maximum); from the infusion landmark on, a grade ≥ 3 on or before the landmark day is known at the landmark and excludes the patient, as do death or last contact before it",
  },
  {
    id: "icans_grade3",
    kind: "binary",
    label: "Grade ≥ 3 ICANS",
    definition:
      "1 = ASTCT ICANS grade ≥ 3 in days 0–30 (daily grades, else the day 0–30 maximum); from the infusion landmark on, a grade ≥ 3 on or before the landmark day is known at the landmark and excludes the patient, as do death or last contact before it",
  },
  {
    id: "pfs_event_by_6m",
    kind: "binary",
    label: "Progression or death by 6 months",
    definition:
      "1 = PFS event (§E.3) within 6 months (183 days) of the landmark; 0 = event-free at 6 months; censored earlier: excluded",
  },
  {
    id: "pfs_event_by_12m",
    kind: "binary",
    label: "Progression or death by 12 months",
    definition:
      "1 = PFS event (§E.3) within 12 months (365 days) of the landmark; 0 = event-free at 12 months; censored earlier: excluded",
  },
  {
    id: "pfs",
    kind: "time_to_event",
    label: "Progression-free survival",
    definition:
      "months from the landmark to progression or death; censored at the last adequate disease assessment, new therapy or consolidative transplant (§E.3)",
  },
  {
    id: "os",
    kind: "time_to_event",
    label: "Overall survival",
    definition: "months from the landmark to death from any cause; censored at last contact alive (§E.3)",
  },
  {
    id: "relapse_vs_nrm",
    kind: "competing_risks",
    label: "Relapse vs non-relapse mortality",
    definition:
      "months from the landmark; status 1 = progression/relapse, 2 = death without prior progression (NRM), 0 = censored as for PFS (§E.3)",
  },
];

export function findFeatureEndpoint(id: string): FeatureEndpointDef | undefined {
  return FEATURE_ENDPOINTS.find((e) => e.id === id);
}
