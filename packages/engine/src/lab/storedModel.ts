import {
  type DesignEncoding,
  deserializeEbm,
  deserializeImputedElasticNet,
  designMatrix,
  type EbmModel,
  ebmMargin,
  type ImputedElasticNetPredictor,
  imputedElasticNetMargins,
  type LearningTable,
} from "@carta/ml";
import { parseModel, predictMargin, type TreeEnsemble } from "@carta/trees";
import type { ModelRecord, SerializedEncoding } from "./models.js";

/**
 * A registry model rebuilt from exactly what `trainModel` stored (docs/lab.md "Training and
 * validation runs"): for the boosted trees the `carta.tree-model` ensemble and the design encoding,
 * for the elastic net the original-scale intercept and coefficients and the encoding, for the imputed
 * elastic net its `carta.imputed-elastic-net-model` document (encoding, imputer, m fits). Nothing is
 * refitted, so a prediction is the stored version's.
 */
export type StoredModel =
  | { kind: "boosted-trees"; encoding: DesignEncoding; ensemble: TreeEnsemble }
  | { kind: "elastic-net-logistic"; encoding: DesignEncoding; intercept: number; coefficients: Float64Array }
  | { kind: "ebm"; ebm: EbmModel }
  | ImputedElasticNetPredictor;

function encodingOf(e: SerializedEncoding): DesignEncoding {
  return { names: e.names, columns: e.columns, categorical: new Map(e.categorical) };
}

export function loadStoredModel(record: Pick<ModelRecord, "name" | "version" | "model">): StoredModel {
  const m = record.model;
  if (m.kind === "ebm") return { kind: "ebm", ebm: deserializeEbm(m.ebm) };
  if (m.kind === "imputed-elastic-net-logistic") return deserializeImputedElasticNet(m.imputedElasticNet);
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
 * naming the design column (it never fills values in). The imputed elastic net imputes a row's
 * missing inputs with the stored imputer (imputation l for fit l; a row's draws depend on its
 * position in `rows`, so predict one patient as row 0 to get the learner's answer) and returns the
 * pooled margin, the mean of the m fits' margins: its logistic is the model's probability (Rubin's
 * pooled linear predictor, as the learner pools), not the mean of the m probabilities.
 */
export function storedMargins(model: StoredModel, x: LearningTable, rows: Uint32Array): Float64Array {
  if (model.kind === "ebm") return ebmMargin(model.ebm, x, rows);
  if (model.kind === "imputed-elastic-net-logistic") return imputedElasticNetMargins(model, x, rows);
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
