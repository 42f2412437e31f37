/**
 * The logit link of R's binomial() family, arithmetic for arithmetic as R's C code computes it
 * (src/library/stats/src/family.c: logit_link, logit_linkinv, logit_mu_eta, binomial_dev_resids),
 * so that IRLS takes the same steps as glm.fit and stops at the same iteration.
 *
 * linkinv and mu.eta are clamped outside |η| ≤ 30: μ becomes ε/(1 + ε) or 1/(1 + ε) and dμ/dη
 * becomes ε (ε = 2⁻⁵², DBL_EPSILON), which keeps the working weights positive under separation.
 */

const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / Number.EPSILON;

/** log(μ / (1 − μ)): binomial()$linkfun, and qlogis(p) in R. */
export function logit(mu: number): number {
  return Math.log(mu / (1 - mu));
}

/** binomial()$linkinv: e^η / (1 + e^η), clamped for |η| > 30. */
export function logitInverse(eta: number): number {
  const t = eta < MTHRESH ? Number.EPSILON : eta > THRESH ? INVEPS : Math.exp(eta);
  return t / (1 + t);
}

/** binomial()$mu.eta: dμ/dη = e^η / (1 + e^η)², and ε for |η| > 30. */
export function logitDerivative(eta: number): number {
  if (eta > THRESH || eta < MTHRESH) return Number.EPSILON;
  const e = Math.exp(eta);
  const opexp = 1 + e;
  return e / (opexp * opexp);
}

/** binomial()$dev.resids for one observation with y ∈ {0, 1}: 2w·(y log(y/μ) + (1−y) log((1−y)/(1−μ))). */
export function binomialDevianceResidual(y: number, mu: number, weight: number): number {
  return 2 * weight * (yLogY(y, mu) + yLogY(1 - y, 1 - mu));
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}
