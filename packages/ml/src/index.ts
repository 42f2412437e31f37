/**
 * @carta/ml — layer 1: learners behind one interface and the validation designs of the model lab
 * (DESIGN.md "Models and explanations", "Transportability"), pure functions over arrays.
 */
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
  ImputedElasticNetModel,
  ImputedElasticNetParams,
  PooledElasticNetCoefficient,
} from "./learners/imputedElasticNet.js";
export { imputedElasticNetLearner, pooledCoefficients } from "./learners/imputedElasticNet.js";
export type { BinaryLearner } from "./learners/learner.js";
export type {
  BinaryModelEndpoint,
  ModelCohort,
  ModelFeatureSpec,
  ModelFeatures,
  ModelLandmark,
  ModelLearnerSpec,
  ModelSpec,
  ModelValidationSpec,
} from "./spec/modelSpec.js";
export {
  BINARY_MODEL_ENDPOINTS,
  endpointEvent,
  featureSpecOf,
  intendedUseOf,
  MODEL_COHORTS,
  MODEL_LANDMARKS,
  MODEL_SPEC_FORMAT,
  MODEL_SPEC_VERSION,
  ModelSpecError,
  modelSpecJson,
  readModelSpec,
} from "./spec/modelSpec.js";
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
export type { SurvivalLearner } from "./survival/learner.js";
export type { SurvivalOutcomeRows } from "./survival/survivalData.js";
export { survivalOutcomeOf } from "./survival/survivalData.js";
export type {
  SurvivalHeldOutCenter,
  SurvivalLeaveOneCenterOutOptions,
  SurvivalLeaveOneCenterOutResult,
} from "./survival/survivalLeaveOneCenterOut.js";
export { survivalLeaveOneCenterOut } from "./survival/survivalLeaveOneCenterOut.js";
export type {
  SurvivalNestedCvOptions,
  SurvivalNestedCvPlan,
  SurvivalNestedCvResult,
  SurvivalOuterFoldRun,
  SurvivalTuningCriterion,
} from "./survival/survivalNestedCv.js";
export {
  combineSurvivalNestedCv,
  survivalNestedCrossValidation,
  survivalNestedCvOuterFold,
  survivalNestedCvPlan,
} from "./survival/survivalNestedCv.js";
export type { SurvivalOptimismOptions, SurvivalOptimismRunner } from "./survival/survivalOptimism.js";
export {
  SURVIVAL_OPTIMISM_INDEXES,
  survivalOptimism,
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
  BinaryPerformance,
  BinaryPerformance,
  CalibrationSummary,
  CalibrationSummary,
} from "./validation/binaryPerformance.js";
export {
  binaryPerformance,
  binaryPerformance,
  clampProbabilities,
  clampProbabilities,
  LOGIT_CLAMP,
  LOGIT_CLAMP,
} from "./validation/binaryPerformance.js";
export type { CalibrationGroup, CalibrationGroup } from "./validation/calibrationGroups.js";
export {
  CALIBRATION_GROUPS,
  CALIBRATION_GROUPS,
  calibrationGroups,
  calibrationGroups,
  MIN_GROUP_SIZE,
  MIN_GROUP_SIZE,
} from "./validation/calibrationGroups.js";
export {
  CONFORMAL_CALIBRATION_STREAM,
  CONFORMAL_CALIBRATION_STREAM,
  calibrationSplit,
  calibrationSplit,
} from "./validation/calibrationSplit.js";
export type {
  ConformalCoverage,
  ConformalCoverage,
  FoldConformal,
  FoldConformal,
  FoldConformalOptions,
  FoldConformalOptions,
} from "./validation/foldConformal.js";
export {
  CONFORMAL_CALIBRATION_FRACTION,
  CONFORMAL_CALIBRATION_FRACTION,
  foldConformal,
  foldConformal,
  nestedCvConformal,
  nestedCvConformal,
  summarizeConformal,
  summarizeConformal,
} from "./validation/foldConformal.js";
export type {
  HeldOutCenter,
  HeldOutCenter,
  LeaveOneCenterOutOptions,
  LeaveOneCenterOutOptions,
  LeaveOneCenterOutResult,
  LeaveOneCenterOutResult,
  PooledEstimate,
  PooledEstimate,
} from "./validation/leaveOneCenterOut.js";
export {
  leaveOneCenterOut,
  leaveOneCenterOut,
  SMALL_CENTRES,
  SMALL_CENTRES,
} from "./validation/leaveOneCenterOut.js";
export type {
  NestedCvOptions,
  NestedCvOptions,
  NestedCvPlan,
  NestedCvPlan,
  NestedCvResult,
  NestedCvResult,
  OuterFoldResult,
  OuterFoldResult,
  OuterFoldRun,
  OuterFoldRun,
  TuningCriterion,
  TuningCriterion,
} from "./validation/nestedCv.js";
export {
  combineNestedCv,
  combineNestedCv,
  nestedCrossValidation,
  nestedCrossValidation,
  nestedCvOuterFold,
  nestedCvOuterFold,
  nestedCvPlan,
  nestedCvPlan,
  outerFoldRows,
  outerFoldRows,
} from "./validation/nestedCv.js";
export type {
  BinaryOptimismOptions,
  BinaryOptimismOptions,
  BinaryOptimismRunner,
  BinaryOptimismRunner,
  BinaryOptimismRunOptions,
  BinaryOptimismRunOptions,
  BootstrapRefit,
  BootstrapRefit,
} from "./validation/optimism.js";
export {
  BINARY_OPTIMISM_INDEXES,
  BINARY_OPTIMISM_INDEXES,
  binaryOptimism,
  binaryOptimism,
  binaryOptimismRunner,
  binaryOptimismRunner,
} from "./validation/optimism.js";
export type {
  FeatureImportance,
  FeatureImportance,
  PredictorStability,
  PredictorStability,
  ReplicateImportance,
  ReplicateImportance,
} from "./validation/predictorStability.js";
export {
  featureImportance,
  featureImportance,
  importanceRanks,
  importanceRanks,
  predictorStability,
  predictorStability,
  STABILITY_SHAP_ROWS,
  STABILITY_SHAP_ROWS,
} from "./validation/predictorStability.js";
export type {
  CohortEffect,
  CohortEffect,
  FeatureShift,
  FeatureShift,
  PredictorEffect,
  PredictorEffect,
  RecalibrationComparison,
  RecalibrationComparison,
  TransportOptions,
  TransportOptions,
  TransportResult,
  TransportResult,
} from "./validation/transport.js";
export { transportBinary, transportBinary } from "./validation/transport.js";
export { wilsonInterval, wilsonInterval } from "./validation/wilson.js";
