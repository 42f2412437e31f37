import { normalQuantile } from "../distributions/normal.js";

/**
 * Seeded pseudo-random numbers for simulation and resampling.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018) on 32-bit words, seeded through splitmix32 so
 * that any integer seed (including 0) gives a well-mixed state. It is not cryptographic; it is
 * fast, has period 2^128 − 1 and is identical on every platform, which is what "same seed, same
 * study, byte for byte" needs. Math.random is never used anywhere numeric in carta.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    let x = seed >>> 0;
    const hi = Math.floor(Math.abs(seed) / 2 ** 32) >>> 0;
    const next = (): number => {
      // splitmix32 step
      x = (x + 0x9e3779b9) | 0;
      let z = x ^ hi;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform double in the open interval (0, 1): safe for logarithms and quantile functions. */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Integer uniformly in [0, n). Rejection sampling avoids modulo bias. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32)
      throw new RangeError(`integer(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /**
   * Standard normal deviate by inversion of the uniform (one uniform per deviate), so that the
   * number of draws consumed never depends on the values drawn — streams stay aligned.
   */
  normal(mean = 0, sd = 1): number {
    return mean + sd * normalQuantile(this.uniformOpen());
  }

  /** Index drawn with probability proportional to weights (non-negative, positive sum). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0)) throw new RangeError(`categorical weight ${i} is ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError("categorical weights sum to zero");
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponential deviate with the given rate. */
  exponential(rate: number): number {
    return -Math.log(this.uniformOpen()) / rate;
  }

  /**
   * An independent child stream derived from this one's seed material and a label, so that adding
   * draws to one part of a simulation does not shift the numbers of another part.
   */
  fork(label: string): SeededRandom {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new SeededRandom(((this.s0 ^ this.s2 ^ h) >>> 0) + ((this.s1 ^ this.s3) >>> 0) * 2 ** 21);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
