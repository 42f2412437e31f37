/**
 * Gini's mean difference, the mean of |xᵢ − xⱼ| over all pairs i ≠ j (David, Biometrika
 * 1968;55:573), computed as Hmisc::GiniMd does in O(n log n): with the centred values sorted,
 * g = Σᵢ wᵢ x₍ᵢ₎ with wᵢ = 4(i − (n − 1)/2) / (n(n − 1)), i = 1…n. rms reports it on the linear
 * predictor scale as the g-index of a model's discrimination. NaN for fewer than two values.
 */
export function giniMeanDifference(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[i]! - mean;
  sorted.sort();
  let g = 0;
  for (let i = 0; i < n; i++) g += ((4 * (i + 1 - (n - 1) / 2)) / n / (n - 1)) * sorted[i]!;
  return g;
}
