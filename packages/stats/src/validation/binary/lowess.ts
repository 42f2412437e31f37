/**
 * LOWESS scatterplot smoothing exactly as R's lowess() (Cleveland, J Am Stat Assoc 1979;74:829;
 * Cleveland, Am Stat 1981;35:54), a line-by-line port of clowess/lowest in R's
 * src/library/stats/src/lowess.c:
 *
 * - Points are sorted by x (stably, as order() does); the fit at x uses the ns = max(2, min(n,
 *   ⌊f·n + 1e-7⌋)) nearest points with tricube weights, extended to the right over ties, and a
 *   weighted straight line unless the points are too close together (then a weighted mean).
 * - Points within delta of the last fitted x are not fitted but interpolated linearly (delta
 *   defaults to 1% of the range of x, as in R); points tied in x share the fit.
 * - `iterations` robustness passes reweight by the bisquare of residuals over 6 × their median
 *   absolute value, and stop early when that is effectively 0 (below 1e-7 × the mean absolute
 *   residual).
 *
 * rms::val.prob draws its calibration curve with lowess(p, y, iter = 0).
 */

export interface LowessOptions {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** The smoother span f, the share of points that influence each fit; default 2/3. */
  span?: number;
  /** Number of robustness iterations (R's iter); default 3. */
  iterations?: number;
  /** Distance within which points are interpolated rather than fitted; default 1% of the range of x. */
  delta?: number;
}

export interface LowessResult {
  /** x sorted ascending (ties kept in input order). */
  x: Float64Array;
  /** The smoothed value at each x. */
  y: Float64Array;
}

export function lowess(options: LowessOptions): LowessResult {
  const { x, y, span = 2 / 3, iterations = 3 } = options;
  const n = x.length;
  if (n === 0) throw new RangeError("lowess: no observations");
  if (y.length !== n) throw new RangeError(`lowess: x has ${n} values but y has ${y.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`lowess: x[${i}] is ${x[i]}`);
    if (!Number.isFinite(y[i]!)) throw new RangeError(`lowess: y[${i}] is ${y[i]}`);
  }
  if (!(Number.isFinite(span) && span > 0))
    throw new RangeError(`lowess: span must be finite and > 0, got ${span}`);
  if (!(Number.isInteger(iterations) && iterations >= 0)) {
    throw new RangeError(`lowess: iterations must be an integer ≥ 0, got ${iterations}`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const sortedX = Float64Array.from(order, (i) => x[i]!);
  const sortedY = Float64Array.from(order, (i) => y[i]!);
  const delta = options.delta ?? 0.01 * (sortedX[n - 1]! - sortedX[0]!);
  if (!(Number.isFinite(delta) && delta >= 0))
    throw new RangeError(`lowess: delta must be finite and ≥ 0, got ${delta}`);
  return { x: sortedX, y: clowess(sortedX, sortedY, span, iterations, delta) };
}

/** clowess on sorted x. Arrays inside are 1-based (index 0 unused) to follow the C line by line. */
function clowess(x0: Float64Array, y0: Float64Array, f: number, nsteps: number, delta: number): Float64Array {
  const n = x0.length;
  if (n < 2) return Float64Array.from(y0);
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  x.set(x0, 1);
  y.set(y0, 1);
  const ys = new Float64Array(n + 1);
  const rw = new Float64Array(n + 1);
  const res = new Float64Array(n + 1);
  const sorted = new Float64Array(n);
  const ns = Math.max(2, Math.min(n, Math.trunc(f * n + 1e-7)));

  for (let iter = 1; iter <= nsteps + 1; iter++) {
    let nleft = 1;
    let nright = ns;
    let last = 0;
    let i = 1;
    for (;;) {
      if (nright < n) {
        const d1 = x[i]! - x[nleft]!;
        const d2 = x[nright + 1]! - x[i]!;
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const fitted = lowest(x, y, n, x[i]!, nleft, nright, res, iter > 1, rw);
      ys[i] = Number.isNaN(fitted) ? y[i]! : fitted;
      if (last < i - 1) {
        const denom = x[i]! - x[last]!;
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j]! - x[last]!) / denom;
          ys[j] = alpha * ys[i]! + (1 - alpha) * ys[last]!;
        }
      }
      last = i;
      const cut = x[last]! + delta;
      for (i = last + 1; i <= n; i++) {
        if (x[i]! > cut) break;
        if (x[i] === x[last]) {
          ys[i] = ys[last]!;
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n) break;
    }
    for (let k = 1; k <= n; k++) res[k] = y[k]! - ys[k]!;
    let sc = 0;
    for (let k = 1; k <= n; k++) sc += Math.abs(res[k]!);
    sc /= n;
    if (iter > nsteps) break;
    for (let k = 0; k < n; k++) sorted[k] = Math.abs(res[k + 1]!);
    sorted.sort();
    const m1 = Math.trunc(n / 2);
    const cmad = n % 2 === 0 ? 3 * (sorted[m1]! + sorted[n - m1 - 1]!) : 6 * sorted[m1]!;
    if (cmad < 1e-7 * sc) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 1; k <= n; k++) {
      const r = Math.abs(res[k]!);
      if (r <= c1) rw[k] = 1;
      else if (r <= c9) {
        const u = r / cmad;
        const v = 1 - u * u;
        rw[k] = v * v;
      } else rw[k] = 0;
    }
  }
  return ys.slice(1);
}

/**
 * lowest: the local fit at xs from points nleft..nright (1-based, extended over ties on the
 * right), with w as scratch space. NaN stands for C's ok = FALSE (all weights zero).
 */
function lowest(
  x: Float64Array,
  y: Float64Array,
  n: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  userw: boolean,
  rw: Float64Array,
): number {
  const range = x[n]! - x[1]!;
  const h = Math.max(xs - x[nleft]!, x[nright]! - xs);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  let j = nleft;
  while (j <= n) {
    w[j] = 0;
    const r = Math.abs(x[j]! - xs);
    if (r <= h9) {
      if (r <= h1) w[j] = 1;
      else {
        const q = r / h;
        const t = 1 - q * q * q;
        w[j] = t * t * t;
      }
      if (userw) w[j] = w[j]! * rw[j]!;
      a += w[j]!;
    } else if (x[j]! > xs) break;
    j++;
  }
  const nrt = j - 1;
  if (a <= 0) return Number.NaN;
  for (j = nleft; j <= nrt; j++) w[j] = w[j]! / a;
  if (h > 0) {
    a = 0;
    for (j = nleft; j <= nrt; j++) a += w[j]! * x[j]!;
    let b = xs - a;
    let c = 0;
    for (j = nleft; j <= nrt; j++) {
      const d = x[j]! - a;
      c += w[j]! * (d * d);
    }
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j] = w[j]! * (b * (x[j]! - a) + 1);
    }
  }
  let ys = 0;
  for (j = nleft; j <= nrt; j++) ys += w[j]! * y[j]!;
  return ys;
}
