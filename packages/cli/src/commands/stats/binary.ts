import {
  auc,
  brierScore,
  calibration,
  calibrationCurve,
  compareAucDelong,
  decisionCurve,
  logisticRegression,
  logLoss,
  thresholdSequence,
} from "@carta/stats";
import { type Command, InvalidArgumentError } from "commander";
import { type Column, typedColumn } from "../../table/columns.js";
import type { CsvTable } from "../../table/csvTable.js";
import {
  binaryLabelVector,
  completeCases,
  designMatrix,
  type ModelFrame,
  numberVector,
  probabilityVector,
} from "../../table/modelFrame.js";
import { covariateColumns } from "./covariates.js";
import { type DataOptions, dataCommand, type StatsAction } from "./run.js";
import { dropped, fmt, type JsonObject, list, num, nums, rowsOf, textTable } from "./shared.js";

/**
 * `carta stats auc | brier | logloss | calibration | dca | logistic`: how well predicted probabilities
 * of a binary outcome (`--label` 0/1, `--score` a probability) discriminate and calibrate — AUC with
 * DeLong's interval as pROC, Brier score, log loss, logistic recalibration as glm, net benefit as a
 * decision curve — and plain logistic regression with Wald intervals as glm.
 */

interface BinaryOptions extends DataOptions {
  label: string;
  score: string;
}

interface AucOptions extends BinaryOptions {
  compare?: string;
}

interface LogLossOptions extends BinaryOptions {
  clamp?: number;
}

interface CalibrationOptions extends BinaryOptions {
  curve?: boolean;
}

interface DcaOptions extends BinaryOptions {
  thresholds: number[];
}

interface LogisticOptions extends DataOptions {
  outcome: string;
  covariates: string[];
  categorical?: string[];
}

function binaryFrame(table: CsvTable, opts: BinaryOptions, extra: Column[] = []) {
  const labelColumn = typedColumn(table, opts.label, "--label");
  const scoreColumn = typedColumn(table, opts.score, "--score");
  const frame = completeCases(table, [labelColumn, scoreColumn, ...extra]);
  return { frame, outcome: binaryLabelVector(frame, labelColumn), scoreColumn };
}

function counts(frame: ModelFrame, outcome: Uint8Array): JsonObject {
  const events = outcome.reduce((a, b) => a + b, 0);
  return { n: outcome.length, n_event: events, n_dropped: frame.nDropped };
}

export function aucResult(table: CsvTable, opts: AucOptions): JsonObject {
  const compareColumn = opts.compare ? typedColumn(table, opts.compare, "--compare") : null;
  const { frame, outcome, scoreColumn } = binaryFrame(table, opts, compareColumn ? [compareColumn] : []);
  const predicted = numberVector(frame, scoreColumn, "expected a score (higher = event more likely)");
  const a = auc({ predicted, outcome });
  const result: JsonObject = {
    method: "delong",
    data: table.file,
    ...counts(frame, outcome),
    auc: num(a.auc),
    std_err: num(a.stdErr),
    lower: num(a.lower),
    upper: num(a.upper),
    conf_level: a.confLevel,
  };
  if (compareColumn) {
    const other = numberVector(frame, compareColumn, "expected a score (higher = event more likely)");
    const t = compareAucDelong({ predicted1: predicted, predicted2: other, outcome });
    result.compare = {
      score: opts.compare!,
      auc: num(t.auc2),
      difference: num(t.difference),
      z: num(t.z),
      p: num(t.p),
      lower: num(t.lower),
      upper: num(t.upper),
    };
  }
  return result;
}

export function brierResult(table: CsvTable, opts: BinaryOptions): JsonObject {
  const { frame, outcome, scoreColumn } = binaryFrame(table, opts);
  const b = brierScore({ predicted: probabilityVector(frame, scoreColumn), outcome });
  return { data: table.file, ...counts(frame, outcome), brier: num(b.brier), brier_null: num(b.brierNull) };
}

export function logLossResult(table: CsvTable, opts: LogLossOptions): JsonObject {
  const { frame, outcome, scoreColumn } = binaryFrame(table, opts);
  const l = logLoss({ predicted: probabilityVector(frame, scoreColumn), outcome, clamp: opts.clamp });
  return {
    data: table.file,
    ...counts(frame, outcome),
    log_loss: num(l.logLoss),
    clamp: l.clamp,
    n_clamped: l.nClamped,
  };
}

export function calibrationResult(table: CsvTable, opts: CalibrationOptions): JsonObject {
  const { frame, outcome, scoreColumn } = binaryFrame(table, opts);
  const predicted = probabilityVector(frame, scoreColumn);
  const c = calibration({ predicted, outcome });
  const result: JsonObject = {
    method: "logistic recalibration: glm(y ~ offset(logit p)) and glm(y ~ logit p)",
    data: table.file,
    ...counts(frame, outcome),
    mean_predicted: num(c.meanPredicted),
    observed_rate: num(c.observedRate),
    citl_intercept: num(c.citlIntercept),
    citl_intercept_se: num(c.citlInterceptSe),
    citl_intercept_lower: num(c.citlInterceptLower),
    citl_intercept_upper: num(c.citlInterceptUpper),
    slope: num(c.slope),
    slope_se: num(c.slopeSe),
    slope_lower: num(c.slopeLower),
    slope_upper: num(c.slopeUpper),
    intercept_with_slope: num(c.interceptWithSlope),
    intercept_with_slope_se: num(c.interceptWithSlopeSe),
  };
  if (opts.curve) {
    const curve = calibrationCurve({ predicted, outcome });
    result.curve = {
      method: "lowess(p, y, iter = 0) as rms::val.prob",
      predicted: nums(curve.predicted),
      observed: nums(curve.observed),
      eavg: num(curve.eavg),
      emax: num(curve.emax),
    };
  }
  return result;
}

export function dcaResult(table: CsvTable, opts: DcaOptions): JsonObject {
  const { frame, outcome, scoreColumn } = binaryFrame(table, opts);
  const d = decisionCurve({
    predicted: probabilityVector(frame, scoreColumn),
    outcome,
    thresholds: opts.thresholds,
  });
  return {
    method: "net benefit, treating patients with predicted risk ≥ threshold",
    data: table.file,
    ...counts(frame, outcome),
    prevalence: num(d.prevalence),
    threshold: d.points.map((p) => p.threshold),
    net_benefit: d.points.map((p) => num(p.netBenefit)),
    net_benefit_treat_all: d.points.map((p) => num(p.netBenefitTreatAll)),
    net_benefit_treat_none: d.points.map((p) => num(p.netBenefitTreatNone)),
  };
}

export function logisticResult(table: CsvTable, opts: LogisticOptions): JsonObject {
  const outcomeColumn = typedColumn(table, opts.outcome, "--outcome");
  const covariates = covariateColumns(table, opts.covariates, opts.categorical);
  const frame = completeCases(table, [outcomeColumn, ...covariates]);
  const outcome = binaryLabelVector(frame, outcomeColumn);
  const design = designMatrix(frame, covariates);
  const fit = logisticRegression({ outcome, x: design.x, names: design.names });
  const c = fit.coefficients;
  return {
    method: "logistic regression (IRLS, as glm(family = binomial)); Wald intervals",
    data: table.file,
    n: fit.n,
    n_event: fit.nEvents,
    n_dropped: frame.nDropped,
    coefficients: c.names.map((name, j) => ({
      name,
      coef: num(c.coef[j]!),
      se: num(c.se[j]!),
      z: num(c.z[j]!),
      p: num(c.p[j]!),
      lower: num(c.lower[j]!),
      upper: num(c.upper[j]!),
      or: num(c.oddsRatio[j]!),
      or_lower: num(c.oddsRatioLower[j]!),
      or_upper: num(c.oddsRatioUpper[j]!),
    })),
    deviance: num(fit.deviance),
    null_deviance: num(fit.nullDeviance),
    aic: num(fit.aic),
    iterations: fit.iterations,
    converged: fit.converged,
    warnings: [...design.warnings, ...fit.warnings],
  };
}

/** "from:to:by" → R's seq(from, to, by). */
function thresholdRange(value: string): number[] {
  const parts = value.split(":").map(Number);
  if (parts.length !== 3 || !parts.every(Number.isFinite)) {
    throw new InvalidArgumentError('expected "from:to:by", e.g. 0.05:0.5:0.05');
  }
  try {
    return thresholdSequence(parts[0]!, parts[1]!, parts[2]!);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function clampValue(value: string): number {
  const c = Number(value);
  if (!(c > 0 && c < 0.5))
    throw new InvalidArgumentError("the clamp must be a small probability, e.g. 1e-15");
  return c;
}

const text = {
  auc: (r: JsonObject) =>
    `AUC = ${fmt(r.auc)} (95% CI ${fmt(r.lower)}–${fmt(r.upper)}, DeLong); ${dropped(r)}, ${r.n_event} events\n` +
    (r.compare
      ? (() => {
          const c = r.compare as JsonObject;
          return `vs ${c.score}: AUC ${fmt(c.auc)}, difference ${fmt(c.difference)} (DeLong z = ${fmt(c.z)}, p = ${fmt(c.p)})\n`;
        })()
      : ""),
  brier: (r: JsonObject) =>
    `Brier score = ${fmt(r.brier)} (prevalence-only model ${fmt(r.brier_null)}); ${dropped(r)}\n`,
  logloss: (r: JsonObject) =>
    `log loss = ${fmt(r.log_loss)}${r.clamp === null ? "" : ` (${r.n_clamped} predictions clamped to [${fmt(r.clamp)}, 1 − ${fmt(r.clamp)}])`}; ${dropped(r)}\n`,
  calibration: (r: JsonObject) =>
    `Calibration; ${dropped(r)}, ${r.n_event} events; mean predicted ${fmt(r.mean_predicted)}, observed ${fmt(r.observed_rate)}\n` +
    `calibration-in-the-large (intercept) = ${fmt(r.citl_intercept)} (95% CI ${fmt(r.citl_intercept_lower)}–${fmt(r.citl_intercept_upper)})\n` +
    `calibration slope = ${fmt(r.slope)} (95% CI ${fmt(r.slope_lower)}–${fmt(r.slope_upper)}), intercept ${fmt(r.intercept_with_slope)}\n`,
  dca: (r: JsonObject) =>
    `Decision curve (net benefit); ${dropped(r)}, prevalence ${fmt(r.prevalence)}\n` +
    textTable(
      ["threshold", "model", "treat all", "treat none"],
      (r.threshold as number[]).map((t, i) => [
        t,
        (r.net_benefit as number[])[i]!,
        (r.net_benefit_treat_all as number[])[i]!,
        0,
      ]),
    ),
  logistic: (r: JsonObject) =>
    `Logistic regression; ${dropped(r)}, ${r.n_event} events\n` +
    textTable(
      ["", "coef", "se", "z", "p", "OR", "OR lower", "OR upper"],
      rowsOf(r.coefficients).map((c) => [c.name, c.coef, c.se, c.z, c.p, c.or, c.or_lower, c.or_upper]),
    ) +
    `deviance ${fmt(r.deviance)} (null ${fmt(r.null_deviance)}), AIC ${fmt(r.aic)}\n`,
};

export function registerBinaryCommands(stats: Command, action: StatsAction): void {
  const binary = (name: string, description: string) =>
    dataCommand(stats, name, description)
      .requiredOption("--label <column>", "the observed outcome: 0/1 or TRUE/FALSE")
      .requiredOption("--score <column>", "the predicted probability of the outcome (1)");

  binary("auc", "AUC with DeLong's confidence interval, optionally compared with a second score (pROC)")
    .option("--compare <column>", "a second score on the same patients: DeLong's test of the two AUCs")
    .action(action(text.auc, aucResult));
  binary("brier", "Brier score of predicted probabilities").action(action(text.brier, brierResult));
  binary("logloss", "log loss (mean negative log-likelihood) of predicted probabilities")
    .option("--clamp <eps>", "clamp predictions to [eps, 1 − eps] instead of refusing 0 and 1", clampValue)
    .action(action(text.logloss, logLossResult));
  binary(
    "calibration",
    "calibration-in-the-large, calibration slope and, with --curve, a lowess calibration curve",
  )
    .option("--curve", "add the smoothed calibration curve (lowess, as rms::val.prob)")
    .action(action(text.calibration, calibrationResult));
  binary("dca", "decision curve: net benefit of the model, of treating all and of treating none")
    .option("--thresholds <from:to:by>", "risk thresholds, as R's seq(from, to, by)", thresholdRange, [
      ...thresholdSequence(0.05, 0.5, 0.05),
    ])
    .action(action(text.dca, dcaResult));

  dataCommand(stats, "logistic", "logistic regression with Wald confidence intervals (R's glm, binomial)")
    .requiredOption("--outcome <column>", "the binary outcome: 0/1 or TRUE/FALSE")
    .requiredOption("--covariates <columns>", "comma-separated covariate columns", list)
    .option("--categorical <columns>", "covariates to treat as categorical even if numeric", list)
    .action(action(text.logistic, logisticResult));
}
