import type { ModelRecord, ModelRunResult } from "@carta/engine";

/**
 * What the TRIPOD+AI study report is made from: the stored model version and its stored runs, nothing
 * typed by hand. The run documents are read as stored. Fields the model-lab contract added later
 * (calibration curve and groups, decision curve, conformal coverage, bootstrap stability) are optional
 * here, because runs stored before them lack them: the report says "not computed in this run" instead.
 */

type EngineValidation = NonNullable<ModelRunResult["validation"]>;
type EngineTransport = NonNullable<ModelRunResult["transport"]>;
type EngineRecalibration = EngineTransport["recalibration"][number];

/** Net benefit of one way of updating the model, at the transport analysis's thresholds. */
export type RecalibrationNetBenefitJson = EngineRecalibration["net_benefit"];

/**
 * What a competing-risks (relapse_vs_nrm) transport adds to the 2L performance: Wolbers' C truncated
 * at the horizon and the cause judged (`auc` is then the cause's time-dependent AUC, competing events
 * as controls, and `calibration_intercept` log(Aalen–Johansen observed / mean predicted incidence)).
 * Optional: binary and pfs/os transports, and runs stored before it, have neither.
 */
export interface CompetingTransportPerformanceJson {
  wolbers_c?: number | null;
  cause?: "relapse" | "nrm";
}

/**
 * A stored transport document; the net benefit of each update came later, so a run stored before it
 * lacks it and the report then leaves out the comparison by net benefit.
 */
export type TransportResultJson = Omit<EngineTransport, "recalibration" | "performance_2l"> & {
  performance_2l: Omit<EngineTransport["performance_2l"], keyof CompetingTransportPerformanceJson> &
    CompetingTransportPerformanceJson;
  recalibration: (Omit<EngineRecalibration, "net_benefit" | "wolbers_c"> & {
    net_benefit?: RecalibrationNetBenefitJson;
    /** Competing risks: Wolbers' C of the update, cross-validated in 2L. */
    wolbers_c?: number | null;
  })[];
};

/** rms::val.prob's lowess smooth of the out-of-fold predictions. */
export interface CalibrationCurveJson {
  method: string;
  points: { predicted: number; observed: number }[];
}

/**
 * One risk group of the out-of-fold predictions: mean predicted vs observed with a 95% CI — the
 * observed proportion with a Wilson CI, or for a time-to-event model the observed risk by the horizon,
 * 1 − the group's Kaplan–Meier S(τ) with Greenwood limits, with the group's events by the horizon and
 * the patients still followed there; for a competing-risks model the group's Aalen–Johansen cumulative
 * incidence of the cause with Wald limits from Aalen's variance.
 */
export interface CalibrationGroupJson {
  lower: number;
  upper: number;
  n: number;
  meanPredicted: number;
  observed: number;
  observedLower: number;
  observedUpper: number;
  eventsByHorizon?: number;
  atRiskAtHorizon?: number;
  /** Competing risks: patients still followed after the horizon (the group's Aalen–Johansen estimate has no "at risk at τ"). */
  atRiskAfterHorizon?: number;
}

/** Net benefit by threshold probability (Vickers & Elkin, Med Decis Making 2006;26:565). */
export interface DecisionCurveJson {
  thresholds: number[];
  model: number[];
  treatAll: number[];
  treatNone: number[];
}

export interface ConformalCoverageJson {
  alpha: number;
  targetCoverage: number;
  empiricalCoverage: number;
  coverageLower: number;
  coverageUpper: number;
  n: number;
  setSizes: { empty: number; single: number; both: number };
  method: string;
}

export interface PredictorStabilityJson {
  replicates: number;
  method: string;
  features: {
    feature: string;
    selectedFraction: number;
    medianRank: number;
    rankLower: number;
    rankUpper: number;
    top5Fraction: number;
  }[];
}

type NestedCvAdditions = "calibrationCurve" | "calibrationGroups" | "decisionCurve";

/** A stored validation run's result, with the later additions optional (older runs lack them). */
export type StoredValidation = Omit<
  EngineValidation,
  "nestedCv" | "conformal" | "stability" | "transport"
> & {
  nestedCv: Omit<EngineValidation["nestedCv"], NestedCvAdditions> & {
    calibrationCurve?: CalibrationCurveJson | null;
    calibrationGroups?: CalibrationGroupJson[] | null;
    decisionCurve?: DecisionCurveJson | null;
  };
  conformal?: ConformalCoverageJson | null;
  stability?: PredictorStabilityJson | null;
  transport: TransportResultJson | null;
};

export type StoredLoco = NonNullable<StoredValidation["loco"]>;
export type StoredPerformance = StoredValidation["nestedCv"]["performance"];
/** A time-to-event model's additions to a performance (survivalValidation.ts in @carta/engine). */
export type SurvivalPerformanceJson = NonNullable<StoredPerformance["survival"]>;

/** A feature column of the model's feature table, as its metadata describes it. */
export interface ReportFeature {
  name: string;
  label: string;
  unit: string | null;
  modality: string;
  /** Feature-table rows without a value. */
  missing: number;
  /** The time point the column reads. */
  timePoint: string;
  /** The rule of a derived score; null for a recorded variable. */
  derivation: string | null;
}

export interface StudyReportInput {
  model: ModelRecord;
  validation: { id: string; createdAt: string; result: StoredValidation };
  transport: { id: string; createdAt: string; result: TransportResultJson } | null;
  features: ReportFeature[];
  /** ISO-8601; also the PDF's creation date, so the same input gives the same bytes. */
  generatedAt: string;
  studyName: string;
  /** The data are carta's synthetic cohort: the report says so on every page. */
  synthetic: boolean;
}

/** Compiles only while T can be passed where U is expected. */
export type AssignableTo<T extends U, U> = T;
/** A run the engine stores now must stay readable as a StoredValidation: this fails to compile otherwise. */
export type EngineValidationIsReadable = AssignableTo<EngineValidation, StoredValidation>;
/** The same for a stored transport document. */
export type EngineTransportIsReadable = AssignableTo<EngineTransport, TransportResultJson>;
