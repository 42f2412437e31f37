import { baselineCumulativeHazardAt } from "@carta/ml";
import {
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, percent, plainValue, plural } from "../../text/format.js";
import { CAUSE_SPECIFIC_SOURCES, type CauseWording, causeWording } from "../competingWording.js";
import type { CompetingFacts, StudyFacts } from "../studyFacts.js";
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

/** A cause's Breslow baseline at the horizon; no survival or risk from it alone, since the incidence needs both causes. */
function causeBaselineText(baseline: StoredBaseline, cause: CauseWording, facts: StudyFacts): string {
  const horizon = facts.survival?.horizonMonths ?? Number.NaN;
  const h0 = baselineCumulativeHazardAt(
    {
      time: Float64Array.from(baseline.time),
      cumulativeHazard: Float64Array.from(baseline.cumulativeHazard),
      center: baseline.center,
    },
    horizon,
  );
  return `Breslow baseline cumulative hazard of ${cause.short} at ${months(horizon)} H0_${cause.short} = ${fixed(h0, 4)} at the centre c_${cause.short} = ${fixed(baseline.center, 4)} of its linear predictor, from ${plural(baseline.time.length, "event time")}.`;
}

type CauseModel = Extract<
  StudyReportInput["model"]["model"],
  { kind: "cause-specific-cox" }
>["models"][number];

/** One cause's Cox model: its coefficients (elastic net) or its ensemble (trees), and its baseline. */
function causeModelBlocks(model: CauseModel, cause: CauseWording, facts: StudyFacts): ReportBlock[] {
  if (model.kind === "elastic-net-cox") {
    const rows = coxCoefficientRows(model, facts);
    const zero = model.encoding.names.length - rows.length;
    return [
      paragraph(
        `Cause-specific Cox model of ${cause.event}: elastic net with λ = ${plainValue(model.lambda)}, α = ${plainValue(model.alpha)}; coefficients are log hazard ratios of ${cause.short} (its events as events, everything else as censoring); ${plural(zero, "coefficient")} shrunk to zero. ${causeBaselineText(model.baseline, cause, facts)}`,
      ),
      table(
        ["Predictor", "Design column", right("Log HR (original scale)"), right("Log HR per SD")],
        rows,
        `Cause-specific model of ${cause.short}: non-zero coefficients, largest standardised effect first`,
      ),
    ];
  }
  if (model.kind === "imputed-elastic-net-cox") {
    return [
      paragraph(
        `Cause-specific Cox model of ${cause.event}: elastic net on multiply imputed data (carta.imputed-elastic-net-model, the chained-equations imputer and the m fits stored); its margin is the mean of the m fits' log hazards of ${cause.short}, with one Breslow baseline at that pooled linear predictor.`,
      ),
    ];
  }
  const ensemble = model.ensemble as { trees?: unknown[] } | null;
  const trees = Array.isArray(ensemble?.trees) ? ensemble.trees.length : null;
  return [
    paragraph(
      `Cause-specific Cox ensemble of ${cause.event}: ${trees === null ? "tree count not recorded" : plural(trees, "tree")} on ${plural(model.encoding.names.length, "design column")}, whose summed margin is the log relative hazard of ${cause.short}. ${causeBaselineText(model.baseline, cause, facts)}`,
    ),
  ];
}

function coxCoefficientRows(
  model: {
    encoding: { names: readonly string[] };
    coefficients: number[];
    standardizedCoefficients: number[];
  },
  facts: StudyFacts,
): string[][] {
  return model.encoding.names
    .map((name, j) => ({ name, b: model.coefficients[j] ?? 0, z: model.standardizedCoefficients[j] ?? 0 }))
    .filter((c) => c.b !== 0)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .map((c) => [facts.labelOf(c.name), c.name, fixed(c.b, 4), fixed(c.z, 3)]);
}

/**
 * The stored cause-specific model (Benichou & Gail 1990; riskRegression::CSC, Ozenne et al. 2017):
 * both causes' Cox models, the spec's cause first, and how they combine into its cumulative incidence.
 */
function causeSpecificBlocks(
  model: Extract<StudyReportInput["model"]["model"], { kind: "cause-specific-cox" }>,
  where: string,
  facts: StudyFacts,
): ReportBlock[] {
  const own = causeWording(model.cause === 1 ? "relapse" : "nrm");
  const other = causeWording(own.id === "relapse" ? "nrm" : "relapse");
  const horizon = months(facts.survival?.horizonMonths ?? Number.NaN);
  return [
    paragraph(
      `${where} Cause-specific proportional hazards (${CAUSE_SPECIFIC_SOURCES}): the learner is fitted once per cause on the same rows, each cause's events as events and everything else (the other cause and censoring) as censoring, each with its own Breslow baseline. The cumulative incidence of ${own.short} by τ = ${horizon} is F(τ | x), the sum over the event times t ≤ τ of exp(−H_${own.short}(t− | x) − H_${other.short}(t− | x))·dH_${own.short}(t | x), where H_k(t | x) = H0_k(t)·exp(lp_k − c_k) is cause k's cumulative hazard from its Breslow baseline H0_k and linear predictor lp_k: the hazard of ${own.short} at each time, times the probability of being free of both events just before it. The absolute risk therefore depends on both models: a predictor that raises the hazard of ${other.short} lowers the incidence of ${own.short}, even with no effect on the hazard of ${own.short} itself.`,
    ),
    ...causeModelBlocks(model.models[own.modelIndex], own, facts),
    ...causeModelBlocks(model.models[other.modelIndex], other, facts),
  ];
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
  if (model.kind === "cause-specific-cox") return causeSpecificBlocks(model, where, facts);
  if (model.kind === "elastic-net-cox") {
    const rows = coxCoefficientRows(model, facts);
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

function competingImbalance(competing: CompetingFacts): string {
  const cause = competing.cause;
  return `Class imbalance, censoring and the competing event: no resampling or reweighting. Each cause-specific Cox model is fitted to the observed times, a censored patient contributing follow-up until censoring and a patient with the other cause's event until that event; the incidence of ${cause.short} then combines both models, so it stays calibrated to the cohort's cumulative incidence with ${cause.competing} competing, not to a risk that treats the competing event as censoring; imbalance corrections distort calibration (van den Goorbergh et al., JAMIA 2022;29:1525).`;
}

export function modelSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const spec = input.model.spec;
  const v = facts.validation;
  const prevalence = facts.n > 0 ? facts.events / facts.n : Number.NaN;
  const modal = facts.modalChoice;
  const criterion = CRITERION[v.nestedCv.criterion];
  const best = criterion ? `best mean inner-fold ${criterion}` : `best ${v.nestedCv.criterion}`;
  const competing = facts.survival?.competing ?? null;
  const imbalance = competing
    ? competingImbalance(competing)
    : facts.survival
      ? `Class imbalance and censoring: no resampling or reweighting. The Cox model is fitted to the observed times and events, censored patients contributing their follow-up until censoring, so the risk by ${months(facts.survival.horizonMonths)} stays calibrated to the cohort's event rate; imbalance corrections distort calibration (van den Goorbergh et al., JAMIA 2022;29:1525).`
      : `Class imbalance: no resampling or reweighting. The model is fitted on the observed event rate (${percent(prevalence, 1)}), so its probabilities stay calibrated to it; imbalance corrections distort calibration (van den Goorbergh et al., JAMIA 2022;29:1525).`;
  return {
    id: "model",
    heading: "Model",
    tripod: ["12a", "12b", "12c", "13", "22"],
    blocks: [
      paragraph(
        `Learner: ${learnerWording(spec.learner.kind).long}${competing ? `, fitted once per cause: cause-specific models of ${competing.cause.event} and of ${competing.cause.competing}, combined into the cumulative incidence (see below)` : ""}. Categorical predictors enter as indicator columns of their dictionary codes.`,
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
