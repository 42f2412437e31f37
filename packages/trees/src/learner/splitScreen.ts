import { wordMask } from "./histogram.js";

/**
 * The screening pass of the split scan (splitFinder.ts). Computing a candidate split's loss change
 * exactly, as XGBoost does, takes two divisions and four float32 roundings; nearly every candidate
 * falls far short of the best split found so far, and a cheaper test, with enough slack for
 * rounding, tells which. The bins are accumulated in a tight loop that keeps only the candidates
 * passing the test, and the scan then computes those exactly, in bin order, so it picks exactly
 * the split the exact computation of every candidate would.
 */

/**
 * A candidate's loss change, f32(f32(gl + gr) − parentGain) with gl and gr float32-rounded
 * quotients, can exceed the best so far (a float32) only if gl + gr computed exactly exceeds
 * T = best + parentGain less a few float32 roundings (~1e-7 relative). The check instead computes
 * gl + gr = (g_l² (h_r + λ) + g_r² (h_l + λ)) / ((h_l + λ)(h_r + λ)) cross-multiplied, in double
 * precision (~1e-15 relative), and skips a candidate only when it falls below
 * (T − slack·|T|) / (1 + slack): by far more than rounding could make up, so every candidate that
 * could win is still computed exactly. Cross-multiplying needs positive denominators, which
 * min_child_weight > 0 guarantees. The check uses the raw gradient sums: the L1 soft threshold only
 * shrinks them, so it never rejects a candidate that the thresholded sums would let through.
 */
const SCREEN_SLACK = 2 ** -16;

/**
 * Scratch of the split search, allocated once per training: the candidates that pass the check
 * above (slot index and accumulated sums), and the search's float parameters in a Float64Array,
 * from which the screening loop reads them as unboxed doubles (V8 keeps number arguments tagged and
 * tests their representation at every use inside a loop).
 */
export class SplitScratch {
  readonly slot: Int32Array;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** totalGrad, totalHess, minChildWeight, lambda, floor. */
  readonly values = new Float64Array(5);

  /** maxBins: the most bins of any feature. */
  constructor(maxBins: number) {
    this.slot = new Int32Array(maxBins + 1);
    this.grad = new Float64Array(maxBins + 1);
    this.hess = new Float64Array(maxBins + 1);
  }
}

/**
 * The screening pass: accumulates the bins from slot index k0 to `end` (exclusive, by `step`) and
 * keeps, in `scratch`, each candidate with both hessian sums ≥ min_child_weight that the check of
 * SCREEN_SLACK lets through. `| 0` and `k | 1` (k is even) keep the index arithmetic int32 without
 * overflow checks.
 */
export function screenBins(
  hist: Float64Array,
  k0: number,
  end: number,
  step: number,
  scratch: SplitScratch,
): number {
  const { values, slot, grad, hess } = scratch;
  const totalGrad = values[0]!;
  const totalHess = values[1]!;
  const mcw = values[2]!;
  const lambda = values[3]!;
  const floor = values[4]!;
  let passed = 0;
  let ag = 0;
  let ah = 0;
  // two bins per iteration halve the loop's own instructions (about a sixth of the time)
  const pairEnd = (k0 + ((((end - k0) / step) >> 1) << 1) * step) | 0;
  const step2 = step << 1;
  let k = k0;
  for (; k !== pairEnd; k = (k + step2) | 0) {
    ag += hist[k]!;
    ah += hist[k | 1]!;
    if (screenPasses(ag, ah, totalGrad, totalHess, mcw, lambda, floor)) {
      slot[passed] = k;
      grad[passed] = ag;
      hess[passed] = ah;
      passed++;
    }
    const k2 = (k + step) | 0;
    ag += hist[k2]!;
    ah += hist[k2 | 1]!;
    if (screenPasses(ag, ah, totalGrad, totalHess, mcw, lambda, floor)) {
      slot[passed] = k2;
      grad[passed] = ag;
      hess[passed] = ah;
      passed++;
    }
  }
  if (k !== end) {
    ag += hist[k]!;
    ah += hist[k | 1]!;
    if (screenPasses(ag, ah, totalGrad, totalHess, mcw, lambda, floor)) {
      slot[passed] = k;
      grad[passed] = ag;
      hess[passed] = ah;
      passed++;
    }
  }
  return passed;
}

/**
 * Whether the candidate with ag, ah on the visited side has both hessian sums ≥ min_child_weight
 * and passes the check of SCREEN_SLACK.
 */
function screenPasses(
  ag: number,
  ah: number,
  totalGrad: number,
  totalHess: number,
  mcw: number,
  lambda: number,
  floor: number,
): boolean {
  const oh = totalHess - ah;
  if (ah < mcw || oh < mcw) return false;
  const og = totalGrad - ag;
  const da = ah + lambda;
  const dO = oh + lambda;
  // a negated < lets a NaN sum through to the exact computation, as if there were no check
  return !(ag * ag * dO + og * og * da < floor * (da * dO));
}

/**
 * screenBins over the marked slots of low … high (inclusive) only, upwards or, when `backward`,
 * downwards: an unmarked slot is zero, so skipping it changes no sum, and its candidate would only
 * repeat the one before.
 */
export function screenMarked(
  hist: Float64Array,
  occupied: Uint32Array,
  low: number,
  high: number,
  backward: boolean,
  scratch: SplitScratch,
): number {
  const { values, slot, grad, hess } = scratch;
  const totalGrad = values[0]!;
  const totalHess = values[1]!;
  const mcw = values[2]!;
  const lambda = values[3]!;
  const floor = values[4]!;
  let passed = 0;
  let ag = 0;
  let ah = 0;
  const firstWord = low >>> 5;
  const lastWord = high >>> 5;
  for (let i = 0; i <= lastWord - firstWord; i++) {
    const w = backward ? lastWord - i : firstWord + i;
    let word = occupied[w]! & wordMask(w, low, high + 1);
    while (word !== 0) {
      // the highest set bit going backward, the lowest going forward; `(word - 1) | 0` wraps like
      // the int32 it is (no overflow to a double)
      let bit: number;
      if (backward) {
        bit = 31 - Math.clz32(word);
        word ^= 1 << bit;
      } else {
        const rest = word & ((word - 1) | 0);
        bit = 31 - Math.clz32(word ^ rest);
        word = rest;
      }
      const k = ((w << 5) | bit) << 1;
      ag += hist[k]!;
      ah += hist[k | 1]!;
      if (!screenPasses(ag, ah, totalGrad, totalHess, mcw, lambda, floor)) continue;
      slot[passed] = k;
      grad[passed] = ag;
      hess[passed] = ah;
      passed++;
    }
  }
  return passed;
}

/** The value (gl + gr) / (1 + slack) must reach to be computed exactly; see SCREEN_SLACK. */
export function screenFloor(bestLoss: number, parentGain: number): number {
  const threshold = bestLoss + parentGain;
  return (threshold - SCREEN_SLACK * Math.abs(threshold)) / (1 + SCREEN_SLACK);
}
