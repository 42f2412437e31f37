import { predictMargin, type TreeEnsemble, trainGradientBoosting } from "@carta/trees";
import type { LearningTable } from "../data.js";
import { type DesignEncoding, designMatrix, learnEncoding } from "../learners/design.js";
import { type BreslowBaseline, breslowBaseline, survivalFromLinearPredictor } from "./breslow.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon, survivalOutcomeOf } from "./survivalData.js";

/** Hyperparameters of the boosted trees (XGBoost's meaning, @carta/trees' names), as for binary endpoints. */
export interface BoostedTreesCoxParams {
  readonly rounds: number;
  readonly learningRate?: number;
  readonly maxDepth?: number;
  readonly minChildWeight?: number;
  readonly lambda?: number;
  readonly subsample?: number;
  readonly colsampleByTree?: number;
  readonly seed?: number;
}

export interface BoostedTreesCoxModel {
  readonly kind: "boosted-trees-cox";
  readonly encoding: DesignEncoding;
  /** Its margin is the log relative hazard. */
  readonly ensemble: TreeEnsemble;
  /** Breslow baseline hazard of the training rows, for S(t | x). */
  readonly baseline: BreslowBaseline;
}

/**
 * Gradient-boosted trees with XGBoost's survival:cox objective (the negative Cox partial
 * log-likelihood, Breslow ties). Missing values stay NaN and each split learns where to send them,
 * as for the binary trees.
 *
 * survival:cox takes a signed time (event > 0, censored < 0), so a time of 0 — an event or
 * censoring on the landmark day — cannot be written as a label. The partial likelihood depends on
 * the times only through their order and ties, so each time is replaced by its rank among the
 * distinct training times (1, 2, …): the same risk sets, the same fit, and 0 never occurs.
 */
export const boostedTreesCoxLearner: SurvivalLearner<BoostedTreesCoxModel, BoostedTreesCoxParams> = {
  name: "boosted-trees-cox",
  fit(table, time, event, rows, params) {
    const outcome = survivalOutcomeOf("boostedTreesCoxLearner", table, time, event, rows);
    if (outcome.events === 0) {
      throw new RangeError(
        "boostedTreesCoxLearner: no events among the training rows; Cox needs at least one",
      );
    }
    const encoding = learnEncoding(table, rows);
    const values = designMatrix(encoding, table, rows);
    const { model } = trainGradientBoosting({
      objective: "survival:cox",
      features: { values, rows: rows.length, columns: encoding.names.length },
      labels: signedTimeRanks(outcome.time, outcome.event),
      featureNames: encoding.names,
      ...params,
    });
    const margin = predictMargin(model, values);
    return {
      kind: "boosted-trees-cox",
      encoding,
      ensemble: model,
      baseline: breslowBaseline(outcome.time, outcome.event, margin),
    };
  },
  predictRisk(model, table: LearningTable, rows) {
    return predictMargin(model.ensemble, designMatrix(model.encoding, table, rows));
  },
  predictSurvival(model, table: LearningTable, rows, horizon) {
    checkHorizon("boostedTreesCoxLearner", horizon);
    return survivalFromLinearPredictor(
      model.baseline,
      boostedTreesCoxLearner.predictRisk(model, table, rows),
      horizon,
    );
  },
};

/** ±(rank of the time among the distinct times): + for an event, − for a censored row. */
function signedTimeRanks(time: Float64Array, event: Uint8Array): Float64Array {
  const distinct = Float64Array.from(new Set(time)).sort();
  const rank = new Map<number, number>();
  distinct.forEach((t, k) => {
    rank.set(t, k + 1);
  });
  return Float64Array.from(time, (t, i) => (event[i] === 1 ? rank.get(t)! : -rank.get(t)!));
}
