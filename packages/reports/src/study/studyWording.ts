import { ENDPOINT_LANDMARK_DAY, findFeatureEndpoint, type PredictionLandmark } from "@carta/clinical";

/**
 * How the study report names the study's design choices in sentences: landmarks as decision points,
 * endpoints with their horizons, cohorts, learners and the feature table's exclusion rules
 * (docs/lab.md "Feature tables at landmarks", "Population, endpoints and exclusions").
 */

/** The decision point each landmark stands for (DESIGN.md "Time and leakage: landmarks"). */
export const LANDMARK_DECISION_POINT: Readonly<Record<PredictionLandmark, string>> = {
  decision: "the decision to treat with CAR-T, before leukapheresis",
  lymphodepletion: "the start of lymphodepletion (pre-lymphodepletion visit, day -5)",
  infusion: "CAR-T infusion (day 0)",
  day7: "day +7 after CAR-T infusion",
  day28: "day +28 after CAR-T infusion",
};

export function decisionPoint(landmark: string): string {
  return LANDMARK_DECISION_POINT[landmark as PredictionLandmark] ?? `the landmark "${landmark}"`;
}

/** The window in which the event is counted. */
const HORIZONS: Readonly<Record<string, string>> = {
  cr_day90: "the day +90 (±14 days) response assessment after infusion",
  crs_grade3: "days 0–30 after infusion",
  icans_grade3: "days 0–30 after infusion",
  pfs_event_by_6m: "6 months (183 days) from the landmark",
  pfs_event_by_12m: "12 months (365 days) from the landmark",
};

export function endpointHorizon(endpoint: string): string {
  return HORIZONS[endpoint] ?? "the endpoint's horizon";
}

/** "12 months" (a time-to-event model's horizon). */
export function months(horizon: number): string {
  return `${horizon} month${horizon === 1 ? "" : "s"}`;
}

/** "12-month", as in "the 12-month horizon". */
export function monthHorizon(horizon: number): string {
  return `${horizon}-month horizon`;
}

/** The C statistic a time-to-event report leads with, and the AUC it gives at the horizon, named as such. */
export const HARRELL_C = "Harrell's C";

export function timeDependentAuc(horizon: number): string {
  return `time-dependent AUC at ${months(horizon)}`;
}

/** Readable names of the bootstrap optimism indexes of a time-to-event model (survivalOptimism in @carta/ml). */
export function survivalIndexLabel(index: string, horizon: number): string {
  if (index === "HarrellC") return HARRELL_C;
  if (index === "UnoC") return `Uno's C (truncated at ${months(horizon)})`;
  if (index === "Slope") return "Calibration slope (Cox)";
  return index;
}

export function endpointLabel(endpoint: string): string {
  return findFeatureEndpoint(endpoint)?.label ?? endpoint;
}

export function endpointDefinition(endpoint: string): string | null {
  return findFeatureEndpoint(endpoint)?.definition ?? null;
}

/** Landmarks before infusion count outcomes from infusion (mITT, clinical-reference.md §E.3). */
export function outcomeTimeZero(landmark: string): string {
  const day = ENDPOINT_LANDMARK_DAY[landmark as PredictionLandmark];
  if (day === undefined) return "the landmark";
  return day === 0 ? "CAR-T infusion (day 0)" : `day +${day} after infusion`;
}

export function cohortWording(cohort: string): string {
  if (cohort === "2L") return "patients treated with CAR-T in second line (2L)";
  if (cohort === "3L+") return "patients treated with CAR-T in third or later line (3L+)";
  return "patients treated with CAR-T in second line (2L) and in third or later line (3L+)";
}

interface LearnerWording {
  short: string;
  long: string;
  /** How the learner treats a missing predictor value when it is fitted. */
  missingInTraining: string;
  /** What a missing input does to one patient's prediction. */
  missingAtPrediction: string;
}

const ROUTED_AT_PREDICTION =
  "A missing input does not stop a prediction. The patient's report lists each missing input with the lowest and highest probability the model gives when it is set to typical values (the training 10th and 90th percentiles, or each category), so the reader sees how much it could move the estimate.";

const LEARNERS: Readonly<Record<string, LearnerWording>> = {
  "boosted-trees": {
    short: "gradient-boosted trees",
    long: "gradient-boosted decision trees (binary logistic objective; histogram splits, each learning a default direction for missing values)",
    missingInTraining:
      "Missing predictor values are not imputed: the boosted trees route them, each split sending missing values the way learned in training (XGBoost's sparsity-aware split finding). Every row with a known endpoint is analysed, complete or not.",
    missingAtPrediction: `The trees route a missing input as learned in training. ${ROUTED_AT_PREDICTION}`,
  },
  "elastic-net-logistic": {
    short: "elastic-net logistic regression",
    long: "elastic-net penalised logistic regression (numeric predictors standardised for the penalty; categorical predictors as indicators against a reference level)",
    missingInTraining:
      "Complete cases: the elastic net refuses missing values and fills none in, so rows with an incomplete predictor are dropped before fitting (counted in the participant flow).",
    missingAtPrediction:
      "A patient missing any input gets no prediction: the elastic net needs every value and fills none in.",
  },
  "imputed-elastic-net-logistic": {
    short: "elastic-net logistic regression on multiply imputed data",
    long: "elastic-net penalised logistic regression fitted to each of m data sets completed by chained equations (mice FCS), the m linear predictors averaged (Rubin's rules on the log-odds scale)",
    missingInTraining:
      "Multiple imputation by chained equations, fitted on the training rows of each fit only (never on held-out rows, never using the outcome); every row with a known endpoint is analysed, complete or not.",
    missingAtPrediction: `A missing input is imputed m times with the stored imputation models and the m fits' linear predictors are averaged. ${ROUTED_AT_PREDICTION}`,
  },
  "elastic-net-cox": {
    short: "elastic-net Cox regression",
    long: "elastic-net penalised Cox proportional-hazards regression (numeric predictors standardised for the penalty; categorical predictors as indicators against a reference level), with the Breslow baseline cumulative hazard giving the risk by the horizon",
    missingInTraining:
      "Complete cases: the elastic net refuses missing values and fills none in, so rows with an incomplete predictor are dropped before fitting (counted in the participant flow).",
    missingAtPrediction:
      "A patient missing any input gets no prediction: the elastic net needs every value and fills none in.",
  },
  "imputed-elastic-net-cox": {
    short: "elastic-net Cox regression on multiply imputed data",
    long: "elastic-net penalised Cox proportional-hazards regression fitted to each of m data sets completed by chained equations (mice FCS), the m linear predictors averaged (Rubin's rules on the log-hazard scale), with one Breslow baseline cumulative hazard at the pooled linear predictor giving the risk by the horizon",
    missingInTraining:
      "Multiple imputation by chained equations, fitted on the training rows of each fit only (never on held-out rows, never using the outcome or the follow-up); every row with a known endpoint is analysed, complete or not.",
    missingAtPrediction: `A missing input is imputed m times with the stored imputation models and the m fits' linear predictors are averaged. ${ROUTED_AT_PREDICTION}`,
  },
  "boosted-trees-cox": {
    short: "gradient-boosted Cox trees",
    long: "gradient-boosted decision trees with the Cox partial-likelihood objective (XGBoost's survival:cox; the ensemble's margin is the log relative hazard), with the Breslow baseline cumulative hazard giving the risk by the horizon",
    missingInTraining:
      "Missing predictor values are not imputed: the boosted trees route them, each split sending missing values the way learned in training (XGBoost's sparsity-aware split finding). Every row with a known endpoint is analysed, complete or not.",
    missingAtPrediction: `The trees route a missing input as learned in training. ${ROUTED_AT_PREDICTION}`,
  },
  ebm: {
    short: "explainable boosting machine",
    long: "explainable boosting machine (GA2M: one boosted shape function per predictor plus the strongest pairwise interactions; Lou et al., KDD 2013)",
    missingInTraining:
      "Missing predictor values are not imputed: every shape function has a bin of its own for a missing value, learned like any other bin. Every row with a known endpoint is analysed, complete or not.",
    missingAtPrediction: `A missing input takes the score of its shape function's missing bin. ${ROUTED_AT_PREDICTION}`,
  },
};

export function learnerWording(kind: string): LearnerWording {
  return (
    LEARNERS[kind] ?? {
      short: kind,
      long: kind,
      missingInTraining: `Missing values are handled by the learner ${kind}.`,
      missingAtPrediction: `Missing inputs are handled by the learner ${kind}.`,
    }
  );
}

/** Why the feature table leaves a patient out, by rule (docs/lab.md). */
const EXCLUSION_REASONS: Readonly<Record<string, string>> = {
  consent_withdrawn: "consent withdrawn: the patient leaves new analyses",
  not_infused: "not infused (outside the mITT population)",
  event_before_landmark: "the endpoint's event, death or a deciding progression before the landmark",
  censored_before_landmark: "censored or last contact before the landmark",
  censored_before_horizon: "censored before the horizon: the endpoint's status is unknown there",
};

export function exclusionReason(rule: string): string {
  return EXCLUSION_REASONS[rule] ?? rule.replaceAll("_", " ");
}
