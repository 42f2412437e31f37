import {
  type CoxPhFit,
  coxPh,
  coxZph,
  cumulativeIncidence,
  fineGray,
  kaplanMeier,
  levelsOf,
  logRank,
  mergeNearTimes,
} from "@carta/stats";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type Column, typedColumn } from "../table/columns.js";
import { type CsvTable, TableError } from "../table/csvTable.js";
import {
  completeCases,
  designMatrix,
  eventVector,
  labelVector,
  type ModelFrame,
  statusVector,
  timeVector,
} from "../table/modelFrame.js";
import { registerBinaryCommands } from "./stats/binary.js";
import { covariateColumns } from "./stats/covariates.js";
import { registerGlmnetCommand } from "./stats/glmnet.js";
import { type DataOptions, dataCommand, statsAction } from "./stats/run.js";
import {
  dropped,
  fmt,
  type Json,
  type JsonObject,
  list,
  num,
  nums,
  processIo,
  rowsOf,
  type StatsIo,
  test,
  testLine,
  textTable,
} from "./stats/shared.js";
import { registerSurvivalValidationCommands } from "./stats/survivalValidation.js";

/**
 * `carta stats km | logrank | cox | cox-zph | cif | finegray`: survival and competing-risks
 * analyses of a CSV file, one JSON document out (--json) with snake_case fields, each the
 * @carta/stats result serialised as R reports it. R's NA — and any NaN or infinity — is null.
 * Rows with a missing value in a used column are dropped and counted (n_dropped); bad input stops
 * with a message naming the file, column and row.
 */

function causeCode(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("the cause must be a positive integer status code");
  return n;
}

function noEvents(frame: ModelFrame, column: string): TableError {
  return new TableError(
    `${frame.table.file}, column "${column}": no events among the ${frame.rows.length} rows used; nothing to estimate`,
  );
}

function frameOf(table: CsvTable, used: (Column | null)[]): ModelFrame {
  return completeCases(
    table,
    used.filter((c): c is Column => c !== null),
  );
}

// ---- km ----------------------------------------------------------------------------------------

interface KmOptions extends DataOptions {
  time: string;
  event: string;
  group?: string;
}

export function kmResult(table: CsvTable, opts: KmOptions): JsonObject {
  const timeColumn = typedColumn(table, opts.time, "--time");
  const eventColumn = typedColumn(table, opts.event, "--event");
  const groupColumn = opts.group ? typedColumn(table, opts.group, "--group") : null;
  const frame = frameOf(table, [timeColumn, eventColumn, groupColumn]);
  // survfit merges near-identical times over the whole data before splitting it by group.
  const time = mergeNearTimes(timeVector(frame, timeColumn));
  const event = eventVector(frame, eventColumn);
  const levels = groupColumn ? levelsOf(labelVector(frame, groupColumn), groupColumn.name) : null;
  const nGroups = levels ? levels.labels.length : 1;
  const warnings: string[] = [];
  let totalEvents = 0;
  for (const e of event) totalEvents += e;
  if (totalEvents === 0)
    warnings.push("no events: every survival estimate is 1 and the median is not reached");
  const groups: Json[] = [];
  for (let g = 0; g < nGroups; g++) {
    const members: number[] = [];
    for (let k = 0; k < time.length; k++) if (!levels || levels.codes[k] === g) members.push(k);
    const km = kaplanMeier({
      time: Float64Array.from(members, (k) => time[k]!),
      event: Uint8Array.from(members, (k) => event[k]!),
    });
    const c = km.curve;
    groups.push({
      group: levels ? levels.labels[g]! : null,
      n: km.n,
      time: nums(c.time),
      n_risk: Array.from(c.nRisk),
      n_event: Array.from(c.nEvent),
      n_censor: Array.from(c.nCensor),
      survival: nums(c.survival),
      std_err: nums(c.stdErr),
      lower: nums(c.lower),
      upper: nums(c.upper),
      median: km.median.estimate,
      median_lower: km.median.lower,
      median_upper: km.median.upper,
    });
  }
  return {
    method: "kaplan-meier",
    conf_type: "log",
    conf_level: 0.95,
    error: "greenwood",
    data: table.file,
    n: time.length,
    n_event: totalEvents,
    n_dropped: frame.nDropped,
    groups,
    warnings,
  };
}

// ---- logrank -----------------------------------------------------------------------------------

interface LogRankOptions extends DataOptions {
  time: string;
  event: string;
  group: string;
  strata?: string;
}

export function logRankResult(table: CsvTable, opts: LogRankOptions): JsonObject {
  const timeColumn = typedColumn(table, opts.time, "--time");
  const eventColumn = typedColumn(table, opts.event, "--event");
  const groupColumn = typedColumn(table, opts.group, "--group");
  const strataColumn = opts.strata ? typedColumn(table, opts.strata, "--strata") : null;
  const frame = frameOf(table, [timeColumn, eventColumn, groupColumn, strataColumn]);
  const time = timeVector(frame, timeColumn);
  const event = eventVector(frame, eventColumn);
  if (!event.includes(1)) throw noEvents(frame, eventColumn.name);
  const group = labelVector(frame, groupColumn);
  const groupLabels = levelsOf(group, groupColumn.name).labels;
  if (groupLabels.length < 2) {
    throw new TableError(
      `${table.file}, column "${groupColumn.name}": a single group ("${groupLabels[0]}") among the rows used; ` +
        "the log-rank test compares two or more",
    );
  }
  const fit = logRank({
    time,
    event,
    group,
    strata: strataColumn ? labelVector(frame, strataColumn) : undefined,
  });
  return {
    method: fit.method,
    rho: fit.rho,
    data: table.file,
    chisq: num(fit.chisq),
    df: fit.df,
    p: num(fit.p),
    n: time.length,
    n_dropped: frame.nDropped,
    groups: fit.groups.map((label, g) => ({
      group: label,
      n: fit.n[g]!,
      observed: num(fit.observed[g]!),
      expected: num(fit.expected[g]!),
    })),
    strata: fit.strata ? fit.strata.labels : null,
  };
}

// ---- cox and cox-zph ---------------------------------------------------------------------------

interface CoxOptions extends DataOptions {
  time: string;
  event: string;
  covariates: string[];
  ties: "efron" | "breslow";
  strata?: string;
  cluster?: string;
  categorical?: string[];
}

function fitCox(table: CsvTable, opts: CoxOptions): { fit: CoxPhFit; frame: ModelFrame; warnings: string[] } {
  const timeColumn = typedColumn(table, opts.time, "--time");
  const eventColumn = typedColumn(table, opts.event, "--event");
  const covariates = covariateColumns(table, opts.covariates, opts.categorical);
  const strataColumn = opts.strata ? typedColumn(table, opts.strata, "--strata") : null;
  const clusterColumn = opts.cluster ? typedColumn(table, opts.cluster, "--cluster") : null;
  const frame = frameOf(table, [timeColumn, eventColumn, ...covariates, strataColumn, clusterColumn]);
  const time = timeVector(frame, timeColumn);
  const event = eventVector(frame, eventColumn);
  if (!event.includes(1)) throw noEvents(frame, eventColumn.name);
  const design = designMatrix(frame, covariates);
  const fit = coxPh({
    time,
    event,
    x: design.x,
    names: design.names,
    terms: design.terms,
    ties: opts.ties,
    strata: strataColumn ? labelVector(frame, strataColumn) : undefined,
    cluster: clusterColumn ? labelVector(frame, clusterColumn) : undefined,
  });
  return { fit, frame, warnings: [...design.warnings, ...fit.warnings] };
}

export function coxResult(table: CsvTable, opts: CoxOptions): JsonObject {
  const { fit, frame, warnings } = fitCox(table, opts);
  const c = fit.coefficients;
  return {
    method: fit.method,
    ties: fit.ties,
    variance_type: fit.variance_type,
    data: table.file,
    n: fit.n,
    n_event: fit.nEvent,
    n_dropped: frame.nDropped,
    strata: fit.strata,
    n_cluster: fit.nCluster,
    coefficients: coefficientRows(c),
    loglik_null: num(fit.loglikNull),
    loglik: num(fit.loglik),
    lr_test: test(fit.tests.likelihoodRatio),
    wald_test: test(fit.tests.wald),
    score_test: test(fit.tests.score),
    robust_score_test: fit.tests.robustScore ? test(fit.tests.robustScore) : null,
    concordance: num(fit.concordance.concordance),
    concordance_std_err: num(fit.concordance.stdErr),
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
  };
}

export function coxZphResult(table: CsvTable, opts: CoxOptions): JsonObject {
  const { fit, frame, warnings } = fitCox(table, opts);
  const zph = coxZph(fit);
  const t = zph.table;
  const last = t.names.length - 1;
  return {
    method: zph.method,
    transform: zph.transform,
    ties: fit.ties,
    data: table.file,
    n: fit.n,
    n_event: fit.nEvent,
    n_dropped: frame.nDropped,
    terms: t.names.slice(0, last).map((name, i) => ({
      name,
      chisq: num(t.chisq[i]!),
      df: t.df[i]!,
      p: num(t.p[i]!),
    })),
    global: { chisq: num(t.chisq[last]!), df: t.df[last]!, p: num(t.p[last]!) },
    warnings,
  };
}

// ---- cif ---------------------------------------------------------------------------------------

interface CifOptions extends DataOptions {
  time: string;
  status: string;
  group?: string;
  strata?: string;
}

export function cifResult(table: CsvTable, opts: CifOptions): JsonObject {
  const timeColumn = typedColumn(table, opts.time, "--time");
  const statusColumn = typedColumn(table, opts.status, "--status");
  const groupColumn = opts.group ? typedColumn(table, opts.group, "--group") : null;
  const strataColumn = opts.strata ? typedColumn(table, opts.strata, "--strata") : null;
  if (strataColumn && !groupColumn)
    throw new TableError(`${table.file}: --strata needs --group (it stratifies Gray's test)`);
  const frame = frameOf(table, [timeColumn, statusColumn, groupColumn, strataColumn]);
  const time = timeVector(frame, timeColumn);
  const status = statusVector(frame, statusColumn);
  if (status.every((s) => s === 0)) throw noEvents(frame, statusColumn.name);
  const result = cumulativeIncidence({
    time,
    status,
    group: groupColumn ? labelVector(frame, groupColumn) : undefined,
    strata: strataColumn ? labelVector(frame, strataColumn) : undefined,
  });
  const warnings: string[] = [];
  if (result.groups && result.groups.length < 2) {
    warnings.push(`a single group ("${result.groups[0]}") among the rows used: no Gray's test`);
  }
  for (const t of result.tests ?? []) warnings.push(...t.warnings);
  return {
    method: result.method,
    variance_type: result.variance_type,
    data: table.file,
    n: result.n,
    n_dropped: frame.nDropped,
    causes: result.curves.map((c) => ({
      cause: c.cause,
      group: c.group,
      n: c.n,
      n_event: c.nEvent,
      max_time: c.maxTime,
      time: nums(c.time),
      cumulative_incidence: nums(c.estimate),
      std_err: nums(c.stdErr),
    })),
    gray_test: result.tests
      ? result.tests.map((t) => ({ cause: t.cause, chisq: num(t.chisq), df: t.df, p: num(t.p) }))
      : null,
    warnings,
  };
}

// ---- finegray ----------------------------------------------------------------------------------

interface FineGrayOptions extends DataOptions {
  time: string;
  status: string;
  cause: number;
  covariates: string[];
  categorical?: string[];
}

export function fineGrayResult(table: CsvTable, opts: FineGrayOptions): JsonObject {
  const timeColumn = typedColumn(table, opts.time, "--time");
  const statusColumn = typedColumn(table, opts.status, "--status");
  const covariates = covariateColumns(table, opts.covariates, opts.categorical);
  const frame = frameOf(table, [timeColumn, statusColumn, ...covariates]);
  const time = timeVector(frame, timeColumn);
  const status = statusVector(frame, statusColumn);
  if (!status.includes(opts.cause)) {
    throw new TableError(
      `${table.file}, column "${statusColumn.name}": no events of cause ${opts.cause} among the ${frame.rows.length} rows used`,
    );
  }
  const design = designMatrix(frame, covariates);
  const fit = fineGray({ time, status, cause: opts.cause, x: design.x, names: design.names });
  const c = fit.coefficients;
  return {
    method: fit.method,
    ties: fit.ties,
    variance_type: fit.variance_type,
    cause: fit.cause,
    data: table.file,
    n: fit.n,
    n_event: fit.nEvent,
    n_competing: fit.nCompeting,
    n_censored: fit.nCensored,
    n_dropped: frame.nDropped,
    coefficients: coefficientRows(c),
    loglik_null: num(fit.loglikNull),
    loglik: num(fit.loglik),
    lr_test: test(fit.tests.likelihoodRatio),
    wald_test: test(fit.tests.wald),
    iterations: fit.iterations,
    converged: fit.converged,
    warnings: [...design.warnings, ...fit.warnings],
  };
}

function coefficientText(title: string, r: JsonObject): string {
  return (
    `${title}; ${dropped(r)}, ${r.n_event} events\n` +
    textTable(
      ["", "coef", "hr", "se", "robust se", "z", "p", "hr lower", "hr upper"],
      rowsOf(r.coefficients).map((c) => [
        c.name,
        c.coef,
        c.hr,
        c.se,
        c.robust_se,
        c.z,
        c.p,
        c.hr_lower,
        c.hr_upper,
      ]),
    ) +
    testLine("Likelihood ratio test", r.lr_test) +
    testLine("Wald test", r.wald_test) +
    (r.score_test ? testLine("Score (log-rank) test", r.score_test) : "") +
    (r.concordance !== undefined
      ? `Concordance = ${fmt(r.concordance)} (se = ${fmt(r.concordance_std_err)})\n`
      : "")
  );
}

const text = {
  km: (r: JsonObject) =>
    `Kaplan–Meier, log-transformed 95% CI, Greenwood SE; ${dropped(r)}, ${r.n_event} events\n` +
    textTable(
      ["group", "n", "events", "median", "0.95LCL", "0.95UCL"],
      rowsOf(r.groups).map((g) => [
        g.group ?? "all",
        g.n,
        (g.n_event as number[]).reduce((a, b) => a + b, 0),
        g.median,
        g.median_lower,
        g.median_upper,
      ]),
    ),
  logrank: (r: JsonObject) =>
    textTable(
      ["group", "n", "observed", "expected"],
      rowsOf(r.groups).map((g) => [g.group, g.n, g.observed, g.expected]),
    ) +
    testLine(`Log-rank test${r.strata ? " (stratified)" : ""}`, r) +
    `${dropped(r)}\n`,
  cox: (r: JsonObject) => coefficientText(`Cox model, ${r.ties} ties`, r),
  finegray: (r: JsonObject) =>
    coefficientText(`Fine–Gray subdistribution hazards for cause ${r.cause} (pseudo-likelihood)`, r),
  "cox-zph": (r: JsonObject) =>
    `Proportional-hazards test (cox.zph, ${r.transform} time transform); ${dropped(r)}\n` +
    textTable(
      ["", "chisq", "df", "p"],
      [
        ...rowsOf(r.terms).map((t) => [t.name, t.chisq, t.df, t.p]),
        ["GLOBAL", (r.global as JsonObject).chisq, (r.global as JsonObject).df, (r.global as JsonObject).p],
      ],
    ),
  cif: (r: JsonObject) =>
    `Cumulative incidence (Aalen–Johansen); ${dropped(r)}\n` +
    textTable(
      ["cause", "group", "n", "events", "last time", "incidence", "std err"],
      rowsOf(r.causes).map((c) => {
        const times = c.time as number[];
        const last = times.length - 1;
        return [
          c.cause,
          c.group ?? "all",
          c.n,
          c.n_event,
          last >= 0 ? times[last]! : null,
          last >= 0 ? (c.cumulative_incidence as Json[])[last]! : 0,
          last >= 0 ? (c.std_err as Json[])[last]! : 0,
        ];
      }),
    ) +
    (r.gray_test
      ? rowsOf(r.gray_test)
          .map((t) => testLine(`Gray's test, cause ${t.cause}`, t))
          .join("")
      : ""),
};

// ---- commands ----------------------------------------------------------------------------------

export function registerStatsCommand(program: Command, io: StatsIo = processIo): Command {
  const stats = program
    .command("stats")
    .description(
      "survival, competing-risks and prediction-validation analyses of a CSV file, computed as R computes them",
    );

  const action = statsAction(io);
  const run = <O extends DataOptions>(
    kind: keyof typeof text,
    compute: (table: CsvTable, opts: O) => JsonObject,
  ) => action(text[kind], compute);

  const base = (name: string, description: string) =>
    dataCommand(stats, name, description).requiredOption("--time <column>", "follow-up time column (≥ 0)");

  base("km", "Kaplan–Meier curves with Greenwood SE, log-transformed 95% CI and median (R's survfit)")
    .requiredOption("--event <column>", "event column: 0/1, 1/2 (2 = event) or TRUE/FALSE")
    .option("--group <column>", "one curve per value of this column")
    .action(run("km", kmResult));

  base("logrank", "log-rank test between groups, optionally stratified (R's survdiff)")
    .requiredOption("--event <column>", "event column: 0/1, 1/2 (2 = event) or TRUE/FALSE")
    .requiredOption("--group <column>", "the groups compared")
    .option("--strata <column>", "compare the groups within strata of this column")
    .action(run("logrank", logRankResult));

  const coxOptions = (name: string, description: string, kind: "cox" | "cox-zph") =>
    base(name, description)
      .requiredOption("--event <column>", "event column: 0/1, 1/2 (2 = event) or TRUE/FALSE")
      .requiredOption("--covariates <columns>", "comma-separated covariate columns", list)
      .addOption(
        new Option("--ties <method>", "handling of tied event times")
          .choices(["efron", "breslow"])
          .default("efron"),
      )
      .option("--strata <column>", "a separate baseline hazard per value of this column")
      .option("--cluster <column>", "robust standard errors clustered by this column (e.g. center)")
      .option("--categorical <columns>", "covariates to treat as categorical even if numeric", list)
      .action(run(kind, kind === "cox" ? coxResult : coxZphResult));

  coxOptions("cox", "Cox proportional-hazards regression (R's coxph)", "cox");
  coxOptions(
    "cox-zph",
    "test of proportional hazards on a Cox fit (R's cox.zph, KM time transform)",
    "cox-zph",
  );

  base("finegray", "Fine–Gray subdistribution-hazards regression for one cause (R's cmprsk::crr)")
    .requiredOption("--status <column>", "status column: 0 = censored, 1..k = cause of the event")
    .requiredOption("--cause <code>", "the cause modelled; other causes compete", causeCode)
    .requiredOption("--covariates <columns>", "comma-separated covariate columns", list)
    .option("--categorical <columns>", "covariates to treat as categorical even if numeric", list)
    .action(run("finegray", fineGrayResult));

  base(
    "cif",
    "cumulative incidence of competing risks, Aalen–Johansen, with Gray's test (R's cmprsk::cuminc)",
  )
    .requiredOption("--status <column>", "status column: 0 = censored, 1..k = cause of the event")
    .option("--group <column>", "one curve per group and cause, and Gray's test between groups")
    .option("--strata <column>", "stratify Gray's test by this column")
    .action(run("cif", cifResult));

  registerSurvivalValidationCommands(stats, action);
  registerBinaryCommands(stats, action);
  registerGlmnetCommand(stats, action);
  return stats;
}

/** One row per coefficient, as R prints summary(coxph) / crr: the same fields for Cox and Fine–Gray. */
function coefficientRows(c: {
  names: readonly string[];
  coef: ArrayLike<number>;
  se: ArrayLike<number>;
  robustSe: ArrayLike<number> | null;
  z: ArrayLike<number>;
  p: ArrayLike<number>;
  hr: ArrayLike<number>;
  hrLower: ArrayLike<number>;
  hrUpper: ArrayLike<number>;
}) {
  return c.names.map((name, j) => ({
    name,
    coef: num(c.coef[j]!),
    se: num(c.se[j]!),
    robust_se: c.robustSe ? num(c.robustSe[j]!) : null,
    z: num(c.z[j]!),
    p: num(c.p[j]!),
    hr: num(c.hr[j]!),
    hr_lower: num(c.hrLower[j]!),
    hr_upper: num(c.hrUpper[j]!),
  }));
}
