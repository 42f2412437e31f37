/** Which Shapley game the values solve. */
export type ShapMethod = "tree-path-dependent" | "tree-interventional" | "linear-independent";

/**
 * SHAP values on the margin scale (log-odds, log relative hazard, or the response): for each row,
 * expectedValue plus the row's values equals the row's margin (additivity, up to rounding).
 */
export interface ShapValues {
  readonly method: ShapMethod;
  readonly outputScale: "margin";
  /** Whether values are per feature or per group of features (each group one player). */
  readonly playerKind: "feature" | "group";
  /** The players: feature names, or group names. */
  readonly names: readonly string[];
  readonly nRows: number;
  /** Row-major nRows × names.length. */
  readonly values: Float64Array;
  /** The model's expected margin under the method's reference distribution (XGBoost's bias column). */
  readonly expectedValue: number;
}

/**
 * SHAP interaction values (Lundberg et al. 2020, Nature Machine Intelligence 2:56–67, Methods
 * "SHAP interaction values"), per row a names.length² symmetric matrix: off-diagonal [i][j] and
 * [j][i] each hold half of the pair's interaction, the diagonal the main effect; a row of the matrix
 * sums to that feature's SHAP value.
 */
export interface ShapInteractionValues {
  readonly method: "tree-path-dependent";
  readonly outputScale: "margin";
  readonly names: readonly string[];
  readonly nRows: number;
  /** Row-major nRows × p × p, p = names.length. */
  readonly values: Float64Array;
  readonly expectedValue: number;
}
