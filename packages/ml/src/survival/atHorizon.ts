import type { LearningTable } from "../data.js";
import type { BinaryLearner } from "../learners/learner.js";
import type { SurvivalLearner } from "./learner.js";
import { checkHorizon } from "./survivalData.js";

/**
 * A time-to-event model read at one horizon τ: its probability is the risk of the event by τ,
 * 1 − S(τ | x), and its margin the log relative hazard. This is what a patient is told, and what the
 * per-patient uncertainty (bootstrap refits, split-conformal sets) is computed on, so those designs —
 * written for binary learners — serve survival models through this view.
 *
 * Its `fit` reads the follow-up time and status of the rows it is given, from the arrays bound here
 * (indexed like the table); the `outcome` a binary design passes (what it stratifies and splits on,
 * e.g. statusAtHorizon) is not what the model is fitted to.
 */
export function survivalAtHorizon<M, P>(
  learner: SurvivalLearner<M, P>,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  horizon: number,
): BinaryLearner<M, P> {
  checkHorizon("survivalAtHorizon", horizon);
  return {
    name: `${learner.name} at ${horizon}`,
    fit: (table: LearningTable, _outcome: ArrayLike<number>, rows: Uint32Array, params: P) =>
      learner.fit(table, time, event, rows, params),
    predictProbability(model: M, table: LearningTable, rows: Uint32Array) {
      const survival = learner.predictSurvival(model, table, rows, horizon);
      return survival.map((s) => 1 - s);
    },
  };
}

/**
 * Each row's status at the horizon: 1 = the event (status `cause`) at or before τ, 0 = followed
 * event-free to τ or beyond, or a competing event (another nonzero status) before τ, which rules the
 * event out; NaN = censored before τ (unknown there; the binary endpoints leave such patients out
 * the same way, clinical features/outcome.ts pfsByHorizon).
 */
export function statusAtHorizon(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  horizon: number,
  cause = 1,
): Float64Array {
  const out = new Float64Array(time.length);
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    const s = status[i]!;
    out[i] = t <= horizon && s === cause ? 1 : t >= horizon || s !== 0 ? 0 : Number.NaN;
  }
  return out;
}
