import type { LearningTable } from "../data.js";

/**
 * A time-to-event learner behind one interface, as BinaryLearner is for binary endpoints, so that
 * every validation design runs any survival model the same way. `rows` index the table, the times
 * and the statuses; a learner reads nothing but those rows when it fits (repeats allowed, as in a
 * bootstrap sample).
 */
export interface SurvivalLearner<M, P = Readonly<Record<string, number>>> {
  readonly name: string;
  fit(
    table: LearningTable,
    time: ArrayLike<number>,
    event: ArrayLike<number>,
    rows: Uint32Array,
    params: P,
  ): M;
  /** The linear predictor (log relative hazard) of each of `rows`: higher means higher risk. */
  predictRisk(model: M, table: LearningTable, rows: Uint32Array): Float64Array;
  /**
   * S(horizon | x) of each of `rows`: the Breslow baseline cumulative hazard of the training rows at
   * the horizon, scaled by each row's relative hazard.
   */
  predictSurvival(model: M, table: LearningTable, rows: Uint32Array, horizon: number): Float64Array;
}
