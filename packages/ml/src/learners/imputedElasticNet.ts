import {
  type ChainedImputer,
  type CompletedDatasets,
  fitChainedImputation,
  type ImputationColumn,
  type ImputationValue,
  imputeWith,
} from "@carta/stats";
import { binaryOutcomeOf, type FeatureCell, type LearningTable } from "../data.js";
import type { BreslowBaseline } from "../survival/breslow.js";
import { type DesignEncoding, designMatrix, learnEncoding } from "./design.js";
import { type ElasticNetModel, type ElasticNetParams, fitElasticNetDesign } from "./elasticNet.js";
import type { BinaryLearner } from "./learner.js";

export interface ImputedElasticNetParams extends ElasticNetParams {
  /** Number of imputations m; default 5 (mice's m). */
  readonly imputations?: number;
  /** Gibbs iterations of each imputation chain; default 10. */
  readonly iterations?: number;
  /** Seed of the imputation draws (training chains and the imputation of new rows); default 1. */
  readonly seed?: number;
}

/** What imputing new rows needs of a fitted imputer: its models, without the training data. */
export type StoredImputer = Omit<ChainedImputer, "completed">;

/** One of the m elastic-net fits, as prediction and explanation read it. */
export interface ImputedElasticNetFit {
  /** The logistic fit's intercept; 0 for a Cox fit, whose linear predictor has none (glmnet's link). */
  readonly intercept: number;
  /** Original-scale coefficients, in encoding.names order. */
  readonly coefficients: Float64Array;
  /** Coefficients × the training SD of their column (the completed data set's SD). */
  readonly standardizedCoefficients: Float64Array;
}

/** The two endpoints an imputed elastic net is fitted for: binary (logistic) and time-to-event (Cox). */
export type ImputedElasticNetKind = "imputed-elastic-net-logistic" | "imputed-elastic-net-cox";

export const IMPUTED_ELASTIC_NET_KINDS: readonly ImputedElasticNetKind[] = [
  "imputed-elastic-net-logistic",
  "imputed-elastic-net-cox",
];

/** What the logistic and the Cox imputed elastic nets share: imputation, design and the m fits. */
interface ImputedElasticNetParts {
  /** The design encoding, learned once on the training rows as given and shared by all m fits. */
  readonly encoding: DesignEncoding;
  readonly lambda: number;
  readonly alpha: number;
  /** Chained-equations imputer fitted to the training rows' features only (never the outcome). */
  readonly imputer: StoredImputer;
  /** Which feature (table column index) each imputation column is, in imputer.columns order. */
  readonly imputedFeatures: readonly number[];
  /** One elastic net per completed training data set, in imputation order. */
  readonly fits: readonly ImputedElasticNetFit[];
  /**
   * True when the training rows had no missing design value: the m completed data sets are then the
   * observed data itself, so one fit stands for all m (fits holds it m times).
   */
  readonly completeTraining: boolean;
}

/** Binary endpoint: the pooled margin is the log-odds. */
export interface ImputedElasticNetLogisticPredictor extends ImputedElasticNetParts {
  readonly kind: "imputed-elastic-net-logistic";
}

/**
 * Time-to-event endpoint: the pooled margin is the log relative hazard (every fit's intercept is 0),
 * and S(t | x) scales one Breslow baseline of the training rows, taken at their pooled margins.
 */
export interface ImputedElasticNetCoxPredictor extends ImputedElasticNetParts {
  readonly kind: "imputed-elastic-net-cox";
  readonly baseline: BreslowBaseline;
}

/**
 * Everything that predicting and explaining with an imputed elastic net needs, and nothing of the
 * training data: what the registry stores (imputedElasticNetJson.ts) and rebuilds. K picks the
 * endpoint; ImputedElasticNetPredictor<ImputedElasticNetKind> (AnyImputedElasticNetPredictor) is
 * either, discriminated by kind. The default is the logistic one, the type's meaning before the Cox
 * twin existed, so that code which narrows a union of stored models by kind keeps compiling.
 */
export type ImputedElasticNetPredictor<K extends ImputedElasticNetKind = "imputed-elastic-net-logistic"> =
  Extract<ImputedElasticNetLogisticPredictor | ImputedElasticNetCoxPredictor, { readonly kind: K }>;

/** Either kind of imputed elastic net: what margins, pooling, explanation and storage accept. */
export type AnyImputedElasticNetPredictor = ImputedElasticNetPredictor<ImputedElasticNetKind>;

export interface ImputedElasticNetModel extends ImputedElasticNetLogisticPredictor {
  readonly imputer: ChainedImputer;
  readonly fits: readonly ElasticNetModel[];
}

/**
 * The part of fitting an imputed elastic net that does not depend on the endpoint: the design
 * encoding and the chained-equations imputer, both learned from the features of `rows` only (the
 * outcome is never read here), and one regression per completed training data set.
 */
export interface ImputedTrainingFits<F> {
  readonly encoding: DesignEncoding;
  readonly imputer: ChainedImputer;
  readonly imputedFeatures: number[];
  readonly completeTraining: boolean;
  /** The m completed training designs (rows × encoding.names); complete training: the observed one m times. */
  readonly designs: readonly Float64Array[];
  /** fitDesign applied to each design; complete training: one fit, m times. */
  readonly fits: F[];
}

/**
 * Fits the imputer to the features of the training rows (repeats included, as a bootstrap sample)
 * and `fitDesign` to each of the m completed training designs. Shared by imputedElasticNetLearner
 * and the Cox twin (survival/imputedElasticNetCox.ts), which differ only in the regression.
 */
export function fitOnImputedTraining<F>(
  x: LearningTable,
  rows: Uint32Array,
  params: Pick<ImputedElasticNetParams, "imputations" | "iterations" | "seed">,
  fitDesign: (encoding: DesignEncoding, design: Float64Array) => F,
): ImputedTrainingFits<F> {
  const m = params.imputations ?? 5;
  const iterations = params.iterations ?? 10;
  const seed = params.seed ?? 1;
  const encoding = learnEncoding(x, rows);
  const { columns, features } = imputationColumns(x, encoding);
  const imputer = fitChainedImputation({
    columns,
    rows: imputationRows(x, rows, columns, features),
    m,
    iterations,
    seed,
  });
  const observed = designMatrix(encoding, x, rows);
  const completeTraining = !observed.some(Number.isNaN);
  if (completeTraining) {
    const single = fitDesign(encoding, observed);
    return {
      encoding,
      imputer,
      imputedFeatures: features,
      completeTraining,
      designs: Array.from({ length: m }, () => observed),
      fits: Array.from({ length: m }, () => single),
    };
  }
  const designs = imputer.completed.map((dataset) =>
    completedDesign(encoding, x, rows, imputer, features, dataset),
  );
  return {
    encoding,
    imputer,
    imputedFeatures: features,
    completeTraining,
    designs,
    fits: designs.map((design) => fitDesign(encoding, design)),
  };
}

/**
 * Elastic-net logistic regression on multiply imputed data, the study's rule for linear models with
 * missing predictors (issue 6): imputation is fitted inside each training set only.
 *
 * - fit: a chained-equations imputer (fitChainedImputation, mice FCS) is fitted to the features of
 *   the training rows it is given — repeats included, as a bootstrap sample — and one elastic net
 *   at the given (λ, α) is fitted to each of the m completed training data sets.
 * - predictProbability: the rows are imputed with the stored imputer (imputeWith: fixed models, no
 *   refit, each row on its own random stream, so neither the rows predicted nor their number
 *   changes the imputer), completed data set l goes through fit l, and the m linear predictors
 *   (log-odds) are averaged: probability = logistic(mean margin). Rubin's pooled point estimate is
 *   taken on the linear-predictor scale, where the estimates are closest to normal, rather than on
 *   the probability scale (Marshall et al., BMC Med Res Methodol 2009;9:57, advise pooling on such a
 *   scale; predictions from multiply imputed data: Wood, Royston & White, Biom J 2015;57:614).
 *   It also keeps the explanation exact: the pooled margin is linear in the
 *   m fits, so the mean of the per-imputation linear SHAP values adds up to it
 *   (imputedElasticNetExplainer). The registry, validation and predictions all pool this way. A
 *   row's draws depend on its position in `rows`.
 *
 * The outcome is deliberately not a column of the imputation model, although mice practice adds it
 * when the goal is inference. imputeWith can only condition a new row on columns the row carries,
 * and a new patient's outcome is unknown: the outcome would have to be imputed along with the
 * missing predictors, so training rows would be imputed given their outcome and the rows predicted
 * without it, and the m models would be applied to data completed under a different model than the
 * one they were fitted to. Leaving it out keeps development and deployment identical, the choice
 * recommended when predictors may be missing at deployment (Sisk et al., Stat Methods Med Res
 * 2023;32:1461).
 *
 * Encoding: a categorical feature enters the imputation with the levels its training rows had (as
 * the design does); a level those rows never had is treated as missing and imputed, since no effect
 * was learned for it. A categorical feature with a single training level has no design column and
 * is left out of the imputation model. Non-finite numbers count as missing, as in the design.
 */
export const imputedElasticNetLearner: BinaryLearner<ImputedElasticNetModel, ImputedElasticNetParams> = {
  name: "imputed-elastic-net-logistic",
  fit(x, y, rows, params) {
    const outcome = binaryOutcomeOf("imputedElasticNetLearner", y, rows);
    const training = fitOnImputedTraining(x, rows, params, (encoding, design) =>
      fitElasticNetDesign(encoding, design, outcome, params),
    );
    return {
      kind: "imputed-elastic-net-logistic",
      encoding: training.encoding,
      lambda: params.lambda,
      alpha: params.alpha,
      imputer: training.imputer,
      imputedFeatures: training.imputedFeatures,
      fits: training.fits,
      completeTraining: training.completeTraining,
    };
  },
  predictProbability(model, x, rows) {
    return imputedElasticNetMargins(model, x, rows).map((eta) => 1 / (1 + Math.exp(-eta)));
  },
};

/**
 * The m completed designs of `rows` (rows × encoding.names, row-major), design l completed by
 * imputation l of the stored imputer; when no row misses a design value, the observed design m
 * times (the same array). Nothing is refitted, and each row is imputed on its own stream.
 */
export function imputedElasticNetDesigns(
  model: AnyImputedElasticNetPredictor,
  x: LearningTable,
  rows: Uint32Array,
): Float64Array[] {
  const { encoding, imputer, imputedFeatures: features, fits } = model;
  const observed = designMatrix(encoding, x, rows);
  if (!observed.some(Number.isNaN)) return fits.map(() => observed);
  // imputeWith reads only the stored models and start values, never the training data sets.
  const datasets = imputeWith(
    { ...imputer, completed: [] },
    imputationRows(x, rows, imputer.columns, features),
    { seed: imputer.seed },
  );
  return fits.map((_, l) => completedDesign(encoding, x, rows, imputer, features, datasets[l]!));
}

/**
 * Pooled margins of `rows`: the mean over the m imputations of fit l's linear predictor on completed
 * design l — Rubin's pooled linear predictor. Logistic: the log-odds, whose logistic is the learner's
 * probability. Cox: the log relative hazard x·β (no intercept), the Cox twin's risk score.
 */
export function imputedElasticNetMargins(
  model: AnyImputedElasticNetPredictor,
  x: LearningTable,
  rows: Uint32Array,
): Float64Array {
  return pooledLinearPredictor(model, imputedElasticNetDesigns(model, x, rows), rows.length);
}

/**
 * The mean over l of fit l's linear predictor on designs[l] (n rows × encoding.names). When the
 * training data were complete and so is every row (one design, m times), the m fits are one fit and
 * its linear predictor is returned as such — exactly the plain elastic net's, not an m-fold average
 * of it that could differ in the last bit.
 */
export function pooledLinearPredictor(
  model: Pick<AnyImputedElasticNetPredictor, "encoding" | "fits" | "completeTraining">,
  designs: readonly Float64Array[],
  n: number,
): Float64Array {
  const p = model.encoding.names.length;
  const first = designs[0]!;
  const linear = (fit: ImputedElasticNetFit, design: Float64Array, i: number) => {
    let eta = fit.intercept;
    for (let j = 0; j < p; j++) eta += fit.coefficients[j]! * design[i * p + j]!;
    return eta;
  };
  const out = new Float64Array(n);
  if (model.completeTraining && designs.every((design) => design === first)) {
    const fit = model.fits[0]!;
    for (let i = 0; i < n; i++) out[i] = linear(fit, first, i);
    return out;
  }
  const m = model.fits.length;
  model.fits.forEach((fit, l) => {
    const design = designs[l]!;
    for (let i = 0; i < n; i++) out[i] = out[i]! + linear(fit, design, i) / m;
  });
  return out;
}

/** One coefficient of the m elastic-net fits, pooled across imputations. */
export interface PooledElasticNetCoefficient {
  /** "(Intercept)" (logistic only: a Cox fit has none) or a design column name. */
  readonly term: string;
  /** Q̄: the mean of the m coefficients (Rubin's pooled point estimate), original scale. */
  readonly estimate: number;
  /** B: their variance across imputations (denominator m − 1); 0 when the training data were complete. */
  readonly betweenVariance: number;
  /**
   * Ū is not available: a penalised, selected coefficient has no valid sampling variance, so
   * Rubin's total variance Ū + (1 + 1/m)·B, its intervals and tests cannot be formed. B measures
   * only how much the fit moves with the imputed values, not its sampling uncertainty.
   */
  readonly withinVariance: null;
  /** In how many of the m fits the coefficient is non-zero (selection stability; m for an intercept ≠ 0). */
  readonly selectedIn: number;
  readonly perImputation: Float64Array;
}

/**
 * Pools the m fits' coefficients term by term: the mean (Rubin's point estimate, as for variable
 * selection on multiply imputed data in Wood, White & Royston, Stat Med 2008;27:3227) and the
 * between-imputation variance. For uncertainty of the coefficients themselves, bootstrap the whole
 * fit (imputation included); nothing here is a standard error. A Cox model's terms are its design
 * columns only (log hazard ratios); a logistic model's start with "(Intercept)". With complete
 * training data the m fits are one, and the estimate is its coefficient as fitted.
 */
export function pooledCoefficients(model: AnyImputedElasticNetPredictor): PooledElasticNetCoefficient[] {
  const m = model.fits.length;
  if (m < 2) {
    throw new RangeError(`pooledCoefficients: the model has ${m} imputation; pooling needs m ≥ 2`);
  }
  const intercept = model.kind === "imputed-elastic-net-logistic";
  const terms = intercept ? ["(Intercept)", ...model.encoding.names] : [...model.encoding.names];
  return terms.map((term, t) => {
    const perImputation = Float64Array.from(model.fits, (fit) => {
      if (!intercept) return fit.coefficients[t]!;
      return t === 0 ? fit.intercept : fit.coefficients[t - 1]!;
    });
    let sum = 0;
    let selectedIn = 0;
    for (const value of perImputation) {
      sum += value;
      if (value !== 0) selectedIn++;
    }
    const estimate = model.completeTraining ? perImputation[0]! : sum / m;
    let squares = 0;
    for (const value of perImputation) squares += (value - estimate) ** 2;
    return {
      term,
      estimate,
      betweenVariance: model.completeTraining ? 0 : squares / (m - 1),
      withinVariance: null,
      selectedIn,
      perImputation,
    };
  });
}

/** The imputation model's columns: every feature with a design column, in table order. */
function imputationColumns(
  table: LearningTable,
  encoding: DesignEncoding,
): { columns: ImputationColumn[]; features: number[] } {
  const columns: ImputationColumn[] = [];
  const features: number[] = [];
  table.columns.forEach((column, feature) => {
    if (column.type === "categorical") {
      const levels = encoding.categorical.get(feature)!.levels;
      if (levels.length < 2) return;
      columns.push({ name: column.name, type: "categorical", levels: [...levels] });
    } else {
      columns.push({ name: column.name, type: column.type });
    }
    features.push(feature);
  });
  return { columns, features };
}

/** The given rows as imputation input: missing, non-finite and unlearned categories become null. */
function imputationRows(
  table: LearningTable,
  rows: Uint32Array,
  columns: readonly ImputationColumn[],
  features: readonly number[],
): ImputationValue[][] {
  return Array.from(rows, (row) => {
    const cells = table.rows[row]!;
    return features.map((feature, k) => {
      const column = columns[k]!;
      const cell = cells[feature] ?? null;
      if (cell === null) return null;
      if (column.type === "categorical") {
        const level = String(cell);
        return column.levels!.includes(level) ? level : null;
      }
      if (typeof cell !== "number") {
        throw new RangeError(
          `column ${column.name} is ${column.type} but has the value ${JSON.stringify(cell)}`,
        );
      }
      return Number.isFinite(cell) ? cell : null;
    });
  });
}

/** The design of `rows` with imputed features replaced by completed data set `dataset`. */
function completedDesign(
  encoding: DesignEncoding,
  table: LearningTable,
  rows: Uint32Array,
  imputer: StoredImputer,
  features: readonly number[],
  dataset: CompletedDatasets[number],
): Float64Array {
  const completedRows = Array.from(rows, (row, i) => {
    const cells: FeatureCell[] = [...table.rows[row]!];
    features.forEach((feature, k) => {
      const value = dataset[k]![i]!;
      const levels = imputer.columns[k]!.levels;
      cells[feature] = imputer.columns[k]!.type === "categorical" ? levels![value]! : value;
    });
    return cells;
  });
  const completed: LearningTable = { columns: table.columns, rows: completedRows };
  return designMatrix(
    encoding,
    completed,
    Uint32Array.from(rows, (_, i) => i),
  );
}
