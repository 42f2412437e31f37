/**
 * survival::aeqSurv, the `timefix` step of coxph, survdiff and survfit: distinct times closer than
 * √ε (≈ 1.5e-8) in absolute terms, or relative to the mean absolute distinct time, are one time
 * — the smallest of the run — so that times computed along different floating-point paths (e.g.
 * days / 30.4375) still tie. Times are returned in the input order.
 */

// R's sqrt(.Machine$double.eps), aeqSurv's default tolerance.
const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

export function mergeNearTimes(time: Float64Array): Float64Array {
  const n = time.length;
  const out = Float64Array.from(time);
  if (n < 2) return out;
  const distinct = Float64Array.from(time).sort();
  let count = 0;
  let absSum = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || distinct[i] !== distinct[count - 1]) {
      distinct[count++] = distinct[i]!;
      absSum += Math.abs(distinct[i]!);
    }
  }
  const meanAbs = absSum / count;
  // cuts: the distinct times that start a new run; every time maps to the last cut ≤ it.
  const cuts = new Float64Array(count);
  let nCuts = 0;
  let merged = false;
  for (let i = 0; i < count; i++) {
    const gap = i === 0 ? Number.POSITIVE_INFINITY : distinct[i]! - distinct[i - 1]!;
    if (i === 0 || !(gap <= SQRT_EPSILON || gap / meanAbs <= SQRT_EPSILON)) cuts[nCuts++] = distinct[i]!;
    else merged = true;
  }
  if (!merged) return out;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    let lo = 0;
    let hi = nCuts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    out[i] = cuts[lo - 1]!;
  }
  return out;
}
