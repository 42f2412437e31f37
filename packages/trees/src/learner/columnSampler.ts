import type { SeededRandom } from "@carta/stats";

/**
 * Feature subsampling as XGBoost's ColumnSampler: a set per tree (colsample_bytree), a subset of it
 * per depth (colsample_bylevel), and a subset of that per node (colsample_bynode); each draws
 * max(1, ⌊fraction × size⌋) features without replacement and keeps them in column order. The draws
 * come from carta's seeded generator, so they are reproducible but not XGBoost's.
 */
export class ColumnSampler {
  private readonly all: Int32Array;
  private tree: Int32Array;
  private readonly levels: (Int32Array | null)[] = [];
  private readonly scratch: Int32Array;

  constructor(
    columns: number,
    private readonly byTree: number,
    private readonly byLevel: number,
    private readonly byNode: number,
    private readonly rng: SeededRandom,
  ) {
    this.all = new Int32Array(columns);
    for (let j = 0; j < columns; j++) this.all[j] = j;
    this.tree = this.all;
    this.scratch = new Int32Array(columns);
  }

  /** Draws the next tree's features; call once before growing each tree. */
  startTree(): void {
    this.tree = this.byTree < 1 ? this.sample(this.all, this.byTree) : this.all;
    this.levels.length = 0;
  }

  /** The features of the current tree (its histograms need no others). */
  treeFeatures(): Int32Array {
    return this.tree;
  }

  /** The features a node at this depth may split on. */
  nodeFeatures(depth: number): Int32Array {
    let level = this.tree;
    if (this.byLevel < 1) {
      while (this.levels.length <= depth) this.levels.push(null);
      level = this.levels[depth] ?? (this.levels[depth] = this.sample(this.tree, this.byLevel));
    }
    return this.byNode < 1 ? this.sample(level, this.byNode) : level;
  }

  private sample(from: Int32Array, fraction: number): Int32Array {
    const n = Math.max(1, Math.floor(fraction * from.length));
    const pool = this.scratch.subarray(0, from.length);
    pool.set(from);
    // partial Fisher–Yates: the first n places hold a uniform sample without replacement
    for (let i = 0; i < n; i++) {
      const j = i + this.rng.integer(from.length - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    return pool.slice(0, n).sort();
  }
}
