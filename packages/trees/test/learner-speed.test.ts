import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { binMatrix, binOf, computeFeatureBinning, toColumns } from "../src/learner/binning.js";
import {
  buildHistogramBlock,
  clearHistogramBlock,
  Histogram,
  subtractHistogramBlock,
} from "../src/learner/histogram.js";
import {
  boundedWeight,
  gainGivenWeight,
  nodeGain,
  SplitCandidate,
  type SplitParams,
  scanFeature,
} from "../src/learner/splitFinder.js";
import { SplitScratch } from "../src/learner/splitScreen.js";

/**
 * The learner's fast paths against plain versions of the same computations: the split scan (which
 * screens candidates before computing them exactly, and skips unmarked slots of tracked histograms)
 * against a bin-by-bin exact scan; tracked histogram building and subtraction against the dense
 * ones; the branch-free bin search against upper_bound. They must agree exactly, not approximately:
 * the learner's trees are XGBoost's split for split only while every candidate is decided the same.
 */

const f32 = Math.fround;

/** The exact scan, bin by bin, as the learner did before screening (evaluate_splits.h order). */
function plainSearch(
  p: SplitParams,
  hist: Float64Array,
  firsts: readonly number[],
  counts: readonly number[],
  sumGrad: number,
  sumHess: number,
  lower: number,
  upper: number,
): SplitCandidate {
  const best = new SplitCandidate();
  const parentGain = nodeGain(p, sumGrad, sumHess, lower, upper);
  const soft = (g: number): number => (g > p.alpha ? g - p.alpha : g < -p.alpha ? g + p.alpha : 0);
  const loss = (f: number, lg: number, lh: number, rg: number, rh: number): number => {
    if (p.maxDeltaStep === 0 && p.monotone === null) {
      const gl = lh <= 0 ? 0 : f32(soft(lg) ** 2 / (lh + p.lambda));
      const gr = rh <= 0 ? 0 : f32(soft(rg) ** 2 / (rh + p.lambda));
      return f32(f32(gl + gr) - parentGain);
    }
    const wl = boundedWeight(p, lg, lh, lower, upper);
    const wr = boundedWeight(p, rg, rh, lower, upper);
    const c = p.monotone === null ? 0 : p.monotone[f]!;
    if ((c > 0 && wl > wr) || (c < 0 && wl < wr)) return Number.NEGATIVE_INFINITY;
    return f32(f32(gainGivenWeight(p, lg, lh, wl) + gainGivenWeight(p, rg, rh, wr)) - parentGain);
  };
  const take = (
    l: number,
    f: number,
    b: number,
    dl: boolean,
    lg: number,
    lh: number,
    rg: number,
    rh: number,
  ) => {
    if (l <= best.lossChange) return;
    Object.assign(best, { lossChange: l, feature: f, splitBin: b, defaultLeft: dl });
    Object.assign(best, { leftGrad: lg, leftHess: lh, rightGrad: rg, rightHess: rh });
  };
  firsts.forEach((first, f) => {
    const nb = counts[f]!;
    const m = (first + nb) * 2;
    const hasMissing = hist[m] !== 0 || hist[m + 1] !== 0;
    let lg = 0;
    let lh = 0;
    for (let b = 0; b < (hasMissing ? nb : nb - 1); b++) {
      const bg = hist[(first + b) * 2]!;
      const bh = hist[(first + b) * 2 + 1]!;
      if (bg === 0 && bh === 0) continue;
      lg += bg;
      lh += bh;
      const rg = sumGrad - lg;
      const rh = sumHess - lh;
      if (lh >= p.minChildWeight && rh >= p.minChildWeight)
        take(loss(f, lg, lh, rg, rh), f, b, false, lg, lh, rg, rh);
    }
    if (!hasMissing) return;
    let rg = 0;
    let rh = 0;
    for (let b = nb - 1; b >= 0; b--) {
      const bg = hist[(first + b) * 2]!;
      const bh = hist[(first + b) * 2 + 1]!;
      if (bg === 0 && bh === 0) continue;
      rg += bg;
      rh += bh;
      const lg2 = sumGrad - rg;
      const lh2 = sumHess - rh;
      if (rh >= p.minChildWeight && lh2 >= p.minChildWeight)
        take(loss(f, lg2, lh2, rg, rh), f, b - 1, true, lg2, lh2, rg, rh);
    }
  });
  return best;
}

/**
 * A node's histogram as the learner has them: sums over the node's rows, or (`derived`) its
 * parent's sums minus a sibling's, with the rounding residues that leaves in slots none of its
 * rows fall into. Several features are copies of others (exact ties), one differing by an ulp.
 */
function randomNode(rng: SeededRandom, derived: boolean) {
  const features = 2 + rng.integer(6);
  const counts: number[] = [];
  for (let f = 0; f < features; f++)
    counts.push(f > 1 && rng.uniform() < 0.3 ? counts[f - 2]! : 1 + rng.integer(40));
  const firsts: number[] = [];
  let slots = 0;
  for (const c of counts) {
    firsts.push(slots);
    slots += c + 1;
  }
  const rows = 5 + rng.integer(150);
  const bins = Array.from({ length: rows }, () =>
    counts.map((c) => (rng.uniform() < 0.1 ? c : rng.integer(c))),
  );
  const grads = Array.from({ length: rows }, () => {
    const p = f32(rng.uniform());
    return [f32(p - (rng.uniform() < 0.4 ? 1 : 0)), Math.max(f32(p * f32(1 - p)), f32(1e-16))] as const;
  });
  // copies of earlier features: the same bin for every row
  counts.forEach((c, f) => {
    if (f > 1 && c === counts[f - 2]) for (const row of bins) row[f] = row[f - 2]!;
  });
  const sumsOf = (members: readonly number[]) => {
    const hist = new Float64Array(2 * slots);
    for (const i of members)
      counts.forEach((_, f) => {
        const k = (firsts[f]! + bins[i]![f]!) * 2;
        hist[k]! += grads[i]![0];
        hist[k + 1]! += grads[i]![1];
      });
    return hist;
  };
  const all = Array.from({ length: rows }, (_, i) => i);
  let hist = sumsOf(all);
  let members = all;
  if (derived) {
    const sibling = all.filter(() => rng.uniform() < 0.4);
    const minus = sumsOf(sibling);
    hist = hist.map((v, k) => v - minus[k]!);
    members = all.filter((i) => !sibling.includes(i));
  }
  // an ulp more gradient in one bin of a copied feature: a near tie
  const copy = counts.findIndex((c, f) => f > 1 && c === counts[f - 2]);
  if (copy >= 0) {
    const k = firsts[copy]! * 2;
    if (hist[k] !== 0) hist[k] = hist[k]! * (1 + 2 ** -52);
  }
  // the marks of a tracked histogram: every slot the building rows fall into, and a few more
  const occupied = new Uint32Array((slots + 31) >>> 5);
  const mark = (s: number) => {
    occupied[s >>> 5]! |= 1 << (s & 31);
  };
  for (const i of all) for (let f = 0; f < features; f++) mark(firsts[f]! + bins[i]![f]!);
  for (let s = 0; s < slots; s++) if (rng.uniform() < 0.05) mark(s);
  let sumGrad = 0;
  let sumHess = 0;
  for (const i of members) {
    sumGrad += grads[i]![0];
    sumHess += grads[i]![1];
  }
  return { hist, occupied, firsts, counts, sumGrad, sumHess, maxBins: Math.max(...counts) };
}

function fastSearch(
  p: SplitParams,
  node: ReturnType<typeof randomNode>,
  occupied: Uint32Array | null,
  lower: number,
  upper: number,
): SplitCandidate {
  const best = new SplitCandidate();
  const scratch = new SplitScratch(node.maxBins);
  const gain = nodeGain(p, node.sumGrad, node.sumHess, lower, upper);
  node.firsts.forEach((first, f) => {
    scanFeature(
      p,
      node.hist,
      occupied,
      first,
      node.counts[f]!,
      f,
      node.sumGrad,
      node.sumHess,
      lower,
      upper,
      gain,
      best,
      scratch,
    );
  });
  return best;
}

describe("split scan with screening and marks", () => {
  it("picks exactly the split of a plain exact scan", () => {
    const rng = new SeededRandom(41);
    let splits = 0;
    for (let trial = 0; trial < 400; trial++) {
      const node = randomNode(rng, trial % 2 === 1);
      const constrained = trial % 5 === 4;
      const p: SplitParams = {
        lambda: [0, 1, f32(0.3)][trial % 3]!,
        alpha: trial % 4 === 3 ? f32(0.05) : 0,
        minChildWeight: [0, 1, f32(0.5), 3][(trial >> 2) % 4]!,
        maxDeltaStep: constrained && trial % 2 === 0 ? f32(0.7) : 0,
        monotone: constrained && trial % 2 === 1 ? Int8Array.from(node.counts, (_, f) => (f % 3) - 1) : null,
      };
      const [lower, upper] = p.monotone ? [f32(-0.4), f32(0.5)] : [-Infinity, Infinity];
      const expected = plainSearch(
        p,
        node.hist,
        node.firsts,
        node.counts,
        node.sumGrad,
        node.sumHess,
        lower,
        upper,
      );
      for (const occupied of [null, node.occupied]) {
        const found = fastSearch(p, node, occupied, lower, upper);
        expect({ ...found }, `trial ${trial}, ${occupied ? "marked" : "dense"}`).toEqual({ ...expected });
      }
      if (expected.feature >= 0) splits++;
    }
    // the comparison means something only if most nodes have a split
    expect(splits).toBeGreaterThan(300);
  });

  it("finds a split whose loss change is a single float32 step above the best so far", () => {
    // the screen must let through every candidate the exact comparison would take, however close
    const rng = new SeededRandom(77);
    const below = (x: number) => {
      const bits = new Uint32Array(Float32Array.of(x).buffer);
      bits[0]! -= 1;
      return new Float32Array(bits.buffer)[0]!;
    };
    let checked = 0;
    for (let trial = 0; trial < 300; trial++) {
      const node = randomNode(rng, trial % 2 === 0);
      const p: SplitParams = {
        lambda: trial % 3 === 0 ? 0 : 1,
        alpha: trial % 4 === 1 ? f32(0.05) : 0,
        minChildWeight: [0, 1, f32(0.5)][trial % 3]!,
        maxDeltaStep: 0,
        monotone: null,
      };
      const expected = plainSearch(
        p,
        node.hist,
        node.firsts,
        node.counts,
        node.sumGrad,
        node.sumHess,
        -Infinity,
        Infinity,
      );
      if (!(expected.lossChange > 0)) continue;
      for (const occupied of [null, node.occupied]) {
        const best = new SplitCandidate();
        best.lossChange = below(expected.lossChange);
        const scratch = new SplitScratch(node.maxBins);
        const gain = nodeGain(p, node.sumGrad, node.sumHess, -Infinity, Infinity);
        node.firsts.forEach((first, f) => {
          scanFeature(
            p,
            node.hist,
            occupied,
            first,
            node.counts[f]!,
            f,
            node.sumGrad,
            node.sumHess,
            -Infinity,
            Infinity,
            gain,
            best,
            scratch,
          );
        });
        expect({ ...best }, `trial ${trial}`).toEqual({ ...expected });
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("keeps the first of exactly tied splits, as the plain scan does", () => {
    // features 0 and 1 hold the same sums: the same best split, found on feature 0
    const hist = Float64Array.of(0.5, 1, -0.75, 1.5, 0.25, 2, 0, 0, 0.5, 1, -0.75, 1.5, 0.25, 2, 0, 0);
    const p: SplitParams = { lambda: 1, alpha: 0, minChildWeight: 1, maxDeltaStep: 0, monotone: null };
    const best = new SplitCandidate();
    const gain = nodeGain(p, 0, 4.5, -Infinity, Infinity);
    for (const f of [0, 1])
      scanFeature(p, hist, null, f * 4, 3, f, 0, 4.5, -Infinity, Infinity, gain, best, new SplitScratch(3));
    expect(best.feature).toBe(0);
    expect(best).toEqual(plainSearch(p, hist, [0, 4], [3, 3], 0, 4.5, -Infinity, Infinity));
  });
});

describe("tracked histograms", () => {
  const rng = new SeededRandom(5);
  const rows = 300;
  const columns = 9;
  const x = new Float32Array(rows * columns);
  for (let k = 0; k < x.length; k++)
    x[k] = rng.uniform() < 0.1 ? Number.NaN : k % columns < 3 ? rng.integer(4) : f32(rng.normal());
  const binning = computeFeatureBinning(toColumns(x, rows, columns), rows, columns, 64, null);
  const binned = binMatrix(x, rows, columns, binning);
  const grad = Float32Array.from({ length: rows }, () => f32(rng.normal()));
  const hess = Float32Array.from({ length: rows }, () => f32(rng.uniform()));
  const all = Int32Array.from({ length: columns }, (_, j) => j);
  const build = (members: Uint32Array, track: boolean, hist = new Histogram(binned.totalSlots)) => {
    if (track) hist.occupied.fill(0);
    hist.tracked = track;
    // blocks of four features, as the grower builds them block by block
    for (let from = 0; from < columns; from += 4) {
      const to = Math.min(columns, from + 4);
      clearHistogramBlock(hist, binned, all, from, to);
      buildHistogramBlock(hist, binned, all, from, to, members, 0, members.length, grad, hess, track);
    }
    return hist;
  };
  const everyRow = Uint32Array.from({ length: rows }, (_, i) => i);
  const someRows = everyRow.filter((i) => i % 7 === 3 || i % 11 === 0);

  it("hold the same sums as dense ones, with every non-zero slot marked", () => {
    // an odd and an even number of rows (rows go in pairs)
    for (const members of [someRows, someRows.subarray(1)]) {
      const dense = build(members, false);
      // a reused buffer: leftovers of a dense build must not leak into the tracked one
      const tracked = build(members, true, build(everyRow, false));
      expect(Array.from(tracked.sums)).toEqual(Array.from(dense.sums));
      let marked = 0;
      for (let s = 0; s < binned.totalSlots; s++) {
        const isMarked = (tracked.occupied[s >>> 5]! >>> (s & 31)) & 1;
        marked += isMarked;
        if (dense.sums[2 * s] !== 0 || dense.sums[2 * s + 1] !== 0) expect(isMarked, `slot ${s}`).toBe(1);
      }
      expect(marked).toBeLessThan(binned.totalSlots);
    }
  });

  it("subtract through their marks exactly as the dense subtraction does", () => {
    const child = build(someRows, true);
    const denseChild = build(someRows, false);
    const viaMarks = build(everyRow, false);
    const dense = build(everyRow, false);
    for (let from = 0; from < columns; from += 4) {
      subtractHistogramBlock(viaMarks, child, binned, all, from, Math.min(columns, from + 4));
      subtractHistogramBlock(dense, denseChild, binned, all, from, Math.min(columns, from + 4));
    }
    expect(Array.from(viaMarks.sums)).toEqual(Array.from(dense.sums));
    // and the result is the sum over the other rows, up to rounding
    const rest = build(
      everyRow.filter((i) => !someRows.includes(i)),
      false,
    );
    for (let k = 0; k < rest.sums.length; k++) expect(viaMarks.sums[k]).toBeCloseTo(rest.sums[k]!, 9);
  });
});

describe("bin search", () => {
  it("finds the first edge above the value, as upper_bound, clamped to the last bin", () => {
    const rng = new SeededRandom(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.integer(300);
      const edges = new Float32Array(n);
      let v = f32(rng.normal());
      for (let i = 0; i < n; i++) {
        v = f32(v + f32(rng.uniform() + 1e-3));
        edges[i] = v;
      }
      for (let q = 0; q < 50; q++) {
        const value =
          q % 3 === 0
            ? edges[rng.integer(n)]!
            : f32(edges[0]! - 1 + rng.uniform() * (edges[n - 1]! - edges[0]! + 2));
        let expected = edges.findIndex((e) => e > value);
        if (expected === -1) expected = n - 1;
        expect(binOf(edges, value), `${value} in ${n} edges`).toBe(expected);
      }
    }
  });
});
