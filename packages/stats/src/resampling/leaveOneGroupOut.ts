import { levelsOf } from "../survival/levels.js";

/**
 * Leave-one-group-out folds — in a multicenter study leave-one-center-out, the internal–external
 * validation of Steyerberg & Harrell (J Clin Epidemiol 2016;69:245): fold g holds out every row
 * of group g and trains on all other groups. No randomness: the folds follow the groups' level
 * order (numbers numerically, strings in code-point order, as R's factor()).
 */
export interface GroupFolds {
  /** The group held out by each fold, in fold order. */
  labels: string[];
  /** The fold of each row, i.e. its group's index in labels; use with foldSplit. */
  assignment: Uint32Array;
}

export function leaveOneGroupOut(groups: ArrayLike<number | string>): GroupFolds {
  const { codes, labels } = levelsOf(groups, "leaveOneGroupOut: groups");
  if (labels.length < 2) {
    throw new RangeError(`leaveOneGroupOut: needs at least two groups, got ${labels.length}`);
  }
  return { labels, assignment: codes };
}
