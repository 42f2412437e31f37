import type { FieldReader } from "./fieldReader.js";
import type { Tree } from "./types.js";

/** What each Tree column is called in the file being read, so errors name the file's own fields. */
export interface TreeFieldNames {
  readonly left: string;
  readonly right: string;
  readonly splitFeature: string;
  readonly splitCondition: string;
  readonly leafValue: string;
  readonly cover: string;
  readonly categories: string;
}

/**
 * Checks that a tree read from a file is one prediction and TreeSHAP can walk: every node has no
 * children or two children inside the tree, no node is reached twice (so walks end), internal
 * nodes test an existing feature with a usable threshold or category set, leaves carry a finite
 * value and covers are non-negative. Nodes nobody points to (XGBoost's deleted nodes) are allowed.
 */
export function validateTree(
  tree: Tree,
  nFeatures: number,
  reader: FieldReader,
  field: string,
  names: TreeFieldNames,
): void {
  const n = tree.left.length;
  const at = (column: string, node: number) => `${field}.${column}[${node}]`;
  const parents = new Uint8Array(n);
  for (let node = 0; node < n; node++) {
    const left = tree.left[node]!;
    const right = tree.right[node]!;
    const cover = tree.cover[node]!;
    if (!(cover >= 0)) reader.fail(at(names.cover, node), `expected a non-negative cover, got ${cover}`);
    const categories = tree.categories?.[node] ?? null;
    if (left === -1 && right === -1) {
      const value = tree.leafValue[node]!;
      if (!Number.isFinite(value))
        reader.fail(at(names.leafValue, node), `leaf value ${value} is not finite`);
      if (categories !== null) reader.fail(at(names.categories, node), "a leaf has no category set");
      continue;
    }
    for (const [column, child] of [
      [names.left, left],
      [names.right, right],
    ] as const) {
      if (child < 1 || child >= n || child === node) {
        reader.fail(at(column, node), `child ${child} is not another node of this ${n}-node tree`);
      }
      if (parents[child] === 1) reader.fail(at(column, node), `node ${child} already has a parent`);
      parents[child] = 1;
    }
    const feature = tree.splitFeature[node]!;
    if (feature < 0 || feature >= nFeatures) {
      reader.fail(at(names.splitFeature, node), `feature ${feature} is not one of the model's ${nFeatures}`);
    }
    if (categories !== null) {
      if (categories.length === 0) reader.fail(at(names.categories, node), "empty category set");
      for (let k = 0; k < categories.length; k++) {
        const code = categories[k]!;
        if (code < 0 || (k > 0 && code <= categories[k - 1]!)) {
          reader.fail(
            at(names.categories, node),
            "expected ascending, distinct, non-negative category codes",
          );
        }
      }
    } else if (Number.isNaN(tree.splitCondition[node]!)) {
      reader.fail(at(names.splitCondition, node), "numeric split without a threshold (NaN)");
    }
  }
}
