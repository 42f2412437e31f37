/**
 * The model lab's API shapes (the session's lab contract; docs/lab.md). They are declared here rather
 * than imported from the engine because the server composes them from several engine results. Fields
 * that older stored runs lack are optional: readers must show "not computed in this run", never fail.
 */

export type Modality = string;
/** A feature's value: a number (0/1 for yes/no), a dictionary code, or null when missing. */
export type FeatureCell = number | string | null;
export type FeatureType = "numeric" | "binary" | "categorical";

export type TrainingStage = "queued" | "training" | "validating" | "transport" | "ready" | "failed";

export interface DemoTrainingModel {
  name: string;
  stage: TrainingStage;
  /** 0..1 */
  progress: number;
  message: string;
  error: string | null;
}

export interface DemoTrainingStatus {
  state: "none" | "running" | "ready" | "failed";
  models: DemoTrainingModel[];
}

export interface ModelValidationSummary {
  runId: string;
  createdAt: string;
  auc: number;
  aucLower: number;
  aucUpper: number;
  calibrationSlope: number | null;
  calibrationIntercept: number | null;
  brier: number;
  /**
   * Time-to-event models (when the server sends it): Harrell's C with its 95% CI; `auc` is then the
   * time-dependent AUC at the horizon.
   */
  harrellC?: Estimate | null;
  /** relapse_vs_nrm models (when the server sends it): Wolbers' C; `harrellC` is then null. */
  wolbersC?: number | null;
}

export interface ModelSummary {
  name: string;
  version: number;
  endpoint: string;
  event: string;
  landmark: string;
  cohort: string;
  learner: string;
  /** Time-to-event models (when the server sends it): the horizon of the predicted risk, in months. */
  horizonMonths?: number | null;
  /** relapse_vs_nrm models (when the server sends it): the cause whose cumulative incidence is predicted. */
  cause?: CompetingCause | null;
  createdAt: string;
  n: number;
  nEvents: number;
  apparentAuc: number | null;
  validation: ModelValidationSummary | null;
  transportRunId: string | null;
}

export interface ModelListResponse {
  models: ModelSummary[];
  demoTraining: DemoTrainingStatus;
}

export type BoostedTreesParams = {
  rounds: number;
  learningRate?: number;
  maxDepth?: number;
  minChildWeight?: number;
  lambda?: number;
  subsample?: number;
  colsampleByTree?: number;
  seed?: number;
};

export type ElasticNetParams = { lambda?: number; alpha?: number };

/** An estimate with its 95% confidence limits. */
export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
}

/** The time-to-event endpoints (docs/lab.md "Time-to-event models"); every other endpoint is binary. */
export const SURVIVAL_ENDPOINTS = ["pfs", "os"] as const;

/**
 * The competing-risks endpoint (docs/lab.md "Relapse vs non-relapse mortality (competing risks)"): the
 * spec's `cause` names the event, the other cause competes; stored as a "cause-specific-cox" model.
 */
export const COMPETING_ENDPOINT = "relapse_vs_nrm";
export type CompetingCause = "relapse" | "nrm";

export interface ModelSpec {
  name: string;
  endpoint: string;
  /** Time-to-event endpoints: the horizon τ of the predicted risk, months from the landmark; else absent or null. */
  horizonMonths?: number | null;
  /** relapse_vs_nrm only: the cause whose cumulative incidence the model predicts; else absent or null. */
  cause?: CompetingCause | null;
  cohort: string;
  landmark: string;
  features: { variables?: string[]; modalities?: string[]; derived?: string[] };
  learner:
    | { kind: "boosted-trees"; grid: BoostedTreesParams[] }
    | { kind: "elastic-net-logistic"; grid: ElasticNetParams[] }
    /** λ, α plus the number of imputations and chain iterations. */
    | {
        kind: "imputed-elastic-net-logistic";
        grid: (ElasticNetParams & { imputations?: number; iterations?: number; seed?: number })[];
      }
    /** Explainable boosting machine with pairwise terms; its settings are shown as given. */
    | { kind: "ebm"; grid: Record<string, number | boolean | string>[] }
    /** Cox elastic net (glmnet, Breslow ties) for a time-to-event endpoint. */
    | { kind: "elastic-net-cox"; grid: ElasticNetParams[] }
    /** Boosted trees with XGBoost's survival:cox objective. */
    | { kind: "boosted-trees-cox"; grid: BoostedTreesParams[] }
    /** Cox elastic net on multiply imputed data. */
    | {
        kind: "imputed-elastic-net-cox";
        grid: (ElasticNetParams & { imputations?: number; iterations?: number; seed?: number })[];
      };
  validation: {
    outerFolds: number;
    innerFolds: number;
    bootstrapReplicates: number;
    leaveOneCenterOut: boolean;
    locoMinEvents: number;
    transport: { development: string; target: string } | null;
    seed: number;
  };
  /** What the model is for; null: the generic research-use statement the server writes. */
  intendedUse?: string | null;
}

export interface PerformanceJson {
  n: number;
  nEvents: number;
  auc: number;
  aucLower: number;
  aucUpper: number;
  brier: number;
  brierNull: number;
  calibrationIntercept: number | null;
  calibrationSlope: number | null;
  calibrationProblem: string | null;
  /**
   * Time-to-event models only: `auc` is then the cumulative/dynamic AUC at the horizon, `brier` the IPCW
   * Brier score there, `calibrationIntercept` log(observed / mean predicted risk) at the horizon.
   */
  survival?: SurvivalPerformance | null;
}

/** What a time-to-event model's performance adds (packages/engine/src/lab/survivalValidation.ts). */
export interface SurvivalPerformance {
  horizonMonths: number;
  /** Events observed by the horizon. */
  eventsByHorizon: number;
  /** The time-dependent AUC's cases (event by the horizon) and controls (event-free after it). */
  aucCases: number;
  aucControls: number;
  /** Harrell's C over all follow-up, with its 95% CI (null for a competing-risks model). */
  harrellC: Estimate | null;
  /** Uno's C truncated at the horizon, with its 95% CI (null for a competing-risks model). */
  unoC: Estimate | null;
  /** Index of prediction accuracy, 1 − Brier / null Brier (Kaplan–Meier, or Aalen–Johansen for competing risks). */
  ipa: number | null;
  /**
   * 1 − Kaplan–Meier S(horizon) with Greenwood limits; for a competing-risks model the Aalen–Johansen
   * cumulative incidence of the cause with Wald limits from Aalen's variance.
   */
  observedRisk: Estimate;
  meanPredictedRisk: number;
  problems: string[];
  /** relapse_vs_nrm models only: the cause, the competing events by the horizon and Wolbers' C. */
  competing?: CompetingPerformance | null;
}

/** What a competing-risks model's performance adds (packages/engine/src/lab/survivalValidation.ts). */
export interface CompetingPerformance {
  cause: CompetingCause;
  /** Competing events (the other cause) by the horizon. */
  competingByHorizon: number;
  /** Wolbers' concordance truncated at the horizon (no standard error is computed). */
  wolbersC: number | null;
}

export interface TrainingMetrics {
  endpoint: string;
  event: string;
  landmark: string;
  n: number;
  nEvents: number;
  dropped?: Record<string, number> | unknown;
  excluded: Record<string, number>;
  byCohort: Record<string, { n: number; nEvents: number }>;
  centers: string[];
  params: unknown;
  apparent: PerformanceJson;
}

export interface ModelRecord {
  name: string;
  version: number;
  spec: ModelSpec;
  specHash: string;
  dataSnapshotHash: string;
  metrics: TrainingMetrics;
  status: string;
  createdAt: string;
  createdBy: string;
}

export interface PooledJson {
  estimate: number;
  ciLower: number;
  ciUpper: number;
  piLower: number;
  piUpper: number;
  tau: number;
  i2: number;
  k: number;
}

export interface CalibrationGroup {
  lower: number;
  upper: number;
  n: number;
  meanPredicted: number;
  observed: number;
  observedLower: number;
  observedUpper: number;
  /** Time-to-event models: events seen by the horizon and patients still at risk there (Kaplan–Meier groups). */
  eventsByHorizon?: number;
  atRiskAtHorizon?: number;
}

export interface DecisionCurve {
  thresholds: number[];
  model: number[];
  treatAll: number[];
  treatNone: number[];
}

export interface ConformalValidation {
  alpha: number;
  targetCoverage: number;
  empiricalCoverage: number;
  coverageLower: number;
  coverageUpper: number;
  n: number;
  setSizes: { empty: number; single: number; both: number };
  method: string;
}

export interface StabilityFeature {
  feature: string;
  selectedFraction: number;
  medianRank: number;
  rankLower: number;
  rankUpper: number;
  top5Fraction: number;
}

export interface Stability {
  replicates: number;
  method: string;
  features: StabilityFeature[];
}

export interface LocoGroup {
  label: string;
  centers: string[];
  n: number;
  nEvents: number;
  belowMinimum: boolean;
  performance: PerformanceJson | null;
}

export interface LocoJson {
  minEvents: number;
  leftOut: { centers: string[]; n: number; nEvents: number; reason: string } | null;
  groups: LocoGroup[];
  pooledAuc: PooledJson | null;
  pooledSlope: PooledJson | null;
  pooledIntercept: PooledJson | null;
  /** Time-to-event models: the centres' Harrell's and Uno's C pooled on the logit scale (pooledAuc is then null). */
  pooledHarrellC?: PooledJson | null;
  pooledUnoC?: PooledJson | null;
}

export interface ValidationJson {
  endpoint: string;
  event: string;
  n: number;
  nEvents: number;
  dropped?: unknown;
  nestedCv: {
    outerFolds: number;
    innerFolds: number;
    criterion: string;
    chosen: number[];
    performance: PerformanceJson;
    calibrationCurve?: { method: string; points: { predicted: number; observed: number }[] } | null;
    calibrationGroups?: CalibrationGroup[] | null;
    decisionCurve?: DecisionCurve | null;
  };
  optimism: {
    replicates: number;
    fitted: number;
    failures: { replicate: number; reason: string }[];
    indexes: { index: string; apparent: number; optimism: number; corrected: number; n: number }[];
  };
  loco: LocoJson | null;
  transport: TransportJson | null;
  conformal?: ConformalValidation | null;
  stability?: Stability | null;
}

export interface CohortEffect {
  estimate: number;
  lower: number;
  upper: number;
}

export interface TransportPredictor {
  name: string;
  scale: string;
  effect_3l: CohortEffect;
  effect_2l: CohortEffect;
  interaction_p: number;
}

export interface NetBenefitCurve {
  thresholds: number[];
  model: number[];
  treat_all: number[];
}

export interface RecalibrationMethod {
  method: string;
  /** Time-to-event models: the time-dependent AUC at the horizon. */
  auc: number;
  calibration_slope: number | null;
  calibration_intercept: number | null;
  /** Time-to-event models: Harrell's C. */
  c_index?: number | null;
  /** relapse_vs_nrm models: Wolbers' C truncated at the horizon (their `c_index` is absent). */
  wolbers_c?: number | null;
  /** Net benefit at the transport analysis' thresholds, with treat-all; absent from older runs. */
  net_benefit?: NetBenefitCurve | null;
}

export interface TransportJson {
  endpoint: string;
  event: string;
  development: string;
  target: string;
  n_3l: number;
  n_2l: number;
  predictors: TransportPredictor[];
  effects_rows: {
    n_3l: number;
    n_2l: number;
    dropped_incomplete: number;
    not_estimable: string[];
    adjustment: "adjusted" | "one at a time";
    adjustment_reason: string | null;
  };
  shift: {
    domain_auc: number;
    domain_auc_lower: number;
    domain_auc_upper: number;
    smd: { name: string; smd: number | null; missing_3l: number; missing_2l: number; note: string | null }[];
  };
  performance_2l: {
    auc: number;
    auc_lower: number;
    auc_upper: number;
    brier: number;
    calibration_slope: number | null;
    calibration_intercept: number | null;
    calibration_problem: string | null;
    /** Time-to-event models: Harrell's C with its 95% CI, and the horizon `auc` is the time-dependent AUC at. */
    c_index?: number | null;
    c_index_lower?: number | null;
    c_index_upper?: number | null;
    horizon_months?: number;
    /**
     * relapse_vs_nrm models: the cause and Wolbers' C truncated at the horizon (no `c_index`); `auc` is
     * the cause's time-dependent AUC, `calibration_intercept` log(Aalen–Johansen observed / mean
     * predicted incidence), `calibration_slope` null, and the predictors' effects cause-specific log
     * hazard ratios of the cause.
     */
    wolbers_c?: number | null;
    cause?: CompetingCause;
  };
  /**
   * The development model as is ("original") and updated in the target cohort, cross-validated there:
   * binary "intercept" and "logistic"; time-to-event and competing-risks "baseline" and "slope".
   */
  recalibration: RecalibrationMethod[];
  headline: string;
}

export interface ExplanationFeature {
  feature: string;
  label: string;
  modality: Modality;
  unit: string | null;
  type: FeatureType;
  meanAbsShap: number;
  points: { value: FeatureCell; shap: number }[];
  /**
   * Training rows where the feature is missing and the share of the feature's own |SHAP| they carry
   * (absent from older servers).
   */
  missing?: { rows: number; shareOfShap: number };
}

export interface GlobalExplanations {
  /** How the SHAP values were computed (absent from older servers). */
  method?: string;
  /** Training rows the importance is computed over. */
  rows?: number;
  baseMargin: number;
  features: ExplanationFeature[];
  /**
   * Share of all |SHAP| over the training rows carried by missing cells (clinical-reference §D.6 item 3:
   * missingness must not dominate the explanations); absent from older servers.
   */
  missingShare?: number;
  /** An EBM's shape functions and pair tables; null for other learners, absent from older servers. */
  ebmShapes?: EbmShapes | null;
}

/** One value bin of an EBM shape function (packages/ml/src/learners/ebm/shapeFunctions.ts). */
export interface EbmShapeBin {
  /** Numeric: the bin's midpoint; binary or categorical: the level. */
  x: number | string;
  /** Numeric: the bin's edges; null for a level. */
  lower: number | null;
  upper: number | null;
  /** Log-odds contribution. */
  score: number;
  /** Training rows in the bin. */
  count: number;
}

export interface EbmFeatureShape {
  feature: string;
  type: FeatureType;
  bins: EbmShapeBin[];
  missing: { score: number; count: number };
  /** Mean absolute contribution over the training rows. */
  importance: number;
}

/** One bin along a pair table's axis; index 0 is the missing bin. */
export interface EbmAxisBin {
  missing: boolean;
  x: number | string | null;
  lower: number | null;
  upper: number | null;
}

export interface EbmPairShape {
  features: [string, string];
  /** The first feature's bins, the missing bin first: the rows of `scores`. */
  rows: EbmAxisBin[];
  /** The second feature's bins, the missing bin first: the columns of `scores`. */
  columns: EbmAxisBin[];
  /** Log-odds contribution per cell, scores[row][column]. */
  scores: number[][];
  /** Training rows per cell. */
  counts: number[][];
  strength: number;
  importance: number;
}

export interface EbmShapes {
  intercept: number;
  features: EbmFeatureShape[];
  pairs: EbmPairShape[];
}

export interface ModelDetailResponse {
  model: ModelRecord;
  versions: { version: number; createdAt: string }[];
  runs: { id: string; kind: string; createdAt: string; jobId: string | null }[];
  validation: { id: string; createdAt: string; result: ValidationJson } | null;
  transport: { id: string; createdAt: string; result: TransportJson } | null;
  explanations: GlobalExplanations | null;
}

export interface PredictionValidation {
  run_id: string;
  auc: number;
  auc_lower: number;
  auc_upper: number;
  calibration_slope: number | null;
  calibration_intercept: number | null;
  brier: number;
  created_at: string;
  method?: string;
  /** Time-to-event models: Harrell's C over all follow-up (`auc` is then the time-dependent AUC at the horizon). */
  c_index?: Estimate | null;
  horizon_months?: number;
}

export interface FeatureAttribution {
  feature: string;
  modality: Modality;
  value: FeatureCell;
  shap: number;
  label?: string;
  unit?: string | null;
  /** Not promised by the contract; used when present (the dictionary decides otherwise). */
  type?: FeatureType;
  levels?: string[];
}

export interface PredictionReason {
  feature: string;
  label: string;
  value: FeatureCell;
  unit: string | null;
  /** Step in percentage points on the probability scale, features added in order of |shap|. */
  points: number;
  text: string;
}

export type MarginScale = "log-odds" | "log relative hazard";

export interface PatientPrediction {
  format: "carta.prediction";
  version: number;
  model: {
    name: string;
    version: number;
    kind: string;
    endpoint: string;
    event: string;
    landmark: string;
    cohort?: string;
    /** Time-to-event models: the horizon of the predicted risk, months from the landmark; null (or absent) for binary. */
    horizon_months?: number | null;
    /** relapse_vs_nrm models (when the server sends it): the cause whose cumulative incidence is predicted. */
    cause?: CompetingCause | null;
    /** What margin, base_margin and the SHAP values are on; absent from older servers (log-odds). */
    margin_scale?: MarginScale;
    intended_use?: string;
    validation?: PredictionValidation | null;
  };
  patient_id: string;
  probability: number;
  margin: number;
  base_margin: number;
  /** The probability at base_margin where the reasons start (servers from this version on). */
  base_probability?: number;
  interval: {
    lower: number;
    upper: number;
    level: number;
    method: string;
    replicates: number;
    replicates_used: number;
    seed: number;
  };
  conformal_set: (0 | 1)[];
  conformal: {
    alpha: number;
    coverage: number;
    method: string;
    split_model_probability: number;
    proper_training_rows: number;
    calibration_rows: number;
    threshold: number | null;
    seed: number;
    /** Why the set is what it is, when the server has something to add (e.g. too few calibration rows). */
    note?: string | null;
  };
  shap_method: string;
  shap: FeatureAttribution[];
  modalities_method: string;
  modalities: { modality: Modality; shap: number; features: number }[];
  missing_inputs: {
    feature: string;
    label?: string;
    unit?: string | null;
    modality: Modality;
    tried: FeatureCell[];
    min_probability: number;
    max_probability: number;
    note: string | null;
  }[];
  similar_patients: {
    patient_id: string;
    cohort?: string;
    distance: number;
    features_compared: number;
    /** 1 = the event, 0 = not (time-to-event: 0 = censored at time_months). */
    outcome: number;
    /** Time-to-event models: months from the landmark to the event or censoring. */
    time_months?: number;
  }[];
  training_data: { rows: number; events: number; same_as_model: boolean };
  reasons_method?: string;
  reasons?: PredictionReason[];
  what_if?: { feature: string; recorded: FeatureCell; used: FeatureCell }[];
}

export type PatientPredictionEntry =
  | { model: string; prediction: PatientPrediction }
  | { model: string; error: string };

export interface PatientPredictionsResponse {
  predictions: PatientPredictionEntry[];
}

export type WhatIf = Record<string, FeatureCell>;

export interface PredictRequest {
  patient: string;
  model: string;
  version?: number;
  whatIf?: WhatIf;
}
