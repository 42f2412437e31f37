import type { Tree } from "./types.js";

/** Number of splits on the longest root-to-leaf path (0 for a single leaf). */
export function treeDepth(tree: Tree): number {
  const depth = new Int32Array(tree.left.length);
  const stack: number[] = [0];
  let deepest = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const left = tree.left[node]!;
    if (left === -1) {
      if (depth[node]! > deepest) deepest = depth[node]!;
      continue;
    }
    const right = tree.right[node]!;
    depth[left] = depth[right] = depth[node]! + 1;
    stack.push(left, right);
  }
  return deepest;
}

/** The deepest tree's depth, which sizes TreeSHAP's path buffers. */
export function ensembleDepth(trees: readonly Tree[]): number {
  let deepest = 0;
  for (const tree of trees) deepest = Math.max(deepest, treeDepth(tree));
  return deepest;
}
