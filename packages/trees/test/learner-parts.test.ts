import { SeededRandom } from "@carta/stats";
import { describe, expect, it } from "vitest";
import { binOf, computeFeatureBinning, toColumns } from "../src/learner/binning.js";
import { EarlyStopping } from "../src/learner/earlyStopping.js";
import { areaUnderRocCurve, coxNegativeLogLikelihood } from "../src/learner/metrics.js";
import { coxObjective } from "../src/learner/objectives/cox.js";
import { logisticObjective } from "../src/learner/objectives/logistic.js";
import { Float32RadixSorter } from "../src/learner/radixSort.js";
import { pairwiseAuc } from "./learner-fixtures.js";

describe("Cox objective", () => {
  it("is the gradient and hessian diagonal of Breslow's partial likelihood when times are distinct", () => {
    const rng = new SeededRandom(8);
    const n = 40;
    const labels = new Float32Array(n);
    const margins = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = (i + 1) * 0.5 * (rng.bernoulli(0.3) ? -1 : 1);
      margins[i] = rng.normal() * 0.7;
    }
    // shuffle the rows so that the objective has to sort them
    for (let i = n - 1; i > 0; i--) {
      const j = rng.integer(i + 1);
      [labels[i], labels[j]] = [labels[j]!, labels[i]!];
      [margins[i], margins[j]] = [margins[j]!, margins[i]!];
    }
    const grad = new Float32Array(n);
    const hess = new Float32Array(n);
    coxObjective(labels, null).gradients(margins, grad, hess);
    for (let i = 0; i < n; i++) {
      // d/dη_i of −Σ_k [η_k − log Σ_{j: t_j ≥ t_k} e^{η_j}] over events k
      let g = labels[i]! > 0 ? -1 : 0;
      let h = 0;
      for (let k = 0; k < n; k++) {
        if (labels[k]! <= 0 || Math.abs(labels[i]!) < Math.abs(labels[k]!)) continue;
        let risk = 0;
        for (let j = 0; j < n; j++)
          if (Math.abs(labels[j]!) >= Math.abs(labels[k]!)) risk += Math.exp(margins[j]!);
        const share = Math.exp(margins[i]!) / risk;
        g += share;
        h += share - share * share;
      }
      expect(grad[i]).toBeCloseTo(g, 6);
      expect(hess[i]).toBeCloseTo(h, 6);
    }
  });

  it("shares a tied time's risk set; an event counts for its own row and those after it (XGBoost)", () => {
    // rows 0 and 1 both at time 2, row 0 censored, row 1 an event; row 2 later
    const labels = Float32Array.of(-2, 2, 5);
    const margins = Float32Array.of(0, 0, 0);
    const grad = new Float32Array(3);
    const hess = new Float32Array(3);
    coxObjective(labels, Float32Array.of(1, 2, 1)).gradients(margins, grad, hess);
    // the risk set at time 2 holds all three rows (S = 3); row 0 is visited before the event
    expect(grad[0]).toBe(0);
    expect(hess[0]).toBe(0);
    expect(grad[1]).toBeCloseTo(2 * (1 / 3 - 1), 6);
    expect(hess[1]).toBeCloseTo(2 * (1 / 3 - 1 / 9), 6);
    // row 2 also has its own event at time 5, whose risk set is row 2 alone (S = 1)
    expect(grad[2]).toBeCloseTo(1 / 3 + 1 - 1, 6);
    expect(hess[2]).toBeCloseTo(1 / 3 + 1 - (1 / 9 + 1), 6);
  });
});

describe("logistic objective", () => {
  it("gives p − y and p(1 − p), weighted", () => {
    const grad = new Float32Array(2);
    const hess = new Float32Array(2);
    logisticObjective(Float32Array.of(1, 0), Float32Array.of(2, 1)).gradients(
      Float32Array.of(0, 1),
      grad,
      hess,
    );
    const p = 1 / (1 + Math.exp(-1));
    expect(grad[0]).toBeCloseTo(-1, 6);
    expect(hess[0]).toBeCloseTo(0.5, 6);
    expect(grad[1]).toBeCloseTo(p, 6);
    expect(hess[1]).toBeCloseTo(p * (1 - p), 6);
  });
});

describe("metrics", () => {
  it("AUC is the pairwise concordance with ties counted half", () => {
    const rng = new SeededRandom(2);
    const scores = Float32Array.from({ length: 300 }, () => Math.round(rng.normal() * 4) / 4);
    const labels = Float32Array.from(scores, (s) => (rng.bernoulli(1 / (1 + Math.exp(-s))) ? 1 : 0));
    expect(areaUnderRocCurve(scores, labels, null)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
    // integer weights are repeated rows
    const weights = Float32Array.from(scores, (_, i) => 1 + (i % 3));
    const repeated = Array.from(scores).flatMap((s, i) => Array(weights[i]).fill(s) as number[]);
    const repeatedLabels = Array.from(labels).flatMap((y, i) => Array(weights[i]).fill(y) as number[]);
    expect(areaUnderRocCurve(scores, labels, weights)).toBeCloseTo(pairwiseAuc(repeated, repeatedLabels), 12);
  });

  it("cox-nloglik is the Breslow negative log partial likelihood per event", () => {
    const labels = Float32Array.of(3, -1, 2, 2, -4, 5);
    const margins = Float32Array.of(0.2, -0.1, 0.4, 0, 0.3, -0.5);
    let loss = 0;
    let events = 0;
    for (let k = 0; k < labels.length; k++) {
      if (labels[k]! <= 0) continue;
      let risk = 0;
      for (let j = 0; j < labels.length; j++)
        if (Math.abs(labels[j]!) >= labels[k]!) risk += Math.exp(margins[j]!);
      loss -= margins[k]! - Math.log(risk);
      events++;
    }
    expect(coxNegativeLogLikelihood(margins, labels)).toBeCloseTo(loss / events, 12);
  });
});

describe("early stopping", () => {
  it("stops after `patience` rounds without a strict improvement", () => {
    const stop = new EarlyStopping(2, false);
    const scores = [0.5, 0.4, 0.4, 0.45, 0.3];
    const stopped = scores.map((s, i) => stop.update(i, s));
    expect(stopped).toEqual([false, false, false, true, false]);
    expect(stop.bestIteration).toBe(4);
    const max = new EarlyStopping(null, true);
    for (const [i, s] of [0.6, Number.NaN, 0.7, 0.65].entries()) expect(max.update(i, s)).toBe(false);
    expect(max.bestIteration).toBe(2);
    expect(max.bestScore).toBe(0.7);
  });
});

describe("binning", () => {
  it("gives each value its own bin when there are at most max_bin of them", () => {
    const x = Float32Array.of(3, 1, Number.NaN, 2, 2, 1, 5);
    const { edges, minValues } = computeFeatureBinning(x, x.length, 1, 256, null);
    expect(Array.from(edges[0]!)).toEqual([2, 3, 5, Math.fround(5 + Math.fround(5 + Math.fround(1e-5)))]);
    expect(minValues[0]).toBe(Math.fround(-Math.fround(1e-5)));
    expect([1, 2, 3, 5].map((v) => binOf(edges[0]!, v))).toEqual([0, 1, 2, 3]);
  });

  it("places max_bin quantile edges, each bin below its edge, every value below the last", () => {
    const rng = new SeededRandom(4);
    const n = 5000;
    const x = Float32Array.from({ length: n * 2 }, (_, k) =>
      k % 2 === 0 ? rng.normal() : Math.floor(rng.uniform() * 40),
    );
    const { edges } = computeFeatureBinning(toColumns(x, n, 2), n, 2, 16, null);
    expect(edges[0]!.length).toBe(16);
    expect(edges[1]!.length).toBe(16);
    for (const e of edges) for (let b = 1; b < e.length; b++) expect(e[b]!).toBeGreaterThan(e[b - 1]!);
    const counts = new Array(16).fill(0);
    for (let i = 0; i < n; i++) {
      const v = x[2 * i]!;
      const b = binOf(edges[0]!, v);
      expect(v).toBeLessThan(edges[0]![b]!);
      if (b > 0) expect(v).toBeGreaterThanOrEqual(edges[0]![b - 1]!);
      counts[b]++;
    }
    // quantile bins of a continuous feature hold about n / max_bin rows each
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThan(n / 64);
  });

  it("radix-sorts float32 values, carrying their weights", () => {
    const values = Float32Array.of(3.5, -0, -2, 0, 1e-30, -1e30, 7, -2, 0.25);
    values[1] = 0; // callers turn −0 into 0
    const payload = Float32Array.from(values, (v) => v * 10);
    new Float32RadixSorter(16).sort(values, values.length, payload);
    expect(Array.from(values)).toEqual([-1e30, -2, -2, 0, 0, 1e-30, 0.25, 3.5, 7].map(Math.fround));
    expect(Array.from(payload)).toEqual(Array.from(values, (v) => Math.fround(v * 10)));
  });
});
