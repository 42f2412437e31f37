import {
  type DesignEncoding,
  deserializeEbm,
  designMatrix,
  type EbmModel,
  ebmMargin,
  type LearningTable,
} from "@carta/ml";
import { parseModel, predictMargin, type TreeEnsemble } from "@carta/trees";
import type { ModelRecord, SerializedEncoding } from "./models.js";

/**
 * A registry model rebuilt from exactly what `trainModel` stored (docs/lab.md "Training and
 * validation runs"): for the boosted trees the `carta.tree-model` ensemble and the design encoding,
 * for the elastic net the original-scale intercept and coefficients and the encoding. Nothing is
 * refitted, so a prediction is the stored version's.
 */
export type StoredModel =
  | { kind: "boosted-trees"; encoding: DesignEncoding; ensemble: TreeEnsemble }
  | { kind: "elastic-net-logistic"; encoding: DesignEncoding; intercept: number; coefficients: Float64Array }
  | { kind: "ebm"; ebm: EbmModel };

function encodingOf(e: SerializedEncoding): DesignEncoding {
  return { names: e.names, columns: e.columns, categorical: new Map(e.categorical) };
}

export function loadStoredModel(record: Pick<ModelRecord, "name" | "version" | "model">): StoredModel {
  const m = record.model;
  if (m.kind === "ebm") return { kind: "ebm", ebm: deserializeEbm(m.ebm) };
  const encoding = encodingOf(m.encoding);
  if (m.kind === "boosted-trees") {
    return {
      kind: m.kind,
      encoding,
      ensemble: parseModel(m.ensemble, `model ${record.name} v${record.version}`),
    };
  }
  if (m.coefficients.length !== encoding.names.length) {
    throw new RangeError(
      `model ${record.name} v${record.version}: ${m.coefficients.length} coefficients for ${encoding.names.length} design columns`,
    );
  }
  return { kind: m.kind, encoding, intercept: m.intercept, coefficients: Float64Array.from(m.coefficients) };
}

/**
 * Margins (log-odds of the endpoint's event) of the given rows. The trees route a missing value by
 * each split's learned default direction; the elastic net has no meaning for one and refuses it,
 * naming the design column (it never fills values in).
 */
export function storedMargins(model: StoredModel, x: LearningTable, rows: Uint32Array): Float64Array {
  if (model.kind === "ebm") return ebmMargin(model.ebm, x, rows);
  const values = designMatrix(model.encoding, x, rows);
  if (model.kind === "boosted-trees") return predictMargin(model.ensemble, values);
  const p = model.encoding.names.length;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let eta = model.intercept;
    for (let j = 0; j < p; j++) {
      const v = values[i * p + j]!;
      if (Number.isNaN(v)) {
        throw new RangeError(
          `elastic-net model: ${model.encoding.names[j]} is missing; the model needs every value and does not fill it in`,
        );
      }
      eta += model.coefficients[j]! * v;
    }
    out[i] = eta;
  }
  return out;
}

export function logistic(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}
