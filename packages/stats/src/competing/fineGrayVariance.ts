import type { FineGrayData, RiskSums } from "./fineGrayData.js";

/**
 * The middle of Fine & Gray's sandwich variance (JASA 1999;94:496, §3 and the appendix), as
 * cmprsk's crr computes it (crrvv): Σᵢ uᵢuᵢᵀ with uᵢ = ηᵢ + ψᵢ the influence of subject i,
 *
 * - ηᵢ, the score part: δ₁ᵢ(xᵢ − x̄(tᵢ)) − Σ_{event times t} wᵢ(t)(xᵢ − x̄(t))·d(t)/S0(t), with
 *   wᵢ(t) = exp(xᵢβ) while i is event-free (tᵢ ≥ t) and exp(xᵢβ)·G(t−)/G(tᵢ−) after a competing
 *   event of i;
 * - ψᵢ, the correction for estimating the censoring distribution G: with
 *   q(u) = Σ_{t ≥ u} d(t)/S0(t)·Σ_{j competing before u} wⱼ(t)(xⱼ − x̄(t)), ψᵢ = δcᵢ·q(tᵢ)/R(tᵢ)
 *   − Σ_{censoring times u ≤ tᵢ} c(u)·q(u)/R(u)², R(u) those with time ≥ u and c(u) censored at u.
 *
 * crr's nested loops take O(n³) time; the sums here are regrouped (G(t−)/G(tⱼ−) factors into a
 * term of t and a term of j) into cumulative sums over time, O(n·p²), with the same result.
 */
export function influenceCrossProduct(data: FineGrayData, beta: Float64Array, sums: RiskSums): Float64Array {
  const { n, p, x, kind, censoringSurvival: G, eventStart, eventCount } = data;
  const k = eventStart.length;
  const xbar = new Float64Array(k * p);
  for (let e = 0; e < k; e++) for (let a = 0; a < p; a++) xbar[e * p + a] = sums.s1[e * p + a]! / sums.s0[e]!;

  // Over event times: P = Σ_{t ≤ ·} d/S0 (and ·x̄), Q = Σ_{t > ·} d·G(t−)/S0 (and ·x̄).
  const p0 = new Float64Array(k + 1);
  const p1 = new Float64Array((k + 1) * p);
  for (let e = 0; e < k; e++) {
    const h = eventCount[e]! / sums.s0[e]!;
    p0[e + 1] = p0[e]! + h;
    for (let a = 0; a < p; a++) p1[(e + 1) * p + a] = p1[e * p + a]! + h * xbar[e * p + a]!;
  }
  const q0 = new Float64Array(k + 1);
  const q1 = new Float64Array((k + 1) * p);
  for (let e = k - 1; e >= 0; e--) {
    const h = (eventCount[e]! * G[eventStart[e]!]!) / sums.s0[e]!;
    q0[e] = q0[e + 1]! + h;
    for (let a = 0; a < p; a++) q1[e * p + a] = q1[(e + 1) * p + a]! + h * xbar[e * p + a]!;
  }

  const middle = new Float64Array(p * p);
  const u = new Float64Array(p);
  const q = new Float64Array(p);
  const psiCumulative = new Float64Array(p);
  // Σ over competing events before the current time of exp(xβ)/G(t−) (and ·x).
  let a0 = 0;
  const a1 = new Float64Array(p);
  let eventsUpTo = 0; // event times ≤ the current time
  for (let start = 0; start < n; ) {
    let end = start;
    let censored = 0;
    while (end < n && data.time[end] === data.time[start]) {
      if (kind[end] === 0) censored++;
      end++;
    }
    while (eventsUpTo < k && eventStart[eventsUpTo]! <= start) eventsUpTo++;
    const atRisk = n - start;
    if (censored > 0) {
      // q(u) at u = this time: event times t ≥ u are those from index eventsUpTo − (event here ? 1 : 0).
      const first = eventsUpTo > 0 && eventStart[eventsUpTo - 1] === start ? eventsUpTo - 1 : eventsUpTo;
      for (let a = 0; a < p; a++) {
        const sumG = q0[first]!;
        const sumGx = q1[first * p + a]!;
        q[a] = a1[a]! * sumG - a0 * sumGx;
        psiCumulative[a]! -= (censored * q[a]!) / (atRisk * atRisk);
      }
    }
    for (let i = start; i < end; i++) {
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[i * p + a]! * beta[a]!;
      const w = Math.exp(eta);
      const after = kind[i] === 2 ? w / G[i]! : 0;
      for (let a = 0; a < p; a++) {
        const xa = x[i * p + a]!;
        let v = -w * (xa * p0[eventsUpTo]! - p1[eventsUpTo * p + a]!);
        if (after !== 0) v -= after * (xa * q0[eventsUpTo]! - q1[eventsUpTo * p + a]!);
        if (kind[i] === 1) v += xa - xbar[(eventsUpTo - 1) * p + a]!;
        v += psiCumulative[a]!;
        if (kind[i] === 0) v += q[a]! / atRisk;
        u[a] = v;
      }
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) middle[a * p + b]! += u[a]! * u[b]!;
    }
    // Competing events at this time enter A for the later censoring times.
    for (let i = start; i < end; i++) {
      if (kind[i] !== 2) continue;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[i * p + a]! * beta[a]!;
      const w = Math.exp(eta) / G[i]!;
      a0 += w;
      for (let a = 0; a < p; a++) a1[a]! += w * x[i * p + a]!;
    }
    start = end;
  }
  return middle;
}
