/**
 * Somers' Dxy rank correlation between a score and a binary outcome, 2(C − ½) with C the area
 * under the ROC curve, computed as Hmisc::somers2 does from mid-ranks (ties in the score count
 * ½): C = (mean rank of the events − (n₁ + 1)/2) / n₀ (Bamber, J Math Psychol 1975;12:387).
 * NaN when the outcome has only events or only non-events.
 */
export function somersDxyBinary(score: ArrayLike<number>, outcome: ArrayLike<number>): number {
  const n = score.length;
  if (outcome.length !== n) {
    throw new RangeError(`somersDxyBinary: score has ${n} values but outcome has ${outcome.length}`);
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let eventRankSum = 0;
  let events = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && score[order[end]!] === score[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      const y = outcome[order[k]!]!;
      if (y !== 0 && y !== 1)
        throw new RangeError(`somersDxyBinary: outcome[${order[k]}] is ${y}; expected 0 or 1`);
      if (y === 1) {
        eventRankSum += midRank;
        events++;
      }
    }
    start = end;
  }
  const c = (eventRankSum / events - (events + 1) / 2) / (n - events);
  return 2 * (c - 0.5);
}
