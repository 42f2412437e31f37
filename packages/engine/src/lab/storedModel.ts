import {
  absoluteRiskFromLinearPredictors,
  type BreslowBaseline,
  baselineCumulativeHazardAt,
  type DesignEncoding,
  deserializeEbm,
  deserializeImputedElasticNet,
  designMatrix,
  type EbmModel,
  ebmMargin,
  type ImputedElasticNetCoxPredictor,
  type ImputedElasticNetPredictor,
  imputedElasticNetMargins,
  type LearningTable,
} from "@carta/ml";
import { parseModel, predictMargin, type TreeEnsemble } from "@carta/trees";
import type { ModelRecord, SerializedBaseline, SerializedEncoding } from "./models.js";

/**
 * A registry model rebuilt from exactly what `trainModel` stored (docs/lab.md "Training and
 * validation runs"): for the boosted trees the `carta.tree-model` ensemble and the design encoding,
 * for the elastic net the original-scale intercept and coefficients and the encoding, for the imputed
 * elastic net its `carta.imputed-elastic-net-model` document (encoding, imputer, m fits), for a Cox
 * model the same with its Breslow baseline (two of them, one per cause, for relapse_vs_nrm). Nothing
 * is refitted, so a prediction is the stored version's.
 */
export type StoredModel =
  | { kind: "boosted-trees"; encoding: DesignEncoding; ensemble: TreeEnsemble }
  | { kind: "elastic-net-logistic"; encoding: DesignEncoding; intercept: number; coefficients: Float64Array }
  | { kind: "ebm"; ebm: EbmModel }
  | ImputedElasticNetPredictor
  | StoredCoxModel
  /**
   * relapse_vs_nrm: the spec's cause's model (`own`, whose log hazard is the margin and what SHAP
   * explains) and the competing cause's (`other`), which the absolute risk also depends on.
   */
  | { kind: "cause-specific-cox"; cause: 1 | 2; own: StoredCoxModel; other: StoredCoxModel };

/** A Cox model as stored: its design encoding, its linear predictor's parameters and its Breslow baseline. */
export type StoredCoxModel =
  | {
      kind: "elastic-net-cox";
      encoding: DesignEncoding;
      coefficients: Float64Array;
      baseline: BreslowBaseline;
    }
  | {
      kind: "boosted-trees-cox";
      encoding: DesignEncoding;
      ensemble: TreeEnsemble;
      baseline: BreslowBaseline;
    }
  | ImputedElasticNetCoxPredictor;

function encodingOf(e: SerializedEncoding): DesignEncoding {
  return { names: e.names, columns: e.columns, categorical: new Map(e.categorical) };
}

function baselineOf(b: SerializedBaseline, name: string): BreslowBaseline {
  if (b.time.length !== b.cumulativeHazard.length || !Number.isFinite(b.center)) {
    throw new RangeError(
      `${name}: the stored Breslow baseline has ${b.time.length} times and ${b.cumulativeHazard.length} cumulative hazards`,
    );
  }
  return {
    time: Float64Array.from(b.time),
    cumulativeHazard: Float64Array.from(b.cumulativeHazard),
    center: b.center,
  };
}

export function loadStoredModel(record: Pick<ModelRecord, "name" | "version" | "model">): StoredModel {
  const m = record.model;
  const name = `model ${record.name} v${record.version}`;
  if (m.kind === "cause-specific-cox") {
    const [relapse, nrm] = m.models.map((sub) => loadStoredModel({ ...record, model: sub })) as [
      StoredCoxModel,
      StoredCoxModel,
    ];
    return {
      kind: m.kind,
      cause: m.cause,
      own: m.cause === 1 ? relapse : nrm,
      other: m.cause === 1 ? nrm : relapse,
    };
  }
  if (m.kind === "ebm") return { kind: "ebm", ebm: deserializeEbm(m.ebm) };
  if (m.kind === "imputed-elastic-net-logistic") return deserializeImputedElasticNet(m.imputedElasticNet);
  if (m.kind === "imputed-elastic-net-cox")
    return deserializeImputedElasticNet(m.imputedElasticNet, "imputed-elastic-net-cox");
  const encoding = encodingOf(m.encoding);
  if (m.kind === "boosted-trees" || m.kind === "boosted-trees-cox") {
    const ensemble = parseModel(m.ensemble, name);
    return m.kind === "boosted-trees"
      ? { kind: m.kind, encoding, ensemble }
      : { kind: m.kind, encoding, ensemble, baseline: baselineOf(m.baseline, name) };
  }
  if (m.coefficients.length !== encoding.names.length) {
    throw new RangeError(
      `model ${record.name} v${record.version}: ${m.coefficients.length} coefficients for ${encoding.names.length} design columns`,
    );
  }
  if (m.kind === "elastic-net-cox") {
    return {
      kind: m.kind,
      encoding,
      coefficients: Float64Array.from(m.coefficients),
      baseline: baselineOf(m.baseline, name),
    };
  }
  return { kind: m.kind, encoding, intercept: m.intercept, coefficients: Float64Array.from(m.coefficients) };
}

/**
 * The probability a stored model's margin stands for: the logistic of the log-odds for a binary
 * model; for a Cox model, whose margin is the log relative hazard η, the risk of the event by the
 * horizon τ, 1 − exp(−Λ₀(τ)·exp(η − c)) with the stored Breslow baseline (breslow.ts); for a
 * cause-specific model the cause's cumulative incidence by τ with the competing cause's log hazard
 * held at `patient`'s (so reasons and what-ifs move along the cause's own hazard).
 */
export function probabilityLink(
  model: StoredModel,
  horizonMonths: number | null,
  patient?: LearningTable,
): (margin: number) => number {
  if (model.kind === "cause-specific-cox") {
    // The competing cause's hazard held at this patient's: F_cause(τ) as the cause's log hazard varies.
    if (horizonMonths === null || !patient)
      throw new RangeError("a cause-specific model's link needs its horizon and the patient's row");
    const otherLp = storedMargins(model.other, patient, Uint32Array.of(0));
    return (margin) =>
      absoluteRiskFromLinearPredictors(
        model.own.baseline,
        model.other.baseline,
        Float64Array.of(margin),
        otherLp,
        horizonMonths,
      )[0]!;
  }
  if (
    model.kind !== "elastic-net-cox" &&
    model.kind !== "boosted-trees-cox" &&
    model.kind !== "imputed-elastic-net-cox"
  )
    return logistic;
  if (horizonMonths === null) throw new RangeError(`a ${model.kind} model needs its spec's horizonMonths`);
  const h0 = baselineCumulativeHazardAt(model.baseline, horizonMonths);
  const center = model.baseline.center;
  return (margin) => -Math.expm1(-h0 * Math.exp(margin - center));
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
  if (model.kind === "cause-specific-cox") return storedMargins(model.own, x, rows);
  if (model.kind === "ebm") return ebmMargin(model.ebm, x, rows);
  if (model.kind === "imputed-elastic-net-logistic" || model.kind === "imputed-elastic-net-cox")
    return imputedElasticNetMargins(model, x, rows);
  const values = designMatrix(model.encoding, x, rows);
  if (model.kind === "boosted-trees" || model.kind === "boosted-trees-cox")
    return predictMargin(model.ensemble, values);
  const p = model.encoding.names.length;
  const out = new Float64Array(rows.length);
  const intercept = model.kind === "elastic-net-cox" ? 0 : model.intercept;
  for (let i = 0; i < rows.length; i++) {
    let eta = intercept;
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

/** Each row's probability of the model's event (by the horizon, for a time-to-event model). */
export function storedProbabilities(
  model: StoredModel,
  horizonMonths: number | null,
  x: LearningTable,
  rows: Uint32Array,
): Float64Array {
  if (model.kind === "cause-specific-cox") {
    if (horizonMonths === null) throw new RangeError("a cause-specific model needs its spec's horizonMonths");
    return absoluteRiskFromLinearPredictors(
      model.own.baseline,
      model.other.baseline,
      storedMargins(model.own, x, rows),
      storedMargins(model.other, x, rows),
      horizonMonths,
    );
  }
  return storedMargins(model, x, rows).map(probabilityLink(model, horizonMonths));
}

export function logistic(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}
