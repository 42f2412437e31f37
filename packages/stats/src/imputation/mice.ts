import { SeededRandom } from "../random/rng.js";
import { drawFromModel, fitColumnModel } from "./columnModel.js";
import { checkColumns, indicesWhere, predictorTerms, toColumnArrays } from "./miceData.js";
import type {
  ChainedImputationOptions,
  ChainedImputer,
  ColumnModel,
  CompletedDatasets,
  ImputationValue,
} from "./miceTypes.js";

/**
 * Multiple imputation by chained equations (fully conditional specification; van Buuren &
 * Groothuis-Oudshoorn, J Stat Softw 2011;45(3); van Buuren, Flexible Imputation of Missing Data,
 * 2nd ed., 2018, §4.5, Algorithm 4.3), following mice 3.15's defaults:
 *
 * - each of the m imputations runs its own chain, from its own stream (seed forked by imputation);
 * - missing values start as random draws from the column's observed values (mice's initialize);
 * - each iteration visits the incomplete columns left to right ("roworder") and refits that
 *   column's model on the rows where it is observed, all other columns (at their current values)
 *   as predictors, then redraws its missing values: numeric by predictive mean matching (pmm.ts),
 *   binary by logistic regression with drawn coefficients (logregDraw.ts), categorical by a
 *   multinomial logit — mice's "polyreg" model — whose coefficients, unlike polyreg's, are also
 *   drawn from their approximate posterior (polytomousDraw.ts).
 *
 * The imputer keeps the models of the final iteration, so imputeWith() can impute rows that were
 * not part of the fit (a test fold, a new patient) without those rows influencing any model: the
 * "fit inside each training fold only" discipline of multiple imputation under cross-validation.
 * Unlike mice, predictors are not screened (quickpred) and collinear ones are not removed up front;
 * PMM's ridge and logistic's augmentation keep the fits defined instead.
 */
export function fitChainedImputation(options: ChainedImputationOptions): ChainedImputer {
  const caller = "fitChainedImputation";
  const columns = checkColumns(caller, options.columns);
  const { m = 5, iterations = 10, donors = 5, seed } = options;
  if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`${caller}: m is ${m}; expected an integer ≥ 1`);
  if (!(Number.isInteger(iterations) && iterations >= 1)) {
    throw new RangeError(`${caller}: iterations is ${iterations}; expected an integer ≥ 1`);
  }
  if (!(Number.isInteger(donors) && donors >= 1))
    throw new RangeError(`${caller}: donors is ${donors}; expected an integer ≥ 1`);
  if (!Number.isFinite(seed)) throw new RangeError(`${caller}: seed is ${seed}; expected a finite number`);
  const data = toColumnArrays(caller, columns, options.rows);
  const n = options.rows.length;
  const p = columns.length;
  const observed = data.map((values) => indicesWhere(values, false));
  const missing = data.map((values) => indicesWhere(values, true));
  columns.forEach((column, j) => {
    const count = observed[j]!.length;
    if (count === 0)
      throw new RangeError(`${caller}: column "${column.name}" is entirely missing (${n} rows)`);
    if (count < 2) {
      throw new RangeError(
        `${caller}: column "${column.name}" has ${count} observed value; at least 2 are needed to model it`,
      );
    }
  });
  const predictors = columns.map((_, j) => predictorTerms(columns, j));
  const incomplete = columns.map((_, j) => j).filter((j) => missing[j]!.length > 0);
  const root = new SeededRandom(seed);
  const models: ColumnModel[][] = [];
  const completed: Float64Array[][] = [];
  for (let l = 0; l < m; l++) {
    const rng = root.fork(`imputation ${l}`);
    const current = data.map((values) => Float64Array.from(values));
    for (const j of incomplete) {
      const obs = observed[j]!;
      for (const i of missing[j]!) current[j]![i] = data[j]![obs[rng.integer(obs.length)]!]!;
    }
    const final: ColumnModel[] = new Array(p);
    for (let it = 0; it < iterations; it++) {
      for (const j of incomplete) {
        const model = fitColumnModel(columns[j]!, current, j, predictors[j]!, observed[j]!, rng);
        drawFromModel(model, current, j, predictors[j]!, missing[j]!, donors, rng);
        if (it === iterations - 1) final[j] = model;
      }
    }
    // Complete columns are never imputed in training; their models serve new rows only, so they
    // draw from a separate stream and cannot change the training imputations.
    const spare = rng.fork("complete columns");
    for (let j = 0; j < p; j++) {
      if (missing[j]!.length === 0)
        final[j] = fitColumnModel(columns[j]!, current, j, predictors[j]!, observed[j]!, spare);
    }
    models.push(final);
    completed.push(current);
  }
  return {
    method: "mice-fcs",
    columns,
    m,
    iterations,
    seed,
    donors,
    n,
    predictors,
    missingCount: missing.map((rows) => rows.length),
    startValues: Float64Array.from(columns, (column, j) =>
      column.type === "numeric"
        ? mean(data[j]!, observed[j]!)
        : mode(data[j]!, observed[j]!, column.levels!.length),
    ),
    models,
    completed,
  };
}

/** The m completed training data sets (copies): datasets[l][j] is column j of imputation l. */
export function completedDatasets(imputer: ChainedImputer): CompletedDatasets {
  return imputer.completed.map((columns) => columns.map((values) => Float64Array.from(values)));
}

export interface ImputeWithOptions {
  /** Seed of the draws for these rows; default the imputer's seed. */
  seed?: number;
  /** Passes through the stored models; default 5. */
  iterations?: number;
}

/**
 * Imputes rows that were not used to fit the imputer, with the imputer's stored models only: for
 * imputation l, the row's missing values start at the training means (numeric) or most frequent
 * categories, then `iterations` passes redraw each missing column, left to right, from imputation
 * l's model for that column given the row's current values. Observed values are kept. Each row is
 * imputed on its own (its own random stream, forked by its position), so other rows never affect
 * it. Returns m completed copies, datasets[l][j] column j of imputation l.
 */
export function imputeWith(
  imputer: ChainedImputer,
  rows: readonly (readonly ImputationValue[])[],
  options: ImputeWithOptions = {},
): CompletedDatasets {
  const caller = "imputeWith";
  const { seed = imputer.seed, iterations = 5 } = options;
  if (!(Number.isInteger(iterations) && iterations >= 1)) {
    throw new RangeError(`${caller}: iterations is ${iterations}; expected an integer ≥ 1`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`${caller}: seed is ${seed}; expected a finite number`);
  const { columns, predictors, models, donors, startValues } = imputer;
  const data = toColumnArrays(caller, columns, rows);
  const p = columns.length;
  const root = new SeededRandom(seed).fork("new rows");
  const datasets: CompletedDatasets = models.map(() => data.map((values) => Float64Array.from(values)));
  const single = new Int32Array(1);
  for (let i = 0; i < rows.length; i++) {
    const missingHere: number[] = [];
    for (let j = 0; j < p; j++) if (Number.isNaN(data[j]![i]!)) missingHere.push(j);
    if (missingHere.length === 0) continue;
    const rowRoot = root.fork(`row ${i}`);
    models.forEach((imputation, l) => {
      const rng = rowRoot.fork(`imputation ${l}`);
      const row = data.map((values) => Float64Array.of(values[i]!));
      for (const j of missingHere) row[j]![0] = startValues[j]!;
      for (let it = 0; it < iterations; it++) {
        for (const j of missingHere)
          drawFromModel(imputation[j]!, row, j, predictors[j]!, single, donors, rng);
      }
      for (const j of missingHere) datasets[l]![j]![i] = row[j]![0]!;
    });
  }
  return datasets;
}

function mean(values: Float64Array, rows: Int32Array): number {
  let sum = 0;
  for (const i of rows) sum += values[i]!;
  return sum / rows.length;
}

/** The most frequent code; the lowest on ties. */
function mode(values: Float64Array, rows: Int32Array, levels: number): number {
  const counts = new Float64Array(levels);
  for (const i of rows) counts[values[i]!] = counts[values[i]!]! + 1;
  let best = 0;
  for (let h = 1; h < levels; h++) if (counts[h]! > counts[best]!) best = h;
  return best;
}
