/**
 * The inverse-probability-of-censoring weighted AUC of risks over given cases and controls, and the
 * conservative part of its influence function (censoring weights taken as known): what the
 * time-dependent AUC of a survival outcome (timeDependentAuc) and of one cause of a competing-risks
 * outcome (@carta/ml competingPerformance) share once each has said who is a case and a control at
 * the horizon and with which weight (Blanche, Dartigues & Jacqmin-Gadda, Stat Med 2013;32:5381;
 * riskRegression's getIC0AUC).
 *
 *   AUC = Σ_cases Σ_controls wᵢ wⱼ h(rᵢ, rⱼ) / (Σ_cases wᵢ · Σ_controls wⱼ),  h = 1 if rᵢ > rⱼ, ½ if tied.
 */
export interface WeightedAuc {
  auc: number;
  /** Per case the weighted controls ranked below it, per control the weighted cases above it (ties ½). */
  pairSum: Float64Array;
  caseSum: number;
  controlSum: number;
  /** Σ_cases wᵢ·pairSumᵢ, the AUC's numerator. */
  numerator: number;
  /** Influence function of AUC = ν/μ with ν = ΣΣ wᵢwⱼh/n², μ = Σwᵢ·Σwⱼ/n², weights as known. */
  influence: Float64Array;
  mu: number;
  nu: number;
}

/** `role`: 1 case, 2 control, 0 neither; `w`: each case's and control's weight. */
export function weightedAuc(risk: ArrayLike<number>, role: Uint8Array, w: Float64Array): WeightedAuc {
  const n = risk.length;
  let caseSum = 0;
  let controlSum = 0;
  for (let i = 0; i < n; i++) {
    if (role[i] === 1) caseSum += w[i]!;
    else if (role[i] === 2) controlSum += w[i]!;
  }
  const ranked = new Uint32Array(n);
  for (let i = 0; i < n; i++) ranked[i] = i;
  ranked.sort((a, b) => risk[a]! - risk[b]!);
  const pairSum = new Float64Array(n);
  let controlsBelow = 0;
  let casesBelow = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let tiedControls = 0;
    let tiedCases = 0;
    for (; end < n && risk[ranked[end]!] === risk[ranked[start]!]; end++) {
      const i = ranked[end]!;
      if (role[i] === 1) tiedCases += w[i]!;
      else if (role[i] === 2) tiedControls += w[i]!;
    }
    for (let k = start; k < end; k++) {
      const i = ranked[k]!;
      if (role[i] === 1) pairSum[i] = controlsBelow + 0.5 * tiedControls;
      // for a control, the cases ranked above it
      else if (role[i] === 2) pairSum[i] = caseSum - casesBelow - 0.5 * tiedCases;
    }
    controlsBelow += tiedControls;
    casesBelow += tiedCases;
    start = end;
  }
  let numerator = 0;
  for (let i = 0; i < n; i++) if (role[i] === 1) numerator += w[i]! * pairSum[i]!;
  const auc = numerator / (caseSum * controlSum);
  // Its constant centring terms cancel in the ratio and a standard deviation removes any left, so
  // they are left out, as in R.
  const mu = (caseSum * controlSum) / (n * n);
  const nu = auc * mu;
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (role[i] === 0) continue;
    const num = (w[i]! / n) * pairSum[i]!;
    const den = (w[i]! / n) * (role[i] === 1 ? controlSum : caseSum);
    influence[i] = (num * mu - den * nu) / (mu * mu);
  }
  return { auc, pairSum, caseSum, controlSum, numerator, influence, mu, nu };
}
