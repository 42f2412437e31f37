import type { DictionaryVariable } from "../src/apiTypes.js";
import type {
  EbmShapes,
  ExplanationFeature,
  PatientPrediction,
  TransportJson,
  ValidationJson,
} from "../src/lab/labApiTypes.js";

/** Logistic of a margin, to build fixtures whose numbers agree with each other. */
function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const BASE_MARGIN = -0.5;
const SHAP = { ldh_u_per_l: 0.6, bridging_response: -0.3, mtv_ml: 0.2, ecog_ps: 0.05, bulky_disease: 0 };
const MARGIN = BASE_MARGIN + Object.values(SHAP).reduce((a, b) => a + b, 0);

/** Reasons as the engine's reasonsOf computes them: features added in order of |shap|, zeros skipped. */
function reasons(): PatientPrediction["reasons"] {
  const ordered = Object.entries(SHAP)
    .filter(([, s]) => s !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  let margin = BASE_MARGIN;
  return ordered.map(([feature, s]) => {
    const before = logistic(margin);
    margin += s;
    const points = (logistic(margin) - before) * 100;
    return { feature, label: feature, value: null, unit: null, points, text: `${feature} moved it` };
  });
}

export const predictionFixture: PatientPrediction = {
  format: "carta.prediction",
  version: 1,
  model: {
    name: "pfs-12m",
    version: 2,
    kind: "boosted-trees",
    endpoint: "pfs_event_by_12m",
    event: "progression or death within 12 months of the landmark",
    landmark: "lymphodepletion",
    intended_use: "Research use in the study.",
    validation: {
      run_id: "run-1",
      auc: 0.71,
      auc_lower: 0.64,
      auc_upper: 0.78,
      calibration_slope: 0.92,
      calibration_intercept: -0.04,
      brier: 0.19,
      created_at: "2026-01-01T00:00:10.000Z",
    },
  },
  patient_id: "SYN-C01-0001",
  probability: logistic(MARGIN),
  margin: MARGIN,
  base_margin: BASE_MARGIN,
  interval: {
    lower: 0.41,
    upper: 0.63,
    level: 0.95,
    method: "bootstrap percentile",
    replicates: 50,
    replicates_used: 50,
    seed: 1,
  },
  conformal_set: [1],
  conformal: {
    alpha: 0.1,
    coverage: 0.9,
    method: "split conformal",
    split_model_probability: 0.55,
    proper_training_rows: 200,
    calibration_rows: 100,
    threshold: 0.7,
    seed: 1,
  },
  shap_method: "TreeSHAP",
  shap: [
    {
      feature: "ldh_u_per_l",
      modality: "clinical",
      value: 512,
      shap: SHAP.ldh_u_per_l,
      label: "LDH",
      unit: "U/L",
    },
    {
      feature: "bridging_response",
      modality: "clinical",
      value: "PMR",
      shap: SHAP.bridging_response,
      label: "Response to bridging",
      unit: null,
    },
    { feature: "mtv_ml", modality: "clinical", value: null, shap: SHAP.mtv_ml, label: "MTV", unit: "mL" },
    { feature: "ecog_ps", modality: "clinical", value: 1, shap: SHAP.ecog_ps, label: "ECOG", unit: null },
    { feature: "bulky_disease", modality: "clinical", value: 0, shap: 0, label: "Bulky disease", unit: null },
  ],
  modalities_method: "modalities as players",
  modalities: [
    { modality: "clinical", shap: 0.4, features: 4 },
    { modality: "ctdna", shap: 0.15, features: 1 },
  ],
  missing_inputs: [
    {
      feature: "mtv_ml",
      modality: "clinical",
      tried: [40, 900],
      min_probability: 0.44,
      max_probability: 0.61,
      note: null,
    },
  ],
  similar_patients: [{ patient_id: "SYN-C02-0003", distance: 0.12, features_compared: 5, outcome: 1 }],
  training_data: { rows: 300, events: 120, same_as_model: true },
  reasons: reasons(),
  what_if: [],
};

export const dictionaryFixture: Record<string, DictionaryVariable> = {
  ldh_u_per_l: {
    id: "ldh_u_per_l",
    label: "Lactate dehydrogenase",
    type: "number",
    unit: "U/L",
    form: "labs",
    timePoints: ["pre_ld"],
    landmark: null,
    required: false,
    range: { min: 80, max: 10000 },
  },
  bridging_response: {
    id: "bridging_response",
    label: "Response to bridging (Lugano)",
    type: "code",
    unit: null,
    form: "bridging",
    timePoints: ["bridging"],
    landmark: null,
    required: false,
    codes: [
      { code: "CMR", label: "Complete metabolic response" },
      { code: "PMR", label: "Partial metabolic response" },
    ],
  },
  mtv_ml: {
    id: "mtv_ml",
    label: "Metabolic tumour volume",
    type: "number",
    unit: "mL",
    form: "baseline",
    timePoints: ["pre_ld"],
    landmark: null,
    required: false,
    range: { min: 0, max: 5000 },
  },
  ecog_ps: {
    id: "ecog_ps",
    label: "ECOG performance status",
    type: "integer",
    unit: null,
    form: "baseline",
    timePoints: ["pre_ld"],
    landmark: null,
    required: true,
    range: { min: 0, max: 4 },
  },
  bulky_disease: {
    id: "bulky_disease",
    label: "Bulky disease",
    type: "boolean",
    unit: null,
    form: "baseline",
    timePoints: ["pre_ld"],
    landmark: null,
    required: false,
  },
  ctdna_log10_hge_per_ml: {
    id: "ctdna_log10_hge_per_ml",
    label: "ctDNA",
    type: "number",
    unit: "log10 hGE/mL",
    form: "ctdna",
    timePoints: ["apheresis", "pre_ld"],
    landmark: null,
    required: false,
  },
};

export function variableFixture(id: string): DictionaryVariable | null {
  return dictionaryFixture[id] ?? null;
}

export const validationFixture: ValidationJson = {
  endpoint: "pfs_event_by_12m",
  event: "progression or death within 12 months of the landmark",
  n: 300,
  nEvents: 120,
  nestedCv: {
    outerFolds: 5,
    innerFolds: 5,
    criterion: "log loss",
    chosen: [0, 1, 0, 0, 1],
    performance: {
      n: 300,
      nEvents: 120,
      auc: 0.7,
      aucLower: 0.64,
      aucUpper: 0.76,
      brier: 0.2,
      brierNull: 0.24,
      calibrationIntercept: 0.02,
      calibrationSlope: 0.9,
      calibrationProblem: null,
    },
    calibrationCurve: {
      method: "lowess",
      points: [
        { predicted: 0.5, observed: 0.48 },
        { predicted: 0.1, observed: 0.12 },
        { predicted: 0.8, observed: 0.75 },
      ],
    },
    calibrationGroups: [
      {
        lower: 0,
        upper: 0.2,
        n: 30,
        meanPredicted: 0.12,
        observed: 0.1,
        observedLower: 0.03,
        observedUpper: 0.26,
      },
      {
        lower: 0.2,
        upper: 0.6,
        n: 30,
        meanPredicted: 0.4,
        observed: 0.43,
        observedLower: 0.27,
        observedUpper: 0.61,
      },
    ],
    decisionCurve: {
      thresholds: [0.05, 0.1, 0.5, 0.9],
      model: [0.37, 0.34, 0.1, 0],
      treatAll: [0.37, 0.33, -0.2, -4.4],
      treatNone: [0, 0, 0, 0],
    },
  },
  optimism: {
    replicates: 200,
    fitted: 200,
    failures: [],
    indexes: [{ index: "auc", apparent: 0.85, optimism: 0.1, corrected: 0.75, n: 200 }],
  },
  loco: {
    minEvents: 5,
    leftOut: null,
    groups: [
      {
        label: "C01",
        centers: ["C01"],
        n: 100,
        nEvents: 40,
        belowMinimum: false,
        performance: centrePerformance(100, 40, 0.72),
      },
      {
        label: "small centres",
        centers: ["C05", "C07"],
        n: 20,
        nEvents: 8,
        belowMinimum: true,
        performance: centrePerformance(20, 8, 0.6),
      },
      { label: "C03", centers: ["C03"], n: 12, nEvents: 6, belowMinimum: false, performance: null },
    ],
    pooledAuc: {
      estimate: 0.69,
      ciLower: 0.62,
      ciUpper: 0.76,
      piLower: 0.55,
      piUpper: 0.83,
      tau: 0.05,
      i2: 23.4,
      k: 2,
    },
    pooledSlope: null,
    pooledIntercept: null,
  },
  transport: null,
};

/** A held-out centre's performance, with the group's own patient and event counts. */
function centrePerformance(n: number, nEvents: number, auc: number) {
  return {
    n,
    nEvents,
    auc,
    aucLower: auc - 0.1,
    aucUpper: auc + 0.1,
    brier: 0.2,
    brierNull: 0.24,
    calibrationIntercept: 0,
    calibrationSlope: 1,
    calibrationProblem: null,
  };
}

export const transportFixture: TransportJson = {
  endpoint: "pfs_event_by_12m",
  event: "progression or death within 12 months of the landmark",
  development: "3L+",
  target: "2L",
  n_3l: 400,
  n_2l: 120,
  predictors: [
    {
      name: "mtv_ml",
      scale: "per SD",
      effect_3l: { estimate: 0.9, lower: 0.6, upper: 1.2 },
      effect_2l: { estimate: 0.5, lower: -0.1, upper: 1.1 },
      interaction_p: 0.21,
    },
    {
      name: "product=liso_cel",
      scale: "level vs reference",
      effect_3l: { estimate: -0.2, lower: -0.6, upper: 0.2 },
      effect_2l: { estimate: 0, lower: -30, upper: 30 },
      interaction_p: 0.004,
    },
  ],
  effects_rows: {
    n_3l: 380,
    n_2l: 110,
    dropped_incomplete: 30,
    not_estimable: ["product=tisa_cel"],
    adjustment: "adjusted",
    adjustment_reason: null,
  },
  shift: {
    domain_auc: 0.68,
    domain_auc_lower: 0.62,
    domain_auc_upper: 0.74,
    smd: [{ name: "mtv_ml", smd: 0.35, missing_3l: 2, missing_2l: 1, note: null }],
  },
  performance_2l: {
    auc: 0.68,
    auc_lower: 0.58,
    auc_upper: 0.78,
    brier: 0.21,
    calibration_slope: 0.8,
    calibration_intercept: -0.4,
    calibration_problem: null,
  },
  recalibration: [{ method: "intercept only", auc: 0.68, calibration_slope: 0.8, calibration_intercept: 0 }],
  headline: "In 2L the 3L+ model has AUC 0.68.",
};

export const explanationFeatures: ExplanationFeature[] = [
  {
    feature: "ldh_u_per_l",
    label: "LDH",
    modality: "clinical",
    unit: "U/L",
    type: "numeric",
    meanAbsShap: 0.4,
    points: [
      { value: 200, shap: -0.3 },
      { value: 900, shap: 0.6 },
      { value: 450, shap: 0.1 },
      { value: null, shap: 0.0 },
      { value: 450, shap: 0.1 },
    ],
  },
  {
    feature: "bridging_response",
    label: "Response to bridging",
    modality: "clinical",
    unit: null,
    type: "categorical",
    meanAbsShap: 0.2,
    points: [
      { value: "PMR", shap: 0.2 },
      { value: "CMR", shap: -0.25 },
      { value: "PMR", shap: 0.15 },
    ],
  },
  {
    feature: "bulky_disease",
    label: "Bulky disease",
    modality: "clinical",
    unit: null,
    type: "binary",
    meanAbsShap: 0.05,
    points: [
      { value: 1, shap: 0.08 },
      { value: 0, shap: -0.02 },
    ],
  },
];

/**
 * An EBM's shapes as GET /api/lab/models/:name returns them, over 100 training rows: LDH (never
 * missing) in three value bins, the last one thin; a coded and a yes/no feature, in array order unlike
 * their importance; and the pair LDH × bridging response, whose table has an empty missing row, a
 * used missing column and one empty cell.
 */
export const ebmShapesFixture: EbmShapes = {
  intercept: -0.4,
  features: [
    {
      feature: "bulky_disease",
      type: "binary",
      bins: [
        { x: "0", lower: null, upper: null, score: -0.1, count: 70 },
        { x: "1", lower: null, upper: null, score: 0.25, count: 28 },
      ],
      missing: { score: 0.05, count: 2 },
      importance: 0.14,
    },
    {
      feature: "ldh_u_per_l",
      type: "numeric",
      bins: [
        { x: 150, lower: 100, upper: 200, score: -0.3, count: 52 },
        { x: 350, lower: 200, upper: 500, score: 0.1, count: 42 },
        { x: 1250, lower: 500, upper: 2000, score: 0.8, count: 6 },
      ],
      missing: { score: 0, count: 0 },
      importance: 0.25,
    },
    {
      feature: "bridging_response",
      type: "categorical",
      bins: [
        { x: "CMR", lower: null, upper: null, score: -0.2, count: 30 },
        { x: "PMR", lower: null, upper: null, score: 0.15, count: 45 },
      ],
      missing: { score: 0, count: 25 },
      importance: 0.12,
    },
  ],
  pairs: [
    {
      features: ["ldh_u_per_l", "bridging_response"],
      rows: [
        { missing: true, x: null, lower: null, upper: null },
        { missing: false, x: 150, lower: 100, upper: 200 },
        { missing: false, x: 350, lower: 200, upper: 500 },
        { missing: false, x: 1250, lower: 500, upper: 2000 },
      ],
      columns: [
        { missing: true, x: null, lower: null, upper: null },
        { missing: false, x: "CMR", lower: null, upper: null },
        { missing: false, x: "PMR", lower: null, upper: null },
      ],
      scores: [
        [0, 0, 0],
        [0.02, -0.05, 0.04],
        [-0.01, 0.03, -0.02],
        [0.09, 0.5, -0.12],
      ],
      counts: [
        [0, 0, 0],
        [12, 15, 25],
        [10, 15, 17],
        [3, 0, 3],
      ],
      strength: 0.8,
      importance: 0.03,
    },
  ],
};

/**
 * The 3L+ → 2L transport of a relapse_vs_nrm model of NRM by 12 months (the engine's
 * competingTransportJson): cause-specific log hazard ratios, the cause's AUC and Wolbers' C, the
 * Aalen–Johansen log(O/E) with no slope, the three recalibration methods with net benefit; the
 * engine's own headline says "AUC" without the cause.
 */
export const competingTransportFixture: TransportJson = {
  ...transportFixture,
  endpoint: "relapse_vs_nrm",
  event: "non-relapse mortality, death without prior progression (progression competing)",
  predictors: [
    {
      name: "mtv_ml",
      scale: "per SD",
      effect_3l: { estimate: 0.4, lower: 0.1, upper: 0.7 },
      effect_2l: { estimate: 0.1, lower: -0.5, upper: 0.7 },
      interaction_p: 0.03,
    },
    {
      name: "ecog_ps",
      scale: "per SD",
      effect_3l: { estimate: 0.3, lower: 0.05, upper: 0.55 },
      effect_2l: { estimate: 0.35, lower: -0.2, upper: 0.9 },
      interaction_p: 0.62,
    },
  ],
  performance_2l: {
    auc: 0.63,
    auc_lower: 0.51,
    auc_upper: 0.75,
    brier: 0.088,
    calibration_slope: null,
    calibration_intercept: -0.21,
    calibration_problem: "no calibration slope is estimated for a cumulative-incidence model",
    horizon_months: 12,
    wolbers_c: 0.61,
    cause: "nrm",
  },
  recalibration: [
    {
      method: "original",
      auc: 0.63,
      calibration_slope: null,
      calibration_intercept: -0.21,
      wolbers_c: 0.61,
      net_benefit: {
        thresholds: [0.05, 0.1, 0.2],
        model: [0.031, 0.012, 0],
        treat_all: [0.046, -0.006, -0.13],
      },
    },
    {
      method: "baseline",
      auc: 0.62,
      calibration_slope: null,
      calibration_intercept: 0.02,
      wolbers_c: 0.6,
      net_benefit: {
        thresholds: [0.05, 0.1, 0.2],
        model: [0.045, 0.02, 0.001],
        treat_all: [0.046, -0.006, -0.13],
      },
    },
    {
      method: "slope",
      auc: 0.6,
      calibration_slope: null,
      calibration_intercept: null,
      wolbers_c: null,
      net_benefit: {
        thresholds: [0.05, 0.1, 0.2],
        model: [0.044, 0.018, 0],
        treat_all: [0.046, -0.006, -0.13],
      },
    },
  ],
  headline: "In 2L the 3L+ model has AUC 0.63 (95% CI 0.51–0.75); its calibration slope is undefined there.",
};
