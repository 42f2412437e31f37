// biome-ignore-all lint/correctness/noPrecisionLoss: published constants (Lanczos coefficients) are kept digit for digit; each parses to the nearest double.

import { normalCdf, normalQuantile, normalUpperTail } from "./normal.js";

/**
 * Student's t distribution, for the t-based intervals of random-effects meta-analysis
 * (Hartung–Knapp) and of Rubin's rules (Barnard–Rubin degrees of freedom, which are seldom integers).
 *
 * - Distribution function: P(|T| > |t|) = I_x(n/2, ½) with x = n/(n + t²), as R's pt, with x and
 *   1 − x = t²/(n + t²) formed separately so that neither loses digits. The regularised incomplete
 *   beta function is Lentz's evaluation of its continued fraction (Press et al., Numerical Recipes,
 *   3rd ed., §6.4; Thompson & Barnett, J Comput Phys 1986;64:490) on the side where it converges,
 *   so the smaller tail is computed directly and never as 1 − the other; for df ≥ 30 and x ≥ ½,
 *   where the continued fraction would lose about df·ε to cancellation, it is DiDonato & Morris's
 *   asymptotic expansion BGRAT, which R's TOMS 708 also uses there. R and carta agree to ~1e-13.
 * - Quantile: G. W. Hill's Algorithm 396 (Commun ACM 1970;13:619) for the starting value, then the
 *   two-term Taylor (Newton) refinement of Hill's 1981 remark (ACM TOMS 7:250) against the
 *   distribution function above, as R's nmath qt.c does; the exact forms for df = 1 (Cauchy) and
 *   df = 2; bisection on the distribution function for 0 < df < 1; and qnorm beyond df = 1e20.
 * - log B(a, b) as R's lbeta: Stirling's series for the large arguments (its error term written
 *   out to the x⁻¹³ term), so that B(n/2, ½) keeps full precision when n is in the millions.
 */

/** P(T ≤ t) for T ~ t(df) (R: pt(t, df)); df > 0 (Infinity gives the normal), NaN otherwise. */
export function studentTCdf(t: number, df: number): number {
  return studentTTail(t, df, true);
}

/** P(T > t), computed directly so far upper tails keep their digits (R: pt(t, df, lower.tail = FALSE)). */
export function studentTUpperTail(t: number, df: number): number {
  return studentTTail(t, df, false);
}

/** The density of t(df) at t (R: dt(t, df)). */
export function studentTDensity(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  if (df === Number.POSITIVE_INFINITY) return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  const t2n = (t / df) * t;
  // (1 + t²/n)^(−(n+1)/2) / (√n · B(n/2, ½)); where t² overflows, log(1 + t²/n) is 2·log|t| − log n.
  const logKernel = t2n > 1e100 ? 2 * Math.log(Math.abs(t)) - Math.log(df) : Math.log1p(t2n);
  return Math.exp(-0.5 * (df + 1) * logKernel - logBeta(0.5 * df, 0.5)) / Math.sqrt(df);
}

/** The p-quantile of t(df) (R: qt(p, df)); NaN for p outside [0, 1] or df ≤ 0. */
export function studentTQuantile(p: number, df: number): number {
  return studentTQuantileTail(p, df, true);
}

/**
 * The t such that P(T > t) = p (R: qt(p, df, lower.tail = FALSE)) — the critical value of a
 * two-sided interval at level 1 − 2p, without rounding p through 1 − p.
 */
export function studentTUpperQuantile(p: number, df: number): number {
  return studentTQuantileTail(p, df, false);
}

function studentTTail(t: number, df: number, lower: boolean): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return t < 0 === lower ? 0 : 1;
  if (df === Number.POSITIVE_INFINITY) return lower ? normalCdf(t) : normalUpperTail(t);
  // far = P(|T| > |t|) = I_x(n/2, ½) with x = n/(n + t²), 1 − x = t²/(n + t²).
  const t2n = (t / df) * t;
  let far: number;
  if (t2n > 1e100) {
    // t² beyond the doubles: the leading term x^a/(a·B(a, ½)) of the series (A&S 26.5.4), as R.
    far = Math.exp(
      -0.5 * df * (2 * Math.log(Math.abs(t)) - Math.log(df)) - logBeta(0.5 * df, 0.5) - Math.log(0.5 * df),
    );
  } else {
    far = betaHalfLower(0.5 * df, 1 / (1 + t2n), t2n / (1 + t2n));
  }
  const half = 0.5 * far;
  // half is the tail beyond |t| on t's own side.
  return t > 0 === lower ? 0.5 - half + 0.5 : half;
}

function studentTQuantileTail(p: number, df: number, lower: boolean): number {
  if (Number.isNaN(p) || Number.isNaN(df) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return lower ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (p === 1) return lower ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (df < 1) return quantileByBisection(lower ? p : 0.5 - p + 0.5, df);
  if (df > 1e20) return lower ? normalQuantile(p) : -normalQuantile(p);

  // P = 2·min(p′, 1 − p′) for the lower-tail probability p′; the quantile is negative where p′ < ½.
  const negative = lower ? p < 0.5 : p > 0.5;
  const pOwn = negative === lower ? p : 0.5 - p + 0.5;
  const twoTail = 2 * pOwn;
  const q = hillQuantile(twoTail, pOwn, df);
  return negative ? -q : q;
}

/** Upper quantile q > 0 with P(|T| > q) = twoTail, where pHalf = twoTail/2 as given (no rounding). */
function hillQuantile(twoTail: number, pHalf: number, df: number): number {
  const eps = 1e-12;
  if (Math.abs(df - 2) < eps) {
    if (!(twoTail > DBL_MIN)) return Number.POSITIVE_INFINITY;
    if (3 * twoTail < Number.EPSILON) return 1 / Math.sqrt(twoTail);
    if (twoTail > 0.9) return (1 - twoTail) * Math.sqrt(2 / (twoTail * (2 - twoTail)));
    return Math.sqrt(2 / (twoTail * (2 - twoTail)) - 2);
  }
  if (df < 1 + eps) {
    // Cauchy: q = cot(πP/2).
    if (twoTail === 1) return 0;
    if (twoTail <= 0) return Number.POSITIVE_INFINITY;
    return 1 / tanPi(twoTail / 2);
  }
  const a = 1 / (df - 0.5);
  const b = 48 / (a * a);
  let c = (((20700 * a) / b - 98) * a - 16) * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt(a * Math.PI * 0.5) * df;
  let y = (d * twoTail) ** (2 / df);
  const normalScale = y >= Number.EPSILON;
  let x = 0;
  if (!normalScale) {
    // (d·P)^(2/n) underflows: work with log(P/2).
    x = (Math.log(d) + Math.LN2 + Math.log(pHalf)) / df;
    y = Math.exp(2 * x);
  }
  let q: number;
  if ((df < 2.1 && twoTail > 0.5) || y > 0.05 + a) {
    // Asymptotic inverse expansion about the normal (Hill 1970).
    x = normalQuantile(0.5 * twoTail);
    y = x * x;
    if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = Math.expm1(a * y * y);
    q = Math.sqrt(df * y);
  } else if (!normalScale && x < -Math.LN2 * 53) {
    q = Math.sqrt(df) * Math.exp(-x);
  } else {
    const inner = (1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1;
    y = (inner * (df + 1)) / (df + 2) + 1 / y;
    q = Math.sqrt(df * y);
  }
  // Hill (1981): Taylor steps of second order on P(T > q) = P/2; each is a Newton step plus the
  // curvature term, which is what brings the starting value to full precision in one or two steps.
  const large = Math.abs(Math.sqrt(Number.MAX_VALUE / 2) - df);
  for (let it = 0; it < 10; it++) {
    const density = studentTDensity(q, df);
    if (!(density > 0)) break;
    const step = (studentTTail(q, df, false) - 0.5 * twoTail) / density;
    if (!Number.isFinite(step) || !(Math.abs(step) > 1e-14 * Math.abs(q))) break;
    const f = Math.abs(q) < large ? (q * (df + 1)) / (2 * (q * q + df)) : (df + 1) / (2 * (q + df / q));
    const delta = step * (1 + step * f);
    if (Number.isFinite(delta) && Number.isFinite(q + delta)) q += delta;
    else if (Number.isFinite(q + step)) q += step;
    else break;
  }
  return q;
}

/** For 0 < df < 1, where Hill's expansion does not hold: bisection on the distribution function. */
function quantileByBisection(pLower: number, df: number): number {
  const accuracy = 1e-13;
  const widen = 1e-11;
  if (pLower > 1 - Number.EPSILON) return Number.POSITIVE_INFINITY;
  let target = Math.min(1 - Number.EPSILON, pLower * (1 + widen));
  let upper = 1;
  while (upper < Number.MAX_VALUE && studentTCdf(upper, df) < target) upper *= 2;
  target = pLower * (1 - widen);
  let lowerBound = -1;
  while (lowerBound > -Number.MAX_VALUE && studentTCdf(lowerBound, df) > target) lowerBound *= 2;
  let mid = 0;
  for (let iter = 0; iter < 1000; iter++) {
    mid = 0.5 * (lowerBound + upper);
    if (studentTCdf(mid, df) > pLower) upper = mid;
    else lowerBound = mid;
    if (!((upper - lowerBound) / Math.abs(mid) > accuracy)) break;
  }
  return 0.5 * (lowerBound + upper);
}

/** tan(πx) with exact values at the quarter turns (R's tanpi). */
function tanPi(x: number): number {
  let r = x % 1;
  if (r <= -0.5) r += 1;
  else if (r > 0.5) r -= 1;
  if (r === 0) return 0;
  if (r === 0.5) return Number.NaN;
  if (r === 0.25) return 1;
  if (r === -0.25) return -1;
  return Math.tan(Math.PI * r);
}

// ---- regularised incomplete beta function I_x(a, ½) ---------------------------------------------

/** The smallest positive normal double (C's DBL_MIN). */
const DBL_MIN = 2.2250738585072014e-308;
const CF_MAX_TERMS = 100_000;
const CF_TINY = 1e-300;
const LN_SQRT_PI = 0.5723649429247001;

/**
 * I_x(a, ½) with y = 1 − x given separately. For a ≥ 15 the continued fraction loses about a·ε
 * to cancellation when x is near 1 (1 − x·(a + ½)/(a + 1) and its kin), which is exactly where
 * the t distribution with many degrees of freedom lives; there the asymptotic expansion BGRAT is
 * used instead, as TOMS 708 does for a > 15, b ≤ 1 and x ≥ ½ (its series in log²x/4 needs x
 * near 1; below ½ the continued fraction has nothing to cancel).
 */
function betaHalfLower(a: number, x: number, y: number): number {
  if (y <= 0) return 1;
  if (x <= 0) return 0;
  if (a >= 15 && x >= 0.5) return betaHalfLargeA(a, x, y);
  const b = 0.5;
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  // The continued fraction of I_x(a, b) converges fast for x < (a + 1)/(a + b + 2), that of
  // I_y(b, a) on the other side; so the tail evaluated directly is always the smaller one.
  if (y * (a + b + 2) > b + 1) return (front * betaContinuedFraction(a, b, x)) / a;
  return 0.5 - (front * betaContinuedFraction(b, a, y)) / b + 0.5;
}

/**
 * I_x(a, ½) for a ≥ 15 by the asymptotic expansion of DiDonato & Morris (ACM TOMS 1992;18:360,
 * §9, "BGRAT"): with ν = a + (b − 1)/2 and z = −ν·log x,
 *   I_x(a, b) = Γ(a + b)/(Γ(a)·ν^b) · Σₙ dₙ·Jₙ,   J₀ = Q(b, z)·Γ(b)·e^z/z^b,
 * where Q is the regularised upper incomplete gamma function, Jₙ follows the recursion
 *   Jₙ = ((b + 2n − 2)(b + 2n − 1)·Jₙ₋₁ + (z + b + 2n − 1)·(log²x/4)^(n−1)) / (4ν²),
 * and dₙ = (b − 1)·cₙ + (1/n)·Σᵢ₌₁ⁿ⁻¹ (i·b − n)·cᵢ·dₙ₋ᵢ with cₙ = 1/(2n + 1)!, d₀ = 1.
 * For b = ½, Q(½, z) = erfc(√z) = 2·Φ(−√(2z)), so no incomplete gamma function is needed.
 */
function betaHalfLargeA(a: number, x: number, y: number): number {
  const b = 0.5;
  const bm1 = -0.5;
  const nu = a + bm1 * 0.5;
  const logX = y > 0.375 ? Math.log(x) : Math.log1p(-y);
  const z = -nu * logX;
  // r = e^(−z)·z^b/Γ(b); u = r·Γ(a + ½)/(Γ(a)·√ν), with Γ(a + ½)/Γ(a) = Γ(½)/B(a, ½).
  const r = Math.exp(-z) * Math.exp(b * Math.log(z) - LN_SQRT_PI);
  const u = r * Math.exp(LN_SQRT_PI - logBeta(a, b) - b * Math.log(nu));
  if (!(u > 0)) return 0;
  const q = 2 * normalUpperTail(Math.sqrt(2 * z));
  const v = 0.25 / (nu * nu);
  const t2 = 0.25 * logX * logX;
  let j = q / r;
  let sum = j;
  let t = 1;
  let cn = 1;
  let n2 = 0;
  const c = new Float64Array(BGRAT_TERMS);
  const d = new Float64Array(BGRAT_TERMS);
  for (let n = 1; n <= BGRAT_TERMS; n++) {
    const bp2n = b + n2;
    j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v;
    n2 += 2;
    t *= t2;
    cn /= n2 * (n2 + 1);
    c[n - 1] = cn;
    let s = 0;
    let coefficient = b - n;
    for (let i = 1; i < n; i++) {
      s += coefficient * c[i - 1]! * d[n - i - 1]!;
      coefficient += b;
    }
    d[n - 1] = bm1 * cn + s / n;
    const term = d[n - 1]! * j;
    sum += term;
    if (Math.abs(term) <= BGRAT_EPS * sum) break;
  }
  return u * sum;
}

const BGRAT_TERMS = 30;
const BGRAT_EPS = 1e-15;

/**
 * The continued fraction 1/(1+ d₁/(1+ d₂/(1+ …))) of I_x(a, b)·a·B(a, b)/(xᵃ(1−x)ᵇ), with
 * d₂ₘ₊₁ = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)) and d₂ₘ = m(b−m)x/((a+2m−1)(a+2m)), by modified Lentz.
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const sum = a + b;
  let c = 1;
  let d = 1 - (sum * x) / (a + 1);
  if (Math.abs(d) < CF_TINY) d = CF_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < CF_MAX_TERMS; m++) {
    const m2 = 2 * m;
    let coefficient = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + coefficient * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    h *= d * c;
    coefficient = (-(a + m) * (sum + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + coefficient * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) break;
  }
  return h;
}

// ---- log B(a, b) -------------------------------------------------------------------------------

const LN_SQRT_2PI = 0.918938533204672741780329736406;

/** log B(a, b) for a, b > 0, arranged as R's lbeta so that large arguments do not cancel. */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return (
      -0.5 * Math.log(q) +
      LN_SQRT_2PI +
      corr +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/**
 * log Γ(x) − ((x − ½)·log x − x + log √(2π)) for x ≥ 10, by Stirling's series
 * Σ B₂ₖ/(2k(2k−1)x^(2k−1)) to k = 7; the first omitted term is below 3e-17 at x = 10.
 */
function stirlingRemainder(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))))
  );
}

// Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients; relative error < 1e-15).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(z) for z > 0 (only reached with z < 20 here). */
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const zm1 = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (zm1 + i);
  const t = zm1 + 7.5;
  return LN_SQRT_2PI + (zm1 + 0.5) * Math.log(t) - t + Math.log(sum);
}
