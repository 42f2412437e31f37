/**
 * Gradient, hessian and row-count sums over the cells of two features' coarse bins (bin 0 of each
 * is missing, so missing values sit before the smallest values, as in InterpretML), with 2-D prefix
 * sums so that any rectangle of cells sums in constant time.
 */
export class PairHistogram {
  rows = 0;
  columns = 0;
  /** Sums of the last rectangle asked for. */
  g = 0;
  h = 0;
  c = 0;
  private readonly cellG: Float64Array;
  private readonly cellH: Float64Array;
  private readonly cellC: Float64Array;
  /** Sums over rows < r and columns < c at r · (columns + 1) + c. */
  readonly prefixG: Float64Array;
  readonly prefixH: Float64Array;
  readonly prefixC: Float64Array;

  constructor(maxRows: number, maxColumns: number) {
    this.cellG = new Float64Array(maxRows * maxColumns);
    this.cellH = new Float64Array(maxRows * maxColumns);
    this.cellC = new Float64Array(maxRows * maxColumns);
    const prefix = (maxRows + 1) * (maxColumns + 1);
    this.prefixG = new Float64Array(prefix);
    this.prefixH = new Float64Array(prefix);
    this.prefixC = new Float64Array(prefix);
  }

  /** Sums rows i < n of two coarse-bin columns (at offsets offA and offB of `bins`). */
  fill(
    bins: Uint8Array,
    offA: number,
    offB: number,
    n: number,
    rows: number,
    columns: number,
    gradient: Float64Array,
    hessian: Float64Array,
  ): void {
    this.rows = rows;
    this.columns = columns;
    const cells = rows * columns;
    const { cellG, cellH, cellC, prefixG, prefixH, prefixC } = this;
    cellG.fill(0, 0, cells);
    cellH.fill(0, 0, cells);
    cellC.fill(0, 0, cells);
    for (let i = 0; i < n; i++) {
      const cell = bins[offA + i]! * columns + bins[offB + i]!;
      cellG[cell]! += gradient[i]!;
      cellH[cell]! += hessian[i]!;
      cellC[cell]!++;
    }
    const width = columns + 1;
    // The first prefix row and column are zero; an earlier pair of another width may have left
    // values there.
    prefixG.fill(0, 0, width);
    prefixH.fill(0, 0, width);
    prefixC.fill(0, 0, width);
    for (let r = 1; r <= rows; r++) {
      prefixG[r * width] = 0;
      prefixH[r * width] = 0;
      prefixC[r * width] = 0;
    }
    for (let r = 0; r < rows; r++) {
      let rowG = 0;
      let rowH = 0;
      let rowC = 0;
      for (let c = 0; c < columns; c++) {
        const cell = r * columns + c;
        rowG += cellG[cell]!;
        rowH += cellH[cell]!;
        rowC += cellC[cell]!;
        const at = (r + 1) * width + c + 1;
        prefixG[at] = prefixG[at - width]! + rowG;
        prefixH[at] = prefixH[at - width]! + rowH;
        prefixC[at] = prefixC[at - width]! + rowC;
      }
    }
  }

  /** Sums over rows [r0, r1) × columns [c0, c1), left in g, h and c. */
  rect(r0: number, r1: number, c0: number, c1: number): void {
    const width = this.columns + 1;
    const a = r1 * width + c1;
    const b = r0 * width + c1;
    const d = r1 * width + c0;
    const e = r0 * width + c0;
    this.g = this.prefixG[a]! - this.prefixG[b]! - this.prefixG[d]! + this.prefixG[e]!;
    this.h = this.prefixH[a]! - this.prefixH[b]! - this.prefixH[d]! + this.prefixH[e]!;
    this.c = this.prefixC[a]! - this.prefixC[b]! - this.prefixC[d]! + this.prefixC[e]!;
  }

  /**
   * G²/H of the last rectangle, or −∞ when it has fewer than minLeaf rows or no curvature: the
   * Newton gain's term for one leaf.
   */
  leafScore(minLeaf: number): number {
    if (this.c < minLeaf || !(this.h > 1e-12)) return Number.NEGATIVE_INFINITY;
    return (this.g * this.g) / this.h;
  }
}
