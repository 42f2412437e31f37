import { levelsOf } from "../survival/levels.js";
import { replicateRandom } from "./replicateRandom.js";

/**
 * Bootstrap samples (Efron & Tibshirani, An Introduction to the Bootstrap, 1993): n row numbers
 * drawn with replacement, as rms::predab.resample draws them for method = "boot":
 *
 * - plain: n draws from all n rows;
 * - strata (predab.resample's group =): each row's place is filled by a draw from its own
 *   stratum, so every stratum keeps its size — e.g. stratified on the outcome so that no sample
 *   lacks events;
 * - cluster (predab.resample's cluster =): whole clusters (e.g. centers) are drawn with
 *   replacement, as many draws as there are clusters, and each drawn cluster contributes all its
 *   rows (in row order); the sample's length then varies.
 *
 * Replicate b is generated from (seed, b) alone (replicateRandom), so replicates can be produced
 * in any order or on different threads and are identical to a sequential run.
 */

export interface BootstrapOptions {
  /** Number of rows of the original data. */
  n: number;
  seed: number;
  /** Stratum of each row: resample within strata. */
  strata?: ArrayLike<number | string>;
  /** Cluster of each row: resample whole clusters. */
  cluster?: ArrayLike<number | string>;
}

/** Stream name of bootstrap samples in replicateRandom. */
export const BOOTSTRAP_STREAM = "bootstrap";

/**
 * A function giving the row numbers (0-based, with repeats) of bootstrap replicate b. Strata and
 * clusters are indexed once here, so calling it for many replicates costs O(n) each.
 */
export function bootstrapResampler(options: BootstrapOptions): (replicate: number) => Uint32Array {
  const { n, seed, strata, cluster } = options;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`bootstrap: n must be a positive integer, got ${n}`);
  if (strata && cluster) throw new RangeError("bootstrap: give strata or cluster, not both");
  const grouping = strata ?? cluster;
  if (grouping && grouping.length !== n) {
    throw new RangeError(
      `bootstrap: n is ${n} but ${strata ? "strata" : "cluster"} has ${grouping.length} values`,
    );
  }
  if (!grouping) {
    return (replicate) => {
      const rng = replicateRandom(seed, BOOTSTRAP_STREAM, replicate);
      const sample = new Uint32Array(n);
      for (let i = 0; i < n; i++) sample[i] = rng.integer(n);
      return sample;
    };
  }
  const codes = levelsOf(grouping, strata ? "bootstrap: strata" : "bootstrap: cluster").codes;
  const groups = membersByLevel(codes, n);
  if (strata) {
    return (replicate) => {
      const rng = replicateRandom(seed, BOOTSTRAP_STREAM, replicate);
      const sample = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const members = groups[codes[i]!]!;
        sample[i] = members[rng.integer(members.length)]!;
      }
      return sample;
    };
  }
  return (replicate) => {
    const rng = replicateRandom(seed, BOOTSTRAP_STREAM, replicate);
    const drawn = new Uint32Array(groups.length);
    let length = 0;
    for (let c = 0; c < groups.length; c++) {
      drawn[c] = rng.integer(groups.length);
      length += groups[drawn[c]!]!.length;
    }
    const sample = new Uint32Array(length);
    let at = 0;
    for (const c of drawn) {
      sample.set(groups[c]!, at);
      at += groups[c]!.length;
    }
    return sample;
  };
}

/** Row numbers (0-based, with repeats) of bootstrap replicate `replicate`. */
export function bootstrapSample(options: BootstrapOptions & { replicate: number }): Uint32Array {
  return bootstrapResampler(options)(options.replicate);
}

/** The rows of 0…n−1 that a bootstrap sample left out (its out-of-bag rows), ascending. */
export function outOfBag(sample: ArrayLike<number>, n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`outOfBag: n must be a positive integer, got ${n}`);
  const inBag = new Uint8Array(n);
  for (let i = 0; i < sample.length; i++) {
    const row = sample[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new RangeError(`outOfBag: sample[${i}] is ${row}; expected a row number in [0, ${n})`);
    }
    inBag[row] = 1;
  }
  let count = 0;
  for (let row = 0; row < n; row++) count += 1 - inBag[row]!;
  const out = new Uint32Array(count);
  let at = 0;
  for (let row = 0; row < n; row++) if (inBag[row] === 0) out[at++] = row;
  return out;
}

/** Rows of each level, ascending. */
export function membersByLevel(codes: Uint32Array, n: number): Uint32Array[] {
  let levels = 0;
  for (let i = 0; i < n; i++) if (codes[i]! + 1 > levels) levels = codes[i]! + 1;
  const sizes = new Uint32Array(levels);
  for (let i = 0; i < n; i++) sizes[codes[i]!]!++;
  const members = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(levels);
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    members[g]![filled[g]!++] = i;
  }
  return members;
}
