import { hematotox, mEasix } from "@carta/clinical";
import type { SeededRandom } from "@carta/stats";
import type { LatentCopula } from "../copula.js";
import { categoryFromLatent, clamp, logistic, round, truncatedNormalFromLatent } from "../draws.js";
import {
  BRIDGING_RESPONSE_IF_NOT_PMD,
  COVARIATES,
  LAB_LIMITS,
  MARGINALS,
  MONTHS_TO_RELAPSE,
  TUMOUR_BURDEN,
} from "../parameters.js";
import {
  BRIDGING_TYPES,
  type BridgingType,
  type Cohort,
  DISEASE_STATUSES,
  type DiseaseStatus1l,
  HISTOLOGIES,
  type Histology,
  PRODUCTS,
  type Product,
  type Response,
} from "../types.js";

/** One set of laboratory values in canonical units, rounded to recording precision. */
export interface LabPanel {
  crpMgL: number;
  ferritinNgMl: number;
  ldhUPerL: number;
  albuminGDl: number;
  plateletsE9L: number;
  hemoglobinGDl: number;
  ancE9L: number;
  creatinineMgDl: number;
  il6PgMl: number;
}

/** The simulated truth of one patient before CAR-T (pre-LD is the reference time of every score). */
export interface Baseline {
  sex: "F" | "M";
  ageYears: number;
  ecogPreLd: number;
  ecogDecision: number;
  histology: Histology;
  /** null for PMBCL (not applicable). */
  cellOfOrigin: "GCB" | "non_GCB" | "unclassifiable" | null;
  cooMethod: "Hans_IHC" | "GEP";
  stagePreLd: number;
  stageDecision: number;
  extranodalPreLd: number;
  extranodalDecision: number;
  largestLesionCm: number;
  mtvPreLdMl: number;
  mtvDecisionMl: number;
  diseaseStatus1l: DiseaseStatus1l;
  monthsToRelapse: number;
  priorLines: number;
  priorAsct: boolean;
  priorAllo: boolean;
  bridgingType: BridgingType;
  /** True bridging response (null without bridging); recorded "not_assessed" when no interim scan. */
  bridgingResponse: Response | null;
  product: Product;
  ldhUlnUPerL: number;
  /** LDH/ULN, the quantity the copula models. */
  ldhUlnRatio: number;
  preLd: LabPanel;
  ctdnaPreLdLog10: number;
  productNaiveLikeCd8Fraction: number;
  mmdscPct: number;
  /** D.5 covariates. */
  naiveLikeZ: number;
  mmdscZ: number;
  mtvHigh: boolean;
  ctdnaHigh: boolean;
  ldhAboveUln: boolean;
  bridgingPmd: boolean;
  hematotoxScore: number;
  hematotoxHigh: boolean;
  /** log2 m-EASIX from harmonised LDH (LDH/ULN × 230), CRP mg/dL and platelets (D.5). */
  mEasixLog2: number;
  /** Standard-normal latent of the MTV (drives lesion size, stage, extranodal sites). */
  mtvLatent: number;
}

function pick<T>(rng: SeededRandom, choices: readonly T[], weights: Record<string, number>): T {
  return choices[rng.categorical(choices.map((c) => weights[String(c)] ?? 0))]!;
}

function correlatedWith(rng: SeededRandom, latent: number, rho: number): number {
  return rho * latent + Math.sqrt(1 - rho * rho) * rng.normal();
}

export function simulateBaseline(
  rng: SeededRandom,
  copula: LatentCopula,
  cohort: Cohort,
  ldhUlnUPerL: number,
): Baseline {
  const m = MARGINALS[cohort];
  const z = copula.draw(rng.fork("copula"));
  const draw = rng.fork("discrete");

  const ageYears = round(truncatedNormalFromLatent(z.age, m.ageYears), 1);
  const logNormalAt = (median: number, sdLog: number, latent: number): number =>
    median * Math.exp(sdLog * latent);
  const limit = (value: number, key: keyof typeof LAB_LIMITS): number =>
    clamp(value, LAB_LIMITS[key].min, LAB_LIMITS[key].max);

  const ldhUlnRatio = logNormalAt(m.ldhUlnRatio.median, m.ldhUlnRatio.sdLog, z.log_ldh_uln_ratio);
  const preLd: LabPanel = {
    crpMgL: round(limit(10 * logNormalAt(m.crpMgDl.median, m.crpMgDl.sdLog, z.log_crp), "crpMgL"), 1),
    ferritinNgMl: round(
      limit(logNormalAt(m.ferritinNgMl.median, m.ferritinNgMl.sdLog, z.log_ferritin), "ferritinNgMl"),
      0,
    ),
    ldhUPerL: round(limit(ldhUlnRatio * ldhUlnUPerL, "ldhUPerL"), 0),
    albuminGDl: round(limit(m.albuminGDl.mean + m.albuminGDl.sd * z.albumin, "albuminGDl"), 1),
    plateletsE9L: round(
      limit(logNormalAt(m.plateletsE9L.median, m.plateletsE9L.sdLog, z.log_platelets), "plateletsE9L"),
      0,
    ),
    hemoglobinGDl: round(limit(m.hemoglobinGDl.mean + m.hemoglobinGDl.sd * z.hemoglobin, "hemoglobinGDl"), 1),
    ancE9L: round(limit(logNormalAt(m.ancE9L.median, m.ancE9L.sdLog, z.log_anc), "ancE9L"), 2),
    creatinineMgDl: round(
      limit(logNormalAt(m.creatinineMgDl.median, m.creatinineMgDl.sdLog, z.log_creatinine), "creatinineMgDl"),
      2,
    ),
    il6PgMl: round(limit(logNormalAt(m.il6PgMl.median, m.il6PgMl.sdLog, z.log_il6), "il6PgMl"), 1),
  };
  const mtvPreLdMl = round(limit(logNormalAt(m.mtvMl.median, m.mtvMl.sdLog, z.log_mtv), "mtvMl"), 1);
  const ctdnaPreLdLog10 = round(m.ctdnaLog10HgePerMl.mean + m.ctdnaLog10HgePerMl.sd * z.ctdna_log10, 2);
  const naiveLogit = Math.log(m.productNaiveLikeCd8.median / (1 - m.productNaiveLikeCd8.median));
  const productNaiveLikeCd8Fraction = logistic(
    naiveLogit + m.productNaiveLikeCd8.sdLogit * z.logit_product_naive_like_cd8,
  );
  const mmdscPct = logNormalAt(m.mmdscPctPbmc.median, m.mmdscPctPbmc.sdLog, z.log_mmdsc);

  // Tumour-burden categories: thresholds of the MTV latent plus independent noise (D.3).
  const rho = TUMOUR_BURDEN.mtvLatentCorrelation;
  const stagePreLd = 1 + categoryFromLatent(correlatedWith(draw, z.log_mtv, rho), m.annArborStage);
  let extranodalPreLd = categoryFromLatent(correlatedWith(draw, z.log_mtv, rho), m.extranodalSites);
  if (extranodalPreLd === 3) extranodalPreLd += draw.categorical(m.extranodalThreePlusSplit);
  const largestLesionCm = round(
    clamp(
      m.largestLesionCm.median * Math.exp(m.largestLesionCm.sdLog * correlatedWith(draw, z.log_mtv, rho)),
      LAB_LIMITS.largestLesionCm.min,
      LAB_LIMITS.largestLesionCm.max,
    ),
    1,
  );
  const stageDecision = draw.bernoulli(TUMOUR_BURDEN.stageChangeBeforePreLdProbability)
    ? clamp(stagePreLd + (draw.bernoulli(0.5) ? 1 : -1), 1, 4)
    : stagePreLd;
  const extranodalDecision = draw.bernoulli(TUMOUR_BURDEN.extranodalChangeBeforePreLdProbability)
    ? Math.max(0, extranodalPreLd + (draw.bernoulli(0.6) ? -1 : 1))
    : extranodalPreLd;
  const shift = TUMOUR_BURDEN.decisionMtvLogShift;
  const mtvDecisionMl = round(
    clamp(
      mtvPreLdMl * Math.exp(draw.normal(shift.mean, shift.sd)),
      LAB_LIMITS.mtvMl.min,
      LAB_LIMITS.mtvMl.max,
    ),
    1,
  );

  const sex = draw.bernoulli(m.maleProbability) ? "M" : "F";
  const ecogPreLd = draw.categorical(m.ecogPreLd);
  let ecogDecision = ecogPreLd;
  const ecogChange = draw.uniform();
  if (ecogChange < TUMOUR_BURDEN.decisionEcogBetter && ecogPreLd > 0) ecogDecision = ecogPreLd - 1;
  else if (ecogChange > 1 - TUMOUR_BURDEN.decisionEcogWorse && ecogPreLd < 3) ecogDecision = ecogPreLd + 1;

  const histology = pick(draw, HISTOLOGIES, m.histology);
  const gcb = histology === "tFL" ? m.gcbProbabilityTransformedFl : m.gcbProbability;
  const cooMethod = draw.bernoulli(0.85) ? "Hans_IHC" : "GEP";
  let cellOfOrigin: Baseline["cellOfOrigin"] = draw.bernoulli(gcb) ? "GCB" : "non_GCB";
  // Gene-expression profiling leaves some tumours unclassified; Hans IHC always assigns one of two.
  if (cooMethod === "GEP" && draw.bernoulli(0.12)) cellOfOrigin = "unclassifiable";
  if (histology === "PMBCL") cellOfOrigin = null;

  const diseaseStatus1l = pick(draw, DISEASE_STATUSES, m.diseaseStatus1l);
  const relapse = MONTHS_TO_RELAPSE[diseaseStatus1l];
  const monthsToRelapse = round(
    "min" in relapse
      ? relapse.min + (relapse.max - relapse.min) * draw.uniform()
      : clamp(12 + relapse.median * Math.exp(draw.normal(0, relapse.sdLog)), 12.1, 240),
    1,
  );
  const priorLines = 1 + draw.categorical(m.priorLines);
  const priorAsct = priorLines >= 2 && draw.bernoulli(m.priorAsctProbability);
  const priorAllo = priorLines >= 2 && draw.bernoulli(m.priorAlloProbability);
  const bridgingType = pick(draw, BRIDGING_TYPES, m.bridging);
  let bridgingResponse: Response | null = null;
  if (bridgingType !== "none") {
    bridgingResponse = draw.bernoulli(m.bridgingPmdAmongBridged)
      ? "PMD"
      : (["CMR", "PMR", "NMR"] as const)[
          draw.categorical([
            BRIDGING_RESPONSE_IF_NOT_PMD.CMR,
            BRIDGING_RESPONSE_IF_NOT_PMD.PMR,
            BRIDGING_RESPONSE_IF_NOT_PMD.NMR,
          ])
        ]!;
  }
  const product = pick(draw, PRODUCTS, m.product);

  const crpMgDl = preLd.crpMgL / 10;
  const score = hematotox({
    plateletsE9PerL: preLd.plateletsE9L,
    ancE9PerL: preLd.ancE9L,
    hemoglobinGPerDl: preLd.hemoglobinGDl,
    crpMgPerDl: crpMgDl,
    ferritinNgPerMl: preLd.ferritinNgMl,
  });
  const easix = mEasix({
    ldhUPerL: ldhUlnRatio * COVARIATES.harmonisedLdhUln,
    crpMgPerDl: crpMgDl,
    plateletsE9PerL: preLd.plateletsE9L,
  });

  return {
    sex,
    ageYears,
    ecogPreLd,
    ecogDecision,
    histology,
    cellOfOrigin,
    cooMethod,
    stagePreLd,
    stageDecision,
    extranodalPreLd,
    extranodalDecision,
    largestLesionCm,
    mtvPreLdMl,
    mtvDecisionMl,
    diseaseStatus1l,
    monthsToRelapse,
    priorLines,
    priorAsct,
    priorAllo,
    bridgingType,
    bridgingResponse,
    product,
    ldhUlnUPerL,
    ldhUlnRatio,
    preLd,
    ctdnaPreLdLog10,
    productNaiveLikeCd8Fraction,
    mmdscPct,
    naiveLikeZ:
      (Math.log(productNaiveLikeCd8Fraction / (1 - productNaiveLikeCd8Fraction)) -
        COVARIATES.naiveLikeZ.location) /
      COVARIATES.naiveLikeZ.scale,
    mmdscZ: (Math.log(mmdscPct) - COVARIATES.mmdscZ.location) / COVARIATES.mmdscZ.scale,
    mtvHigh: mtvPreLdMl > COVARIATES.mtvHighMl,
    ctdnaHigh: ctdnaPreLdLog10 > COVARIATES.ctdnaHighLog10,
    ldhAboveUln: preLd.ldhUPerL > ldhUlnUPerL,
    bridgingPmd: bridgingResponse === "PMD",
    hematotoxScore: score.value!,
    hematotoxHigh: score.risk === "high",
    mEasixLog2: easix.log2!,
    mtvLatent: z.log_mtv,
  };
}
