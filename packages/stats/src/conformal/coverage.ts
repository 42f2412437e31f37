import type { BinaryPredictionSet } from "./binarySplitConformal.js";

/**
 * How conformal prediction sets did on patients whose outcomes are known: the share of sets that
 * contain the outcome (marginal, and within each outcome class — what Mondrian calibration
 * targets), and how informative the sets were (mean size; shares of empty, single-label and
 * two-label sets). With exchangeable data the expected coverage is at least 1 − α; in one test
 * sample it scatters around that by binomial noise.
 */

export interface EmpiricalCoverageOptions {
  sets: readonly BinaryPredictionSet[];
  /** Observed outcomes, 0 or 1, one per set. */
  outcome: ArrayLike<number>;
}

export interface EmpiricalCoverage {
  n: number;
  /** Share of sets containing the observed outcome. */
  coverage: number;
  /** Patients with outcome 0 and 1, and the coverage among each (null when there are none). */
  nByLabel: [number, number];
  coverageByLabel: [number | null, number | null];
  /** Mean number of labels per set (0 to 2). */
  meanSetSize: number;
  /** Shares of ∅, single-label and {0, 1} sets. */
  emptyShare: number;
  singletonShare: number;
  bothShare: number;
}

export function empiricalCoverage(options: EmpiricalCoverageOptions): EmpiricalCoverage {
  const caller = "empiricalCoverage";
  const { sets, outcome } = options;
  const n = sets.length;
  if (n === 0) throw new RangeError(`${caller}: no prediction sets`);
  if (outcome.length !== n) {
    throw new RangeError(`${caller}: sets has ${n} entries but outcome has ${outcome.length}`);
  }
  const count = [0, 0];
  const covered = [0, 0];
  let sizeSum = 0;
  let empty = 0;
  let both = 0;
  for (let i = 0; i < n; i++) {
    const y = outcome[i]!;
    if (y !== 0 && y !== 1) throw new RangeError(`${caller}: outcome[${i}] is ${y}; expected 0 or 1`);
    const set = sets[i]!;
    const size = set.length;
    if (size > 2 || set.some((label) => label !== 0 && label !== 1) || (size === 2 && set[0] === set[1])) {
      throw new RangeError(`${caller}: sets[${i}] is [${set.join(", ")}]; expected a subset of {0, 1}`);
    }
    count[y]!++;
    if (set.includes(y)) covered[y]!++;
    sizeSum += size;
    if (size === 0) empty++;
    else if (size === 2) both++;
  }
  return {
    n,
    coverage: (covered[0]! + covered[1]!) / n,
    nByLabel: [count[0]!, count[1]!],
    coverageByLabel: [
      count[0]! > 0 ? covered[0]! / count[0]! : null,
      count[1]! > 0 ? covered[1]! / count[1]! : null,
    ],
    meanSetSize: sizeSum / n,
    emptyShare: empty / n,
    singletonShare: (n - empty - both) / n,
    bothShare: both / n,
  };
}
