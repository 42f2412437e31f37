import type { CoxTies } from "./types.js";

/**
 * Score (Lin–Wei) residuals of a Cox model, residuals(fit, type = "score") in R survival
 * (coxscore2.c), for the Breslow or Efron approximation: for observation k in stratum s,
 *
 *   L_k = δ_k (x_k − x̄(t_k)) − Σ_{event times t ≤ t_k} exp(η_k) dΛ(t) (x_k − x̄(t)),
 *
 * with, under Efron, each of the d tied events at t weighted 1/d through the d partial risk sets
 * (an event at its own time takes (1 − k/d) of the k-th increment). coxscore2 loops over the risk
 * set at every event time, O(n × event times); here the sums over t are accumulated once per
 * stratum (Σ dΛ and Σ dΛ·x̄), O(n·p), with covariates centred at `center` against cancellation.
 * The result is unweighted (R's weighted = FALSE), n×p row-major in input order.
 */
export function coxScoreResiduals(options: {
  time: Float64Array;
  event: Uint8Array;
  x: Float64Array;
  p: number;
  /** exp(linear predictor) of each observation. */
  score: Float64Array;
  weights: Float64Array;
  strata: Uint32Array | null;
  ties: CoxTies;
  center: Float64Array;
}): Float64Array {
  const { time, event, x, p, score, weights, strata, ties, center } = options;
  const n = time.length;
  const resid = new Float64Array(n * p);
  // order(strata, time, −status): events first among tied times.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(
    (a, b) => (strata ? strata[a]! - strata[b]! : 0) || time[a]! - time[b]! || event[b]! - event[a]!,
  );
  const xc = (k: number, j: number) => x[k * p + j]! - center[j]!;

  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  // Per distinct time (indexed by the first sorted position of the time):
  // h = Σ dΛ, g = Σ dΛ·x̄ for those at risk; hEvent, gEvent for the events at that time
  // (Efron's (1 − k/d) discount); eventMean = mean x̄ over the d partial risk sets.
  const h = new Float64Array(n);
  const hEvent = new Float64Array(n);
  const g = new Float64Array(n * p);
  const gEvent = new Float64Array(n * p);
  const eventMean = new Float64Array(n * p);
  const cumG = new Float64Array(p);
  const gBefore = new Float64Array(p);

  let start = 0;
  while (start < n) {
    const stratum = strata ? strata[order[start]!]! : 0;
    let end = start;
    while (end < n && (strata ? strata[order[end]!]! : 0) === stratum) end++;

    // Backwards in time: risk-set sums and the hazard increments at each event time.
    let denom = 0;
    a.fill(0);
    for (let i = end - 1; i >= start; ) {
      const t = time[order[i]!]!;
      let deaths = 0;
      let eventDenom = 0;
      let deathWeight = 0;
      a2.fill(0);
      let first = i;
      for (; first >= start && time[order[first]!] === t; first--) {
        const k = order[first]!;
        const risk = score[k]! * weights[k]!;
        denom += risk;
        for (let j = 0; j < p; j++) a[j]! += risk * xc(k, j);
        if (event[k] === 1) {
          deaths++;
          eventDenom += risk;
          deathWeight += weights[k]!;
          for (let j = 0; j < p; j++) a2[j]! += risk * xc(k, j);
        }
      }
      first++;
      if (deaths > 0) {
        if (deaths < 2 || ties === "breslow") {
          const hazard = deathWeight / denom;
          h[first] = hazard;
          hEvent[first] = hazard;
          for (let j = 0; j < p; j++) {
            const mean = a[j]! / denom;
            g[first * p + j] = hazard * mean;
            gEvent[first * p + j] = hazard * mean;
            eventMean[first * p + j] = mean;
          }
        } else {
          const meanWeight = deathWeight / deaths;
          for (let dd = 0; dd < deaths; dd++) {
            const downWeight = dd / deaths;
            const partialDenom = denom - downWeight * eventDenom;
            const hazard = meanWeight / partialDenom;
            h[first]! += hazard;
            hEvent[first]! += hazard * (1 - downWeight);
            for (let j = 0; j < p; j++) {
              const mean = (a[j]! - downWeight * a2[j]!) / partialDenom;
              g[first * p + j]! += hazard * mean;
              gEvent[first * p + j]! += hazard * (1 - downWeight) * mean;
              eventMean[first * p + j]! += mean / deaths;
            }
          }
        }
      }
      i = first - 1;
    }

    // Forwards in time: cumulative sums up to and including each time.
    let cumH = 0;
    cumG.fill(0);
    for (let i = start; i < end; ) {
      const t = time[order[i]!]!;
      let last = i;
      while (last < end && time[order[last]!] === t) last++;
      const hBefore = cumH;
      gBefore.set(cumG);
      cumH += h[i]!;
      for (let j = 0; j < p; j++) cumG[j]! += g[i * p + j]!;
      for (let m = i; m < last; m++) {
        const k = order[m]!;
        const s = score[k]!;
        for (let j = 0; j < p; j++) {
          const xkj = xc(k, j);
          resid[k * p + j] =
            event[k] === 1
              ? xkj -
                eventMean[i * p + j]! -
                s * (xkj * (hBefore + hEvent[i]!) - (gBefore[j]! + gEvent[i * p + j]!))
              : -s * (xkj * cumH - cumG[j]!);
        }
      }
      i = last;
    }
    start = end;
  }
  return resid;
}
