import type { SeededRandom } from "../random/rng.js";
import { drawLogisticCoefficients, logisticProbability } from "./logregDraw.js";
import { designRows, linearPredictor } from "./miceData.js";
import type { ColumnModel, ImputationColumn, PredictorTerm } from "./miceTypes.js";
import { fitPmm, matchDonors } from "./pmm.js";
import { drawMultinomialCoefficients, softmaxInPlace } from "./polytomousDraw.js";

/**
 * Fits column `target`'s imputation model, by its type, to the rows where it is observed
 * (`observedRows`), with the current values of every other column as predictors.
 */
export function fitColumnModel(
  column: ImputationColumn,
  data: readonly Float64Array[],
  target: number,
  terms: readonly PredictorTerm[],
  observedRows: Int32Array,
  rng: SeededRandom,
): ColumnModel {
  const q = terms.length;
  const values = data[target]!;
  if (column.type === "numeric") {
    const x = designRows(data, terms, observedRows);
    const y = Float64Array.from(observedRows, (i) => values[i]!);
    return fitPmm(x, observedRows.length, q, y, activeTerms(x, observedRows.length, q), rng);
  }
  const all = Int32Array.from(values.keys());
  const x = designRows(data, terms, all);
  if (column.type === "binary") {
    const y = Float64Array.from(observedRows, (i) => values[i]!);
    return {
      kind: "logreg",
      drawnCoefficients: drawLogisticCoefficients(x, all.length, q, observedRows, y, rng),
    };
  }
  const y = Float64Array.from(observedRows, (i) => values[i]!);
  const levels = column.levels!.length;
  return {
    kind: "polytomous",
    drawnCoefficients: drawMultinomialCoefficients(x, all.length, q, levels, observedRows, y, rng),
  };
}

/**
 * Draws column `target` for `rows` from `model`, given the current values of the other columns,
 * and writes them into data[target].
 */
export function drawFromModel(
  model: ColumnModel,
  data: Float64Array[],
  target: number,
  terms: readonly PredictorTerm[],
  rows: Int32Array,
  donors: number,
  rng: SeededRandom,
): void {
  const q = terms.length;
  const x = designRows(data, terms, rows);
  const out = data[target]!;
  if (model.kind === "pmm") {
    const imputed = matchDonors(
      model,
      linearPredictor(x, rows.length, q, model.drawnCoefficients),
      donors,
      rng,
    );
    for (let r = 0; r < rows.length; r++) out[rows[r]!] = imputed[r]!;
    return;
  }
  if (model.kind === "logreg") {
    const eta = linearPredictor(x, rows.length, q, model.drawnCoefficients);
    for (let r = 0; r < rows.length; r++)
      out[rows[r]!] = rng.uniform() < logisticProbability(eta[r]!) ? 1 : 0;
    return;
  }
  const etas = model.drawnCoefficients.map((beta) => linearPredictor(x, rows.length, q, beta));
  const weights = new Float64Array(etas.length);
  for (let r = 0; r < rows.length; r++) {
    for (let h = 0; h < etas.length; h++) weights[h] = etas[h]![r]!;
    out[rows[r]!] = rng.categorical(softmaxInPlace(weights));
  }
}

/** Intercept plus the terms that vary among the fitted rows (1) — constant ones are left out (0). */
function activeTerms(x: Float64Array, rows: number, q: number): Uint8Array {
  const active = new Uint8Array(q + 1);
  active[0] = 1;
  for (let t = 0; t < q; t++) {
    for (let r = 1; r < rows; r++) {
      if (x[r * q + t] !== x[t]) {
        active[t + 1] = 1;
        break;
      }
    }
  }
  return active;
}
