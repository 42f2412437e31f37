/**
 * Rows to predict or explain: either one row-major typed array (nRows × nFeatures values, in the
 * model's feature order) or an array of rows. NaN is a missing value. Float32Array input is taken
 * as is; Float64Array values are rounded to float32 where a split compares them, as XGBoost
 * stores its input as float32.
 */
export type FeatureRows = Float64Array | Float32Array | readonly ArrayLike<number>[];

/** Rows checked against a model: row-major values with their shape. */
export interface RowMatrix {
  readonly values: Float64Array | Float32Array;
  readonly nRows: number;
  readonly nFeatures: number;
}

/** Rows whose shape does not fit the model: the message names the argument, the row and the count. */
export class FeatureRowsError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "FeatureRowsError";
  }
}

/**
 * Checks that every row has one value per model feature and gives them as one row-major matrix.
 * `what` names the argument in messages ("rows", "background").
 */
export function rowMatrix(rows: FeatureRows, featureNames: readonly string[], what = "rows"): RowMatrix {
  const nFeatures = featureNames.length;
  if (rows instanceof Float64Array || rows instanceof Float32Array) {
    if (rows.length % nFeatures !== 0) {
      throw new FeatureRowsError(
        `${what}: ${rows.length} values is not a whole number of rows of the model's ${nFeatures} features (${listNames(featureNames)})`,
      );
    }
    return { values: rows, nRows: rows.length / nFeatures, nFeatures };
  }
  const values = new Float64Array(rows.length * nFeatures);
  rows.forEach((row, i) => {
    if (row.length !== nFeatures) {
      throw new FeatureRowsError(
        `${what}[${i}]: expected ${nFeatures} values, one per model feature (${listNames(featureNames)}), got ${row.length}`,
      );
    }
    for (let j = 0; j < nFeatures; j++) values[i * nFeatures + j] = row[j]!;
  });
  return { values, nRows: rows.length, nFeatures };
}

function listNames(names: readonly string[]): string {
  return names.length <= 6
    ? names.join(", ")
    : `${names.slice(0, 5).join(", ")}, … ${names[names.length - 1]}`;
}
