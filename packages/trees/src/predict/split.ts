import type { Tree } from "../model/types.js";

/**
 * The child a value goes to at an internal node, by XGBoost's rules: missing (NaN) follows the
 * default direction; numeric splits go left when float32(value) < the float32 threshold;
 * categorical splits send the node's categories right and every other code left.
 */
export function nextNode(tree: Tree, node: number, value: number): number {
  if (Number.isNaN(value)) return tree.defaultLeft[node] === 1 ? tree.left[node]! : tree.right[node]!;
  const categories = tree.categories?.[node];
  if (categories) return categoricalChild(tree, node, categories, value);
  return Math.fround(value) < tree.splitCondition[node]! ? tree.left[node]! : tree.right[node]!;
}

/**
 * XGBoost 1.7 (common::Decision in src/common/categorical.h) sends a code right only when it is in
 * the node's set; every other code goes left, including codes never seen in training, negative
 * codes and codes past the set's bit storage (checked against XGBoost 1.7.4 in the fixtures).
 * Codes are truncated to integers as XGBoost casts its float input.
 */
export function categoricalChild(tree: Tree, node: number, categories: Int32Array, value: number): number {
  const code = Math.fround(value);
  return code >= 0 && containsSorted(categories, Math.trunc(code)) ? tree.right[node]! : tree.left[node]!;
}

function containsSorted(sorted: Int32Array, code: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === code) return true;
    if (v < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
