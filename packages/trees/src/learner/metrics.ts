import { concordance } from "@carta/stats";
import { sigmoid } from "./objectives/logistic.js";
import type { EvaluationMetric } from "./options.js";

/**
 * Metrics of the evaluation log, on margins. logloss, auc, rmse and cox-nloglik follow XGBoost's
 * definitions (src/metric/elementwise_metric.cu, auc.cc, survival_metric.cu); cindex is Harrell's C
 * from @carta/stats (R survival's concordance), with a higher margin meaning a higher hazard.
 */

export function metricHigherIsBetter(metric: EvaluationMetric): boolean {
  return metric === "auc" || metric === "cindex";
}

export function evaluateMetric(
  metric: EvaluationMetric,
  margins: Float32Array,
  labels: Float32Array,
  weights: Float32Array | null,
): number {
  switch (metric) {
    case "logloss":
      return logLoss(margins, labels, weights);
    case "auc":
      return areaUnderRocCurve(margins, labels, weights);
    case "rmse":
      return rootMeanSquaredError(margins, labels, weights);
    case "cox-nloglik":
      return coxNegativeLogLikelihood(margins, labels);
    case "cindex":
      return harrellC(margins, labels, weights);
  }
}

/** Weighted mean of −[y log p + (1 − y) log(1 − p)], p clamped to [1e-16, 1 − 1e-16]. */
export function logLoss(margins: Float32Array, labels: Float32Array, weights: Float32Array | null): number {
  const eps = 1e-16;
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < margins.length; i++) {
    const p = sigmoid(margins[i]!);
    const y = labels[i]!;
    const w = weights ? weights[i]! : 1;
    const loss = -(y * Math.log(Math.max(p, eps)) + (1 - y) * Math.log(Math.max(1 - p, eps)));
    sum += w * loss;
    wsum += w;
  }
  return sum / wsum;
}

export function rootMeanSquaredError(
  margins: Float32Array,
  labels: Float32Array,
  weights: Float32Array | null,
): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < margins.length; i++) {
    const d = margins[i]! - labels[i]!;
    const w = weights ? weights[i]! : 1;
    sum += w * d * d;
    wsum += w;
  }
  return Math.sqrt(sum / wsum);
}

/**
 * Area under the ROC curve, weighted, with tied scores counted half (the Mann–Whitney statistic);
 * a label of 1 is positive, 0 negative. NaN when either class is absent.
 */
export function areaUnderRocCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights: ArrayLike<number> | null,
): number {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[a]! - scores[b]!);
  let negativesBelow = 0;
  let area = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i]!]!;
    let pos = 0;
    let neg = 0;
    let j = i;
    for (; j < n && scores[order[j]!] === s; j++) {
      const k = order[j]!;
      const w = weights ? weights[k]! : 1;
      pos += labels[k]! * w;
      neg += (1 - labels[k]!) * w;
    }
    area += pos * (negativesBelow + neg / 2);
    negativesBelow += neg;
    positives += pos;
    i = j;
  }
  return area / (positives * negativesBelow);
}

/**
 * XGBoost's cox-nloglik: the negative Breslow partial log-likelihood per event, risk sets over rows
 * sorted by |label| (unweighted, as XGBoost's EvalCox).
 */
export function coxNegativeLogLikelihood(margins: Float32Array, labels: Float32Array): number {
  const n = margins.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => Math.abs(labels[a]!) - Math.abs(labels[b]!) || a - b);
  let expSum = 0;
  for (let i = 0; i < n; i++) expSum += Math.exp(margins[i]!);
  let out = 0;
  let events = 0;
  let accumulated = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const y = labels[i]!;
    if (y > 0) {
      out -= margins[i]! - Math.log(expSum);
      events++;
    }
    accumulated += Math.exp(margins[i]!);
    if (k === n - 1 || Math.abs(y) < Math.abs(labels[order[k + 1]!]!)) {
      expSum -= accumulated;
      accumulated = 0;
    }
  }
  return out / events;
}

/** Harrell's C of the margins against XGBoost-style signed survival labels (rows of weight 0 left out). */
export function harrellC(margins: Float32Array, labels: Float32Array, weights: Float32Array | null): number {
  const keep: number[] = [];
  for (let i = 0; i < margins.length; i++) if (!weights || weights[i]! > 0) keep.push(i);
  const n = keep.length;
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = keep[k]!;
    time[k] = Math.abs(labels[i]!);
    event[k] = labels[i]! > 0 ? 1 : 0;
    x[k] = margins[i]!;
    w[k] = weights ? weights[i]! : 1;
  }
  return concordance({ time, event, x, weights: w, reverse: true }).concordance;
}
