import type { SimulatedCenter } from "./centers.js";
import {
  BEST_CR_MODEL,
  BRIDGING_RESPONSE_IF_NOT_PMD,
  CENTER_MISSINGNESS_CONCENTRATION,
  COVARIATES,
  CRS_ICANS_LATENT_CORRELATION,
  CRS_MODEL,
  ICAHT_MODEL,
  ICANS_MODEL,
  LAB_LIMITS,
  LATENT_CORRELATIONS,
  LATENT_VARIABLES,
  MARGINALS,
  MISSINGNESS,
  MONTHS_TO_RELAPSE,
  NEW_THERAPY,
  NRM_CAUSES,
  NRM_MODEL,
  PFS_MODEL,
  POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS,
  STRUCTURE,
  TIMELINE,
  TOXICITY_TREATMENT,
  TUMOUR_BURDEN,
  TUNING,
} from "./parameters.js";
import { CD19_EMERGENCE_AT_PROGRESSION, VARIANT_PREVALENCE } from "./patient/biology.js";
import type { Cohort } from "./types.js";

/** Every generating parameter, plus the realised centre draws (the ground truth of D.6.3). */
export interface SyntheticParameters {
  generator: string;
  source: string;
  options: {
    nThirdLinePlus: number;
    nSecondLine: number;
    nCenters: number;
    dataCutoff: string;
  };
  structure: typeof STRUCTURE;
  timeline: typeof TIMELINE;
  marginals: typeof MARGINALS;
  monthsToRelapse: typeof MONTHS_TO_RELAPSE;
  bridgingResponseIfNotPmd: typeof BRIDGING_RESPONSE_IF_NOT_PMD;
  tumourBurden: typeof TUMOUR_BURDEN;
  copula: { variables: typeof LATENT_VARIABLES; correlations: typeof LATENT_CORRELATIONS };
  labLimits: typeof LAB_LIMITS;
  missingness: typeof MISSINGNESS;
  centerMissingnessConcentration: typeof CENTER_MISSINGNESS_CONCENTRATION;
  covariates: typeof COVARIATES;
  pfs: typeof PFS_MODEL;
  nrm: typeof NRM_MODEL;
  postProgressionSurvivalMedianMonths: typeof POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS;
  bestCr: typeof BEST_CR_MODEL;
  crs: typeof CRS_MODEL;
  icans: typeof ICANS_MODEL;
  crsIcansLatentCorrelation: number;
  toxicityTreatment: typeof TOXICITY_TREATMENT;
  icaht: typeof ICAHT_MODEL;
  nrmCauses: typeof NRM_CAUSES;
  newTherapy: typeof NEW_THERAPY;
  ctdnaVariants: { prevalence: typeof VARIANT_PREVALENCE; cd19EmergenceAtProgression: number };
  tuning: typeof TUNING;
  centers: {
    id: string;
    sizeRank: number;
    patients: Record<Cohort, number>;
    ldhUlnUPerL: number;
    mtvMethod: string;
    ctdnaAssay: string;
    effects: SimulatedCenter["effects"];
    missingness: SimulatedCenter["missingness"];
  }[];
}

export function studyParameters(
  options: { sizes: Record<Cohort, number>; nCenters: number; dataCutoff: string },
  centers: readonly SimulatedCenter[],
): SyntheticParameters {
  return {
    generator: "@carta/synthetic",
    source: "clinical-reference.md §D (recipe), §A (recorded data), §E.3 (endpoints)",
    options: {
      nThirdLinePlus: options.sizes["3L+"],
      nSecondLine: options.sizes["2L"],
      nCenters: options.nCenters,
      dataCutoff: options.dataCutoff,
    },
    structure: STRUCTURE,
    timeline: TIMELINE,
    marginals: MARGINALS,
    monthsToRelapse: MONTHS_TO_RELAPSE,
    bridgingResponseIfNotPmd: BRIDGING_RESPONSE_IF_NOT_PMD,
    tumourBurden: TUMOUR_BURDEN,
    copula: { variables: LATENT_VARIABLES, correlations: LATENT_CORRELATIONS },
    labLimits: LAB_LIMITS,
    missingness: MISSINGNESS,
    centerMissingnessConcentration: CENTER_MISSINGNESS_CONCENTRATION,
    covariates: COVARIATES,
    pfs: PFS_MODEL,
    nrm: NRM_MODEL,
    postProgressionSurvivalMedianMonths: POST_PROGRESSION_SURVIVAL_MEDIAN_MONTHS,
    bestCr: BEST_CR_MODEL,
    crs: CRS_MODEL,
    icans: ICANS_MODEL,
    crsIcansLatentCorrelation: CRS_ICANS_LATENT_CORRELATION,
    toxicityTreatment: TOXICITY_TREATMENT,
    icaht: ICAHT_MODEL,
    nrmCauses: NRM_CAUSES,
    newTherapy: NEW_THERAPY,
    ctdnaVariants: {
      prevalence: VARIANT_PREVALENCE,
      cd19EmergenceAtProgression: CD19_EMERGENCE_AT_PROGRESSION,
    },
    tuning: TUNING,
    centers: centers.map((c) => ({
      id: c.id,
      sizeRank: c.sizeRank,
      patients: { ...c.patients },
      ldhUlnUPerL: c.ldhUlnUPerL,
      mtvMethod: c.mtvMethod,
      ctdnaAssay: c.ctdnaAssay,
      effects: { ...c.effects },
      missingness: { "3L+": { ...c.missingness["3L+"] }, "2L": { ...c.missingness["2L"] } },
    })),
  };
}
