import type { CoxTies } from "./types.js";

/**
 * Log partial likelihood of the Cox model with its score vector and information matrix, for the
 * Breslow (1974) or Efron (1977) handling of tied event times — R survival's coxfit6_iter
 * (coxfit6.c), step for step:
 *
 * - Observations sorted by stratum, then ascending time; the risk set is built walking backwards
 *   in time, so at each distinct time it holds everyone with time ≥ t in the stratum.
 * - Breslow: the d tied events share one denominator Σ_{risk set} wᵢ exp(ηᵢ).
 * - Efron: the k-th of d tied events (k = 0…d−1) uses the denominator with k/d of the events'
 *   own risk removed; each event contributes its mean weight (Σ w over the d events)/d.
 */

/** Sorted data as the fitting loop sees it. */
export interface SortedCoxData {
  n: number;
  p: number;
  time: Float64Array;
  status: Uint8Array;
  /** n×p row-major, centred and scaled. */
  x: Float64Array;
  weights: Float64Array;
  /** 1 for the last observation of each stratum. */
  lastInStratum: Uint8Array;
}

export interface PartialLikelihoodWork {
  /** Score vector, p. */
  u: Float64Array;
  /** Information matrix, p×p row-major, upper triangle (j ≥ i) filled. */
  imat: Float64Array;
  a: Float64Array;
  a2: Float64Array;
  cmat: Float64Array;
  cmat2: Float64Array;
}

export function partialLikelihoodWork(p: number): PartialLikelihoodWork {
  return {
    u: new Float64Array(p),
    imat: new Float64Array(p * p),
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cmat: new Float64Array(p * p),
    cmat2: new Float64Array(p * p),
  };
}

/** The log partial likelihood at beta; fills work.u and the upper triangle of work.imat. */
export function partialLikelihood(
  data: SortedCoxData,
  ties: CoxTies,
  beta: Float64Array,
  work: PartialLikelihoodWork,
): number {
  const { n, p, time, status, x, weights, lastInStratum } = data;
  const { u, imat, a, a2, cmat, cmat2 } = work;
  const efron = ties === "efron";
  u.fill(0);
  imat.fill(0);
  a2.fill(0);
  cmat2.fill(0);
  let loglik = 0;
  let denom = 0;
  for (let person = n - 1; person >= 0; ) {
    if (lastInStratum[person] === 1) {
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    }
    const dtime = time[person]!;
    let nDead = 0;
    let deadWeight = 0;
    let deadRisk = 0;
    while (person >= 0 && time[person] === dtime) {
      const row = person * p;
      let zbeta = 0;
      for (let i = 0; i < p; i++) zbeta += beta[i]! * x[row + i]!;
      const risk = Math.exp(zbeta) * weights[person]!;
      if (status[person] === 0) {
        denom += risk;
        for (let i = 0; i < p; i++) {
          const xi = x[row + i]!;
          a[i]! += risk * xi;
          for (let j = 0; j <= i; j++) cmat[i * p + j]! += risk * xi * x[row + j]!;
        }
      } else {
        nDead++;
        deadWeight += weights[person]!;
        deadRisk += risk;
        loglik += weights[person]! * zbeta;
        for (let i = 0; i < p; i++) {
          const xi = x[row + i]!;
          u[i]! += weights[person]! * xi;
          a2[i]! += risk * xi;
          for (let j = 0; j <= i; j++) cmat2[i * p + j]! += risk * xi * x[row + j]!;
        }
      }
      person--;
      if (person >= 0 && lastInStratum[person] === 1) break; // ties do not cross strata
    }
    if (nDead === 0) continue;
    if (!efron || nDead === 1) {
      denom += deadRisk;
      loglik -= deadWeight * Math.log(denom);
      for (let i = 0; i < p; i++) {
        a[i]! += a2[i]!;
        const mean = a[i]! / denom;
        u[i]! -= deadWeight * mean;
        for (let j = 0; j <= i; j++) {
          cmat[i * p + j]! += cmat2[i * p + j]!;
          imat[j * p + i]! += (deadWeight * (cmat[i * p + j]! - mean * a[j]!)) / denom;
        }
      }
    } else {
      const meanWeight = deadWeight / nDead;
      for (let k = 0; k < nDead; k++) {
        denom += deadRisk / nDead;
        loglik -= meanWeight * Math.log(denom);
        for (let i = 0; i < p; i++) {
          a[i]! += a2[i]! / nDead;
          const mean = a[i]! / denom;
          u[i]! -= meanWeight * mean;
          for (let j = 0; j <= i; j++) {
            cmat[i * p + j]! += cmat2[i * p + j]! / nDead;
            imat[j * p + i]! += (meanWeight * (cmat[i * p + j]! - mean * a[j]!)) / denom;
          }
        }
      }
    }
    a2.fill(0);
    cmat2.fill(0);
  }
  return loglik;
}
