/**
 * The Breslow estimate of the baseline cumulative hazard of a proportional-hazards model from its
 * training rows (Breslow, discussion of Cox, JRSS B 1972;34:216; Therneau & Grambsch, Modeling
 * Survival Data, 2000, §10.2):
 *
 *   Λ₀(t) = Σ_{event times s ≤ t} d(s) / Σ_{j: Tⱼ ≥ s} exp(ηⱼ − c),
 *
 * with d(s) the events at s, ηⱼ the fitted linear predictor and c its mean over the training rows
 * (survfit.coxph centres the same way, which keeps exp() in range). Then
 * S(t | x) = exp(−Λ₀(t)·exp(η(x) − c)). It is survfit.coxph's estimate for ties = "breslow" — the
 * tie handling of glmnet's Cox path and of XGBoost's survival:cox — and needs only the linear
 * predictor, so the elastic net and the trees share it.
 */
export interface BreslowBaseline {
  /** Distinct event times of the training rows, ascending. */
  time: Float64Array;
  /** Λ₀ at each of them, at the centre c. */
  cumulativeHazard: Float64Array;
  /** c: mean linear predictor of the training rows. */
  center: number;
}

export function breslowBaseline(
  time: Float64Array,
  event: ArrayLike<number>,
  linearPredictor: Float64Array,
): BreslowBaseline {
  const n = time.length;
  let center = 0;
  for (let i = 0; i < n; i++) center += linearPredictor[i]!;
  center /= n;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b]! - time[a]!);
  // Walk from the longest time down, so the risk set of each time is the running sum so far.
  const eventTimes: number[] = [];
  const increments: number[] = [];
  let atRisk = 0;
  for (let k = 0; k < n; ) {
    const t = time[order[k]!]!;
    let deaths = 0;
    let end = k;
    for (; end < n && time[order[end]!] === t; end++) {
      const i = order[end]!;
      atRisk += Math.exp(linearPredictor[i]! - center);
      deaths += event[i]!;
    }
    if (deaths > 0) {
      eventTimes.push(t);
      increments.push(deaths / atRisk);
    }
    k = end;
  }
  const m = eventTimes.length;
  const out: BreslowBaseline = {
    time: new Float64Array(m),
    cumulativeHazard: new Float64Array(m),
    center,
  };
  let cumulative = 0;
  for (let k = 0; k < m; k++) {
    // collected in decreasing time: reverse into ascending order
    out.time[k] = eventTimes[m - 1 - k]!;
    cumulative += increments[m - 1 - k]!;
    out.cumulativeHazard[k] = cumulative;
  }
  return out;
}

/** Λ₀(t): the step function at t (0 before the first event time). */
export function baselineCumulativeHazardAt(baseline: BreslowBaseline, t: number): number {
  let lo = 0;
  let hi = baseline.time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (baseline.time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : baseline.cumulativeHazard[lo - 1]!;
}

/** S(horizon | x) = exp(−Λ₀(horizon)·exp(η − c)) for each linear predictor η. */
export function survivalFromLinearPredictor(
  baseline: BreslowBaseline,
  linearPredictor: Float64Array,
  horizon: number,
): Float64Array {
  const h0 = baselineCumulativeHazardAt(baseline, horizon);
  return linearPredictor.map((eta) => Math.exp(-h0 * Math.exp(eta - baseline.center)));
}
