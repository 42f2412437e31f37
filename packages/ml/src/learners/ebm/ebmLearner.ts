import { binaryOutcomeOf, type LearningTable } from "../../data.js";
import type { BinaryLearner } from "../learner.js";
import { binColumn, binCount, coarsenBinning, type EbmBinning, learnBinning } from "./binning.js";
import { type BoostingSample, boostingSample, type TrainingSample, trainingSample } from "./boosting.js";
import { type PairCandidate, rankPairs } from "./fast.js";
import { boostMainEffects } from "./mainEffects.js";
import { type EbmModel, type EbmPairTerm, ebmProbability } from "./model.js";
import { boostPairs } from "./pairEffects.js";
import { type EbmParams, type ResolvedEbmParams, resolveEbmParams } from "./params.js";
import { purifyPair } from "./purify.js";
import { type InnerSplit, validationSplit } from "./validationSplit.js";

/**
 * The explainable boosting machine (GA2M: Lou, Caruana, Gehrke & Hooker, KDD 2013; InterpretML's
 * EBM: Nori, Jenkins, Koch & Caruana 2019) as a binary learner with the logistic loss:
 *
 * 1. Bins: numeric features in quantile bins (≤ maxBins), binary and categorical ones one bin per
 *    level, missing values a bin of their own in every feature.
 * 2. Main effects: cyclic boosting of one shallow tree per feature per cycle at a small learning
 *    rate, with early stopping on a stratified inner validation split (boostMainEffects).
 * 3. Pairs: FAST ranks every pair by its best 2 × 2 cut on the main-effect residuals (scored by
 *    what the cut explains beyond the two cuts' additive effects); the top `interactions` pairs
 *    are boosted the same way on coarser bins (≤ maxPairBins) with the mains frozen (rankPairs,
 *    boostPairs).
 * 4. Purification and centring: each pair table's row and column means over the training rows are
 *    moved into the two main effects (purifyPair), then every main effect is centred on the
 *    training rows and its mean moved into the intercept, so the intercept is the mean training
 *    margin and each term's value for a patient is its exact additive contribution.
 *
 * InterpretML averages several outer bags of this procedure; carta fits one, to keep a fit of a
 * few hundred patients within the time the nested validation designs can afford per fold.
 */
export const ebmLearner: BinaryLearner<EbmModel, EbmParams> = {
  name: "ebm",
  fit: fitEbm,
  predictProbability: ebmProbability,
};

export function fitEbm(
  x: LearningTable,
  y: ArrayLike<number>,
  rows: Uint32Array,
  params: EbmParams,
): EbmModel {
  const p = resolveEbmParams(params);
  if (rows.length === 0) throw new RangeError("ebmLearner: no rows to fit");
  const outcome = binaryOutcomeOf("ebmLearner", y, rows);
  let events = 0;
  for (const v of outcome) events += v;
  if (events === 0 || events === rows.length) {
    throw new RangeError(
      `ebmLearner: the ${rows.length} training rows are all ${events === 0 ? "non-events" : "events"}; ` +
        "a classifier needs both outcomes",
    );
  }
  const features = x.columns.length;
  const n = rows.length;
  const binnings = x.columns.map((_, f) => learnBinning(x, f, rows, p.maxBins));
  const binCounts = Int32Array.from(binnings, binCount);
  binCounts.forEach((bins, f) => {
    if (bins > 65_535)
      throw new RangeError(`ebmLearner: column ${x.columns[f]!.name} has too many levels (${bins - 1})`);
  });
  const fitBins = new Uint16Array(features * n);
  binnings.forEach((binning, f) => {
    binColumn(binning, x, f, rows, fitBins.subarray(f * n, (f + 1) * n));
  });
  const fitCounts = binnings.map((_, f) => {
    const counts = new Float64Array(binCounts[f]!);
    for (let i = 0; i < n; i++) counts[fitBins[f * n + i]!]!++;
    return counts;
  });

  const split = validationSplit(rows, outcome, p.validationSize, p.seed);
  const yTrain = gather(outcome, split.train);
  const yValidation = gather(outcome, split.validation);
  let trainEvents = 0;
  for (const v of yTrain) trainEvents += v;
  // The inner training rows always hold both outcomes (the split is stratified); the clamp only
  // guards the logit.
  const rate = Math.min(Math.max(trainEvents / yTrain.length, 0.5 / yTrain.length), 1 - 0.5 / yTrain.length);
  const baseMargin = Math.log(rate / (1 - rate));
  const train = trainingSample(yTrain, baseMargin);
  const validation = boostingSample(yValidation, baseMargin);
  const trainBins = gatherColumns(fitBins, n, features, split.train, Uint16Array);
  const validationBins = gatherColumns(fitBins, n, features, split.validation, Uint16Array);

  const mains = boostMainEffects(
    {
      train,
      validation,
      trainBins,
      validationBins,
      binCounts,
      valueOrder: Uint8Array.from(binnings, (b) => (b.type === "numeric" ? 1 : 0)),
    },
    baseMargin,
    p,
  );
  const pairs = fitPairs({ binnings, fitBins, fitCounts, n, split, train, validation }, p);
  const { intercept, pairTerms } = purifyAndCentre(
    mains.scores,
    pairs.terms,
    fitBins,
    fitCounts,
    n,
    baseMargin,
  );
  const scores = mains.scores;

  return {
    kind: "ebm",
    intercept,
    features: binnings.map((binning, f) => ({
      name: x.columns[f]!.name,
      binning,
      missingScore: scores[f]![0]!,
      scores: scores[f]!.slice(1),
    })),
    pairs: pairTerms,
    training: {
      rows: n,
      boostingRows: split.train.length,
      validationRows: split.validation.length,
      mainCycles: mains.cycles,
      pairCycles: pairs.cycles,
      params: p,
    },
  };
}

interface FittedPair {
  readonly candidate: PairCandidate;
  readonly binnings: readonly [EbmBinning, EbmBinning];
  readonly mapA: Uint16Array;
  readonly mapB: Uint16Array;
  readonly scores: Float64Array;
}

/** FAST selection and boosting of the pair terms on coarse bins; none when interactions is 0. */
/** What the pair stage needs from the main-effect stage. */
interface PairStageInput {
  readonly binnings: readonly EbmBinning[];
  /** Main-effect bins of every fitted row, column-major. */
  readonly fitBins: Uint16Array;
  readonly fitCounts: readonly Float64Array[];
  readonly n: number;
  readonly split: InnerSplit;
  /** At the main-effect model's margins. */
  readonly train: TrainingSample;
  readonly validation: BoostingSample;
}

function fitPairs(
  { binnings, fitBins, fitCounts, n, split, train, validation }: PairStageInput,
  p: ResolvedEbmParams,
): { terms: FittedPair[]; cycles: number } {
  if (p.interactions === 0 || binnings.length < 2) return { terms: [], cycles: 0 };
  const features = binnings.length;
  const coarse = binnings.map((binning, f) => coarsenBinning(binning, fitCounts[f]!, p.maxPairBins));
  const coarseCounts = Int32Array.from(coarse, (c) => (c === null ? 1 : binCount(c.binning)));
  const coarseFit = new Uint8Array(features * n);
  coarse.forEach((c, f) => {
    if (c === null) return;
    for (let i = 0; i < n; i++) coarseFit[f * n + i] = c.fineToCoarse[fitBins[f * n + i]!]!;
  });
  const trainBins = gatherColumns(coarseFit, n, features, split.train, Uint8Array);
  const validationBins = gatherColumns(coarseFit, n, features, split.validation, Uint8Array);
  const nt = split.train.length;
  const eligible: number[] = [];
  for (let f = 0; f < features; f++) {
    if (coarse[f] === null) continue;
    const seen = new Uint8Array(coarseCounts[f]!);
    for (let i = 0; i < nt; i++) seen[trainBins[f * nt + i]!] = 1;
    if (seen.reduce((a, b) => a + b, 0) >= 2) eligible.push(f);
  }
  const ranked = rankPairs(
    { bins: trainBins, n: nt, binCounts: coarseCounts },
    train.gradient,
    train.hessian,
    eligible,
    p.minSamplesLeaf,
  );
  const chosen = ranked.filter((c) => c.strength > 0).slice(0, p.interactions);
  if (chosen.length === 0) return { terms: [], cycles: 0 };
  const boosted = boostPairs(
    { train, validation, trainBins, validationBins, binCounts: coarseCounts },
    chosen,
    p,
  );
  return {
    terms: chosen.map((candidate, k) => ({
      candidate,
      binnings: [coarse[candidate.a]!.binning, coarse[candidate.b]!.binning] as const,
      mapA: coarse[candidate.a]!.fineToCoarse,
      mapB: coarse[candidate.b]!.fineToCoarse,
      scores: boosted.scores[k]!,
    })),
    cycles: boosted.cycles,
  };
}

/**
 * Moves each pair table's row and column means into the mains (purification), then centres every
 * main effect on the fitted rows and gathers all the means into the intercept. The model's margins
 * do not change except in bins no fitted row reached, which are set to 0 (see purifyPair).
 */
function purifyAndCentre(
  scores: Float64Array[],
  pairs: readonly FittedPair[],
  fitBins: Uint16Array,
  fitCounts: readonly Float64Array[],
  n: number,
  baseMargin: number,
): { intercept: number; pairTerms: EbmPairTerm[] } {
  let intercept = baseMargin;
  const pairTerms = pairs.map((term): EbmPairTerm => {
    const { a, b } = term.candidate;
    const height = binCount(term.binnings[0]);
    const width = binCount(term.binnings[1]);
    const weights = new Float64Array(height * width);
    for (let i = 0; i < n; i++) {
      weights[term.mapA[fitBins[a * n + i]!]! * width + term.mapB[fitBins[b * n + i]!]!]!++;
    }
    const mass = purifyPair(term.scores, weights, height, width);
    addMass(scores[a]!, term.mapA, mass.rowMass);
    addMass(scores[b]!, term.mapB, mass.columnMass);
    intercept += mass.mean;
    return {
      features: [a, b],
      binnings: term.binnings,
      scores: term.scores,
      strength: term.candidate.strength,
    };
  });
  scores.forEach((s, f) => {
    const counts = fitCounts[f]!;
    let sum = 0;
    for (let bin = 0; bin < s.length; bin++) sum += counts[bin]! * s[bin]!;
    const mean = sum / n;
    // A bin no fitted row reached (only ever the missing bin) keeps score 0: the average patient.
    for (let bin = 0; bin < s.length; bin++) s[bin] = counts[bin]! > 0 ? s[bin]! - mean : 0;
    intercept += mean;
  });
  return { intercept, pairTerms };
}

/** Adds each coarse bin's purified mass to every main-effect bin inside it. */
function addMass(main: Float64Array, fineToCoarse: Uint16Array, mass: Float64Array): void {
  for (let bin = 0; bin < main.length; bin++) main[bin]! += mass[fineToCoarse[bin]!]!;
}

function gather(values: Float64Array, positions: Uint32Array): Float64Array {
  const out = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = values[positions[i]!]!;
  return out;
}

function gatherColumns<T extends Uint8Array | Uint16Array>(
  source: T,
  n: number,
  features: number,
  positions: Uint32Array,
  kind: { new (length: number): T },
): T {
  const m = positions.length;
  const out = new kind(features * m);
  for (let f = 0; f < features; f++) {
    for (let i = 0; i < m; i++) out[f * m + i] = source[f * n + positions[i]!]!;
  }
  return out;
}
