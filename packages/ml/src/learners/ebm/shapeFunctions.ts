import { everyRow, type FeatureType, type LearningTable } from "../../data.js";
import { binColumn, binCount, type EbmBinning, valueBinCount } from "./binning.js";
import { type EbmModel, mainScore, modelColumns } from "./model.js";

/** One value bin of a shape function, ready to plot as a step (numeric) or a bar (level). */
export interface EbmShapeBin {
  /** Numeric: the bin's midpoint; binary or categorical: the level. */
  readonly x: number | string;
  /** Numeric: the bin's edges; null for a level. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Log-odds contribution. */
  readonly score: number;
  /** Rows of the table given that fall in the bin. */
  readonly count: number;
}

export interface EbmFeatureShape {
  readonly feature: string;
  readonly type: FeatureType;
  readonly bins: readonly EbmShapeBin[];
  readonly missing: { readonly score: number; readonly count: number };
  /** Mean absolute contribution over the rows given (InterpretML's term importance). */
  readonly importance: number;
}

/** One bin along a pair table's axis; index 0 is the missing bin. */
export interface EbmAxisBin {
  readonly missing: boolean;
  readonly x: number | string | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface EbmPairShape {
  readonly features: readonly [string, string];
  /** The first feature's bins: the rows of `scores`, the missing bin first. */
  readonly rows: readonly EbmAxisBin[];
  /** The second feature's bins: the columns of `scores`, the missing bin first. */
  readonly columns: readonly EbmAxisBin[];
  /** Log-odds contribution per cell, scores[row][column]. */
  readonly scores: readonly (readonly number[])[];
  /** Rows of the table given per cell. */
  readonly counts: readonly (readonly number[])[];
  readonly strength: number;
  readonly importance: number;
}

export interface EbmShapes {
  readonly intercept: number;
  readonly features: readonly EbmFeatureShape[];
  readonly pairs: readonly EbmPairShape[];
}

/**
 * The model as pictures: each feature's shape function (score per bin, the missing bin apart) and
 * each pair's 2-D table, with the number of the given rows in every bin and each term's importance
 * on them — pass the training rows to see what the model learned from, or another cohort's rows
 * to see where it is being asked to extrapolate.
 */
export function ebmShapeFunctions(
  model: EbmModel,
  table: LearningTable,
  rows: Uint32Array = everyRow(table.rows.length),
): EbmShapes {
  const columns = modelColumns(model, table);
  const n = rows.length;
  const bins = new Uint16Array(n);
  const other = new Uint16Array(n);
  const features = model.features.map((feature, f): EbmFeatureShape => {
    binColumn(feature.binning, table, columns[f]!, rows, bins);
    const counts = new Float64Array(binCount(feature.binning));
    let absolute = 0;
    for (let i = 0; i < n; i++) {
      counts[bins[i]!]!++;
      absolute += Math.abs(mainScore(feature, bins[i]!));
    }
    const axis = axisBins(feature.binning);
    return {
      feature: feature.name,
      type: feature.binning.type,
      bins: axis.slice(1).map((bin, k) => ({
        x: bin.x!,
        lower: bin.lower,
        upper: bin.upper,
        score: feature.scores[k]!,
        count: counts[k + 1]!,
      })),
      missing: { score: feature.missingScore, count: counts[0]! },
      importance: n > 0 ? absolute / n : 0,
    };
  });
  const pairs = model.pairs.map((pair): EbmPairShape => {
    const [a, b] = pair.features;
    binColumn(pair.binnings[0], table, columns[a]!, rows, bins);
    binColumn(pair.binnings[1], table, columns[b]!, rows, other);
    const height = binCount(pair.binnings[0]);
    const width = binCount(pair.binnings[1]);
    const counts = new Float64Array(height * width);
    let absolute = 0;
    for (let i = 0; i < n; i++) {
      const cell = bins[i]! * width + other[i]!;
      counts[cell]!++;
      absolute += Math.abs(pair.scores[cell]!);
    }
    const grid = (values: ArrayLike<number>) =>
      Array.from({ length: height }, (_, r) =>
        Array.from({ length: width }, (_, c) => values[r * width + c]!),
      );
    return {
      features: [model.features[a]!.name, model.features[b]!.name],
      rows: axisBins(pair.binnings[0]),
      columns: axisBins(pair.binnings[1]),
      scores: grid(pair.scores),
      counts: grid(counts),
      strength: pair.strength,
      importance: n > 0 ? absolute / n : 0,
    };
  });
  return { intercept: model.intercept, features, pairs };
}

function axisBins(binning: EbmBinning): EbmAxisBin[] {
  const out: EbmAxisBin[] = [{ missing: true, x: null, lower: null, upper: null }];
  const k = valueBinCount(binning);
  for (let b = 0; b < k; b++) {
    if (binning.type === "numeric") {
      const lower = binning.edges[b]!;
      const upper = binning.edges[b + 1]!;
      out.push({ missing: false, x: lower + (upper - lower) / 2, lower, upper });
    } else {
      out.push({ missing: false, x: binning.levels[b]!, lower: null, upper: null });
    }
  }
  return out;
}
