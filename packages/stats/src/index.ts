export type {
  CumulativeIncidenceAt,
  CumulativeIncidenceCurve,
  CumulativeIncidenceOptions,
  CumulativeIncidenceResult,
} from "./competing/cumulativeIncidence.js";
export { cumulativeIncidence, cumulativeIncidenceAt } from "./competing/cumulativeIncidence.js";
export type {
  FineGrayFit,
  FineGrayOptions,
  FineGrayPrediction,
  FineGrayTest,
} from "./competing/fineGray.js";
export { fineGray, fineGrayPredict } from "./competing/fineGray.js";
export type { GrayTestOptions, GrayTestResult } from "./competing/grayTest.js";
export { grayTest } from "./competing/grayTest.js";
export { binaryNonconformity } from "./conformal/binaryScore.js";
export type {
  BinaryConformalCalibration,
  BinaryConformalOptions,
  BinaryPredictionSet,
} from "./conformal/binarySplitConformal.js";
export {
  binaryPredictionSet,
  binaryPredictionSets,
  calibrateBinaryConformal,
} from "./conformal/binarySplitConformal.js";
export type { EmpiricalCoverage } from "./conformal/coverage.js";
export { empiricalCoverage } from "./conformal/coverage.js";
export type { ConformalQuantile } from "./conformal/quantile.js";
export { conformalQuantile } from "./conformal/quantile.js";
export { medianIqr, quantileSorted } from "./descriptive/quantile.js";
export { chisqCdf, chisqUpperTail } from "./distributions/chisq.js";
export {
  normalCdf,
  normalLogCdf,
  normalLogUpperTail,
  normalQuantile,
  normalUpperTail,
} from "./distributions/normal.js";
export {
  studentTCdf,
  studentTDensity,
  studentTQuantile,
  studentTUpperQuantile,
  studentTUpperTail,
} from "./distributions/studentT.js";
export type { ImputeWithOptions } from "./imputation/mice.js";
export { completedDatasets, fitChainedImputation, imputeWith } from "./imputation/mice.js";
export type {
  ChainedImputationOptions,
  ChainedImputer,
  ColumnModel,
  CompletedDatasets,
  ImputationColumn,
  ImputationValue,
} from "./imputation/miceTypes.js";
export type { LinearAnalysisData } from "./imputation/pooledLinear.js";
export { poolLinearRegression } from "./imputation/pooledLinear.js";
export type { RubinPooledEstimate, RubinPoolOptions, RubinPoolTermsOptions } from "./imputation/rubin.js";
export { poolRubin, poolRubinTerms } from "./imputation/rubin.js";
export { cholesky, multiplyLower, NotPositiveDefiniteError } from "./linalg/cholesky.js";
export type { LdlFactor } from "./linalg/ldl.js";
export {
  COXPH_TOLER_CHOL,
  ldlFactor,
  ldlInverse,
  ldlSolveInPlace,
  quadraticFormInverse,
} from "./linalg/ldl.js";
export { SingularMatrixError, solveLinear } from "./linalg/solve.js";
export type {
  MetaAnalysisOptions,
  MetaAnalysisResult,
  MetaMethod,
  MetaTest,
  PredictionIntervalType,
} from "./meta/metaAnalysis.js";
export { metaAnalysis } from "./meta/metaAnalysis.js";
export type { RemlControl, Tau2Estimate } from "./meta/tau2.js";
export { RemlConvergenceError, tau2DerSimonianLaird, tau2Reml } from "./meta/tau2.js";
export { elasticNetCox } from "./penalized/coxPath.js";
export {
  crossValidateCox,
  crossValidateLogistic,
  cvOptimalLambda,
} from "./penalized/crossValidate.js";
export { coxKkt, logisticKkt } from "./penalized/kkt.js";
export { defaultLambdaMinRatio, glmnetLambdaSequence } from "./penalized/lambdaPath.js";
export { elasticNetLogistic } from "./penalized/logisticPath.js";
export { elasticNetLinearPredictor } from "./penalized/predict.js";
export type {
  CoxPathOptions,
  CrossValidationOptions,
  ElasticNetCrossValidation,
  ElasticNetFamily,
  ElasticNetOptions,
  ElasticNetPath,
  ElasticNetWarning,
  ElasticNetWarningCode,
  KktCheck,
  LogisticPathOptions,
  PathStop,
} from "./penalized/types.js";
export { SeededRandom } from "./random/rng.js";
export { logisticPredict, logisticRegression } from "./regression/logistic.js";
export type {
  LogisticCoefficients,
  LogisticFitProblem,
  LogisticRegressionFit,
  LogisticRegressionOptions,
} from "./regression/logisticTypes.js";
export { LogisticFitError } from "./regression/logisticTypes.js";
export type { BootstrapOptions } from "./resampling/bootstrap.js";
export { BOOTSTRAP_STREAM, bootstrapResampler, bootstrapSample, outOfBag } from "./resampling/bootstrap.js";
export type { CoxValidationFit, CoxValidationOptions } from "./resampling/coxValidation.js";
export { COX_VALIDATION_INDEXES, coxValidationModel } from "./resampling/coxValidation.js";
export { giniMeanDifference } from "./resampling/giniMeanDifference.js";
export type { KFoldOptions } from "./resampling/kFold.js";
export { foldSplit, K_FOLD_STREAM, kFoldAssignment, repeatedKFold } from "./resampling/kFold.js";
export type { GroupFolds } from "./resampling/leaveOneGroupOut.js";
export { leaveOneGroupOut } from "./resampling/leaveOneGroupOut.js";
export type { LogisticValidationFit, LogisticValidationOptions } from "./resampling/logisticValidation.js";
export {
  calibrationEmax,
  LOGISTIC_VALIDATION_INDEXES,
  logisticValidationModel,
} from "./resampling/logisticValidation.js";
export type {
  BootstrapOptimismOptions,
  IndexValues,
  OptimismModel,
  OptimismReplicate,
  OptimismRow,
  OptimismTable,
} from "./resampling/optimism.js";
export {
  allRows,
  apparentIndexes,
  bootstrapOptimism,
  optimismReplicate,
  summarizeOptimism,
} from "./resampling/optimism.js";
export { replicateRandom } from "./resampling/replicateRandom.js";
export { somersDxyBinary } from "./resampling/somersDxy.js";
export type {
  ConcordanceOptions,
  ConcordanceResult,
  ConcordanceTimeWeight,
  RiskConcordanceMethod,
  RiskConcordanceOptions,
} from "./survival/concordance.js";
export { concordance, riskConcordance } from "./survival/concordance.js";
export type {
  CoxBaselineHazard,
  CoxStratumHazard,
  CoxSurvivalCurve,
  CoxSurvivalPrediction,
} from "./survival/cox/baseline.js";
export { coxBaselineHazard, coxPredictSurvival } from "./survival/cox/baseline.js";
export { coxPh } from "./survival/cox/coxPh.js";
export type {
  CoxCoefficients,
  CoxConcordance,
  CoxModelData,
  CoxPhFit,
  CoxPhOptions,
  CoxTerm,
  CoxTest,
  CoxTies,
} from "./survival/cox/types.js";
export type { CoxZphResult, CoxZphTransform } from "./survival/cox/zph.js";
export { coxZph } from "./survival/cox/zph.js";
export type {
  KaplanMeierAt,
  KaplanMeierCurve,
  KaplanMeierMedian,
  KaplanMeierOptions,
  KaplanMeierResult,
} from "./survival/kaplanMeier.js";
export { kaplanMeier, survivalAt } from "./survival/kaplanMeier.js";
export type { Levels } from "./survival/levels.js";
export { levelsOf } from "./survival/levels.js";
export type { LogRankOptions, LogRankResult } from "./survival/logRank.js";
export { logRank } from "./survival/logRank.js";
export { mergeNearTimes } from "./survival/timefix.js";
export type { AucComparison, AucComparisonOptions, AucOptions, AucResult } from "./validation/binary/auc.js";
export { auc, compareAucDelong } from "./validation/binary/auc.js";
export type { BrierOptions, BrierResult } from "./validation/binary/brier.js";
export { brierScore } from "./validation/binary/brier.js";
export type {
  CalibrationCurveOptions,
  CalibrationCurveResult,
  CalibrationOptions,
  CalibrationResult,
} from "./validation/binary/calibration.js";
export { calibration, calibrationCurve } from "./validation/binary/calibration.js";
export type {
  DecisionCurveOptions,
  DecisionCurvePoint,
  DecisionCurveResult,
} from "./validation/binary/decisionCurve.js";
export { decisionCurve, thresholdSequence } from "./validation/binary/decisionCurve.js";
export type { LogLossOptions, LogLossResult } from "./validation/binary/logLoss.js";
export { logLoss } from "./validation/binary/logLoss.js";
export type { LowessOptions, LowessResult } from "./validation/binary/lowess.js";
export { lowess } from "./validation/binary/lowess.js";
export type {
  BinaryStandardizedDifference,
  CategoricalStandardizedDifference,
  CategoryLevel,
  StandardizedMeanDifference,
} from "./validation/covariateShift.js";
export {
  binaryStandardizedDifference,
  categoricalStandardizedDifference,
  standardizedMeanDifference,
} from "./validation/covariateShift.js";
export type { AdjustPValuesOptions, PValueAdjustment } from "./validation/multipleTesting.js";
export { adjustPValues } from "./validation/multipleTesting.js";
export { censoringSurvivalAt, censoringWeights } from "./validation/survival/censoringWeights.js";
export type { IntegratedBrierResult } from "./validation/survival/integratedBrier.js";
export { integrateBrierScore, integratedBrier } from "./validation/survival/integratedBrier.js";
export type { RiskPredictions, SurvivalOutcomeInput } from "./validation/survival/outcome.js";
export type {
  TimeDependentAucOptions,
  TimeDependentAucResult,
} from "./validation/survival/timeDependentAuc.js";
export { timeDependentAuc } from "./validation/survival/timeDependentAuc.js";
export type {
  TimeDependentBrierOptions,
  TimeDependentBrierResult,
} from "./validation/survival/timeDependentBrier.js";
export { timeDependentBrier } from "./validation/survival/timeDependentBrier.js";
export type { WeightedAuc } from "./validation/survival/weightedAuc.js";
export { weightedAuc } from "./validation/survival/weightedAuc.js";
