import { SeededRandom } from "../random/rng.js";

/**
 * The generator of one replicate of a resampling scheme, derived from the study seed, the name of
 * the scheme's stream and the replicate number alone — so that a worker thread can regenerate
 * replicate b without drawing replicates 0…b−1, and the numbers of replicate b do not depend on
 * how many replicates are run or in which order.
 *
 * The stream name separates schemes that share a seed (bootstrap samples and k-fold assignments
 * of the same seed are unrelated). Within a stream the replicate number is XORed into 32 bits of
 * the stream's seed material, which is injective: distinct replicates always start from distinct
 * generator states (no hash of the replicate number that could collide).
 */
export function replicateRandom(seed: number, stream: string, replicate: number): SeededRandom {
  if (!Number.isInteger(replicate) || replicate < 0 || replicate >= 2 ** 32) {
    throw new RangeError(`replicate must be an integer in [0, 2^32), got ${replicate}`);
  }
  const base = new SeededRandom(seed).fork(stream);
  const low = (base.nextUint32() ^ replicate) >>> 0;
  // 21 more bits keep the child seed below 2^53, an exact double.
  const high = base.nextUint32() & 0x1fffff;
  return new SeededRandom(low + high * 2 ** 32);
}
