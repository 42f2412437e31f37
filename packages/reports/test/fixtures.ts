import type { ModelRecord } from "@carta/engine";
import type {
  CalibrationGroupJson,
  DecisionPrediction,
  DecisionReportInput,
  ReportFeature,
  StoredValidation,
  StudyReportInput,
  TransportResultJson,
} from "../src/index.js";

/**
 * Hand-built stored runs with the numbers a real validation of a day-90 complete-response model in
 * ~800 infused patients would give (not computed by the engine: the reports only render). Centres,
 * events and intervals are mutually consistent so the limitations and checklist see realistic facts.
 */

const spec: ModelRecord["spec"] = {
  name: "cr90-infusion-gbm",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: {
    variables: [
      "ldh_u_per_l",
      "ecog_ps",
      "ctdna_log10_hge_per_ml",
      "mtv_ml",
      "crp_mg_l",
      "product",
      "cd8_naive_pct",
    ],
    derived: ["ipi"],
  },
  learner: {
    kind: "boosted-trees",
    grid: [
      { rounds: 50, maxDepth: 2, learningRate: 0.1 },
      { rounds: 100, maxDepth: 3, learningRate: 0.05, subsample: 0.8 },
    ],
  },
  validation: {
    outerFolds: 5,
    innerFolds: 5,
    bootstrapReplicates: 200,
    leaveOneCenterOut: true,
    locoMinEvents: 5,
    transport: { development: "3L+", target: "2L" },
    seed: 1,
  },
  intendedUse:
    "Estimate, at CAR-T infusion, the probability of complete metabolic response at day +90 for patients with large B-cell lymphoma, to inform the tumour board; research use in the study.",
};

const designNames = [
  "ldh_u_per_l",
  "ecog_ps",
  "ctdna_log10_hge_per_ml",
  "mtv_ml",
  "crp_mg_l",
  "product=liso-cel",
  "product=tisa-cel",
  "cd8_naive_pct",
  "ipi_points",
];

export function modelRecord(): ModelRecord {
  return {
    name: "cr90-infusion-gbm",
    version: 3,
    spec,
    specHash: "5f1c2e9a7b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a",
    dataSnapshotHash: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a2918070f6e5d4c",
    model: {
      kind: "boosted-trees",
      encoding: {
        names: designNames,
        columns: designNames.map((name, j) =>
          name.includes("=")
            ? { feature: 5, name, kind: "indicator" as const, level: name.split("=")[1]! }
            : { feature: j < 5 ? j : j - 1, name, kind: "value" as const },
        ),
        categorical: [[5, { reference: "axi-cel", levels: ["axi-cel", "liso-cel", "tisa-cel"] }]],
      },
      ensemble: {
        format: "carta.tree-model",
        version: 1,
        base_margin: -0.1734,
        trees: Array.from({ length: 50 }, () => ({})),
      },
    },
    metrics: {
      endpoint: "cr_day90",
      event: "complete metabolic response at day +90",
      landmark: "infusion",
      n: 812,
      nEvents: 359,
      dropped: { endpointMissing: 18, incomplete: 0 },
      excluded: {
        consent_withdrawn: 6,
        not_infused: 41,
        event_before_landmark: 0,
        censored_before_landmark: 3,
        censored_before_horizon: 0,
      },
      byCohort: { "3L+": { n: 520, nEvents: 213 }, "2L": { n: 292, nEvents: 146 } },
      centers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12"],
      params: { rounds: 50, maxDepth: 2, learningRate: 0.1 },
      apparent: {
        n: 812,
        nEvents: 359,
        auc: 0.812,
        aucLower: 0.783,
        aucUpper: 0.841,
        brier: 0.178,
        brierNull: 0.2466,
        calibrationIntercept: 0.012,
        calibrationSlope: 1.21,
        calibrationProblem: null,
      },
    },
    status: "trained",
    createdAt: "2025-03-02T09:15:00.000Z",
    createdBy: "stat-lead",
  };
}

export function reportFeatures(): ReportFeature[] {
  return [
    {
      name: "ldh_u_per_l",
      label: "LDH",
      unit: "U/L",
      modality: "clinical",
      missing: 14,
      timePoint: "d0",
      derivation: null,
    },
    {
      name: "ecog_ps",
      label: "ECOG performance status",
      unit: null,
      modality: "clinical",
      missing: 3,
      timePoint: "pre_ld",
      derivation: null,
    },
    {
      name: "ctdna_log10_hge_per_ml",
      label: "ctDNA",
      unit: "log10 hGE/mL",
      modality: "ctdna",
      missing: 151,
      timePoint: "pre_ld",
      derivation: null,
    },
    {
      name: "mtv_ml",
      label: "Metabolic tumour volume",
      unit: "mL",
      modality: "clinical",
      missing: 92,
      timePoint: "pre_ld",
      derivation: null,
    },
    {
      name: "crp_mg_l",
      label: "CRP",
      unit: "mg/L",
      modality: "clinical",
      missing: 9,
      timePoint: "d0",
      derivation: null,
    },
    {
      name: "product",
      label: "CAR-T product",
      unit: null,
      modality: "clinical",
      missing: 0,
      timePoint: "apheresis",
      derivation: null,
    },
    {
      name: "cd8_naive_pct",
      label: 'Naive-like CD8+ <T cells> & "stem"',
      unit: "%",
      modality: "flow_product",
      missing: 301,
      timePoint: "d0",
      derivation: null,
    },
    {
      name: "ipi_points",
      label: "IPI",
      unit: null,
      modality: "clinical",
      missing: 22,
      timePoint: "pre_ld",
      derivation:
        "International Prognostic Index: age > 60, stage III–IV, LDH > ULN, ECOG ≥ 2, > 1 extranodal site",
    },
  ];
}

/** Wilson score interval (Wilson, JASA 1927), to give the groups consistent CIs. */
function wilson(events: number, n: number): [number, number] {
  const z = 1.959964;
  const p = events / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [centre - half, centre + half];
}

function calibrationGroups(): CalibrationGroupJson[] {
  const means = [0.08, 0.16, 0.24, 0.31, 0.38, 0.45, 0.53, 0.61, 0.7, 0.82];
  const events = [6, 11, 19, 24, 32, 38, 43, 50, 60, 76];
  return means.map((m, i) => {
    const n = i < 2 ? 81 : 81 + (i === 9 ? 3 : 0);
    const [lo, hi] = wilson(events[i]!, n);
    return {
      lower: i === 0 ? 0.012 : (means[i - 1]! + m) / 2,
      upper: i === 9 ? 0.957 : (m + means[i + 1]!) / 2,
      n,
      meanPredicted: m,
      observed: events[i]! / n,
      observedLower: lo,
      observedUpper: hi,
    };
  });
}

function decisionCurve() {
  const prevalence = 359 / 812;
  const thresholds = Array.from({ length: 19 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2)));
  const treatAll = thresholds.map((t) => prevalence - ((1 - prevalence) * t) / (1 - t));
  const model = thresholds.map((t) => Math.max(0, prevalence * (1 - t) ** 1.4 - 0.01 * t));
  return { thresholds, model, treatAll, treatNone: thresholds.map(() => 0) };
}

const NET_BENEFIT_THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5];
const TREAT_ALL_2L = NET_BENEFIT_THRESHOLDS.map((t) => 0.5 - (0.5 * t) / (1 - t));

export function transportResult(): TransportResultJson {
  return {
    endpoint: "cr_day90",
    event: "complete metabolic response at day +90",
    development: "3L+",
    target: "2L",
    n_3l: 520,
    n_2l: 292,
    predictors: [
      {
        name: "ldh_u_per_l",
        scale: "per SD",
        effect_3l: { estimate: -0.52, lower: -0.74, upper: -0.3 },
        effect_2l: { estimate: -0.41, lower: -0.7, upper: -0.12 },
        interaction_p: 0.54,
      },
      {
        name: "mtv_ml",
        scale: "per SD",
        effect_3l: { estimate: -0.61, lower: -0.85, upper: -0.37 },
        effect_2l: { estimate: -0.33, lower: -0.66, upper: 0 },
        interaction_p: 0.031,
      },
      {
        name: "cd8_naive_pct",
        scale: "per SD",
        effect_3l: { estimate: 0.3, lower: 0.08, upper: 0.52 },
        effect_2l: { estimate: 0.1, lower: -0.2, upper: 0.4 },
        interaction_p: 0.29,
      },
      {
        name: "product=tisa-cel",
        scale: "level vs reference",
        effect_3l: { estimate: -0.48, lower: -0.95, upper: -0.01 },
        effect_2l: { estimate: 0, lower: 0, upper: 0 },
        interaction_p: 0.0004,
      },
    ],
    effects_rows: {
      n_3l: 371,
      n_2l: 198,
      dropped_incomplete: 243,
      not_estimable: [],
      adjustment: "adjusted",
      adjustment_reason: null,
    },
    shift: {
      domain_auc: 0.68,
      domain_auc_lower: 0.64,
      domain_auc_upper: 0.72,
      smd: [
        { name: "ldh_u_per_l", smd: 0.31, missing_3l: 9, missing_2l: 5, note: null },
        { name: "mtv_ml", smd: 0.42, missing_3l: 61, missing_2l: 31, note: null },
        { name: "cd8_naive_pct", smd: -0.18, missing_3l: 190, missing_2l: 111, note: null },
        {
          name: "product",
          smd: null,
          missing_3l: 0,
          missing_2l: 0,
          note: "categorical: compared level by level",
        },
      ],
    },
    performance_2l: {
      auc: 0.741,
      auc_lower: 0.684,
      auc_upper: 0.798,
      brier: 0.214,
      calibration_slope: 0.78,
      calibration_intercept: 0.41,
      calibration_problem: null,
    },
    // Net benefit in 2L (146 of 292 with the event): treat all is 0.5 − 0.5·t/(1 − t).
    recalibration: [
      {
        method: "original",
        auc: 0.741,
        calibration_slope: 0.78,
        calibration_intercept: 0.41,
        net_benefit: {
          thresholds: NET_BENEFIT_THRESHOLDS,
          model: [0.444, 0.381, 0.301, 0.214, 0.118],
          treat_all: TREAT_ALL_2L,
        },
      },
      {
        method: "intercept",
        auc: 0.741,
        calibration_slope: 0.79,
        calibration_intercept: 0.01,
        net_benefit: {
          thresholds: NET_BENEFIT_THRESHOLDS,
          model: [0.444, 0.383, 0.305, 0.221, 0.125],
          treat_all: TREAT_ALL_2L,
        },
      },
      {
        method: "logistic",
        auc: 0.741,
        calibration_slope: 0.98,
        calibration_intercept: 0.02,
        net_benefit: {
          thresholds: NET_BENEFIT_THRESHOLDS,
          model: [0.443, 0.384, 0.309, 0.226, 0.131],
          treat_all: TREAT_ALL_2L,
        },
      },
    ],
    headline:
      "In 2L the 3L+ model has AUC 0.74 (95% CI 0.68–0.80) and calibration slope 0.78; a classifier tells the cohorts apart with AUC 0.68. 2 of the 4 predictor × cohort interaction tests reach p < 0.05 (mtv_ml p = 0.031, product=tisa-cel p = 0.00040); 1 remains below the Bonferroni threshold 0.013 for 4 tests.",
  };
}

// Net benefit in 2L of a 12-month NRM model: treat all is F − (1 − F)·t/(1 − t), F = 0.12 the 2L
// Aalen–Johansen incidence of NRM by 12 months.
const NRM_INCIDENCE_2L = 0.12;
const TREAT_ALL_NRM_2L = NET_BENEFIT_THRESHOLDS.map(
  (t) => NRM_INCIDENCE_2L - ((1 - NRM_INCIDENCE_2L) * t) / (1 - t),
);

/**
 * A competing-risks transport of a cause-specific Cox model of NRM at 12 months (relapse competing)
 * as the engine stores it (TransportJson of a relapse_vs_nrm run): cause-specific log hazard ratios,
 * the cause's AUC and Wolbers' C in 2L, calibration-in-the-large against the Aalen–Johansen incidence,
 * no calibration slope, no C-index, and the updates of both causes' models compared by net benefit.
 */
export function competingTransportResult(): TransportResultJson {
  return {
    endpoint: "relapse_vs_nrm",
    event: "non-relapse mortality (death without prior progression) within 12 months",
    development: "3L+",
    target: "2L",
    n_3l: 410,
    n_2l: 236,
    predictors: [
      {
        name: "ecog_ps",
        scale: "per SD",
        effect_3l: { estimate: 0.38, lower: 0.12, upper: 0.64 },
        effect_2l: { estimate: 0.21, lower: -0.19, upper: 0.61 },
        interaction_p: 0.47,
      },
      {
        name: "ldh_u_per_l",
        scale: "per SD",
        effect_3l: { estimate: 0.17, lower: -0.08, upper: 0.42 },
        effect_2l: { estimate: 0.29, lower: -0.09, upper: 0.67 },
        interaction_p: 0.61,
      },
      {
        name: "crp_mg_l",
        scale: "per SD",
        effect_3l: { estimate: 0.44, lower: 0.2, upper: 0.68 },
        effect_2l: { estimate: -0.05, lower: -0.47, upper: 0.37 },
        interaction_p: 0.046,
      },
    ],
    effects_rows: {
      n_3l: 371,
      n_2l: 214,
      dropped_incomplete: 61,
      not_estimable: [],
      adjustment: "adjusted",
      adjustment_reason: null,
    },
    shift: {
      domain_auc: 0.61,
      domain_auc_lower: 0.56,
      domain_auc_upper: 0.66,
      smd: [
        { name: "ecog_ps", smd: 0.22, missing_3l: 4, missing_2l: 2, note: null },
        { name: "ldh_u_per_l", smd: 0.14, missing_3l: 21, missing_2l: 12, note: null },
        { name: "crp_mg_l", smd: 0.09, missing_3l: 19, missing_2l: 8, note: null },
      ],
    },
    performance_2l: {
      auc: 0.664,
      auc_lower: 0.553,
      auc_upper: 0.775,
      brier: 0.097,
      calibration_slope: null,
      calibration_intercept: -0.27,
      calibration_problem: "no calibration slope for a cumulative-incidence model",
      horizon_months: 12,
      wolbers_c: 0.641,
      cause: "nrm",
    },
    recalibration: [
      {
        method: "original",
        auc: 0.664,
        calibration_slope: null,
        calibration_intercept: -0.27,
        wolbers_c: 0.641,
        net_benefit: {
          thresholds: NET_BENEFIT_THRESHOLDS,
          model: [0.0311, 0.0042, -0.0015, 0, 0],
          treat_all: TREAT_ALL_NRM_2L,
        },
      },
      {
        method: "baseline",
        auc: 0.661,
        calibration_slope: null,
        calibration_intercept: 0.03,
        wolbers_c: 0.638,
        net_benefit: {
          thresholds: NET_BENEFIT_THRESHOLDS,
          model: [0.0354, 0.0061, 0.0008, 0, 0],
          treat_all: TREAT_ALL_NRM_2L,
        },
      },
      {
        method: "slope",
        auc: 0.652,
        calibration_slope: null,
        calibration_intercept: 0.01,
        wolbers_c: 0.629,
        net_benefit: {
          thresholds: NET_BENEFIT_THRESHOLDS,
          model: [0.0329, 0.0057, 0.0004, 0, 0],
          treat_all: TREAT_ALL_NRM_2L,
        },
      },
    ],
    headline:
      "In 2L the 3L+ model has time-dependent AUC of NRM at 12 months 0.66 (95% CI 0.55–0.78) and Wolbers' C 0.64; its calibration slope is undefined there; a classifier tells the cohorts apart with AUC 0.61. 1 of the 3 predictor × cohort interaction tests reach p < 0.05 (crp_mg_l p = 0.046); 0 remain below the Bonferroni threshold 0.017 for 3 tests.",
  };
}

function performance(
  auc: number,
  lo: number,
  hi: number,
  n: number,
  events: number,
  slope: number,
  intercept: number,
) {
  return {
    n,
    nEvents: events,
    auc,
    aucLower: lo,
    aucUpper: hi,
    brier: 0.2,
    brierNull: (events / n) * (1 - events / n),
    calibrationIntercept: intercept,
    calibrationSlope: slope,
    calibrationProblem: null,
  };
}

/** A run with every field of the model-lab contract. */
export function validationResult(): StoredValidation {
  return {
    endpoint: "cr_day90",
    event: "complete metabolic response at day +90",
    n: 812,
    nEvents: 359,
    dropped: { endpointMissing: 18, incomplete: 0 },
    nestedCv: {
      outerFolds: 5,
      innerFolds: 5,
      criterion: "logLoss",
      chosen: [0, 1, 0, 0, 1],
      performance: {
        n: 812,
        nEvents: 359,
        auc: 0.7634,
        aucLower: 0.7312,
        aucUpper: 0.7956,
        brier: 0.1952,
        brierNull: 0.2466,
        calibrationIntercept: -0.04,
        calibrationSlope: 0.91,
        calibrationProblem: null,
      },
      calibrationCurve: {
        method: "lowess (rms::val.prob, iter = 0)",
        points: Array.from({ length: 21 }, (_, i) => {
          const p = 0.05 + i * 0.04;
          return { predicted: p, observed: Math.min(0.98, p * 0.93 + 0.03) };
        }),
      },
      calibrationGroups: calibrationGroups(),
      decisionCurve: decisionCurve(),
    },
    optimism: {
      replicates: 200,
      fitted: 199,
      failures: [{ replicate: 137, reason: "a level of product absent from the sample" }],
      indexes: [
        { index: "AUC", apparent: 0.812, optimism: 0.041, corrected: 0.771, n: 199 },
        { index: "Brier", apparent: 0.178, optimism: -0.013, corrected: 0.191, n: 199 },
        { index: "Intercept", apparent: 0.0, optimism: 0.02, corrected: -0.02, n: 199 },
        { index: "Slope", apparent: 1.0, optimism: 0.11, corrected: 0.89, n: 199 },
      ],
    },
    loco: {
      minEvents: 5,
      leftOut: null,
      groups: [
        ["C01", 118, 54, 0.79, 0.72, 0.86],
        ["C02", 104, 47, 0.74, 0.64, 0.83],
        ["C03", 97, 41, 0.81, 0.73, 0.9],
        ["C04", 88, 40, 0.69, 0.58, 0.8],
        ["C05", 84, 36, 0.77, 0.67, 0.87],
        ["C06", 79, 35, 0.72, 0.61, 0.83],
        ["C07", 71, 31, 0.8, 0.7, 0.9],
        ["C08", 66, 29, 0.66, 0.53, 0.79],
        ["C09", 61, 27, 0.75, 0.63, 0.87],
      ]
        .map(([label, n, e, auc, lo, hi]) => ({
          label: label as string,
          centers: [label as string],
          n: n as number,
          nEvents: e as number,
          belowMinimum: false,
          performance: performance(
            auc as number,
            lo as number,
            hi as number,
            n as number,
            e as number,
            0.9,
            0.05,
          ),
        }))
        .concat({
          label: "small centres",
          centers: ["C10", "C11", "C12"],
          n: 44,
          nEvents: 19,
          belowMinimum: false,
          performance: performance(0.71, 0.55, 0.87, 44, 19, 0.8, -0.1),
        }),
      pooledAuc: {
        estimate: 0.754,
        ciLower: 0.724,
        ciUpper: 0.782,
        piLower: 0.69,
        piUpper: 0.81,
        tau: 0.092,
        i2: 21,
        k: 10,
      },
      pooledSlope: {
        estimate: 0.88,
        ciLower: 0.79,
        ciUpper: 0.97,
        piLower: 0.75,
        piUpper: 1.01,
        tau: 0.05,
        i2: 12,
        k: 10,
      },
      pooledIntercept: {
        estimate: 0.03,
        ciLower: -0.08,
        ciUpper: 0.14,
        piLower: -0.15,
        piUpper: 0.21,
        tau: 0.06,
        i2: 18,
        k: 10,
      },
    },
    transport: null,
    conformal: {
      alpha: 0.1,
      targetCoverage: 0.9,
      empiricalCoverage: 0.904,
      coverageLower: 0.882,
      coverageUpper: 0.923,
      n: 812,
      setSizes: { empty: 0, single: 371, both: 441 },
      method:
        "split-conformal inside each outer fold, calibrated on a held-out third of the fold's training rows",
    },
    stability: {
      replicates: 199,
      method: "mean |SHAP| rank per refit",
      features: [
        {
          feature: "mtv_ml",
          selectedFraction: 1,
          medianRank: 1,
          rankLower: 1,
          rankUpper: 2,
          top5Fraction: 1,
        },
        {
          feature: "ldh_u_per_l",
          selectedFraction: 1,
          medianRank: 2,
          rankLower: 1,
          rankUpper: 4,
          top5Fraction: 0.98,
        },
        {
          feature: "ctdna_log10_hge_per_ml",
          selectedFraction: 0.97,
          medianRank: 3,
          rankLower: 2,
          rankUpper: 6,
          top5Fraction: 0.84,
        },
        {
          feature: "cd8_naive_pct",
          selectedFraction: 0.81,
          medianRank: 5,
          rankLower: 3,
          rankUpper: 8,
          top5Fraction: 0.52,
        },
        {
          feature: "product=tisa-cel",
          selectedFraction: 0.66,
          medianRank: 6,
          rankLower: 3,
          rankUpper: 9,
          top5Fraction: 0.31,
        },
        {
          feature: "ecog_ps",
          selectedFraction: 0.58,
          medianRank: 7,
          rankLower: 4,
          rankUpper: 9,
          top5Fraction: 0.19,
        },
      ],
    },
  };
}

export function studyInput(overrides: Partial<StudyReportInput> = {}): StudyReportInput {
  return {
    model: modelRecord(),
    validation: { id: "run-7f3a", createdAt: "2025-03-02T11:40:00.000Z", result: validationResult() },
    transport: { id: "run-81bc", createdAt: "2025-03-02T12:05:00.000Z", result: transportResult() },
    features: reportFeatures(),
    generatedAt: "2025-03-03T08:00:00.000Z",
    studyName: "CARTA-2L <demo> & registry",
    synthetic: true,
    ...overrides,
  };
}

/** A run stored before the contract's additions: no calibration curve, groups, decision curve, conformal, stability. */
export function olderValidationResult(): StoredValidation {
  const { conformal: _c, stability: _s, ...rest } = validationResult();
  const { calibrationCurve: _cc, calibrationGroups: _cg, decisionCurve: _dc, ...nestedCv } = rest.nestedCv;
  return { ...rest, nestedCv };
}

export function prediction(overrides: Partial<DecisionPrediction> = {}): DecisionPrediction {
  return {
    format: "carta.prediction",
    version: 1,
    model: {
      name: "cr-day90",
      version: 2,
      kind: "boosted-trees",
      endpoint: "cr_day90",
      event: "complete metabolic response at day +90",
      landmark: "infusion",
      cohort: "both",
      intended_use:
        "Estimate, at CAR-T infusion, the probability of complete metabolic response at day +90, to inform the tumour board's discussion of LBCL patients treated with CAR-T",
      validation: {
        run_id: "run-7f3a",
        auc: 0.7634,
        auc_lower: 0.7312,
        auc_upper: 0.7956,
        calibration_slope: 0.91,
        calibration_intercept: -0.04,
        brier: 0.1952,
        created_at: "2025-03-02T11:40:00.000Z",
        method: "nested cross-validation (5 outer × 5 inner folds), out-of-fold predictions of 812 patients",
      },
    },
    patient_id: "SYN-C01-0042",
    probability: 0.4231,
    margin: -0.3104,
    base_margin: -0.1734,
    interval: {
      lower: 0.3512,
      upper: 0.5018,
      level: 0.95,
      method:
        "bootstrap percentile (refits on bootstrap samples of the training rows, stratified on the outcome)",
      replicates: 50,
      replicates_used: 50,
      seed: 1,
    },
    conformal_set: [0, 1],
    conformal: {
      alpha: 0.1,
      coverage: 0.9,
      method: "split-conformal, held-out calibration split of the training rows",
      split_model_probability: 0.44,
      proper_training_rows: 541,
      calibration_rows: 270,
      threshold: 0.61,
      seed: 1,
      note: "this patient's outcome was used to fit the split model; the coverage guarantee holds for new patients, so for a past patient the set is illustrative",
    },
    shap_method: "path-dependent TreeSHAP on the log-odds scale",
    reasons_method:
      "features added to the base margin in order of |SHAP|, each step's change in probability in percentage points",
    shap: [
      { feature: "ldh_u_per_l", label: "LDH", unit: "U/L", modality: "clinical", value: 512, shap: -0.38 },
      {
        feature: "mtv_ml",
        label: "Metabolic tumour volume",
        unit: "mL",
        modality: "clinical",
        value: 145,
        shap: -0.21,
      },
      {
        feature: "cd8_naive_pct",
        label: "Naive-like CD8+ T cells",
        unit: "%",
        modality: "flow_product",
        value: 31.5,
        shap: 0.24,
      },
      {
        feature: "ctdna_log10_hge_per_ml",
        label: "ctDNA",
        unit: "log10 hGE/mL",
        modality: "ctdna",
        value: null,
        shap: 0.02,
      },
      {
        feature: "product",
        label: "CAR-T product",
        unit: null,
        modality: "clinical",
        value: "axi-cel",
        shap: 0.11,
      },
      {
        feature: "ecog_ps",
        label: "ECOG performance status",
        unit: null,
        modality: "clinical",
        value: 1,
        shap: 0.05,
      },
    ],
    modalities_method: "TreeSHAP with each modality as one player",
    modalities: [
      { modality: "clinical", shap: -0.41, features: 4 },
      { modality: "flow_product", shap: 0.25, features: 1 },
      { modality: "ctdna", shap: 0.02, features: 1 },
    ],
    missing_inputs: [
      {
        feature: "ctdna_log10_hge_per_ml",
        label: "ctDNA",
        unit: "log10 hGE/mL",
        modality: "ctdna",
        tried: [1.8, 3.9],
        min_probability: 0.3105,
        max_probability: 0.5514,
        note: null,
      },
    ],
    similar_patients: [
      { patient_id: "SYN-C03-0107", cohort: "3L+", distance: 0.081, features_compared: 6, outcome: 1 },
    ],
    training_data: { rows: 812, events: 359, same_as_model: true },
    reasons: [
      {
        feature: "ldh_u_per_l",
        label: "LDH",
        value: 512,
        unit: "U/L",
        points: -9,
        text: "LDH 512 U/L lowered the probability of complete metabolic response at day +90 by 9 points",
      },
      {
        feature: "cd8_naive_pct",
        label: "Naive-like CD8+ T cells",
        value: 31.5,
        unit: "%",
        points: 6,
        text: "Naive-like CD8+ T cells 31.5 % raised the probability of complete metabolic response at day +90 by 6 points",
      },
      {
        feature: "mtv_ml",
        label: "Metabolic tumour volume",
        value: 145,
        unit: "mL",
        points: -5,
        text: "Metabolic tumour volume 145 mL lowered the probability of complete metabolic response at day +90 by 5 points",
      },
      {
        feature: "product",
        label: "CAR-T product",
        value: "axi-cel",
        unit: null,
        points: 3,
        text: "CAR-T product axi-cel raised the probability of complete metabolic response at day +90 by 3 points",
      },
      {
        feature: "ecog_ps",
        label: "ECOG performance status",
        value: 1,
        unit: null,
        points: 1,
        text: "ECOG performance status 1 raised the probability of complete metabolic response at day +90 by 1 point",
      },
    ],
    what_if: [{ feature: "mtv_ml", recorded: 145, used: 60 }],
    ...overrides,
  };
}

function notValidated(p: DecisionPrediction): DecisionPrediction {
  return { ...p, model: { ...p.model, validation: null } };
}

/** The four demo models for one patient. */
export function decisionInput(overrides: Partial<DecisionReportInput> = {}): DecisionReportInput {
  const base = prediction();
  const toxicity = (
    name: string,
    endpoint: string,
    event: string,
    probability: number,
  ): DecisionPrediction => ({
    ...base,
    model: {
      ...base.model,
      name,
      endpoint,
      event,
      intended_use: `Estimate, at CAR-T infusion, the probability of ${event}, to plan monitoring`,
    },
    probability,
    interval: { ...base.interval, lower: probability * 0.7, upper: probability * 1.4 },
    conformal_set: [0],
    reasons: base.reasons!.map((r) => ({
      ...r,
      text: r.text.replace("complete metabolic response at day +90", event),
    })),
    what_if: [],
  });
  return {
    patientId: "SYN-C01-0042",
    cohort: "2L",
    generatedAt: "2025-03-03T08:30:00.000Z",
    predictions: [
      base,
      {
        ...toxicity(
          "pfs-12m",
          "pfs_event_by_12m",
          "progression or death within 12 months of the landmark",
          0.38,
        ),
        conformal_set: [0, 1],
      },
      toxicity("crs-grade3", "crs_grade3", "ASTCT CRS grade ≥ 3 in days 0–30", 0.071),
      notValidated(toxicity("icans-grade3", "icans_grade3", "ASTCT ICANS grade ≥ 3 in days 0–30", 0.118)),
    ],
    ...overrides,
  };
}

export type { DecisionPrediction };
