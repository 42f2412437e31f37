import type { ObservationValue } from "@carta/clinical";

export type Cohort = "2L" | "3L+";
export const COHORTS: readonly Cohort[] = ["3L+", "2L"];

export type Product = "axi_cel" | "tisa_cel" | "liso_cel";
export const PRODUCTS: readonly Product[] = ["axi_cel", "tisa_cel", "liso_cel"];

export type Histology =
  | "DLBCL_NOS"
  | "HGBL_MYC_BCL2"
  | "HGBL_NOS"
  | "tFL"
  | "PMBCL"
  | "THRLBCL"
  | "other_LBCL";
export const HISTOLOGIES: readonly Histology[] = [
  "DLBCL_NOS",
  "HGBL_MYC_BCL2",
  "HGBL_NOS",
  "tFL",
  "PMBCL",
  "THRLBCL",
  "other_LBCL",
];

export type DiseaseStatus1l = "primary_refractory" | "relapse_le_12m" | "relapse_gt_12m";
export const DISEASE_STATUSES: readonly DiseaseStatus1l[] = [
  "primary_refractory",
  "relapse_le_12m",
  "relapse_gt_12m",
];

export type BridgingType =
  | "none"
  | "chemoimmuno"
  | "pola_based"
  | "radiotherapy"
  | "steroids_only"
  | "combined_modality"
  | "other";
export const BRIDGING_TYPES: readonly BridgingType[] = [
  "none",
  "chemoimmuno",
  "pola_based",
  "radiotherapy",
  "steroids_only",
  "combined_modality",
  "other",
];

export type Response = "CMR" | "PMR" | "NMR" | "PMD";
export const RESPONSES: readonly Response[] = ["CMR", "PMR", "NMR", "PMD"];

export type DeathCause =
  | "progression"
  | "CRS"
  | "ICANS"
  | "infection"
  | "IEC_HS"
  | "ICAHT_bleeding"
  | "second_malignancy"
  | "cardiovascular"
  | "other"
  | "unknown";

export type { ObservationValue };

export interface SyntheticObservation {
  patientId: string;
  timePoint: string;
  variable: string;
  value: ObservationValue;
}

export interface SyntheticCenter {
  /** "C01".."C25". */
  id: string;
  name: string;
  ldhUlnUPerL: number;
}

export interface SyntheticPatient {
  /** Pseudonymous and visibly synthetic: "SYN-C07-0042". */
  id: string;
  center: string;
  cohort: Cohort;
  consent: "consented" | "withdrawn";
  synthetic: true;
}

export interface SyntheticStudyOptions {
  /** Default 20260101. */
  seed?: number;
  /** Apheresed 3L+ registry patients; default 600. */
  nThirdLinePlus?: number;
  /** Apheresed 2L prospective patients; default 340. */
  nSecondLine?: number;
  /** Default 25. */
  nCenters?: number;
  /** Data cut-off as YYYY-MM-DD; default 2026-10-31, not before the last infusion window ends. */
  dataCutoff?: string;
}
