/**
 * XGBoost's EarlyStopping callback: the best score so far and its round; training stops once the
 * metric has not strictly improved for `patience` consecutive rounds. A NaN score never improves.
 */
export class EarlyStopping {
  bestIteration = -1;
  bestScore = Number.NaN;
  private sinceBest = 0;

  constructor(
    private readonly patience: number | null,
    private readonly higherIsBetter: boolean,
  ) {}

  /** Records the score of a round; true when training should stop. */
  update(iteration: number, score: number): boolean {
    const improved =
      !Number.isNaN(score) &&
      (this.bestIteration < 0 ||
        Number.isNaN(this.bestScore) ||
        (this.higherIsBetter ? score > this.bestScore : score < this.bestScore));
    if (improved) {
      this.bestIteration = iteration;
      this.bestScore = score;
      this.sinceBest = 0;
      return false;
    }
    if (this.bestIteration < 0) this.bestIteration = iteration;
    this.sinceBest++;
    return this.patience !== null && this.sinceBest >= this.patience;
  }
}
