import { riskConcordance, timeDependentAuc, timeDependentBrier } from "@carta/stats";
import { type Command, InvalidArgumentError, Option } from "commander";
import { typedColumn } from "../../table/columns.js";
import { type CsvTable, TableError } from "../../table/csvTable.js";
import { completeCases, eventVector, numberVector, timeVector } from "../../table/modelFrame.js";
import { type DataOptions, dataCommand, type StatsAction } from "./run.js";
import { dropped, fmt, type JsonObject, num } from "./shared.js";

/**
 * `carta stats concordance` and `carta stats td-auc`: how well a risk score (higher = higher risk)
 * ranks survival times — Harrell's or Uno's C as survival::concordance computes them, and the
 * cumulative/dynamic AUC and Brier score at a horizon with inverse-probability-of-censoring weights
 * as riskRegression::Score computes them.
 */

interface RiskScoreOptions extends DataOptions {
  time: string;
  event: string;
  score: string;
}

interface ConcordanceOptions extends RiskScoreOptions {
  method: "harrell" | "uno";
  horizon?: number;
}

interface TdAucOptions extends RiskScoreOptions {
  horizon: number;
}

function horizonValue(value: string): number {
  const t = Number(value);
  if (!(Number.isFinite(t) && t > 0)) throw new InvalidArgumentError("the horizon must be a time > 0");
  return t;
}

function riskData(table: CsvTable, opts: RiskScoreOptions) {
  const timeColumn = typedColumn(table, opts.time, "--time");
  const eventColumn = typedColumn(table, opts.event, "--event");
  const scoreColumn = typedColumn(table, opts.score, "--score");
  const frame = completeCases(table, [timeColumn, eventColumn, scoreColumn]);
  const time = timeVector(frame, timeColumn);
  const event = eventVector(frame, eventColumn);
  const score = numberVector(frame, scoreColumn, "expected a risk score (higher = higher risk)");
  if (!event.includes(1)) {
    throw new TableError(
      `${table.file}, column "${opts.event}": no events among the ${time.length} rows used`,
    );
  }
  return { frame, time, event, score };
}

export function concordanceResult(table: CsvTable, opts: ConcordanceOptions): JsonObject {
  const { frame, time, event, score } = riskData(table, opts);
  const c = riskConcordance({ time, event, risk: score, method: opts.method, horizon: opts.horizon });
  return {
    method: c.method,
    timewt: c.timewt,
    horizon: c.ymax,
    data: table.file,
    n: c.n,
    n_event: event.reduce((a, b) => a + b, 0),
    n_dropped: frame.nDropped,
    concordance: num(c.concordance),
    std_err: num(c.stdErr),
    concordant: c.concordant,
    discordant: c.discordant,
    tied_risk: c.tiedX,
    tied_time: c.tiedY,
  };
}

export function tdAucResult(table: CsvTable, opts: TdAucOptions): JsonObject {
  const { frame, time, event, score } = riskData(table, opts);
  const horizons = [opts.horizon];
  const auc = timeDependentAuc({ time, event, horizons, risk: score });
  const probability = score.every((p) => p >= 0 && p <= 1);
  const brier = probability ? timeDependentBrier({ time, event, horizons, risk: score }) : null;
  return {
    method: "ipcw",
    censoring_model: "kaplan-meier",
    data: table.file,
    horizon: opts.horizon,
    n: auc.n,
    n_event: event.reduce((a, b) => a + b, 0),
    n_dropped: frame.nDropped,
    n_cases: auc.nCases[0]!,
    n_controls: auc.nControls[0]!,
    auc: num(auc.auc[0]!),
    auc_std_err: num(auc.stdErr[0]!),
    auc_lower: num(auc.lower[0]!),
    auc_upper: num(auc.upper[0]!),
    brier: brier ? num(brier.brier[0]!) : null,
    brier_std_err: brier ? num(brier.stdErr[0]!) : null,
    brier_null_model: brier ? num(brier.nullBrier[0]!) : null,
    ipa: brier ? brier.ipa[0]! : null,
    warnings: probability
      ? []
      : [
          `--score "${opts.score}" is not a probability (values outside 0–1): the Brier score needs the predicted risk by the horizon, so it is not reported`,
        ],
  };
}

const text = {
  concordance: (r: JsonObject) =>
    `${r.method === "uno" ? "Uno's" : "Harrell's"} C${r.horizon === null ? "" : ` up to ${fmt(r.horizon)}`}; ${dropped(r)}, ${r.n_event} events\n` +
    `C = ${fmt(r.concordance)} (se = ${fmt(r.std_err)}); concordant ${r.concordant}, discordant ${r.discordant}, tied risk ${fmt(r.tied_risk)}\n`,
  tdAuc: (r: JsonObject) =>
    `Time-dependent AUC and Brier score at ${fmt(r.horizon)} (IPCW, Kaplan–Meier censoring); ${dropped(r)}, ${r.n_cases} cases, ${r.n_controls} controls\n` +
    `AUC = ${fmt(r.auc)} (95% CI ${fmt(r.auc_lower)}–${fmt(r.auc_upper)})\n` +
    (r.brier === null
      ? ""
      : `Brier = ${fmt(r.brier)} (null model ${fmt(r.brier_null_model)}, IPA ${fmt(r.ipa)})\n`),
};

export function registerSurvivalValidationCommands(stats: Command, action: StatsAction): void {
  const riskCommand = (name: string, description: string) =>
    dataCommand(stats, name, description)
      .requiredOption("--time <column>", "follow-up time column (≥ 0)")
      .requiredOption("--event <column>", "event column: 0/1, 1/2 (2 = event) or TRUE/FALSE")
      .requiredOption("--score <column>", "risk score column: a higher score means higher risk");

  riskCommand("concordance", "Harrell's or Uno's concordance of a risk score (R's survival::concordance)")
    .addOption(
      new Option("--method <method>", "harrell (timewt n) or uno (timewt n/G2)")
        .choices(["harrell", "uno"])
        .default("harrell"),
    )
    .option("--horizon <time>", "count only events up to this time (survival's ymax)", horizonValue)
    .action(action(text.concordance, concordanceResult));

  riskCommand(
    "td-auc",
    "time-dependent AUC and Brier score at a horizon, inverse-probability-of-censoring weighted (riskRegression's Score)",
  )
    .requiredOption("--horizon <time>", "the prediction horizon", horizonValue)
    .action(action(text.tdAuc, tdAucResult));
}
