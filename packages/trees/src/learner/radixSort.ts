/**
 * Least-significant-digit radix sort of float32 values (three passes of 11 bits over the IEEE bits,
 * mapped so that unsigned order is numeric order), optionally carrying a float32 payload along:
 * linear time, where the engine's comparison sort of typed arrays costs ~100 ns per value. Values
 * must not be NaN, and −0 must already be +0.
 */
export class Float32RadixSorter {
  private readonly keys: Uint32Array;
  private readonly keysAlt: Uint32Array;
  private readonly payloadAlt: Float32Array;
  private readonly counts = new Uint32Array(3 * 2048);

  constructor(capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.keysAlt = new Uint32Array(capacity);
    this.payloadAlt = new Float32Array(capacity);
  }

  /** Sorts values[0 … n) ascending in place, permuting payload[0 … n) the same way if given. */
  sort(values: Float32Array, n: number, payload: Float32Array | null): void {
    if (n < 2) return;
    const bits = new Uint32Array(values.buffer, values.byteOffset, n);
    let src = this.keys;
    let dst = this.keysAlt;
    let pSrc = payload;
    let pDst = payload ? this.payloadAlt : null;
    const counts = this.counts;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const b = bits[i]!;
      const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
      src[i] = key;
      counts[key & 2047]!++;
      counts[2048 + ((key >>> 11) & 2047)]!++;
      counts[4096 + (key >>> 22)]!++;
    }
    for (let pass = 0; pass < 3; pass++) {
      const base = pass * 2048;
      const shift = pass * 11;
      let total = 0;
      for (let d = 0; d < 2048; d++) {
        const c = counts[base + d]!;
        counts[base + d] = total;
        total += c;
      }
      if (pSrc && pDst) {
        for (let i = 0; i < n; i++) {
          const key = src[i]!;
          const at = counts[base + ((key >>> shift) & 2047)]!++;
          dst[at] = key;
          pDst[at] = pSrc[i]!;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const key = src[i]!;
          dst[counts[base + ((key >>> shift) & 2047)]!++] = key;
        }
      }
      const t = src;
      src = dst;
      dst = t;
      const p = pSrc;
      pSrc = pDst;
      pDst = p;
    }
    for (let i = 0; i < n; i++) {
      const key = src[i]!;
      bits[i] = key & 0x80000000 ? (key ^ 0x80000000) >>> 0 : ~key >>> 0;
    }
    if (payload && pSrc && pSrc !== payload) payload.set(pSrc.subarray(0, n));
  }
}
