import { type FeatureRows, FeatureRowsError, rowMatrix } from "../predict/featureRows.js";
import { type FeatureGroup, featurePlayers, groupPlayers, type Players } from "./players.js";
import type { ShapValues } from "./shapValues.js";

/**
 * A model whose margin is linear in the features: linear regression (the response), logistic
 * regression (log-odds) or a Cox model (log relative hazard, no intercept).
 */
export interface LinearShapModel {
  readonly kind: "linear" | "logistic" | "cox";
  readonly featureNames: readonly string[];
  readonly coefficients: ArrayLike<number>;
  /** Absent for Cox models, whose baseline hazard absorbs any constant. */
  readonly intercept?: number;
}

export interface LinearShapOptions {
  /** Attribute to groups of features; for a linear margin a group's value is its members' sum. */
  readonly groups?: readonly FeatureGroup[];
}

/**
 * Exact SHAP values of a linear margin with features taken as independent (Lundberg & Lee 2017,
 * NeurIPS, "Linear SHAP"): φ_j = β_j (x_j − mean of x_j over the background), and the expected value
 * is the margin at the background means. Missing values have no meaning in a linear margin and
 * are refused with the row and feature named.
 */
export function linearShap(
  model: LinearShapModel,
  rows: FeatureRows,
  background: FeatureRows,
  options: LinearShapOptions = {},
): ShapValues {
  const p = model.featureNames.length;
  if (model.coefficients.length !== p) {
    throw new RangeError(`coefficients: expected ${p}, one per feature, got ${model.coefficients.length}`);
  }
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(model.coefficients[j]!)) {
      throw new RangeError(
        `coefficients[${j}] (${model.featureNames[j]}): ${model.coefficients[j]} is not finite`,
      );
    }
  }
  const intercept = model.intercept ?? 0;
  if (model.kind === "cox" && intercept !== 0) {
    throw new RangeError("intercept: a Cox model has none (its baseline hazard absorbs constants)");
  }
  if (!Number.isFinite(intercept)) throw new RangeError(`intercept: ${intercept} is not finite`);

  const x = rowMatrix(rows, model.featureNames);
  const b = rowMatrix(background, model.featureNames, "background");
  if (b.nRows === 0) throw new RangeError("background: expected at least one row");
  refuseMissing(x.values, model.featureNames, "rows");
  refuseMissing(b.values, model.featureNames, "background");
  const means = new Float64Array(p);
  for (let r = 0; r < b.nRows; r++) for (let j = 0; j < p; j++) means[j]! += b.values[r * p + j]!;
  let expectedValue = intercept;
  for (let j = 0; j < p; j++) {
    means[j]! /= b.nRows;
    expectedValue += model.coefficients[j]! * means[j]!;
  }

  const players: Players =
    options.groups === undefined
      ? featurePlayers(model.featureNames)
      : groupPlayers(model.featureNames, options.groups);
  const nPlayers = players.names.length;
  const values = new Float64Array(x.nRows * nPlayers);
  for (let i = 0; i < x.nRows; i++) {
    for (let j = 0; j < p; j++) {
      values[i * nPlayers + players.playerOf[j]!]! +=
        model.coefficients[j]! * (x.values[i * p + j]! - means[j]!);
    }
  }
  return {
    method: "linear-independent",
    outputScale: "margin",
    playerKind: players.kind,
    names: players.names,
    nRows: x.nRows,
    values,
    expectedValue,
  };
}

function refuseMissing(values: ArrayLike<number>, featureNames: readonly string[], what: string): void {
  const p = featureNames.length;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k]!)) {
      throw new FeatureRowsError(
        `${what}[${Math.floor(k / p)}]: ${featureNames[k % p]} is ${values[k]}; a linear model needs every value`,
      );
    }
  }
}
