/**
 * @carta/ml — layer 1: learners behind one interface and the validation designs of the model lab
 * (DESIGN.md "Models and explanations", "Transportability"), pure functions over arrays.
 */

export type { CauseSpecificModel, CompetingRiskLearner } from "./competing/causeSpecificRisk.js";
export { absoluteRiskFromLinearPredictors, causeSpecificLearner } from "./competing/causeSpecificRisk.js";
export type { CompetingCause, CompetingOutcomeRows } from "./competing/competingData.js";
export { COMPETING_CAUSES, competingOutcomeOf } from "./competing/competingData.js";
export type {
  CompetingCalibrationGroup,
  CompetingConcordance,
  CompetingPerformance,
  CompetingPerformanceInput,
} from "./competing/competingPerformance.js";
export { competingPerformance, wolbersConcordance } from "./competing/competingPerformance.js";
export type {
  CompetingRecalibrationComparison,
  CompetingTransportOptions,
  CompetingTransportPerformance,
  CompetingTransportResult,
} from "./competing/competingTransport.js";
export { transportCompeting } from "./competing/competingTransport.js";
export type {
  CompetingLeaveOneCenterOutOptions,
  CompetingNestedCvOptions,
  CompetingOptimismOptions,
  CompetingTuningCriterion,
} from "./competing/competingValidation.js";
export {
  COMPETING_OPTIMISM_INDEXES,
  causeLearner,
  competingEndpoint,
  competingLeaveOneCenterOut,
  competingNestedCrossValidation,
  competingOptimism,
} from "./competing/competingValidation.js";
export type { FeatureCell, FeatureColumnSpec, FeatureType, LearningTable } from "./data.js";
export { everyRow } from "./data.js";
export type { BoostedTreesModel, BoostedTreesParams } from "./learners/boostedTrees.js";
export { boostedTreesLearner } from "./learners/boostedTrees.js";
export type { DesignColumn, DesignEncoding } from "./learners/design.js";
export { designMatrix, learnEncoding } from "./learners/design.js";
export type { EbmBinning } from "./learners/ebm/binning.js";
export type {
  EbmContributions,
  EbmFeatureContribution,
  EbmTermContribution,
} from "./learners/ebm/contributions.js";
export { ebmContributions } from "./learners/ebm/contributions.js";
export { ebmLearner, fitEbm } from "./learners/ebm/ebmLearner.js";
export type { EbmFeatureTerm, EbmModel, EbmPairTerm, EbmTrainingSummary } from "./learners/ebm/model.js";
export { ebmMargin, ebmProbability } from "./learners/ebm/model.js";
export type { EbmParams, ResolvedEbmParams } from "./learners/ebm/params.js";
export { EBM_DEFAULTS, EBM_PARAM_LIMITS, resolveEbmParams } from "./learners/ebm/params.js";
export type { EbmBinningJson, EbmFeatureJson, EbmModelJson, EbmPairJson } from "./learners/ebm/serialize.js";
export {
  deserializeEbm,
  EBM_MODEL_FORMAT,
  EBM_MODEL_VERSION,
  EbmModelError,
  serializeEbm,
} from "./learners/ebm/serialize.js";
export type {
  EbmAxisBin,
  EbmFeatureShape,
  EbmPairShape,
  EbmShapeBin,
  EbmShapes,
} from "./learners/ebm/shapeFunctions.js";
export { ebmShapeFunctions } from "./learners/ebm/shapeFunctions.js";
export type { ElasticNetModel, ElasticNetParams } from "./learners/elasticNet.js";
export { elasticNetLearner, MissingValuesError } from "./learners/elasticNet.js";
export type {
  AnyImputedElasticNetPredictor,
  ImputedElasticNetCoxPredictor,
  ImputedElasticNetFit,
  ImputedElasticNetKind,
  ImputedElasticNetLogisticPredictor,
  ImputedElasticNetModel,
  ImputedElasticNetParams,
  ImputedElasticNetPredictor,
  PooledElasticNetCoefficient,
  StoredImputer,
} from "./learners/imputedElasticNet.js";
export {
  IMPUTED_ELASTIC_NET_KINDS,
  imputedElasticNetDesigns,
  imputedElasticNetLearner,
  imputedElasticNetMargins,
  pooledCoefficients,
} from "./learners/imputedElasticNet.js";
export type {
  BreslowBaselineJson,
  ChainedImputerJson,
  DesignEncodingJson,
  ImputationModelJson,
  ImputedElasticNetJson,
} from "./learners/imputedElasticNetJson.js";
export {
  deserializeImputedElasticNet,
  IMPUTED_ELASTIC_NET_FORMAT,
  IMPUTED_ELASTIC_NET_VERSION,
  ImputedElasticNetModelError,
  serializeImputedElasticNet,
} from "./learners/imputedElasticNetJson.js";
export type { ImputedLinearExplainer } from "./learners/imputedElasticNetShap.js";
export { imputedElasticNetExplainer } from "./learners/imputedElasticNetShap.js";
export type { BinaryLearner } from "./learners/learner.js";
export type {
  BinaryModelEndpoint,
  CompetingModelCause,
  ModelCohort,
  ModelEndpoint,
  ModelFeatureSpec,
  ModelFeatures,
  ModelLandmark,
  ModelLearnerSpec,
  ModelSpec,
  ModelValidationSpec,
  SurvivalModelEndpoint,
} from "./spec/modelSpec.js";
export {
  BINARY_MODEL_ENDPOINTS,
  COMPETING_MODEL_CAUSES,
  causeStatusOf,
  endpointEvent,
  featureSpecOf,
  intendedUseOf,
  isCompetingEndpoint,
  isSurvivalEndpoint,
  MODEL_COHORTS,
  MODEL_LANDMARKS,
  MODEL_LEARNER_KINDS,
  MODEL_SPEC_FORMAT,
  MODEL_SPEC_VERSION,
  ModelSpecError,
  modelEvent,
  modelSpecJson,
  readModelSpec,
  SURVIVAL_LEARNER_KINDS,
  SURVIVAL_MODEL_ENDPOINTS,
} from "./spec/modelSpec.js";
export { statusAtHorizon, survivalAtHorizon } from "./survival/atHorizon.js";
export type { BoostedTreesCoxModel, BoostedTreesCoxParams } from "./survival/boostedTreesCox.js";
export { boostedTreesCoxLearner } from "./survival/boostedTreesCox.js";
export type { BreslowBaseline } from "./survival/breslow.js";
export {
  baselineCumulativeHazardAt,
  breslowBaseline,
  survivalFromLinearPredictor,
} from "./survival/breslow.js";
export type { SurvivalCalibrationGroup } from "./survival/calibrationAtHorizon.js";
export { riskGroups, survivalCalibrationGroups } from "./survival/calibrationAtHorizon.js";
export type { ElasticNetCoxModel, ElasticNetCoxParams } from "./survival/elasticNetCox.js";
export { elasticNetCoxLearner } from "./survival/elasticNetCox.js";
export type {
  ImputedElasticNetCoxFit,
  ImputedElasticNetCoxModel,
} from "./survival/imputedElasticNetCox.js";
export {
  imputedElasticNetCoxLearner,
  imputedElasticNetCoxSurvival,
} from "./survival/imputedElasticNetCox.js";
export type { SurvivalLearner } from "./survival/learner.js";
export type { SurvivalOutcomeRows } from "./survival/survivalData.js";
export { survivalOutcomeOf } from "./survival/survivalData.js";
export type { SurvivalDecisionCurve } from "./survival/survivalDecisionCurve.js";
export { survivalDecisionCurve } from "./survival/survivalDecisionCurve.js";
export type {
  CenterEndpoint,
  PooledMetric,
  SurvivalHeldOutCenter,
  SurvivalLeaveOneCenterOutOptions,
  SurvivalLeaveOneCenterOutResult,
  TimeToEventLeaveOneCenterOutResult,
} from "./survival/survivalLeaveOneCenterOut.js";
export {
  survivalCenterEndpoint,
  survivalLeaveOneCenterOut,
  timeToEventLeaveOneCenterOut,
} from "./survival/survivalLeaveOneCenterOut.js";
export type {
  EndpointPerformanceInput,
  ScoredRows,
  SurvivalNestedCvOptions,
  SurvivalNestedCvPlan,
  SurvivalNestedCvResult,
  SurvivalOuterFoldRun,
  SurvivalTuningCriterion,
  TimeToEventEndpoint,
} from "./survival/survivalNestedCv.js";
export {
  combineSurvivalNestedCv,
  survivalEndpoint,
  survivalNestedCrossValidation,
  survivalNestedCvInnerScore,
  survivalNestedCvOuterFold,
  survivalNestedCvPlan,
} from "./survival/survivalNestedCv.js";
export type {
  OptimismEndpoint,
  SurvivalOptimismOptions,
  SurvivalOptimismRunner,
} from "./survival/survivalOptimism.js";
export {
  SURVIVAL_OPTIMISM_INDEXES,
  survivalOptimism,
  survivalOptimismEndpoint,
  survivalOptimismRunner,
} from "./survival/survivalOptimism.js";
export type {
  IntervalEstimate,
  SurvivalBrier,
  SurvivalPerformance,
  SurvivalPerformanceInput,
} from "./survival/survivalPerformance.js";
export { coxCalibrationSlope, survivalPerformance } from "./survival/survivalPerformance.js";
export type {
  SurvivalCalibrationIntercept,
  SurvivalRecalibrationComparison,
  SurvivalTransportOptions,
  SurvivalTransportPerformance,
  SurvivalTransportResult,
} from "./survival/survivalTransport.js";
export { survivalCalibrationIntercept, transportSurvival } from "./survival/survivalTransport.js";
export type { BinaryPerformance, CalibrationSummary } from "./validation/binaryPerformance.js";
export { binaryPerformance, clampProbabilities, LOGIT_CLAMP } from "./validation/binaryPerformance.js";
export type { CalibrationGroup } from "./validation/calibrationGroups.js";
export { CALIBRATION_GROUPS, calibrationGroups, MIN_GROUP_SIZE } from "./validation/calibrationGroups.js";
export { CONFORMAL_CALIBRATION_STREAM, calibrationSplit } from "./validation/calibrationSplit.js";
export type { ConformalCoverage, FoldConformal, FoldConformalOptions } from "./validation/foldConformal.js";
export {
  CONFORMAL_CALIBRATION_FRACTION,
  foldConformal,
  nestedCvConformal,
  summarizeConformal,
} from "./validation/foldConformal.js";
export type {
  HeldOutCenter,
  LeaveOneCenterOutOptions,
  LeaveOneCenterOutResult,
  PooledEstimate,
} from "./validation/leaveOneCenterOut.js";
export { leaveOneCenterOut, SMALL_CENTRES } from "./validation/leaveOneCenterOut.js";
export type {
  NestedCvOptions,
  NestedCvPlan,
  NestedCvResult,
  OuterFoldResult,
  OuterFoldRun,
  TuningCriterion,
} from "./validation/nestedCv.js";
export {
  combineNestedCv,
  nestedCrossValidation,
  nestedCvInnerScore,
  nestedCvOuterFold,
  nestedCvPlan,
  outerFoldRows,
} from "./validation/nestedCv.js";
export type {
  BinaryOptimismOptions,
  BinaryOptimismRunner,
  BinaryOptimismRunOptions,
  BootstrapRefit,
} from "./validation/optimism.js";
export { BINARY_OPTIMISM_INDEXES, binaryOptimism, binaryOptimismRunner } from "./validation/optimism.js";
export type {
  FeatureImportance,
  PredictorStability,
  ReplicateImportance,
} from "./validation/predictorStability.js";
export {
  featureImportance,
  importanceRanks,
  predictorStability,
  STABILITY_SHAP_ROWS,
} from "./validation/predictorStability.js";
export type {
  CohortEffect,
  FeatureShift,
  PredictorEffect,
  RecalibrationComparison,
  TransportOptions,
  TransportResult,
} from "./validation/transport.js";
export { transportBinary } from "./validation/transport.js";
export { wilsonInterval } from "./validation/wilson.js";
