/**
 * State shared by the main-effect and pair stages: each side of the inner split keeps its outcome
 * and current margin; the training side also keeps the logistic loss's gradient and hessian.
 */
export interface BoostingSample {
  readonly n: number;
  readonly y: Float64Array;
  readonly margin: Float64Array;
}

export interface TrainingSample extends BoostingSample {
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
  /**
   * exp(−margin), carried along so that a tree's update multiplies it by exp(−leaf value) — one
   * exponential per leaf instead of one per row; refreshGradients recomputes it from the margins.
   */
  readonly expNegMargin: Float64Array;
}

export function boostingSample(y: Float64Array, baseMargin: number): BoostingSample {
  return { n: y.length, y, margin: new Float64Array(y.length).fill(baseMargin) };
}

export function trainingSample(y: Float64Array, baseMargin: number): TrainingSample {
  const sample = {
    ...boostingSample(y, baseMargin),
    gradient: new Float64Array(y.length),
    hessian: new Float64Array(y.length),
    expNegMargin: new Float64Array(y.length),
  };
  refreshGradients(sample);
  return sample;
}

/** exp(−margin), gradient p − y and hessian p(1 − p) of the log loss at every row's margin. */
export function refreshGradients(sample: TrainingSample): void {
  const { n, y, margin, gradient, hessian, expNegMargin } = sample;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(-margin[i]!);
    expNegMargin[i] = e;
    const p = 1 / (1 + e);
    gradient[i] = p - y[i]!;
    hessian[i] = p * (1 - p);
  }
}

/** Mean log loss, computed as softplus(m) − y·m so that no probability is rounded to 0 or 1. */
export function meanLogLoss(sample: BoostingSample): number {
  const { n, y, margin } = sample;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = margin[i]!;
    const softplus = m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    total += softplus - y[i]! * m;
  }
  return total / n;
}

/**
 * Early stopping on the validation log loss. The model kept is the one at the lowest loss seen;
 * boosting stops once `patience` cycles have passed without the loss falling by at least
 * `tolerance` (relative) below the last loss that did — measured against that loss rather than the
 * previous cycle, so that a slow but steady descent at a small learning rate is not cut short.
 */
export class CycleStopper {
  bestLoss = Number.POSITIVE_INFINITY;
  bestCycle = 0;
  private reference = Number.POSITIVE_INFINITY;
  private since = 0;

  constructor(
    private readonly patience: number,
    private readonly tolerance: number,
  ) {}

  /** Records a cycle's loss; true when it is the lowest so far (the caller keeps a snapshot). */
  record(cycle: number, loss: number): boolean {
    if (this.reference === Number.POSITIVE_INFINITY || loss < this.reference * (1 - this.tolerance)) {
      this.reference = loss;
      this.since = 0;
    } else {
      this.since++;
    }
    if (loss < this.bestLoss) {
      this.bestLoss = loss;
      this.bestCycle = cycle;
      return true;
    }
    return false;
  }

  get stop(): boolean {
    return this.since >= this.patience;
  }
}
