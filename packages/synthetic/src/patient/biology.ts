import type { SeededRandom } from "@carta/stats";
import { clamp, logistic, logit, round } from "../draws.js";
import { COVARIATES, MARGINALS } from "../parameters.js";
import type { Cohort, Product, Response } from "../types.js";
import type { Baseline } from "./baseline.js";

/**
 * Biological read-outs (§A.5, §C.3–C.5) around the simulated truth [A: directions from the cited
 * studies, sizes ours]. ctDNA falls with response and rises at progression (Frank 2021); resistance
 * genes as in Sworder 2023 with CD19 loss emerging under CAR pressure; CAR-T expansion rises with
 * tumour burden and naive-like product T cells and falls with M-MDSC (Locke 2020, Jain 2021);
 * signature z-scores are on the 3L+ reference scale.
 */

export const RESISTANCE_GENES = ["tp53", "cd19", "pax5", "irf8", "cd274", "tmem30a"] as const;
export type ResistanceGene = (typeof RESISTANCE_GENES)[number];

/** Prevalence of a clonal variant before CAR-T, and of CD19 alterations emerging by progression. */
export const VARIANT_PREVALENCE: Record<ResistanceGene, number> = {
  tp53: 0.25,
  cd19: 0.02,
  pax5: 0.08,
  irf8: 0.08,
  cd274: 0.05,
  tmem30a: 0.07,
};
export const CD19_EMERGENCE_AT_PROGRESSION = 0.15;
/** Background cell-free DNA (haploid genomes/mL) against which the tumour fraction is computed. */
const BACKGROUND_CFDNA_HGE_PER_ML = 1500;

export const CTDNA_TIME_POINTS = ["apheresis", "pre_ld", "d7", "d28", "d90", "progression"] as const;
export const FLOW_TIME_POINTS = ["apheresis", "pre_ld", "d7", "d14", "d28", "d90"] as const;

export interface CtdnaSample {
  /** log10 hGE/mL; below the LoD the value is not quantifiable and only `detectable: false` is recorded. */
  log10HgePerMl: number;
  detectable: boolean;
  /** Variant allele fractions (CAPP-Seq only). */
  vaf: Record<ResistanceGene, number>;
}

export interface FlowSample {
  mmdsc_pct_pbmc: number;
  cd4_pct_t: number;
  cd8_pct_t: number;
  naive_like_cd8_pct: number;
  pd1_cd8_pct: number;
  treg_cd4_pct: number;
  car_t_per_ul?: number;
}

export interface ProductPhenotype {
  product_naive_like_cd8_pct: number;
  product_tcm_cd8_pct: number;
  product_cd4_cd8_ratio: number;
  product_viability_pct: number;
}

export interface Biology {
  clones: Record<ResistanceGene, number>;
  ctdna(timePoint: (typeof CTDNA_TIME_POINTS)[number]): CtdnaSample;
  flow(timePoint: (typeof FLOW_TIME_POINTS)[number]): FlowSample;
  product: ProductPhenotype;
  signatures: {
    apheresis: Record<"sig_myeloid_4gene_z" | "sig_ifn_z" | "sig_memory_cd8_z" | "sig_exhaustion_z", number>;
    d0: Record<"sig_memory_cd8_z" | "sig_exhaustion_z", number>;
  };
}

export interface BiologyContext {
  cohort: Cohort;
  base: Baseline;
  bestResponse: Response | null;
  progressionDay: number | null;
}

const PRODUCT_EXPANSION_LOG10: Record<Product, number> = { axi_cel: 0.3, tisa_cel: -0.5, liso_cel: 0 };

function pct(value: number): number {
  return round(clamp(value, 0, 100), 1);
}

export function simulateBiology(rng: SeededRandom, ctx: BiologyContext): Biology {
  const { base } = ctx;
  const draw = rng.fork("ctdna");
  const c = base.ctdnaPreLdLog10;
  const cd19Emerges = draw.bernoulli(CD19_EMERGENCE_AT_PROGRESSION);
  const clones = Object.fromEntries(
    RESISTANCE_GENES.map((gene) => [
      gene,
      draw.bernoulli(VARIANT_PREVALENCE[gene]) ? 0.3 + 0.7 * draw.uniform() : 0,
    ]),
  ) as Record<ResistanceGene, number>;
  const cd19AtProgression = clones.cd19 > 0 ? clones.cd19 : cd19Emerges ? 0.1 + 0.5 * draw.uniform() : 0;
  const response = ctx.bestResponse;
  const progressedBy = (day: number): boolean => ctx.progressionDay !== null && ctx.progressionDay <= day;
  const relapsesSoonAfter = (day: number): boolean =>
    ctx.progressionDay !== null && ctx.progressionDay <= day + 180;
  const levels: Record<(typeof CTDNA_TIME_POINTS)[number], number> = {
    apheresis: c + draw.normal(0.15, 0.35),
    pre_ld: c,
    d7: progressedBy(7)
      ? c + draw.normal(0.2, 0.4)
      : response === "CMR"
        ? c - draw.normal(1.8, 0.5)
        : response === "PMR"
          ? c - draw.normal(1.0, 0.5)
          : c - draw.normal(0.3, 0.4),
    d28: progressedBy(28)
      ? c + draw.normal(0.3, 0.4)
      : response === "CMR"
        ? c - draw.normal(2.8, 0.6)
        : response === "PMR"
          ? c - draw.normal(1.5, 0.6)
          : c - draw.normal(0.2, 0.5),
    d90: progressedBy(90)
      ? c + draw.normal(0.3, 0.4)
      : relapsesSoonAfter(90)
        ? c - draw.normal(1.2, 0.5)
        : response === "CMR"
          ? c - draw.normal(3.5, 0.7)
          : response === "PMR"
            ? c - draw.normal(1.2, 0.6)
            : c + draw.normal(0, 0.5),
    progression: c + draw.normal(0.4, 0.4),
  };
  const ctdna = (timePoint: (typeof CTDNA_TIME_POINTS)[number]): CtdnaSample => {
    const level = round(clamp(levels[timePoint], -1, 8), 2);
    const detectable = level >= COVARIATES.ctdnaDetectableLog10;
    const tumourFraction = detectable ? 10 ** level / (10 ** level + BACKGROUND_CFDNA_HGE_PER_ML) : 0;
    const vaf = Object.fromEntries(
      RESISTANCE_GENES.map((gene) => {
        const clonality = gene === "cd19" && timePoint === "progression" ? cd19AtProgression : clones[gene];
        const value = round((clonality * tumourFraction) / 2, 4);
        return [gene, value];
      }),
    ) as Record<ResistanceGene, number>;
    return { log10HgePerMl: level, detectable, vaf };
  };

  // Blood T-cell phenotypes: tied to the product's naive-like fraction and to M-MDSC.
  const flowDraw = rng.fork("flow");
  const naiveLogitCentred = logit(base.productNaiveLikeCd8Fraction) - COVARIATES.naiveLikeZ.location;
  const cd4 = clamp(flowDraw.normal(42, 12), 10, 85);
  const doubleNegative = 3 + 7 * flowDraw.uniform();
  const pbNaive = logistic(-1.2 + 0.7 * naiveLogitCentred + flowDraw.normal(0, 0.5));
  const pd1 = logistic(logit(0.35) - 0.4 * base.naiveLikeZ + flowDraw.normal(0, 0.5));
  const treg = 6 * Math.exp(flowDraw.normal(0, 0.35));
  const expansionPeakLog10 =
    1.6 +
    PRODUCT_EXPANSION_LOG10[base.product] +
    0.3 * base.naiveLikeZ -
    0.25 * base.mmdscZ +
    0.3 * base.mtvLatent +
    (ctx.bestResponse === "CMR" ? 0.4 : 0) +
    flowDraw.normal(0, 0.5);
  const shifts: Record<
    (typeof FLOW_TIME_POINTS)[number],
    { cd4: number; mmdsc: number; naive: number; car: number | null }
  > = {
    apheresis: { cd4: 1, mmdsc: 1, naive: 1, car: null },
    pre_ld: { cd4: 1, mmdsc: 1, naive: 1, car: null },
    d7: { cd4: 0.7, mmdsc: 1.4, naive: 0.7, car: -Math.abs(flowDraw.normal(0.1, 0.2)) },
    d14: { cd4: 0.8, mmdsc: 1.2, naive: 0.8, car: -0.3 + flowDraw.normal(0, 0.2) },
    d28: { cd4: 0.9, mmdsc: 1.0, naive: 0.9, car: -1.0 + flowDraw.normal(0, 0.3) },
    d90: {
      cd4: 1,
      mmdsc: 0.9,
      naive: 1,
      car: (ctx.bestResponse === "CMR" ? -2.0 : -2.5) + flowDraw.normal(0, 0.4),
    },
  };
  const flowSamples = Object.fromEntries(
    FLOW_TIME_POINTS.map((timePoint) => {
      const s = shifts[timePoint];
      const jitter = (): number => Math.exp(flowDraw.normal(0, timePoint === "pre_ld" ? 0 : 0.12));
      const cd4Now = clamp(cd4 * s.cd4 * jitter(), 5, 90);
      const sample: FlowSample = {
        mmdsc_pct_pbmc: pct(base.mmdscPct * s.mmdsc * jitter()),
        cd4_pct_t: pct(cd4Now),
        cd8_pct_t: pct(100 - cd4Now - doubleNegative),
        naive_like_cd8_pct: pct(100 * pbNaive * s.naive * jitter()),
        pd1_cd8_pct: pct(100 * pd1 * jitter()),
        treg_cd4_pct: pct(treg * jitter()),
      };
      if (s.car !== null) sample.car_t_per_ul = round(clamp(10 ** (expansionPeakLog10 + s.car), 0, 10000), 2);
      return [timePoint, sample];
    }),
  ) as Record<(typeof FLOW_TIME_POINTS)[number], FlowSample>;

  const productDraw = rng.fork("product");
  const ratio: Record<Product, number> = {
    axi_cel: 1.3 * Math.exp(productDraw.normal(0, 0.5)),
    tisa_cel: 0.9 * Math.exp(productDraw.normal(0, 0.6)),
    // Liso-cel is formulated 1:1 CD8:CD4 [m].
    liso_cel: 1.0 * Math.exp(productDraw.normal(0, 0.08)),
  };
  const viability: Record<Product, [number, number]> = {
    axi_cel: [93, 3],
    tisa_cel: [87, 6],
    liso_cel: [91, 4],
  };
  const [viabilityMean, viabilitySd] = viability[base.product];
  const product: ProductPhenotype = {
    product_naive_like_cd8_pct: pct(100 * base.productNaiveLikeCd8Fraction),
    product_tcm_cd8_pct: pct(
      100 * logistic(logit(0.25) + 0.5 * base.naiveLikeZ + productDraw.normal(0, 0.6)),
    ),
    product_cd4_cd8_ratio: round(clamp(ratio[base.product], 0.05, 50), 2),
    product_viability_pct: round(clamp(productDraw.normal(viabilityMean, viabilitySd), 60, 99.5), 1),
  };

  const sigDraw = rng.fork("signatures");
  const z = (value: number): number => round(clamp(value, -10, 10), 2);
  const m3 = MARGINALS["3L+"].crpMgDl;
  const crpZ = (Math.log(base.preLd.crpMgL / 10) - Math.log(m3.median)) / m3.sdLog;
  const signatures: Biology["signatures"] = {
    apheresis: {
      sig_myeloid_4gene_z: z(0.6 * base.mmdscZ + sigDraw.normal(0, 0.8)),
      sig_ifn_z: z(0.3 * crpZ + sigDraw.normal(0, 0.95)),
      sig_memory_cd8_z: z(0.6 * base.naiveLikeZ + sigDraw.normal(0, 0.8)),
      sig_exhaustion_z: z(-0.4 * base.naiveLikeZ + sigDraw.normal(0, 0.9)),
    },
    d0: {
      sig_memory_cd8_z: z(0.7 * base.naiveLikeZ + sigDraw.normal(0, 0.7)),
      sig_exhaustion_z: z(-0.5 * base.naiveLikeZ + sigDraw.normal(0, 0.85)),
    },
  };

  return {
    clones,
    ctdna,
    flow: (timePoint) => flowSamples[timePoint],
    product,
    signatures,
  };
}
