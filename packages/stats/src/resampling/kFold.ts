import { levelsOf } from "../survival/levels.js";
import { membersByLevel } from "./bootstrap.js";
import { replicateRandom } from "./replicateRandom.js";

/**
 * Fold assignments for (stratified, repeated) k-fold cross-validation (Kohavi, IJCAI 1995, on
 * stratification; Harrell, Regression Modeling Strategies 2nd ed. §5.3.4, on repeating it).
 *
 * Within each stratum the rows are put in random order (Fisher–Yates); the strata are then laid
 * end to end and dealt to folds 0, 1, …, k−1, 0, 1, … in turn. Dealing one sequence round-robin
 * makes every fold's size n/k rounded down or up, and, because each stratum is a contiguous run
 * of that sequence, every fold's count of each stratum m/k rounded down or up — the class (or
 * event) proportions are as equal across folds as whole rows allow. For a binary outcome
 * stratify on the outcome; for survival data on the event indicator.
 *
 * Repeat r of a repeated k-fold uses its own generator derived from (seed, r) (replicateRandom),
 * so any repeat can be regenerated alone.
 */

export interface KFoldOptions {
  /** Number of rows. */
  n: number;
  /** Number of folds, 2 ≤ k ≤ n. */
  k: number;
  seed: number;
  /** Stratum of each row (outcome class, event indicator), to balance across folds. */
  strata?: ArrayLike<number | string>;
}

/** Stream name of k-fold assignments in replicateRandom. */
export const K_FOLD_STREAM = "k-fold";

/** The fold (0…k−1) of each row for repeat `repeat` (default 0) of a k-fold split. */
export function kFoldAssignment(options: KFoldOptions & { repeat?: number }): Uint32Array {
  const { n, k, seed, strata, repeat = 0 } = options;
  const groups = kFoldGroups(n, k, strata);
  return dealFolds(groups, n, k, seed, repeat);
}

/** The fold of each row for repeats 0…repeats−1 of a k-fold split, one array per repeat. */
export function repeatedKFold(options: KFoldOptions & { repeats: number }): Uint32Array[] {
  const { n, k, seed, strata, repeats } = options;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new RangeError(`repeatedKFold: repeats must be a positive integer, got ${repeats}`);
  }
  const groups = kFoldGroups(n, k, strata);
  return Array.from({ length: repeats }, (_, r) => dealFolds(groups, n, k, seed, r));
}

/** Training rows (every fold but `fold`) and test rows (fold `fold`), each ascending. */
export function foldSplit(
  assignment: ArrayLike<number>,
  fold: number,
): { train: Uint32Array; test: Uint32Array } {
  const n = assignment.length;
  let testSize = 0;
  for (let i = 0; i < n; i++) if (assignment[i] === fold) testSize++;
  if (testSize === 0) throw new RangeError(`foldSplit: no row is in fold ${fold}`);
  const train = new Uint32Array(n - testSize);
  const test = new Uint32Array(testSize);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (assignment[i] === fold) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

function kFoldGroups(n: number, k: number, strata: ArrayLike<number | string> | undefined): Uint32Array[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`k-fold: n must be an integer ≥ 2, got ${n}`);
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new RangeError(`k-fold: k must be an integer with 2 ≤ k ≤ n = ${n}, got ${k}`);
  }
  if (!strata) return [Uint32Array.from({ length: n }, (_, i) => i)];
  if (strata.length !== n) throw new RangeError(`k-fold: n is ${n} but strata has ${strata.length} values`);
  return membersByLevel(levelsOf(strata, "k-fold: strata").codes, n);
}

function dealFolds(
  groups: readonly Uint32Array[],
  n: number,
  k: number,
  seed: number,
  repeat: number,
): Uint32Array {
  const rng = replicateRandom(seed, K_FOLD_STREAM, repeat);
  const fold = new Uint32Array(n);
  let position = 0;
  for (const members of groups) {
    const order = members.slice();
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.integer(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const row of order) fold[row] = position++ % k;
  }
  return fold;
}
