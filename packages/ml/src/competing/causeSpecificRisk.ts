import type { LearningTable } from "../data.js";
import { type BreslowBaseline, breslowBaseline } from "../survival/breslow.js";
import type { SurvivalLearner } from "../survival/learner.js";
import { checkHorizon } from "../survival/survivalData.js";
import { type CompetingCause, checkCause, competingCauseOf, competingOutcomeOf } from "./competingData.js";

/**
 * A learner for a competing-risks endpoint (status 0 censored, 1 relapse, 2 NRM) that predicts the
 * absolute risk — the cumulative incidence — of a named cause by a horizon, and the linear
 * predictor of that cause's hazard, which is what SHAP explains (positive = a higher hazard of the
 * named cause).
 */
export interface CompetingRiskLearner<M, P> {
  readonly name: string;
  fit(
    table: LearningTable,
    time: ArrayLike<number>,
    status: ArrayLike<number>,
    rows: Uint32Array,
    params: P,
  ): M;
  /** The named cause's log relative hazard of each of `rows`: higher means a higher hazard of that cause. */
  predictLinearPredictor(
    model: M,
    table: LearningTable,
    rows: Uint32Array,
    cause: CompetingCause,
  ): Float64Array;
  /** F_cause(horizon | x) of each of `rows`: the probability of that cause's event by the horizon. */
  predictAbsoluteRisk(
    model: M,
    table: LearningTable,
    rows: Uint32Array,
    horizon: number,
    cause: CompetingCause,
  ): Float64Array;
}

/** One proportional-hazards model per cause, with the Breslow baseline of its training rows. */
export interface CauseSpecificModel<M> {
  readonly kind: "cause-specific";
  /** Index 0: the model of cause 1 (relapse); index 1: of cause 2 (NRM). */
  readonly models: readonly [M, M];
  readonly baselines: readonly [BreslowBaseline, BreslowBaseline];
  /** Events of each cause among the training rows. */
  readonly events: readonly [number, number];
}

/**
 * The cause-specific hazards approach to absolute risk (Benichou & Gail, Biometrics 1990;46:813;
 * Ozenne, Sørensen, Scheike, Torp-Pedersen & Gerds, riskRegression, R Journal 2017;9(2):440):
 * `learner` is fitted once per cause on the same rows, that cause's events as events and
 * everything else — censoring and the competing event — as censoring. Each cause's cumulative
 * hazard is Λ_k(t | x) = Λ_k0(t)·exp(η_k(x) − c_k), the Breslow baseline of the training rows at
 * their mean linear predictor c_k (breslow.ts; computed here from the learner's own linear
 * predictor, so any SurvivalLearner serves), and
 *
 *   F_k(τ | x) = Σ_{t ≤ τ} exp(−Λ₁(t− | x) − Λ₂(t− | x))·ΔΛ_k(t | x)
 *
 * over the event times of either cause: riskRegression::predictRisk(CSC(…), product.limit = FALSE).
 * With large Breslow jumps (few at risk, extreme covariates) the exponential form can exceed 1;
 * riskRegression warns and returns it, here it is capped at 1 so that it stays a probability.
 *
 * `params` apply to both causes' fits.
 */
export function causeSpecificLearner<M, P>(
  learner: SurvivalLearner<M, P>,
): CompetingRiskLearner<CauseSpecificModel<M>, P> {
  const caller = `causeSpecificLearner(${learner.name})`;
  return {
    name: `cause-specific-${learner.name}`,
    fit(table, time, status, rows, params) {
      const outcome = competingOutcomeOf(caller, table, time, status, rows);
      const fitCause = (cause: CompetingCause) => {
        // an indicator over the whole table, since the learner indexes it by `rows`
        const event = new Uint8Array(table.rows.length);
        for (const row of rows) event[row] = status[row] === cause ? 1 : 0;
        const model = learner.fit(table, time, event, rows, params);
        const lp = learner.predictRisk(model, table, rows);
        const ofCause = Uint8Array.from(outcome.status, (s) => (s === cause ? 1 : 0));
        return { model, baseline: breslowBaseline(outcome.time, ofCause, lp) };
      };
      const first = fitCause(1);
      const second = fitCause(2);
      return {
        kind: "cause-specific",
        models: [first.model, second.model],
        baselines: [first.baseline, second.baseline],
        events: outcome.events,
      };
    },
    predictLinearPredictor(model, table, rows, cause) {
      checkCause(caller, cause);
      return learner.predictRisk(model.models[cause - 1]!, table, rows);
    },
    predictAbsoluteRisk(model, table, rows, horizon, cause) {
      checkCause(caller, cause);
      checkHorizon(caller, horizon);
      const other = competingCauseOf(cause);
      return absoluteRiskFromLinearPredictors(
        model.baselines[cause - 1]!,
        model.baselines[other - 1]!,
        learner.predictRisk(model.models[cause - 1]!, table, rows),
        learner.predictRisk(model.models[other - 1]!, table, rows),
        horizon,
      );
    },
  };
}

/**
 * F(τ | x) of the cause with baseline `own` and linear predictors `ownLp`, against the competing
 * cause's `other` and `otherLp`: the sum above over the union of both baselines' event times.
 */
export function absoluteRiskFromLinearPredictors(
  own: BreslowBaseline,
  other: BreslowBaseline,
  ownLp: Float64Array,
  otherLp: Float64Array,
  horizon: number,
): Float64Array {
  // the baselines' jumps up to the horizon, merged in time order
  const times: number[] = [];
  const ownJump: number[] = [];
  const otherJump: number[] = [];
  let a = 0;
  let b = 0;
  let ownPrev = 0;
  let otherPrev = 0;
  while (true) {
    const ta = a < own.time.length ? own.time[a]! : Number.POSITIVE_INFINITY;
    const tb = b < other.time.length ? other.time[b]! : Number.POSITIVE_INFINITY;
    const t = Math.min(ta, tb);
    if (!(t <= horizon)) break;
    let dOwn = 0;
    let dOther = 0;
    if (ta === t) {
      dOwn = own.cumulativeHazard[a]! - ownPrev;
      ownPrev = own.cumulativeHazard[a++]!;
    }
    if (tb === t) {
      dOther = other.cumulativeHazard[b]! - otherPrev;
      otherPrev = other.cumulativeHazard[b++]!;
    }
    times.push(t);
    ownJump.push(dOwn);
    otherJump.push(dOther);
  }
  const n = ownLp.length;
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rOwn = Math.exp(ownLp[i]! - own.center);
    const rOther = Math.exp(otherLp[i]! - other.center);
    let cumulative = 0; // Λ₁(t−) + Λ₂(t−) of this row
    let f = 0;
    for (let k = 0; k < times.length; k++) {
      f += Math.exp(-cumulative) * ownJump[k]! * rOwn;
      cumulative += ownJump[k]! * rOwn + otherJump[k]! * rOther;
    }
    risk[i] = Math.min(f, 1);
  }
  return risk;
}
