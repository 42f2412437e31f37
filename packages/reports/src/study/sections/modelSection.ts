import { baselineCumulativeHazardAt } from "@carta/ml";
import {
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, percent, plainValue, plural } from "../../text/format.js";
import type { StudyFacts } from "../studyFacts.js";
import type { StudyReportInput } from "../studyReportInput.js";
import { learnerWording, months } from "../studyWording.js";

function gridTable(input: StudyReportInput, facts: StudyFacts): ReportBlock {
  const grid = input.model.spec.learner.grid as readonly object[] as readonly Record<string, unknown>[];
  const keys: string[] = [];
  for (const entry of grid) for (const k of Object.keys(entry)) if (!keys.includes(k)) keys.push(k);
  const chosen = facts.validation.nestedCv.chosen;
  const rows = grid.map((entry, i) => [
    i === 0 ? "1 (stored version)" : String(i + 1),
    ...keys.map((k) => (k in entry ? plainValue(entry[k]) : "default")),
    `${chosen.filter((c) => c === i).length} of ${chosen.length}`,
  ]);
  return table(["Entry", ...keys.map(right), right("Chosen in outer folds")], rows, "Hyperparameter grid");
}

/** The fitted grid entry as "rounds 50, maxDepth 2". */
function paramsText(params: unknown): string {
  if (params === null || typeof params !== "object") return plainValue(params);
  return Object.entries(params)
    .map(([k, x]) => `${k} ${plainValue(x)}`)
    .join(", ");
}

const CRITERION: Readonly<Record<string, string>> = { logLoss: "log loss", auc: "AUC" };

type StoredBaseline = { time: number[]; cumulativeHazard: number[]; center: number };

/** The Breslow baseline at the horizon: what turns a linear predictor η into the risk 1 − exp(−Λ₀(τ)·exp(η − c)). */
function baselineText(baseline: StoredBaseline, facts: StudyFacts): string {
  const horizon = facts.survival?.horizonMonths ?? Number.NaN;
  const h0 = baselineCumulativeHazardAt(
    {
      time: Float64Array.from(baseline.time),
      cumulativeHazard: Float64Array.from(baseline.cumulativeHazard),
      center: baseline.center,
    },
    horizon,
  );
  return `Breslow baseline cumulative hazard at ${months(horizon)} Λ₀ = ${fixed(h0, 4)} (baseline survival ${fixed(Math.exp(-h0), 4)}) at the centre c = ${fixed(baseline.center, 4)} of the linear predictor, from ${plural(baseline.time.length, "event time")}; a patient's risk by ${months(horizon)} is 1 − exp(−Λ₀·exp(η − c)), η the linear predictor (log relative hazard).`;
}

function fullModel(input: StudyReportInput, facts: StudyFacts): ReportBlock[] {
  const model = input.model.model;
  const where = `The full model is stored in carta's model registry as ${input.model.name} version ${input.model.version} (serialized model JSON with its design encoding; spec sha256 ${input.model.specHash.slice(0, 12)}…), from which "carta predict" and the HTTP API compute every prediction without refitting.`;
  if (model.kind === "elastic-net-logistic") {
    const rows = model.encoding.names
      .map((name, j) => ({ name, b: model.coefficients[j] ?? 0, z: model.standardizedCoefficients[j] ?? 0 }))
      .filter((c) => c.b !== 0)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .map((c) => [facts.labelOf(c.name), c.name, fixed(c.b, 4), fixed(c.z, 3)]);
    const zero = model.encoding.names.length - rows.length;
    return [
      paragraph(
        `${where} Elastic net with λ = ${plainValue(model.lambda)}, α = ${plainValue(model.alpha)}; intercept ${fixed(model.intercept, 4)} on the log-odds scale; ${plural(zero, "coefficient")} shrunk to zero.`,
      ),
      table(
        ["Predictor", "Design column", right("Coefficient (original scale)"), right("Standardised")],
        rows,
        "Non-zero coefficients, largest standardised effect first",
      ),
    ];
  }
  if (model.kind === "boosted-trees") {
    const ensemble = model.ensemble as { trees?: unknown[]; base_margin?: number } | null;
    const trees = Array.isArray(ensemble?.trees) ? ensemble.trees.length : null;
    return [
      paragraph(
        `${where} Boosted ensemble: ${trees === null ? "tree count not recorded" : plural(trees, "tree")}${typeof ensemble?.base_margin === "number" ? `, base margin ${fixed(ensemble.base_margin, 4)}` : ""}, on ${plural(model.encoding.names.length, "design column")}.`,
      ),
    ];
  }
  if (model.kind === "elastic-net-cox") {
    const rows = model.encoding.names
      .map((name, j) => ({ name, b: model.coefficients[j] ?? 0, z: model.standardizedCoefficients[j] ?? 0 }))
      .filter((c) => c.b !== 0)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .map((c) => [facts.labelOf(c.name), c.name, fixed(c.b, 4), fixed(c.z, 3)]);
    const zero = model.encoding.names.length - rows.length;
    return [
      paragraph(
        `${where} Elastic-net Cox model with λ = ${plainValue(model.lambda)}, α = ${plainValue(model.alpha)}; coefficients are log hazard ratios (no intercept: the baseline hazard takes its place); ${plural(zero, "coefficient")} shrunk to zero. ${baselineText(model.baseline, facts)}`,
      ),
      table(
        ["Predictor", "Design column", right("Log HR (original scale)"), right("Log HR per SD")],
        rows,
        "Non-zero coefficients, largest standardised effect first",
      ),
    ];
  }
  if (model.kind === "boosted-trees-cox") {
    const ensemble = model.ensemble as { trees?: unknown[] } | null;
    const trees = Array.isArray(ensemble?.trees) ? ensemble.trees.length : null;
    return [
      paragraph(
        `${where} Boosted Cox ensemble: ${trees === null ? "tree count not recorded" : plural(trees, "tree")} on ${plural(model.encoding.names.length, "design column")}, whose summed margin is the log relative hazard. ${baselineText(model.baseline, facts)}`,
      ),
    ];
  }
  if (model.kind === "ebm") {
    const ebm = model.ebm as { intercept?: number; features?: unknown[]; pairs?: unknown[] } | null;
    const count = (terms: unknown[] | undefined, what: string) =>
      Array.isArray(terms) ? plural(terms.length, what) : `${what}s not recorded`;
    return [
      paragraph(
        `${where} Additive model (carta.ebm-model): ${count(ebm?.features, "shape function")} and ${count(ebm?.pairs, "pair term")}${typeof ebm?.intercept === "number" ? `, intercept ${fixed(ebm.intercept, 4)}` : ""}; each term's value for a patient is its exact contribution to the log-odds.`,
      ),
    ];
  }
  return [paragraph(where)];
}

export function modelSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const spec = input.model.spec;
  const v = facts.validation;
  const prevalence = facts.n > 0 ? facts.events / facts.n : Number.NaN;
  const modal = facts.modalChoice;
  const criterion = CRITERION[v.nestedCv.criterion];
  const best = criterion ? `best mean inner-fold ${criterion}` : `best ${v.nestedCv.criterion}`;
  const imbalance = facts.survival
    ? `Class imbalance and censoring: no resampling or reweighting. The Cox model is fitted to the observed times and events, censored patients contributing their follow-up until censoring, so the risk by ${months(facts.survival.horizonMonths)} stays calibrated to the cohort's event rate; imbalance corrections distort calibration (van den Goorbergh et al., JAMIA 2022;29:1525).`
    : `Class imbalance: no resampling or reweighting. The model is fitted on the observed event rate (${percent(prevalence, 1)}), so its probabilities stay calibrated to it; imbalance corrections distort calibration (van den Goorbergh et al., JAMIA 2022;29:1525).`;
  return {
    id: "model",
    heading: "Model",
    tripod: ["12a", "12b", "12c", "13", "22"],
    blocks: [
      paragraph(
        `Learner: ${learnerWording(spec.learner.kind).long}. Categorical predictors enter as indicator columns of their dictionary codes.`,
      ),
      gridTable(input, facts),
      paragraph(
        `Tuning by nested cross-validation (${v.nestedCv.outerFolds} outer × ${v.nestedCv.innerFolds} inner folds, seed ${spec.validation.seed}): in each outer fold the grid entry with the ${best} is refitted on the outer training rows and predicts the held-out fold, so no held-out row informs its own tuning.${modal ? ` Entry ${modal.index + 1} was chosen in ${modal.folds} of ${v.nestedCv.chosen.length} outer folds.` : ""} The stored model version is fitted on all ${facts.n} rows with the first grid entry (${paramsText(input.model.metrics.params)}).`,
      ),
      paragraph(
        `Internal validation: the nested cross-validation's out-of-fold predictions; bootstrap optimism correction with the first grid entry (${v.optimism.replicates} replicates, ${v.optimism.fitted} fitted; Harrell et al., Stat Med 1996;15:361)${v.loco ? "; leave-one-centre-out (each centre held out in turn, random-effects pooling)" : ""}.`,
      ),
      paragraph(imbalance),
      ...fullModel(input, facts),
    ],
  };
}
