/**
 * Hyperparameters of the explainable boosting machine. Defaults follow InterpretML's
 * ExplainableBoostingClassifier (Nori et al. 2019) where carta has the same knob — learning rate
 * 0.01, three leaves per tree, two rows per leaf, 15 % of the rows for early stopping — and are
 * smaller where the cohort is: 64 bins per numeric feature (InterpretML 256 or more) and 16 per
 * feature inside a pair (InterpretML 32), because a few hundred patients cannot fill finer bins.
 * All are numbers so that a model spec's grid (`Record<string, number>`) can carry them.
 */
export interface EbmParams {
  /** Most value bins of a numeric feature's main effect (quantile bins); default 64. */
  readonly maxBins?: number;
  /** Most value bins per feature inside a pair term; default 16. */
  readonly maxPairBins?: number;
  /** How many pairs FAST keeps; default 10, 0 fits the main effects only. */
  readonly interactions?: number;
  /** Shrinkage of every tree; default 0.01. */
  readonly learningRate?: number;
  /** Most cycles through the features (and again through the pairs); default 2000. */
  readonly cycles?: number;
  /** Leaves of each main-effect tree; default 3. */
  readonly maxLeaves?: number;
  /** Fewest training rows in a leaf (counting repeats); default 2. */
  readonly minSamplesLeaf?: number;
  /** Share of the distinct training patients held out for early stopping; default 0.15, 0 = none. */
  readonly validationSize?: number;
  /** Cycles without enough improvement of the validation log loss before stopping; default 50. */
  readonly earlyStoppingRounds?: number;
  /** Relative improvement of the validation log loss that counts; default 1e-4. */
  readonly earlyStoppingTolerance?: number;
  /** Seed of the validation split; default 0. */
  readonly seed?: number;
}

export type ResolvedEbmParams = { readonly [K in keyof EbmParams]-?: number };

export const EBM_DEFAULTS: ResolvedEbmParams = {
  maxBins: 64,
  maxPairBins: 16,
  interactions: 10,
  learningRate: 0.01,
  cycles: 2000,
  maxLeaves: 3,
  minSamplesLeaf: 2,
  validationSize: 0.15,
  earlyStoppingRounds: 50,
  earlyStoppingTolerance: 1e-4,
  seed: 0,
};

/**
 * Each parameter's allowed values as [name, lowest, highest, integer] — the shape of the model
 * spec reader's tables. Number.MIN_VALUE as the lowest means "greater than 0".
 */
export const EBM_PARAM_LIMITS: readonly (readonly [keyof EbmParams, number, number, boolean])[] = [
  ["maxBins", 2, 1024, true],
  ["maxPairBins", 2, 64, true],
  ["interactions", 0, 1000, true],
  ["learningRate", Number.MIN_VALUE, 1, false],
  ["cycles", 1, 100_000, true],
  ["maxLeaves", 2, 64, true],
  ["minSamplesLeaf", 1, 100_000, true],
  ["validationSize", 0, 0.5, false],
  ["earlyStoppingRounds", 1, 100_000, true],
  ["earlyStoppingTolerance", 0, 0.5, false],
  ["seed", 0, 2 ** 32 - 1, true],
];

/** The parameters with defaults filled in; a RangeError names the first parameter out of range. */
export function resolveEbmParams(params: EbmParams | undefined): ResolvedEbmParams {
  const given = (params ?? {}) as Readonly<Record<string, unknown>>;
  const known = EBM_PARAM_LIMITS.map(([name]) => name as string);
  for (const key of Object.keys(given)) {
    if (!known.includes(key) && given[key] !== undefined) {
      throw new RangeError(`ebm: unknown parameter ${JSON.stringify(key)} (known: ${known.join(", ")})`);
    }
  }
  const out: Record<string, number> = { ...EBM_DEFAULTS };
  for (const [name, lo, hi, integer] of EBM_PARAM_LIMITS) {
    const value = given[name];
    if (value === undefined) continue;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      value >= lo &&
      value <= hi &&
      (!integer || Number.isInteger(value));
    if (!ok) {
      const low = lo === Number.MIN_VALUE ? "greater than 0" : `at least ${lo}`;
      throw new RangeError(
        `ebm: ${name} must be ${integer ? "an integer" : "a number"} ${low} and at most ${hi}, got ${typeof value === "number" ? String(value) : JSON.stringify(value)}`,
      );
    }
    out[name] = value;
  }
  return out as ResolvedEbmParams;
}
