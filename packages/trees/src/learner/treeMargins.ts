import type { Tree } from "../model/types.js";

/**
 * Adds one tree's leaf values to the margins of rows given as raw float32 features (row-major),
 * walking the model's own split convention: left when x < splitCondition, missing values by the
 * default direction. The learner scores its validation rows this way, so the evaluation log and
 * early stopping see exactly what the saved model predicts.
 */
export function addTreeMargins(tree: Tree, x: Float32Array, columns: number, margins: Float32Array): void {
  const { left, right, splitFeature, splitCondition, defaultLeft, leafValue } = tree;
  const rows = margins.length;
  for (let i = 0; i < rows; i++) {
    const base = i * columns;
    let node = 0;
    while (left[node]! !== -1) {
      const v = x[base + splitFeature[node]!]!;
      const goesLeft = Number.isNaN(v) ? defaultLeft[node] === 1 : v < splitCondition[node]!;
      node = goesLeft ? left[node]! : right[node]!;
    }
    margins[i]! += leafValue[node]!;
  }
}
