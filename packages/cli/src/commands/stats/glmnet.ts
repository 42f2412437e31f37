import {
  crossValidateCox,
  crossValidateLogistic,
  type ElasticNetCrossValidation,
  type ElasticNetPath,
  elasticNetCox,
  elasticNetLogistic,
  kFoldAssignment,
} from "@carta/stats";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type Column, typedColumn } from "../../table/columns.js";
import { type CsvTable, TableError } from "../../table/csvTable.js";
import {
  binaryLabelVector,
  completeCases,
  designMatrix,
  eventVector,
  numberVector,
  timeVector,
} from "../../table/modelFrame.js";
import { covariateColumns } from "./covariates.js";
import { type DataOptions, dataCommand, type StatsAction } from "./run.js";
import { dropped, fmt, type JsonObject, list, num, nums, textTable } from "./shared.js";

/**
 * `carta stats glmnet`: the elastic-net path of R's glmnet (family binomial or cox) with coefficients on
 * the original scale, solved to the KKT conditions within 1e-9 and, for Cox, on the textbook risk set
 * (docs/glmnet.md); with --folds or --foldid, cv.glmnet's cross-validated deviance, lambda.min and
 * lambda.1se.
 */

interface GlmnetOptions extends DataOptions {
  family: "binomial" | "cox";
  outcome?: string;
  time?: string;
  event?: string;
  covariates: string[];
  categorical?: string[];
  alpha: number;
  lambda?: number[];
  nlambda?: number;
  standardize: boolean;
  folds?: number;
  foldid?: string;
  seed: number;
}

function needs(value: string | undefined, message: string): string {
  if (value === undefined) throw new TableError(message);
  return value;
}

export function glmnetResult(table: CsvTable, opts: GlmnetOptions): JsonObject {
  const binomial = opts.family === "binomial";
  const outcomeColumns: Column[] = binomial
    ? [typedColumn(table, needs(opts.outcome, "--family binomial needs --outcome"), "--outcome")]
    : [
        typedColumn(table, needs(opts.time, "--family cox needs --time and --event"), "--time"),
        typedColumn(table, needs(opts.event, "--family cox needs --event"), "--event"),
      ];
  const covariates = covariateColumns(table, opts.covariates, opts.categorical);
  const foldColumn = opts.foldid ? typedColumn(table, opts.foldid, "--foldid") : null;
  const frame = completeCases(table, [...outcomeColumns, ...covariates, ...(foldColumn ? [foldColumn] : [])]);
  const design = designMatrix(frame, covariates);
  const common = {
    x: design.x,
    names: design.names,
    alpha: opts.alpha,
    lambda: opts.lambda,
    nLambda: opts.nlambda,
    standardize: opts.standardize,
  };
  const y = binomial ? binaryLabelVector(frame, outcomeColumns[0]!) : null;
  const time = binomial ? null : timeVector(frame, outcomeColumns[0]!);
  const event = binomial ? null : eventVector(frame, outcomeColumns[1]!);
  const n = frame.rows.length;

  let foldId: Uint32Array | Float64Array | null = null;
  if (foldColumn) {
    foldId = numberVector(frame, foldColumn, "expected a fold number 1…K");
  } else if (opts.folds !== undefined) {
    // Folds stratified by the outcome (binomial) or the event indicator (Cox), numbered 1…K as cv.glmnet's foldid.
    const assignment = kFoldAssignment({ n, k: opts.folds, seed: opts.seed, strata: binomial ? y! : event! });
    foldId = assignment.map((f) => f + 1);
  }

  let fit: ElasticNetPath;
  let cv: ElasticNetCrossValidation | null = null;
  if (foldId) {
    cv = binomial
      ? crossValidateLogistic({ ...common, y: y!, foldId })
      : crossValidateCox({ ...common, time: time!, event: event!, foldId });
    fit = cv.fit;
  } else {
    fit = binomial
      ? elasticNetLogistic({ ...common, y: y! })
      : elasticNetCox({ ...common, time: time!, event: event! });
  }
  const p = fit.p;
  const coefficients = Array.from(fit.lambda, (_, l) => {
    const row: JsonObject = binomial ? { "(Intercept)": num(fit.intercepts[l]!) } : {};
    fit.names.forEach((name, j) => {
      row[name] = num(fit.coefficients[l * p + j]!);
    });
    return row;
  });
  return {
    method: "elastic net by coordinate descent (glmnet's path), KKT-verified",
    family: fit.family,
    risk_set: fit.riskSet,
    ties: fit.ties,
    data: table.file,
    n: fit.n,
    n_event: fit.nEvent,
    n_dropped: frame.nDropped,
    alpha: fit.alpha,
    standardize: fit.standardize,
    lambda: nums(fit.lambda),
    df: Array.from(fit.df),
    dev_ratio: nums(fit.devRatio),
    kkt_violation: nums(fit.kktViolation),
    coefficients,
    stop: fit.stop,
    converged: fit.converged,
    cv: cv
      ? {
          measure: "deviance",
          n_folds: cv.nFolds,
          cvm: nums(cv.cvm),
          cvsd: nums(cv.cvsd),
          lambda_min: num(cv.lambdaMin),
          lambda_1se: num(cv.lambda1se),
          index_min: cv.indexMin,
          index_1se: cv.index1se,
        }
      : null,
    warnings: [...design.warnings, ...(cv ? cv.warnings : fit.warnings).map((w) => w.message)],
  };
}

function alphaValue(value: string): number {
  const a = Number(value);
  if (!(a >= 0 && a <= 1)) throw new InvalidArgumentError("alpha must be between 0 (ridge) and 1 (lasso)");
  return a;
}

function lambdaList(value: string): number[] {
  const values = value.split(",").map((s) => Number(s.trim()));
  if (values.some((v) => !(Number.isFinite(v) && v >= 0))) {
    throw new InvalidArgumentError(`"${value}": expected comma-separated penalties ≥ 0`);
  }
  return values;
}

function integerAtLeast(min: number) {
  return (value: string): number => {
    const k = Number(value);
    if (!Number.isInteger(k) || k < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return k;
  };
}

function glmnetText(r: JsonObject): string {
  const lambda = r.lambda as number[];
  const coefficients = r.coefficients as JsonObject[];
  const cv = r.cv as JsonObject | null;
  const chosen = cv ? [cv.index_min as number, cv.index_1se as number] : [lambda.length - 1];
  const names = Object.keys(coefficients[0] ?? {});
  return (
    `Elastic net (${r.family}, alpha ${fmt(r.alpha)}); ${dropped(r)}, ${lambda.length} lambdas, stop: ${r.stop}\n` +
    (cv
      ? `cross-validated deviance (${cv.n_folds} folds): lambda.min ${fmt(cv.lambda_min)}, lambda.1se ${fmt(cv.lambda_1se)}\n`
      : "") +
    textTable(
      ["", ...chosen.map((l) => `lambda ${fmt(lambda[l]!)}`)],
      names.map((name) => [name, ...chosen.map((l) => coefficients[l]![name]!)]),
    )
  );
}

export function registerGlmnetCommand(stats: Command, action: StatsAction): void {
  dataCommand(
    stats,
    "glmnet",
    "elastic-net logistic or Cox regression path, as R's glmnet, solved to KKT ≤ 1e-9",
  )
    .addOption(
      new Option("--family <family>", "binomial or cox").choices(["binomial", "cox"]).makeOptionMandatory(),
    )
    .option("--outcome <column>", "binary outcome (0/1 or TRUE/FALSE), for --family binomial")
    .option("--time <column>", "follow-up time, for --family cox")
    .option("--event <column>", "event column, for --family cox")
    .requiredOption("--covariates <columns>", "comma-separated covariate columns", list)
    .option("--categorical <columns>", "covariates to treat as categorical even if numeric", list)
    .option("--alpha <a>", "mixing: 1 = lasso, 0 = ridge", alphaValue, 1)
    .option("--lambda <l1,l2,…>", "penalties to fit (default: glmnet's sequence of 100)", lambdaList)
    .option("--nlambda <n>", "length of the default sequence", integerAtLeast(1))
    .option("--no-standardize", "penalise the coefficients on the covariates' own scales")
    .option(
      "--folds <k>",
      "cross-validate with k folds stratified by outcome (lambda.min, lambda.1se)",
      integerAtLeast(3),
    )
    .option("--foldid <column>", "cross-validate with the folds (1…K) in this column, as cv.glmnet's foldid")
    .option("--seed <n>", "seed of the --folds assignment", (v) => Number.parseInt(v, 10), 1)
    .action(action(glmnetText, glmnetResult));
}
