import { cumulativeIncidence, cumulativeIncidenceAt, kaplanMeier, survivalAt } from "@carta/stats";

/**
 * Decision curve of predicted risks by a horizon τ for a censored outcome (Vickers, Cronin, Elkin &
 * Gönen, BMC Med Inform Decis Mak 2008;8:53, "Extensions to decision curve analysis"): at a
 * threshold p_t the patients with predicted risk ≥ p_t are "treated", and with π their share and
 * S₊(τ) their Kaplan–Meier event-free probability at τ,
 *
 *   NB(p_t) = π·(1 − S₊(τ)) − π·S₊(τ)·p_t / (1 − p_t);
 *
 * "treat all" is the same with everyone (π = 1, the whole cohort's Kaplan–Meier), "treat none" is 0,
 * and a threshold nobody reaches has net benefit 0. Censoring before τ is handled by the Kaplan–Meier
 * estimate (S carried forward past the last follow-up, as survfit's summary does).
 *
 * With `cause` (a competing-risks status: 0 censored, 1 and 2 the causes) the event is that cause,
 * and 1 − S₊(τ) is replaced by its Aalen–Johansen cumulative incidence F₊(τ) among the treated
 * (carried forward past their last follow-up, 0 when none of them had the cause): a competing event
 * is never counted as censoring, which would overstate the incidence (clinical-reference §E.3).
 */
export interface SurvivalDecisionCurve {
  thresholds: number[];
  model: number[];
  treatAll: number[];
  treatNone: number[];
}

export function survivalDecisionCurve(
  riskAtHorizon: ArrayLike<number>,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  horizon: number,
  thresholds: readonly number[],
  cause?: number,
): SurvivalDecisionCurve {
  const n = riskAtHorizon.length;
  if (time.length !== n || event.length !== n) {
    throw new RangeError(
      `survivalDecisionCurve: ${n} predictions, ${time.length} times and ${event.length} statuses`,
    );
  }
  if (n === 0) throw new RangeError("survivalDecisionCurve: no subjects");
  for (let i = 0; i < n; i++) {
    // A patient without a risk would count among everyone yet never be treated.
    if (!Number.isFinite(riskAtHorizon[i]!))
      throw new RangeError(
        `survivalDecisionCurve: riskAtHorizon[${i}] is ${riskAtHorizon[i]}; expected a risk`,
      );
  }
  for (const p of thresholds) {
    if (!(p > 0 && p < 1)) throw new RangeError(`survivalDecisionCurve: threshold ${p} is not in (0, 1)`);
  }
  const eventFreeAt = (rows: number[]): number => {
    const t = Float64Array.from(rows, (i) => time[i]!);
    const status = Float64Array.from(rows, (i) => event[i]!);
    if (cause !== undefined) {
      if (!status.some((s) => s === cause)) return 1;
      const curve = cumulativeIncidence({ time: t, status }).curves.find((c) => c.cause === cause)!;
      let last = 0;
      for (const ti of t) last = Math.max(last, ti);
      return 1 - cumulativeIncidenceAt(curve, [Math.min(horizon, last)]).estimate[0]!;
    }
    return survivalAt(kaplanMeier({ time: t, event: status }), [horizon]).survival[0]!;
  };
  const everyone = Array.from({ length: n }, (_, i) => i);
  const sAll = eventFreeAt(everyone);
  const model: number[] = [];
  const treatAll: number[] = [];
  for (const p of thresholds) {
    const odds = p / (1 - p);
    treatAll.push(1 - sAll - sAll * odds);
    const treated = everyone.filter((i) => riskAtHorizon[i]! >= p);
    if (treated.length === 0) {
      model.push(0);
      continue;
    }
    const share = treated.length / n;
    const s = eventFreeAt(treated);
    model.push(share * (1 - s) - share * s * odds);
  }
  return { thresholds: [...thresholds], model, treatAll, treatNone: thresholds.map(() => 0) };
}
