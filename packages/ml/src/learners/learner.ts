import type { LearningTable } from "../data.js";

/**
 * One learner behind one interface, so that every validation design (nested CV, bootstrap
 * optimism, leave-one-centre-out, transport) runs any model the same way. `rows` are indices into
 * the table and the outcome; a learner must read nothing but those rows when it fits.
 */
export interface BinaryLearner<M, P = Readonly<Record<string, number>>> {
  readonly name: string;
  /** Fits to the given rows (repeats allowed, as in a bootstrap sample). */
  fit(x: LearningTable, y: ArrayLike<number>, rows: Uint32Array, params: P): M;
  /** Predicted probability of the event for each of `rows`, in their order. */
  predictProbability(model: M, x: LearningTable, rows: Uint32Array): Float64Array;
}
