import { type EbmShapes, ebmShapeFunctions, type FeatureCell } from "@carta/ml";
import type { Actor } from "../store/actors.js";
import type { Store } from "../store/openStore.js";
import { getModel, type ModelRecord } from "./models.js";
import { SHAP_METHODS } from "./predict.js";
import { type PredictionKit, predictionKit } from "./predictionKit.js";

/**
 * A model's global explanation (SHAP summary, as `shap.plots.beeswarm` and `shap.dependence_plot`
 * draw it): the SHAP value of every feature for every training row, on the model's margin scale
 * (log-odds, or log relative hazard for a Cox model), with the row's value. Features are ordered by
 * mean |SHAP| (global importance). At most MAX_POINTS rows are returned per feature — every k-th
 * training row, so the same rows for every feature and the plots stay readable; the importance is
 * computed over all rows.
 *
 * Missing values as signal (clinical-reference §D.6 item 3: centre-driven missingness must not
 * dominate the explanations): carta adds no missingness indicators, but trees route a missing value
 * by a learned direction and so can still attribute to it. `missingShare` is the share of all |SHAP|
 * over the training rows carried by cells whose value is missing, and each feature's `missing` says
 * how many of its rows are missing and the share of its own |SHAP| they carry.
 */
export interface GlobalExplanations {
  method: string;
  baseMargin: number;
  rows: number;
  features: {
    feature: string;
    label: string;
    unit: string | null;
    modality: string;
    type: string;
    meanAbsShap: number;
    /** Training rows where the feature is missing, and the share of the feature's |SHAP| they carry. */
    missing: { rows: number; shareOfShap: number };
    points: { value: FeatureCell; shap: number }[];
  }[];
  /** Share of the total |SHAP| over the training rows carried by missing cells (0 when nothing is missing). */
  missingShare: number;
  /** An EBM's shape functions and pair tables (the model itself; ebmShapeFunctions), else null. */
  ebmShapes: EbmShapes | null;
}

const MAX_POINTS = 400;
const computed = new WeakMap<PredictionKit, GlobalExplanations>();

export function globalExplanationsOfKit(kit: PredictionKit): GlobalExplanations {
  const cached = computed.get(kit);
  if (cached) return cached;
  const { model, data } = kit;
  const n = data.rows.length;
  const nFeatures = data.columns.length;
  const byFeature = new Float64Array(n * nFeatures);
  let baseMargin = 0;
  for (let i = 0; i < n; i++) {
    const e = kit.explain(data.rows[i]!);
    baseMargin = e.baseMargin;
    byFeature.set(e.byFeature, i * nFeatures);
  }
  const used = kit.usedFeatures;
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  let total = 0;
  let totalMissing = 0;
  const features = used.map((j) => {
    let sum = 0;
    let missingSum = 0;
    let missingRows = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(byFeature[i * nFeatures + j]!);
      sum += a;
      if (data.rows[i]![j] === null) {
        missingSum += a;
        missingRows++;
      }
    }
    total += sum;
    totalMissing += missingSum;
    const column = kit.table.columns[j]!;
    const points: { value: FeatureCell; shap: number }[] = [];
    for (let i = 0; i < n; i += step)
      points.push({ value: data.rows[i]![j] ?? null, shap: byFeature[i * nFeatures + j]! });
    return {
      feature: column.name,
      label: column.label,
      unit: column.unit,
      modality: column.modality,
      type: column.type,
      meanAbsShap: sum / n,
      missing: { rows: missingRows, shareOfShap: sum > 0 ? missingSum / sum : 0 },
      points,
    };
  });
  features.sort((a, b) => b.meanAbsShap - a.meanAbsShap);
  const result: GlobalExplanations = {
    method: `${SHAP_METHODS[model.kind]}; for every training row, importance = mean |SHAP|`,
    baseMargin,
    rows: n,
    features,
    missingShare: total > 0 ? totalMissing / total : 0,
    ebmShapes: model.kind === "ebm" ? ebmShapeFunctions(model.ebm, kit.training) : null,
  };
  computed.set(kit, result);
  return result;
}

/** The global explanation of a model version from the caller's training rows (the prediction kit's). */
export async function globalExplanations(
  store: Store,
  actor: Actor,
  record: ModelRecord,
): Promise<GlobalExplanations> {
  const kit = await predictionKit(store, actor, record, {
    bootstrapReplicates: 50,
    calibrationFraction: 1 / 3,
    seed: record.spec.validation.seed,
  });
  return globalExplanationsOfKit(kit);
}

/**
 * Builds the prediction kits and global explanations of the newest version of each named model for
 * one caller ahead of the first request (the server does this for its visitors once the demo models
 * are ready), one model at a time with a turn of the event loop between them. A model that cannot
 * be prepared is skipped: the first request will report why.
 */
export async function warmPredictionKits(
  store: Store,
  actor: Actor,
  names: readonly string[],
): Promise<string[]> {
  const warmed: string[] = [];
  for (const name of names) {
    await new Promise((resolve) => setImmediate(resolve));
    const record = await getModel(store, name);
    if (!record) continue;
    try {
      await globalExplanations(store, actor, record);
      warmed.push(name);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  return warmed;
}
