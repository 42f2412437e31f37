import { BEST_CR_MODEL, COVARIATES, NRM_MODEL, PFS_MODEL } from "../parameters.js";
import type { Cohort } from "../types.js";
import type { Baseline } from "./baseline.js";

/**
 * The D.5 linear predictors, without the centre effect (the caller adds u_c). Coefficients are
 * ln of the listed hazard or odds ratios; binary covariates enter as 0/1.
 */

const ln = Math.log;
const b = (flag: boolean): number => (flag ? 1 : 0);
const agePer10 = (base: Baseline): number => (base.ageYears - COVARIATES.ageCentre) / 10;

/** Log relative hazard of progression. */
export function pfsLinearPredictor(base: Baseline, cohort: Cohort): number {
  const hr = PFS_MODEL.hazardRatios;
  return (
    ln(hr.ldhAboveUln) * b(base.ldhAboveUln) +
    ln(hr.ecogAtLeast2) * b(base.ecogPreLd >= 2) +
    ln(hr.mtvHigh[cohort]) * b(base.mtvHigh) +
    ln(hr.ctdnaHigh) * b(base.ctdnaHigh) +
    ln(hr.perDoublingCrpMgDl) * Math.log2(base.preLd.crpMgL / 10) +
    ln(hr.tisaCelVsAxiCel) * b(base.product === "tisa_cel") +
    ln(hr.lisoCelVsAxiCel) * b(base.product === "liso_cel") +
    ln(hr.bridgingPmd) * b(base.bridgingPmd) +
    ln(hr.perSdNaiveLikeCd8[cohort]) * base.naiveLikeZ +
    ln(hr.perSdMmdsc) * base.mmdscZ +
    ln(hr.per10YearsAge) * agePer10(base) +
    ln(hr.secondLine) * b(cohort === "2L")
  );
}

/** Log relative hazard of non-relapse death. */
export function nrmLinearPredictor(base: Baseline, cohort: Cohort): number {
  const hr = NRM_MODEL.hazardRatios;
  return (
    ln(hr.per10YearsAge) * agePer10(base) +
    ln(hr.hematotoxHigh) * b(base.hematotoxHigh) +
    ln(hr.ecogAtLeast2) * b(base.ecogPreLd >= 2) +
    ln(hr.secondLine) * b(cohort === "2L")
  );
}

/** Logit of best complete (metabolic) response. */
export function bestCrLinearPredictor(base: Baseline, cohort: Cohort): number {
  const or = BEST_CR_MODEL.oddsRatios;
  return (
    BEST_CR_MODEL.intercept +
    ln(or.ldhAboveUln) * b(base.ldhAboveUln) +
    ln(or.perDoublingMtvOver130) * Math.log2(base.mtvPreLdMl / COVARIATES.mtvHighMl) +
    ln(or.ecogAtLeast2) * b(base.ecogPreLd >= 2) +
    ln(or.perLog10CtdnaOver2) * (base.ctdnaPreLdLog10 - COVARIATES.ctdnaHighLog10) +
    ln(or.perDoublingCrpMgDl) * Math.log2(base.preLd.crpMgL / 10) +
    ln(or.bridgingPmd) * b(base.bridgingPmd) +
    ln(or.tisaCel) * b(base.product === "tisa_cel") +
    ln(or.perSdNaiveLikeCd8[cohort]) * base.naiveLikeZ +
    ln(or.perSdMmdsc) * base.mmdscZ
  );
}
