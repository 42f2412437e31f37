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
export { medianIqr, quantileSorted } from "./descriptive/quantile.js";
export { chisqCdf, chisqUpperTail } from "./distributions/chisq.js";
export {
  normalCdf,
  normalLogCdf,
  normalLogUpperTail,
  normalQuantile,
  normalUpperTail,
} from "./distributions/normal.js";
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
export { SeededRandom } from "./random/rng.js";
export type { ConcordanceOptions, ConcordanceResult } from "./survival/concordance.js";
export { concordance } from "./survival/concordance.js";
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
