/**
 * The reference fixtures written by tools/python/xgboost-fixtures.py (XGBoost 1.7.4), typed, with
 * helpers to compare carta's numbers against them. Missing values are null in the fixtures.
 */
import { readFileSync } from "node:fs";

export interface XgbFixture {
  name: string;
  description: string;
  params: Record<string, unknown>;
  rounds: number;
  /** The model file exactly as XGBoost wrote it (bare NaN tokens included). */
  model_text: string;
  rows: (number | null)[][];
  margins: number[];
  predictions: number[];
  /** Per row: one column per feature, then XGBoost's bias column. */
  contribs: number[][];
  /** Per row: (features + 1)², the bias last. */
  interactions?: number[][][];
}

export interface InterventionalFixture {
  model_text: string;
  background: (number | null)[][];
  rows: (number | null)[][];
  margins: number[];
  expected_value: number;
  shap: number[][];
}

export interface GroupedFixture {
  model_text: string;
  groups: { name: string; features: number[] }[];
  rows: (number | null)[][];
  expected_value: number;
  shap: number[][];
}

export const XGB_FIXTURE_NAMES = [
  "logistic-stump",
  "logistic-depth3-missing",
  "logistic-depth6-monotone",
  "cox-depth4-missing",
  "cox-500-stumps",
  "regression-depth8-monotone",
  "logistic-categorical",
] as const;

export function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8")) as T;
}

export function xgbFixture(name: (typeof XGB_FIXTURE_NAMES)[number]): XgbFixture {
  return readFixture<XgbFixture>(`xgb-${name}.json`);
}

/** Rows as carta takes them: one row-major Float64Array, NaN for missing. */
export function rowValues(rows: readonly (number | null)[][]): Float64Array {
  return Float64Array.from(rows.flat(), (v) => (v === null ? Number.NaN : v));
}

/** The largest |actual − expected| and where it is, for assertion messages. */
export function worstAbsolute(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { diff: number; at: number } {
  if (actual.length !== expected.length) return { diff: Number.POSITIVE_INFINITY, at: -1 };
  let diff = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  }
  return { diff, at };
}

export function worstRelative(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { diff: number; at: number } {
  if (actual.length !== expected.length) return { diff: Number.POSITIVE_INFINITY, at: -1 };
  let diff = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!) / Math.abs(expected[i]!);
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  }
  return { diff, at };
}
