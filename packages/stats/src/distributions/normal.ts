/**
 * Standard normal distribution.
 *
 * normalQuantile: Wichura's algorithm AS 241 (PPND16, Applied Statistics 1988;37:477), the method
 * R's qnorm uses; relative accuracy about 1e-16.
 *
 * normalCdf and its tails: W. J. Cody's rational Chebyshev approximations to erf/erfc (Cody 1969,
 * Math Comp 23:631; the ANORM routine of Cody 1993, ACM TOMS 19:22, algorithm 715), as adapted in
 * R's src/nmath/pnorm.c (pnorm_both). Each tail is computed directly — never as 1 − the other —
 * so small upper-tail probabilities keep full relative accuracy, and the log versions stay finite
 * far beyond where the probability itself underflows.
 */

// biome-ignore-all lint/correctness/noPrecisionLoss: the coefficients are kept digit for digit as published (AS 241, Cody) so they can be checked against the source; each parses to the nearest double.

/** The p-quantile of the standard normal distribution (R: qnorm(p)); NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

// Cody's coefficients, exactly as in R's pnorm.c.
const CENTRAL_A = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
];
const CENTRAL_A4 = 0.065682337918207449113;
const CENTRAL_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const MIDDLE_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
];
const MIDDLE_C8 = 1.0765576773720192317e-8;
const MIDDLE_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const TAIL_P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
  2.9112874951168792e-5,
];
const TAIL_P5 = 0.02307344176494017303;
const TAIL_Q = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
  7.29751555083966205e-5,
];
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
const HALF_EPSILON = Number.EPSILON * 0.5;

/** P(Z ≤ x) for a standard normal Z (R: pnorm(x)). */
export function normalCdf(x: number): number {
  return normalTail(x, true, false);
}

/** P(Z > x), computed directly so that it stays accurate where normalCdf(x) rounds to 1 (R: pnorm(x, lower.tail = FALSE)). */
export function normalUpperTail(x: number): number {
  return normalTail(x, false, false);
}

/** log P(Z ≤ x) (R: pnorm(x, log.p = TRUE)); finite down to x ≈ −1e170. */
export function normalLogCdf(x: number): number {
  return normalTail(x, true, true);
}

/** log P(Z > x) (R: pnorm(x, lower.tail = FALSE, log.p = TRUE)); finite up to x ≈ 1e170. */
export function normalLogUpperTail(x: number): number {
  return normalTail(x, false, true);
}

/**
 * One tail of the standard normal distribution, following R's pnorm_both branch by branch:
 * |x| ≤ qnorm(3/4) by a rational function for the central part; |x| ≤ √32 and beyond by
 * exp(−x²/2)·R(x), where x² is split as xsq² + del with xsq = trunc(16x)/16 so that exp(−x²/2)
 * keeps full precision (the "SIXTEN" trick of Cody's ANORM).
 */
function normalTail(x: number, lowerTail: boolean, logP: boolean): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > HALF_EPSILON) {
      const xsq = x * x;
      xnum = CENTRAL_A4 * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + CENTRAL_A[i]!) * xsq;
        xden = (xden + CENTRAL_B[i]!) * xsq;
      }
    }
    const temp = (x * (xnum + CENTRAL_A[3]!)) / (xden + CENTRAL_B[3]!);
    const p = lowerTail ? 0.5 + temp : 0.5 - temp;
    return logP ? Math.log(p) : p;
  }
  let temp: number;
  if (y <= SQRT_32) {
    let xnum = MIDDLE_C8 * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + MIDDLE_C[i]!) * y;
      xden = (xden + MIDDLE_D[i]!) * y;
    }
    temp = (xnum + MIDDLE_C[7]!) / (xden + MIDDLE_D[7]!);
  } else if (
    (logP && y < 1e170) ||
    (lowerTail && -37.5193 < x && x < 8.2924) ||
    (!lowerTail && -8.2924 < x && x < 37.5193)
  ) {
    const xsq = 1 / (x * x);
    let xnum = TAIL_P5 * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + TAIL_P[i]!) * xsq;
      xden = (xden + TAIL_Q[i]!) * xsq;
    }
    temp = (xsq * (xnum + TAIL_P[4]!)) / (xden + TAIL_Q[4]!);
    temp = (ONE_OVER_SQRT_2PI - temp) / y;
  } else {
    // So far out that the probability is 0 or 1 in double precision (R does the same).
    const isOne = x > 0 === lowerTail;
    if (logP) return isOne ? 0 : Number.NEGATIVE_INFINITY;
    return isOne ? 1 : 0;
  }
  // The tail beyond |x| on x's own side; the requested tail is it or its complement.
  const xsq = Math.trunc(y * 16) / 16;
  const del = (y - xsq) * (y + xsq);
  const farSide = x > 0 !== lowerTail;
  if (logP) {
    if (farSide) return -xsq * (xsq * 0.5) - del * 0.5 + Math.log(temp);
    return Math.log1p(-Math.exp(-xsq * (xsq * 0.5)) * Math.exp(-del * 0.5) * temp);
  }
  const tail = Math.exp(-xsq * (xsq * 0.5)) * Math.exp(-del * 0.5) * temp;
  return farSide ? tail : 1 - tail;
}
